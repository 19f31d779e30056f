//! What the next step for writes on SQLite would save (bench/RESULTS.md, round two): the writer's
//! turn runs each of a write's statements through sqlx, which hands every statement to the
//! connection's own thread and waits for the answer. This measures one write's statements that
//! way, and the same statements run at once on the raw SQLite handle, each with and without
//! readers wanting the cores meanwhile.
//!
//!     cargo run --release --example hand_off [writes] [readers]
//!
//! A write here is 16 statements shaped like a submission's in the writer's turn (6 reads by key,
//! 6 inserts, 4 updates), inside a savepoint of a shared transaction committed every 8 writes,
//! as the group commit does. Only the statements are timed, not the COMMIT (its fsync is the same
//! either way). A reader takes a pool connection for a query of about half a millisecond and then
//! hashes for about as long on the runtime's threads, as a page's rebuild does.

use libsqlite3_sys as ffi;
use sha2::Digest;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection};
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const READ: &str = "SELECT v FROM items WHERE id = ?1";
const INSERT: &str = "INSERT INTO events (item, payload) VALUES (?1, ?2)";
const UPDATE: &str = "UPDATE items SET n = n + 1 WHERE id = ?1";
/// A write's statements, in the order the turn runs them.
const WRITE: [&str; 16] = [
    READ, READ, INSERT, UPDATE, READ, INSERT, READ, UPDATE, INSERT, INSERT, READ, UPDATE, INSERT,
    READ, INSERT, UPDATE,
];

fn payload(i: i64) -> String {
    format!("{{\"item\":{i},\"title\":\"{}\"}}", "x".repeat(240))
}

/// The raw handle's statements, prepared once (sqlx keeps its own prepared too).
struct Prepared(Vec<*mut ffi::sqlite3_stmt>);

impl Prepared {
    fn new(db: *mut ffi::sqlite3) -> Prepared {
        let mut out = vec![];
        for sql in WRITE {
            let c = CString::new(sql).unwrap();
            let mut stmt = std::ptr::null_mut();
            // SAFETY: a valid handle and C string; the statement is finalized in Drop.
            let rc = unsafe {
                ffi::sqlite3_prepare_v2(db, c.as_ptr(), -1, &mut stmt, std::ptr::null_mut())
            };
            assert_eq!(rc, ffi::SQLITE_OK, "prepare {sql}");
            out.push(stmt);
        }
        Prepared(out)
    }

    /// One write's statements, one after the other on this thread.
    fn write(&self, item: i64) {
        let text = payload(item);
        for (stmt, sql) in self.0.iter().zip(WRITE) {
            // SAFETY: statements prepared on the handle this thread holds locked. The text is
            // bound without a copy (SQLITE_STATIC): it lives until every step of this write is
            // done, and each later write binds its own before stepping.
            unsafe {
                ffi::sqlite3_bind_int64(*stmt, 1, item);
                if sql == INSERT {
                    ffi::sqlite3_bind_text(*stmt, 2, text.as_ptr().cast(), text.len() as i32, None);
                }
                while ffi::sqlite3_step(*stmt) == ffi::SQLITE_ROW {}
                ffi::sqlite3_reset(*stmt);
            }
        }
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        for stmt in &self.0 {
            // SAFETY: prepared above, finalized once.
            unsafe { ffi::sqlite3_finalize(*stmt) };
        }
    }
}

async fn sqlx_write(conn: &mut SqliteConnection, item: i64) {
    let text = payload(item);
    for sql in WRITE {
        let q = sqlx::query(sql).bind(item);
        let q = if sql == INSERT { q.bind(&text) } else { q };
        q.execute(&mut *conn).await.unwrap();
    }
}

async fn exec(conn: &mut SqliteConnection, sql: &str) {
    sqlx::raw_sql(sql).execute(&mut *conn).await.unwrap();
}

/// Per-write times of the statements, in microseconds, sorted.
async fn measure(conn: &mut SqliteConnection, raw: bool, writes: i64) -> Vec<u128> {
    let mut times = vec![];
    exec(conn, "BEGIN IMMEDIATE").await;
    let mut handle = conn.lock_handle().await.unwrap();
    let prepared = raw.then(|| Prepared::new(handle.as_raw_handle().as_ptr()));
    drop(handle);
    for i in 0..writes {
        exec(conn, "SAVEPOINT writer").await;
        let item = 1 + i % 1000;
        let start = Instant::now();
        match &prepared {
            Some(p) => {
                let _held = conn.lock_handle().await.unwrap();
                tokio::task::block_in_place(|| p.write(item));
            }
            None => sqlx_write(conn, item).await,
        }
        times.push(start.elapsed().as_micros());
        exec(conn, "RELEASE writer").await;
        if i % 8 == 7 {
            exec(conn, "COMMIT; BEGIN IMMEDIATE").await;
        }
        // Writers arrive spaced, not back to back: the readers get the cores in between.
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
    drop(prepared);
    exec(conn, "COMMIT").await;
    times.sort_unstable();
    times
}

fn summary(name: &str, t: &[u128]) {
    let mean = t.iter().sum::<u128>() as f64 / t.len() as f64;
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    println!(
        "HANDOFF {name}: mean {:.0} us, p50 {} us, p99 {} us ({} writes of {} statements)",
        mean,
        at(0.5),
        at(0.99),
        t.len(),
        WRITE.len()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let writes: i64 = args.next().map_or(2000, |a| a.parse().unwrap());
    let readers: usize = args.next().map_or(28, |a| a.parse().unwrap());
    let dir = std::env::temp_dir().join(format!("hand_off-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let opts = SqliteConnectOptions::new()
            .filename(dir.join("db.sqlite"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        let mut conn = opts.connect().await.unwrap();
        exec(
            &mut conn,
            "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT, n INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE events (id INTEGER PRIMARY KEY, item INTEGER, payload TEXT);
             WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 20000)
             INSERT INTO items (id, v) SELECT i, printf('%0300d', i) FROM k;",
        )
        .await;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts.clone().read_only(true))
            .await
            .unwrap();
        for (label, load) in [("alone", 0), ("with readers", readers)] {
            let stop = Arc::new(AtomicBool::new(false));
            let mut tasks = vec![];
            for r in 0..load {
                let (pool, stop) = (pool.clone(), stop.clone());
                tasks.push(tokio::spawn(async move {
                    let mut hash = sha2::Sha256::new();
                    let block = vec![r as u8; 16 * 1024];
                    while !stop.load(Ordering::Relaxed) {
                        sqlx::query(
                            "SELECT sum(length(v)) FROM items WHERE id BETWEEN ?1 AND ?1 + 2000",
                        )
                        .bind((r as i64 * 613) % 18000)
                        .execute(&pool)
                        .await
                        .unwrap();
                        for _ in 0..12 {
                            hash.update(&block);
                        }
                        tokio::task::yield_now().await;
                    }
                }));
            }
            for raw in [false, true, false, true] {
                let t = measure(&mut conn, raw, writes).await;
                let name = if raw { "raw handle" } else { "sqlx" };
                summary(&format!("{name}, {label}"), &t);
            }
            stop.store(true, Ordering::Relaxed);
            for t in tasks {
                t.await.unwrap();
            }
        }
    });
    std::fs::remove_dir_all(&dir).ok();
}
