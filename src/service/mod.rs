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
pub mod memo;
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
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Records an event on the zone's chain (inside the caller's transaction).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    ex: &mut Ex<'_>,
    zone_id: i64,
    subject_type: &str,
    subject_id: i64,
    kind: &str,
    actor_id: Option<i64>,
    at: DateTime<Utc>,
    data: Value,
    personal: Option<Value>,
) -> DbResult<i64> {
    let seq = events::append(
        ex,
        NewEvent {
            zone_id,
            subject_type,
            subject_id,
            kind,
            actor_id,
            at,
            data: data.clone(),
            personal,
        },
    )
    .await?;
    // The transactional outbox: notifications commit or roll back with their event.
    notify::enqueue(
        ex,
        zone_id,
        subject_type,
        subject_id,
        kind,
        actor_id,
        seq,
        at,
        &data,
    )
    .await?;
    Ok(seq)
}
