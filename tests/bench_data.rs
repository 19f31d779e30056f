//! `burgerstem bench-data` at a small scale: it fills an empty database (SQLite, and PostgreSQL
//! when `TEST_POSTGRES_URL` is set), the counts add up, every zone's chain verifies, the deadline
//! keeper finds nothing left to catch up, and a second run refuses the now-filled database.

use burgerstem::app::App;
use burgerstem::db::events::{verify_all, Verification};
use burgerstem::db::Db;
use burgerstem::domain::clock::Clock;
use burgerstem::fixtures::bench::{self as bench_data, Options};
use burgerstem::settings::Settings;
use std::process::Command;

fn options() -> Options {
    Options {
        zones: 2,
        items: 300,
        years: 3,
        seed: 7,
        ..Default::default()
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

async fn check(db: Db) {
    let opts = options();
    let report = bench_data::generate(&db, &opts).await.expect("generate");
    assert_eq!(report.count("zones"), 2);
    assert_eq!(report.count("items"), 300);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM items").await, 300);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM zones").await, 2);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM events").await as u64,
        report.count("events")
    );
    assert!(report.count("events") > 300 * 8, "{:?}", report.counts);
    for table in [
        "item_cosigns",
        "item_notes",
        "minutes",
        "minutes_responses",
        "decisions",
        "actions",
        "action_updates",
        "event_personal",
        "meetings",
        "agenda_entries",
    ] {
        assert!(report.count(table) > 0, "no rows in {table}");
    }
    // Items in most lifecycle states (the recent ones are still on their way).
    let states = count(&db, "SELECT COUNT(DISTINCT status) FROM items").await;
    assert!(states >= 7, "only {states} states");
    // Each zone's head is where its chain ends.
    assert_eq!(
        count(&db, "SELECT CAST(SUM(chain_seq) AS BIGINT) FROM zones").await as u64,
        report.count("events")
    );
    let mut c = db.conn().await.unwrap();
    match verify_all(&mut c.ex()).await.unwrap() {
        Verification::Ok { zones, events } => {
            assert_eq!(zones, 2);
            assert_eq!(events, report.count("events"));
        }
        Verification::Broken { zone, seq, why } => panic!("zone {zone}, event {seq}: {why}"),
    }
    drop(c);
    // Every passed deadline is marked and every closure term handled, as the server would have:
    // the keeper has nothing to write on the first start.
    let app = App::new(db.clone(), Clock::system(), Settings::default());
    let jobs = burgerstem::service::deadlines::run_due_jobs(&app)
        .await
        .expect("keeper");
    assert_eq!(jobs, Default::default(), "{jobs:?}");
    // A second run refuses the filled database.
    assert!(bench_data::generate(&db, &opts).await.is_err());
    db.close().await;
}

#[tokio::test]
async fn fills_an_empty_sqlite_database_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    check(Db::connect(&url).await.unwrap()).await;
}

#[tokio::test]
async fn fills_an_empty_postgres_schema_that_verifies() {
    let Some(base) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("note: TEST_POSTGRES_URL not set; PostgreSQL part of this test skipped");
        return;
    };
    let schema = format!("b{}", &burgerstem::secrets::new_token()[..16]);
    let admin = sqlx::PgPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    check(Db::connect(&url).await.unwrap()).await;
}

#[test]
fn the_command_fills_and_verify_passes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_burgerstem"))
            .current_dir(dir.path())
            .env("ROCKET_DATA_DIR", dir.path())
            .env("BURGERSTEM_LOG", "warn")
            .arg("--database")
            .arg(&url)
            .args(args)
            .output()
            .expect("run burgerstem")
    };
    let out = run(&[
        "bench-data",
        "--zones",
        "1",
        "--items",
        "40",
        "--years",
        "2",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("items"), "{stdout}");
    let out = run(&["verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.starts_with("ok: 1 zones"), "{stdout}");
}
