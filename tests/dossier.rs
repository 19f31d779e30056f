//! An item's dossier: the printable page, the JSON (API and download) with its proof from the
//! zone's hash chain, `burgerstem proof`, and `burgerstem verify --proof` checking such a file
//! without the database, and failing when one byte is changed.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use rocket::http::{Cookie, Status};
use serde_json::{json, Value};
use std::process::Command;

const WORDS_ADDENDUM: &str = "Ook de halte aan het station heeft geen bank.";
const WORDS_OWN_VIEW: &str = "Ik zie liever een schuilhuisje dan een bank.";
const WORDS_CORRECTION: &str = "We zeiden ook dat de halte geen schaduw heeft.";
const WORDS_MINUTES: &str = "De zorgraad vindt het een goed idee maar wil eerst de kosten kennen.";
const WORDS_FIRST_DECISION: &str = "De gemeente betaalt de bank.";
const WORDS_DECISION: &str = "De gemeente betaalt de bank, niet het afdak.";
const WORDS_UPDATE: &str = "Bank besteld bij de leverancier.";
/// Words of another item in the same zone: never in this item's proof.
const OTHER_WORDS: &str = "Geheime woorden van een ander punt";

/// One item of zone ALFA through the loop, with other subjects' events in between; returns
/// (id, reference).
async fn story(t: &TestApp) -> (i64, String) {
    seed(t).await;
    let (a1, a2, a3) = (
        t.token("a1@alfa.test").await,
        t.token("a2@alfa.test").await,
        t.token("a3@alfa.test").await,
    );
    let staff = t.token("staff@alfa.test").await;
    let it = item(t, &a1, "ALFA", "burgers", "Een bank bij de bushalte", true).await;
    let id = it["id"].as_i64().unwrap();
    let reference = it["reference"].as_str().unwrap().to_string();
    // Another panel's item, with its own words, between this item's events.
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&a3),
            Some(json!({"panel": "pzon", "kind": "question", "title": "Een ander punt", "text": OTHER_WORDS})),
        )
        .await;
    assert_eq!(s, Status::Created);
    let items = format!("/api/v1/items/{id}");
    ok(
        t,
        "POST",
        &format!("{items}/addenda"),
        &a1,
        Some(json!({"text": WORDS_ADDENDUM})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("{items}/reactions"),
        &a2,
        Some(json!({"text": WORDS_OWN_VIEW, "own_view": true})),
    )
    .await;
    let m = ok(
        t,
        "POST",
        "/api/v1/zones/ALFA/meetings",
        &staff,
        Some(json!({"starts_at": "2026-04-15T19:30", "place": "Gemeentehuis", "other_points": ""})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let tr = format!("{items}/transitions");
    ok(
        t,
        "POST",
        &tr,
        &staff,
        Some(json!({"action": "acknowledge", "meeting": m})),
    )
    .await;
    ok(
        t,
        "POST",
        &tr,
        &staff,
        Some(json!({"action": "schedule", "meeting": m})),
    )
    .await;
    t.clock
        .set(Utc.with_ymd_and_hms(2026, 4, 15, 20, 0, 0).unwrap());
    ok(
        t,
        "POST",
        &format!("/api/v1/meetings/{m}/minutes"),
        &staff,
        Some(json!({"item": id, "summary": WORDS_MINUTES})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("/api/v1/meetings/{m}/held"),
        &staff,
        None,
    )
    .await;
    ok(
        t,
        "POST",
        &format!("{items}/minutes-responses"),
        &a1,
        Some(json!({"confirm": true})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("{items}/minutes-responses"),
        &a2,
        Some(json!({"correction": WORDS_CORRECTION})),
    )
    .await;
    ok(
        t,
        "POST",
        &tr,
        &staff,
        Some(json!({"action": "decide", "outcome": "accepted", "reasons": WORDS_FIRST_DECISION})),
    )
    .await;
    ok(
        t,
        "POST",
        &tr,
        &staff,
        Some(json!({"action": "correct-decision", "outcome": "partly-accepted", "reasons": WORDS_DECISION})),
    )
    .await;
    let action = ok(
        t,
        "POST",
        &format!("{items}/actions"),
        &staff,
        Some(json!({"what": "Bank plaatsen", "responsible": "Technische dienst", "due": "2026-07-01"})),
    )
    .await["action_id"]
        .as_i64()
        .unwrap();
    ok(
        t,
        "POST",
        &format!("/api/v1/actions/{action}/updates"),
        &staff,
        Some(json!({"percent": 50, "note": WORDS_UPDATE})),
    )
    .await;
    // A later event of another subject, so the segment runs past the item's last event.
    item(t, &a3, "ALFA", "pzon", "Nog een ander punt", true).await;
    (id, reference)
}

#[rocket::async_test]
async fn the_dossier_page_shows_everything_to_the_zone_and_nothing_to_another() {
    for t in engines().await {
        let (id, reference) = story(&t).await;
        let staff = t.token("staff@alfa.test").await;
        let (_, tl) = t
            .json(
                "GET",
                &format!("/api/v1/items/{id}/timeline"),
                Some(&staff),
                None,
            )
            .await;
        let events = tl["events"].as_array().unwrap();
        assert!(events.len() >= 12, "{}", t.engine);

        for email in [
            "a1@alfa.test",
            "a2@alfa.test",
            "staff@alfa.test",
            "raad@alfa.test",
        ] {
            let who = t.web_session(email).await;
            let (s, page) = t.get_as(&who, &format!("/items/{id}")).await;
            assert_eq!(s, Status::Ok);
            assert!(
                page.contains(&format!("href=\"/items/{id}/dossier\"")),
                "{email}: the item page links its dossier"
            );
            let (s, page) = t.get_as(&who, &format!("/items/{id}/dossier")).await;
            assert_eq!(s, Status::Ok, "{} {email}: {page}", t.engine);
            for words in [
                "Tekst van Een bank bij de bushalte",
                WORDS_ADDENDUM,
                WORDS_OWN_VIEW,
                WORDS_MINUTES,
                WORDS_CORRECTION,
                WORDS_FIRST_DECISION,
                WORDS_DECISION,
                WORDS_UPDATE,
                "Dit besluit is later verbeterd",
                "Bank plaatsen",
                &reference,
            ] {
                assert!(
                    page.contains(words),
                    "{} {email}: {words:?} missing",
                    t.engine
                );
            }
            assert!(!page.contains(OTHER_WORDS));
            // Every event of the item with its number in the chain and its full hash.
            for e in events {
                let hash = e["hash"].as_str().unwrap();
                assert!(page.contains(hash), "{email}: hash of event {}", e["seq"]);
                assert!(page.contains(&format!("id=\"event-{}\"", e["seq"])));
            }
            assert!(
                page.contains("/static/print.css"),
                "printed with the A4 sheet"
            );
            assert!(
                !page.contains("nav-list"),
                "no navigation on the printed dossier"
            );
        }

        // Another zone: 404 for every role, on the page, the download and the API.
        for email in [
            "a1@beta.test",
            "staff@beta.test",
            "raad@beta.test",
            "admin@beta.test",
        ] {
            let who = t.web_session(email).await;
            for path in [
                format!("/items/{id}/dossier"),
                format!("/items/{id}/dossier.json"),
            ] {
                let (s, _) = t.get_as(&who, &path).await;
                assert_eq!(s, Status::NotFound, "{} {email} {path}", t.engine);
            }
            let token = t.token(email).await;
            let (s, _) = t
                .json(
                    "GET",
                    &format!("/api/v1/items/{id}/dossier"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(s, Status::NotFound, "{} {email}", t.engine);
        }
        // Not logged in: not the dossier.
        let (s, page) = t
            .get_as(&t.anonymous(), &format!("/items/{id}/dossier"))
            .await;
        assert!(!page.contains(WORDS_ADDENDUM), "{s}");

        // The download is the API's JSON, as an attachment named after the reference.
        let api = ok(
            &t,
            "GET",
            &format!("/api/v1/items/{id}/dossier"),
            &staff,
            None,
        )
        .await;
        assert_eq!(api["format"], "burgerstem-dossier/1");
        assert_eq!(api["item"]["reference"], reference.as_str());
        assert_eq!(api["proof"]["format"], "burgerstem-proof/1");
        let who = t.web_session("a1@alfa.test").await;
        let res = t
            .client
            .get(format!("/items/{id}/dossier.json"))
            .private_cookie(Cookie::new("bs_session", who.session.clone().unwrap()))
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Ok);
        assert_eq!(
            res.headers().get_one("Content-Disposition"),
            Some(format!("attachment; filename=\"{reference}-dossier.json\"").as_str())
        );
        assert!(res
            .headers()
            .get_one("Content-Type")
            .unwrap()
            .starts_with("application/json"));
        let body: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
        assert_eq!(body, api, "{}: the download is the API's dossier", t.engine);
        assert_eq!(verify(&t).await.map(|_| ()), Ok(()));
    }
}

fn cli(db_url: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_burgerstem"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ROCKET_DATA_DIR", dir)
        .env("ROCKET_LOG_LEVEL", "off")
        .env("BURGERSTEM_LOG", "warn")
        .env_remove("BURGERSTEM_DATABASE_URL")
        .args(["--database", db_url]);
    c
}

/// `burgerstem verify --proof` on `proof`: (exit code, standard output).
fn verify_file(dir: &std::path::Path, name: &str, proof: &str) -> (i32, String) {
    let path = dir.join(name);
    std::fs::write(&path, proof).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_burgerstem"))
        .env("BURGERSTEM_LOG", "warn")
        // Offline: a database that does not exist must not matter.
        .env(
            "BURGERSTEM_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/none",
        )
        .args(["verify", "--proof"])
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Changes exactly one byte of `s`: the first hex digit or letter at or after the middle.
fn one_byte_changed(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    let at = (b.len() / 2..b.len())
        .chain(0..b.len())
        .find(|&i| b[i].is_ascii_alphanumeric())
        .expect("a letter or digit");
    b[at] = match b[at] {
        b'0' => b'1',
        b'a' => b'b',
        b'e' => b'f',
        c if c.is_ascii_digit() => b'0',
        c if c.is_ascii_lowercase() => b'a',
        _ => b'x',
    };
    let out = String::from_utf8(b).unwrap();
    assert_ne!(out, s);
    out
}

#[rocket::async_test]
async fn a_proof_verifies_offline_and_fails_when_one_byte_changes() {
    for t in engines().await {
        let (id, reference) = story(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let staff = t.token("staff@alfa.test").await;
        let api = ok(
            &t,
            "GET",
            &format!("/api/v1/items/{id}/dossier"),
            &staff,
            None,
        )
        .await;
        let proof = api["proof"].clone();
        let events = proof["events"].as_array().unwrap();
        let own = |e: &Value| e["subject_type"] == "item" && e["subject_id"] == id;
        assert!(own(&events[0]), "the segment starts at the item");
        assert_eq!(events[0]["kind"], "created");
        assert!(
            events.iter().any(|e| !own(e)),
            "other subjects' events are in it"
        );
        assert!(!own(events.last().unwrap()), "and run on to the head");
        assert_eq!(proof["head"]["seq"], events.last().unwrap()["seq"]);
        assert_eq!(proof["zone"]["code"], "ALFA");
        // Only the item's own words travel; others' are only their commitments.
        let text = proof.to_string();
        assert!(text.contains(WORDS_ADDENDUM));
        assert!(
            !text.contains(OTHER_WORDS),
            "{}: another item's words leaked",
            t.engine
        );
        assert!(events
            .iter()
            .filter(|e| !own(e))
            .all(|e| e.get("personal").is_none()));
        for e in events {
            for field in [
                "zone_id",
                "seq",
                "at",
                "subject_type",
                "subject_id",
                "kind",
                "actor_id",
                "data",
                "commitment",
                "prev_hash",
                "hash",
            ] {
                assert!(e.get(field).is_some(), "{field} in {e}");
            }
        }

        // `burgerstem proof` prints the same as the API, to standard output or a file.
        let out = cli(&t.db_url, dir.path())
            .args(["proof", &reference])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            t.engine,
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, proof, "{}: proof command = API", t.engine);
        let file = dir.path().join("bewijs.json");
        let out = cli(&t.db_url, dir.path())
            .args(["proof", &reference.to_lowercase(), "--out"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(written, proof);
        let out = cli(&t.db_url, dir.path())
            .args(["proof", "ALFA-1999-0001"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("no item with reference"));

        // Offline: it verifies.
        let pretty = serde_json::to_string_pretty(&proof).unwrap();
        let (code, said) = verify_file(dir.path(), "intact.json", &pretty);
        assert_eq!(code, 0, "{}: {said}", t.engine);
        assert!(
            said.starts_with("ok:") && said.contains(&reference),
            "{said}"
        );
        // The whole downloaded dossier is not a proof file; its `proof` part is.
        let (code, _) = verify_file(dir.path(), "dossier.json", &api.to_string());
        assert_eq!(code, 1);

        // One byte changed, in three places: each fails and names the event.
        let second_own = events.iter().skip(1).position(own).map(|k| k + 1).unwrap();
        let middle_other = events.iter().position(|e| !own(e)).unwrap();
        let with_personal = events
            .iter()
            .position(|e| own(e) && e.get("personal").is_some() && e["kind"] == "addendum-added")
            .expect("the addendum's words are in the proof");
        let cases: [(&str, usize, &[&str]); 4] = [
            ("data", second_own, &["data"]),
            ("data-of-another-subject", middle_other, &["data"]),
            ("hash", middle_other, &["hash"]),
            ("payload", with_personal, &["personal", "payload"]),
        ];
        for (name, k, path) in cases {
            let mut bad = proof.clone();
            let mut field = &mut bad["events"][k];
            for p in path {
                field = &mut field[*p];
            }
            let changed = one_byte_changed(field.as_str().unwrap());
            *field = json!(changed);
            let seq = events[k]["seq"].as_i64().unwrap();
            let (code, said) = verify_file(
                dir.path(),
                &format!("{name}.json"),
                &serde_json::to_string_pretty(&bad).unwrap(),
            );
            assert_eq!(code, 1, "{} {name}: {said}", t.engine);
            assert!(
                said.starts_with("BROKEN") && said.contains(&format!("event {seq} (")),
                "{} {name}: names event {seq}: {said}",
                t.engine
            );
            if name == "payload" {
                assert!(said.contains("personal payload"), "{said}");
            }
        }
        // A changed byte in the file's text itself (not through JSON): the head's hash.
        let head = proof["head"]["hash"].as_str().unwrap();
        let tampered = pretty.replacen(head, &one_byte_changed(head), 1);
        let (code, said) = verify_file(dir.path(), "head.json", &tampered);
        assert_eq!(code, 1, "{said}");
        assert!(
            said.contains(&format!("event {} (", proof["head"]["seq"])),
            "{said}"
        );
        // An unreadable file is not a failed proof but a failed read.
        let out = Command::new(env!("CARGO_BIN_EXE_burgerstem"))
            .args(["verify", "--proof"])
            .arg(dir.path().join("missing.json"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(verify(&t).await.map(|_| ()), Ok(()));
    }
}
