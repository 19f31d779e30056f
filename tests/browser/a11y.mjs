// Burgerstem in a real browser: the citizen's flow (bring in an item, staff acknowledges and
// schedules it, the citizen confirms the minutes), a keyboard-only run of the submission, and
// WCAG 2.0/2.1 A and AA checks with axe-core on every kind of page each role can reach, in nl, fr
// and en, at desktop width and at 320 px. See README.md beside this file.
//
// Run: node tests/browser/a11y.mjs   (after `cargo build` and `npm ci --prefix tests/browser`)
// Env: BURGERSTEM_BIN      the binary (default target/debug/burgerstem)
//      CHROMIUM            the browser (default /usr/bin/chromium)
//      BROWSER_ARTIFACTS   where screenshots and the report go (default tests/artifacts/browser)
//      BROWSER_SCREENSHOTS=all   also a screenshot of every page checked, not only failures
//      BROWSER_WORKERS     roles checked at a time (default 2)
//
// It starts its own server on a free port with a fresh data directory and the demo zone, and
// stops it at the end. It prints `pages checked: N, rules checked: M, violations: V` and, last,
// `N passed, M failed`; it exits 1 on any violation or failed step.

import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// axe-core is put into the page and run there (what @axe-core/playwright does too, but without
// collecting every passing node: about ten times faster, which matters for some 500 runs).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const BIN = path.resolve(root, process.env.BURGERSTEM_BIN || 'target/debug/burgerstem');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.resolve(root, process.env.BROWSER_ARTIFACTS || 'tests/artifacts/browser');
const ALL_SHOTS = process.env.BROWSER_SCREENSHOTS === 'all';
const PASSWORD = 'demostreek-2026';
const LANGS = ['nl', 'fr', 'en'];
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 720 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DEADLINE_MS = 15 * 60 * 1000;

const ACCOUNTS = {
  citizen: 'an@demostreek.example',
  keyboard: 'bram@demostreek.example',
  staff: 'medewerker@demostreek.example',
  'zone-admin': 'beheerder@demostreek.example',
  'platform-admin': 'platform@demostreek.example',
  council: 'zorgraad@demostreek.example',
};

// ---------------------------------------------------------------------------------------------
// Bookkeeping

let passed = 0;
let failed = 0;
const failures = [];
let pagesChecked = 0;
const rulesChecked = new Set();
let violationCount = 0;
const violationsReport = [];
const incompleteRules = new Map(); // rule id -> { pages, why }
let shotNo = 0;

// Roles are checked two at a time; each one's output is held back and printed in a fixed order,
// so that the log reads the same from run to run.
const task = new AsyncLocalStorage();
function say(line) {
  const t = task.getStore();
  if (t) t.lines.push(line);
  else console.log(line);
}
const T0 = Date.now();
function section(title) {
  say(`\n# ${title}  [${((Date.now() - T0) / 1000).toFixed(1)} s]`);
}
function pass(name) {
  passed++;
  say(`  ok    ${name}`);
}
function fail(name, why) {
  failed++;
  const t = task.getStore();
  (t ? t.failures : failures).push(`${name}: ${why}`);
  say(`  FAIL  ${name}: ${why}`);
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
async function shot(page, name) {
  const t = task.getStore();
  const n = t ? `${t.name}-${String(++t.shots).padStart(3, '0')}` : String(++shotNo).padStart(3, '0');
  const file = path.join(ARTIFACTS, `${n}-${slug(name)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    say(`  (screenshot ${name} failed: ${e.message})`);
  }
  return file;
}

// ---------------------------------------------------------------------------------------------
// The server

function freshServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'burgerstem-browser-'));
  const db = `sqlite://${dir}/db.sqlite`;
  const env = {
    ...process.env,
    ROCKET_PORT: '0',
    ROCKET_ADDRESS: '127.0.0.1',
    ROCKET_DATA_DIR: dir,
    ROCKET_TEMPLATE_DIR: path.join(root, 'templates'),
    ROCKET_STATIC_DIR: path.join(root, 'static'),
    ROCKET_LOG_LEVEL: 'normal',
    // The administrators' pages are crawled like every other; the set-up page itself is checked
    // as the citizen, who can open it from "Mijn account".
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
  /** Stops the server and waits (at most 10 s) until it has exited, so that no zombie stays. */
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
  return { url, stop, stopAndWait, log: () => log };
}

// ---------------------------------------------------------------------------------------------
// Page helpers

let BASE = '';

async function go(page, p) {
  const res = await page.goto(BASE + p, { waitUntil: 'load' });
  return res;
}

/** Clicks (or presses a key) and waits for the page it leads to. */
async function andWait(page, action) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  return res;
}

async function login(page, email, password = PASSWORD) {
  await go(page, '/login');
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await andWait(page, () => page.locator('main form button[type=submit]').click());
}

async function switchLanguage(page, lang) {
  // The header holds the language buttons twice (inline, and in the phone's "Menu"): the inline ones.
  await andWait(page, () => page.locator(`header .nav-wide form.lang-switch button[value=${lang}]`).click());
  const got = await page.getAttribute('html', 'lang');
  assert(got === lang, `after choosing ${lang} the page says lang="${got}"`);
}

async function currentPath(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Same-site links to pages, as paths without fragments: not downloads (exports, open data, feeds). */
const DOWNLOAD = /\.(csv|json|atom|ics|txt)(\?|#|$)/;
async function linksOn(page) {
  const hrefs = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.getAttribute('href')));
  const out = [];
  for (const h of hrefs) {
    if (!h || !h.startsWith('/') || h.startsWith('//') || h.startsWith('/static/')) continue;
    if (DOWNLOAD.test(h)) continue;
    out.push(h.split('#')[0]);
  }
  return out;
}

/**
 * What kind of page this is, apart from its data: the route without ids, whether someone is
 * logged in, the forms and buttons it offers and the statuses it shows. Two items in the same
 * state with the same buttons share a signature, whoever looks at them.
 */
async function signature(page) {
  const route = (await currentPath(page)).replace(/\/\d+/g, '/:id');
  const parts = await page.evaluate(() => {
    const noIds = (u) => (u || '').replace(/\/\d+/g, '/:id');
    return [
      `logged-in:${!!document.querySelector('form[action="/logout"]')}`,
      ...[...document.querySelectorAll('main a.button')].map((a) => `button:${noIds(a.getAttribute('href'))}`),
      ...[...document.querySelectorAll('main form')].map((f) => `${f.method}:${noIds(f.getAttribute('action'))}`),
      ...[...document.querySelectorAll('main .status')].map((e) => e.className),
    ];
  });
  return `${route} ${[...new Set(parts)].sort().join(' ')}`;
}


/**
 * Every page a person can reach by following links from the start pages. Of routes whose pages
 * differ only in their data (a timeline, a form for one action), a couple are enough; item and
 * meeting pages are all visited, as their state decides what they show.
 */
const ROUTES_WITH_STATE = /^\/(items|meetings|consultations|signals\/id)\/:id$/;
const PER_ROUTE = 2;
async function crawl(page, starts, limit = 250) {
  const queue = [...starts];
  const tried = new Set();
  const perRoute = new Map();
  const found = [];
  while (queue.length && found.length < limit) {
    const p = queue.shift();
    if (tried.has(p)) continue;
    const route = p.replace(/\/\d+/g, '/:id');
    if (!ROUTES_WITH_STATE.test(route) && (perRoute.get(route) || 0) >= PER_ROUTE) continue;
    perRoute.set(route, (perRoute.get(route) || 0) + 1);
    tried.add(p);
    const res = await go(page, p);
    const finalPath = await currentPath(page);
    if (finalPath !== p && tried.has(finalPath)) continue;
    tried.add(finalPath);
    if (res && res.status() >= 500) {
      fail(`crawl ${p}`, `HTTP ${res.status()}`);
      continue;
    }
    found.push({ path: finalPath, sig: await signature(page) });
    for (const l of await linksOn(page)) if (!tried.has(l)) queue.push(l);
  }
  return found;
}

/** Checks that every link in the error summary leads to a visible field. */
async function errorSummaryLinksWork(page) {
  const bad = await page.$$eval('.error-summary a[href^="#"]', (as) =>
    as
      .map((a) => {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        const t = document.getElementById(id);
        if (!t) return `${a.textContent.trim()} -> #${id} (missing)`;
        // checkVisibility() also sees content hidden in a closed <details>.
        const r = t.getBoundingClientRect();
        const visible = t.checkVisibility ? t.checkVisibility({ visibilityProperty: true }) : r.width > 0 || r.height > 0;
        if (!visible) return `${a.textContent.trim()} -> #${id} (hidden)`;
        return null;
      })
      .filter(Boolean),
  );
  assert(bad.length === 0, `error summary links lead nowhere: ${bad.join('; ')}`);
}

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
}

/**
 * Runs axe on the page as it is at desktop width and at 320 px, checks that 320 px does not
 * scroll sideways, and records everything. `label` names role, language and page.
 */
async function scan(page, label) {
  for (const vp of [DESKTOP, NARROW]) {
    await page.setViewportSize(vp);
    const name = `${label} @${vp.width}px`;
    pagesChecked++;
    let results;
    try {
      results = await runAxe(page);
    } catch (e) {
      fail(`axe ${name}`, `axe did not run: ${e.message.split('\n')[0]}`);
      continue;
    }
    for (const group of [results.passes, results.violations, results.incomplete, results.inapplicable]) {
      for (const r of group) rulesChecked.add(r.id);
    }
    for (const r of results.incomplete) {
      const seen = incompleteRules.get(r.id) || { pages: 0, why: new Set() };
      seen.pages++;
      for (const n of r.nodes) for (const c of [...n.any, ...n.all, ...n.none]) if (c.message) seen.why.add(`${n.target.join(' ')}: ${c.message}`);
      incompleteRules.set(r.id, seen);
    }
    const v = results.violations;
    if (v.length === 0) {
      pass(`axe ${name}`);
      if (ALL_SHOTS) await shot(page, name);
    } else {
      const nodes = v.reduce((n, r) => n + r.nodes.length, 0);
      violationCount += nodes;
      const file = await shot(page, `VIOLATION ${name}`);
      violationsReport.push({ page: name, url: page.url(), screenshot: file, violations: v });
      const detail = v
        .map((r) => `${r.id} (${r.impact}) ×${r.nodes.length}: ${r.help} [${r.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}]`)
        .join('; ');
      fail(`axe ${name}`, detail);
    }
    if (vp.width === NARROW.width) {
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      if (sw <= NARROW.width) {
        pass(`no sideways scrolling ${name}`);
      } else {
        const wide = await page.evaluate((limit) => {
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > limit + 0.5 && out.length < 5) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(r.right)})`);
            }
          }
          return out;
        }, NARROW.width);
        await shot(page, `OVERFLOW ${name}`);
        fail(`no sideways scrolling ${name}`, `scrollWidth ${sw} > ${NARROW.width}; widest: ${wide.join(', ')}`);
      }
    }
  }
  await page.setViewportSize(DESKTOP);
}

// ---------------------------------------------------------------------------------------------
// Bringing in an item. The form is a guided flow of a few steps (kind and title; text; panel and
// where it was heard; review, then save as draft or submit), each step a plain form that carries
// the earlier answers. These helpers also work for a single-page form.

const ITEM_PATH = /^\/items\/\d+$/;

/** The step the new-item form shows: "1", "2", ..., or "" on a single-page form. */
async function wizardStep(page) {
  const step = page.locator('main form input[type=hidden][name=step]');
  return (await step.count()) ? step.inputValue() : '';
}

/** Fills the fields the current step shows, with the mouse. */
async function fillStep(page, item) {
  if (await page.locator(`main #kind-${item.kind}`).count()) await page.locator(`main #kind-${item.kind}`).check();
  if (await page.locator('main #field-title').count()) await page.fill('main #field-title', item.title);
  if (await page.locator('main textarea#field-text').count()) await page.fill('main #field-text', item.text);
  if (await page.locator('main #field-heard_at').count()) await page.fill('main #field-heard_at', item.heardAt);
}

/** Goes on to the next step, or, on the last one, does `finish` ('draft' or 'submit'). */
async function nextStep(page, finish) {
  const fin = page.locator(`main form button[name=go][value=${finish}]`);
  const next = page.locator('main form button[name=go][value=next]');
  const button = (await fin.count()) ? fin : (await next.count()) ? next : page.locator('main form button[type=submit]').first();
  await andWait(page, () => button.click());
  if (await page.isVisible('.error-summary')) {
    throw new Error(`the form refused: ${(await page.textContent('.error-summary')).replace(/\s+/g, ' ').trim()}`);
  }
}

/** From the first step of the new-item form up to step `stop` (or to the item page). */
async function wizardTo(page, item, stop, finish = 'draft', shotPrefix = null) {
  for (let i = 0; i < 8; i++) {
    if (ITEM_PATH.test(await currentPath(page))) return;
    const step = await wizardStep(page);
    if (stop && step === stop) return;
    await fillStep(page, item);
    if (shotPrefix) await shot(page, `${shotPrefix} step ${step || 'form'} filled`);
    await nextStep(page, finish);
  }
  throw new Error(`the new-item form did not end after 8 steps (at ${await currentPath(page)})`);
}

const NEW_ITEM = '/zones/DEMO/items/new?panel=burgerplatform';
const PUBLIC_SIGNAL = '/zones/DEMO/signals/new';
let lastFollowLink = null;
const SAMPLE = {
  kind: 'signal',
  title: 'Een bank bij de bushalte aan het rusthuis',
  text: 'Aan de bushalte bij het rusthuis kan je nergens zitten.\nWie slecht te been is, blijft daarom thuis.',
  heardAt: 'Buurtgesprek in het rusthuis',
};

// ---------------------------------------------------------------------------------------------
// The citizen's flow, with the mouse

async function citizenFlow(browser) {
  section('Citizen: log in, bring in an item, see it on the timeline (nl)');
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-BE' });
  const page = await context.newPage();
  const item = SAMPLE;
  const state = { itemPath: null };
  try {
    await check('citizen opens the login page', async () => {
      await go(page, '/login');
      assert((await page.getAttribute('html', 'lang')) === 'nl', 'page is not in Dutch');
      await shot(page, 'flow citizen login page');
    });
    await check('citizen logs in', async () => {
      await page.fill('#field-email', ACCOUNTS.citizen);
      await page.fill('#field-password', PASSWORD);
      await shot(page, 'flow citizen login filled');
      await andWait(page, () => page.locator('main form button[type=submit]').click());
      assert((await currentPath(page)) === '/', `landed on ${await currentPath(page)}`);
      const h1 = await page.textContent('h1');
      assert(h1.includes('An Peeters'), `home page heading is "${h1}"`);
      await shot(page, 'flow citizen home');
    });
    await check('citizen opens the form to bring in an item', async () => {
      await andWait(page, () => page.locator('main a[href*="/items/new?panel=burgerplatform"]').first().click());
      assert((await currentPath(page)).startsWith('/zones/DEMO/items/new'), `landed on ${await currentPath(page)}`);
      await shot(page, 'flow citizen new item form');
    });
    await check('an empty form is refused with an error summary', async () => {
      await andWait(page, () => page.locator('main form button[type=submit]').first().click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      assert((await page.getAttribute('#field-title', 'aria-invalid')) === 'true', 'title not marked invalid');
      await errorSummaryLinksWork(page);
      await shot(page, 'flow citizen form errors');
    });
    await check('citizen fills in the form and saves the item as a draft', async () => {
      await wizardTo(page, item, null, 'draft', 'flow citizen');
      const p = await currentPath(page);
      assert(ITEM_PATH.test(p), `landed on ${p}`);
      state.itemPath = p;
      assert((await page.textContent('h1')).includes(item.title), 'title not shown');
      assert(await page.isVisible('main .status-draft'), 'status is not draft');
      const text = await page.textContent('main .citizen-text');
      assert(text === item.text, `the text was not kept verbatim: ${JSON.stringify(text)}`);
      await shot(page, 'flow citizen draft saved');
    });
    await check('citizen submits the item', async () => {
      await andWait(page, () => page.locator(`main form[action$="/submit"] button[type=submit]`).click());
      assert((await currentPath(page)) === state.itemPath, `landed on ${await currentPath(page)}`);
      assert(await page.isVisible('main .status-submitted'), 'status is not submitted');
      await shot(page, 'flow citizen item submitted');
    });
    await check('citizen sees the item on the zone page', async () => {
      await go(page, '/zones/DEMO');
      const n = await page.locator(`main a[href="${state.itemPath}"]`).count();
      assert(n >= 1, 'the zone page does not list the item');
      await shot(page, 'flow citizen zone list');
    });
    await check('citizen sees the item on its timeline', async () => {
      await go(page, state.itemPath);
      await andWait(page, () => page.locator(`main a[href="${state.itemPath}/timeline"]`).click());
      assert((await currentPath(page)) === `${state.itemPath}/timeline`, `landed on ${await currentPath(page)}`);
      assert((await page.textContent('main')).includes(item.title), 'timeline does not name the item');
      const events = await page.locator('main ol.timeline > li').count();
      assert(events >= 2, `the timeline shows ${events} events, expected at least created and submitted`);
      await shot(page, 'flow citizen timeline');
    });

    // The later steps (staff acknowledges and schedules, the citizen confirms the minutes) are
    // in laterFlow().
  } finally {
    await context.close();
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// The flow goes on: staff acknowledges the item and puts it on a council meeting, records the
// minutes, and the citizen confirms them. (Each of these pages is also checked with axe for every
// role by everyRole().) Further steps (decision, follow-up, closure) belong here too.

async function laterFlow(browser, state) {
  section('Staff acknowledges and schedules the item; the citizen confirms the minutes (nl)');
  const itemPath = state.itemPath;
  if (!itemPath) {
    fail('staff acknowledges and schedules the item', 'the citizen flow made no item');
    return;
  }
  const id = itemPath.split('/').pop();
  const staff = await browser.newContext({ viewport: DESKTOP, locale: 'nl-BE' });
  const citizen = await browser.newContext({ viewport: DESKTOP, locale: 'nl-BE' });
  let meetingPath = null;
  try {
    const page = await staff.newPage();
    await check('staff logs in and opens the item', async () => {
      await login(page, ACCOUNTS.staff);
      await go(page, itemPath);
      assert(await page.isVisible('main .status-submitted'), 'the item is not shown as submitted');
      await shot(page, 'flow staff item submitted');
    });
    await check('staff acknowledges the item', async () => {
      await andWait(page, () => page.locator(`main a[href="${itemPath}/act/acknowledge"]`).click());
      await shot(page, 'flow staff acknowledge form');
      await andWait(page, () => page.locator('main form button[type=submit]').last().click());
      assert((await currentPath(page)) === itemPath, `landed on ${await currentPath(page)}`);
      assert(await page.isVisible('main .status-acknowledged'), 'the item is not shown as acknowledged');
      await shot(page, 'flow staff item acknowledged');
    });
    // Minutes are written once a meeting has begun: staff plan one that began this morning.
    let begun = null;
    await check('staff plans a meeting that has begun', async () => {
      await go(page, '/zones/DEMO/meetings');
      const now = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      await page.fill('#field-starts_at', `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T00:05`);
      await page.fill('#field-place', 'Gemeentehuis, zaal van vandaag');
      await andWait(page, () => page.locator('main form[action$="/meetings"] button[type=submit]').click());
      begun = (await currentPath(page)).split('/').pop();
      assert(/^\d+$/.test(begun), `landed on ${await currentPath(page)}`);
      await go(page, itemPath);
    });
    await check('staff puts the item on a council meeting', async () => {
      await andWait(page, () => page.locator(`main a[href="${itemPath}/act/schedule"]`).click());
      const meeting = begun || (await page.$$eval('main select[name=meeting] option', (os) => os.map((o) => o.value).find((v) => v)));
      assert(meeting, 'there is no meeting to choose');
      await page.selectOption('main select[name=meeting]', meeting);
      await shot(page, 'flow staff schedule form');
      await andWait(page, () => page.locator('main form button[type=submit]').last().click());
      assert((await currentPath(page)) === itemPath, `landed on ${await currentPath(page)}`);
      assert(await page.isVisible('main .status-scheduled'), 'the item is not shown as scheduled');
      meetingPath = `/meetings/${meeting}`;
      assert((await page.locator(`main a[href="${meetingPath}"]`).count()) >= 1, 'the item page does not link to its meeting');
      await shot(page, 'flow staff item scheduled');
    });
    await check('staff records the minutes of the discussion', async () => {
      assert(meetingPath, 'no meeting');
      await go(page, meetingPath);
      const form = page.locator(`main form[action$="/minutes"]:has(input[name=item][value="${id}"])`);
      assert((await form.count()) === 1, 'the meeting page has no minutes form for the item');
      await form.locator('textarea[name=summary]').fill('De zorgraad vraagt de gemeente om een bank te plaatsen.');
      await shot(page, 'flow staff minutes filled');
      await andWait(page, () => form.locator('button[type=submit]').click());
      assert((await page.textContent('main')).includes('een bank te plaatsen'), 'the minutes are not shown');
      await shot(page, 'flow staff minutes recorded');
    });
    const cpage = await citizen.newPage();
    await check('the citizen confirms the minutes', async () => {
      await login(cpage, ACCOUNTS.citizen);
      await go(cpage, itemPath);
      assert((await cpage.textContent('main')).includes('een bank te plaatsen'), 'the citizen does not see the minutes');
      await shot(cpage, 'flow citizen sees minutes');
      await andWait(cpage, () => cpage.locator('main form[action$="/minutes-responses"] button[type=submit]').click());
      assert((await currentPath(cpage)) === itemPath, `landed on ${await currentPath(cpage)}`);
      assert((await cpage.locator('main form[action$="/minutes-responses"]').count()) === 0, 'the confirm button is still there');
      assert((await cpage.textContent('main')).includes('An Peeters'), 'the page does not say who confirmed');
      await shot(cpage, 'flow citizen minutes confirmed');
    });
    await check('the timeline shows every step', async () => {
      await go(cpage, `${itemPath}/timeline`);
      const events = await cpage.locator('main ol.timeline > li').count();
      assert(events >= 5, `the timeline shows ${events} events; expected created, submitted, acknowledged, scheduled, minutes and more`);
      await shot(cpage, 'flow citizen timeline after the meeting');
    });
  } finally {
    await staff.close();
    await citizen.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The same flow with the keyboard only: Tab, Shift+Tab, Enter, Space (and arrows in a radio group)

async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', visible: false, desc: 'body' };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      visible: outline || shadow,
      onScreen: r.width > 0 && r.height > 0,
      desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''} "${(el.innerText || el.value || '').trim().slice(0, 40)}"`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`; at every stop the
 * focus must be on screen and visibly marked.
 */
async function tabTo(page, selector, { back = false, max = 60 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const info = await focusInfo(page);
    seen.push(info.desc);
    if (info.tag !== 'body' && !info.visible) throw new Error(`focus on ${info.desc} is not visible`);
    if (info.tag !== 'body' && !info.onScreen) throw new Error(`focus went to ${info.desc}, which is not on screen`);
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return i + 1;
  }
  throw new Error(`${max} × ${back ? 'Shift+Tab' : 'Tab'} never reached ${selector}; went past ${seen.slice(-6).join(' | ')}`);
}

/** One step of the new-item form, with the keyboard only. */
async function keyboardStep(page, item, finish) {
  if (await page.locator('main input[name=kind][type=radio]').count()) {
    // Tab into the group, arrow to a kind, Space to be sure it is chosen; Shift+Tab comes back.
    await tabTo(page, 'main input[name=kind]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    const kind = await page.evaluate(() => document.querySelector('main input[name=kind]:checked')?.value);
    assert(kind, 'no kind chosen with the arrow key and Space');
    item.kind = kind;
  }
  if (await page.locator('main #field-title').count()) {
    await tabTo(page, 'main #field-title');
    await page.keyboard.type(item.title);
    if (await page.locator('main input[name=kind]:checked').count()) {
      await tabTo(page, 'main input[name=kind]:checked', { back: true, max: 3 });
      await tabTo(page, 'main #field-title', { max: 3 });
    }
  }
  if (await page.locator('main textarea#field-text').count()) {
    await tabTo(page, 'main #field-text');
    const [first, ...rest] = item.text.split('\n');
    await page.keyboard.type(first);
    for (const line of rest) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    }
    const typed = await page.inputValue('main #field-text');
    assert(typed === item.text, `typed ${JSON.stringify(item.text)} but the field holds ${JSON.stringify(typed)}`);
  }
  if (await page.locator('main #field-heard_at').count()) {
    await tabTo(page, 'main #field-heard_at');
    await page.keyboard.type(item.heardAt);
  }
  const fin = `main form button[name=go][value=${finish}]`;
  const next = 'main form button[name=go][value=next]';
  if (await page.locator(fin).count()) {
    await tabTo(page, fin);
    await shot(page, `keyboard step ${await wizardStep(page)} focus on ${finish}`);
    await andWait(page, () => page.keyboard.press('Space'));
  } else {
    await tabTo(page, (await page.locator(next).count()) ? next : 'main form button[type=submit]');
    await shot(page, `keyboard step ${(await wizardStep(page)) || 'form'} filled`);
    await andWait(page, () => page.keyboard.press('Enter'));
  }
  if (await page.isVisible('.error-summary')) {
    throw new Error(`the form refused: ${(await page.textContent('.error-summary')).replace(/\s+/g, ' ').trim()}`);
  }
}

async function keyboardFlow(browser) {
  section('Keyboard only: log in, bring in an item, submit it, open its timeline (nl)');
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-BE' });
  const page = await context.newPage();
  const item = {
    kind: null,
    title: 'Vervoer naar de dagopvang op zaterdag',
    text: 'Op zaterdag rijdt er geen bus naar de dagopvang.\nWie geen familie heeft, kan niet gaan.',
    heardAt: 'Praatcafé',
  };
  let itemPath = null;
  try {
    await go(page, '/login');
    await check('keyboard: the first Tab reaches the skip link, Enter moves to the content', async () => {
      await page.keyboard.press('Tab');
      const onSkip = await page.evaluate(() => document.activeElement.classList.contains('skip-link'));
      assert(onSkip, `first Tab went to ${(await focusInfo(page)).desc}`);
      await shot(page, 'keyboard skip link');
      await page.keyboard.press('Enter');
      const inMain = await page.evaluate(() => document.activeElement.id === 'main' || !!document.activeElement.closest('main'));
      assert(inMain, `after the skip link, focus is on ${(await focusInfo(page)).desc}`);
    });
    await check('keyboard: log in', async () => {
      await tabTo(page, '#field-email');
      await page.keyboard.type(ACCOUNTS.keyboard);
      await tabTo(page, '#field-password');
      await page.keyboard.type(PASSWORD);
      await tabTo(page, 'main form button[type=submit]');
      await shot(page, 'keyboard login');
      await andWait(page, () => page.keyboard.press('Enter'));
      assert((await currentPath(page)) === '/', `landed on ${await currentPath(page)}`);
    });
    await check('keyboard: open the form to bring in an item', async () => {
      await tabTo(page, 'main a[href*="/items/new?panel=burgerplatform"]');
      await shot(page, 'keyboard home focus on bring in');
      await andWait(page, () => page.keyboard.press('Enter'));
      assert((await currentPath(page)).startsWith('/zones/DEMO/items/new'), `landed on ${await currentPath(page)}`);
    });
    await check('keyboard: fill in kind, title and text, save the draft', async () => {
      for (let i = 0; i < 8 && !ITEM_PATH.test(await currentPath(page)); i++) await keyboardStep(page, item, 'draft');
      const p = await currentPath(page);
      assert(ITEM_PATH.test(p), `landed on ${p}`);
      itemPath = p;
      assert(await page.isVisible('main .status-draft'), 'status is not draft');
      assert((await page.textContent('h1')).includes(item.title), 'title not shown');
      const text = await page.textContent('main .citizen-text');
      assert(text === item.text, `the text was not kept verbatim: ${JSON.stringify(text)}`);
    });
    await check('keyboard: submit the item', async () => {
      assert(itemPath, 'no item');
      await tabTo(page, 'main form[action$="/submit"] button[type=submit]');
      await shot(page, 'keyboard focus on submit');
      await andWait(page, () => page.keyboard.press('Enter'));
      assert((await currentPath(page)) === itemPath, `landed on ${await currentPath(page)}`);
      assert(await page.isVisible('main .status-submitted'), 'the item page does not say it is submitted');
      await shot(page, 'keyboard item submitted');
    });
    await check('keyboard: open the timeline', async () => {
      assert(itemPath, 'no item');
      await tabTo(page, `main a[href="${itemPath}/timeline"]`, { max: 100 });
      await andWait(page, () => page.keyboard.press('Enter'));
      assert((await currentPath(page)) === `${itemPath}/timeline`, `landed on ${await currentPath(page)}`);
      assert((await page.textContent('main')).includes(item.title), 'the timeline does not name the item');
      await shot(page, 'keyboard timeline');
    });
    await check('keyboard: log out', async () => {
      await tabTo(page, 'form[action="/logout"] button', { back: true, max: 100 });
      await andWait(page, () => page.keyboard.press('Enter'));
      assert((await page.locator('form[action="/logout"]').count()) === 0, 'still logged in');
    });
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Every page of every role, in every language, at both widths

/** Sets the display preferences in the footer (larger letters, more contrast) on this page. */
async function setDisplay(page, on) {
  const form = page.locator('form[action="/display"]');
  assert((await form.count()) === 1, 'no display preferences form in the footer');
  for (const id of ['#display-large', '#display-contrast']) await form.locator(id).setChecked(on);
  const p = new URL(page.url()).pathname;
  await andWait(page, () => form.locator('button[type=submit]').click());
  assert(new URL(page.url()).pathname === p, `saving the display preferences led to ${await currentPath(page)}`);
  const cls = (await page.getAttribute('body', 'class')) || '';
  assert(cls.includes('text-large') === on && cls.includes('high-contrast') === on, `body class is "${cls}"`);
}
const DISPLAY_ON = async (page, p) => {
  await go(page, p);
  await setDisplay(page, true);
};
const DISPLAY_OFF = (page) => setDisplay(page, false);

/**
 * Extra states of pages that links alone do not reach: forms sent back with errors, the display
 * preferences, and so on. [name, act, undo]: the page is checked after act, then undo runs.
 */
const STATES = {
  anonymous: [
    ['login with a wrong password', async (page) => {
      await go(page, '/login');
      await page.fill('#field-email', 'niemand@demostreek.example');
      await page.fill('#field-password', 'fout-wachtwoord');
      await andWait(page, () => page.locator('main form button[type=submit]').click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
    }],
    ['a page that does not exist', async (page) => {
      const res = await go(page, '/no-such-page');
      assert(res.status() === 404, `status ${res.status()}`);
    }],
    ['login with larger letters and more contrast', (page) => DISPLAY_ON(page, '/login'), DISPLAY_OFF],
    // Open intake: the public form needs no account. One signal per language is brought in
    // (the per-client limit allows five at once); its follow page is checked from its link.
    ['the public signal form', async (page) => {
      const res = await go(page, PUBLIC_SIGNAL);
      assert(res.status() === 200, `status ${res.status()}`);
    }],
    ['the public signal form sent back with errors', async (page) => {
      await go(page, PUBLIC_SIGNAL);
      await andWait(page, () => page.locator('main form button[type=submit]').click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      await errorSummaryLinksWork(page);
    }],
    ['a signal brought in: the thank-you page', async (page, lang) => {
      await go(page, PUBLIC_SIGNAL);
      await page.fill('#field-text', `Een signaal uit de browsertest (${lang}).`);
      await andWait(page, () => page.locator('main form button[type=submit]').click());
      assert((await currentPath(page)).startsWith('/signals/thanks/'), `at ${await currentPath(page)}`);
      lastFollowLink = await page.getAttribute('.copy-link a', 'href');
    }],
    ['a signal followed through its private link', async (page) => {
      assert(lastFollowLink, 'no signal was brought in');
      const res = await go(page, lastFollowLink);
      assert(res.status() === 200, `status ${res.status()}`);
    }],
  ],
  citizen: [
    ['new item sent back with errors', async (page) => {
      await go(page, NEW_ITEM);
      await andWait(page, () => page.locator('main form button[type=submit]').first().click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      await errorSummaryLinksWork(page);
    }],
    // The later steps of the guided form, which only a POST reaches.
    ...['2', '3', '4'].map((step) => [`new item, step ${step}`, async (page) => {
      await go(page, NEW_ITEM);
      await wizardTo(page, SAMPLE, step);
      assert((await wizardStep(page)) === step, `the form shows step ${await wizardStep(page)}`);
    }]),
    ['new item with larger letters and more contrast', (page) => DISPLAY_ON(page, NEW_ITEM), DISPLAY_OFF],
    ['zone page with larger letters and more contrast', (page) => DISPLAY_ON(page, '/zones/DEMO'), DISPLAY_OFF],
    ['an item that does not exist', async (page) => {
      const res = await go(page, '/items/987654');
      assert(res.status() === 404, `status ${res.status()}`);
    }],
  ],
  'zone-admin': [
    ['an invitation link just made', async (page, lang) => {
      await go(page, '/zones/DEMO/manage');
      await page.fill('#field-invite_name', `Nieuw Panellid ${lang}`);
      await page.fill('form[action$="/invitations"] input[name=email]', `nieuw-${lang}@demostreek.example`);
      await page.selectOption('form[action$="/invitations"] select[name=role]', 'citizen');
      await page.selectOption('form[action$="/invitations"] select[name=panel]', 'burgerplatform');
      await andWait(page, () => page.locator('form[action$="/invitations"] button[type=submit]').click());
      assert(await page.isVisible('.copy-link'), 'no invitation link shown');
    }],
    ['an invitation sent back with errors', async (page) => {
      await go(page, '/zones/DEMO/manage');
      await andWait(page, () => page.locator('form[action$="/invitations"] button[type=submit]').click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      await errorSummaryLinksWork(page);
    }],
    ['a new panel sent back with errors', async (page) => {
      await go(page, '/zones/DEMO/manage');
      await page.locator('main details summary').first().click();
      await andWait(page, () => page.locator('form[action$="/panels"] button[type=submit]').click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      await errorSummaryLinksWork(page);
    }],
  ],
  'platform-admin': [
    ['a new zone sent back with errors', async (page) => {
      await go(page, '/admin');
      await andWait(page, () => page.locator('form[action="/admin/zones"] button[type=submit]').click());
      assert(await page.isVisible('.error-summary'), 'no error summary');
      await errorSummaryLinksWork(page);
    }],
  ],
};

const ROLES = ['anonymous', 'citizen', 'staff', 'zone-admin', 'platform-admin', 'council'];
const WORKERS = Math.max(1, Number(process.env.BROWSER_WORKERS || 2));

/** Logs the role in and finds every page it reaches (in the first language). */
async function prepareRole(browser, role) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-BE' });
  const page = await context.newPage();
  page.on('response', (res) => {
    if (res.status() >= 500) fail(`${role} ${res.url()}`, `HTTP ${res.status()}`);
  });
  const r = { role, context, page, pages: [], kinds: new Map(), ok: true };
  if (role !== 'anonymous') {
    r.ok = await check(`${role} logs in`, async () => {
      await login(page, ACCOUNTS[role]);
      assert((await page.locator('form[action="/logout"]').count()) >= 1, `not logged in, on ${await currentPath(page)}`);
    });
    if (!r.ok) return r;
  }
  await go(page, '/');
  await switchLanguage(page, LANGS[0]);
  r.pages = await crawl(page, role === 'platform-admin' ? ['/', '/admin'] : ['/']);
  for (const p of r.pages) if (!r.kinds.has(p.sig)) r.kinds.set(p.sig, p.path);
  return r;
}

/**
 * Checks the pages given to this role in every language at both widths, then the states that
 * links do not reach (STATES).
 */
async function checkRole(r, todo) {
  const { role, page } = r;
  for (const lang of LANGS) {
    const switched = await check(`${role} switches to ${lang}`, async () => {
      await go(page, '/');
      await switchLanguage(page, lang);
    });
    if (!switched) continue;
    for (const p of todo) {
      const res = await go(page, p);
      if (res && res.status() >= 400 && res.status() !== 404) {
        fail(`${role} ${lang} ${p}`, `HTTP ${res.status()}`);
        continue;
      }
      await scan(page, `${role} ${lang} ${p}`);
    }
    for (const [name, act, undo] of STATES[role] || []) {
      const ok = await check(`${role} ${lang}: ${name}`, () => act(page, lang));
      if (ok) await scan(page, `${role} ${lang} ${name}`);
      if (undo) await check(`${role} ${lang}: ${name}, undone`, () => undo(page, lang));
    }
  }
}

/** Runs fn(item) for every item, `n` at a time, each in its own output buffer; prints in order. */
const pending = [];
async function inOrder(items, n, fn) {
  const tasks = items.map((item) => ({ name: String(item.role || item), lines: [], failures: [], shots: 0, done: false }));
  pending.push(...tasks);
  let next = 0;
  let printed = 0;
  const flush = () => {
    while (printed < tasks.length && tasks[printed].done) {
      const t = tasks[printed++];
      for (const line of t.lines) console.log(line);
      failures.push(...t.failures);
      t.lines = [];
      t.failures = [];
    }
  };
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      try {
        await task.run(tasks[k], () => fn(items[k]));
      } catch (e) {
        task.run(tasks[k], () => fail(`${tasks[k].name}`, e && e.message ? e.message.split('\n')[0] : String(e)));
      }
      tasks[k].done = true;
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  flush();
}
/** On a hard stop: whatever is held back, printed as it is. */
function flushPending() {
  for (const t of pending) {
    for (const line of t.lines) console.log(line);
    failures.push(...t.failures);
    t.lines = [];
    t.failures = [];
  }
}

async function everyRole(browser) {
  // First every role finds its pages; then each kind of page (see signature()) is given to the
  // first role that reaches it, so that a page the citizen and the staff see alike is checked
  // once, and the run grows with the number of templates and states, not with the demo data.
  const prepared = [];
  await inOrder(ROLES, WORKERS, async (role) => {
    section(`${role}: log in and find every page`);
    const r = await prepareRole(browser, role);
    prepared[ROLES.indexOf(role)] = r;
  });
  const claimed = new Set();
  const plan = prepared.map((r) => {
    const todo = [];
    for (const [sig, p] of r.kinds) {
      if (claimed.has(sig)) continue;
      claimed.add(sig);
      todo.push(p);
    }
    return { r, todo };
  });
  await inOrder(plan.map(({ r, todo }) => ({ role: r.role, r, todo })), WORKERS, async ({ r, todo }) => {
    section(`${r.role}: ${todo.length} kinds of page, in ${LANGS.join(', ')}, at ${DESKTOP.width} and ${NARROW.width} px`);
    say(`  ${r.role} reaches ${r.pages.length} pages of ${r.kinds.size} kinds (${todo.length} not checked for another role): ${r.pages.map((p) => p.path).join(' ')}`);
    try {
      if (r.ok) await checkRole(r, todo);
    } finally {
      await r.context.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    flushPending();
    console.log(`\nFAIL: the browser tests took longer than ${DEADLINE_MS / 1000} s`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, DEADLINE_MS);
  watchdog.unref();

  if (!existsSync(BIN)) throw new Error(`no binary at ${BIN}: run \`cargo build\` or set BURGERSTEM_BIN`);
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });

  const server = freshServer();
  const stopAll = () => server.stop();
  process.on('exit', stopAll);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  BASE = await server.url;
  console.log(`server: ${BASE} (${BIN})`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-crash-reporter',
      '--disable-breakpad',
    ],
  });
  console.log(`browser: Chromium ${browser.version()}`);
  try {
    const flow = await citizenFlow(browser);
    await laterFlow(browser, flow);
    await keyboardFlow(browser);
    await everyRole(browser);
  } finally {
    await browser.close();
    await server.stopAndWait();
  }

  writeFileSync(
    path.join(ARTIFACTS, 'axe-report.json'),
    JSON.stringify({ pagesChecked, rulesChecked: [...rulesChecked].sort(), violations: violationsReport.sort((a, b) => a.page.localeCompare(b.page)), incomplete: Object.fromEntries([...incompleteRules].map(([id, v]) => [id, { pages: v.pages, why: [...v.why] }])) }, null, 2),
  );
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nscreenshots and axe-report.json in ${path.relative(root, ARTIFACTS) || ARTIFACTS}`);
  if (incompleteRules.size) {
    console.log(`axe could not decide (review by hand): ${[...incompleteRules].map(([r, v]) => `${r} on ${v.pages} pages`).join(', ')} (reasons in axe-report.json)`);
  }
  if (failures.length) {
    console.log(`\nfailures:`);
    for (const f of failures) console.log(`  - ${f}`);
  }
  console.log(`\npages checked: ${pagesChecked}, rules checked: ${rulesChecked.size}, violations: ${violationCount} (in ${secs} s)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    flushPending();
    console.log(`\nFAIL: ${e && e.stack ? e.stack : e}`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  },
);
