//! Durability under faults, against the real `burgerstem` binary on a SQLite file:
//!
//! 1. SIGKILL at random moments while items are submitted: nothing acknowledged is lost, the
//!    file stays sound and the hash chain verifies (50 rounds; `BURGERSTEM_KILL_ROUNDS=500` by hand).
//! 2. The same with many writers at once, so that one COMMIT (one fsync) makes many write
//!    transactions durable together (group commit): still nothing acknowledged is lost.
//! 3. SIGTERM during a burst: every request either succeeded and is stored, or failed; nothing is
//!    half-written.
//! 4. A full disk: writes answer 503 (JSON on the API, a Dutch page on the web), reads go on,
//!    and writes work again once space returns. Needs root (a small tmpfs); skipped otherwise.
//! 5. `burgerstem backup` under write load: the copy is sound, verifies, holds what was
//!    acknowledged before it started, and serves as a restored database.
//!
//! Run with `cargo test --test durability -- --nocapture` to see what each test did.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use support::*;

/// The graceful stop is timed (it must end within the grace and mercy periods), so it runs
/// alone: on two cores, four other servers under load made a stop overrun both once (a CI run in
/// session 12), which says more about the test's neighbours than about the stop. The other tests
/// share the machine among themselves.
static TIMED: RwLock<()> = RwLock::new(());

fn sharing() -> std::sync::RwLockReadGuard<'static, ()> {
    TIMED.read().unwrap_or_else(|e| e.into_inner())
}

fn sleep_ms(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

/// Starts `n` client threads running [`submit_loop`] against `port`.
fn load(
    port: u16,
    token: &str,
    n: usize,
    tag: &str,
    stop_on_error: bool,
) -> (
    Arc<AtomicBool>,
    Arc<Mutex<Acked>>,
    Vec<std::thread::JoinHandle<()>>,
) {
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Acked::default()));
    let handles = (0..n)
        .map(|i| {
            let (stop, acked, token) = (stop.clone(), acked.clone(), token.to_string());
            let tag = format!("{tag}-c{i}");
            std::thread::spawn(move || {
                submit_loop(port, &token, &tag, &stop, stop_on_error, &acked)
            })
        })
        .collect();
    (stop, acked, handles)
}

fn join_all(handles: Vec<std::thread::JoinHandle<()>>) {
    for h in handles {
        if let Err(p) = h.join() {
            std::panic::resume_unwind(p);
        }
    }
}

/// `BURGERSTEM_KILL_ROUNDS` if set (then `per_round` of it), else `default`.
fn kill_rounds(default: usize, per: usize) -> usize {
    std::env::var("BURGERSTEM_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(default, |n| n.div_ceil(per))
}

/// An installation with an administrator, a zone and a citizen, its server stopped.
fn stopped_installation() -> (tempfile::TempDir, PathBuf, Place, Fixture) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("burgerstem.db");
    let place = Place::new(&dir.path().join("data"), &db);
    let (fx, mut server) = provision(&place);
    server.kill();
    (dir, db, place, fx)
}

/// What the clients of a killed round were told: nothing may have been refused before the kill.
fn acked_before_kill(round: usize, acked: &Mutex<Acked>, s: &Server, total: &mut Acked) {
    let a = acked.lock().unwrap().clone();
    assert!(
        a.refused.is_empty(),
        "round {round}: the server refused requests before it was killed: {:?}\n{}",
        a.refused,
        s.log()
    );
    total.merge(&a);
}

// ---------------------------------------------------------------------------------------------

#[test]
fn acknowledged_submissions_survive_sigkill() {
    let _shared = sharing();
    let rounds = kill_rounds(50, 1);
    let started = Instant::now();
    let (_dir, db, place, fx) = stopped_installation();
    let mut rng = Rng::from_env_or_time();
    let mut total = Acked::default();
    let (mut killed_in_start, mut killed_under_load) = (0, 0);
    for round in 1..=rounds {
        // Now and then the kill comes while the server is still starting (opening the file,
        // checking migrations, recovering the WAL of the previous crash).
        if rng.range(0, 10) == 0 {
            let mut s = place.spawn();
            sleep_ms(rng.range(0, 120));
            s.kill();
            killed_in_start += 1;
            continue;
        }
        let mut s = place.start();
        let (_stop, acked, handles) =
            load(s.port, &fx.citizen_token, 2, &format!("r{round}"), true);
        sleep_ms(rng.range(20, 700));
        s.kill();
        killed_under_load += 1;
        join_all(handles);
        acked_before_kill(round, &acked, &s, &mut total);
        // Straight after some kills, look into the file as the crash left it.
        if round % 10 == 0 {
            let r = inspect(&db);
            r.assert_consistent(&format!("after kill in round {round}"));
            r.assert_has_submitted(&format!("after kill in round {round}"), &total.submitted);
        }
    }
    assert!(
        total.submitted.len() >= rounds / 2,
        "too little load to mean anything: {} submissions acknowledged in {rounds} rounds",
        total.submitted.len()
    );

    // A final start: every acknowledged item is there, through the API.
    let mut s = place.start();
    let mut ids: Vec<_> = total.submitted.keys().copied().collect();
    ids.sort();
    for id in &ids {
        let r = api(
            s.port,
            "GET",
            &format!("/api/v1/items/{id}"),
            Some(&fx.citizen_token),
            None,
        )
        .unwrap();
        assert_eq!(
            r.status, 200,
            "acknowledged item {id} after the crashes: {}",
            r.body
        );
        let v = r.json();
        assert_eq!(v["status"], "submitted", "item {id}: {v}");
        assert_eq!(v["reference"].as_str(), Some(total.submitted[id].as_str()));
        assert_eq!(v["frozen"], true, "item {id}: {v}");
    }
    // And the server still takes writes after all that.
    let (stop, acked, handles) = load(s.port, &fx.citizen_token, 1, "final", true);
    sleep_ms(300);
    stop.store(true, Ordering::Relaxed);
    join_all(handles);
    assert!(
        !acked.lock().unwrap().submitted.is_empty(),
        "writes after the last restart"
    );
    s.stop();

    let r = inspect(&db);
    r.assert_consistent("after all rounds");
    r.assert_has_submitted("after all rounds", &total.submitted);
    r.assert_has_created("after all rounds", &total.created);
    let verified = assert_verifies(&place.url(), "after all rounds");
    println!(
        "kill test: {rounds} rounds ({killed_under_load} SIGKILLs under load, {killed_in_start} during start-up) in {:.1} s; \
         {} creations and {} submissions acknowledged, {} connection errors at the kills; \
         database: {} items ({} committed without the client hearing of it), {} events, integrity_check ok; {verified}",
        started.elapsed().as_secs_f64(),
        total.created.len(),
        total.submitted.len(),
        total.conn_errors,
        r.items.len(),
        r.items.len() - total.created.len(),
        r.events,
    );
}

/// From `/metrics`: (COMMITs that made writes durable, write transactions they held).
fn write_groups(port: u16) -> (f64, f64) {
    let r = api(port, "GET", "/metrics", None, None).unwrap();
    let value = |name: &str| -> f64 {
        r.body
            .lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or(0.0)
    };
    (
        value("burgerstem_sqlite_write_group_size_count"),
        value("burgerstem_sqlite_write_group_size_sum"),
    )
}

#[test]
fn acknowledged_writes_committed_together_survive_sigkill() {
    let _shared = sharing();
    let rounds = kill_rounds(12, 4);
    let started = Instant::now();
    let (_dir, db, place, fx) = stopped_installation();
    let mut rng = Rng::from_env_or_time();
    let mut total = Acked::default();
    let (mut commits, mut grouped) = (0.0, 0.0);
    for round in 1..=rounds {
        let mut s = place.start();
        let (_stop, acked, handles) =
            load(s.port, &fx.citizen_token, 16, &format!("g{round}"), true);
        sleep_ms(rng.range(300, 900));
        // Read just before the kill: the writes are coming in groups now.
        let (c, g) = write_groups(s.port);
        (commits, grouped) = (commits + c, grouped + g);
        s.kill();
        join_all(handles);
        acked_before_kill(round, &acked, &s, &mut total);
        let r = inspect(&db);
        r.assert_consistent(&format!("after kill in round {round}"));
        r.assert_has_submitted(&format!("after kill in round {round}"), &total.submitted);
        r.assert_has_created(&format!("after kill in round {round}"), &total.created);
    }
    // Without group commit every COMMIT holds one write transaction.
    assert!(
        grouped > commits * 1.5,
        "16 writers at once, yet {grouped} write transactions took {commits} COMMITs"
    );
    let verified = assert_verifies(&place.url(), "after all rounds");
    println!(
        "group commit kill test: {rounds} SIGKILLs with 16 writers; {} creations and {} submissions acknowledged; \
         {grouped} write transactions in {commits} COMMITs ({:.1} per fsync) before the kills; {verified}; {:.1} s",
        total.created.len(),
        total.submitted.len(),
        grouped / commits.max(1.0),
        started.elapsed().as_secs_f64(),
    );
}

// ---------------------------------------------------------------------------------------------

#[test]
fn sigterm_during_a_burst_half_writes_nothing() {
    let _alone = TIMED.write().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("burgerstem.db");
    let place = Place::new(&dir.path().join("data"), &db);
    let (fx, mut s) = provision(&place);
    let (stop, acked, handles) = load(s.port, &fx.citizen_token, 8, "burst", false);
    sleep_ms(1500);
    let before = acked.lock().unwrap().clone();
    let termed = Instant::now();
    s.term();
    let exit = s.wait_exit(Duration::from_secs(20));
    let stopped_after = termed.elapsed();
    sleep_ms(200);
    stop.store(true, Ordering::Relaxed);
    join_all(handles);
    let a = acked.lock().unwrap().clone();
    assert_eq!(
        exit,
        Ok(Some(0)),
        "a graceful shutdown ends with exit code 0\n{}",
        s.log()
    );
    assert!(
        before.submitted.len() >= 10,
        "a burst before SIGTERM: {before:?}"
    );
    // Only clean answers: a 503 (pool closed while shutting down) is an honest failure; a 500 is not.
    for status in a.refused.keys() {
        assert!(
            *status == 503,
            "refusals during shutdown must be 503, got {:?}\n{}",
            a.refused,
            s.log()
        );
    }

    let r = inspect(&db);
    r.assert_consistent("after SIGTERM");
    r.assert_has_submitted("after SIGTERM", &a.submitted);
    r.assert_has_created("after SIGTERM", &a.created);
    // Acknowledged creations whose submission was not acknowledged are a draft or submitted;
    // items nobody heard about (the response was lost) are whole either way (checked above).
    let unacked_rows = r
        .items
        .keys()
        .filter(|id| !a.created.contains_key(id))
        .count();
    let verified = assert_verifies(&place.url(), "after SIGTERM");
    let wal = file_len(&wal_of(&db));
    assert!(
        wal.unwrap_or(0) == 0,
        "a graceful stop closes the database and folds the WAL in: {wal:?}"
    );
    println!(
        "graceful shutdown: 8 clients, SIGTERM after {} submissions; server exited with 0 {:.1} s after SIGTERM; \
         {} creations and {} submissions acknowledged in all ({} after SIGTERM), refused {:?}, {} connection errors; \
         {} item rows ({} without an answer to the client), {} events, integrity_check ok, WAL left: {:?} bytes; {verified} ({:.1} s in all)",
        before.submitted.len(),
        stopped_after.as_secs_f64(),
        a.created.len(),
        a.submitted.len(),
        a.submitted.len() - before.submitted.len(),
        a.refused,
        a.conn_errors,
        r.items.len(),
        unacked_rows,
        r.events,
        wal,
        started.elapsed().as_secs_f64(),
    );
}

// ---------------------------------------------------------------------------------------------

/// A small tmpfs, unmounted on drop (after the server on it has gone: declare it first).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        st.success().then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` to the last byte; returns the filler's path and size.
fn fill_disk(dir: &Path) -> (PathBuf, u64) {
    use std::io::Write;
    let path = dir.join("filler.bin");
    let mut f = std::fs::File::create(&path).unwrap();
    let mut written = 0u64;
    for chunk in [1 << 16, 4096, 512, 1] {
        let buf = vec![0x5a_u8; chunk];
        loop {
            match f.write(&buf) {
                Ok(0) => break,
                Ok(n) => written += n as u64,
                Err(_) => break,
            }
        }
    }
    let _ = f.sync_all();
    // Nothing more fits: not even a new file.
    let probe = std::fs::write(dir.join("probe"), b"x");
    assert!(probe.is_err(), "the disk should be full now");
    (path, written)
}

/// Makes every session look last seen five minutes ago, so the next request touches it (a write).
fn age_sessions(db: &Path) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        let rows: Vec<(i64, chrono::DateTime<chrono::Utc>)> =
            sqlx::query_as("SELECT id, last_seen_at FROM sessions")
                .fetch_all(&mut c)
                .await
                .unwrap();
        for (id, seen) in rows {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(seen - chrono::Duration::minutes(5))
                .bind(id)
                .execute(&mut c)
                .await
                .unwrap();
        }
        c.close().await.unwrap();
    });
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` from a second connection, retried while the server is busy.
fn checkpoint_truncate(db: &Path) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        for _ in 0..50 {
            let (busy, log, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&mut c)
                .await
                .unwrap();
            if busy == 0 && log == 0 {
                c.close().await.unwrap();
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the WAL could not be checkpointed");
    });
    assert_eq!(file_len(&wal_of(db)), Some(0), "an empty WAL");
}

fn assert_api_unavailable(r: &Resp, what: &str) {
    assert_eq!(r.status, 503, "{what} on a full disk: {}", r.body);
    assert!(
        r.header("Retry-After")
            .is_some_and(|v| v.parse::<u64>().is_ok()),
        "{what}: a 503 says when to try again: {:?}",
        r.headers
    );
    let v = r.json();
    assert_eq!(v["error"]["code"], "unavailable", "{what}: {v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("niet bewaren")),
        "{what}: a Dutch message: {v}"
    );
}

#[test]
fn a_full_disk_refuses_writes_with_503_keeps_reads_and_recovers() {
    let _shared = sharing();
    let dir = tempfile::tempdir().unwrap();
    let fs_dir = dir.path().join("fs");
    let Some(_tmpfs) = Tmpfs::mount(&fs_dir, "8m") else {
        println!("SKIPPED: cannot mount a tmpfs here (needs root); the full-disk test did not run");
        return;
    };
    let db = fs_dir.join("burgerstem.db");
    // Only the database lives on the small disk; the data folder (mail outbox, log) does not.
    let place = Place::new(&dir.path().join("data"), &db);
    let (fx, mut s) = provision(&place);
    let port = s.port;
    let body = new_item_body("Voor de volle schijf");
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/items"),
        Some(&fx.citizen_token),
        Some(body),
    )
    .unwrap();
    assert_eq!(r.status, 201);
    let draft_id = r.json()["id"].as_i64().unwrap();
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/items"),
        Some(&fx.citizen_token),
        Some(new_item_body("Al ingediend")),
    )
    .unwrap();
    let sub_id = r.json()["id"].as_i64().unwrap();
    let r = api(
        port,
        "POST",
        &format!("/api/v1/items/{sub_id}/submit"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200);
    let mut web = Browser::new(port);
    web.login(CITIZEN, PASSWORD);
    // A clean stop folds the WAL into the database; sessions are made to look a few minutes
    // old, so reads will want to note "last seen" (a write) like they do in real life.
    s.stop();
    age_sessions(&db);
    let mut s = place.start();
    let port = s.port;
    web.port = port;
    let before = inspect_items(&db);

    // Fold the WAL into the database and empty it, so no write can reuse its space once the
    // disk is full (SQLite rewrites a checkpointed WAL from the start).
    sleep_ms(300);
    checkpoint_truncate(&db);
    let (filler, filled) = fill_disk(&fs_dir);

    // Reads go on.
    let r = api(
        port,
        "GET",
        &format!("/api/v1/items/{sub_id}"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200, "reading an item on a full disk: {}", r.body);
    assert_eq!(r.json()["status"], "submitted");
    let r = api(
        port,
        "GET",
        &format!("/api/v1/zones/{ZONE}/items"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200, "the item list on a full disk: {}", r.body);
    let r = web.get(&format!("/items/{sub_id}")).unwrap();
    assert_eq!(r.status, 200, "the item page on a full disk: {}", r.body);
    assert!(r.body.contains("Al ingediend"));

    // Writes are refused, clearly.
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/items"),
        Some(&fx.citizen_token),
        Some(new_item_body("Past niet meer")),
    )
    .unwrap();
    assert_api_unavailable(&r, "creating an item");
    let r = api(
        port,
        "POST",
        &format!("/api/v1/items/{draft_id}/submit"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_api_unavailable(&r, "submitting an item");
    let r = api(
        port,
        "POST",
        "/api/v1/tokens",
        None,
        Some(serde_json::json!({"email": CITIZEN, "password": PASSWORD})),
    )
    .unwrap();
    assert_api_unavailable(&r, "logging in (a new token is a write)");
    let form = [
        ("panel", PANEL),
        ("kind", "proposal"),
        ("title", "Via het formulier"),
        ("text", "Dit past niet meer op de schijf."),
    ];
    let r = web
        .post_form(&format!("/zones/{ZONE}/items"), &form)
        .unwrap();
    assert_eq!(r.status, 503, "the web form on a full disk: {}", r.body);
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{:?}",
        r.headers
    );
    assert!(r.body.contains("lang=\"nl\""), "a Dutch page");
    assert!(
        r.body.contains("Burgerstem kan dit nu niet bewaren"),
        "the friendly message: {}",
        r.body
    );
    assert!(
        !r.body.contains("disk is full") && !r.body.contains("error-unavailable"),
        "no raw error shown"
    );
    assert!(s.alive(), "the server stays up");
    // The load balancer hears why.
    let r = api(port, "GET", "/readyz", None, None).unwrap();
    assert_eq!(r.status, 503, "readyz on a full disk: {}", r.body);
    assert!(r.body.contains("writes fail"), "{}", r.body);
    let r = api(port, "GET", "/api/v1/me", Some(&fx.citizen_token), None).unwrap();
    assert_eq!(
        r.status, 200,
        "still reading after the refused writes: {}",
        r.body
    );

    // Space returns: writes work again, without a restart.
    std::fs::remove_file(&filler).unwrap();
    let r = api(
        port,
        "POST",
        &format!("/api/v1/items/{draft_id}/submit"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200, "submitting once space returned: {}", r.body);
    let r = api(
        port,
        "POST",
        &format!("/api/v1/zones/{ZONE}/items"),
        Some(&fx.citizen_token),
        Some(new_item_body("Weer ruimte")),
    )
    .unwrap();
    assert_eq!(r.status, 201, "creating once space returned: {}", r.body);
    let r = web
        .post_form(&format!("/zones/{ZONE}/items"), &form)
        .unwrap();
    assert_eq!(
        r.status, 303,
        "the web form once space returned: {}",
        r.body
    );
    let r = api(port, "GET", "/readyz", None, None).unwrap();
    assert!(!r.body.contains("writes fail"), "ready again: {}", r.body);
    s.stop();

    let r = inspect(&db);
    r.assert_consistent("after the full disk");
    // The refused writes left nothing behind: exactly the two new items since the disk filled.
    assert_eq!(
        r.items.len(),
        before + 2,
        "only the items created after space returned were added"
    );
    assert_eq!(r.items[&draft_id].1, "submitted");
    let verified = assert_verifies(&place.url(), "after the full disk");
    println!(
        "full disk: tmpfs of 8 MiB filled with {filled} bytes; reads 200 (API, web page), API writes 503 \
         {{\"code\":\"unavailable\"}}, web form 503 with the Dutch page; after freeing space writes succeeded \
         without a restart; {} items, integrity_check ok; {verified}",
        r.items.len()
    );
}

fn inspect_items(db: &Path) -> usize {
    inspect(db).items.len()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn a_backup_under_write_load_is_sound_and_restores() {
    let _shared = sharing();
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("burgerstem.db");
    let place = Place::new(&dir.path().join("data"), &db);
    let (fx, mut s) = provision(&place);
    let (stop, acked, handles) = load(s.port, &fx.citizen_token, 2, "backup", false);
    sleep_ms(500);
    let mut backups = vec![];
    for i in 1..=3 {
        let acked_before = acked.lock().unwrap().submitted.clone();
        let path = dir.path().join(format!("backup-{i}.db"));
        let t = Instant::now();
        let out = place
            .command()
            .args(["backup", path.to_str().unwrap(), "--database", &place.url()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "backup {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let during = acked.lock().unwrap().submitted.len() - acked_before.len();
        backups.push((path, acked_before, t.elapsed(), during));
        sleep_ms(400);
    }
    stop.store(true, Ordering::Relaxed);
    join_all(handles);
    let total = acked.lock().unwrap().clone();
    assert!(
        total.refused.is_empty(),
        "no refusals under backup: {:?}",
        total.refused
    );
    s.stop();
    let live = inspect(&db);
    live.assert_consistent("live database");
    live.assert_has_submitted("live database", &total.submitted);

    let mut lines = vec![];
    for (path, acked_before, took, during) in &backups {
        let what = format!("backup {}", path.display());
        let r = inspect(path);
        r.assert_consistent(&what);
        r.assert_has_submitted(&what, acked_before);
        assert!(r.items.len() <= live.items.len());
        let verified = assert_verifies(&db_url(path), &what);
        lines.push(format!(
            "{}: {} items ({} acknowledged before it began, {during} more during its {:.2} s), {verified}",
            path.file_name().unwrap().to_string_lossy(),
            r.items.len(),
            acked_before.len(),
            took.as_secs_f64()
        ));
    }
    // Restore the last backup as a new installation's database: it serves and takes new writes.
    let (last, acked_before, _, _) = backups.last().unwrap();
    let restored = dir.path().join("restored").join("burgerstem.db");
    std::fs::create_dir_all(restored.parent().unwrap()).unwrap();
    std::fs::copy(last, &restored).unwrap();
    let rplace = Place::new(&dir.path().join("restored-data"), &restored);
    let mut rs = rplace.start();
    let some = *acked_before
        .keys()
        .max()
        .expect("something acknowledged before the last backup");
    let r = api(
        rs.port,
        "GET",
        &format!("/api/v1/items/{some}"),
        Some(&fx.citizen_token),
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200, "restored: {}", r.body);
    assert_eq!(r.json()["status"], "submitted");
    let (stop, acked2, handles) = load(rs.port, &fx.citizen_token, 1, "restored", true);
    sleep_ms(300);
    stop.store(true, Ordering::Relaxed);
    join_all(handles);
    assert!(
        !acked2.lock().unwrap().submitted.is_empty(),
        "the restored database takes writes"
    );
    rs.stop();
    let r = inspect(&restored);
    r.assert_consistent("restored");
    let verified = assert_verifies(&rplace.url(), "restored and written to");
    println!(
        "backup under load: {} submissions acknowledged while 3 backups ran ({:.1} s in all):\n  {}\n  restored the last one, \
         read item {some}, wrote {} more items; {verified}",
        total.submitted.len(),
        started.elapsed().as_secs_f64(),
        lines.join("\n  "),
        acked2.lock().unwrap().submitted.len()
    );
}
