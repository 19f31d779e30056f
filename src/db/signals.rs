//! Signals from beyond the panel, and their link to items.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::signals::SignalStatus;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Signal {
    pub id: i64,
    pub zone_id: i64,
    pub zone_code: String,
    pub zone_name: String,
    pub reference: String,
    pub body: String,
    pub text_lang: String,
    pub contact: Option<String>,
    pub person_name: Option<String>,
    pub relation: Option<String>,
    pub heard_at: Option<String>,
    pub may_contact: bool,
    pub recorded_by: Option<i64>,
    pub recorder_name: Option<String>,
    pub status: String,
    pub item_id: Option<i64>,
    pub item_reference: Option<String>,
    pub item_status: Option<String>,
    pub item_public: Option<bool>,
    pub item_panel_name: Option<String>,
    pub answer: Option<String>,
    pub reason: Option<String>,
    pub triaged_by: Option<i64>,
    pub triaged_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Signal {
    pub fn status(&self) -> SignalStatus {
        SignalStatus::parse(&self.status).unwrap_or(SignalStatus::New)
    }
}

const SIGNAL_SELECT: &str = "SELECT s.id, s.zone_id, z.code AS zone_code, z.name AS zone_name, s.reference, s.body, s.text_lang,
        s.contact, s.person_name, s.relation, s.heard_at, s.may_contact, s.recorded_by, r.display_name AS recorder_name,
        s.status, s.item_id, i.reference AS item_reference, i.status AS item_status, i.is_public AS item_public,
        p.name AS item_panel_name, s.answer, s.reason, s.triaged_by, s.triaged_at, s.created_at
    FROM signals s
    JOIN zones z ON z.id = s.zone_id
    LEFT JOIN users r ON r.id = s.recorded_by
    LEFT JOIN items i ON i.id = s.item_id
    LEFT JOIN panels p ON p.id = i.panel_id";

/// The next number in the zone's signal sequence for `year` (apart from the items' sequence).
pub async fn next_number(ex: &mut Ex<'_>, zone_id: i64, year: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO signal_counters (zone_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (zone_id, year) DO UPDATE SET last = signal_counters.last + 1
         RETURNING last",
        zone_id,
        year
    )
    .db()
}

pub struct NewSignal<'a> {
    pub zone_id: i64,
    pub reference: &'a str,
    pub body: &'a str,
    pub text_lang: &'a str,
    pub contact: Option<&'a str>,
    pub person_name: Option<&'a str>,
    pub relation: Option<&'a str>,
    pub heard_at: Option<&'a str>,
    pub may_contact: bool,
    pub recorded_by: Option<i64>,
    pub token_hash: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn insert(ex: &mut Ex<'_>, n: NewSignal<'_>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO signals (zone_id, reference, body, text_lang, contact, person_name, relation, heard_at,
            may_contact, recorded_by, token_hash, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'new', $12) RETURNING id",
        n.zone_id,
        n.reference,
        n.body,
        n.text_lang,
        n.contact,
        n.person_name,
        n.relation,
        n.heard_at,
        n.may_contact,
        n.recorded_by,
        n.token_hash,
        n.now
    )
    .db()
}

pub async fn get(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Signal>> {
    let sql = format!("{SIGNAL_SELECT} WHERE s.id = $1");
    fetch!(ex, fetch_optional, Signal, &sql, id).db()
}

pub async fn by_token_hash(ex: &mut Ex<'_>, token_hash: &str) -> DbResult<Option<Signal>> {
    let sql = format!("{SIGNAL_SELECT} WHERE s.token_hash = $1");
    fetch!(ex, fetch_optional, Signal, &sql, token_hash).db()
}

/// A zone's signals, newest first, optionally in one state.
pub async fn list(
    ex: &mut Ex<'_>,
    zone_id: i64,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<Signal>> {
    let sql = format!(
        "{SIGNAL_SELECT} WHERE s.zone_id = $1 AND ($2 = '' OR s.status = $2)
         ORDER BY s.created_at DESC, s.id DESC LIMIT $3 OFFSET $4"
    );
    fetch!(
        ex,
        fetch_all,
        Signal,
        &sql,
        zone_id,
        status.unwrap_or(""),
        limit,
        offset
    )
    .db()
}

pub async fn count_in_state(ex: &mut Ex<'_>, zone_id: i64, status: SignalStatus) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM signals WHERE zone_id = $1 AND status = $2",
        zone_id,
        status.as_str()
    )
    .db()
}

/// Every signal taken up in an item, oldest first.
pub async fn of_item(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Signal>> {
    let sql = format!("{SIGNAL_SELECT} WHERE s.item_id = $1 ORDER BY s.created_at, s.id");
    fetch!(ex, fetch_all, Signal, &sql, item_id).db()
}

/// One triage step's columns. Only what the step sets is given; the rest stays as it was.
pub struct TriageChange<'a> {
    pub to: SignalStatus,
    pub item_id: Option<i64>,
    pub answer: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub by: i64,
    pub now: DateTime<Utc>,
}

/// Applies a triage step if the signal is still in state `from` (false otherwise: someone else
/// triaged it first, and nothing is written).
pub async fn triage(
    ex: &mut Ex<'_>,
    id: i64,
    from: SignalStatus,
    c: TriageChange<'_>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE signals SET status = $3, item_id = COALESCE($4, item_id), answer = COALESCE($5, answer),
            reason = COALESCE($6, reason), triaged_by = $7, triaged_at = $8
         WHERE id = $1 AND status = $2",
        id,
        from.as_str(),
        c.to.as_str(),
        c.item_id,
        c.answer,
        c.reason,
        c.by,
        c.now
    )
    .db()?;
    Ok(n == 1)
}

/// How many signals exist at all (tests and the demo check what was stored).
pub async fn count_in_zone(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM signals WHERE zone_id = $1",
        zone_id
    )
    .db()
}
