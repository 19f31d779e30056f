//! Burgerstem in a real browser: runs `node tests/browser/a11y.mjs` (headless Chromium, the
//! citizen's flow, a keyboard-only run, axe-core's WCAG 2.0/2.1 A and AA rules on every page of
//! every role in nl, fr and en at desktop width and 320 px) and `node tests/browser/journeys.mjs`
//! (each role's journeys on a 360 × 740 phone) against this build's binary.
//!
//! Needs /usr/bin/chromium (`apt-get install -y chromium`), Node.js and
//! `npm ci --prefix tests/browser`. Without them the test says SKIPPED on stderr and returns, unless
//! the environment variable CI is set: then it fails, so that CI never passes without running it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SKIP_HINT: &str = "browser tests need chromium and `npm ci --prefix tests/browser` \
     (apt-get install -y chromium; npm ci --prefix tests/browser; see tests/browser/README.md)";

/// Straight to standard error: libtest captures `eprintln!`, and a skip must be seen.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

fn chromium() -> PathBuf {
    PathBuf::from(std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()))
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// What is missing to run the browser tests, if anything.
fn missing(root: &Path) -> Vec<String> {
    let mut out = vec![];
    let browser = chromium();
    if !browser.exists() {
        out.push(format!("no browser at {}", browser.display()));
    }
    if !node_works() {
        out.push("no `node` on PATH".into());
    }
    for dep in ["playwright-core", "axe-core"] {
        if !root
            .join("tests/browser/node_modules")
            .join(dep)
            .join("package.json")
            .exists()
        {
            out.push(format!("tests/browser/node_modules/{dep} is not installed"));
        }
    }
    out
}

/// Whether the browser tests can run here: false (after a SKIPPED line on stderr) when
/// SKIP_BROWSER_TESTS is set or something is missing, except on CI, where a missing piece panics
/// and SKIP_BROWSER_TESTS is ignored.
fn can_run(root: &Path) -> bool {
    let on_ci = std::env::var_os("CI").is_some();
    // A few minutes of browser: a developer may leave it out of a quick `cargo test`, CI may not.
    if std::env::var_os("SKIP_BROWSER_TESTS").is_some() {
        if on_ci {
            say("SKIP_BROWSER_TESTS is ignored on CI: running the browser tests.");
        } else {
            say("SKIPPED: browser tests, because SKIP_BROWSER_TESTS is set.");
            return false;
        }
    }
    let missing = missing(root);
    if !missing.is_empty() {
        let why = missing.join("; ");
        if on_ci {
            panic!("browser tests cannot run on CI: {why}. {SKIP_HINT}");
        }
        say(&format!("SKIPPED: {SKIP_HINT}. Missing: {why}."));
        return false;
    }
    true
}

/// Runs `node tests/browser/<script>` against this build's binary and fails on its failure.
fn run_script(root: &Path, script: &str, artifacts: &str) {
    // The child's output goes straight to this process's stdout and stderr, so it shows with or
    // without --nocapture.
    let status = Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .current_dir(root)
        .env("BURGERSTEM_BIN", env!("CARGO_BIN_EXE_burgerstem"))
        .env("CHROMIUM", chromium())
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .status()
        .expect("cannot start node");
    assert!(
        status.success(),
        "the browser tests in {script} failed ({status}); see the output above and {artifacts}"
    );
}

#[test]
fn browser_flows_and_wcag_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if can_run(root) {
        run_script(root, "a11y.mjs", "tests/artifacts/browser/");
    }
}

/// The journeys of each role on a phone (360 × 740): the guided form without JavaScript keeping
/// its words across language and display switches, the council's agenda with the panels' words,
/// no minutes before a meeting, the visitor's public pages without names, named and focused
/// error summaries, the phone layout, the home pages and the inbox; axe-core on every state.
#[test]
fn browser_journeys_on_a_phone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if can_run(root) {
        run_script(root, "journeys.mjs", "tests/artifacts/journeys/");
    }
}
