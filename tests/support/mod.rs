//! Harness for the fault tests: the real `burgerstem` binary as a child process on a SQLite file
//! in a temporary folder, a tiny HTTP/1.1 client over `std::net::TcpStream`, and checks that read
//! the database file directly.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "een heel goed wachtwoord";
pub const ZONE: &str = "DUUR";
pub const PANEL: &str = "burgers";
pub const ADMIN: &str = "root@duur.test";
pub const CITIZEN: &str = "burger@duur.test";
const SECRET_KEY: &str = "4f9a6c1de2b37a8e5f60c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_burgerstem")
}

fn manifest(p: &str) -> String {
    format!("{}/{}", env!("CARGO_MANIFEST_DIR"), p)
}

// ---------------------------------------------------------------------------------------------
// A small PRNG (xorshift64*), seeded from the clock; the seed is printed so a run can be repeated.

pub struct Rng(u64);

impl Rng {
    pub fn from_env_or_time() -> Rng {
        let seed = std::env::var("BURGERSTEM_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("PRNG seed {seed} (repeat with BURGERSTEM_FAULT_SEED={seed})");
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 client (one request per connection, `Connection: close`).

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<(&str, Vec<u8>)>,
) -> std::io::Result<Resp> {
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
    // Longer than the server's 10 s busy timeout, so a queued write is not taken for a failure.
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept-Language: nl\r\n"
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    let body_bytes = match body {
        Some((ct, b)) => {
            req.push_str(&format!(
                "Content-Type: {ct}\r\nContent-Length: {}\r\n",
                b.len()
            ));
            b
        }
        None => {
            if method == "POST" {
                req.push_str("Content-Length: 0\r\n");
            }
            vec![]
        }
    };
    req.push_str("\r\n");
    s.write_all(req.as_bytes())?;
    s.write_all(&body_bytes)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<Resp> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("incomplete response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("truncated chunked body"))?;
    } else if let Some(len) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        if body.len() < len {
            return Err(bad("truncated body"));
        }
        body.truncate(len);
    }
    Ok(Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size_txt = String::from_utf8_lossy(&b[..eol]);
        let size = usize::from_str_radix(size_txt.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

pub fn api(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> std::io::Result<Resp> {
    let mut h = vec![];
    if let Some(t) = token {
        h.push(("Authorization", format!("Bearer {t}")));
    }
    let body = body.map(|b| ("application/json", b.to_string().into_bytes()));
    request(port, method, path, &h, body)
}

/// A browser-like session: keeps cookies, posts forms with the CSRF token.
pub struct Browser {
    pub port: u16,
    cookies: HashMap<String, String>,
    pub csrf: String,
}

impl Browser {
    pub fn new(port: u16) -> Browser {
        Browser {
            port,
            cookies: HashMap::new(),
            csrf: String::new(),
        }
    }

    fn cookie_header(&self) -> Vec<(&'static str, String)> {
        if self.cookies.is_empty() {
            return vec![];
        }
        let c = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        vec![("Cookie", c)]
    }

    fn keep_cookies(&mut self, r: &Resp) {
        for (k, v) in &r.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let pair = v.split(';').next().unwrap_or("");
                if let Some((name, value)) = pair.split_once('=') {
                    if value.is_empty() || v.contains("Max-Age=0") {
                        self.cookies.remove(name.trim());
                    } else {
                        self.cookies
                            .insert(name.trim().to_string(), value.trim().to_string());
                    }
                }
            }
        }
        // Remember the CSRF token of the latest form.
        if let Some(i) = r.body.find("name=\"csrf\" value=\"") {
            let rest = &r.body[i + 19..];
            if let Some(end) = rest.find('"') {
                self.csrf = rest[..end].to_string();
            }
        }
    }

    pub fn get(&mut self, path: &str) -> std::io::Result<Resp> {
        let h = self.cookie_header();
        let r = request(self.port, "GET", path, &h, None)?;
        self.keep_cookies(&r);
        Ok(r)
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> std::io::Result<Resp> {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        all.push(("csrf", &csrf));
        let body = all
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let h = self.cookie_header();
        let r = request(
            self.port,
            "POST",
            path,
            &h,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
        )?;
        self.keep_cookies(&r);
        Ok(r)
    }

    /// Logs in through the login form; panics unless it redirects with a session.
    pub fn login(&mut self, email: &str, password: &str) {
        let r = self.get("/login").expect("GET /login");
        assert_eq!(r.status, 200, "login page");
        assert!(!self.csrf.is_empty(), "the login form carries a CSRF token");
        let r = self
            .post_form(
                "/login",
                &[("email", email), ("password", password), ("next", "/")],
            )
            .expect("POST /login");
        assert_eq!(r.status, 303, "login redirects: {}", r.body);
        assert!(
            self.cookies.contains_key("bs_session"),
            "session cookie set"
        );
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The server as a child process.

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Where a test's server keeps its things.
#[derive(Clone)]
pub struct Place {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
}

impl Place {
    pub fn new(data_dir: &Path, db_path: &Path) -> Place {
        std::fs::create_dir_all(data_dir).unwrap();
        Place {
            data_dir: data_dir.to_path_buf(),
            db_path: db_path.to_path_buf(),
        }
    }

    pub fn url(&self) -> String {
        db_url(&self.db_path)
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("ROCKET_DATA_DIR", &self.data_dir)
            .env("ROCKET_DATABASE_URL", self.url())
            .env("ROCKET_TEMPLATE_DIR", manifest("templates"))
            .env("ROCKET_STATIC_DIR", manifest("static"))
            .env("ROCKET_SECRET_KEY", SECRET_KEY)
            .env("ROCKET_REQUIRE_SECOND_FACTOR", "false")
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_LOG_LEVEL", "off")
            .env("ROCKET_CLI_COLORS", "false")
            .env("BURGERSTEM_LOG", "warn")
            .env_remove("BURGERSTEM_DATABASE_URL");
        c
    }

    fn log_path(&self) -> PathBuf {
        self.data_dir.join("server.log")
    }

    /// Starts the server without waiting for it.
    pub fn spawn(&self) -> Server {
        let port = free_port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap();
        let child = self
            .command()
            .arg("serve")
            .env("ROCKET_PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start burgerstem");
        Server {
            child: Some(child),
            port,
            log: self.log_path(),
        }
    }

    /// Starts the server and waits until it accepts connections (tries a new port once if the
    /// one chosen was taken in between).
    pub fn start(&self) -> Server {
        for _ in 0..3 {
            let mut s = self.spawn();
            if s.wait_ready(Duration::from_secs(30)) {
                return s;
            }
            s.kill();
        }
        panic!("the server did not start; log:\n{}", tail(&self.log_path()));
    }

    /// `burgerstem admin create-user` with the password on standard input.
    pub fn create_admin(&self, email: &str) {
        let mut child = self
            .command()
            .args([
                "admin",
                "create-user",
                "--email",
                email,
                "--name",
                "Beheer",
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
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "create-user: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

pub fn db_url(p: &Path) -> String {
    format!("sqlite://{}", p.display())
}

pub fn tail(p: &Path) -> String {
    let s = std::fs::read_to_string(p).unwrap_or_default();
    let start = s.len().saturating_sub(3000);
    let mut i = start;
    while !s.is_char_boundary(i) {
        i += 1;
    }
    s[i..].to_string()
}

/// A running server; killed (SIGKILL) when dropped, so a failing test leaves nothing behind.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    log: PathBuf,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    pub fn wait_ready(&mut self, limit: Duration) -> bool {
        let start = Instant::now();
        let addr: SocketAddr = format!("127.0.0.1:{}", self.port).parse().unwrap();
        while start.elapsed() < limit {
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(_)) = c.try_wait() {
                    return false;
                }
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(15));
        }
        false
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    /// SIGKILL, then reap.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Sends SIGTERM (through `kill`, no libc needed).
    pub fn term(&self) {
        let st = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(st.success());
    }

    /// Waits for the process to end; returns its exit code (None: signal), or None on timeout
    /// after which the process is killed.
    pub fn wait_exit(&mut self, limit: Duration) -> Result<Option<i32>, ()> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(st)) = c.try_wait() {
                    self.child = None;
                    return Ok(st.code());
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        Err(())
    }

    /// Graceful stop: SIGTERM and wait.
    pub fn stop(&mut self) {
        if self.child.is_some() {
            self.term();
            let r = self.wait_exit(Duration::from_secs(20));
            assert!(r.is_ok(), "the server did not stop within 20 s of SIGTERM");
        }
    }

    pub fn log(&self) -> String {
        tail(&self.log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.is_some() {
            self.kill();
            if std::thread::panicking() {
                eprintln!("--- server log (tail) ---\n{}", tail(&self.log));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A zone with a panel and a citizen, made the way an operator would: CLI, then the API.

pub struct Fixture {
    pub admin_token: String,
    pub citizen_token: String,
}

pub fn provision(place: &Place) -> (Fixture, Server) {
    place.create_admin(ADMIN);
    let server = place.start();
    let port = server.port;
    let admin_token = login(port, ADMIN);
    let r = api(
        port,
        "POST",
        "/api/v1/zones",
        Some(&admin_token),
        Some(json!({"code": ZONE, "name": "ELZ Duurzaam"})),
    )
    .unwrap();
    assert_eq!(r.status, 201, "zone: {}", r.body);
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/panels"),
        Some(&admin_token),
        Some(json!({"slug": PANEL, "name": "Burgerplatform", "kind": "burgerplatform"})),
    )
    .unwrap();
    assert_eq!(r.status, 201, "panel: {}", r.body);
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/invitations"),
        Some(&admin_token),
        Some(json!({"email": CITIZEN, "name": "Burger Duur", "role": "citizen", "panel": PANEL})),
    )
    .unwrap();
    assert_eq!(r.status, 201, "invitation: {}", r.body);
    let inv = r.json()["token"]
        .as_str()
        .expect("invitation token")
        .to_string();
    let r = api(
        port,
        "POST",
        &format!("/api/v1/invitations/{inv}"),
        None,
        Some(json!({"password": PASSWORD})),
    )
    .unwrap();
    assert_eq!(r.status, 201, "accept: {}", r.body);
    let citizen_token = login(port, CITIZEN);
    (
        Fixture {
            admin_token,
            citizen_token,
        },
        server,
    )
}

pub fn login(port: u16, email: &str) -> String {
    let r = api(
        port,
        "POST",
        "/api/v1/tokens",
        None,
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .unwrap();
    assert_eq!(r.status, 201, "login {email}: {}", r.body);
    r.json()["token"].as_str().unwrap().to_string()
}

pub fn new_item_body(title: &str) -> Value {
    json!({"panel": PANEL, "kind": "proposal", "title": title,
           "text": format!("Wij vragen: {title}. Dit moet bewaard blijven."), "heard_at": null})
}

// ---------------------------------------------------------------------------------------------
// Load: create + submit as fast as possible, remembering what the server acknowledged.

#[derive(Default, Debug, Clone)]
pub struct Acked {
    /// Items whose creation got 201: id → reference.
    pub created: HashMap<i64, String>,
    /// Items whose submission got 200: id → reference.
    pub submitted: HashMap<i64, String>,
    /// Non-2xx answers by status.
    pub refused: HashMap<u16, u64>,
    pub conn_errors: u64,
}

impl Acked {
    pub fn merge(&mut self, o: &Acked) {
        self.created
            .extend(o.created.iter().map(|(k, v)| (*k, v.clone())));
        self.submitted
            .extend(o.submitted.iter().map(|(k, v)| (*k, v.clone())));
        for (k, v) in &o.refused {
            *self.refused.entry(*k).or_default() += v;
        }
        self.conn_errors += o.conn_errors;
    }
}

/// Creates and submits items until `stop` is set or, when `stop_on_error`, the first failure.
/// Every acknowledgement is recorded in `acked` at once (so a reader sees it while this runs).
pub fn submit_loop(
    port: u16,
    token: &str,
    tag: &str,
    stop: &AtomicBool,
    stop_on_error: bool,
    acked: &Mutex<Acked>,
) {
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let title = format!("{tag} punt {n}");
        let fail = |e: Result<u16, ()>| {
            let mut a = acked.lock().unwrap();
            match e {
                Ok(s) => *a.refused.entry(s).or_default() += 1,
                Err(()) => a.conn_errors += 1,
            }
        };
        let r = match api(
            port,
            "POST",
            &format!("/api/v1/zones/{ZONE}/items"),
            Some(token),
            Some(new_item_body(&title)),
        ) {
            Ok(r) => r,
            Err(_) => {
                fail(Err(()));
                if stop_on_error {
                    return;
                }
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
        };
        if r.status != 201 {
            fail(Ok(r.status));
            if stop_on_error {
                return;
            }
            continue;
        }
        let v = r.json();
        let id = v["id"].as_i64().expect("id");
        let reference = v["reference"].as_str().expect("reference").to_string();
        assert_eq!(v["status"], "draft", "{v}");
        acked.lock().unwrap().created.insert(id, reference.clone());
        match api(
            port,
            "POST",
            &format!("/api/v1/items/{id}/submit"),
            Some(token),
            None,
        ) {
            Ok(r) if r.status == 200 => {
                let v = r.json();
                assert_eq!(v["status"], "submitted", "{v}");
                assert_eq!(v["reference"].as_str(), Some(reference.as_str()));
                acked.lock().unwrap().submitted.insert(id, reference);
            }
            Ok(r) => {
                fail(Ok(r.status));
                if stop_on_error {
                    return;
                }
            }
            Err(_) => {
                fail(Err(()));
                if stop_on_error {
                    return;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Looking into the database file itself.

#[derive(Debug, Default)]
pub struct DbReport {
    pub integrity: String,
    /// id → (reference, status, submitted_at is set)
    pub items: HashMap<i64, (String, String, bool)>,
    pub events: i64,
    /// Item rows without their 'created' event.
    pub without_created: i64,
    /// Submitted items (submitted_at set) without a 'submitted' event.
    pub submitted_without_event: i64,
    /// Items whose status says submitted (or later) but whose submitted_at is empty, or the reverse.
    pub status_mismatch: i64,
    /// 'submitted' events for items that are still drafts.
    pub event_without_state: i64,
    /// Item events pointing at no item.
    pub orphan_events: i64,
}

impl DbReport {
    /// Nothing half-written: every state change has its event and every event its state.
    pub fn assert_consistent(&self, what: &str) {
        assert_eq!(self.integrity, "ok", "{what}: PRAGMA integrity_check");
        assert_eq!(
            self.without_created, 0,
            "{what}: items without a 'created' event"
        );
        assert_eq!(
            self.submitted_without_event, 0,
            "{what}: submitted items without a 'submitted' event"
        );
        assert_eq!(
            self.status_mismatch, 0,
            "{what}: status and submitted_at disagree"
        );
        assert_eq!(
            self.event_without_state, 0,
            "{what}: 'submitted' events on drafts"
        );
        assert_eq!(self.orphan_events, 0, "{what}: item events without an item");
    }

    /// Every acknowledged submission is present, submitted, with the same reference.
    pub fn assert_has_submitted(&self, what: &str, acked: &HashMap<i64, String>) {
        let mut missing = vec![];
        for (id, reference) in acked {
            match self.items.get(id) {
                Some((r, status, submitted))
                    if r == reference && *submitted && status != "draft" => {}
                other => missing.push(format!("{id} {reference}: {other:?}")),
            }
        }
        missing.sort();
        assert!(
            missing.is_empty(),
            "{what}: {} of {} acknowledged submissions lost or not submitted: {:?}",
            missing.len(),
            acked.len(),
            &missing[..missing.len().min(20)]
        );
    }

    pub fn assert_has_created(&self, what: &str, acked: &HashMap<i64, String>) {
        let lost: Vec<_> = acked
            .iter()
            .filter(|(id, r)| self.items.get(id).map(|x| &x.0) != Some(r))
            .collect();
        assert!(
            lost.is_empty(),
            "{what}: acknowledged creations lost: {lost:?}"
        );
    }
}

pub fn inspect(path: &Path) -> DbReport {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::{ConnectOptions, Connection, Row};
        let mut c = SqliteConnectOptions::new()
            .filename(path)
            .busy_timeout(Duration::from_secs(10))
            .connect()
            .await
            .expect("open the database file");
        let mut r = DbReport {
            integrity: sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_one(&mut c).await.unwrap(),
            ..Default::default()
        };
        for row in sqlx::query("SELECT id, reference, status, submitted_at IS NOT NULL AS s FROM items")
            .fetch_all(&mut c)
            .await
            .unwrap()
        {
            r.items.insert(row.get::<i64, _>(0), (row.get(1), row.get(2), row.get::<bool, _>(3)));
        }
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
        r.events = count("SELECT COUNT(*) FROM events").fetch_one(&mut c).await.unwrap();
        r.without_created = count(
            "SELECT COUNT(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM events e
               WHERE e.subject_type = 'item' AND e.subject_id = i.id AND e.kind = 'created')",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        r.submitted_without_event = count(
            "SELECT COUNT(*) FROM items i WHERE i.submitted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e
               WHERE e.subject_type = 'item' AND e.subject_id = i.id AND e.kind = 'submitted')",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        r.status_mismatch = count(
            "SELECT COUNT(*) FROM items WHERE (status = 'draft') <> (submitted_at IS NULL)",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        r.event_without_state = count(
            "SELECT COUNT(*) FROM items i WHERE i.status = 'draft' AND EXISTS (SELECT 1 FROM events e
               WHERE e.subject_type = 'item' AND e.subject_id = i.id AND e.kind = 'submitted')",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        r.orphan_events = count(
            "SELECT COUNT(*) FROM events e WHERE e.subject_type = 'item'
               AND NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.subject_id)",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        c.close().await.ok();
        r
    })
}

/// `burgerstem verify --database URL`: (exit code, output).
pub fn cli_verify(url: &str) -> (i32, String) {
    let out = Command::new(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("BURGERSTEM_LOG", "warn")
        .args(["verify", "--database", url])
        .output()
        .expect("run burgerstem verify");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

pub fn assert_verifies(url: &str, what: &str) -> String {
    let (code, out) = cli_verify(url);
    assert_eq!(code, 0, "{what}: burgerstem verify: {out}");
    assert!(out.starts_with("ok:"), "{what}: {out}");
    out.trim().to_string()
}

pub fn file_len(p: &Path) -> Option<u64> {
    std::fs::metadata(p).ok().map(|m| m.len())
}

pub fn wal_of(p: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", p.display()))
}
