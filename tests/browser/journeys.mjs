// Burgerstem journeys on a phone (360 × 740): what each role does end to end, checked in a real
// browser, with axe-core's WCAG 2.0/2.1 A and AA rules on every page state visited.
//
//   1. A citizen brings in an item with JavaScript off and switches language and display halfway
//      through the guided form: the step and everything typed survive, then the item is submitted.
//   2. A council member prepares the next meeting: the panel's own words, who and when, how long it
//      waited, what is late and on no agenda; the print of the agenda.
//   3. Staff cannot record minutes before the meeting begins (no form, a notice, a 409 that keeps
//      the words).
//   4. A visitor without an account finds the signal form and the public items, opens one and its
//      timeline, and sees no person's name.
//   5. Forms sent back empty or too long: a named, focused error summary whose lines start with the
//      field's name, state limits, counts and latest dates, link to fields that exist, and keep
//      what was typed.
//   6. Phone layout: a low header, status pills, date fields of 44 px with their format, with and
//      without larger letters.
//   7. Home pages per role and the inbox grouped by item.
// See README.md beside this file.
//
// Run: node tests/browser/journeys.mjs   (after `cargo build` and `npm ci --prefix tests/browser`)
// Env: BURGERSTEM_BIN      the binary (default target/debug/burgerstem)
//      CHROMIUM            the browser (default /usr/bin/chromium)
//      JOURNEY_ARTIFACTS   where screenshots go (default tests/artifacts/journeys)
//      DOC_SCREENS=1       also (re)make the documentation screenshots in docs/screens/
//      JOURNEYS=1,5        only these journeys (numbers as below; 2 finds the meeting 3 and 6 use)
//
// It starts its own server on a free port with a fresh data directory and the demo zone, and
// stops it at the end. It prints `N passed, M failed` last and exits 1 on any failure.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const BIN = path.resolve(root, process.env.BURGERSTEM_BIN || 'target/debug/burgerstem');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Its own folder (not BROWSER_ARTIFACTS): a11y.mjs empties that one, and cargo test runs both at once.
const ARTIFACTS = path.resolve(root, process.env.JOURNEY_ARTIFACTS || 'tests/artifacts/journeys');
const DOC_SCREENS = process.env.DOC_SCREENS ? path.join(root, 'docs/screens') : null;
const PASSWORD = 'demostreek-2026';
const PHONE = { width: 360, height: 740 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DEADLINE_MS = 5 * 60 * 1000;

const ACCOUNTS = {
  citizen: 'an@demostreek.example',
  staff: 'medewerker@demostreek.example',
  council: 'zorgraad@demostreek.example',
};
const CITIZEN_NAME = 'An Peeters';
const NEW_ITEM = '/zones/DEMO/items/new?panel=burgerplatform';
const PUBLIC_SIGNAL = '/zones/DEMO/signals/new';
const ITEM_PATH = /^\/items\/\d+$/;

// ---------------------------------------------------------------------------------------------
// Bookkeeping

let passed = 0;
let failed = 0;
const failures = [];
let axeRuns = 0;
let shotNo = 0;
const T0 = Date.now();

function section(title) {
  console.log(`\n# ${title}  [${((Date.now() - T0) / 1000).toFixed(1)} s]`);
}
function pass(name) {
  passed++;
  console.log(`  ok    ${name}${process.env.JOURNEYS_TIMES ? `  [${((Date.now() - T0) / 1000).toFixed(1)} s]` : ''}`);
}
function fail(name, why) {
  failed++;
  failures.push(`${name}: ${why}`);
  console.log(`  FAIL  ${name}: ${why}`);
}
async function check(name, fn) {
  try {
    await fn();
    pass(name);
    return true;
  } catch (e) {
    fail(name, e && e.message ? e.message.split('\n')[0] : String(e));
    return false;
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function slug(s) {
  return s.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'root';
}
function squash(s) {
  return (s || '').replace(/\s+/g, ' ').trim();
}
async function shot(page, name) {
  const file = path.join(ARTIFACTS, `${String(++shotNo).padStart(3, '0')}-${slug(name)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    console.log(`  (screenshot ${name} failed: ${e.message})`);
  }
  return file;
}

// ---------------------------------------------------------------------------------------------
// The server (as in a11y.mjs: a fresh data directory, the demo zone, a free port)

function freshServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'burgerstem-journeys-'));
  const db = `sqlite://${dir}/db.sqlite`;
  const env = {
    ...process.env,
    ROCKET_PORT: '0',
    ROCKET_ADDRESS: '127.0.0.1',
    ROCKET_DATA_DIR: dir,
    ROCKET_TEMPLATE_DIR: path.join(root, 'templates'),
    ROCKET_STATIC_DIR: path.join(root, 'static'),
    ROCKET_LOG_LEVEL: 'normal',
    ROCKET_REQUIRE_SECOND_FACTOR: 'false',
    NO_COLOR: '1',
  };
  const demo = spawnSync(BIN, ['demo', '--database', db], { env, cwd: root, encoding: 'utf8' });
  if (demo.status !== 0) {
    throw new Error(`\`burgerstem demo\` failed (${demo.status}): ${demo.stderr || demo.stdout}`);
  }
  const child = spawn(BIN, ['serve', '--database', db], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk.toString();
      // Burgerstem's own line ("Burgerstem is listening … links=http://…", or as JSON), or Rocket's.
      // eslint-disable-next-line no-control-regex
      const m = log.replace(/\x1b\[[0-9;]*m/g, '').match(/(?:\blinks=|"links":"|launched from )(https?:\/\/[^\s"]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${log}`));
    });
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`\nthe server stopped by itself (exit ${code}, signal ${signal}); its last output:\n${log.split('\n').slice(-30).join('\n')}`);
  });
  const stop = () => {
    stopping = true;
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const stopAndWait = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(stop());
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(stop());
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(stop());
      });
      stopping = true;
      child.kill('SIGTERM');
    });
  return { url, stop, stopAndWait };
}

// ---------------------------------------------------------------------------------------------
// Page helpers

let BASE = '';
let browser = null;
/** Pages whose context runs without JavaScript: axe is run on a copy of them (see axe()). */
const noScript = new WeakSet();

async function newPage({ js = true } = {}) {
  const context = await browser.newContext({ viewport: PHONE, locale: 'nl-BE', javaScriptEnabled: js });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  if (!js) noScript.add(page);
  page.on('response', (res) => {
    if (res.status() >= 500) fail(`HTTP ${res.status()}`, `${res.request().method()} ${res.url()}`);
  });
  return { context, page };
}

async function go(page, p) {
  return page.goto(BASE + p, { waitUntil: 'load' });
}

/** Clicks (or presses a key) and waits for the page it leads to. */
async function andWait(page, action) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  return res;
}

async function currentPath(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

async function mainText(page) {
  return squash(await page.innerText('main'));
}

/** Logs in and makes sure the pages are in Dutch (the language is remembered per account). */
async function login(page, email) {
  await go(page, '/login');
  await page.fill('#field-email', email);
  await page.fill('#field-password', PASSWORD);
  await andWait(page, () => page.locator('main form button[type=submit]').click());
  assert((await page.locator('form[action="/logout"]').count()) >= 1, `${email} is not logged in, on ${await currentPath(page)}`);
  if ((await page.getAttribute('html', 'lang')) !== 'nl') await chooseLanguage(page, 'nl');
}

/**
 * Clicks a language button the way a person on a phone does: open the header's "Menu" (a
 * <details>, no script needed), then the button. Works for the plain language form and for the
 * buttons that submit the page's own form (name="ctl.lang").
 */
async function chooseLanguage(page, lang) {
  const menu = page.locator('header details.menu-narrow');
  let scope = page.locator('header .nav-wide');
  if ((await menu.count()) && (await menu.isVisible())) {
    if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
    assert((await menu.getAttribute('open')) !== null, 'the header menu did not open');
    scope = menu;
  }
  const button = scope.locator(`button[value="${lang}"]:is([name="lang"], [name="ctl.lang"])`);
  assert((await button.count()) === 1, `no ${lang} language button in the header menu`);
  await andWait(page, () => button.click());
  const got = await page.getAttribute('html', 'lang');
  assert(got === lang, `after choosing ${lang} the page says lang="${got}"`);
}

/** Sets "Grotere letters" and "Meer contrast" in the footer and saves them (any kind of page). */
async function setDisplay(page, large, contrast = large) {
  const footer = page.locator('footer.site-footer');
  await footer.locator('#display-large').setChecked(large);
  await footer.locator('#display-contrast').setChecked(contrast);
  await andWait(page, () => footer.locator('button:is([type=submit], :not([type]))').last().click());
  const cls = (await page.getAttribute('body', 'class')) || '';
  assert(cls.includes('text-large') === large && cls.includes('high-contrast') === contrast, `body class is "${cls}"`);
}

let axeHelper = null;
/**
 * axe-core on the page as it is now. axe needs timers, which do not run in a page without
 * JavaScript; such a page is copied (its HTML, at its address, with the server's style sheets)
 * into a page that has JavaScript, at the same size, and checked there.
 */
async function axe(page, label) {
  axeRuns++;
  const name = `axe: ${label}`;
  try {
    let target = page;
    if (noScript.has(page)) {
      if (!axeHelper) {
        const ctx = await browser.newContext({ viewport: PHONE, locale: 'nl-BE' });
        axeHelper = await ctx.newPage();
      }
      const html = await page.content();
      const url = page.url().split('#')[0];
      await axeHelper.setViewportSize(page.viewportSize());
      await axeHelper.unrouteAll();
      await axeHelper.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await axeHelper.goto(url, { waitUntil: 'load' });
      target = axeHelper;
    }
    if (!(await target.evaluate(() => typeof window.axe === 'object'))) await target.evaluate(AXE_SOURCE);
    const results = await target.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const v = results.violations;
    if (v.length === 0) return pass(name);
    await shot(target, `VIOLATION ${label}`);
    fail(
      name,
      `${page.url()}: ` +
        v.map((r) => `${r.id} (${r.impact}) ×${r.nodes.length}: ${r.help} [${r.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}]`).join('; '),
    );
  } catch (e) {
    fail(name, `axe did not run: ${e.message.split('\n')[0]}`);
  }
}

/** The error summary's text, or "" when there is none (without waiting for one). */
async function summaryText(page) {
  const s = page.locator('.error-summary');
  return (await s.count()) ? squash(await s.first().innerText()) : '';
}

/** The hidden step number of the guided form. */
async function guidedStep(page) {
  const step = page.locator('#guided-form input[type=hidden][name=step]');
  return (await step.count()) ? step.inputValue() : '';
}

/** Where a documentation screenshot goes (only with DOC_SCREENS set). */
async function docShot(page, file) {
  if (!DOC_SCREENS) return;
  await page.screenshot({ path: path.join(DOC_SCREENS, file), fullPage: true });
  console.log(`  (docs/screens/${file})`);
}

// ---------------------------------------------------------------------------------------------
// 1. The guided flow, without JavaScript: language and display switched halfway

const GUIDED = {
  kind: 'proposal',
  title: 'Een rustige wachtruimte voor mensen met dementie',
  text: 'In de wachtzaal van de huisartsenwachtpost is het druk en luid.\nMensen met dementie raken er in paniek; een apart hoekje zou helpen.',
};
const state = { guidedItem: null, meetingPath: null, agendaNames: [] };

async function guidedJourney() {
  section('1. Citizen, JavaScript off: the guided form keeps step and words across language and display switches');
  const { context, page } = await newPage({ js: false });
  try {
    if (!(await check('citizen logs in (no JavaScript)', () => login(page, ACCOUNTS.citizen)))) return;
    const ok1 = await check('step 1: kind and title, on to step 2', async () => {
      await go(page, NEW_ITEM);
      assert((await guidedStep(page)) === '1', `the form shows step ${await guidedStep(page)}`);
      await axe(page, 'guided step 1');
      await page.check(`#kind-${GUIDED.kind}`);
      await page.fill('#field-title', GUIDED.title);
      await andWait(page, () => page.locator('#guided-form button[name=go][value=next]').click());
      assert((await guidedStep(page)) === '2', `after "Volgende stap" the form shows step ${await guidedStep(page)}`);
      assert((await page.locator('#field-text').count()) === 1, 'step 2 has no #field-text');
      await page.fill('#field-text', GUIDED.text);
      await axe(page, 'guided step 2, text typed');
    });
    if (!ok1) return;
    /** What must hold after each switch: the same step, the words, the title and kind carried. */
    const kept = async (lang, stepText) => {
      assert(ITEM_PATH.test(await currentPath(page)) === false, `the switch created an item: ${await currentPath(page)}`);
      assert((await page.getAttribute('html', 'lang')) === lang, `the page is in ${await page.getAttribute('html', 'lang')}, not ${lang}`);
      assert((await guidedStep(page)) === '2', `the form went to step ${await guidedStep(page)}`);
      const progress = squash(await page.locator('main .progress').innerText());
      assert(progress.includes(stepText), `the progress line says "${progress}", not "${stepText}"`);
      const text = await page.inputValue('#field-text');
      assert(text === GUIDED.text, `the text field holds ${JSON.stringify(text)}`);
      const title = await page.inputValue('#guided-form input[name=title]');
      assert(title === GUIDED.title, `the title carried is ${JSON.stringify(title)}`);
      const kind = await page.inputValue('#guided-form input[name=kind]');
      assert(kind === GUIDED.kind, `the kind carried is ${JSON.stringify(kind)}`);
    };
    await check('the header "Menu" → Français: same step, same words, in French', async () => {
      await chooseLanguage(page, 'fr');
      await kept('fr', 'Étape 2 sur 4');
      await shot(page, 'guided step 2 in French');
      await axe(page, 'guided step 2 after switching to French');
    });
    await check('"Grotere letters" + "Meer contrast", saved: same step, same words', async () => {
      const footer = page.locator('footer.site-footer');
      await footer.locator('#display-large').check();
      await footer.locator('#display-contrast').check();
      const save = footer.locator('button[name="ctl.display"]');
      assert((await save.count()) === 1, 'the display save button does not submit the guided form (no name="ctl.display")');
      assert((await save.getAttribute('form')) === 'guided-form', `the display save button has form="${await save.getAttribute('form')}"`);
      await andWait(page, () => save.click());
      const cls = (await page.getAttribute('body', 'class')) || '';
      assert(cls.includes('text-large') && cls.includes('high-contrast'), `body class is "${cls}"`);
      await kept('fr', 'Étape 2 sur 4');
      await shot(page, 'guided step 2 French, larger letters and contrast');
      await axe(page, 'guided step 2, French, larger letters and more contrast');
    });
    await check('guided step 2 with larger letters: header at most 123 px high', () => headerLowEnough(page));
    await check('on to the review and submit: the item page shows the words', async () => {
      for (let i = 0; i < 4 && (await guidedStep(page)) !== '4'; i++) {
        await andWait(page, () => page.locator('#guided-form button[name=go][value=next]').click());
        assert(!(await page.isVisible('.error-summary')), `the form refused: ${await summaryText(page)}`);
        if ((await guidedStep(page)) === '3') await axe(page, 'guided step 3 (fr, larger letters)');
      }
      assert((await guidedStep(page)) === '4', `the form never reached step 4 (at ${await guidedStep(page)})`);
      const review = await page.locator('main blockquote.citizen-text').innerText();
      assert(squash(review) === squash(GUIDED.text), `the review shows ${JSON.stringify(review)}`);
      await axe(page, 'guided step 4, review (fr, larger letters)');
      await andWait(page, () => page.locator('#guided-form button[name=go][value=submit]').click());
      const p = await currentPath(page);
      assert(ITEM_PATH.test(p), `submitting led to ${p}: ${await summaryText(page)}`);
      state.guidedItem = p;
      assert((await page.textContent('h1')).includes(GUIDED.title), 'the item page does not show the title');
      const words = await page.locator('main .citizen-text').first().textContent();
      assert(words === GUIDED.text, `the item page shows ${JSON.stringify(words)}`);
      assert(await page.isVisible('main .status-submitted'), 'the item is not shown as submitted');
      await shot(page, 'guided item submitted');
      await axe(page, 'item page after submitting (fr, larger letters)');
    });
  } finally {
    // The language is remembered on the account: back to Dutch for the other journeys.
    await check('citizen back to Dutch', () => chooseLanguage(page, 'nl')).catch(() => {});
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The council prepares the next meeting

async function councilJourney() {
  section('2. Council member: the next meeting with the panels’ own words; its print');
  const { context, page } = await newPage();
  try {
    if (!(await check('council member logs in', () => login(page, ACCOUNTS.council)))) return;
    await check('home page: "De volgende vergadering" links to the meeting', async () => {
      await go(page, '/');
      const main = await mainText(page);
      assert(main.includes('De volgende vergadering'), 'the home page has no "De volgende vergadering"');
      const href = await page.evaluate(() => {
        const h = [...document.querySelectorAll('main h2, main h3')].find((e) => e.textContent.trim() === 'De volgende vergadering');
        if (!h) return null;
        for (let el = h.nextElementSibling; el && !/^H[23]$/.test(el.tagName); el = el.nextElementSibling) {
          const a = el.matches('a[href^="/meetings/"]') ? el : el.querySelector('a[href^="/meetings/"]');
          if (a) return a.getAttribute('href');
        }
        return null;
      });
      assert(href && /^\/meetings\/\d+$/.test(href), `no meeting link under "De volgende vergadering" (${href})`);
      state.meetingPath = href;
      await axe(page, 'council home');
    });
    if (!state.meetingPath) return;
    let agenda = [];
    await check('meeting page: each agenda item shows the words, who, when and how long it waited', async () => {
      await go(page, state.meetingPath);
      agenda = await page.$$eval('main li.agenda-item', (lis) =>
        lis.map((li) => ({
          id: li.id,
          link: li.querySelector('a[href^="/items/"]')?.getAttribute('href'),
          text: li.innerText.replace(/\s+/g, ' ').trim(),
          words: li.querySelector('blockquote.citizen-text')?.textContent ?? null,
        })),
      );
      assert(agenda.length >= 1, 'the next meeting has no agenda items (li.agenda-item)');
      for (const a of agenda) {
        assert(a.text.includes('De woorden van het panel, zoals ingediend'), `${a.link}: no "De woorden van het panel, zoals ingediend"`);
        assert(a.words && a.words.trim().length > 0, `${a.link}: no blockquote.citizen-text with the words`);
        const by = a.text.match(/Ingebracht door (.+?) \((.+?)\) op (\d{1,2} \S+ \d{4})/);
        assert(by, `${a.link}: no "Ingebracht door <name> (<panel>) op <date>" in "${a.text.slice(0, 200)}"`);
        state.agendaNames.push(by[1]);
        assert(/Wacht al \d+ dagen? sinds het indienen/.test(a.text), `${a.link}: no "Wacht al N dagen sinds het indienen"`);
      }
      await shot(page, 'council meeting page');
      await docShot(page, 'meeting-council.png');
      await axe(page, 'meeting page (council, before the meeting)');
    });
    await check('the agenda shows exactly the words on the item page', async () => {
      const a = agenda[0];
      assert(a && a.link, 'no agenda item');
      await go(page, a.link);
      const words = await page.locator('main .citizen-text').first().textContent();
      assert(words === a.words, `the agenda shows ${JSON.stringify(a.words)}, the item ${JSON.stringify(words)}`);
      await go(page, state.meetingPath);
    });
    await check('"Te laat en nog op geen enkele agenda": late items not on this agenda', async () => {
      const late = await page.evaluate(() => {
        const h = [...document.querySelectorAll('main h2')].find((e) => e.textContent.trim() === 'Te laat en nog op geen enkele agenda');
        if (!h) return null;
        const sec = h.closest('section') || h.parentElement;
        return [...sec.querySelectorAll('li')].map((li) => ({
          link: li.querySelector('a[href^="/items/"]')?.getAttribute('href'),
          text: li.innerText.replace(/\s+/g, ' ').trim(),
        }));
      });
      if (late === null) {
        console.log('        (no late items on no agenda in this run)');
        return;
      }
      assert(late.length >= 1, 'the section is there but lists nothing');
      const onAgenda = new Set(agenda.map((a) => a.link));
      for (const l of late) {
        assert(l.link, `a late line without a link: ${l.text}`);
        assert(!onAgenda.has(l.link), `${l.link} is on the agenda and in the late list`);
        assert(/Te laat: \d+ dag/.test(l.text), `${l.link}: does not say how late ("${l.text}")`);
      }
    });
    await check('no minutes form and the "not begun" notice for the council', async () => {
      assert((await page.locator('main form[action$="/minutes"]').count()) === 0, 'the council sees a minutes form');
      assert(/De vergadering begint op .+\. Het verslag en de besluiten noteert u vanaf dan\./.test(await mainText(page)), 'no "De vergadering begint op …" notice');
    });
    await check('the print shows the words and no decision', async () => {
      await go(page, `${state.meetingPath}/print`);
      const text = await page.innerText('body');
      for (const a of agenda) assert(squash(text).includes(squash(a.words)), `the print lacks the words of ${a.link}`);
      assert(!text.includes('Besluit van de zorgraad'), 'the print of a meeting not yet held says "Besluit van de zorgraad"');
      await shot(page, 'council meeting print');
      await axe(page, 'meeting print');
    });
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Staff: no minutes before the meeting begins

async function staffJourney() {
  section('3. Staff: the future meeting has no minutes form; posting minutes is refused (409)');
  const { context, page } = await newPage();
  try {
    if (!(await check('staff logs in', () => login(page, ACCOUNTS.staff)))) return;
    if (!state.meetingPath) {
      fail('staff journey', 'the council journey found no next meeting');
      return;
    }
    await check('the future meeting: a notice, no minutes form', async () => {
      await go(page, state.meetingPath);
      assert((await page.locator('main form[action$="/minutes"]').count()) === 0, 'staff sees a minutes form before the meeting begins');
      const main = await mainText(page);
      assert(/De vergadering begint op .+\. Het verslag en de besluiten noteert u vanaf dan\./.test(main), 'no "De vergadering begint op … Het verslag en de besluiten noteert u vanaf dan." notice');
      await axe(page, 'meeting page (staff, before the meeting)');
    });
    await check('POST minutes before the meeting: 409, the words kept, nothing recorded', async () => {
      const item = await page.$eval('main li.agenda-item', (li) => li.id.replace(/^agenda-/, ''));
      const csrf = await page.locator('input[name=csrf]').first().inputValue();
      const summary = 'Dit verslag komt te vroeg en mag niet bewaard worden';
      const res = await page.request.post(`${BASE}${state.meetingPath}/minutes`, {
        form: { item, summary, csrf },
        maxRedirects: 0,
      });
      assert(res.status() === 409, `HTTP ${res.status()}, expected 409`);
      const body = await res.text();
      assert(body.includes(summary), 'the 409 page does not keep the words sent');
      await go(page, state.meetingPath);
      assert(!(await page.innerText('main')).includes(summary), 'the refused minutes show on the meeting page');
    });
    await check('staff home: "Te laat" lists late items', async () => {
      await go(page, '/');
      const late = await listUnderHeading(page, 'Te laat');
      assert(late !== null, 'no "Te laat" heading on the staff home page');
      assert(late >= 1, '"Te laat" lists no items');
      await docShot(page, 'home-staff.png');
      await axe(page, 'staff home');
    });
  } finally {
    await context.close();
  }
}

/** The number of list items between a heading with exactly this text and the next heading. */
async function listUnderHeading(page, heading) {
  return page.evaluate((heading) => {
    const h = [...document.querySelectorAll('main h2, main h3')].find((e) => e.textContent.trim() === heading);
    if (!h) return null;
    let n = 0;
    for (let el = h.nextElementSibling; el && !/^H[1-3]$/.test(el.tagName); el = el.nextElementSibling) n += el.querySelectorAll('li').length;
    return n;
  }, heading);
}

// ---------------------------------------------------------------------------------------------
// 4. A visitor without an account

async function visitorJourney() {
  section('4. Visitor: the signal form and the public items, without names of people');
  const { context, page } = await newPage();
  try {
    await check('the start page links to the signal form and the public page', async () => {
      await go(page, '/');
      const signal = page.locator('main a', { hasText: 'Een signaal geven in ELZ Demostreek' });
      assert((await signal.count()) >= 1, 'no link "Een signaal geven in ELZ Demostreek"');
      assert((await signal.first().getAttribute('href')) === PUBLIC_SIGNAL, `it leads to ${await signal.first().getAttribute('href')}`);
      const pub = page.locator('main a', { hasText: 'ELZ Demostreek: openbare punten en cijfers' });
      assert((await pub.count()) >= 1, 'no link "ELZ Demostreek: openbare punten en cijfers"');
      assert((await pub.first().getAttribute('href')) === '/zones/DEMO/public', `it leads to ${await pub.first().getAttribute('href')}`);
      await docShot(page, 'home-visitor.png');
      await axe(page, 'visitor home');
      await andWait(page, () => signal.first().click());
      assert((await currentPath(page)) === PUBLIC_SIGNAL, `the signal link led to ${await currentPath(page)}`);
      assert((await page.locator('main form textarea#field-text').count()) === 1, 'the signal form has no text field');
      await axe(page, 'visitor signal form');
    });
    let items = [];
    await check('the public page lists items as links to /items/<id>', async () => {
      await go(page, '/');
      await andWait(page, () => page.locator('main a[href="/zones/DEMO/public"]').first().click());
      items = [...new Set(await page.$$eval('main a[href^="/items/"]', (as) => as.map((a) => a.getAttribute('href'))))];
      assert(items.length >= 1, 'the public page links to no item');
      for (const h of items) assert(ITEM_PATH.test(h), `a public item link is ${h}`);
      await axe(page, 'public zone page');
    });
    const names = [...new Set([CITIZEN_NAME, ...state.agendaNames])];
    for (const href of items) {
      await check(`${href} opens for the visitor, with its timeline, and names no person`, async () => {
        const res = await go(page, href);
        assert(res.status() === 200, `HTTP ${res.status()}`);
        assert((await currentPath(page)) === href, `redirected to ${await currentPath(page)}`);
        const text = await page.innerText('body');
        for (const n of names) assert(!text.includes(n), `the public item page shows "${n}"`);
        const decided = (await page.locator('main .status-decided, main .status-in-follow-up, main .status-closed, main .status-postponed').count()) > 0;
        if (decided) assert(text.includes('Het antwoord van de zorgraad'), 'a decided item without "Het antwoord van de zorgraad"');
        await axe(page, `public item ${href} (visitor)`);
        const tl = page.locator(`main a[href="${href}/timeline"]`);
        assert((await tl.count()) >= 1, 'no link to the timeline');
        const r2 = await andWait(page, () => tl.first().click());
        assert(r2.status() === 200 && (await currentPath(page)) === `${href}/timeline`, `the timeline led to ${await currentPath(page)} (HTTP ${r2.status()})`);
        const tt = await page.innerText('body');
        for (const n of names) assert(!tt.includes(n), `the public timeline shows "${n}"`);
        assert((await page.locator('main ol.timeline > li').count()) >= 1, 'the timeline shows no events');
        await axe(page, `public timeline ${href} (visitor)`);
      });
    }
    await check('DEMO-2026-0002 (decided) shows "Het antwoord van de zorgraad" to the visitor', async () => {
      const href = await itemHref(page, 'DEMO-2026-0002', items);
      assert(href, 'DEMO-2026-0002 is not on the public page');
      await go(page, href);
      assert((await mainText(page)).includes('Het antwoord van de zorgraad'), 'no "Het antwoord van de zorgraad"');
    });
  } finally {
    await context.close();
  }
}

/** The /items/<id> link of a reference among the given links (opens each until found). */
async function itemHref(page, reference, hrefs) {
  for (const h of hrefs) {
    await go(page, h);
    if ((await page.innerText('main')).includes(reference)) return h;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// 5. Forms sent back: a named, focused summary

/**
 * The error summary after a refused form: it exists, has the focus (id "error-summary",
 * autofocus), each line for a field starts with a short name and ": ", each expected pattern is
 * there, every link leads to an element that exists, and the fields hold what was typed.
 */
async function summaryIsRight(page, { expect = [], kept = {} }) {
  assert((await page.locator('.error-summary').count()) === 1, `no .error-summary (at ${await currentPath(page)}, HTTP page "${squash(await page.title())}")`);
  // Autofocus is applied at the next rendering opportunity.
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary', null, { timeout: 3000 }).catch(() => {});
  const info = await page.evaluate(() => {
    const s = document.querySelector('.error-summary');
    return {
      id: s.id,
      autofocus: s.hasAttribute('autofocus'),
      focused: document.activeElement === s,
      active: document.activeElement ? `${document.activeElement.tagName.toLowerCase()}#${document.activeElement.id}` : 'none',
      lines: [...s.querySelectorAll('li')].map((li) => ({ text: li.textContent.replace(/\s+/g, ' ').trim(), linked: !!li.querySelector('a[href^="#"]') })),
      links: [...s.querySelectorAll('a[href^="#"]')].map((a) => {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        return { id, exists: !!document.getElementById(id) };
      }),
    };
  });
  // Every problem at once, so that one does not hide the next.
  const problems = [];
  if (info.id !== 'error-summary') problems.push(`the summary's id is "${info.id}"`);
  if (!info.autofocus) problems.push('the summary has no autofocus attribute');
  if (!info.focused) problems.push(`the focus is on ${info.active}, not on the summary`);
  if (info.lines.length === 0) problems.push('the summary lists nothing');
  for (const l of info.lines) {
    if (l.linked && !/^[^:]{1,40}: \S/.test(l.text)) problems.push(`a summary line does not start with a field name and ": ": "${l.text}"`);
  }
  const all = info.lines.map((l) => l.text).join(' | ');
  for (const re of expect) if (!re.test(all)) problems.push(`the summary does not match ${re}: "${all}"`);
  const missing = info.links.filter((l) => !l.exists).map((l) => `#${l.id}`);
  if (missing.length) problems.push(`summary links to missing elements: ${missing.join(', ')}`);
  for (const [sel, value] of Object.entries(kept)) {
    const got = await page.inputValue(sel);
    const show = (v) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}… (${v.length} chars)` : v);
    if (got !== value) problems.push(`${sel} holds ${show(got)}, not what was typed, ${show(value)}`);
  }
  console.log(`        summary: ${all.length > 200 ? `${all.slice(0, 200)}…` : all}`);
  assert(problems.length === 0, problems.join('; '));
  return all;
}

/** Types a value past a field's maxlength, as a paste or an old browser would send it. */
async function typeLong(page, sel, value) {
  await page.locator(sel).evaluate((el, v) => {
    el.value = v;
  }, value);
}

/** Exactly n characters of words, ending in a letter (the server trims spaces at the ends). */
function longText(n, words) {
  const s = words.repeat(Math.ceil(n / words.length) + 1).slice(0, n - 1);
  return `${s}x`;
}
const LONG_300 = longText(300, 'Een titel die veel te lang is. ');
const LONG_5001 = longText(5001, 'Een signaal dat te lang is. ');

async function formsJourney() {
  section('5. Forms sent back empty or too long: a named, focused summary that keeps the words');
  const citizen = await newPage();
  const visitor = await newPage();
  const staff = await newPage();
  try {
    const cp = citizen.page;
    if (await check('citizen logs in', () => login(cp, ACCOUNTS.citizen))) {
      await check('guided step 1 sent empty', async () => {
        await go(cp, NEW_ITEM);
        await andWait(cp, () => cp.locator('#guided-form button[name=go][value=next]').click());
        await summaryIsRight(cp, { expect: [/(^|\| )Titel: /], kept: { '#field-title': '' } });
        await shot(cp, 'forms guided step 1 empty');
        await axe(cp, 'guided step 1 sent back empty');
      });
      await check('guided step 1 with a 300-character title', async () => {
        await go(cp, NEW_ITEM);
        await cp.check(`#kind-${GUIDED.kind}`);
        await typeLong(cp, '#field-title', LONG_300);
        await andWait(cp, () => cp.locator('#guided-form button[name=go][value=next]').click());
        await summaryIsRight(cp, { expect: [/Titel: .*hoogstens 200 tekens; u schreef er 300/], kept: { '#field-title': LONG_300 } });
        await axe(cp, 'guided step 1 sent back too long');
      });
    }
    const vp = visitor.page;
    await check('public signal form sent empty', async () => {
      await go(vp, PUBLIC_SIGNAL);
      await andWait(vp, () => vp.locator('main form button[type=submit]').click());
      await summaryIsRight(vp, { expect: [/(^|\| )[^:|]{1,40}: /], kept: { '#field-text': '' } });
      await axe(vp, 'public signal form sent back empty');
    });
    await check('public signal form with 5001 characters', async () => {
      await go(vp, PUBLIC_SIGNAL);
      await vp.fill('#field-text', LONG_5001);
      await andWait(vp, () => vp.locator('main form button[type=submit]').click());
      await summaryIsRight(vp, { expect: [/hoogstens 5[.\u202f\u00a0 ]?000 tekens; u schreef er 5[.\u202f\u00a0 ]?001/], kept: { '#field-text': LONG_5001 } });
      await shot(vp, 'forms signal too long');
      await axe(vp, 'public signal form sent back too long');
    });
    const sp = staff.page;
    if (await check('staff logs in', () => login(sp, ACCOUNTS.staff))) {
      await check('acknowledge with 2099-12-31: the summary names the latest allowed date', async () => {
        const item = state.guidedItem || (await firstSubmitted(sp));
        assert(item, 'no submitted item to acknowledge');
        await go(sp, `${item}/act/acknowledge`);
        assert((await sp.locator('main #field-due').count()) === 1, `no due date field on ${item}/act/acknowledge`);
        await dateFieldsOk(sp);
        await sp.fill('main #field-due', '2099-12-31');
        await andWait(sp, () => sp.locator('main form button[type=submit]').last().click());
        await summaryIsRight(sp, { expect: [/Datum: .*kies uiterlijk \S*\d/], kept: { '#field-due': '2099-12-31' } });
        await dateFieldsOk(sp);
        await shot(sp, 'forms acknowledge too late');
        await axe(sp, 'acknowledge sent back with a date past the maximum');
      });
      await check('planning a meeting sent empty', async () => {
        await go(sp, '/zones/DEMO/meetings');
        const form = sp.locator('main form[action="/zones/DEMO/meetings"]');
        assert((await form.count()) === 1, 'no meeting planning form on /zones/DEMO/meetings');
        await andWait(sp, () => form.locator('button[type=submit]').click());
        await summaryIsRight(sp, { expect: [/(^|\| )[^:|]{1,40}: /] });
        await axe(sp, 'meeting planning sent back empty');
      });
      await check('a consultation sent empty', async () => {
        await go(sp, '/zones/DEMO/consultations/new');
        await dateFieldsOk(sp);
        await andWait(sp, () => sp.locator('main form button[type=submit]').last().click());
        await summaryIsRight(sp, { expect: [/(^|\| )Titel: /], kept: { '#field-title': '' } });
        await axe(sp, 'consultation sent back empty');
      });
      await check('a consultation with a 300-character title', async () => {
        await go(sp, '/zones/DEMO/consultations/new');
        await typeLong(sp, '#field-title', LONG_300);
        const question = 'Hoe maken we het onthaal beter bereikbaar?';
        await sp.fill('#field-question', question);
        await andWait(sp, () => sp.locator('main form button[type=submit]').last().click());
        await summaryIsRight(sp, { expect: [/Titel: .*hoogstens 200 tekens; u schreef er 300/], kept: { '#field-title': LONG_300, '#field-question': question } });
        await shot(sp, 'forms consultation title too long');
        await axe(sp, 'consultation sent back too long');
      });
    }
  } finally {
    await citizen.context.close();
    await visitor.context.close();
    await staff.context.close();
  }
}

/** An item the staff can acknowledge: the first one on the staff home's late list. */
async function firstSubmitted(page) {
  await go(page, '/');
  return page.locator('main li.item-row a[href^="/items/"]').first().getAttribute('href');
}

/** Every date field is at least 44 px high and its label says "(dag/maand/jaar)". */
async function dateFieldsOk(page) {
  const bad = await page.$$eval('input[type=date]', (els) =>
    els
      .map((el) => {
        const h = el.getBoundingClientRect().height;
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : el.closest('label');
        const text = label ? label.textContent.replace(/\s+/g, ' ') : '';
        const out = [];
        if (h < 44) out.push(`#${el.id} is ${h.toFixed(1)} px high`);
        if (!text.includes('(dag/maand/jaar)')) out.push(`the label of #${el.id} ("${text.trim()}") lacks "(dag/maand/jaar)"`);
        return out.join(', ');
      })
      .filter(Boolean),
  );
  assert(bad.length === 0, bad.join('; '));
}

// ---------------------------------------------------------------------------------------------
// 6. Phone layout, with and without larger letters

async function headerLowEnough(page) {
  const h = await page.$eval('header.site-header', (e) => e.getBoundingClientRect().height);
  const limit = PHONE.height / 6;
  assert(h <= limit, `header.site-header is ${h.toFixed(1)} px high at ${PHONE.width}×${PHONE.height} (at most ${limit.toFixed(1)}) on ${page.url()}`);
}

async function statusPillsOk(page) {
  const info = await page.evaluate(() => {
    const input = document.querySelector('main input[type=text], main textarea, footer input[type=checkbox]');
    const inputBorder = input ? getComputedStyle(input).borderTopWidth : null;
    const bad = [];
    const els = [...document.querySelectorAll('.status')];
    for (const el of els) {
      const cs = getComputedStyle(el);
      const bg = cs.backgroundColor;
      const transparent = bg === 'transparent' || /rgba\(.*,\s*0\)$/.test(bg);
      const sides = ['Top', 'Right', 'Bottom', 'Left'].filter((s) => cs[`border${s}Style`] !== 'none' && cs[`border${s}Width`] === '2px');
      if (transparent) bad.push(`"${el.textContent.trim()}" has a transparent background`);
      if (sides.length) bad.push(`"${el.textContent.trim()}" has a 2px border (${sides.join(', ')})`);
    }
    return { n: els.length, bad, inputBorder };
  });
  assert(info.bad.length === 0, info.bad.join('; '));
  return info.n;
}

/**
 * No word in the tables under `scope` is split over two lines, except where it may be (at a
 * hyphen or a soft hyphen). Equal fixed columns broke "Burgerplatform" and "Aantal" in two on a
 * phone, which reads as two words.
 */
async function wordsWhole(page, scope) {
  const broken = await page.evaluate((scope) => {
    const out = [];
    for (const cell of document.querySelectorAll(`${scope} th, ${scope} td, ${scope} caption`)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.data.matchAll(/[^\s\-\u00ad]+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          // A word's pieces on different lines; an empty box at a line's end is not a piece.
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 1).map((x) => Math.round(x.top)));
          if (lines.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  }, scope);
  const cells = await page.locator(`${scope} td`).count();
  assert(cells > 0, `no table cells under ${scope}`);
  assert(broken.length === 0, `words broken in two: ${broken.join(', ')}`);
}

/**
 * One page state of the phone layout: axe, then the header's height and, apart, the status
 * pills, date fields and sideways scrolling (two checks, so that one failing does not hide the
 * other).
 */
async function layoutChecks(page, p, label, { needDate = false, screenshot = false } = {}) {
  const opened = await check(`${label}: opens`, async () => {
    const res = await go(page, p);
    assert(res.status() === 200, `${p}: HTTP ${res.status()}`);
    if (screenshot) await shot(page, `layout ${label}`);
  });
  if (!opened) return;
  await axe(page, label);
  await check(`${label}: header at most ${(PHONE.height / 6).toFixed(0)} px high`, () => headerLowEnough(page));
  await check(`${label}: status pills, date fields${needDate ? ' (at least one)' : ''}, no sideways scrolling`, async () => {
    const problems = [];
    for (const f of [statusPillsOk, dateFieldsOk]) await f(page).catch((e) => problems.push(e.message));
    if (needDate && (await page.locator('input[type=date]').count()) === 0) problems.push(`${p} has no date field`);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    if (sw > PHONE.width) {
      const wide = await page.evaluate((limit) => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > limit + 0.5 && out.length < 4) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)})`);
        }
        // Text can run out of a box that itself fits: name the words too.
        const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n && out.length < 8; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          const right = range.getBoundingClientRect().right;
          if (right > limit + 0.5) out.push(`text "${n.data.trim().slice(0, 40)}" in ${n.parentElement.tagName.toLowerCase()} (right edge ${Math.round(right)})`);
        }
        return out;
      }, PHONE.width);
      problems.push(`${p} scrolls sideways (scrollWidth ${sw}; widest: ${wide.join(', ')})`);
    }
    assert(problems.length === 0, problems.join('; '));
  });
}

async function layoutJourney() {
  section('6. Phone layout at 360 × 740: header, status pills, date fields, with and without larger letters');
  const citizen = await newPage();
  try {
    const page = citizen.page;
    if (!(await check('citizen logs in', () => login(page, ACCOUNTS.citizen)))) return;
    const pages = [
      ['start page', '/'],
      ['item page', state.guidedItem || '/items/2'],
      // The demo's item with an action, whose heading holds "zaterdagvoormiddag": wider than a
      // card at larger letters.
      ['item page with an action', '/items/2'],
      ['guided flow', NEW_ITEM],
      ['meeting page', state.meetingPath || '/zones/DEMO/meetings'],
    ];
    for (const large of [false, true]) {
      const how = large ? 'larger letters, more contrast' : 'normal letters';
      if (!(await check(`citizen sets ${how}`, async () => {
        await go(page, '/');
        await setDisplay(page, large);
      }))) continue;
      for (const [name, p] of pages) await layoutChecks(page, p, `citizen ${name} (${how})`, { screenshot: large });
    }
    await check('citizen back to normal letters', async () => {
      await go(page, '/');
      await setDisplay(page, false);
    });
  } finally {
    await citizen.context.close();
  }
  const staff = await newPage();
  try {
    const page = staff.page;
    if (!(await check('staff logs in', () => login(page, ACCOUNTS.staff)))) return;
    const ack = state.guidedItem ? `${state.guidedItem}/act/acknowledge` : null;
    for (const large of [false, true]) {
      const how = large ? 'larger letters, more contrast' : 'normal letters';
      if (!(await check(`staff sets ${how}`, async () => {
        await go(page, '/');
        await setDisplay(page, large);
      }))) continue;
      if (ack) await layoutChecks(page, ack, `staff acknowledge form (${how})`, { needDate: true });
      await layoutChecks(page, '/zones/DEMO/consultations/new', `staff consultation form (${how})`, { needDate: true });
      await layoutChecks(page, '/zones/DEMO/report', `staff report (${how})`, { screenshot: !large });
      // At larger letters on 360 px some must break; at normal letters none of the demo's.
      if (!large) {
        await check('staff report: no word in its tables broken in two', () => wordsWhole(page, '.report-section'));
        // On a desk too, where the tables used to stand beside their charts in less room.
        await check('staff report at 1280 px: no word in its tables broken in two', async () => {
          await page.setViewportSize({ width: 1280, height: 900 });
          try {
            await go(page, '/zones/DEMO/report');
            await wordsWhole(page, '.report-section');
          } finally {
            await page.setViewportSize(PHONE);
          }
        });
      }
    }
  } finally {
    await staff.context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Home pages and the inbox

async function homeJourney() {
  section('7. Home pages per role; the inbox grouped by item');
  const { context, page } = await newPage();
  try {
    if (!(await check('citizen logs in', () => login(page, ACCOUNTS.citizen)))) return;
    let unread = null;
    await check('citizen home: "Wat er van u gevraagd wordt" with at least one task', async () => {
      await go(page, '/');
      const n = await listUnderHeading(page, 'Wat er van u gevraagd wordt');
      assert(n !== null, 'no "Wat er van u gevraagd wordt" on the citizen home page');
      assert(n >= 1, '"Wat er van u gevraagd wordt" lists no task');
      const summary = squash(await page.locator('header details.menu-narrow > summary').innerText());
      const m = summary.match(/^Menu \((\d+)/);
      assert(m, `the phone menu says "${summary}", not "Menu (N …)"`);
      unread = Number(m[1]);
      await docShot(page, 'home-citizen.png');
      await axe(page, 'citizen home');
    });
    let groups = 0;
    await check('inbox: one entry per item, each with an h2.inbox-subject, fewer than the new messages in them', async () => {
      await go(page, '/berichten');
      groups = await page.locator('main ul.inbox > li').count();
      const subjects = await page.locator('main ul.inbox > li h2.inbox-subject').count();
      assert(groups >= 1, 'the inbox shows no groups');
      assert(subjects === groups, `${groups} entries but ${subjects} h2.inbox-subject`);
      // "3 nieuw" on each entry: the messages grouped under it.
      const news = await page.$$eval('main ul.inbox > li .tag-new', (els) => els.map((e) => parseInt(e.textContent, 10) || 0));
      const messages = news.reduce((a, b) => a + b, 0);
      assert(groups < messages, `${groups} entries for ${messages} new messages ("N nieuw" on the entries)`);
      await axe(page, 'citizen inbox');
    });
    // The menu counts items with news, not messages: one per entry of the inbox.
    await check('inbox: the count in "Menu (N)" is the number of items with news', async () => {
      assert(unread !== null, 'no unread count from the menu');
      assert(groups === unread, `${groups} entries in /berichten, and the menu says "Menu (${unread})"`);
    });
    if (DOC_SCREENS) {
      await check('docs: item with an answer', async () => {
        await go(page, '/zones/DEMO');
        const href = await page.evaluate(() => [...document.querySelectorAll('main a[href^="/items/"]')].find((a) => a.textContent.includes('DEMO-2026-0002'))?.getAttribute('href'));
        assert(href, 'DEMO-2026-0002 not on the zone page');
        await go(page, href);
        assert((await mainText(page)).includes('Het antwoord van de zorgraad'), 'no answer on DEMO-2026-0002');
        await docShot(page, 'item-answer.png');
      });
      await check('docs: guided step 2 after switching to French', async () => {
        await go(page, NEW_ITEM);
        await page.check(`#kind-${GUIDED.kind}`);
        await page.fill('#field-title', GUIDED.title);
        await andWait(page, () => page.locator('#guided-form button[name=go][value=next]').click());
        await page.fill('#field-text', GUIDED.text);
        await chooseLanguage(page, 'fr');
        assert((await page.inputValue('#field-text')) === GUIDED.text, 'the text was lost');
        await docShot(page, 'guided-language-switch.png');
        await chooseLanguage(page, 'nl');
      });
    }
  } finally {
    await context.close();
  }
  const council = await newPage();
  try {
    if (!(await check('council member logs in', () => login(council.page, ACCOUNTS.council)))) return;
    await check('council home: "De volgende vergadering"', async () => {
      await go(council.page, '/');
      assert((await listUnderHeading(council.page, 'De volgende vergadering')) !== null, 'no "De volgende vergadering" heading');
      await docShot(council.page, 'home-council.png');
    });
  } finally {
    await council.context.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.log(`\nFAIL: the journeys took longer than ${DEADLINE_MS / 1000} s`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, DEADLINE_MS);
  watchdog.unref();

  if (!existsSync(BIN)) throw new Error(`no binary at ${BIN}: run \`cargo build\` or set BURGERSTEM_BIN`);
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  if (DOC_SCREENS) mkdirSync(DOC_SCREENS, { recursive: true });

  const server = freshServer();
  process.on('exit', () => server.stop());
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  BASE = await server.url;
  console.log(`server: ${BASE} (${BIN})`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-crash-reporter', '--disable-breakpad'],
  });
  console.log(`browser: Chromium ${browser.version()}`);
  try {
    // The home pages first, before the other journeys add messages and items.
    const journeys = [
      [7, homeJourney],
      [1, guidedJourney],
      [2, councilJourney],
      [3, staffJourney],
      [4, visitorJourney],
      [5, formsJourney],
      [6, layoutJourney],
    ];
    const only = (process.env.JOURNEYS || '').split(',').filter(Boolean).map(Number);
    for (const [n, run] of journeys) if (!only.length || only.includes(n)) await run();
  } finally {
    await browser.close();
    await server.stopAndWait();
  }

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nscreenshots in ${path.relative(root, ARTIFACTS) || ARTIFACTS}${DOC_SCREENS ? ' and docs/screens' : ''}`);
  if (failures.length) {
    console.log(`\nfailures:`);
    for (const f of failures) console.log(`  - ${f}`);
  }
  console.log(`\naxe runs: ${axeRuns} (in ${secs} s)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`\nFAIL: ${e && e.stack ? e.stack : e}`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  },
);
