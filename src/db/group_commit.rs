//! Group commit for SQLite: many write transactions, one fsync.
//!
//! SQLite has one writer per file, and with `synchronous=FULL` every COMMIT waits for the disk
//! (several milliseconds on a virtual machine). One transaction per fsync capped durable writes at
//! about 450 a second and queued the others behind each fsync. Here a process's writers take turns
//! on one connection of their own, each inside a SAVEPOINT of a shared transaction; a writer's
//! `commit` releases its savepoint, hands the turn on, and waits. A committer task takes the turn
//! after the writers queued before it (the turn is a fair, first-come-first-served lock) and
//! commits all of them with one COMMIT. Every caller hears "committed" only after the COMMIT that
//! holds its change reached the disk, and hears an error if that COMMIT failed: nothing is
//! acknowledged that a crash could take away.
//!
//! The writer's connection is not one of the pool's, so readers never wait for a connection that
//! a writer holds.
//!
//! Checkpoints (moving the log into the database file) are kept out of the COMMIT. By default
//! SQLite runs one inside the COMMIT that lets the log pass 1,000 pages: that group's callers, and
//! every writer queued behind them, wait for the copy and its fsyncs. Here a task beside the writer
//! copies the log as far as it can without the turn ([`checkpoints`]). That alone never reaches
//! the log's end while writes go on, and SQLite only starts the log again from its beginning
//! after a checkpoint that did: the log would grow without bound (it did, to 237 MB in ten seconds
//! of submissions). So when the log has grown past [`RESTART_AT`], the committer finishes the
//! copy in the turn, after the group's callers have their answer: only the pages written since
//! the task's last pass are left to copy, and the next write starts the log again.

use super::{Classify, DbError, DbResult};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, Mutex, OwnedMutexGuard};

/// The writers of one database file in this process.
pub struct Writer {
    turn: Arc<Mutex<Group>>,
    opts: SqliteConnectOptions,
    wake: mpsc::UnboundedSender<()>,
}

/// The log's length, in pages, past which the committer finishes a checkpoint in the turn
/// (SQLite's own default for the checkpoint inside a COMMIT).
const RESTART_AT: i64 = 1000;

/// How often the task beside the writer copies the log into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

/// The shared transaction, guarded by the turn.
#[derive(Default)]
struct Group {
    conn: Option<SqliteConnection>,
    /// BEGIN IMMEDIATE ran and no COMMIT yet.
    open: bool,
    /// A writer dropped its transaction without committing: its savepoint is still there.
    abandoned: bool,
    /// Writers whose savepoints are released, waiting for the COMMIT that makes them durable.
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
}

const SAVEPOINT: &str = "SAVEPOINT writer";
const RELEASE: &str = "RELEASE writer";
const ROLLBACK_TO: &str = "ROLLBACK TO writer";

async fn run(conn: &mut SqliteConnection, sql: &'static str) -> DbResult<()> {
    sqlx::query(sql).execute(&mut *conn).await.db().map(|_| ())
}

impl Group {
    fn conn(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("the writer's connection is open")
    }

    /// Undoes the savepoint of a writer that gave up (dropped its transaction).
    async fn settle(&mut self) {
        if !std::mem::take(&mut self.abandoned) {
            return;
        }
        // ROLLBACK TO keeps the savepoint open; RELEASE then ends it.
        for sql in [ROLLBACK_TO, RELEASE] {
            if let Err(e) = run(self.conn(), sql).await {
                self.fail(&e);
                return;
            }
        }
    }

    /// Commits everyone waiting; or, if that fails, tells them so.
    async fn commit(&mut self) {
        self.settle().await;
        if !self.open {
            return;
        }
        if !self.waiting.is_empty() {
            crate::metrics::get()
                .write_group_size
                .observe(self.waiting.len() as f64);
        }
        match run(self.conn(), "COMMIT").await {
            Ok(()) => {
                self.open = false;
                for w in self.waiting.drain(..) {
                    let _ = w.send(Ok(()));
                }
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Copies what is left of the log into the database file, between two groups (no writer
    /// adds to the log meanwhile, so the copy reaches its end unless a reader still needs an
    /// older page; the next write then starts the log again from its beginning).
    async fn checkpoint(&mut self) {
        if self.open || self.conn.is_none() {
            return;
        }
        if let Err(e) = run(self.conn(), "PRAGMA wal_checkpoint(PASSIVE)").await {
            tracing::warn!(error = %e, "checkpoint in the writer's turn failed");
        }
    }

    /// The shared transaction is lost: every writer in it hears why, and the connection is
    /// closed (closing rolls back whatever SQLite still holds); the next writer opens a new one.
    fn fail(&mut self, e: &DbError) {
        let why = e.to_string();
        for w in self.waiting.drain(..) {
            let _ = w.send(Err(why.clone()));
        }
        self.conn = None;
        self.open = false;
        self.abandoned = false;
    }
}

impl Writer {
    /// A writer for the file `opts` names. Spawns its committer on the current runtime; the
    /// committer ends when the writer and every transaction from it are gone.
    pub fn new(opts: SqliteConnectOptions) -> Arc<Writer> {
        let turn = Arc::new(Mutex::new(Group::default()));
        let log = Arc::new(Log::default());
        tokio::spawn(checkpoints(
            opts.clone(),
            Arc::downgrade(&turn),
            log.clone(),
        ));
        let (wake, mut woken) = mpsc::unbounded_channel::<()>();
        let committer = turn.clone();
        tokio::spawn(async move {
            while woken.recv().await.is_some() {
                // Wake-ups that arrived meanwhile are served by this one commit.
                while woken.try_recv().is_ok() {}
                let mut g = committer.lock().await;
                g.commit().await;
                log.grown.store(true, Ordering::Relaxed);
                if log.finish.swap(false, Ordering::Relaxed) {
                    g.checkpoint().await;
                }
            }
            // Nobody can write any more: end the transaction of a writer that gave up.
            committer.lock().await.commit().await;
        });
        Arc::new(Writer { turn, opts, wake })
    }

    /// Waits for the turn (at most `wait`), then opens this writer's savepoint.
    pub async fn begin(&self, wait: Duration) -> DbResult<WriteTx> {
        let mut g = tokio::time::timeout(wait, self.turn.clone().lock_owned())
            .await
            .map_err(|_| DbError::Unavailable("waited too long for the write lock".into()))?;
        // A writer that gave up had the connection, so there is one to undo its part on.
        g.settle().await;
        self.connect(&mut g).await?;
        if !g.open {
            // IMMEDIATE: the file's write lock now, so no statement of the group meets a busy
            // database half-way (another process, such as a backup, may hold it).
            run(g.conn(), "BEGIN IMMEDIATE").await?;
            g.open = true;
        }
        if let Err(e) = run(g.conn(), SAVEPOINT).await {
            g.fail(&e);
            return Err(e);
        }
        Ok(WriteTx {
            group: Some(g),
            wake: self.wake.clone(),
        })
    }

    /// Opens the writer's connection if it is closed (at first use, or after a failed group).
    async fn connect(&self, g: &mut Group) -> DbResult<()> {
        if g.conn.is_none() {
            // Its COMMITs never checkpoint: see the module's comment.
            let opts = self.opts.clone().pragma("wal_autocheckpoint", "0");
            g.conn = Some(opts.connect().await.db()?);
        }
        Ok(())
    }

    /// A connection of its own that may write, outside the turn: for work that SQLite itself
    /// keeps apart from the writer (a backup with `VACUUM INTO`, a checkpoint, a bulk load).
    pub async fn side_connection(&self) -> DbResult<SqliteConnection> {
        self.opts.connect().await.db()
    }

    /// The options the writer connects with (the pool's add `query_only`).
    pub fn options(&self) -> &SqliteConnectOptions {
        &self.opts
    }

    /// Applies the embedded migrations on the writer's connection, between two groups.
    pub async fn migrate(&self) -> DbResult<()> {
        let mut g = self.turn.lock().await;
        g.commit().await;
        self.connect(&mut g).await?;
        sqlx::migrate!("migrations/sqlite")
            .run_direct(g.conn())
            .await?;
        Ok(())
    }

    /// Commits what is pending and closes the connection (at shutdown).
    pub async fn close(&self) {
        let mut g = self.turn.lock().await;
        g.commit().await;
        g.conn = None;
    }
}

/// What the committer and the task beside it tell each other about the log.
#[derive(Default)]
struct Log {
    /// Something may have been written since the task's last pass, or that pass did not copy all.
    grown: AtomicBool,
    /// The log is longer than [`RESTART_AT`]: the committer is to finish the copy.
    finish: AtomicBool,
}

/// Copies the log into the database file beside the writer (PASSIVE: as far as readers allow,
/// never waiting for the writer nor holding it up), and asks the committer to finish the copy
/// once the log is longer than [`RESTART_AT`]. Ends when the writer and its committer are gone.
async fn checkpoints(opts: SqliteConnectOptions, alive: Weak<Mutex<Group>>, log: Arc<Log>) {
    let mut conn: Option<SqliteConnection> = None;
    loop {
        tokio::time::sleep(CHECKPOINT_EVERY).await;
        if alive.strong_count() == 0 {
            return;
        }
        // An idle server does not touch its files.
        if !log.grown.swap(false, Ordering::Relaxed) {
            continue;
        }
        if conn.is_none() {
            match opts.connect().await {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    tracing::warn!(error = %e, "checkpoint: no connection; trying again");
                    log.grown.store(true, Ordering::Relaxed);
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        // (whether another checkpoint was running, pages in the log, pages copied)
        let done = sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *c)
            .await;
        match done {
            Ok((_, pages, copied)) => {
                if copied < pages {
                    // A reader still needed an older page, or another checkpoint ran: again.
                    log.grown.store(true, Ordering::Relaxed);
                }
                if pages > RESTART_AT {
                    log.finish.store(true, Ordering::Relaxed);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "checkpoint failed; trying again");
                log.grown.store(true, Ordering::Relaxed);
                conn = None;
            }
        }
    }
}

/// One writer's part of the shared transaction. Dropping it without `commit` undoes its part
/// only (before the next writer runs).
pub struct WriteTx {
    group: Option<OwnedMutexGuard<Group>>,
    wake: mpsc::UnboundedSender<()>,
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut SqliteConnection {
        self.group.as_mut().expect("an open write").conn()
    }

    /// Keeps this writer's changes and returns once they are durable.
    pub async fn commit(mut self) -> DbResult<()> {
        let g = self.group.as_mut().expect("an open write");
        // If this fails, dropping `self` undoes this writer's part, as for any other failure.
        run(g.conn(), RELEASE).await?;
        let (tx, rx) = oneshot::channel();
        g.waiting.push(tx);
        // The turn goes to the writers already queued, then to the committer.
        self.group = None;
        let _ = self.wake.send(());
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(DbError::Unavailable(why)),
            Err(_) => Err(DbError::Unavailable(
                "the write was not committed (shutting down)".into(),
            )),
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut g) = self.group.take() {
            g.abandoned = true;
            drop(g);
            // The committer ends the shared transaction if no other writer comes.
            let _ = self.wake.send(());
        }
    }
}
