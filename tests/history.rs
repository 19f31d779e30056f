//! The history is evidence: append-only in the database itself, hash-chained, and `verify` finds
//! every kind of tampering. Also: concurrent writers still make one unbroken chain.

mod common;

use burgerstem::db::Db;
use common::*;
use rocket::http::Status;
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_burgerstem")
}

fn sqlite_path(t: &TestApp) -> String {
    t.db_url.trim_start_matches("sqlite://").to_string()
}

/// Runs `burgerstem verify` as a separate process; returns (exit code, stdout).
fn cli_verify(url: &str) -> (i32, String) {
    let out = Command::new(bin())
        .args(["verify", "--database", url])
        .output()
        .expect("run burgerstem");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

async fn seeded_with_items(t: &TestApp) -> i64 {
    seed(t).await;
    let a1 = t.token("a1@alfa.test").await;
    let mut last = 0;
    for i in 0..3 {
        last = item(t, &a1, "ALFA", "burgers", &format!("Punt {i}"), true).await["id"]
            .as_i64()
            .unwrap();
    }
    last
}

#[rocket::async_test]
async fn the_database_refuses_to_change_events_or_frozen_words() {
    for t in engines().await {
        let id = seeded_with_items(&t).await;
        let app = t.app();
        let mut tx = app.db.begin().await.unwrap();
        let r = burgerstem_exec(&mut tx, "UPDATE events SET kind = 'forged' WHERE seq = 1").await;
        assert!(r.is_err(), "{}: UPDATE on events must fail", t.engine);
        drop(tx);
        let mut tx = app.db.begin().await.unwrap();
        let r = burgerstem_exec(&mut tx, "DELETE FROM events WHERE seq = 2").await;
        assert!(r.is_err(), "{}: DELETE on events must fail", t.engine);
        drop(tx);
        let mut tx = app.db.begin().await.unwrap();
        let r = burgerstem_exec(
            &mut tx,
            &format!("UPDATE items SET body = 'andere woorden' WHERE id = {id}"),
        )
        .await;
        let msg = format!("{:?}", r);
        assert!(
            r.is_err() && msg.contains("frozen"),
            "{}: frozen text must be refused: {msg}",
            t.engine
        );
        drop(tx);
        // Status changes on a submitted item are still allowed (that is how the lifecycle moves).
        let mut tx = app.db.begin().await.unwrap();
        burgerstem_exec(
            &mut tx,
            &format!("UPDATE items SET status = 'submitted' WHERE id = {id}"),
        )
        .await
        .unwrap();
        drop(tx);
        assert!(verify(&t).await.is_ok());
    }
}

async fn burgerstem_exec(tx: &mut burgerstem::db::Tx, sql: &str) -> Result<u64, sqlx::Error> {
    match tx.ex() {
        burgerstem::db::Ex::Sqlite(c) => {
            sqlx::query(sql).execute(c).await.map(|r| r.rows_affected())
        }
        burgerstem::db::Ex::Pg(c) => sqlx::query(sql).execute(c).await.map(|r| r.rows_affected()),
    }
}

/// Tampers behind the application's back, like someone with the sqlite3 shell would: drop the
/// triggers, change a row.
async fn tamper_sqlite(path: &str, sql: &str) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    for trig in ["events_append_only_update", "events_append_only_delete"] {
        sqlx::query(&format!("DROP TRIGGER IF EXISTS {trig}"))
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

async fn fresh_copy() -> (TestApp, String) {
    let t = sqlite().await;
    seeded_with_items(&t).await;
    let path = sqlite_path(&t);
    (t, path)
}

#[rocket::async_test]
async fn verify_finds_a_changed_row() {
    let (t, path) = fresh_copy().await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok: 2 zones,"), "{out}");
    // Change the data of event 5 of zone ALFA.
    tamper_sqlite(
        &path,
        "UPDATE events SET data = '{\"status\":\"closed\"}' WHERE zone_id = 1 AND seq = 5",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("zone ALFA, event 5"), "{out}");
}

#[rocket::async_test]
async fn verify_finds_a_changed_time_or_actor() {
    let (t, path) = fresh_copy().await;
    tamper_sqlite(
        &path,
        "UPDATE events SET actor_id = 1 WHERE zone_id = 1 AND seq = 7",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1);
    assert!(out.contains("zone ALFA, event 7"), "{out}");
    let (t, path) = fresh_copy().await;
    tamper_sqlite(
        &path,
        "UPDATE events SET at = '2020-01-01T00:00:00+00:00' WHERE zone_id = 1 AND seq = 3",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1);
    assert!(out.contains("zone ALFA, event 3"), "{out}");
}

#[rocket::async_test]
async fn verify_finds_a_deleted_event() {
    let (t, path) = fresh_copy().await;
    tamper_sqlite(
        &path,
        "DELETE FROM event_personal WHERE event_id IN (SELECT id FROM events WHERE zone_id = 1 AND seq = 4);
         DELETE FROM events WHERE zone_id = 1 AND seq = 4;",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1);
    assert!(
        out.contains("zone ALFA, event 5"),
        "the first event after the gap is named: {out}"
    );
    // Deleting the newest event is found through the zone's recorded head.
    let (t, path) = fresh_copy().await;
    tamper_sqlite(
        &path,
        "DELETE FROM event_personal WHERE event_id = (SELECT id FROM events WHERE zone_id = 1 ORDER BY seq DESC LIMIT 1);
         DELETE FROM events WHERE id = (SELECT id FROM events WHERE zone_id = 1 ORDER BY seq DESC LIMIT 1);",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("zone ALFA"), "{out}");
}

#[rocket::async_test]
async fn verify_finds_reordered_events() {
    let (t, path) = fresh_copy().await;
    // Swap the sequence numbers of events 4 and 5 (through a free number, as UNIQUE demands).
    tamper_sqlite(
        &path,
        "UPDATE events SET seq = -1 WHERE zone_id = 1 AND seq = 4;
         UPDATE events SET seq = 4 WHERE zone_id = 1 AND seq = 5;
         UPDATE events SET seq = 5 WHERE zone_id = 1 AND seq = -1;",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1);
    assert!(out.contains("zone ALFA, event 4"), "{out}");
}

#[rocket::async_test]
async fn verify_finds_changed_personal_words() {
    let (t, path) = fresh_copy().await;
    tamper_sqlite(
        &path,
        "UPDATE event_personal SET payload = '{\"text\":\"iets anders\"}' WHERE event_id = (SELECT id FROM events WHERE kind = 'submitted' LIMIT 1)",
    )
    .await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("personal payload"), "{out}");
    // Erasing the payload (what GDPR erasure will do) keeps the chain valid.
    let (t, path) = fresh_copy().await;
    tamper_sqlite(&path, "DELETE FROM event_personal").await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 0, "{out}");
}

/// `verify`'s fast path on SQLite (ranges of events read on several threads, stitched per zone)
/// confirms a sound file with every split, and never confirms a tampered one: every change the
/// tests above make is caught by it too, whatever the number of threads.
#[rocket::async_test]
async fn the_fast_path_confirms_only_sound_files() {
    use burgerstem::db::events::{verify_all, Verification};
    use burgerstem::db::verify_file::all_sound;
    let (t, path) = fresh_copy().await;
    let events = match verify_all(&mut t.app().db.conn().await.unwrap().ex())
        .await
        .unwrap()
    {
        Verification::Ok { events, .. } => events,
        broken => panic!("{broken:?}"),
    };
    for threads in [1, 2, 3, 7, 50] {
        match all_sound(std::path::Path::new(&path), threads) {
            Some(Ok(Verification::Ok { zones, events: n })) => {
                assert_eq!((zones, n), (2, events), "{threads} threads")
            }
            other => panic!("{threads} threads on a sound file: {other:?}"),
        }
    }
    let tamperings = [
        "UPDATE events SET data = '{}' WHERE zone_id = 1 AND seq = 5",
        "UPDATE events SET actor_id = 1 WHERE zone_id = 1 AND seq = 7",
        "UPDATE events SET at = '2020-01-01T00:00:00+00:00' WHERE zone_id = 1 AND seq = 3",
        "UPDATE events SET at = 'gisteren' WHERE zone_id = 1 AND seq = 3",
        "DELETE FROM event_personal WHERE event_id IN (SELECT id FROM events WHERE zone_id = 1 AND seq = 4);
         DELETE FROM events WHERE zone_id = 1 AND seq = 4",
        "DELETE FROM event_personal WHERE event_id = (SELECT MAX(id) FROM events);
         DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)",
        "UPDATE events SET seq = -1 WHERE zone_id = 1 AND seq = 4;
         UPDATE events SET seq = 4 WHERE zone_id = 1 AND seq = 5;
         UPDATE events SET seq = 5 WHERE zone_id = 1 AND seq = -1",
        "UPDATE event_personal SET payload = '{}' WHERE event_id = (SELECT id FROM events WHERE kind = 'submitted' LIMIT 1)",
        "UPDATE zones SET chain_seq = chain_seq - 1 WHERE id = 2",
        "UPDATE zones SET chain_head = prev_hash FROM (SELECT prev_hash FROM events WHERE zone_id = 1 ORDER BY seq DESC LIMIT 1) WHERE id = 1",
    ];
    for sql in tamperings {
        let (_t, path) = fresh_copy().await;
        tamper_sqlite(&path, sql).await;
        for threads in [1, 2, 7] {
            assert!(
                matches!(
                    all_sound(std::path::Path::new(&path), threads),
                    Some(Err(()))
                ),
                "{threads} threads did not catch: {sql}"
            );
        }
    }
    // An erasure removes payloads; the chain still verifies.
    let (_t, path) = fresh_copy().await;
    tamper_sqlite(&path, "DELETE FROM event_personal").await;
    assert!(matches!(
        all_sound(std::path::Path::new(&path), 2),
        Some(Ok(Verification::Ok { .. }))
    ));
}

#[rocket::async_test]
async fn postgres_tampering_is_found_too() {
    let Some(t) = postgres().await else {
        eprintln!("SKIPPED: TEST_POSTGRES_URL not set");
        return;
    };
    seeded_with_items(&t).await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 0, "{out}");
    let mut tx = t.app().db.begin().await.unwrap();
    burgerstem_exec(&mut tx, "ALTER TABLE events DISABLE TRIGGER USER")
        .await
        .unwrap();
    burgerstem_exec(
        &mut tx,
        "UPDATE events SET kind = 'forged' WHERE zone_id = 2 AND seq = 3",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("zone BETA, event 3"), "{out}");
}

#[rocket::async_test]
async fn concurrent_submissions_make_one_unbroken_chain() {
    for t in engines().await {
        seed(&t).await;
        let tokens = [
            t.token("a1@alfa.test").await,
            t.token("a2@alfa.test").await,
            t.token("a3@alfa.test").await,
        ];
        let writers = 24;
        let futures = (0..writers).map(|i| {
            let token = tokens[i % 3].clone();
            let panel = if i % 3 == 2 { "pzon" } else { "burgers" };
            let t = &t;
            async move {
                let v = item(t, &token, "ALFA", panel, &format!("Gelijktijdig {i}"), true).await;
                v["reference"].as_str().unwrap().to_string()
            }
        });
        let mut refs: Vec<String> = futures::future::join_all(futures).await;
        refs.sort();
        refs.dedup();
        assert_eq!(
            refs.len(),
            writers,
            "{}: every item its own reference",
            t.engine
        );
        let (_, events) = verify(&t)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.engine));
        assert!(events as usize >= writers * 2);
        let (code, out) = cli_verify(&t.db_url);
        assert_eq!(code, 0, "{}: {out}", t.engine);
    }
}

#[rocket::async_test]
async fn backup_is_consistent_and_verifies() {
    let (t, path) = fresh_copy().await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kopie.db");
    let out = Command::new(bin())
        .args(["backup", target.to_str().unwrap(), "--database", &t.db_url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, text) = cli_verify(&format!("sqlite://{}", target.display()));
    assert_eq!(code, 0, "{text}");
    // The copy holds the same history as the original.
    let (_, original) = cli_verify(&format!("sqlite://{path}"));
    assert_eq!(text.split(" in ").next(), original.split(" in ").next());
    // Refuses to overwrite.
    let out = Command::new(bin())
        .args(["backup", target.to_str().unwrap(), "--database", &t.db_url])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[rocket::async_test]
async fn timeline_pages_show_every_event_in_order() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let a2 = t.token("a2@alfa.test").await;
    let it = item(&t, &a1, "ALFA", "burgers", "Tijdlijn", false).await;
    let id = it["id"].as_i64().unwrap();
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/cosign"),
        Some(&a2),
        None,
    )
    .await;
    t.clock.advance(chrono::Duration::hours(5));
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/submit"),
        Some(&a1),
        None,
    )
    .await;
    let who = t.web_session("a2@alfa.test").await;
    let (s, html) = t.get_as(&who, &format!("/items/{id}/timeline")).await;
    assert_eq!(s, Status::Ok);
    let a = html.find("Punt begonnen").expect("created");
    let b = html.find("Mee ondertekend").expect("cosigned");
    let c = html.find("Ingediend bij de zorgraad").expect("submitted");
    assert!(a < b && b < c);
    // 08:00 UTC on 2 March is 09:00 in Brussels; five hours later 14:00.
    assert!(html.contains("2 maart 2026, 09:00"), "Brussels time shown");
    assert!(html.contains("2 maart 2026, 14:00"));
    assert!(html.contains("a1 van ALFA") && html.contains("a2 van ALFA"));
}

// ---------------------------------------------------------------------------------------------
// Signed checkpoints (issue 18): a history rewritten with every hash recomputed still passes
// `verify`, and fails the checkpoint someone kept.

const CHECKPOINT_KEY: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

fn checkpoint_settings() -> Extra {
    vec![
        ("checkpoint_key", serde_json::json!(CHECKPOINT_KEY)),
        ("checkpoint_name", serde_json::json!("zorg.example")),
    ]
}

fn cli_verify_checkpoints(url: &str, file: &std::path::Path) -> (i32, String) {
    let out = Command::new(bin())
        .args(["verify", "--database", url, "--checkpoint"])
        .arg(file)
        .env("ROCKET_CHECKPOINT_KEY", CHECKPOINT_KEY)
        .env("ROCKET_CHECKPOINT_NAME", "zorg.example")
        .output()
        .expect("run burgerstem");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

async fn checkpoint_now(t: &TestApp) -> serde_json::Value {
    let (s, v) = t
        .json("GET", "/api/v1/zones/ALFA/checkpoint", None, None)
        .await;
    assert_eq!(s, Status::Ok, "public: {v}");
    v
}

/// Rewrites zone 1's history from event `from` on, the way someone with the database and this
/// program's source would: change a row, then recompute every hash after it and the zone's head.
async fn rewrite_history(path: &str, from: i64) {
    use burgerstem::domain::chain::{event_hash, ChainedFields};
    tamper_sqlite(
        path,
        &format!("UPDATE events SET data = '{{\"status\":\"withdrawn\"}}' WHERE zone_id = 1 AND seq = {from}"),
    )
    .await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    type Row = (
        i64,
        chrono::DateTime<chrono::Utc>,
        String,
        i64,
        String,
        Option<i64>,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, at, subject_type, subject_id, kind, actor_id, data, commitment FROM events
         WHERE zone_id = 1 AND seq >= ? ORDER BY seq",
    )
    .bind(from)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut prev: String =
        sqlx::query_scalar("SELECT hash FROM events WHERE zone_id = 1 AND seq = ?")
            .bind(from - 1)
            .fetch_one(&pool)
            .await
            .unwrap();
    for (seq, at, st, sid, kind, actor, data, commitment) in rows {
        let hash = event_hash(&ChainedFields {
            zone_id: 1,
            seq,
            at,
            subject_type: &st,
            subject_id: sid,
            kind: &kind,
            actor_id: actor,
            data: &data,
            commitment: &commitment,
            prev_hash: &prev,
        });
        sqlx::query("UPDATE events SET prev_hash = ?, hash = ? WHERE zone_id = 1 AND seq = ?")
            .bind(&prev)
            .bind(&hash)
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE zones SET chain_head = ? WHERE id = 1")
        .bind(&prev)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[rocket::async_test]
async fn a_rewritten_history_fails_the_checkpoints_kept_before() {
    let t = sqlite_with(checkpoint_settings()).await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    // The panel keeps three checkpoints over time, in one file.
    let first = checkpoint_now(&t).await;
    item(&t, &a1, "ALFA", "burgers", "Eerste", true).await;
    let second = checkpoint_now(&t).await;
    item(&t, &a1, "ALFA", "burgers", "Tweede", true).await;
    let third = checkpoint_now(&t).await;
    let s1 = first["seq"].as_i64().unwrap();
    let s2 = second["seq"].as_i64().unwrap();
    assert!(s1 < s2 && s2 < third["seq"].as_i64().unwrap());
    assert!(first["note"]
        .as_str()
        .unwrap()
        .starts_with(&format!("zorg.example/zones/ALFA\n{s1}\n")));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ALFA-checkpoints.txt");
    let kept = [&first, &second, &third]
        .iter()
        .map(|c| c["note"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, &kept).unwrap();

    let (code, out) = cli_verify_checkpoints(&t.db_url, &file);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: zone ALFA"), "{out}");
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/checkpoints/verify",
            None,
            Some(serde_json::json!({"checkpoint": kept})),
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    assert_eq!(v["all_match"], true);

    // Forged: an edited checkpoint, or one signed by another key, is refused, naming the field.
    let edited = second["note"].as_str().unwrap().replacen(
        &format!("\n{s2}\n"),
        &format!("\n{}\n", s2 + 1),
        1,
    );
    let other = burgerstem::domain::signed_note::NoteKey::from_seed("zorg.example", &[1; 32])
        .unwrap()
        .sign(&format!(
            "zorg.example/zones/ALFA\n{s2}\n{}\n",
            "A".repeat(43) + "="
        ));
    for forged in [edited.as_str(), other.as_str(), "geen controlepunt"] {
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/checkpoints/verify",
                None,
                Some(serde_json::json!({"checkpoint": forged})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{forged}: {v}");
        assert!(v["error"]["fields"]["checkpoint"].is_string(), "{v}");
        std::fs::write(dir.path().join("forged.txt"), forged).unwrap();
        let (code, out) = cli_verify_checkpoints(&t.db_url, &dir.path().join("forged.txt"));
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("REFUSED"), "{out}");
    }

    // Rewritten after the first checkpoint, every hash recomputed: plain verify is satisfied…
    rewrite_history(&sqlite_path(&t), s1 + 2).await;
    let (code, out) = cli_verify(&t.db_url);
    assert_eq!(
        code, 0,
        "a consistent rewrite passes the chain check alone: {out}"
    );
    // …the kept checkpoints are not: the first that no longer matches is named, and the one
    // before it that still does.
    let (code, out) = cli_verify_checkpoints(&t.db_url, &file);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("REWRITTEN: zone ALFA, event {s2}")),
        "{out}"
    );
    assert!(out.contains(&format!("after event {s1}")), "{out}");
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/checkpoints/verify",
            None,
            Some(serde_json::json!({"checkpoint": kept})),
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert_eq!(v["all_match"], false);
    assert_eq!(v["checks"][0]["matches"], true, "{v}");
    assert_eq!(v["checks"][1]["matches"], false);

    // The page says it in words, to a visitor.
    let web = t.anonymous();
    let (s, _, page) = t
        .post_as(
            &web,
            "/zones/ALFA/checkpoint",
            &[("checkpoint", second["note"].as_str().unwrap())],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("de geschiedenis is herschreven"), "{page}");
    let (s, _, page) = t
        .post_as(
            &web,
            "/zones/ALFA/checkpoint",
            &[("checkpoint", &edited)],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(
        page.contains("De handtekening klopt niet"),
        "beside the field"
    );
    assert!(
        page.contains(&format!("zorg.example/zones/ALFA\n{}\n", s2 + 1)),
        "what was pasted stays"
    );
}

#[rocket::async_test]
async fn the_checkpoint_is_on_the_public_page_and_in_the_feed_on_both_engines() {
    for t in engines_with(checkpoint_settings()).await {
        seeded_with_items(&t).await;
        let cp = checkpoint_now(&t).await;
        let note = cp["note"].as_str().unwrap();
        // Anyone can check the signature with the published key, with no Burgerstem code.
        let key = burgerstem::domain::signed_note::VerifierKey::parse(
            cp["verifier_key"].as_str().unwrap(),
        )
        .unwrap();
        let notes = burgerstem::domain::signed_note::parse_notes(note).unwrap();
        assert!(key.verifies(&notes[0]), "{}", t.engine);
        let (_, public) = t.get_as(&t.anonymous(), "/zones/ALFA/public").await;
        assert!(public.contains("Niemand kan de geschiedenis stil herschrijven"));
        assert!(public.contains(note.lines().next().unwrap()));
        let (s, feed) = t.get_as(&t.anonymous(), "/zones/ALFA/feed.atom").await;
        assert_eq!(s, Status::Ok);
        assert!(
            feed.contains(&format!(
                "Controlepunt: stap {} van de geschiedenis",
                cp["seq"]
            )),
            "{feed}"
        );
        let (s, text) = t.get_as(&t.anonymous(), "/zones/ALFA/checkpoint.txt").await;
        assert_eq!(s, Status::Ok);
        assert_eq!(text, note);
        let (s, _) = t
            .json("GET", "/api/v1/zones/GEEN/checkpoint", None, None)
            .await;
        assert_eq!(s, Status::NotFound);
    }
}

/// Every append-only table, with an edit that is not the erasure marker. The same list holds on
/// both engines: a rule only one engine enforces is no rule for a zone that runs on the other.
const APPEND_ONLY: &[(&str, &str)] = &[
    ("events", "kind = 'forged'"),
    ("minutes", "summary = 'andere woorden'"),
    ("minutes_responses", "body = 'andere woorden'"),
    ("decisions", "reasons = 'andere redenen'"),
    ("action_updates", "note = 'andere woorden'"),
    ("item_notes", "body = 'andere woorden'"),
    ("item_addenda", "body = 'andere woorden'"),
    ("consultations", "question = 'een andere vraag'"),
    ("advice_versions", "body = 'ander advies'"),
    ("advice_notes", "body = 'andere woorden'"),
    ("consultation_reactions", "body = 'andere woorden'"),
    ("report_points", "reasons = 'andere redenen'"),
];

/// Runs one statement in its own transaction, rolled back, so one refusal does not hide the next.
async fn attempt(t: &TestApp, sql: &str) -> Result<u64, String> {
    let mut tx = t.app().db.begin().await.unwrap();
    let r = burgerstem_exec(&mut tx, sql)
        .await
        .map_err(|e| e.to_string());
    drop(tx);
    r
}

#[rocket::async_test]
async fn every_append_only_table_refuses_update_and_delete_on_both_engines() {
    for t in engines().await {
        burgerstem::fixtures::demo::fill(t.app(), "demo-wachtwoord-lang")
            .await
            .unwrap();
        for (table, edit) in APPEND_ONLY {
            // A refusal for another reason (a foreign key) must not pass for the rule.
            let rows = attempt(&t, &format!("UPDATE {table} SET {edit} WHERE 1 = 0")).await;
            assert_eq!(
                rows,
                Ok(0),
                "[{}] {table}: the edit itself is valid",
                t.engine
            );
            let count: i64 = match &t.app().db {
                Db::Sqlite(p, _) => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(p)
                    .await
                    .unwrap(),
                Db::Postgres(p) => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(p)
                    .await
                    .unwrap(),
            };
            assert!(count > 0, "[{}] the demo has no rows in {table}", t.engine);
            for sql in [
                format!("UPDATE {table} SET {edit}"),
                format!("DELETE FROM {table}"),
            ] {
                let r = attempt(&t, &sql).await;
                let refused_by_rule = matches!(&r, Err(e) if e.contains("burgerstem:"));
                assert!(refused_by_rule, "[{}] {sql}: {r:?}", t.engine);
            }
        }
        verify(&t).await.unwrap();
    }
}

/// On SQLite the pool only reads (`query_only`): a write on a pool connection would take the
/// file's lock outside the writer's turn, the writer would then sleep in SQLite's busy handler
/// behind it, and every write queued behind the writer with it (the mail worker's did, for
/// seconds under load). Such a write is refused at once; the same write in the turn is kept.
#[rocket::async_test]
async fn on_sqlite_the_pool_only_reads_and_every_write_takes_the_writers_turn() {
    let t = sqlite().await;
    seed(&t).await;
    let update = "UPDATE zones SET name = name || '.' WHERE code = 'ALFA'";
    {
        let mut c = t.app().db.conn().await.unwrap();
        let burgerstem::db::Ex::Sqlite(conn) = c.ex() else {
            unreachable!()
        };
        let refused = sqlx::query(update).execute(&mut *conn).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.to_string().contains("readonly")),
            "{refused:?}"
        );
        let zones: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zones")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert!(zones >= 2, "the pool still reads");
    }
    let mut tx = t.app().db.begin().await.unwrap();
    assert_eq!(burgerstem_exec(&mut tx, update).await.unwrap(), 1);
    tx.commit().await.unwrap();
    let mut c = t.app().db.conn().await.unwrap();
    let zone = burgerstem::db::zones::by_code(&mut c.ex(), "ALFA")
        .await
        .unwrap()
        .unwrap();
    assert!(zone.name.ends_with('.'), "{}", zone.name);
}

/// A COMMIT never waits for a checkpoint: with SQLite's default, the COMMIT that lets the log pass
/// 1,000 pages copies it into the database file and waits for its fsyncs, and every writer queued
/// behind it waits too. Right after a commit of 8 MB the database file has not grown; within
/// seconds it has (the task beside the writer copied it).
#[rocket::async_test]
async fn a_commit_never_waits_for_a_checkpoint() {
    let t = sqlite().await;
    seed(&t).await;
    let file = sqlite_path(&t);
    let size = || std::fs::metadata(&file).unwrap().len();
    // What is in the log now is copied first, so that only the big write below is in it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let before = size();
    let mut tx = t.app().db.begin().await.unwrap();
    burgerstem_exec(&mut tx, "CREATE TABLE scratch (body TEXT)")
        .await
        .unwrap();
    let big = "x".repeat(1 << 20);
    for _ in 0..8 {
        let sql = format!("INSERT INTO scratch (body) VALUES ('{big}')");
        burgerstem_exec(&mut tx, &sql).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert!(
        size() < before + (4 << 20),
        "the COMMIT copied the log into the file: {before} -> {}",
        size()
    );
    let waited = std::time::Instant::now();
    while size() < before + (8 << 20) {
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(10),
            "nothing copies the log beside the writer: the file stayed at {}",
            size()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The log stays bounded while writes never pause and readers read: a checkpoint beside a
/// writer that never stops does not reach the log's end, and SQLite starts the log again only
/// after one that did. Eight writers commit 40 MB between them, back to back, while a reader
/// reads; the log file never grows past 16 MB.
#[rocket::async_test]
async fn the_log_stays_bounded_under_writes_that_never_pause() {
    let t = sqlite().await;
    seed(&t).await;
    let log = format!("{}-wal", sqlite_path(&t));
    let mut tx = t.app().db.begin().await.unwrap();
    burgerstem_exec(&mut tx, "CREATE TABLE scratch (body TEXT)")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let db = t.app().db.clone();
        let done = done.clone();
        tokio::spawn(async move {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let mut c = db.conn().await.unwrap();
                let burgerstem::db::Ex::Sqlite(conn) = c.ex() else {
                    unreachable!()
                };
                let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch")
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap();
            }
        })
    };
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let db = t.app().db.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let body = format!("{w}").repeat(32 << 10);
                let mut largest = 0;
                for _ in 0..160 {
                    let mut tx = db.begin().await.unwrap();
                    let sql = format!("INSERT INTO scratch (body) VALUES ('{body}')");
                    burgerstem_exec(&mut tx, &sql).await.unwrap();
                    tx.commit().await.unwrap();
                    largest = largest.max(std::fs::metadata(&log).map_or(0, |m| m.len()));
                }
                largest
            })
        })
        .collect();
    let mut largest = 0;
    for w in writers {
        largest = largest.max(w.await.unwrap());
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    reader.await.unwrap();
    assert!(
        largest < 16 << 20,
        "the log grew to {largest} bytes for 40 MB written"
    );
}
