//! Two instances of one deployment on one PostgreSQL database, as a zone's IT partner runs them
//! behind a load balancer (issue 15): a session of one is good on the other, a change through one
//! shows on the other at once, login failures and signal limits count across both, every mail
//! goes out exactly once with both workers running (and a dead worker's claim is taken over
//! within the lease), the keeper marks each passed deadline once, and `verify` passes.
//!
//! Needs `TEST_POSTGRES_URL` (CI sets it); without it the test says SKIPPED.

mod support;

use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{api, free_port, request, Browser};

const SECRET_KEY: &str = "4f9a6c1de2b37a8e5f60c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c";
const PASSWORD: &str = "demostreek-2026";

struct Instance {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str, dir: &Path) -> Instance {
    std::fs::create_dir_all(dir).unwrap();
    let port = free_port();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut child = Command::new(support::bin())
        .current_dir(dir)
        .arg("serve")
        .env("ROCKET_DATABASE_URL", url)
        .env("ROCKET_DATA_DIR", dir)
        .env("ROCKET_SECRET_KEY", SECRET_KEY)
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_ADDRESS", "127.0.0.1")
        .env("ROCKET_REQUIRE_SECOND_FACTOR", "false")
        .env("ROCKET_MAIL_INTERVAL_SECONDS", "1")
        .env("ROCKET_DEADLINE_INTERVAL_SECONDS", "1")
        .env("BURGERSTEM_LOG", "warn")
        .env_remove("BURGERSTEM_DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("start");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if request(port, "GET", "/healthz", &[], None).is_ok_and(|r| r.status == 200) {
            return Instance {
                child,
                port,
                dir: dir.to_path_buf(),
            };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!(
        "instance did not start: {}",
        std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
    );
}

/// Mail written by an instance without SMTP: one `.eml` file per notification (`n<id>.eml`).
fn mails(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("outbox"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".eml"))
                .collect()
        })
        .unwrap_or_default()
}

fn pg<T: Send>(
    url: &str,
    f: impl FnOnce(sqlx::PgPool) -> futures::future::BoxFuture<'static, T>,
) -> T {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        f(pool).await
    })
}

#[test]
fn two_instances_on_one_postgresql_behave_as_one() {
    let Some(base) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: two instances on PostgreSQL need TEST_POSTGRES_URL (CI sets it)");
        assert!(std::env::var_os("CI").is_none(), "CI must run this test");
        return;
    };
    let schema = format!("t{}", &burgerstem::secrets::new_token()[..16]);
    pg(&base, {
        let schema = schema.clone();
        move |p| {
            Box::pin(async move {
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&p)
                    .await
                    .unwrap();
            })
        }
    });
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let root = tempfile::tempdir().unwrap();
    let out = Command::new(support::bin())
        .current_dir(root.path())
        .args(["demo", "--database", &url])
        .env("ROCKET_DATA_DIR", root.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = start(&url, &root.path().join("a"));
    let b = start(&url, &root.path().join("b"));

    // A session made on A works on B (one secret key).
    let mut browser = Browser::new(a.port);
    browser.login("an@demostreek.example", PASSWORD);
    browser.port = b.port;
    let r = browser.get("/berichten").unwrap();
    assert_eq!(r.status, 200, "the session of A is good on B");

    // A change through A shows in B's kept answers at once.
    let token = |port: u16, email: &str| {
        let r = api(
            port,
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": email, "password": PASSWORD})),
        )
        .unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_string()
    };
    let citizen = token(a.port, "an@demostreek.example");
    let before = request(b.port, "GET", "/zones/DEMO/public", &[], None)
        .unwrap()
        .body;
    let created = api(a.port, "POST", "/api/v1/zones/DEMO/items", Some(&citizen),
        Some(json!({"panel": "burgerplatform", "kind": "proposal", "title": "Een lift in het station van Demostreek", "text": "Mensen met een rollator raken niet op het perron."}))).unwrap();
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    assert_eq!(
        api(
            a.port,
            "POST",
            &format!("/api/v1/items/{id}/submit"),
            Some(&citizen),
            None
        )
        .unwrap()
        .status,
        200
    );
    assert_eq!(
        api(
            a.port,
            "POST",
            &format!("/api/v1/items/{id}/visibility"),
            Some(&citizen),
            Some(json!({"public": true}))
        )
        .unwrap()
        .status,
        200
    );
    assert!(!before.contains("Een lift in het station"));
    let after = request(b.port, "GET", "/zones/DEMO/public", &[], None)
        .unwrap()
        .body;
    assert!(
        after.contains("Een lift in het station"),
        "B sees A's change at once"
    );

    // Login failures count across both: twenty wrong passwords, alternating, meet a 429.
    let mut statuses = vec![];
    for i in 0..20 {
        let port = if i % 2 == 0 { a.port } else { b.port };
        let r = api(
            port,
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "bram@demostreek.example", "password": format!("fout {i}")})),
        )
        .unwrap();
        statuses.push(r.status);
    }
    assert!(statuses.contains(&429), "{statuses:?}");

    // Anonymous signals: one client, both instances, five at once in all.
    let mut accepted = 0;
    for i in 0..12 {
        let port = if i % 2 == 0 { a.port } else { b.port };
        let r = api(
            port,
            "POST",
            "/api/v1/zones/DEMO/signals",
            None,
            Some(json!({"text": format!("Signaal {i} over de bus die niet meer stopt.")})),
        )
        .unwrap();
        if r.status == 201 {
            accepted += 1;
        }
    }
    assert_eq!(accepted, 5, "the client's limit holds across instances");

    // A worker that died holding mail: its claim runs out and the other sends it.
    let dead = pg(&url, |p| {
        Box::pin(async move {
            // A mail like one already sent, claimed 55 s ago by a worker that is gone.
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notifications (user_id, email, zone_id, event_seq, subject_type, subject_id, kind,
                     kind_group, detail, in_inbox, email_status, claim_token, claimed_at, next_attempt_at, created_at)
                 SELECT user_id, email, zone_id, event_seq, subject_type, subject_id, kind, kind_group, detail,
                     FALSE, 'sending', 'dood', now() - interval '55 seconds', now() - interval '56 seconds', now()
                 FROM notifications WHERE email_status = 'sent' AND user_id IS NOT NULL
                   AND subject_type = 'item' ORDER BY id LIMIT 1
                 RETURNING id",
            )
            .fetch_one(&p)
            .await
            .unwrap();
            id
        })
    });

    // Every mail exactly once, whichever worker took it.
    let started = Instant::now();
    let expected = loop {
        let (left, sent): (i64, i64) = pg(&url, |p| {
            Box::pin(async move {
                sqlx::query_as(
                    "SELECT COUNT(*) FILTER (WHERE email_status IN ('pending', 'sending') AND (next_attempt_at IS NULL OR next_attempt_at <= now())),
                            COUNT(*) FILTER (WHERE email_status = 'sent')
                     FROM notifications",
                )
                .fetch_one(&p)
                .await
                .unwrap()
            })
        });
        if left == 0 || started.elapsed() > Duration::from_secs(90) {
            let rows: Vec<(i64, String, Option<String>, i64)> = pg(&url, |p| {
                Box::pin(async move {
                    sqlx::query_as("SELECT id, email_status, claim_token, attempts FROM notifications WHERE email_status IN ('pending', 'sending')")
                        .fetch_all(&p)
                        .await
                        .unwrap()
                })
            });
            assert_eq!(
                left,
                0,
                "mail still waiting after 90 s: {rows:?}\nA: {}\nB: {}",
                std::fs::read_to_string(a.dir.join("server.log")).unwrap_or_default(),
                std::fs::read_to_string(b.dir.join("server.log")).unwrap_or_default()
            );
            break sent;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let (ma, mb) = (mails(&a.dir), mails(&b.dir));
    let all: Vec<&String> = ma.iter().chain(mb.iter()).collect();
    let unique: HashSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "no mail went out twice");
    assert_eq!(all.len() as i64, expected, "every sent mail is one file");
    assert!(
        !ma.is_empty() && !mb.is_empty(),
        "both workers sent: {} and {}",
        ma.len(),
        mb.len()
    );
    assert!(
        unique.contains(&format!("n{dead:08}.eml")),
        "the dead worker's mail went out"
    );

    // The keeper marked each passed deadline once, with two keepers running.
    let doubles: i64 = pg(&url, |p| {
        Box::pin(async move {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT subject_id, data FROM events WHERE kind = 'overdue'
                 GROUP BY subject_id, data HAVING COUNT(*) > 1) d",
            )
            .fetch_one(&p)
            .await
            .unwrap()
        })
    });
    assert_eq!(doubles, 0, "a deadline marked twice");
    drop(a);
    drop(b);

    // And the history holds.
    let out = Command::new(support::bin())
        .args(["verify", "--database", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
