//! Running Burgerstem as an operator does (issue 15): the binary alone in an empty folder, start-up
//! failures in one line, logs without personal data, health and metrics, compression and
//! cacheable static files.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{request, Resp};

/// A copy of the binary, alone in a folder of its own.
fn lone_binary(dir: &Path) -> PathBuf {
    let to = dir.join("burgerstem");
    std::fs::copy(support::bin(), &to).expect("copy the binary");
    to
}

/// The binary started in `dir` with only these settings; returns it with its port once it
/// listens, and the file its standard error goes to.
fn start_in(dir: &Path, envs: &[(&str, &str)]) -> (Child, u16, PathBuf) {
    let log = dir.join("stderr.log");
    let mut cmd = Command::new(dir.join("burgerstem"));
    cmd.current_dir(dir)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROCKET_PORT", "0")
        .env("ROCKET_REQUIRE_SECOND_FACTOR", "false")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(at) = text.find("Burgerstem is listening") {
            let line = text[at..].lines().next().unwrap_or("");
            let port = line
                .split("address=")
                .nth(1)
                .and_then(|a| a.split_whitespace().next())
                .and_then(|a| a.trim_matches('"').rsplit(':').next())
                .and_then(|p| p.parse().ok())
                .or_else(|| json_port(&text));
            if let Some(port) = port {
                return (child, port, log);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!(
        "the server did not start:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

fn json_port(text: &str) -> Option<u16> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["message"] == "Burgerstem is listening")
        .and_then(|v| v["address"].as_str()?.rsplit(':').next()?.parse().ok())
}

fn get(port: u16, path: &str, headers: &[(&str, String)]) -> Resp {
    request(port, "GET", path, headers, None).expect("request")
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn the_binary_alone_in_an_empty_folder_serves_every_page_and_file() {
    let dir = tempfile::tempdir().unwrap();
    lone_binary(dir.path());
    // The demo first, so that there is something to show.
    let out = Command::new(dir.path().join("burgerstem"))
        .current_dir(dir.path())
        .arg("demo")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (child, port, log) = start_in(dir.path(), &[("BURGERSTEM_LOG", "info")]);
    for path in [
        "/",
        "/login",
        "/zones/DEMO/public",
        "/zones/DEMO/signals/new",
        "/toegankelijkheid",
        "/api",
        "/healthz",
    ] {
        let r = get(port, path, &[]);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
    }
    // Every static file a page links to, with its version: cached for a year.
    let page = get(port, "/login", &[]).body;
    let links: Vec<&str> = page
        .split("\"/static/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert!(links.len() >= 3, "{page}");
    for l in links {
        let r = get(port, &format!("/static/{}", l.replace("&amp;", "&")), &[]);
        assert_eq!(r.status, 200, "{l}");
        assert_eq!(
            r.header("Cache-Control"),
            Some("public, max-age=31536000, immutable"),
            "{l}"
        );
        let etag = r.header("ETag").unwrap().to_string();
        let again = get(port, &format!("/static/{l}"), &[("If-None-Match", etag)]);
        assert_eq!(again.status, 304, "{l}");
    }
    let icon = get(port, "/favicon.ico", &[]);
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("Content-Type"), Some("image/svg+xml"));
    // Pages are compressed when asked.
    let r = get(
        port,
        "/zones/DEMO/public",
        &[("Accept-Encoding", "gzip, br".into())],
    );
    assert_eq!(r.header("Content-Encoding"), Some("br"));
    let r = get(
        port,
        "/zones/DEMO/public",
        &[("Accept-Encoding", "gzip".into())],
    );
    assert_eq!(r.header("Content-Encoding"), Some("gzip"));
    stop(child);
    // It made its data folder where it was started, and said where it listens, at INFO.
    assert!(dir.path().join("data/burgerstem.db").exists());
    let text = std::fs::read_to_string(log).unwrap();
    assert!(
        text.contains("INFO") && text.contains("Burgerstem is listening"),
        "{text}"
    );
    assert!(
        !text.contains("WARN Rocket") && !text.contains('\u{1b}'),
        "no colour codes, no Rocket warnings: {text}"
    );
}

/// Runs `serve` in `dir` expecting it to refuse to start; returns its standard error.
fn refused(dir: &Path, envs: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(dir.join("burgerstem"));
    cmd.current_dir(dir)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ROCKET_REQUIRE_SECOND_FACTOR", "false")
        .env("ROCKET_PORT", "0");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    // "Text file busy": see `run`.
    let mut tries = 0;
    let mut child = loop {
        match cmd.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    };
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            for l in BufReader::new(child.stderr.take().unwrap()).lines() {
                err.push_str(&l.unwrap());
                err.push('\n');
            }
            assert!(!status.success(), "it must not start: {envs:?}");
            assert!(
                !err.contains("panicked") && !err.contains("backtrace"),
                "{err}"
            );
            return err;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("it started anyway: {envs:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn every_failed_start_says_in_one_line_which_setting_to_change() {
    let dir = tempfile::tempdir().unwrap();
    lone_binary(dir.path());
    let err = refused(dir.path(), &[("ROCKET_PORT", "achtduizend")]);
    assert!(
        err.to_lowercase().contains("port") && err.contains("achtduizend"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let err = refused(dir.path(), &[("ROCKET_TEMPLATE_DIR", "/geen/map")]);
    assert!(
        err.contains("template_dir") && err.contains("/geen/map"),
        "{err}"
    );
    let err = refused(
        dir.path(),
        &[("ROCKET_TRUSTED_PROXIES", "[\"proxy.example\"]")],
    );
    assert!(err.contains("trusted_proxies"), "{err}");
    let err = refused(
        dir.path(),
        &[(
            "ROCKET_DATABASE_URL",
            "postgres://burgerstem:geheim@127.0.0.1:1/burgerstem",
        )],
    );
    assert!(
        err.contains("cannot reach the database") && err.contains("database_url"),
        "{err}"
    );
    assert!(
        !err.contains("geheim"),
        "the password stays out of the log: {err}"
    );
    // A folder it may not write.
    let ro = dir.path().join("alleen-lezen");
    std::fs::create_dir(&ro).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o555);
    std::fs::set_permissions(&ro, perm).unwrap();
    let url = format!("sqlite://{}/db.sqlite", ro.display());
    if nix_is_root() {
        eprintln!(
            "note: running as root, which may write anywhere: the read-only folder case is skipped"
        );
    } else {
        let err = refused(dir.path(), &[("ROCKET_DATABASE_URL", &url)]);
        assert!(err.contains("database"), "{err}");
    }
    // The port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let err = refused(dir.path(), &[("ROCKET_PORT", &port)]);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")) && err.contains("ROCKET_PORT"),
        "{err}"
    );
    // A database from a newer Burgerstem.
    let (child, _, _) = start_in(dir.path(), &[]);
    stop(child);
    let db = dir.path().join("data/burgerstem.db");
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg("INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)")
        .status();
    match status {
        Ok(s) if s.success() => {
            let err = refused(dir.path(), &[]);
            assert!(err.contains("newer Burgerstem"), "{err}");
        }
        _ => {
            // Without the sqlite3 program, the same row through the binary's own driver.
            insert_future_migration(&db);
            let err = refused(dir.path(), &[]);
            assert!(err.contains("newer Burgerstem"), "{err}");
        }
    }
}

fn nix_is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

fn insert_future_migration(db: &Path) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

#[test]
fn no_password_or_body_text_reaches_the_log() {
    let dir = tempfile::tempdir().unwrap();
    lone_binary(dir.path());
    let (child, port, log) = start_in(dir.path(), &[("BURGERSTEM_LOG", "json,debug")]);
    let secret = "geheim-wachtwoord-Zonnebloem-77";
    // A login whose JSON does not parse, one of the wrong type, and a form that does not.
    for body in [
        format!("{{\"email\": \"an@demostreek.example\", \"password\": \"{secret}\""),
        format!("{{\"email\": 12, \"password\": \"{secret}\"}}"),
        format!(
            "{{\"email\": \"an@demostreek.example\", \"password\": \"{secret}\", \"code\": 3}}"
        ),
    ] {
        let r = request(
            port,
            "POST",
            "/api/v1/tokens",
            &[],
            Some(("application/json", body.into_bytes())),
        )
        .unwrap();
        assert!((400..500).contains(&r.status), "{}", r.body);
    }
    let r = request(
        port,
        "POST",
        "/api/v1/tokens",
        &[],
        Some((
            "application/json",
            format!("{{\"email\": 12, \"password\": \"{secret}\"}}").into_bytes(),
        )),
    )
    .unwrap();
    assert_eq!(r.status, 422);
    assert!(
        r.json()["error"]["fields"]["email"].is_string(),
        "the answer names the field: {}",
        r.body
    );
    let form = format!("email=an%40demostreek.example&password={secret}&csrf=x&next=%2F");
    let r = request(
        port,
        "POST",
        "/login",
        &[],
        Some(("application/x-www-form-urlencoded", form.into_bytes())),
    )
    .unwrap();
    assert_eq!(r.status, 403);
    let form = format!("email=an%40demostreek.example&password={secret}");
    let _ = request(
        port,
        "POST",
        "/login",
        &[],
        Some(("application/x-www-form-urlencoded", form.into_bytes())),
    )
    .unwrap();
    // A login that reaches the use case: its span is logged by name, never with its arguments.
    let r = request(
        port,
        "POST",
        "/api/v1/tokens",
        &[],
        Some((
            "application/json",
            format!("{{\"email\": \"niemand@demostreek.example\", \"password\": \"{secret}\"}}")
                .into_bytes(),
        )),
    )
    .unwrap();
    assert_eq!(r.status, 401, "{}", r.body);
    // A reset link's secret is in its path: the log names the route, not the path.
    let _ = get(port, "/wachtwoord/0123456789abcdef-geheime-link", &[]);
    stop(child);
    let text = std::fs::read_to_string(log).unwrap();
    assert!(
        !text.contains(secret),
        "the password reached the log:\n{text}"
    );
    assert!(
        !text.contains("geheime-link"),
        "a link's secret reached the log:\n{text}"
    );
    // One JSON object per line, each request with its id.
    let mut requests = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        if v["message"] == "request" {
            requests += 1;
            assert!(
                v["request"].as_str().is_some_and(|id| id.len() >= 8),
                "{line}"
            );
            assert!(v["route"].is_string() && v["status"].is_number(), "{line}");
        }
    }
    assert!(requests >= 6, "{text}");
    // The use case that ran, and how long it worked and waited (on the database, mostly).
    let login = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["message"] == "close" && v["span"]["name"] == "accounts::login")
        .unwrap_or_else(|| panic!("no line for the login use case:\n{text}"));
    assert!(
        login["time.busy"].is_string() && login["time.idle"].is_string(),
        "{login}"
    );
}

#[test]
fn health_readiness_and_metrics_answer_as_load_balancers_expect() {
    let dir = tempfile::tempdir().unwrap();
    lone_binary(dir.path());
    let (child, port, _) = start_in(
        dir.path(),
        &[
            ("ROCKET_METRICS_TOKEN", "metriek-sleutel"),
            ("ROCKET_MAIL_INTERVAL_SECONDS", "1"),
        ],
    );
    assert_eq!(get(port, "/healthz", &[]).status, 200);
    let ready = get(port, "/readyz", &[]);
    assert_eq!(ready.status, 200, "{}", ready.body);
    let _ = get(port, "/login", &[]);
    let m = get(port, "/metrics", &[]);
    assert_eq!(m.status, 200);
    for name in [
        "burgerstem_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"}",
        "burgerstem_http_request_duration_seconds_bucket",
        "burgerstem_state{what=\"db_pool_connections\"}",
        "burgerstem_state{what=\"outbox_pending\"}",
        "burgerstem_keeper_runs_total",
    ] {
        assert!(m.body.contains(name), "{name} missing:\n{}", m.body);
    }
    // Three requests answered before, and the scrape itself still being answered.
    assert!(
        m.body
            .lines()
            .any(|l| l == "burgerstem_http_requests_in_flight 1"),
        "requests in flight during the scrape:\n{}",
        m.body
    );
    // Through a proxy (anyone): only with the token.
    let proxied = [("X-Forwarded-For", "203.0.113.7".to_string())];
    assert_eq!(get(port, "/metrics", &proxied).status, 404);
    let with_token = [
        ("X-Forwarded-For", "203.0.113.7".to_string()),
        ("Authorization", "Bearer metriek-sleutel".to_string()),
    ];
    assert_eq!(get(port, "/metrics", &with_token).status, 200);
    // The container's health check asks the same.
    let out = Command::new(dir.path().join("burgerstem"))
        .current_dir(dir.path())
        .arg("health")
        .env_clear()
        .env("ROCKET_PORT", port.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stop(child);
    let out = Command::new(dir.path().join("burgerstem"))
        .current_dir(dir.path())
        .arg("health")
        .env_clear()
        .env("ROCKET_PORT", port.to_string())
        .output()
        .unwrap();
    assert!(!out.status.success(), "a stopped server is not healthy");
}

/// Runs the lone binary with arguments in `dir`; (success, standard output and error).
fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    // A binary copied a moment ago can still be open for writing in a child another test forked
    // meanwhile (it inherited the descriptor): Linux then refuses to run it ("text file busy")
    // until that child has exec'd. Wait a moment and try again.
    let mut tries = 0;
    let out = loop {
        match Command::new(dir.join("burgerstem"))
            .current_dir(dir)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .output()
        {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    };
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn a_backup_restores_after_its_checks_and_never_over_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lone_binary(d);
    assert!(run(d, &["demo"]).0);
    let (child, port, _) = start_in(d, &[]);
    let (ok, out) = run(d, &["backup", "copy.db"]);
    assert!(ok, "{out}");
    // A change after the backup.
    let token = support::api(
        port,
        "POST",
        "/api/v1/tokens",
        None,
        Some(serde_json::json!({"email": "an@demostreek.example", "password": "demostreek-2026"})),
    )
    .unwrap()
    .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = support::api(port, "POST", "/api/v1/zones/DEMO/items", Some(&token), Some(serde_json::json!({"panel": "burgerplatform", "kind": "question", "title": "Na de back-up geschreven", "text": "Dit staat niet in de kopie."}))).unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    // Not over a running server.
    let (ok, out) = run(d, &["restore", "copy.db"]);
    assert!(!ok && out.contains("stop the server first"), "{out}");
    stop(child);
    // A damaged copy is refused and nothing changes.
    std::fs::write(
        d.join("kapot.db"),
        b"SQLite format 3\0 dit is geen database",
    )
    .unwrap();
    let before = std::fs::read(d.join("data/burgerstem.db")).unwrap();
    let (ok, out) = run(d, &["restore", "kapot.db"]);
    assert!(!ok && out.contains("nothing was changed"), "{out}");
    assert_eq!(std::fs::read(d.join("data/burgerstem.db")).unwrap(), before);
    // The sound copy goes in; the old file stays beside it.
    let (ok, out) = run(d, &["restore", "copy.db"]);
    assert!(ok && out.contains("events verified"), "{out}");
    let kept = std::fs::read_dir(d.join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("before-restore"));
    assert!(kept, "the previous database is kept");
    let (child, port, _) = start_in(d, &[]);
    let public = get(port, "/zones/DEMO/public", &[]);
    assert_eq!(public.status, 200);
    let token = support::api(
        port,
        "POST",
        "/api/v1/tokens",
        None,
        Some(serde_json::json!({"email": "an@demostreek.example", "password": "demostreek-2026"})),
    )
    .unwrap()
    .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let items = support::api(port, "GET", "/api/v1/zones/DEMO/items", Some(&token), None).unwrap();
    assert!(
        !items.body.contains("Na de back-up geschreven"),
        "the backup's state is back"
    );
    stop(child);
    let (ok, out) = run(d, &["verify"]);
    assert!(ok, "{out}");
}

#[test]
fn scheduled_backups_keep_only_the_newest_copies() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}/db.sqlite", dir.path().display());
        let db = burgerstem::db::Db::connect(&url).await.unwrap();
        let settings = burgerstem::settings::Settings {
            data_dir: dir.path().to_path_buf(),
            backup_keep: 2,
            ..Default::default()
        };
        let app =
            burgerstem::app::App::new(db, burgerstem::domain::clock::Clock::system(), settings);
        let mut written = vec![];
        for _ in 0..3 {
            written.push(burgerstem::backups::scheduled(&app).await.unwrap());
            // Copies are named by the second they were made.
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let left: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(!written[0].exists(), "the oldest went");
        assert!(written[2].exists());
    });
}
