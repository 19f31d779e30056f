//! Test harness: the real server on a real database (a SQLite file, and PostgreSQL when
//! `TEST_POSTGRES_URL` is set), driven through Rocket's local client.
#![allow(dead_code)]

use burgerstem::app::App;
use burgerstem::db::people;
use burgerstem::db::Db;
use burgerstem::domain::clock::Clock;
use burgerstem::domain::policy::Principal;
use burgerstem::service::accounts::{self, InvitationInput, NewAccount};
use burgerstem::service::zones as zone_service;
use chrono::{TimeZone, Utc};
use rocket::http::{ContentType, Cookie, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use serde_json::Value;

pub const PASSWORD: &str = "een heel goed wachtwoord";

pub struct TestApp {
    pub client: Client,
    pub engine: &'static str,
    pub db_url: String,
    pub clock: Clock,
    _dir: tempfile::TempDir,
}

fn manifest(p: &str) -> String {
    format!("{}/{}", env!("CARGO_MANIFEST_DIR"), p)
}

fn figment(dir: &std::path::Path, db_url: &str) -> rocket::figment::Figment {
    burgerstem::figment()
        .merge((
            "secret_key",
            "4f9a6c1de2b37a8e5f60c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c",
        ))
        .merge(("template_dir", manifest("templates")))
        .merge(("static_dir", manifest("static")))
        .merge(("data_dir", dir.to_string_lossy().to_string()))
        .merge(("database_url", db_url.to_string()))
        .merge(("log_level", "off"))
        // Tests move the clock by months; API tokens must outlive that.
        .merge(("api_token_days", 3650))
        // Administrators act in almost every test; tests/security.rs checks the rule itself.
        .merge(("require_second_factor", false))
}

/// Settings a test gives on top of the harness's own (`("behind_tls", json!(true))`).
pub type Extra = Vec<(&'static str, Value)>;

/// Put in `Extra` for a client that keeps no cookies between requests (each request carries the
/// cookies of the browser it plays).
pub const UNTRACKED: (&str, Value) = ("__untracked_client", Value::Bool(true));

/// A server on a fresh SQLite file, its clock frozen at a known Monday morning.
pub async fn sqlite() -> TestApp {
    sqlite_with(vec![]).await
}

/// As [`sqlite`], with settings of the test's own.
pub async fn sqlite_with(extra: Extra) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/test.db", dir.path().display());
    start(dir, url, None, "sqlite", extra).await
}

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A server on a copy of a prepared SQLite file (a demo filled once for many tests).
pub async fn sqlite_copy_of(file: &std::path::Path) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("test.db");
    std::fs::copy(file, &db).expect("copy the prepared database");
    let url = format!("sqlite://{}", db.display());
    start(dir, url, None, "sqlite", vec![]).await
}

/// A second server on a database another test server already uses (as two instances of one
/// deployment are): its own data folder, the same database.
pub async fn sqlite_at(url: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    start(dir, url.to_string(), None, "sqlite", vec![UNTRACKED]).await
}

/// A server on its own PostgreSQL schema, or None when `TEST_POSTGRES_URL` is not set.
pub async fn postgres() -> Option<TestApp> {
    postgres_with(vec![]).await
}

/// As [`postgres`], with settings of the test's own.
pub async fn postgres_with(extra: Extra) -> Option<TestApp> {
    let base = postgres_url()?;
    let schema = format!("t{}", &burgerstem::secrets::new_token()[..16]);
    let admin = sqlx::PgPool::connect(&base)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .expect("create schema");
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    // The same URL works for the CLI: libpq's `options` sets the schema search path.
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let db = Db::connect(&url).await.expect("pg pool and migrations");
    let dir = tempfile::tempdir().expect("tempdir");
    Some(start(dir, url, Some(db), "postgres", extra).await)
}

/// Every engine available: SQLite always, PostgreSQL when configured.
pub async fn engines() -> Vec<TestApp> {
    engines_with(vec![]).await
}

/// As [`engines`], with settings of the test's own.
pub async fn engines_with(extra: Extra) -> Vec<TestApp> {
    let mut v = vec![sqlite_with(extra.clone()).await];
    match postgres_with(extra).await {
        Some(pg) => v.push(pg),
        None => eprintln!("note: TEST_POSTGRES_URL not set; PostgreSQL part of this test skipped"),
    }
    v
}

async fn start(
    dir: tempfile::TempDir,
    url: String,
    db: Option<Db>,
    engine: &'static str,
    extra: Extra,
) -> TestApp {
    let untracked = extra.iter().any(|(k, _)| *k == UNTRACKED.0);
    let extra: Extra = extra
        .into_iter()
        .filter(|(k, _)| *k != UNTRACKED.0)
        .collect();
    let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap());
    let mut fig = figment(dir.path(), &url);
    for (k, v) in extra {
        fig = fig.merge((k, v));
    }
    let rocket = burgerstem::build(
        fig,
        burgerstem::Options {
            clock: clock.clone(),
            db,
        },
    )
    .expect("the configuration is sound");
    // A browser keeps its own cookies; tests that play several browsers at once send theirs by
    // hand (`Untracked`), so that one browser's session never rides along with another's request.
    let client = if untracked {
        Client::untracked(rocket).await.expect("rocket ignites")
    } else {
        Client::tracked(rocket).await.expect("rocket ignites")
    };
    TestApp {
        client,
        engine,
        db_url: url,
        clock,
        _dir: dir,
    }
}

impl TestApp {
    pub fn app(&self) -> &App {
        self.client.rocket().state::<App>().expect("app state")
    }

    pub async fn principal(&self, email: &str) -> Principal {
        let mut c = self.app().db.conn().await.unwrap();
        let u = people::user_by_email(&mut c.ex(), email)
            .await
            .unwrap()
            .expect("user exists");
        people::principal(&mut c.ex(), &u).await.unwrap()
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        self.principal(email).await.user_id
    }

    /// An API token for an existing user (through the API itself).
    pub async fn token(&self, email: &str) -> String {
        let (status, body) = self
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(serde_json::json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, Status::Created, "login {email}: {body}");
        body["token"].as_str().unwrap().to_string()
    }

    /// A JSON API call; returns status and parsed body (Null when empty).
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (Status, Value) {
        let c = &self.client;
        let mut req = match method {
            "GET" => c.get(path.to_string()),
            "POST" => c.post(path.to_string()),
            "PUT" => c.put(path.to_string()),
            "DELETE" => c.delete(path.to_string()),
            other => panic!("method {other}"),
        };
        if let Some(t) = token {
            req = req.header(Header::new("Authorization", format!("Bearer {t}")));
        }
        if let Some(b) = body {
            req = req.header(ContentType::JSON).body(b.to_string());
        }
        let res = req.dispatch().await;
        let status = res.status();
        let text = res.into_string().await.unwrap_or_default();
        let v = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, v)
    }

    /// A web session for `email` without going through the login form: (session cookie, csrf).
    pub async fn web_session(&self, email: &str) -> WebAs {
        let id = self.user_id(email).await;
        let token = accounts::start_session(self.app(), id, accounts::WEB)
            .await
            .unwrap();
        WebAs {
            session: Some(token),
            csrf: "csrf-test-token-0123456789abcdef0123456789abcdef".into(),
        }
    }

    pub fn anonymous(&self) -> WebAs {
        WebAs {
            session: None,
            csrf: "csrf-test-token-0123456789abcdef0123456789abcdef".into(),
        }
    }

    pub async fn get_as(&self, who: &WebAs, path: &str) -> (Status, String) {
        self.get_as_in(who, path, None).await
    }

    /// As [`TestApp::get_as`], in the language `lang` chose (the language cookie) when given.
    pub async fn get_as_in(&self, who: &WebAs, path: &str, lang: Option<&str>) -> (Status, String) {
        let mut req = self.client.get(path.to_string());
        if let Some(s) = &who.session {
            req = req.private_cookie(Cookie::new("bs_session", s.clone()));
        }
        if let Some(lang) = lang {
            req = req.cookie(Cookie::new("bs_lang", lang.to_string()));
        }
        let res = req.dispatch().await;
        let status = res.status();
        (status, res.into_string().await.unwrap_or_default())
    }

    /// Posts a form (with the CSRF token unless `with_csrf` is false); returns status, Location, body.
    pub async fn post_as(
        &self,
        who: &WebAs,
        path: &str,
        fields: &[(&str, &str)],
        with_csrf: bool,
    ) -> (Status, Option<String>, String) {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if with_csrf {
            form.push(("csrf".into(), who.csrf.clone()));
        }
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = self
            .client
            .post(path.to_string())
            .header(ContentType::Form)
            .private_cookie(Cookie::new("bs_csrf", who.csrf.clone()))
            .body(body);
        if let Some(s) = &who.session {
            req = req.private_cookie(Cookie::new("bs_session", s.clone()));
        }
        let res: LocalResponse<'_> = req.dispatch().await;
        let status = res.status();
        let loc = res.headers().get_one("Location").map(str::to_string);
        (status, loc, res.into_string().await.unwrap_or_default())
    }
}

pub struct WebAs {
    pub session: Option<String>,
    pub csrf: String,
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

/// Two zones, each with two panels and one person in every role.
///
/// Zone ALFA: citizens a1@alfa.test, a2@alfa.test (panel "burgers"), a3@alfa.test (panel
/// "pzon"); staff staff@alfa.test; council raad@alfa.test; zone admin admin@alfa.test.
/// Zone BETA: the same with @beta.test. Platform admin root@platform.test.
pub async fn seed(t: &TestApp) {
    let app = t.app();
    accounts::create_user(
        app,
        NewAccount {
            email: "root@platform.test",
            name: "Root",
            password: PASSWORD,
        },
        true,
    )
    .await
    .unwrap();
    let root = t.principal("root@platform.test").await;
    for (code, domain) in [("ALFA", "alfa.test"), ("BETA", "beta.test")] {
        zone_service::create_zone(app, &root, code, &format!("ELZ {code}"))
            .await
            .unwrap();
        zone_service::create_panel(
            app,
            &root,
            code,
            "burgers",
            "Burgerplatform",
            "burgerplatform",
        )
        .await
        .unwrap();
        zone_service::create_panel(app, &root, code, "pzon", "PZON-cluster", "pzon-cluster")
            .await
            .unwrap();
        let people: [(&str, &str, Option<&str>); 6] = [
            ("a1", "citizen", Some("burgers")),
            ("a2", "citizen", Some("burgers")),
            ("a3", "citizen", Some("pzon")),
            ("staff", "staff", None),
            ("raad", "council", None),
            ("admin", "admin", None),
        ];
        for (local, role, panel) in people {
            let email = format!("{local}@{domain}");
            let inv = accounts::invite(
                app,
                &root,
                code,
                InvitationInput {
                    email: &email,
                    name: &format!("{local} van {code}"),
                    role,
                    panel,
                },
            )
            .await
            .unwrap();
            accounts::accept_invitation(app, &inv.token, PASSWORD)
                .await
                .unwrap();
        }
    }
}

/// Creates and (optionally) submits an item through the API; returns its JSON.
pub async fn item(
    t: &TestApp,
    token: &str,
    zone: &str,
    panel: &str,
    title: &str,
    submit: bool,
) -> Value {
    let (s, v) = t
        .json(
            "POST",
            &format!("/api/v1/zones/{zone}/items"),
            Some(token),
            Some(serde_json::json!({"panel": panel, "kind": "proposal", "title": title, "text": format!("Tekst van {title}"), "heard_at": null})),
        )
        .await;
    assert_eq!(s, Status::Created, "{v}");
    if submit {
        let id = v["id"].as_i64().unwrap();
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/submit"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        return v;
    }
    v
}

/// An API call that must succeed (200 or 201); returns the body.
pub async fn ok(t: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Value {
    let (s, v) = t.json(method, path, Some(token), body.clone()).await;
    assert!(
        s == Status::Ok || s == Status::Created,
        "{}: {method} {path} {body:?} -> {s} {v}",
        t.engine
    );
    v
}

/// The panel makes an item public (200).
pub async fn make_public(t: &TestApp, token: &str, id: i64) {
    let (s, v) = t
        .json(
            "POST",
            &format!("/api/v1/items/{id}/visibility"),
            Some(token),
            Some(serde_json::json!({"public": true})),
        )
        .await;
    assert_eq!(s, Status::Ok, "{}: make item {id} public: {v}", t.engine);
}

/// Runs `burgerstem verify` in-process and returns (ok, summary).
pub async fn verify(t: &TestApp) -> Result<(u64, u64), String> {
    use burgerstem::db::events::{verify_all, Verification};
    let mut c = t.app().db.conn().await.unwrap();
    match verify_all(&mut c.ex()).await.unwrap() {
        Verification::Ok { zones, events } => Ok((zones, events)),
        Verification::Broken { zone, seq, why } => Err(format!("zone {zone}, event {seq}: {why}")),
    }
}

// Mail as the tests read it (notifications, signals).

/// Undoes quoted-printable in the body (headers stay as they are).
pub fn decode_qp(msg: &str) -> String {
    let Some(split) = msg.find("\r\n\r\n") else {
        return msg.to_string();
    };
    let (head, body) = msg.split_at(split + 4);
    let body = body.replace("=\r\n", "");
    let b = body.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&body[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    format!("{head}{}", String::from_utf8_lossy(&out))
}

pub fn header(msg: &str, name: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in msg.split("\r\n") {
        if line.is_empty() {
            break;
        }
        if inside && (line.starts_with(' ') || line.starts_with('\t')) {
            out.push_str(line.trim_start());
            continue;
        }
        inside = false;
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case(name) {
                out = v.trim().to_string();
                inside = true;
            }
        }
    }
    out
}
