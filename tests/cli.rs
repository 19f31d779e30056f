//! The command line: first start on an empty installation, creating an administrator without a
//! browser, the demo, and `verify` exit codes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_burgerstem")
}

fn base(dir: &std::path::Path) -> Command {
    let mut c = Command::new(bin());
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ROCKET_DATA_DIR", dir)
        .env(
            "ROCKET_DATABASE_URL",
            format!("sqlite://{}/db.sqlite", dir.display()),
        )
        .env("ROCKET_PORT", "0")
        .env("ROCKET_LOG_LEVEL", "off")
        .env("BURGERSTEM_LOG", "warn");
    c
}

/// Starts the server, collects its standard output until it has launched, then stops it.
fn first_lines(dir: &std::path::Path) -> String {
    let mut child = base(dir)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut out = String::new();
    let start = Instant::now();
    // The database is ready and the link printed before the server listens; give it a moment.
    while start.elapsed() < Duration::from_secs(8) {
        match rx.recv_timeout(Duration::from_millis(300)) {
            Ok(l) => {
                out.push_str(&l);
                out.push('\n');
            }
            Err(_) if start.elapsed() > Duration::from_secs(3) => break,
            Err(_) => {}
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    out
}

#[test]
fn a_new_installation_prints_its_setup_link_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = first_lines(dir.path());
    assert!(
        first.contains("http://127.0.0.1:8000/setup/"),
        "first start: {first}"
    );
    assert!(
        dir.path().join("db.sqlite").exists(),
        "the database was created"
    );
    let key = dir.path().join("secret.key");
    assert!(key.exists(), "a secret key was generated");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let second = first_lines(dir.path());
    assert!(!second.contains("/setup/"), "printed once: {second}");
    // A fresh link on request.
    let out = base(dir.path())
        .args(["admin", "setup-link"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("/setup/"));
}

#[test]
fn an_administrator_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |password: &str| {
        let mut child = base(dir.path())
            .args([
                "admin",
                "create-user",
                "--email",
                "Root@Example.be",
                "--name",
                "Root",
                "--role",
                "platform-admin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("kort\n");
    assert!(!out.status.success(), "a short password is refused");
    let out = run("een lang genoeg wachtwoord\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("root@example.be"));
    let out = run("een lang genoeg wachtwoord\n");
    assert!(!out.status.success(), "the same email twice is refused");
    // Now the installation has people: the demo refuses to mix in.
    let out = base(dir.path()).arg("demo").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty database"));
}

#[test]
fn the_demo_fills_an_empty_database_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let out = base(dir.path())
        .args(["demo", "--password", "demo-wachtwoord"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("an@demostreek.example") && text.contains("demo-wachtwoord"));
    let out = base(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 1 zones,"));
}
