//! Aggregates for a zone's report over a period: counted in the database, one query per table,
//! so a year of a busy zone costs a handful of indexed scans.

use super::{fetch, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct PanelKindCount {
    pub panel: String,
    pub kind: String,
    pub n: i64,
}

/// Items submitted in [from, to), per panel and kind.
pub async fn items_per_panel_kind(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<PanelKindCount>> {
    fetch!(
        ex,
        fetch_all,
        PanelKindCount,
        "SELECT p.name AS panel, i.kind, COUNT(*) AS n FROM items i JOIN panels p ON p.id = i.panel_id
         WHERE i.zone_id = $1 AND i.submitted_at >= $2 AND i.submitted_at < $3
         GROUP BY p.name, i.kind ORDER BY p.name, i.kind",
        zone_id,
        from,
        to
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ItemTimes {
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub response_due: Option<NaiveDate>,
}

/// The moments of every item submitted or first decided in [from, to).
pub async fn item_times(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<ItemTimes>> {
    fetch!(
        ex,
        fetch_all,
        ItemTimes,
        "SELECT submitted_at, acknowledged_at, decided_at, response_due FROM items
         WHERE zone_id = $1 AND submitted_at IS NOT NULL
         AND ((submitted_at >= $2 AND submitted_at < $3) OR (decided_at >= $2 AND decided_at < $3))",
        zone_id,
        from,
        to
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct KeyCount {
    pub key: String,
    pub n: i64,
}

/// Decisions taken in [from, to) that stand (not superseded by a correction), per outcome.
pub async fn decisions_by_outcome(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<KeyCount>> {
    fetch!(
        ex,
        fetch_all,
        KeyCount,
        "SELECT d.outcome AS key, COUNT(*) AS n FROM decisions d JOIN items i ON i.id = d.item_id
         WHERE i.zone_id = $1 AND d.created_at >= $2 AND d.created_at < $3
         AND NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes = d.id)
         GROUP BY d.outcome ORDER BY d.outcome",
        zone_id,
        from,
        to
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ActionState {
    pub status: String,
    pub due_date: NaiveDate,
}

/// Follow-up actions planned in [from, to).
pub async fn actions(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<ActionState>> {
    fetch!(
        ex,
        fetch_all,
        ActionState,
        "SELECT status, due_date FROM actions WHERE zone_id = $1 AND created_at >= $2 AND created_at < $3",
        zone_id,
        from,
        to
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct AdviceState {
    pub consultation_id: i64,
    pub status: String,
    pub report_due: Option<NaiveDate>,
    pub reported_at: Option<DateTime<Utc>>,
}

/// The advices of the consultations asked in [from, to).
pub async fn advices(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<AdviceState>> {
    fetch!(
        ex,
        fetch_all,
        AdviceState,
        "SELECT a.consultation_id, a.status, a.report_due, a.reported_at FROM advices a
         JOIN consultations c ON c.id = a.consultation_id
         WHERE c.zone_id = $1 AND c.created_at >= $2 AND c.created_at < $3",
        zone_id,
        from,
        to
    )
    .db()
}

/// Signals received in [from, to), per status.
pub async fn signals_by_status(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<KeyCount>> {
    fetch!(
        ex,
        fetch_all,
        KeyCount,
        "SELECT status AS key, COUNT(*) AS n FROM signals
         WHERE zone_id = $1 AND created_at >= $2 AND created_at < $3
         GROUP BY status ORDER BY status",
        zone_id,
        from,
        to
    )
    .db()
}
