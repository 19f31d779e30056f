//! Reading the piece of a zone's hash chain that proves one item's history (see
//! `domain::proof` for the format).

use super::{fetch, scalar, Classify, DbResult, Ex};
use crate::domain::proof::{
    canonical_at, Proof, ProofEvent, ProofHead, ProofItem, ProofPersonal, ProofZone, FORMAT,
    HASHING,
};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct ZoneHead {
    code: String,
    chain_seq: i64,
    chain_head: String,
}

#[derive(sqlx::FromRow)]
struct Row {
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

/// The proof for item `item_id` of zone `zone_id`: every event of the zone from the item's first
/// event up to the zone's head, with personal payloads only for the item's own events. `None`
/// when the item has no events.
pub async fn for_item(
    ex: &mut Ex<'_>,
    zone_id: i64,
    item_id: i64,
    reference: &str,
) -> DbResult<Option<Proof>> {
    // The head first: every event up to it is committed (an append writes its events and the new
    // head in one transaction), so reading up to this head gives a consistent segment even while
    // others append.
    let head = fetch!(
        ex,
        fetch_one,
        ZoneHead,
        "SELECT code, chain_seq, chain_head FROM zones WHERE id = $1",
        zone_id
    )
    .db()?;
    let first = scalar!(
        ex,
        fetch_one,
        Option<i64>,
        "SELECT MIN(seq) FROM events WHERE zone_id = $1 AND subject_type = 'item' AND subject_id = $2",
        zone_id,
        item_id
    )
    .db()?;
    let Some(first) = first else {
        return Ok(None);
    };
    let rows = fetch!(
        ex,
        fetch_all,
        Row,
        "SELECT e.zone_id, e.seq, e.at, e.subject_type, e.subject_id, e.kind, e.actor_id, e.data,
                e.commitment, e.prev_hash, e.hash, p.salt, p.payload
         FROM events e
         LEFT JOIN event_personal p
           ON p.event_id = e.id AND e.subject_type = 'item' AND e.subject_id = $2
         WHERE e.zone_id = $1 AND e.seq >= $3 AND e.seq <= $4
         ORDER BY e.seq",
        zone_id,
        item_id,
        first,
        head.chain_seq
    )
    .db()?;
    let events = rows
        .into_iter()
        .map(|r| ProofEvent {
            zone_id: r.zone_id,
            seq: r.seq,
            at: canonical_at(r.at),
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            kind: r.kind,
            actor_id: r.actor_id,
            data: r.data,
            commitment: r.commitment,
            prev_hash: r.prev_hash,
            hash: r.hash,
            personal: r
                .salt
                .zip(r.payload)
                .map(|(salt, payload)| ProofPersonal { salt, payload }),
        })
        .collect();
    Ok(Some(Proof {
        format: FORMAT.into(),
        hashing: HASHING.into(),
        zone: ProofZone {
            id: zone_id,
            code: head.code,
        },
        item: ProofItem {
            id: item_id,
            reference: reference.to_string(),
        },
        head: ProofHead {
            seq: head.chain_seq,
            hash: head.chain_head,
        },
        events,
    }))
}
