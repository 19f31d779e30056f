//! The database layer: the only place with SQL. One SQL string per query, written with `$n`
//! placeholders that both SQLite and PostgreSQL accept; the macros below expand each call once per
//! engine.

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub mod account;
pub mod agenda;
pub mod calendars;
pub mod consultations;
pub mod events;
pub mod exports;
mod group_commit;
pub mod home;
pub mod items;
pub mod notifications;
pub mod people;
pub mod privacy;
pub mod proof;
pub mod report;
pub mod search;
pub mod sessions;
pub mod signals;
pub mod verdicts;
pub mod verify_file;
pub mod zones;

/// Runs a `query_as` on whichever engine `$ex` (an `&mut Ex`) holds.
macro_rules! fetch {
    ($ex:expr, $method:ident, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::db::Ex::Sqlite(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$method(&mut **c).await,
            $crate::db::Ex::Pg(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$method(&mut **c).await,
        }
    };
}

/// Runs a `query_scalar`.
macro_rules! scalar {
    ($ex:expr, $method:ident, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::db::Ex::Sqlite(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.$method(&mut **c).await,
            $crate::db::Ex::Pg(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.$method(&mut **c).await,
        }
    };
}

/// Runs a statement and returns the number of rows it touched.
macro_rules! exec {
    ($ex:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::db::Ex::Sqlite(c) => sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected()),
            $crate::db::Ex::Pg(c) => sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected()),
        }
    };
}

pub(crate) use {exec, fetch, scalar};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Other(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl DbError {
    /// Classifies an sqlx error: constraint violations become conflicts, a busy, full or
    /// read-only database becomes "unavailable" (503), the rest stays an internal error.
    pub fn classify(e: sqlx::Error) -> DbError {
        if let sqlx::Error::Database(d) = &e {
            let msg = d.message().to_lowercase();
            if d.is_unique_violation() {
                return DbError::Conflict(d.message().to_string());
            }
            let code = d.code().map(|c| c.to_string()).unwrap_or_default();
            if msg.contains("readonly")
                || msg.contains("read-only")
                || msg.contains("disk is full")
                || msg.contains("database or disk is full")
                || msg.contains("database is locked")
                || code == "53100"
                || code == "25006"
            {
                return DbError::Unavailable(d.message().to_string());
            }
        }
        if matches!(
            e,
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed
        ) {
            return DbError::Unavailable(e.to_string());
        }
        DbError::Other(e)
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// A database URL with its password hidden, fit for a log line.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let auth = &url[scheme + 3..at];
            match auth.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Why the database could not be opened at start, in one line that says what to do.
pub fn startup_message(e: &DbError, url: &str) -> String {
    let shown = redacted(url);
    let text = e.to_string().to_lowercase();
    match e {
        DbError::Migrate(sqlx::migrate::MigrateError::VersionMissing(v)) => format!(
            "the database at {shown} was set up by a newer Burgerstem (its migration {v} is unknown to this one); run that newer version, or restore a backup made for this one"
        ),
        _ if text.contains("readonly") || text.contains("read-only") => format!(
            "the database at {shown} is read-only; give the user running Burgerstem write access to the file and its folder (database_url, data_dir)"
        ),
        _ if text.contains("unable to open database file") || text.contains("permission denied") => format!(
            "cannot open the database file at {shown}: its folder is missing or not writable; check database_url and data_dir"
        ),
        _ if text.contains("connection refused")
            || text.contains("timed out")
            || text.contains("pool timed out")
            || text.contains("failed to lookup") =>
        {
            format!(
                "cannot reach the database at {shown}: is the server running and the host right? (database_url, or ROCKET_DATABASE_URL)"
            )
        }
        _ => format!("cannot open the database at {shown}: {e} (database_url)"),
    }
}

/// SQLite counts its allocations behind one global mutex unless told not to, and every column
/// of every row read is copied with an allocation: under load the connections' threads queued on
/// that mutex (bench/RESULTS.md). Nothing here reads those counts.
fn sqlite_without_memstatus() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config only changes SQLite's global configuration; called before the
        // library is initialised (no connection opened yet in this process) it takes effect,
        // afterwards it returns SQLITE_MISUSE and changes nothing.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(
                rc,
                "SQLite was initialised already; memory statistics stay on"
            );
        }
    });
}

/// Lets `?` classify raw sqlx errors.
pub(crate) trait Classify<T> {
    fn db(self) -> DbResult<T>;
}

impl<T> Classify<T> for Result<T, sqlx::Error> {
    fn db(self) -> DbResult<T> {
        self.map_err(DbError::classify)
    }
}

#[derive(Clone, Debug)]
pub enum Db {
    /// The pool serves readers; writers take turns on the writer's own connection.
    Sqlite(SqlitePool, std::sync::Arc<group_commit::Writer>),
    Postgres(PgPool),
}

/// A borrowed connection of either engine; every query function takes one.
pub enum Ex<'a> {
    Sqlite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

impl Ex<'_> {
    pub fn is_sqlite(&self) -> bool {
        matches!(self, Ex::Sqlite(_))
    }
}

/// The last time a write failed because the database could not take it (disk full, read-only,
/// locked for too long), and why; cleared by the next write that succeeds. `/readyz` reports it,
/// so a load balancer steers writes elsewhere until the disk has room again (no restart needed).
static WRITE_TROUBLE: std::sync::Mutex<Option<(std::time::Instant, String)>> =
    std::sync::Mutex::new(None);

fn note_write<T>(r: &DbResult<T>) {
    let mut t = WRITE_TROUBLE.lock().unwrap_or_else(|e| e.into_inner());
    match r {
        Ok(_) => *t = None,
        Err(DbError::Unavailable(why)) => *t = Some((std::time::Instant::now(), why.clone())),
        Err(_) => {}
    }
}

/// Why writes failed in the last minute, if they did.
pub fn write_trouble() -> Option<String> {
    let t = WRITE_TROUBLE.lock().unwrap_or_else(|e| e.into_inner());
    t.as_ref()
        .filter(|(at, _)| at.elapsed() < std::time::Duration::from_secs(60))
        .map(|(_, why)| why.clone())
}

/// Every process that opens a SQLite file holds a shared lock on `<file>.lock` for as long as it
/// runs, so that `burgerstem restore` (which needs it alone) can tell that a server still uses
/// the file: SQLite's own locks say nothing about an idle connection.
fn hold_in_use_lock(db: &std::path::Path) {
    static HELD: std::sync::Mutex<Vec<std::fs::File>> = std::sync::Mutex::new(Vec::new());
    let path = in_use_lock_path(db);
    if let Ok(f) = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        if f.try_lock_shared().is_ok() {
            HELD.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        }
    }
}

pub fn in_use_lock_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".lock");
    p.into()
}

/// A pooled connection for reads.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

impl Conn {
    pub fn ex(&mut self) -> Ex<'_> {
        match self {
            Conn::Sqlite(c) => Ex::Sqlite(c),
            Conn::Pg(c) => Ex::Pg(c),
        }
    }
}

/// A write transaction. Dropping it without `commit` rolls back.
pub enum Tx {
    /// A part of this process's shared SQLite write transaction (see [`group_commit`]).
    Sqlite(group_commit::WriteTx),
    Pg(Transaction<'static, Postgres>),
}

impl Tx {
    pub fn ex(&mut self) -> Ex<'_> {
        match self {
            Tx::Sqlite(t) => Ex::Sqlite(t.conn()),
            Tx::Pg(t) => Ex::Pg(t),
        }
    }

    pub async fn commit(self) -> DbResult<()> {
        let r = match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Pg(t) => t.commit().await.db(),
        };
        note_write(&r);
        r
    }
}

impl Db {
    /// Connects to the database named by the URL (`sqlite:` or `postgres:`), creating a SQLite
    /// file and its folder if missing, and applies the embedded migrations.
    pub async fn connect(url: &str) -> DbResult<Db> {
        let db = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            Db::connect_pg(opts).await?
        } else {
            let opts = SqliteConnectOptions::from_str(url)?;
            if let Some(dir) = opts.get_filename().parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| DbError::Unavailable(e.to_string()))?;
                }
            }
            hold_in_use_lock(opts.get_filename());
            Db::connect_sqlite(opts).await?
        };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn connect_sqlite(opts: SqliteConnectOptions) -> DbResult<Db> {
        sqlite_without_memstatus();
        let opts = opts
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Every acknowledged write survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Deleted or overwritten content is zeroed, so an erasure leaves nothing in free pages.
            .pragma("secure_delete", "on");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A local file does not go away between uses: testing it before every acquire was
            // one more round trip to the connection's thread per query.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(15))
            // A COMMIT that fails because the disk is full is rolled back by SQLite itself, so
            // sqlx's own ROLLBACK fails and it keeps counting an open transaction: that connection
            // would refuse every later BEGIN (a 500 even after space returns). Close such a
            // connection instead of pooling it (the ping first runs any rollback still queued).
            .after_release(|conn, _| {
                Box::pin(async move {
                    let depth = |c: &mut sqlx::SqliteConnection| {
                        <sqlx::sqlite::SqliteTransactionManager as sqlx::TransactionManager>::get_transaction_depth(c)
                    };
                    // The usual case costs no round trip to the connection's thread.
                    if depth(conn) == 0 {
                        return Ok(true);
                    }
                    sqlx::Connection::ping(conn).await?;
                    Ok(depth(conn) == 0)
                })
            })
            // The pool only reads: every write goes through the writer's turn (`begin`). A
            // write on a pool connection would take SQLite's lock outside the turn, and the
            // writer, finding it taken, would sleep in the busy handler (up to 100 ms a try)
            // while every write queued behind it waits.
            .connect_with(opts.clone().pragma("query_only", "on"))
            .await
            .db()?;
        Ok(Db::Sqlite(pool, group_commit::Writer::new(opts)))
    }

    pub async fn connect_pg(opts: PgConnectOptions) -> DbResult<Db> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(opts)
            .await
            .db()?;
        Ok(Db::Postgres(pool))
    }

    pub async fn migrate(&self) -> DbResult<()> {
        match self {
            // On the writer's own connection: the pool's only read.
            Db::Sqlite(_, w) => w.migrate().await?,
            Db::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// The database answers, and its migrations are exactly this binary's (for `/readyz`).
    pub async fn readiness(&self) -> Result<(), String> {
        let (migrator, applied) = match self {
            Db::Sqlite(p, _) => (
                sqlx::migrate!("migrations/sqlite"),
                sqlx::query_scalar::<_, i64>(
                    "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
                )
                .fetch_one(p)
                .await,
            ),
            Db::Postgres(p) => (
                sqlx::migrate!("migrations/postgres"),
                sqlx::query_scalar::<_, i64>(
                    "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
                )
                .fetch_one(p)
                .await,
            ),
        };
        let applied = applied.map_err(|e| DbError::classify(e).to_string())?;
        if let Some(why) = write_trouble() {
            return Err(format!("writes fail: {why}"));
        }
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        if applied != known {
            return Err(format!(
                "migrations: the database is at {applied}, this binary at {known}"
            ));
        }
        Ok(())
    }

    /// The SQLite file this database lives in (none for PostgreSQL or an in-memory database).
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        match self {
            Db::Sqlite(p, _) => {
                let f = p.connect_options().get_filename().to_path_buf();
                f.is_file().then_some(f)
            }
            Db::Postgres(_) => None,
        }
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn conn(&self) -> DbResult<Conn> {
        Ok(match self {
            Db::Sqlite(p, _) => Conn::Sqlite(p.acquire().await.db()?),
            Db::Postgres(p) => Conn::Pg(p.acquire().await.db()?),
        })
    }

    /// Starts a write transaction. On SQLite it waits for this process's turn to write and
    /// becomes part of the shared transaction that the next COMMIT makes durable (see
    /// [`group_commit`]).
    pub async fn begin(&self) -> DbResult<Tx> {
        let r = self.begin_inner().await;
        if r.is_err() {
            note_write(&r);
        }
        r
    }

    async fn begin_inner(&self) -> DbResult<Tx> {
        Ok(match self {
            Db::Sqlite(_, w) => {
                // As long as the pool waits for a connection: a queue that does not move (a
                // writer stuck on a full disk) gives a 503, never a request that hangs.
                let waited = std::time::Instant::now();
                let tx = w.begin(Duration::from_secs(15)).await?;
                crate::metrics::get()
                    .write_wait_seconds
                    .observe(waited.elapsed().as_secs_f64());
                Tx::Sqlite(tx)
            }
            Db::Postgres(p) => Tx::Pg(p.begin().await.db()?),
        })
    }

    /// Connections in the pool, and of those idle (for `/metrics`).
    pub fn pool_use(&self) -> (u32, usize) {
        match self {
            Db::Sqlite(p, _) => (p.size(), p.num_idle()),
            Db::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p, w) => {
                w.close().await;
                p.close().await
            }
            Db::Postgres(p) => p.close().await,
        }
    }

    /// A consistent copy of a live SQLite database (VACUUM INTO, safe under concurrent writes).
    pub async fn backup_to(&self, path: &str) -> DbResult<()> {
        match self {
            Db::Sqlite(_, w) => {
                let mut c = w.side_connection().await?;
                sqlx::query("VACUUM INTO $1")
                    .bind(path)
                    .execute(&mut c)
                    .await
                    .db()?;
                Ok(())
            }
            Db::Postgres(_) => Err(DbError::Unavailable(
                "backup of PostgreSQL is pg_dump's job: run `pg_dump --format=custom` against the same URL".into(),
            )),
        }
    }

    /// Moves the write-ahead log into the database file and empties it, so rows just erased
    /// leave no older copy behind in the log (secure_delete already zeroes them in the file).
    pub async fn checkpoint(&self) -> DbResult<()> {
        if let Db::Sqlite(_, w) = self {
            let mut c = w.side_connection().await?;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut c)
                .await
                .db()?;
        }
        Ok(())
    }

    /// SQLite's own integrity check ("ok" when sound); PostgreSQL has no equivalent.
    pub async fn integrity_check(&self) -> DbResult<String> {
        match self {
            Db::Sqlite(p, _) => Ok(sqlx::query_scalar::<_, String>("PRAGMA integrity_check")
                .fetch_one(p)
                .await
                .db()?),
            Db::Postgres(_) => Ok("ok".into()),
        }
    }
}
