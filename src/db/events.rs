//! Appending to and reading a zone's hash-chained history.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::chain::{self, ChainVerifier, ChainedFields, StoredEvent};
// The outcome of `verify_all`, also the fast path's (`super::verify_file`), so it lives below both.
pub use crate::domain::chain::Verification;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// What a caller records; the chain fields are filled in by `append`.
pub struct NewEvent<'a> {
    pub zone_id: i64,
    pub subject_type: &'a str,
    pub subject_id: i64,
    pub kind: &'a str,
    pub actor_id: Option<i64>,
    pub at: DateTime<Utc>,
    /// Facts without personal data (states, dates, ids).
    pub data: Value,
    /// People's words and names, held apart and erasable.
    pub personal: Option<Value>,
}

#[derive(sqlx::FromRow)]
struct Head {
    chain_seq: i64,
    chain_head: String,
}

/// Appends one event to its zone's chain, inside the caller's transaction. Returns its `seq`.
pub async fn append(ex: &mut Ex<'_>, e: NewEvent<'_>) -> DbResult<i64> {
    // On PostgreSQL the zone row is locked so concurrent appends queue; SQLite's BEGIN IMMEDIATE
    // already holds the database's single write lock.
    let head_sql = if ex.is_sqlite() {
        "SELECT chain_seq, chain_head FROM zones WHERE id = $1"
    } else {
        "SELECT chain_seq, chain_head FROM zones WHERE id = $1 FOR UPDATE"
    };
    let head = fetch!(ex, fetch_one, Head, head_sql, e.zone_id).db()?;
    let seq = head.chain_seq + 1;
    let data = e.data.to_string();
    let (salt, payload, commitment) = match &e.personal {
        Some(p) => {
            let salt = chain::new_salt();
            let payload = p.to_string();
            let c = chain::commitment(&salt, &payload);
            (Some(salt), Some(payload), c)
        }
        None => (None, None, chain::empty_commitment()),
    };
    let at = chain::truncate_to_micros(e.at);
    let hash = chain::event_hash(&ChainedFields {
        zone_id: e.zone_id,
        seq,
        at,
        subject_type: e.subject_type,
        subject_id: e.subject_id,
        kind: e.kind,
        actor_id: e.actor_id,
        data: &data,
        commitment: &commitment,
        prev_hash: &head.chain_head,
    });
    let id = scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO events (zone_id, seq, at, subject_type, subject_id, kind, actor_id, data, commitment, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        e.zone_id,
        seq,
        at,
        e.subject_type,
        e.subject_id,
        e.kind,
        e.actor_id,
        &data,
        &commitment,
        &head.chain_head,
        &hash,
    )
    .db()?;
    if let (Some(salt), Some(payload)) = (salt, payload) {
        exec!(
            ex,
            "INSERT INTO event_personal (event_id, salt, payload) VALUES ($1, $2, $3)",
            id,
            salt,
            payload
        )
        .db()?;
    }
    exec!(
        ex,
        "UPDATE zones SET chain_seq = $2, chain_head = $3 WHERE id = $1",
        e.zone_id,
        seq,
        &hash
    )
    .db()?;
    Ok(seq)
}

/// One line of a timeline as shown to people.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct TimelineRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub data: String,
    pub payload: Option<String>,
    pub hash: String,
    pub prev_hash: String,
}

pub async fn timeline(
    ex: &mut Ex<'_>,
    subject_type: &str,
    subject_id: i64,
) -> DbResult<Vec<TimelineRow>> {
    fetch!(
        ex,
        fetch_all,
        TimelineRow,
        "SELECT e.seq, e.at, e.kind, e.actor_id,
                CASE WHEN u.id IS NULL OR i.personal_removed_at IS NULL THEN u.display_name ELSE 'verwijderde deelnemer' END AS actor_name,
                e.data, p.payload, e.hash, e.prev_hash
         FROM events e
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN items i ON e.subject_type = 'item' AND i.id = e.subject_id
         LEFT JOIN event_personal p ON p.event_id = e.id
         WHERE e.subject_type = $1 AND e.subject_id = $2
         ORDER BY e.zone_id, e.seq",
        subject_type,
        subject_id
    )
    .db()
}

#[derive(sqlx::FromRow)]
struct ZoneHead {
    id: i64,
    code: String,
    chain_seq: i64,
    chain_head: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    zone_id: i64,
    seq: i64,
    at: DateTime<Utc>,
    subject_type: String,
    subject_id: i64,
    kind: String,
    actor_id: Option<i64>,
    data: String,
    commitment: String,
    prev_hash: String,
    hash: String,
    salt: Option<String>,
    payload: Option<String>,
}

const PAGE: i64 = 20_000;

/// Recomputes every zone's chain from the stored rows.
pub async fn verify_all(ex: &mut Ex<'_>) -> DbResult<Verification> {
    let zones = zone_heads(ex).await?;
    let n_zones = zones.len() as u64;
    let mut total = 0u64;
    for z in &zones {
        match verify_zone(ex, z).await? {
            Ok(n) => total += n,
            Err(broken) => return Ok(broken),
        }
    }
    Ok(Verification::Ok {
        zones: n_zones,
        events: total,
    })
}

/// The same check with `workers` zones at a time, each on its own connection: the chains are
/// independent, and one zone's hashing and row decoding keep one core busy.
pub async fn verify_all_parallel(db: &super::Db, workers: usize) -> DbResult<Verification> {
    if let Some(file) = db.sqlite_file() {
        // The fast path only ever confirms; anything else is looked at the ordinary way below.
        let fast =
            tokio::task::spawn_blocking(move || super::verify_file::all_sound(&file, workers))
                .await
                .ok()
                .flatten();
        if let Some(Ok(sound)) = fast {
            return Ok(sound);
        }
    }
    let zones = {
        let mut c = db.conn().await?;
        zone_heads(&mut c.ex()).await?
    };
    let n_zones = zones.len() as u64;
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(workers.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, z) in zones.into_iter().enumerate() {
        let (db, permits) = (db.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut c = db.conn().await?;
            Ok::<_, super::DbError>((i, verify_zone(&mut c.ex(), &z).await?))
        });
    }
    let mut total = 0u64;
    let mut first_break: Option<(usize, Verification)> = None;
    while let Some(joined) = tasks.join_next().await {
        let (i, result) =
            joined.map_err(|e| super::DbError::Unavailable(format!("verify task: {e}")))??;
        match result {
            Ok(n) => total += n,
            // The same answer as the sequential check: the first broken zone in zone order.
            Err(b) if first_break.as_ref().is_none_or(|(j, _)| i < *j) => {
                first_break = Some((i, b))
            }
            Err(_) => {}
        }
    }
    Ok(match first_break {
        Some((_, b)) => b,
        None => Verification::Ok {
            zones: n_zones,
            events: total,
        },
    })
}

async fn zone_heads(ex: &mut Ex<'_>) -> DbResult<Vec<ZoneHead>> {
    fetch!(
        ex,
        fetch_all,
        ZoneHead,
        "SELECT id, code, chain_seq, chain_head FROM zones ORDER BY id"
    )
    .db()
}

/// One zone's chain: the number of events, or where it breaks.
async fn verify_zone(ex: &mut Ex<'_>, z: &ZoneHead) -> DbResult<Result<u64, Verification>> {
    let mut v = ChainVerifier::new();
    let mut after = 0i64;
    loop {
        // Paged by seq so memory stays flat on large histories.
        let rows = fetch!(
            ex,
            fetch_all,
            EventRow,
            "SELECT e.zone_id, e.seq, e.at, e.subject_type, e.subject_id, e.kind, e.actor_id, e.data,
                    e.commitment, e.prev_hash, e.hash, p.salt, p.payload
             FROM events e LEFT JOIN event_personal p ON p.event_id = e.id
             WHERE e.zone_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3",
            z.id,
            after,
            PAGE
        )
        .db()?;
        let n = rows.len() as i64;
        for r in rows {
            after = r.seq;
            let ev = StoredEvent {
                zone_id: r.zone_id,
                seq: r.seq,
                at: r.at,
                subject_type: r.subject_type,
                subject_id: r.subject_id,
                kind: r.kind,
                actor_id: r.actor_id,
                data: r.data,
                commitment: r.commitment,
                prev_hash: r.prev_hash,
                hash: r.hash,
                personal: r.salt.zip(r.payload),
            };
            if let Err(why) = v.push(&ev) {
                return Ok(Err(Verification::Broken {
                    zone: z.code.clone(),
                    seq: why.seq(),
                    why,
                }));
            }
        }
        if n < PAGE {
            break;
        }
    }
    Ok(match v.finish(z.chain_seq, &z.chain_head) {
        Ok(n) => Ok(n),
        Err(why) => Err(Verification::Broken {
            zone: z.code.clone(),
            seq: why.seq(),
            why,
        }),
    })
}

#[derive(sqlx::FromRow)]
pub struct ChainLink {
    pub hash: String,
    pub at: DateTime<Utc>,
}

/// The hash and time of event `seq` of a zone's chain, as stored now.
pub async fn link_at(ex: &mut Ex<'_>, zone_id: i64, seq: i64) -> DbResult<Option<ChainLink>> {
    fetch!(
        ex,
        fetch_optional,
        ChainLink,
        "SELECT hash, at FROM events WHERE zone_id = $1 AND seq = $2",
        zone_id,
        seq
    )
    .db()
}

/// Recomputes one zone's chain (`verify` for a single zone); `None` for an unknown zone.
pub async fn verify_one(ex: &mut Ex<'_>, code: &str) -> DbResult<Option<Verification>> {
    let Some(z) = zone_heads(ex).await?.into_iter().find(|z| z.code == code) else {
        return Ok(None);
    };
    Ok(Some(match verify_zone(ex, &z).await? {
        Ok(events) => Verification::Ok { zones: 1, events },
        Err(broken) => broken,
    }))
}
