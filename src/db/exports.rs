//! Rows for exports and open data: flat, one per object, without people's names or contact data.

use super::{fetch, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct ItemRow {
    pub reference: String,
    pub panel: String,
    pub kind: String,
    pub title: String,
    pub status: String,
    pub is_public: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub ack_due: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

/// Submitted items of the zone (or only the public ones), newest first.
pub async fn items(ex: &mut Ex<'_>, zone_id: i64, public_only: bool) -> DbResult<Vec<ItemRow>> {
    fetch!(
        ex,
        fetch_all,
        ItemRow,
        "SELECT i.reference, p.name AS panel, i.kind, i.title, i.status, i.is_public, i.submitted_at,
                i.acknowledged_at, i.ack_due, i.response_due, i.decided_at, i.closed_at,
                (SELECT d.outcome FROM decisions d WHERE d.item_id = i.id
                 AND NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes = d.id)
                 ORDER BY d.id DESC LIMIT 1) AS outcome
         FROM items i JOIN panels p ON p.id = i.panel_id
         WHERE i.zone_id = $1 AND i.submitted_at IS NOT NULL AND (i.is_public = TRUE OR $2 = FALSE)
         ORDER BY i.submitted_at DESC, i.id DESC",
        zone_id,
        public_only
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct ConsultationRow {
    pub reference: String,
    pub title: String,
    pub asked_at: DateTime<Utc>,
    pub advice_due: NaiveDate,
    pub panel: String,
    pub advice_status: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub report_due: Option<NaiveDate>,
    pub reported_at: Option<DateTime<Utc>>,
}

/// One row per asked panel of each consultation.
pub async fn consultations(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<ConsultationRow>> {
    fetch!(
        ex,
        fetch_all,
        ConsultationRow,
        "SELECT c.reference, c.title, c.created_at AS asked_at, c.advice_due, p.name AS panel,
                a.status AS advice_status, a.submitted_at, a.report_due, a.reported_at
         FROM consultations c JOIN advices a ON a.consultation_id = c.id JOIN panels p ON p.id = a.panel_id
         WHERE c.zone_id = $1 ORDER BY c.created_at DESC, c.id DESC, p.name",
        zone_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct SignalRow {
    pub reference: String,
    pub received_at: DateTime<Utc>,
    pub text: String,
    pub relation: Option<String>,
    pub recorded: bool,
    pub status: String,
    pub item_reference: Option<String>,
}

/// Signals with their words, but never the sender's contact data or name.
pub async fn signals(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<SignalRow>> {
    fetch!(
        ex,
        fetch_all,
        SignalRow,
        "SELECT s.reference, s.created_at AS received_at, s.body AS text, s.relation,
                (s.recorded_by IS NOT NULL) AS recorded, s.status, i.reference AS item_reference
         FROM signals s LEFT JOIN items i ON i.id = s.item_id
         WHERE s.zone_id = $1 ORDER BY s.created_at DESC, s.id DESC",
        zone_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct ActionRow {
    pub item_reference: String,
    pub what: String,
    pub responsible: String,
    pub due_date: NaiveDate,
    pub percent: i64,
    pub status: String,
}

pub async fn actions(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<ActionRow>> {
    fetch!(
        ex,
        fetch_all,
        ActionRow,
        "SELECT i.reference AS item_reference, a.what, a.responsible, a.due_date, a.percent, a.status
         FROM actions a JOIN items i ON i.id = a.item_id
         WHERE a.zone_id = $1 ORDER BY a.due_date, a.id",
        zone_id
    )
    .db()
}
