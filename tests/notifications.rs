//! Notifications: who gets what, the inbox and preferences, and mail delivery through the
//! outbox to a real SMTP server listening on 127.0.0.1 in this test process.

mod common;

use burgerstem::db::notifications as n;
use burgerstem::mail::{Mailer, Sender};
use burgerstem::settings::Settings;
use chrono::Duration;
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The server's own background worker stays off: each test drives delivery itself.
fn no_background_worker() {
    std::env::set_var("ROCKET_MAIL_WORKER", "false");
}

async fn engines_without_worker() -> Vec<TestApp> {
    no_background_worker();
    engines().await
}

// ---------------------------------------------------------------------------------------------
// A small, real SMTP server

#[derive(Clone)]
struct Inbox {
    messages: Arc<Mutex<Vec<String>>>,
    /// Once this many messages arrived, new connections are held open without a greeting (a
    /// hung server).
    stall_after: Arc<AtomicUsize>,
    stalled: Arc<AtomicUsize>,
}

impl Default for Inbox {
    fn default() -> Self {
        Inbox {
            messages: Arc::default(),
            stall_after: Arc::new(AtomicUsize::new(usize::MAX)),
            stalled: Arc::default(),
        }
    }
}

impl Inbox {
    fn all(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
    fn len(&self) -> usize {
        self.messages.lock().unwrap().len()
    }
    fn message_ids(&self) -> Vec<String> {
        self.all().iter().map(|m| header(m, "Message-ID")).collect()
    }
}

struct SmtpServer {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpServer {
    async fn start(port: u16, inbox: Inbox) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut held = vec![];
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                if inbox.len() >= inbox.stall_after.load(Ordering::SeqCst) {
                    inbox.stalled.fetch_add(1, Ordering::SeqCst);
                    held.push(sock);
                    continue;
                }
                tokio::spawn(session(sock, inbox.clone()));
            }
        });
        SmtpServer { port, task }
    }

    fn stop(self) {
        self.task.abort();
    }
}

async fn session(sock: TcpStream, inbox: Inbox) {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    let _ = w.write_all(b"220 test.local ESMTP\r\n").await;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
            b"250-test.local\r\n250 8BITMIME\r\n"
        } else if cmd.starts_with("DATA") {
            let _ = w.write_all(b"354 go ahead\r\n").await;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if r.read_line(&mut l).await.unwrap_or(0) == 0 {
                    return;
                }
                if l == ".\r\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            inbox.messages.lock().unwrap().push(decode_qp(&data));
            b"250 queued\r\n"
        } else if cmd.starts_with("QUIT") {
            let _ = w.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 ok\r\n"
        };
        if w.write_all(reply).await.is_err() {
            return;
        }
    }
}

fn smtp_mailer(t: &TestApp, port: u16) -> Mailer {
    let settings = Settings {
        smtp_host: Some("127.0.0.1".into()),
        smtp_port: port,
        smtp_timeout_seconds: 5,
        mail_from: "Burgerstem <noreply@burgerstem.test>".into(),
        ..Settings::default()
    };
    Mailer::new(t.app().clone(), Sender::from_settings(&settings))
}

async fn count(t: &TestApp, status: &str) -> i64 {
    let mut c = t.app().db.conn().await.unwrap();
    n::count_status(&mut c.ex(), status).await.unwrap()
}

/// (kind, email status) of everything in a person's inbox, oldest first.
async fn inbox_of(t: &TestApp, email: &str) -> Vec<(String, String)> {
    let id = t.user_id(email).await;
    let mut c = t.app().db.conn().await.unwrap();
    let mut v: Vec<(String, String)> = n::inbox(&mut c.ex(), id, false, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.email_status))
        .collect();
    v.reverse();
    v
}

fn kinds(v: &[(String, String)]) -> Vec<&str> {
    v.iter().map(|(k, _)| k.as_str()).collect()
}

fn emailed(v: &[(String, String)], kind: &str) -> bool {
    v.iter().any(|(k, s)| k == kind && s != "skipped")
}

async fn mv(t: &TestApp, token: &str, id: i64, body: Value) {
    let (s, v) = t
        .json(
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
}

// ---------------------------------------------------------------------------------------------
// Who gets what

#[rocket::async_test]
async fn recipients_of_each_kind_and_nobody_outside() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let it = item(&t, &a1, "ALFA", "burgers", "Een bank bij de bushalte", true).await;
        let id = it["id"].as_i64().unwrap();

        // The author acted: nothing for them yet. Their fellow panel member and staff hear.
        assert!(inbox_of(&t, "a1@alfa.test").await.is_empty());
        let a2 = inbox_of(&t, "a2@alfa.test").await;
        assert_eq!(kinds(&a2), ["created", "submitted"], "{a2:?}");
        assert!(!emailed(&a2, "submitted"), "submitted is inbox only");
        assert_eq!(kinds(&inbox_of(&t, "staff@alfa.test").await), ["submitted"]);

        // Acknowledged: the panel by email, including the author; not staff (they acted).
        mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        for who in ["a1@alfa.test", "a2@alfa.test"] {
            let v = inbox_of(&t, who).await;
            assert!(emailed(&v, "acknowledged"), "{who}: {v:?}");
        }
        assert_eq!(kinds(&inbox_of(&t, "staff@alfa.test").await), ["submitted"]);

        // Clarification: the panel by email; the answer goes to staff.
        mv(
            &t,
            &staff,
            id,
            json!({"action": "request-clarification", "text": "Welke bushalte?"}),
        )
        .await;
        assert!(emailed(
            &inbox_of(&t, "a1@alfa.test").await,
            "clarification-requested"
        ));
        mv(
            &t,
            &a1,
            id,
            json!({"action": "answer-clarification", "text": "De halte aan de kerk."}),
        )
        .await;
        let s = inbox_of(&t, "staff@alfa.test").await;
        assert!(kinds(&s).contains(&"clarification-answered"), "{s:?}");

        // Scheduled on a meeting: panel by email, council in the inbox.
        let (st, m) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/meetings",
                Some(&staff),
                Some(json!({"starts_at": "2026-04-15T19:30", "place": "Zaal 2"})),
            )
            .await;
        assert_eq!(st, Status::Created, "{m}");
        mv(
            &t,
            &staff,
            id,
            json!({"action": "schedule", "meeting": m["id"]}),
        )
        .await;
        assert!(emailed(&inbox_of(&t, "a2@alfa.test").await, "scheduled"));
        let raad = inbox_of(&t, "raad@alfa.test").await;
        assert_eq!(kinds(&raad), ["scheduled"], "{raad:?}");
        assert!(!emailed(&raad, "scheduled"));

        // Decided at the meeting: the panel by email; council and staff see it.
        t.clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 4, 15, 19, 0, 0).unwrap());
        mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Goed idee."}),
        )
        .await;
        assert!(emailed(&inbox_of(&t, "a1@alfa.test").await, "decided"));
        assert!(kinds(&inbox_of(&t, "raad@alfa.test").await).contains(&"decided"));

        // The panel's verdict on the answer: staff and the council's chair by email, the rest of
        // the panel in the inbox; not the panel member who gave it.
        let raad = t.token("raad@alfa.test").await;
        let (_, me) = t.json("GET", "/api/v1/me", Some(&raad), None).await;
        {
            let mut tx = t.app().db.begin().await.unwrap();
            let zone = burgerstem::db::zones::by_code(&mut tx.ex(), "ALFA")
                .await
                .unwrap()
                .unwrap();
            let user = me["id"].as_i64().unwrap();
            assert!(
                burgerstem::db::people::set_chair(&mut tx.ex(), zone.id, user, true)
                    .await
                    .unwrap()
            );
            tx.commit().await.unwrap();
        }
        let (st, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/verdict"),
                Some(&a1),
                Some(json!({"verdict": "answered"})),
            )
            .await;
        assert_eq!(st, Status::Created, "{v}");
        assert!(emailed(
            &inbox_of(&t, "raad@alfa.test").await,
            "verdict-given"
        ));
        assert!(emailed(
            &inbox_of(&t, "staff@alfa.test").await,
            "verdict-given"
        ));
        let a2 = inbox_of(&t, "a2@alfa.test").await;
        assert!(kinds(&a2).contains(&"verdict-given") && !emailed(&a2, "verdict-given"));
        assert!(!kinds(&inbox_of(&t, "a1@alfa.test").await).contains(&"verdict-given"));

        // Another panel of the same zone, and everybody of the other zone: nothing at all.
        for who in [
            "a3@alfa.test",
            "a1@beta.test",
            "a2@beta.test",
            "a3@beta.test",
            "staff@beta.test",
            "raad@beta.test",
            "admin@beta.test",
        ] {
            assert!(inbox_of(&t, who).await.is_empty(), "{who} got something");
        }
        // The zone administrator only hears of what is overdue.
        assert!(inbox_of(&t, "admin@alfa.test").await.is_empty());
    }
}

#[rocket::async_test]
async fn overdue_goes_to_the_panel_staff_and_administrators_by_email() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        item(&t, &a1, "ALFA", "burgers", "Niet ontvangen", true).await;
        item(
            &t,
            &t.token("a1@beta.test").await,
            "BETA",
            "burgers",
            "Elders",
            false,
        )
        .await;
        t.clock.advance(Duration::days(20));
        burgerstem::service::deadlines::run_due_jobs(t.app())
            .await
            .unwrap();
        for who in ["staff@alfa.test", "admin@alfa.test"] {
            assert!(emailed(&inbox_of(&t, who).await, "overdue"), "{who}");
        }
        // The panel hears it by mail too, with what it can do (issue 18).
        let a2 = inbox_of(&t, "a2@alfa.test").await;
        assert!(emailed(&a2, "overdue"), "the panel is told");
        for who in [
            "staff@beta.test",
            "admin@beta.test",
            "a3@alfa.test",
            "raad@alfa.test",
        ] {
            assert!(
                !kinds(&inbox_of(&t, who).await).contains(&"overdue"),
                "{who}"
            );
        }
    }
}

#[rocket::async_test]
async fn an_event_and_its_notifications_commit_together() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let id = item(&t, &a1, "ALFA", "burgers", "Samen of niet", true).await["id"]
        .as_i64()
        .unwrap();
    let before = inbox_of(&t, "a2@alfa.test").await.len();
    // A move that fails validation writes neither the event nor any notification.
    let (s, _) = t
        .json(
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            Some(&staff),
            Some(json!({"action": "acknowledge", "due": "2025-01-01"})),
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert_eq!(inbox_of(&t, "a2@alfa.test").await.len(), before);
}

// ---------------------------------------------------------------------------------------------
// Inbox, API, preferences

#[rocket::async_test]
async fn inbox_api_pages_and_unread_count() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let id = item(&t, &a1, "ALFA", "burgers", "Een bank", true).await["id"]
            .as_i64()
            .unwrap();
        let (s, v) = t
            .json(
                "GET",
                "/api/v1/me/notifications?unread=true",
                Some(&a2),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["unread"], 2);
        let list = v["notifications"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[0]["reference"].as_str().unwrap().starts_with("ALFA"));
        let first = list[0]["id"].as_i64().unwrap();
        assert!(list[0]["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/items/{id}/timeline#event-")));

        // Someone else's notification does not exist for you.
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/me/notifications/{first}/read"),
                Some(&a1),
                None,
            )
            .await;
        assert_eq!(s, Status::NotFound);
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/me/notifications/{first}/read"),
                Some(&a2),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert!(!v["read_at"].is_null());
        let (_, v) = t
            .json(
                "GET",
                "/api/v1/me/notifications?unread=true",
                Some(&a2),
                None,
            )
            .await;
        assert_eq!(v["unread"], 1);

        // Pages: the count on every page, the inbox, opening marks read.
        let web = t.web_session("a2@alfa.test").await;
        let (s, html) = t.get_as(&web, "/").await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("Berichten (1)"), "{html}");
        let (s, html) = t.get_as(&web, "/berichten").await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("Een bank"), "{html}");
        // The oldest one is still unread.
        let second = inbox_of_ids(&t, "a2@alfa.test").await[0];
        let res = t
            .client
            .get(format!("/berichten/{second}"))
            .private_cookie(rocket::http::Cookie::new(
                "bs_session",
                web.session.clone().unwrap(),
            ))
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::SeeOther);
        let (_, html) = t.get_as(&web, "/").await;
        assert!(html.contains("Berichten (0)"));
    }
}

async fn inbox_of_ids(t: &TestApp, email: &str) -> Vec<i64> {
    let id = t.user_id(email).await;
    let mut c = t.app().db.conn().await.unwrap();
    let mut v: Vec<i64> = n::inbox(&mut c.ex(), id, false, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    v.reverse();
    v
}

#[rocket::async_test]
async fn preferences_decide_between_mail_digest_and_inbox() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let (s, v) = t
            .json(
                "PUT",
                "/api/v1/me/preferences",
                Some(&a2),
                Some(json!({"preferences": {"acknowledgement": "inbox", "decision": "digest"}})),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["preferences"]["acknowledgement"], "inbox");
        assert_eq!(v["preferences"]["agenda"], "immediate");
        let (s, _) = t
            .json(
                "PUT",
                "/api/v1/me/preferences",
                Some(&a2),
                Some(json!({"preferences": {"acknowledgement": "sometimes"}})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        let id = item(&t, &a1, "ALFA", "burgers", "Voorkeuren", true).await["id"]
            .as_i64()
            .unwrap();
        mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "not-accepted", "reasons": "Geen budget."}),
        )
        .await;
        let v = inbox_of(&t, "a2@alfa.test").await;
        assert!(
            v.contains(&("acknowledged".into(), "skipped".into())),
            "{v:?}"
        );
        assert!(v.contains(&("decided".into(), "digest".into())), "{v:?}");
        let v = inbox_of(&t, "a1@alfa.test").await;
        assert!(
            v.contains(&("acknowledged".into(), "pending".into())),
            "{v:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Delivery

#[rocket::async_test]
async fn kill_and_restart_delivers_every_mail_exactly_once() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        for title in ["Een", "Twee", "Drie"] {
            let id = item(&t, &a1, "ALFA", "burgers", title, true).await["id"]
                .as_i64()
                .unwrap();
            mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        }
        // 12 invitations from the seed, and two panel members for each of three items.
        let expected = count(&t, "pending").await;
        assert_eq!(expected, 12 + 6);

        let inbox = Inbox::default();
        let server = SmtpServer::start(0, inbox.clone()).await;
        // The server hangs from the fourth message on; the worker is stopped while it waits.
        inbox.stall_after.store(3, Ordering::SeqCst);
        let mailer = smtp_mailer(&t, server.port);
        let worker = tokio::spawn(async move { mailer.run_once().await });
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while inbox.stalled.load(Ordering::SeqCst) == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker never reached the hung server"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        worker.abort();
        let _ = worker.await;
        let delivered_before = inbox.len() as i64;
        assert_eq!(delivered_before, 3);
        assert_eq!(count(&t, "sent").await, delivered_before);
        assert!(
            count(&t, "sending").await > 0,
            "the stopped worker left claims"
        );

        // A new worker at once: the claims still hold, nothing is sent twice.
        inbox.stall_after.store(usize::MAX, Ordering::SeqCst);
        let again = smtp_mailer(&t, server.port);
        let r = again.run_once().await.unwrap();
        assert_eq!(r.sent as i64, count(&t, "sent").await - delivered_before);
        // After the lease, the left-behind claims go out too.
        t.clock
            .advance(Duration::seconds(burgerstem::mail::LEASE_SECONDS + 1));
        let r = again.run_once().await.unwrap();
        assert!(r.released > 0);
        assert_eq!(count(&t, "sent").await, expected);
        assert_eq!(count(&t, "pending").await + count(&t, "sending").await, 0);

        let ids = inbox.message_ids();
        assert_eq!(ids.len() as i64, expected, "every mail arrived");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "no mail arrived twice: {ids:?}");
        server.stop();
    }
}

#[rocket::async_test]
async fn an_smtp_outage_delays_mail_and_loses_none() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let expected = count(&t, "pending").await;
        assert!(expected > 0);
        // Find a free port, then leave nothing listening on it: the server is down.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let mailer = smtp_mailer(&t, port);
        for i in 0..3 {
            if i > 0 {
                t.clock.advance(Duration::minutes(10));
            }
            let r = mailer.run_once().await.unwrap();
            assert_eq!(r.sent, 0);
            assert_eq!(r.retried as i64, expected);
        }
        assert_eq!(
            count(&t, "pending").await,
            expected,
            "nothing lost, nothing given up"
        );

        // The server comes back: mail waits for its next try, then everything goes out once.
        let inbox = Inbox::default();
        let server = SmtpServer::start(port, inbox.clone()).await;
        let r = mailer.run_once().await.unwrap();
        assert_eq!(r.sent, 0, "not before the backoff has passed");
        t.clock.advance(Duration::minutes(5));
        let r = mailer.run_once().await.unwrap();
        assert_eq!(r.sent as i64, expected);
        assert_eq!(inbox.len() as i64, expected);
        let r = mailer.run_once().await.unwrap();
        assert_eq!(r.sent, 0);
        // Plain Dutch, the reference and a link, never the invitation text of someone else.
        let first = &inbox.all()[0];
        assert!(first.contains("Uitnodiging voor Burgerstem"), "{first}");
        server.stop();
    }
}

#[rocket::async_test]
async fn mail_given_up_after_bounded_tries_is_shown_to_the_zone_administrator() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mailer = smtp_mailer(&t, port);
    let max = t.app().settings.mail_max_attempts;
    for _ in 0..max {
        mailer.run_once().await.unwrap();
        t.clock.advance(Duration::hours(7));
    }
    assert_eq!(count(&t, "pending").await, 0);
    assert_eq!(count(&t, "failed").await, 12);
    let admin = t.web_session("admin@alfa.test").await;
    let (s, html) = t.get_as(&admin, "/zones/ALFA/berichten").await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("a1@alfa.test"), "{html}");
    assert!(
        !html.contains("a1@beta.test"),
        "another zone's mail is not shown"
    );
    let citizen = t.web_session("a1@alfa.test").await;
    let (s, _) = t.get_as(&citizen, "/zones/ALFA/berichten").await;
    assert_eq!(s, Status::Forbidden);
}

#[rocket::async_test]
async fn unsubscribe_changes_only_that_preference() {
    for t in engines_without_worker().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        t.json(
            "PUT",
            "/api/v1/me/preferences",
            Some(&a2),
            Some(json!({"decision": "digest"})),
        )
        .await;
        let id = item(&t, &a1, "ALFA", "burgers", "Afmelden", true).await["id"]
            .as_i64()
            .unwrap();
        mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        let inbox = Inbox::default();
        let server = SmtpServer::start(0, inbox.clone()).await;
        smtp_mailer(&t, server.port).run_once().await.unwrap();
        let mail = inbox
            .all()
            .into_iter()
            .find(|m| {
                header(m, "To").contains("a2@alfa.test")
                    && !header(m, "List-Unsubscribe").is_empty()
            })
            .expect("a mail for a2");
        assert!(mail.contains("ALFA-2026-"), "the reference: {mail}");
        assert!(
            !mail.contains("Tekst van Afmelden"),
            "never the text itself"
        );
        assert_eq!(
            header(&mail, "List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
        let lu = header(&mail, "List-Unsubscribe");
        let url = lu.trim_start_matches('<').trim_end_matches('>');
        let path = &url[url.find("/uitschrijven/").expect("link")..];

        // Opening the link changes nothing; it asks.
        let (s, html) = t.get_as(&t.anonymous(), path).await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("method=\"post\""));
        let (_, v) = t
            .json("GET", "/api/v1/me/preferences", Some(&a2), None)
            .await;
        assert_eq!(v["preferences"]["acknowledgement"], "immediate");

        // One click from a mail program: no login, no cookie.
        let res = t
            .client
            .post(path.to_string())
            .header(rocket::http::ContentType::Form)
            .body("List-Unsubscribe=One-Click")
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Ok);
        let (_, v) = t
            .json("GET", "/api/v1/me/preferences", Some(&a2), None)
            .await;
        assert_eq!(v["preferences"]["acknowledgement"], "inbox");
        assert_eq!(v["preferences"]["decision"], "digest", "other choices stay");
        assert_eq!(v["preferences"]["agenda"], "immediate");
        let (_, v) = t
            .json("GET", "/api/v1/me/preferences", Some(&a1), None)
            .await;
        assert_eq!(
            v["preferences"]["acknowledgement"], "immediate",
            "other people stay"
        );
        // A made-up token is simply unknown.
        let res = t.client.post("/uitschrijven/nope").dispatch().await;
        assert_eq!(res.status(), Status::NotFound);
        server.stop();
    }
}

#[rocket::async_test]
async fn without_smtp_mail_becomes_eml_files() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let sender = Sender::from_settings(&settings);
    assert!(sender.describe().contains("outbox"));
    let mailer = Mailer::new(t.app().clone(), sender);
    let r = mailer.run_once().await.unwrap();
    assert_eq!(r.sent, 12, "{r:?}");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(files.len(), 12);
    let text = decode_qp(&std::fs::read_to_string(files[0].path()).unwrap());
    assert!(text.contains("/invitations/"), "{text}");
    // Once sent, the secret link is no longer kept in the outbox.
    let mut c = t.app().db.conn().await.unwrap();
    let left = n::count_status(&mut c.ex(), "sent").await.unwrap();
    assert_eq!(left, 12);
}

#[rocket::async_test]
async fn one_digest_a_day_grouped_per_item() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let a2 = t.token("a2@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let all_digest = json!({"acknowledgement": "digest", "decision": "digest", "agenda": "digest"});
    t.json("PUT", "/api/v1/me/preferences", Some(&a2), Some(all_digest))
        .await;
    let inbox = Inbox::default();
    let server = SmtpServer::start(0, inbox.clone()).await;
    let mailer = smtp_mailer(&t, server.port);
    mailer.run_once().await.unwrap(); // the invitations
    let start = inbox.len();
    for title in ["Eerste punt", "Tweede punt"] {
        let id = item(&t, &a1, "ALFA", "burgers", title, true).await["id"]
            .as_i64()
            .unwrap();
        mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Ja."}),
        )
        .await;
    }
    // 09:00 in Brussels: the digest goes out at once, one for today.
    mailer.run_once().await.unwrap();
    let digests: Vec<String> = inbox.all()[start..]
        .iter()
        .filter(|m| header(m, "To").contains("a2@alfa.test"))
        .cloned()
        .collect();
    assert_eq!(digests.len(), 1, "one mail: {digests:?}");
    let d = &digests[0];
    assert!(
        d.contains("Eerste punt") && d.contains("Tweede punt"),
        "{d}"
    );
    assert_eq!(d.matches("Ontvangst bevestigd").count(), 2, "{d}");
    // The zone's signed checkpoint closes it: the panel's mail keeps its own copy (issue 18).
    let body = decode_qp(d);
    assert!(
        body.contains("Controlepunt van de geschiedenis van ELZ ALFA"),
        "{body}"
    );
    // The note itself as sent, line ends and all (a soft line break would change its bytes).
    let note = &d[d.find("/zones/ALFA\r\n").expect(d)..];
    assert!(
        note.contains("\r\n\r\n\u{2014} burgerstem "),
        "signed: {note}"
    );
    // More news the same day waits for tomorrow.
    let id = item(&t, &a1, "ALFA", "burgers", "Derde punt", true).await["id"]
        .as_i64()
        .unwrap();
    mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
    mailer.run_once().await.unwrap();
    let to_a2 = |v: Vec<String>| {
        v.iter()
            .filter(|m| header(m, "To").contains("a2@alfa.test"))
            .count()
    };
    assert_eq!(to_a2(inbox.all()[start..].to_vec()), 1);
    t.clock.advance(Duration::days(1));
    mailer.run_once().await.unwrap();
    assert_eq!(to_a2(inbox.all()[start..].to_vec()), 2);
    server.stop();
}

#[rocket::async_test]
async fn a_printed_letter_is_on_the_timeline_with_who_printed_it() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let id = item(&t, &a1, "ALFA", "burgers", "Brief", true).await["id"]
        .as_i64()
        .unwrap();
    mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
    let web = t.web_session("staff@alfa.test").await;
    let (s, html) = t.get_as(&web, "/zones/ALFA/berichten").await;
    assert_eq!(s, Status::Ok);
    let form = html
        .find(&format!("/items/{id}/brief/"))
        .expect("a letter to print");
    let rest = &html[form + format!("/items/{id}/brief/").len()..];
    let seq: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let a2 = t.user_id("a2@alfa.test").await.to_string();
    let (s, _, letter) = t
        .post_as(
            &web,
            &format!("/items/{id}/brief/{seq}"),
            &[("person", &a2)],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert!(
        letter.contains("ALFA-2026-") && letter.contains("print.css"),
        "{letter}"
    );
    let (_, tl) = t
        .json(
            "GET",
            &format!("/api/v1/items/{id}/timeline"),
            Some(&a1),
            None,
        )
        .await;
    let last = tl["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "letter-printed", "{last}");
    // A citizen cannot print letters.
    let citizen = t.web_session("a1@alfa.test").await;
    let (s, _, _) = t
        .post_as(
            &citizen,
            &format!("/items/{id}/brief/{seq}"),
            &[("person", &a2)],
            true,
        )
        .await;
    assert_eq!(s, Status::Forbidden);
}

#[rocket::async_test]
async fn password_reset_by_mail_is_single_use_and_short_lived() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let inbox = Inbox::default();
    let server = SmtpServer::start(0, inbox.clone()).await;
    let mailer = smtp_mailer(&t, server.port);
    mailer.run_once().await.unwrap();
    let start = inbox.len();
    let old_token = t.token("a1@alfa.test").await;
    let anon = t.anonymous();
    let (s, _, known) = t
        .post_as(
            &anon,
            "/wachtwoord-vergeten",
            &[("email", "a1@alfa.test")],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    let (s, _, unknown) = t
        .post_as(
            &anon,
            "/wachtwoord-vergeten",
            &[("email", "niemand@nergens.test")],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert_eq!(
        known, unknown,
        "the page never tells whether an address exists"
    );
    mailer.run_once().await.unwrap();
    let mails = &inbox.all()[start..];
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    let at = m.find("/wachtwoord/").expect("a link");
    let path: String = m[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    let (s, _) = t.get_as(&anon, &path).await;
    assert_eq!(s, Status::Ok);
    let (s, loc, _) = t
        .post_as(
            &anon,
            &path,
            &[("password", "een nieuw en lang wachtwoord")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther, "{loc:?}");
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "a1@alfa.test", "password": "een nieuw en lang wachtwoord"})),
        )
        .await;
    assert_eq!(s, Status::Created);
    // Sessions and tokens from before the reset end with it.
    let (s, _) = t.json("GET", "/api/v1/me", Some(&old_token), None).await;
    assert_eq!(s, Status::Unauthorized);
    // Used once: gone.
    let (s, _) = t.get_as(&anon, &path).await;
    assert_eq!(s, Status::NotFound);
    // A fresh link expires within the hour.
    t.post_as(
        &anon,
        "/wachtwoord-vergeten",
        &[("email", "a2@alfa.test")],
        true,
    )
    .await;
    mailer.run_once().await.unwrap();
    let m = inbox.all().last().unwrap().clone();
    let at = m.find("/wachtwoord/").unwrap();
    let path: String = m[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    t.clock.advance(Duration::minutes(61));
    let (s, _) = t.get_as(&anon, &path).await;
    assert_eq!(s, Status::NotFound);
    // No more than three links an hour for one person, whoever asks.
    let before = inbox.len();
    for _ in 0..5 {
        t.post_as(
            &anon,
            "/wachtwoord-vergeten",
            &[("email", "a2@alfa.test")],
            true,
        )
        .await;
    }
    mailer.run_once().await.unwrap();
    assert_eq!(inbox.len() - before, 3);
    server.stop();
}

#[rocket::async_test]
async fn the_preferences_page_saves_choices() {
    no_background_worker();
    let t = sqlite().await;
    seed(&t).await;
    let web = t.web_session("a2@alfa.test").await;
    let (s, html) = t.get_as(&web, "/berichten/voorkeuren").await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("name=\"mode[decision]\""), "{html}");
    let (s, loc, _) = t
        .post_as(
            &web,
            "/berichten/voorkeuren",
            &[("mode[decision]", "digest"), ("mode[overdue]", "inbox")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    assert_eq!(loc.as_deref(), Some("/berichten/voorkeuren"));
    let a2 = t.token("a2@alfa.test").await;
    let (_, v) = t
        .json("GET", "/api/v1/me/preferences", Some(&a2), None)
        .await;
    assert_eq!(v["preferences"]["decision"], "digest");
    assert_eq!(v["preferences"]["overdue"], "inbox");
    assert_eq!(v["preferences"]["agenda"], "immediate");
    // Without the CSRF token nothing changes.
    let (s, _, _) = t
        .post_as(
            &web,
            "/berichten/voorkeuren",
            &[("mode[agenda]", "inbox")],
            false,
        )
        .await;
    assert!(s.code >= 400, "{s}");
    let (_, v) = t
        .json("GET", "/api/v1/me/preferences", Some(&a2), None)
        .await;
    assert_eq!(v["preferences"]["agenda"], "immediate");
    // Logged out: to the login page.
    let (s, _) = t.get_as(&t.anonymous(), "/berichten").await;
    assert_ne!(s, Status::Ok);
}
