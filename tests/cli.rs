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

/// The status line of a GET on a link the server printed, asked while it runs.
fn answer_of(link: &str) -> String {
    use std::io::Read;
    let rest = link.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let Ok(mut s) = std::net::TcpStream::connect(host) else {
        return "no answer".into();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.lines().next().unwrap_or("").to_string()
}

/// Starts the server, collects its standard output until it has launched, then stops it. A
/// setup link it prints is opened while it runs: (output, that link's answer).
fn first_lines(dir: &std::path::Path) -> String {
    first_lines_and_answer(dir).0
}

fn first_lines_and_answer(dir: &std::path::Path) -> (String, Option<String>) {
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
    let mut answer = None;
    let start = Instant::now();
    // The database is ready and the link printed before the server listens; give it a moment.
    while start.elapsed() < Duration::from_secs(8) {
        match rx.recv_timeout(Duration::from_millis(300)) {
            Ok(l) => {
                if let Some(at) = l.find("http://") {
                    if l.contains("/setup/") {
                        answer = Some(answer_of(l[at..].trim()));
                    }
                }
                out.push_str(&l);
                out.push('\n');
            }
            Err(_) if start.elapsed() > Duration::from_secs(3) => break,
            Err(_) => {}
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    (out, answer)
}

#[test]
fn a_new_installation_prints_its_setup_link_once() {
    let dir = tempfile::tempdir().unwrap();
    let (first, answer) = first_lines_and_answer(dir.path());
    // ROCKET_PORT=0: the link names the port the server really took, and it opens.
    assert!(first.contains("http://127.0.0.1:"), "first start: {first}");
    assert!(
        !first.contains(":8000/") && !first.contains(":0/"),
        "{first}"
    );
    assert_eq!(answer.as_deref(), Some("HTTP/1.1 200 OK"), "{first}");
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
