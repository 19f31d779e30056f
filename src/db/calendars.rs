//! Calendar feeds: the secret links to a person's own feed, and what the feeds list (meetings
//! with the items on their agenda).

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::db::agenda::Meeting;
use chrono::{DateTime, Utc};

/// Ends every live link of the person; the number ended.
pub async fn revoke_links(ex: &mut Ex<'_>, user_id: i64, now: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE calendar_links SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        user_id,
        now
    )
    .db()
}

pub async fn add_link(
    ex: &mut Ex<'_>,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO calendar_links (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
        user_id,
        token_hash,
        now
    )
    .db()?;
    Ok(())
}

/// The person a live link belongs to.
pub async fn user_of_link(ex: &mut Ex<'_>, token_hash: &str) -> DbResult<Option<i64>> {
    scalar!(
        ex,
        fetch_optional,
        i64,
        "SELECT user_id FROM calendar_links WHERE token_hash = $1 AND revoked_at IS NULL",
        token_hash
    )
    .db()
}

/// When the person's live link was made, if they have one.
pub async fn live_link_since(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Option<DateTime<Utc>>> {
    scalar!(
        ex,
        fetch_optional,
        DateTime<Utc>,
        "SELECT created_at FROM calendar_links WHERE user_id = $1 AND revoked_at IS NULL",
        user_id
    )
    .db()
}

/// A zone's meetings from `since` on, earliest first (at most 200: a feed is not an archive).
pub async fn meetings_since(
    ex: &mut Ex<'_>,
    zone_id: i64,
    since: DateTime<Utc>,
) -> DbResult<Vec<Meeting>> {
    fetch!(
        ex,
        fetch_all,
        Meeting,
        "SELECT id, zone_id, starts_at, place, other_points, status, created_at FROM meetings
         WHERE zone_id = $1 AND starts_at >= $2 ORDER BY starts_at, id LIMIT 200",
        zone_id,
        since
    )
    .db()
}

/// One item on a meeting's agenda, with what decides who may see it.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct AgendaLine {
    pub meeting_id: i64,
    pub item_id: i64,
    pub zone_id: i64,
    pub panel_id: i64,
    pub author_id: i64,
    pub status: String,
    pub is_public: bool,
    pub reference: String,
    pub title: String,
}

/// Every agenda line of a zone's meetings from `since` on, in agenda order: one query for the
/// whole feed.
pub async fn agenda_lines_since(
    ex: &mut Ex<'_>,
    zone_id: i64,
    since: DateTime<Utc>,
) -> DbResult<Vec<AgendaLine>> {
    fetch!(
        ex,
        fetch_all,
        AgendaLine,
        "SELECT a.meeting_id, i.id AS item_id, i.zone_id, i.panel_id, i.author_id, i.status, i.is_public,
                i.reference, i.title
         FROM agenda_entries a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN items i ON i.id = a.item_id
         WHERE m.zone_id = $1 AND m.starts_at >= $2
         ORDER BY a.meeting_id, a.position, i.id",
        zone_id,
        since
    )
    .db()
}
