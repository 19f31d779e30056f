//! The panel's verdict on the council's answer, and the council's answer to a "not answered".

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Verdict {
    pub id: i64,
    pub item_id: i64,
    pub decision_id: i64,
    pub verdict: String,
    pub reason: Option<String>,
    /// For a "not answered": the date the council replies by.
    pub reply_due: Option<NaiveDate>,
    pub given_by: i64,
    pub given_by_name: String,
    pub given_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Every verdict on an item, oldest first.
pub async fn of_item(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Verdict>> {
    fetch!(
        ex,
        fetch_all,
        Verdict,
        "SELECT v.id, v.item_id, v.decision_id, v.verdict, v.reason, v.reply_due, v.given_by,
                u.display_name AS given_by_name, v.given_at, v.answer, v.answered_at
         FROM verdicts v JOIN users u ON u.id = v.given_by
         WHERE v.item_id = $1 ORDER BY v.id",
        item_id
    )
    .db()
}

#[allow(clippy::too_many_arguments)]
pub async fn add(
    ex: &mut Ex<'_>,
    item_id: i64,
    decision_id: i64,
    verdict: &str,
    reason: Option<&str>,
    reply_due: Option<NaiveDate>,
    by: i64,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO verdicts (item_id, decision_id, verdict, reason, reply_due, given_by, given_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        item_id,
        decision_id,
        verdict,
        reason,
        reply_due,
        by,
        now
    )
    .db()
}

/// The council answers a verdict once; false when it was answered already.
pub async fn answer(
    ex: &mut Ex<'_>,
    id: i64,
    text: &str,
    by: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE verdicts SET answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1 AND answered_at IS NULL",
        id,
        text,
        by,
        now
    )
    .db()?;
    Ok(n == 1)
}

pub async fn set_due(ex: &mut Ex<'_>, item_id: i64, due: Option<NaiveDate>) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE items SET verdict_due = $2 WHERE id = $1",
        item_id,
        due
    )
    .db()?;
    Ok(())
}

pub async fn due_of(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Option<NaiveDate>> {
    scalar!(
        ex,
        fetch_one,
        Option<NaiveDate>,
        "SELECT verdict_due FROM items WHERE id = $1",
        item_id
    )
    .db()
}

/// A zone's verdicts given in a period, per verdict (the latest per item counts).
pub async fn counts(
    ex: &mut Ex<'_>,
    zone_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<(String, i64)>> {
    fetch!(
        ex,
        fetch_all,
        (String, i64),
        "SELECT v.verdict, COUNT(*) FROM verdicts v JOIN items i ON i.id = v.item_id
         WHERE i.zone_id = $1 AND v.given_at >= $2 AND v.given_at < $3
           AND v.id = (SELECT MAX(v2.id) FROM verdicts v2 WHERE v2.item_id = v.item_id)
         GROUP BY v.verdict ORDER BY v.verdict",
        zone_id,
        from,
        to
    )
    .db()
}
