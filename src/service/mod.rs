//! Use cases: policy and lifecycle checks, validation, and the transaction that records the
//! change together with its event. Pages and API both call these; they hold no HTTP types.

pub mod account_links;
pub mod accounts;
pub mod agenda;
pub mod calendars;
pub mod checkpoints;
pub mod consultations;
pub mod deadlines;
pub mod dossier;
pub mod exports;
pub mod figures;
pub mod home;
pub mod items;
pub mod meetings;
pub mod notify;
pub mod privacy;
pub mod report;
pub mod search;
pub mod second_factor;
pub mod signals;
pub mod throttle;
pub mod verdicts;
pub mod world;
pub mod zones;

use crate::db::events::{self, NewEvent};
use crate::db::{DbResult, Ex};
use crate::domain::event_kind::{EventKind, Subject};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// An event to record: what happened (`kind`) to what (`subject`), by whom, when, with its facts
/// (`data`, in the chain) and people's words (`personal`, beside it, erasable).
pub(crate) struct Recorded {
    pub zone_id: i64,
    pub subject: Subject,
    pub kind: EventKind,
    pub actor: Option<i64>,
    pub at: DateTime<Utc>,
    pub data: Value,
    pub personal: Option<Value>,
}

/// Records an event on the zone's chain (inside the caller's transaction), and the
/// notifications it causes (the transactional outbox: they commit or roll back with it).
pub(crate) async fn record(ex: &mut Ex<'_>, mut e: Recorded) -> DbResult<i64> {
    let seq = events::append(
        ex,
        NewEvent {
            zone_id: e.zone_id,
            subject_type: e.subject.type_str(),
            subject_id: e.subject.id(),
            kind: e.kind.as_str(),
            actor_id: e.actor,
            at: e.at,
            data: e.data.clone(),
            // The words go beside the chain; the outbox needs only the facts.
            personal: e.personal.take(),
        },
    )
    .await?;
    notify::enqueue(ex, &e, seq).await?;
    Ok(seq)
}
