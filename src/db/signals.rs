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

/// The signal a follow link leads to: the one from the thank-you page, or one mailed later.
pub async fn by_token_hash(ex: &mut Ex<'_>, token_hash: &str) -> DbResult<Option<Signal>> {
    let sql = format!(
        "{SIGNAL_SELECT} WHERE s.token_hash = $1
            OR s.id = (SELECT signal_id FROM signal_links WHERE token_hash = $1)"
    );
    fetch!(ex, fetch_optional, Signal, &sql, token_hash).db()
}

/// Another follow link to a signal (the one a mail to its sender carries).
pub async fn add_follow_link(
    ex: &mut Ex<'_>,
    signal_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO signal_links (token_hash, signal_id, created_at) VALUES ($1, $2, $3)",
        token_hash,
        signal_id,
        now
    )
    .db()?;
    Ok(())
}

/// The sender's unsubscribe token for a signal (made on first use), or None when the sender
/// asked for no more mail about it.
pub async fn mail_token(
    ex: &mut Ex<'_>,
    signal_id: i64,
    fresh: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<String>> {
    exec!(
        ex,
        "INSERT INTO signal_mail (signal_id, token, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (signal_id) DO NOTHING",
        signal_id,
        fresh,
        now
    )
    .db()?;
    scalar!(
        ex,
        fetch_optional,
        String,
        "SELECT token FROM signal_mail WHERE signal_id = $1 AND stopped_at IS NULL",
        signal_id
    )
    .db()
}

/// The signal an unsubscribe token stops mail about.
pub async fn by_mail_token(ex: &mut Ex<'_>, token: &str) -> DbResult<Option<Signal>> {
    let sql = format!(
        "{SIGNAL_SELECT} WHERE s.id = (SELECT signal_id FROM signal_mail WHERE token = $1)"
    );
    fetch!(ex, fetch_optional, Signal, &sql, token).db()
}

/// No more mail about the signal: its sender asked. Mail still waiting is not sent.
pub async fn stop_mail(ex: &mut Ex<'_>, signal_id: i64, now: DateTime<Utc>) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE signal_mail SET stopped_at = COALESCE(stopped_at, $2) WHERE signal_id = $1",
        signal_id,
        now
    )
    .db()?;
    exec!(
        ex,
        "UPDATE notifications SET email_status = 'skipped', secret_link = NULL
         WHERE subject_type = 'signal' AND subject_id = $1 AND user_id IS NULL
           AND email_status IN ('pending', 'digest')",
        signal_id
    )
    .db()?;
    Ok(())
}

/// A signal still waiting for triage, for the zone's overview.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Waiting {
    pub id: i64,
    pub reference: String,
    pub created_at: DateTime<Utc>,
}

/// The zone's signals nobody triaged yet, oldest first.
pub async fn waiting(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Waiting>> {
    fetch!(
        ex,
        fetch_all,
        Waiting,
        "SELECT id, reference, created_at FROM signals WHERE zone_id = $1 AND status = 'new'
         ORDER BY created_at, id",
        zone_id
    )
    .db()
}

/// How many signals `list` has in all, on every page.
pub async fn count(ex: &mut Ex<'_>, zone_id: i64, status: Option<&str>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM signals WHERE zone_id = $1 AND ($2 = '' OR status = $2)",
        zone_id,
        status.unwrap_or("")
    )
    .db()
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
