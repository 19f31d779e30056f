//! The message files (`templates/messages/{nl,fr,en}.ftl`) against each other, against the
//! templates and against the Rust code: every key that is used exists, every language has every
//! key, and no UI text hides in a template outside a `{{t …}}` call.
//!
//! Only std and the crate's own API: templates and sources are scanned as plain text.

use burgerstem::domain::event_kind::EventKind;
use burgerstem::i18n::I18n;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const LANGS: [&str; 3] = ["nl", "fr", "en"];

/// Values for the keys that templates build from a prefix and a value (`{{t "status-" x}}`).
/// When a template gets a new dynamic prefix, or the domain a new value, extend this table.
const STATUSES: &[&str] = &[
    "draft",
    "submitted",
    "acknowledged",
    "clarification-requested",
    "scheduled",
    "postponed",
    "decided",
    "in-follow-up",
    "closure-proposed",
    "closed",
    "withdrawn",
];
const ITEM_KINDS: &[&str] = &["proposal", "question", "signal"];
const ROLES: &[&str] = &["citizen", "staff", "council", "admin"];
const PANEL_KINDS: &[&str] = &["burgerplatform", "pzon-cluster", "klankbordgroep"];
/// Deadlines on an item (`{{t "deadline-" d}}`, `{{t "deadline-name-" d}}`).
const DEADLINES: &[&str] = &["acknowledgement", "response", "review", "follow-up"];
/// Steps on an item's page and form (`{{t "move-" action}}`). `confirm-closure` is a button on
/// the item page itself: it has no form, so no `move-explain-…` or `move-button-…`.
const MOVES: &[&str] = &[
    "acknowledge",
    "schedule",
    "request-clarification",
    "answer-clarification",
    "decide",
    "correct-decision",
    "propose-closure",
    "object-closure",
    "confirm-closure",
    "reopen",
    "withdraw",
    "react",
    "own-view",
    "comment",
    "correct-minutes",
    "add-action",
];
const MOVES_WITH_FORM: &[&str] = &[
    "acknowledge",
    "schedule",
    "request-clarification",
    "answer-clarification",
    "decide",
    "correct-decision",
    "propose-closure",
    "object-closure",
    "reopen",
    "withdraw",
    "react",
    "own-view",
    "comment",
    "correct-minutes",
    "add-action",
];
/// Decision outcomes (`{{t "outcome-" o}}`).
const OUTCOMES: &[&str] = &[
    "accepted",
    "partly-accepted",
    "not-accepted",
    "referred",
    "postponed",
];
/// Kinds of the notes on an item (`{{t "note-" kind}}`).
const NOTE_KINDS: &[&str] = &[
    "clarification-request",
    "clarification-answer",
    "closing-note",
    "objection",
    "withdrawal",
    "reopen-reasons",
    "reaction",
    "own-view",
    "comment",
];
/// Moves whose form has a `note` field (`{{t "field-note-" action}}`).
const MOVES_WITH_NOTE: &[&str] = &["propose-closure"];
/// Moves whose form has a `text` field (`{{t "field-text-" action}}`).
const MOVES_WITH_TEXT: &[&str] = &[
    "request-clarification",
    "answer-clarification",
    "object-closure",
    "withdraw",
    "reopen",
    "react",
    "own-view",
    "comment",
];
const MEETING_STATUSES: &[&str] = &["planned", "held"];
/// A consultation as a whole; the first two wait on a date.
const CONSULTATION_STATUSES: &[&str] = &["open", "waiting-report", "reported"];
const ADVICE_NOTE_KINDS: &[&str] = &["note", "dissent"];

/// The panel's verdict on an answer (`{{t "verdict-" v}}`).
const VERDICTS: &[&str] = &["answered", "partly-answered", "not-answered"];
/// The columns of `/zones` (`{{t "zones-col-" key}}`); all but the name are explained.
const ZONE_COLUMNS: &[&str] = &[
    "name",
    "brought-in",
    "to-acknowledgement",
    "to-decision",
    "on-time",
    "overdue-now",
    "very-overdue-now",
    "answered",
    "reports-on-time",
];
/// Belgian public holidays (`{{t "holiday-" name}}`).
const HOLIDAYS: &[&str] = &[
    "new-year",
    "easter-monday",
    "labour-day",
    "ascension",
    "whit-monday",
    "national-day",
    "assumption",
    "all-saints",
    "armistice",
    "christmas",
];

fn dynamic_prefixes() -> Vec<(&'static str, Vec<String>)> {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let events = timeline_event_kinds();
    vec![
        ("status-", owned(STATUSES)),
        ("status-explain-", owned(STATUSES)),
        ("waiting-on-", owned(STATUSES)),
        ("whose-turn-", owned(STATUSES)),
        ("kind-", owned(ITEM_KINDS)),
        ("kind-hint-", owned(ITEM_KINDS)),
        ("role-", owned(ROLES)),
        ("panel-kind-", owned(PANEL_KINDS)),
        ("event-", events.clone()),
        ("event-explain-", events),
        ("deadline-", owned(DEADLINES)),
        ("deadline-name-", owned(DEADLINES)),
        ("move-", owned(MOVES)),
        ("move-explain-", owned(MOVES_WITH_FORM)),
        ("move-button-", owned(MOVES_WITH_FORM)),
        ("outcome-", owned(OUTCOMES)),
        ("note-", owned(NOTE_KINDS)),
        ("field-note-", owned(MOVES_WITH_NOTE)),
        ("field-text-", owned(MOVES_WITH_TEXT)),
        ("meeting-status-", owned(MEETING_STATUSES)),
        // The label of the text on step 2 of bringing in an item depends on the kind; an empty
        // kind (not chosen yet) gives the key `guided-text-` itself.
        ("guided-text-", {
            let mut v = owned(ITEM_KINDS);
            v.push(String::new());
            v
        }),
        // An item's text shows the language it was written in when the page is in another one.
        ("written-in-", owned(&LANGS)),
        ("consultation-status-", owned(CONSULTATION_STATUSES)),
        ("consultation-status-explain-", owned(CONSULTATION_STATUSES)),
        // Only the states that wait on a date have one.
        ("consultation-due-", owned(&CONSULTATION_STATUSES[..2])),
        ("consultation-due-late-", owned(&CONSULTATION_STATUSES[..2])),
        (
            "advice-status-",
            owned(&["drafting", "submitted", "reported"]),
        ),
        (
            "point-outcome-",
            owned(&["followed", "partly-followed", "not-followed"]),
        ),
        ("advice-note-kind-", owned(ADVICE_NOTE_KINDS)),
        ("advice-note-title-", owned(ADVICE_NOTE_KINDS)),
        ("advice-note-intro-", owned(ADVICE_NOTE_KINDS)),
        ("advice-note-label-", owned(ADVICE_NOTE_KINDS)),
        ("timeline-back-", owned(&["item", "consultation", "signal"])),
        ("verdict-", owned(VERDICTS)),
        ("verdict-choice-", owned(VERDICTS)),
        ("holiday-", owned(HOLIDAYS)),
        // Search (issue 19): what was found, and in which of its texts.
        ("search-kind-", owned(&["item", "consultation", "signal"])),
        (
            "search-found-in-",
            owned(&[
                "title", "text", "addendum", "decision", "minutes", "question", "advice", "signal",
            ]),
        ),
        ("zones-col-", owned(ZONE_COLUMNS)),
        ("zones-explain-", owned(&ZONE_COLUMNS[1..])),
        (
            "export-kind-",
            owned(&["items", "consultations", "signals", "actions"]),
        ),
        // Signals from beyond the panel (open intake).
        ("signal-status-", owned(SIGNAL_STATUSES)),
        ("signal-status-explain-", owned(SIGNAL_STATUSES)),
        ("signal-relation-", owned(SIGNAL_RELATIONS)),
        ("signal-step-", owned(SIGNAL_STEPS)),
        ("signal-step-explain-", owned(SIGNAL_STEPS)),
        ("signal-step-button-", owned(SIGNAL_STEPS)),
    ]
}

/// A signal's states, how its sender relates to it, and the triage steps (`signal-status-…`,
/// `signal-relation-…`, `signal-step-…`).
const SIGNAL_STATUSES: &[&str] = &["new", "adopted", "answered", "set-aside"];
const SIGNAL_RELATIONS: &[&str] = &["bewoner", "mantelzorger", "hulpverlener", "andere"];
const SIGNAL_STEPS: &[&str] = &["adopt", "bundle", "answer", "set-aside"];

/// Text that stays in a template on purpose: each language's name, written in that language,
/// on the language switch.
const TEMPLATE_TEXT_WHITELIST: &[&str] = &["Nederlands", "Nederlandse", "Français", "English"];

/// Keys whose text may be the same in Dutch and in a translation.
const SAME_IN_TRANSLATION: &[&str] = &[
    "site-name",
    "admin-zones",
    "manage-panels",
    "field-panel",
    "report-col-panel",
    "export-json",
    "open-data-heading",
    // The colon between a label and its value: English writes it as Dutch does (French does not).
    "label-colon",
    // Short field names that are the same word in the three languages.
    "label-panel",
    "label-panels",
    "label-code",
    "label-links",
    "label-contact",
    "nav-menu",
    "zones-col-name",
    "zones-open-data",
    // Only a reference and the name of an event: `{ $reference }: { $what }`.
    "mail-subject",
];

// ---------------------------------------------------------------------------------------------
// Files

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn templates() -> Vec<(String, String)> {
    let files = files_under(&root().join("templates"), ".hbs");
    assert!(!files.is_empty(), "no templates found under templates/");
    files.iter().map(|p| (rel(p), read(p))).collect()
}

fn rust_sources(under: &str) -> Vec<(String, String)> {
    let files = files_under(&root().join(under), ".rs");
    assert!(!files.is_empty(), "no Rust files found under {under}/");
    files.iter().map(|p| (rel(p), read(p))).collect()
}

fn line_of(text: &str, byte_pos: usize) -> usize {
    text[..byte_pos].matches('\n').count() + 1
}

fn nl_keys() -> BTreeSet<String> {
    let keys: BTreeSet<String> = I18n::keys("nl").into_iter().collect();
    assert!(
        !keys.is_empty(),
        "nl.ftl has no messages (or does not parse)"
    );
    keys
}

/// Fails with one line per problem.
fn fail_if_any(problems: &[String], what: &str) {
    if !problems.is_empty() {
        panic!(
            "{what} ({} problem(s)):\n  {}\n",
            problems.len(),
            problems.join("\n  ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (a) The same message ids in every language

#[test]
fn all_languages_have_the_same_message_ids() {
    let mut sets = BTreeMap::new();
    for lang in LANGS {
        let keys = I18n::keys(lang);
        assert!(
            !keys.is_empty(),
            "{lang}.ftl has no messages (or does not parse)"
        );
        let mut seen = BTreeSet::new();
        let dups: Vec<_> = keys
            .iter()
            .filter(|k| !seen.insert(k.as_str()))
            .cloned()
            .collect();
        assert!(
            dups.is_empty(),
            "{lang}.ftl defines these message ids twice: {dups:?}"
        );
        sets.insert(lang, keys.into_iter().collect::<BTreeSet<_>>());
    }
    let all: BTreeSet<String> = sets.values().flatten().cloned().collect();
    let mut problems = vec![];
    for lang in LANGS {
        let set = &sets[lang];
        let missing: Vec<_> = all.difference(set).cloned().collect();
        let only_here: Vec<_> = set
            .iter()
            .filter(|k| {
                LANGS
                    .iter()
                    .any(|other| *other != lang && !sets[other].contains(*k))
            })
            .cloned()
            .collect();
        if !missing.is_empty() {
            problems.push(format!("{lang}.ftl is missing: {}", missing.join(", ")));
        }
        if !only_here.is_empty() {
            problems.push(format!(
                "{lang}.ftl has ids that another language lacks: {}",
                only_here.join(", ")
            ));
        }
    }
    fail_if_any(&problems, "the message files differ in their message ids");
}

/// Message value per id with the `{ $variable }` names it uses, read with a small line parser
/// (a message starts at column 0 with `id =`; indented lines continue it).
fn variables_per_message(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text = read(&root().join(format!("templates/messages/{lang}.ftl")));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let starts_entry = line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
        let value = if starts_entry {
            match line.split_once('=') {
                Some((id, value)) if !line.starts_with('#') => {
                    let id = id.trim().to_string();
                    out.entry(id.clone()).or_default();
                    current = Some(id);
                    value
                }
                _ => {
                    current = None;
                    continue;
                }
            }
        } else if line.starts_with(' ') || line.starts_with('\t') {
            line
        } else {
            current = None;
            continue;
        };
        if let Some(id) = &current {
            let vars = out.get_mut(id).expect("entry");
            let mut rest = value;
            while let Some(pos) = rest.find('$') {
                let name: String = rest[pos + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !name.is_empty() {
                    vars.insert(name.clone());
                }
                rest = &rest[pos + 1 + name.len()..];
            }
        }
    }
    out
}

#[test]
fn translations_use_the_same_variables() {
    let nl = variables_per_message("nl");
    let mut problems = vec![];
    for lang in ["fr", "en"] {
        let other = variables_per_message(lang);
        for (id, vars) in &nl {
            if let Some(theirs) = other.get(id) {
                if theirs != vars {
                    problems.push(format!(
                        "{lang}.ftl `{id}` uses {:?}, nl.ftl uses {:?}",
                        theirs, vars
                    ));
                }
            }
        }
    }
    fail_if_any(
        &problems,
        "a translation uses other Fluent variables than the Dutch text",
    );
}

// ---------------------------------------------------------------------------------------------
// Template scanning: the first quoted parameter of every `t` helper call

struct TCall {
    file: String,
    line: usize,
    key: String,
}

/// Finds `{{t "key" …}}`, `{{~t "key"}}` and the sub-expression `(t "key" …)`.
fn t_calls() -> Vec<TCall> {
    let mut out = vec![];
    for (file, text) in templates() {
        let b = text.as_bytes();
        for i in 0..b.len().saturating_sub(2) {
            if b[i] != b't' || !(b[i + 1] == b' ' || b[i + 1] == b'\t' || b[i + 1] == b'\n') {
                continue;
            }
            // What comes before `t`, skipping a whitespace-control `~` and blanks.
            let mut j = i;
            while j > 0 && matches!(b[j - 1], b'~' | b' ' | b'\t' | b'\n') {
                j -= 1;
            }
            let opens = j >= 2 && &b[j - 2..j] == b"{{" || j >= 1 && b[j - 1] == b'(';
            if !opens {
                continue;
            }
            let mut k = i + 1;
            while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\n') {
                k += 1;
            }
            if k >= b.len() || b[k] != b'"' {
                continue; // `{{t some.variable}}`: nothing to check statically.
            }
            let Some(end) = text[k + 1..].find('"') else {
                continue;
            };
            out.push(TCall {
                file: file.clone(),
                line: line_of(&text, i),
                key: text[k + 1..k + 1 + end].to_string(),
            });
        }
    }
    assert!(
        !out.is_empty(),
        "found no {{{{t \"…\"}}}} calls in templates/: is the scanner broken?"
    );
    out
}

// ---------------------------------------------------------------------------------------------
// (b) Literal keys in templates

#[test]
fn every_literal_template_key_exists() {
    let keys = nl_keys();
    let problems: Vec<String> = t_calls()
        .into_iter()
        .filter(|c| !c.key.ends_with('-') && !keys.contains(&c.key))
        .map(|c| {
            format!(
                "{}:{}: {{{{t \"{}\"}}}} is not in nl.ftl",
                c.file, c.line, c.key
            )
        })
        .collect();
    fail_if_any(
        &problems,
        "templates use message keys that nl.ftl does not define",
    );
}

// ---------------------------------------------------------------------------------------------
// (c) Keys built from a prefix and a value

/// The kinds of events shown on a timeline (`{{t "event-" kind}}`), from the code's own list.
fn timeline_event_kinds() -> Vec<String> {
    EventKind::ALL
        .iter()
        .filter(|k| k.on_timeline())
        .map(|k| k.as_str().to_string())
        .collect()
}

#[test]
fn every_dynamic_template_key_exists() {
    let keys = nl_keys();
    let table = dynamic_prefixes();
    let mut problems = vec![];

    // A template prefix this test does not know would go unchecked.
    let known: BTreeSet<&str> = table.iter().map(|(p, _)| *p).collect();
    let mut unknown = BTreeSet::new();
    for c in t_calls() {
        if c.key.ends_with('-') && !known.contains(c.key.as_str()) && unknown.insert(c.key.clone())
        {
            problems.push(format!(
                "{}:{}: {{{{t \"{}\" …}}}} builds keys from a prefix this test does not know; \
                 add the prefix and its values to dynamic_prefixes() in tests/messages.rs",
                c.file, c.line, c.key
            ));
        }
    }

    for (prefix, values) in &table {
        for v in values {
            let key = format!("{prefix}{v}");
            if !keys.contains(&key) {
                problems.push(format!(
                    "nl.ftl is missing `{key}` (prefix \"{prefix}\", value \"{v}\")"
                ));
            }
        }
    }
    fail_if_any(
        &problems,
        "keys built from a prefix and a value are missing",
    );
}

// ---------------------------------------------------------------------------------------------
// (d) Keys used in Rust code

/// String literals `"error-…"` / `"flash-…"` anywhere, and any literal first argument of
/// `tr(` / `tr_args(` (the page context's helpers).
fn rust_keys() -> Vec<(String, usize, String)> {
    let mut out = vec![];
    let is_key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    for (file, text) in rust_sources("src") {
        let mut seen_at = BTreeSet::new();
        for prefix in ["\"error-", "\"flash-", "tr(\"", "tr_args(\""] {
            let mut from = 0;
            while let Some(pos) = text[from..].find(prefix) {
                let start = from + pos;
                let quote = start + prefix.find('"').expect("quote");
                from = quote + 1;
                let before = text[..start].chars().next_back().unwrap_or(' ');
                if prefix.starts_with("tr") && (before.is_alphanumeric() || before == '_') {
                    continue; // `attr("…")`, `str("…")`: not our helper
                }
                let body: String = text[quote + 1..]
                    .chars()
                    .take_while(|c| is_key_char(*c))
                    .collect();
                let closes = text[quote + 1 + body.len()..].starts_with('"');
                if prefix.starts_with("tr") && LANGS.contains(&body.as_str()) {
                    continue; // `i18n.tr("nl", …)`: the language, not the key
                }
                if !closes || body.is_empty() || body.ends_with('-') || !seen_at.insert(quote) {
                    continue; // not a whole key (`"error-{}"`), a prefix, or seen already
                }
                out.push((file.clone(), line_of(&text, quote), body));
            }
        }
    }
    out
}

#[test]
fn every_key_used_in_rust_exists() {
    let keys = nl_keys();
    let found = rust_keys();
    assert!(
        found.iter().any(|(_, _, k)| k.starts_with("error-")),
        "found no \"error-…\" literals in src/: is the scanner broken?"
    );
    let mut problems: Vec<String> = found
        .into_iter()
        .filter(|(_, _, k)| !keys.contains(k))
        .map(|(f, l, k)| format!("{f}:{l}: \"{k}\" is not in nl.ftl"))
        .collect();
    // `I18n::date` builds month-1 … month-12.
    for m in 1..=12 {
        let key = format!("month-{m}");
        if !keys.contains(&key) {
            problems.push(format!("src/i18n.rs (dates): \"{key}\" is not in nl.ftl"));
        }
    }
    fail_if_any(
        &problems,
        "Rust code uses message keys that nl.ftl does not define",
    );
}

// ---------------------------------------------------------------------------------------------
// (e) No UI text in templates outside message calls

const GONE: char = '\u{0}';

/// Blanks `text[start..end]`, keeping newlines so line numbers stay right.
fn blank(chars: &mut [char], start: usize, end: usize) {
    let end = end.min(chars.len());
    for c in &mut chars[start..end] {
        if *c != '\n' {
            *c = GONE;
        }
    }
}

fn find(chars: &[char], from: usize, pat: &str) -> Option<usize> {
    let p: Vec<char> = pat.chars().collect();
    (from..chars.len().saturating_sub(p.len() - 1)).find(|&i| chars[i..i + p.len()] == p[..])
}

fn find_ci(chars: &[char], from: usize, pat: &str) -> Option<usize> {
    let p: Vec<char> = pat.chars().collect();
    (from..chars.len().saturating_sub(p.len() - 1)).find(|&i| {
        chars[i..i + p.len()]
            .iter()
            .zip(&p)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

/// Blanks every `open … close` region (the whole region when `close` is missing).
fn blank_regions(chars: &mut [char], open: &str, close: &str, ci: bool) {
    let mut from = 0;
    loop {
        let start = if ci {
            find_ci(chars, from, open)
        } else {
            find(chars, from, open)
        };
        let Some(start) = start else { return };
        let after = start + open.chars().count();
        let end = if ci {
            find_ci(chars, after, close)
        } else {
            find(chars, after, close)
        };
        let end = end.map_or(chars.len(), |e| e + close.chars().count());
        blank(chars, start, end);
        from = end;
    }
}

/// Attributes whose value people see or hear.
const TEXT_ATTRIBUTES: &[&str] = &[
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "label",
];

/// `name="value"` pairs of a tag (without the `<name` and `>`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let chars: Vec<char> = tag.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == GONE || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != GONE {
            i += 1;
        }
        let name: String = chars[start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            let value = if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                let s = i + 1;
                i = s;
                while i < chars.len() && chars[i] != q {
                    i += 1;
                }
                let v: String = chars[s..i.min(chars.len())].iter().collect();
                i += 1;
                v
            } else {
                let s = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                chars[s..i].iter().collect()
            };
            out.push((name, value));
        } else if i == start {
            i += 1;
        }
    }
    out
}

fn has_letters(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
}

fn visible(s: &str) -> String {
    s.replace(GONE, "…")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text in a template that is not produced by a handlebars expression.
fn stray_template_text(file: &str, text: &str) -> Vec<String> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut problems = vec![];

    // Handlebars: comments first (they may hold `}}`), then triple, then double mustaches.
    blank_regions(&mut chars, "{{!--", "--}}", false);
    blank_regions(&mut chars, "{{!", "}}", false);
    blank_regions(&mut chars, "{{{", "}}}", false);
    blank_regions(&mut chars, "{{", "}}", false);
    // HTML comments, styles and scripts.
    blank_regions(&mut chars, "<!--", "-->", false);
    blank_regions(&mut chars, "<style", "</style>", true);
    blank_regions(&mut chars, "<script", "</script>", true);

    let line_at = |chars: &[char], i: usize| chars[..i].iter().filter(|c| **c == '\n').count() + 1;

    // Tags: check the attributes people perceive, then blank the tag.
    let mut i = 0;
    while i < chars.len() {
        let starts_tag = chars[i] == '<'
            && chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/' || *c == '!' || *c == '?');
        if !starts_tag {
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| chars[k] == '>')
            .unwrap_or(chars.len() - 1);
        let tag: String = chars[i + 1..end].iter().collect();
        let (name, rest) = tag
            .split_once(|c: char| c.is_whitespace() || c == GONE)
            .unwrap_or((tag.as_str(), ""));
        let name = name.to_ascii_lowercase();
        let attrs = attributes(rest);
        let input_type = attrs
            .iter()
            .find(|(n, _)| n == "type")
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default();
        for (attr, value) in &attrs {
            let shown = TEXT_ATTRIBUTES.contains(&attr.as_str())
                || (name == "input"
                    && attr == "value"
                    && matches!(input_type.as_str(), "submit" | "button" | "reset"));
            if shown && has_letters(&value.replace(GONE, " ")) {
                problems.push(format!(
                    "{file}:{}: attribute {attr}=\"{}\" on <{name}>",
                    line_at(&chars, i),
                    visible(value)
                ));
            }
        }
        blank(&mut chars, i, end + 1);
        i = end + 1;
    }

    // Character references (`&amp;`, `&middot;`, `&#8211;`) are punctuation here.
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&' {
            let end = (i + 1..chars.len().min(i + 12)).find(|&k| chars[k] == ';');
            if let Some(end) = end {
                let body: String = chars[i + 1..end].iter().collect();
                if !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '#') {
                    blank(&mut chars, i, end + 1);
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }

    // What is left between the blanked parts is literal text on the page.
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == GONE {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] != GONE {
            i += 1;
        }
        let piece: String = chars[start..i].iter().collect();
        let trimmed = piece.trim();
        if has_letters(trimmed) && !TEMPLATE_TEXT_WHITELIST.contains(&trimmed) {
            let first_letter = start + piece.chars().position(|c| c.is_alphabetic()).unwrap_or(0);
            problems.push(format!(
                "{file}:{}: text \"{}\"",
                line_at(&chars, first_letter),
                visible(trimmed)
            ));
        }
    }
    problems
}

#[test]
fn templates_have_no_text_outside_message_calls() {
    let mut problems = vec![];
    for (file, text) in templates() {
        problems.extend(stray_template_text(&file, &text));
    }
    fail_if_any(
        &problems,
        "templates contain UI text outside {{t …}}; move it into templates/messages/*.ftl",
    );
}

#[test]
fn the_stray_text_check_catches_text() {
    let found = stray_template_text(
        "sample.hbs",
        "<!-- a comment --><style>p { color: red }</style>\n<p>{{t \"x\"}} · 12</p>\n\
         <p>Hallo {{name}}</p><img alt=\"Logo\"><input type=\"submit\" value=\"Opslaan\">\
         <button value=\"nl\">English</button><a title=\"{{t \"y\"}}\">{{{t \"z\"}}}</a>",
    );
    let joined = found.join("\n");
    assert_eq!(
        found.len(),
        3,
        "expected exactly 3 findings, got:\n{joined}"
    );
    assert!(joined.contains("sample.hbs:3: text \"Hallo\""), "{joined}");
    assert!(joined.contains("alt=\"Logo\""), "{joined}");
    assert!(joined.contains("value=\"Opslaan\""), "{joined}");
}

// ---------------------------------------------------------------------------------------------
// (f) The translations are translations

#[test]
fn french_and_english_are_translated() {
    let i = I18n::load();
    let samples = [
        "status-submitted",
        "status-clarification-requested",
        "home-title",
        "home-intro",
        "nav-login",
        "kind-proposal",
        "role-council",
        "panel-kind-burgerplatform",
        "error-required",
        "month-3",
    ];
    let mut problems = vec![];
    for lang in ["fr", "en"] {
        for key in samples {
            assert!(i.has(lang, key), "{lang}.ftl has no `{key}`");
            let (nl, other) = (i.tr("nl", key, None), i.tr(lang, key, None));
            if nl == other {
                problems.push(format!("{lang} `{key}` is still Dutch: \"{other}\""));
            }
        }
    }
    assert_eq!(i.tr("fr", "month-3", None), "mars");
    assert_eq!(i.tr("en", "month-3", None), "March");
    assert_eq!(i.tr("fr", "site-name", None), "Burgerstem");
    assert_eq!(i.tr("en", "site-name", None), "Burgerstem");
    fail_if_any(&problems, "sample messages are not translated");
}

/// A message copied from nl.ftl without translating it shows Dutch to French- and English-
/// speaking people.
#[test]
fn no_message_is_left_in_dutch() {
    let i = I18n::load();
    let mut problems = vec![];
    for key in I18n::keys("nl") {
        if SAME_IN_TRANSLATION.contains(&key.as_str()) {
            continue;
        }
        let nl = i.tr("nl", &key, None);
        for lang in ["fr", "en"] {
            if i.has(lang, &key) && i.tr(lang, &key, None) == nl {
                problems.push(format!(
                    "{lang}.ftl `{key}` is the same as in Dutch: \"{nl}\" (translate it, or add \
                     the key to SAME_IN_TRANSLATION in tests/messages.rs)"
                ));
            }
        }
    }
    fail_if_any(&problems, "messages are not translated");
}
