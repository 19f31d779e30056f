//! `verify` on a SQLite file at the speed of the disk cache. The events are split by storage
//! order into one range per core; each thread reads its range through SQLite's own C interface
//! (hashing straight from SQLite's buffers, no row decoded into owned values), checks sequence,
//! links and hashes inside it, and notes where each zone's chain enters and leaves the range. The
//! ranges are then stitched together per zone and the ends compared with the zones' heads.
//!
//! The heads and the last event id are read in one snapshot first and only events up to that id
//! are read: events are append-only, so a server writing meanwhile cannot make a sound chain look
//! broken (an erasure that removes a personal payload meanwhile leaves a chain that verifies
//! either way).
//!
//! This path only ever says "sound". When it finds anything wrong, the caller repeats the check
//! the ordinary way ([`super::events::verify_all`]), which names the first broken event exactly as
//! it always has.

use crate::domain::chain::{self, EventRef, Verification, GENESIS};
use libsqlite3_sys as ffi;
use std::collections::HashMap;
use std::ffi::{c_char, c_int, CStr, CString};
use std::path::Path;
use std::ptr;

/// A read-only connection, closed on drop.
struct Handle(*mut ffi::sqlite3);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from sqlite3_open_v2 and every statement on it is finalized
        // (statements borrow the handle, so they are dropped first).
        unsafe { ffi::sqlite3_close(self.0) };
    }
}

impl Handle {
    fn open(path: &Path) -> Result<Handle, String> {
        use std::os::unix::ffi::OsStrExt;
        let name = CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())?;
        let mut db = ptr::null_mut();
        // SAFETY: a valid C string and an out pointer; the handle is closed by Drop even when
        // opening failed (sqlite3_close accepts what sqlite3_open_v2 returned).
        let rc = unsafe {
            ffi::sqlite3_open_v2(
                name.as_ptr(),
                &mut db,
                ffi::SQLITE_OPEN_READONLY | ffi::SQLITE_OPEN_NOMUTEX,
                ptr::null(),
            )
        };
        let h = Handle(db);
        if rc != ffi::SQLITE_OK {
            return Err(h.error());
        }
        Ok(h)
    }

    fn error(&self) -> String {
        if self.0.is_null() {
            return "out of memory".into();
        }
        // SAFETY: sqlite3_errmsg returns a NUL-terminated string owned by the handle.
        unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(self.0)) }
            .to_string_lossy()
            .into_owned()
    }

    fn exec(&self, sql: &str) -> Result<(), String> {
        let mut st = self.prepare(sql)?;
        while st.step()? {}
        Ok(())
    }

    fn prepare(&self, sql: &str) -> Result<Stmt<'_>, String> {
        let mut stmt = ptr::null_mut();
        // SAFETY: the SQL is passed with its length, so it needs no NUL terminator.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                self.0,
                sql.as_ptr() as *const c_char,
                sql.len() as c_int,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error());
        }
        Ok(Stmt { stmt, db: self })
    }
}

struct Stmt<'a> {
    stmt: *mut ffi::sqlite3_stmt,
    db: &'a Handle,
}

impl Drop for Stmt<'_> {
    fn drop(&mut self) {
        // SAFETY: prepared by sqlite3_prepare_v2 on a handle that outlives this statement.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

impl Stmt<'_> {
    /// The next row (`true`) or the end (`false`). Taking `&mut self` ends the borrows of the
    /// previous row's text.
    fn step(&mut self) -> Result<bool, String> {
        // SAFETY: a prepared statement of this thread's connection.
        match unsafe { ffi::sqlite3_step(self.stmt) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            _ => Err(self.db.error()),
        }
    }

    fn bind(&mut self, param: c_int, value: i64) {
        // SAFETY: a prepared statement not yet stepped; a wrong index only returns an error
        // code, and then the statement runs with NULL there and finds no rows.
        unsafe { ffi::sqlite3_bind_int64(self.stmt, param, value) };
    }

    fn int(&self, col: c_int) -> i64 {
        // SAFETY: the statement is on a row (step returned true); any column index is allowed.
        unsafe { ffi::sqlite3_column_int64(self.stmt, col) }
    }

    fn is_null(&self, col: c_int) -> bool {
        // SAFETY: as for `int`.
        unsafe { ffi::sqlite3_column_type(self.stmt, col) == ffi::SQLITE_NULL }
    }

    /// A column's text, valid until the next step.
    fn text(&self, col: c_int) -> &[u8] {
        // The bytes as stored, through sqlite3_column_blob: sqlite3_column_text would first copy
        // every text that lies in place on its page, to end it with a NUL.
        // SAFETY: sqlite3_column_blob, then sqlite3_column_bytes (in that order, as SQLite asks),
        // give a buffer that stays valid until the statement steps or is finalized, which needs
        // `&mut self` or ends `self`.
        unsafe {
            let p = ffi::sqlite3_column_blob(self.stmt, col) as *const u8;
            let n = ffi::sqlite3_column_bytes(self.stmt, col);
            if p.is_null() || n <= 0 {
                &[]
            } else {
                std::slice::from_raw_parts(p, n as usize)
            }
        }
    }
}

/// Where a zone's chain enters a range (seq and prev_hash of its first event there) and leaves it
/// (seq and hash of its last).
struct Piece {
    first_seq: i64,
    first_prev: Vec<u8>,
    last_seq: i64,
    last_hash: Vec<u8>,
}

/// A range's events counted, and each zone's piece of chain in it.
type Scanned = (u64, HashMap<i64, Piece>);

/// Something is not sound (the caller finds out what the ordinary way), or SQLite failed.
enum Stop {
    Unsound,
    Sqlite,
}

/// Some(Ok) when every chain in the file is sound; Some(Err(())) when something is not (the
/// caller finds out what, the ordinary way); None when the file cannot be read this way.
pub fn all_sound(path: &Path, threads: usize) -> Option<Result<Verification, ()>> {
    let db = Handle::open(path).ok()?;
    db.exec("BEGIN").ok()?;
    let mut heads = Vec::new();
    {
        let mut st = db
            .prepare("SELECT id, chain_seq, chain_head FROM zones ORDER BY id")
            .ok()?;
        while st.step().ok()? {
            heads.push((st.int(0), st.int(1), st.text(2).to_vec()));
        }
    }
    let (lo, hi) = {
        let mut st = db
            .prepare("SELECT COALESCE(MIN(id), 1), COALESCE(MAX(id), 0) FROM events")
            .ok()?;
        st.step().ok()?;
        (st.int(0), st.int(1))
    };
    db.exec("COMMIT").ok()?;
    drop(db);

    let threads = threads.max(1) as i64;
    let width = ((hi - lo + 1) / threads).max(1);
    let ranges: Vec<(i64, i64)> = (0..threads)
        .map(|k| {
            let from = lo + k * width;
            let to = if k == threads - 1 {
                hi
            } else {
                from + width - 1
            };
            (from, to)
        })
        .filter(|(from, to)| from <= to)
        .collect();
    let scanned: Vec<Result<Scanned, Stop>> = std::thread::scope(|s| {
        let running: Vec<_> = ranges
            .iter()
            .map(|&(from, to)| s.spawn(move || scan(path, from, to)))
            .collect();
        running
            .into_iter()
            .map(|t| t.join().unwrap_or(Err(Stop::Sqlite)))
            .collect()
    });
    let mut events = 0;
    let mut pieces = Vec::new();
    for r in scanned {
        match r {
            Ok((n, p)) => {
                events += n;
                pieces.push(p);
            }
            Err(Stop::Unsound) => return Some(Err(())),
            Err(Stop::Sqlite) => return None,
        }
    }
    // Stitch each zone's pieces in storage order, from the genesis to the head.
    for (zone, head_seq, head) in &heads {
        let (mut next_seq, mut last) = (1, GENESIS.as_bytes());
        for p in pieces.iter().filter_map(|ps| ps.get(zone)) {
            if p.first_seq != next_seq || p.first_prev != last {
                return Some(Err(()));
            }
            (next_seq, last) = (p.last_seq + 1, &p.last_hash);
        }
        if next_seq - 1 != *head_seq || last != head.as_slice() {
            return Some(Err(()));
        }
    }
    // An event of a zone that has no head.
    let zones: std::collections::HashSet<i64> = heads.iter().map(|h| h.0).collect();
    if pieces
        .iter()
        .flat_map(|p| p.keys())
        .any(|z| !zones.contains(z))
    {
        return Some(Err(()));
    }
    Some(Ok(Verification::Ok {
        zones: heads.len() as u64,
        events,
    }))
}

/// Reads and checks the events with ids `from..=to`: inside the range, each zone's events follow
/// each other (per zone, storage order is `seq` order: each is appended after the one before),
/// link to the one before, and match their hashes and commitments.
fn scan(path: &Path, from: i64, to: i64) -> Result<Scanned, Stop> {
    let db = Handle::open(path).map_err(|_| Stop::Sqlite)?;
    // A large map of the file spares a read() call per page.
    db.exec("PRAGMA mmap_size = 68719476736")
        .map_err(|_| Stop::Sqlite)?;
    // Events and their personal payloads are walked side by side, both in id order: joining
    // them looked up the payloads' index once per event.
    let mut st = db
        .prepare(
            "SELECT zone_id, seq, at, subject_type, subject_id, kind, actor_id, data, commitment,
                    prev_hash, hash, id
             FROM events WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )
        .map_err(|_| Stop::Sqlite)?;
    let mut personal = db
        .prepare(
            "SELECT event_id, salt, payload FROM event_personal
             WHERE event_id BETWEEN ?1 AND ?2 ORDER BY event_id",
        )
        .map_err(|_| Stop::Sqlite)?;
    for q in [&mut st, &mut personal] {
        q.bind(1, from);
        q.bind(2, to);
    }
    let mut personal_at = personal
        .step()
        .map_err(|_| Stop::Sqlite)?
        .then(|| personal.int(0));
    let mut pieces: HashMap<i64, Piece> = HashMap::new();
    let mut events = 0u64;
    while st.step().map_err(|_| Stop::Sqlite)? {
        let (zone_id, seq) = (st.int(0), st.int(1));
        let (prev_hash, hash) = (st.text(9), st.text(10));
        match pieces.get_mut(&zone_id) {
            Some(p) => {
                if seq != p.last_seq + 1 || prev_hash != p.last_hash.as_slice() {
                    return Err(Stop::Unsound);
                }
                p.last_seq = seq;
                p.last_hash.clear();
                p.last_hash.extend_from_slice(hash);
            }
            None => {
                pieces.insert(
                    zone_id,
                    Piece {
                        first_seq: seq,
                        first_prev: prev_hash.to_vec(),
                        last_seq: seq,
                        last_hash: hash.to_vec(),
                    },
                );
            }
        }
        let at = std::str::from_utf8(st.text(2))
            .ok()
            .and_then(chain::at_text_of_stored)
            .ok_or(Stop::Unsound)?;
        let e = EventRef {
            zone_id,
            seq,
            at: &at,
            subject_type: st.text(3),
            subject_id: st.int(4),
            kind: st.text(5),
            actor_id: (!st.is_null(6)).then(|| st.int(6)),
            data: st.text(7),
            commitment: st.text(8),
            prev_hash,
        };
        let id = st.int(11);
        // A payload without its event cannot be (a foreign key), but would not go unnoticed.
        if personal_at.is_some_and(|p| p < id) {
            return Err(Stop::Unsound);
        }
        let held = (personal_at == Some(id)).then(|| (personal.text(1), personal.text(2)));
        chain::check_content(&e, hash, held).map_err(|_| Stop::Unsound)?;
        if held.is_some() {
            personal_at = personal
                .step()
                .map_err(|_| Stop::Sqlite)?
                .then(|| personal.int(0));
        }
        events += 1;
    }
    if personal_at.is_some() {
        return Err(Stop::Unsound);
    }
    Ok((events, pieces))
}
