//! Backups you can restore (SQLite; PostgreSQL is `pg_dump`'s job): a consistent copy on a
//! schedule, kept N deep, and a restore that proves a copy sound before it replaces anything.

use crate::app::App;
use crate::db::events::Verification;
use crate::db::Db;
use chrono::Utc;
use std::path::{Path, PathBuf};

/// The file of a `sqlite://` URL.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Writes a copy into `<data_dir>/backups/` and removes the oldest beyond `keep`.
pub async fn scheduled(app: &App) -> Result<PathBuf, String> {
    let dir = app.settings.data_dir.join("backups");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = format!("burgerstem-{}.db", Utc::now().format("%Y-%m-%dT%H%M%S"));
    let path = dir.join(name);
    app.db
        .backup_to(&path.to_string_lossy())
        .await
        .map_err(|e| e.to_string())?;
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("burgerstem-"))
        })
        .collect();
    copies.sort();
    while copies.len() > app.settings.backup_keep.max(1) {
        let old = copies.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(path)
}

/// Runs [`scheduled`] every `backup_every_hours` until the server stops (SQLite only).
pub fn spawn(app: App) {
    let hours = app.settings.backup_every_hours;
    if hours == 0 || !matches!(app.db, Db::Sqlite(_, _)) {
        return;
    }
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(hours * 3600);
        loop {
            tokio::time::sleep(every).await;
            match scheduled(&app).await {
                Ok(p) => tracing::info!(path = %p.display(), "backup written"),
                Err(e) => tracing::error!("backup failed: {e}"),
            }
        }
    });
}

/// What a restore did.
pub struct Restored {
    pub events: u64,
    pub zones: u64,
    pub kept_old: Option<PathBuf>,
}

/// Replaces the live SQLite database with `backup`, after checking a copy of it: SQLite's
/// integrity check, this binary's migrations, and every zone's hash chain. The backup file itself
/// is never changed; the live file is kept beside it (`*.before-restore-<time>`). The server must
/// be stopped: a database in use is refused.
pub async fn restore(live: &Path, backup: &Path) -> Result<Restored, String> {
    if !backup.is_file() {
        return Err(format!("{}: no such file", backup.display()));
    }
    let stamp = Utc::now().format("%Y%m%dT%H%M%S");
    let candidate = live.with_extension(format!("restoring-{stamp}"));
    std::fs::copy(backup, &candidate).map_err(|e| format!("cannot copy the backup: {e}"))?;
    let check = async {
        let url = format!("sqlite://{}", candidate.display());
        let db = Db::connect(&url)
            .await
            .map_err(|e| crate::db::startup_message(&e, &url))?;
        let ok = db.integrity_check().await.map_err(|e| e.to_string())?;
        if ok != "ok" {
            db.close().await;
            return Err(format!("the backup is damaged (integrity check: {ok})"));
        }
        let v = crate::db::events::verify_all_parallel(&db, 2)
            .await
            .map_err(|e| e.to_string())?;
        db.checkpoint().await.map_err(|e| e.to_string())?;
        db.close().await;
        match v {
            Verification::Ok { zones, events } => Ok((zones, events)),
            Verification::Broken { zone, seq, why } => Err(format!(
                "the backup's history does not verify (zone {zone}, event {seq}: {why})"
            )),
        }
    };
    let (zones, events) = match check.await {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_file(&candidate);
            return Err(format!("{e}; nothing was changed"));
        }
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", candidate.display()));
    }
    let kept_old = if live.exists() {
        ensure_not_in_use(live).await.inspect_err(|_| {
            let _ = std::fs::remove_file(&candidate);
        })?;
        let old = live.with_extension(format!("db.before-restore-{stamp}"));
        std::fs::rename(live, &old)
            .map_err(|e| format!("cannot move the live database aside: {e}"))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", live.display()));
        }
        Some(old)
    } else {
        None
    };
    std::fs::rename(&candidate, live)
        .map_err(|e| format!("cannot put the backup in place: {e}"))?;
    let _ = std::fs::remove_file(crate::db::in_use_lock_path(&candidate));
    Ok(Restored {
        events,
        zones,
        kept_old,
    })
}

/// Refuses when another process (a running server) has the live database open: every such
/// process holds a shared lock on `<file>.lock` (see `db::hold_in_use_lock`).
async fn ensure_not_in_use(live: &Path) -> Result<(), String> {
    let path = crate::db::in_use_lock_path(live);
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(()),
        Err(_) => Err("the live database is in use: stop the server first, then restore".into()),
    }
}
