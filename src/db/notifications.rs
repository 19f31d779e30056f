//! Notifications: the inbox, the mail outbox (claimed row by row), preferences, unsubscribe
//! tokens, daily digests and password-reset links.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

/// Email states of a notification.
pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const SKIPPED: &str = "skipped";
pub const DIGEST: &str = "digest";
pub const DIGESTED: &str = "digested";

pub struct NewNotification<'a> {
    pub user_id: Option<i64>,
    pub email: Option<&'a str>,
    pub zone_id: Option<i64>,
    pub event_seq: Option<i64>,
    pub subject_type: &'a str,
    pub subject_id: i64,
    pub kind: &'a str,
    pub kind_group: &'a str,
    pub detail: &'a str,
    pub secret_link: Option<&'a str>,
    pub in_inbox: bool,
    pub email_status: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn insert(ex: &mut Ex<'_>, n: NewNotification<'_>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO notifications (user_id, email, zone_id, event_seq, subject_type, subject_id, kind, kind_group,
             detail, secret_link, in_inbox, email_status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        n.user_id,
        n.email,
        n.zone_id,
        n.event_seq,
        n.subject_type,
        n.subject_id,
        n.kind,
        n.kind_group,
        n.detail,
        n.secret_link,
        n.in_inbox,
        n.email_status,
        n.now
    )
    .db()
}

/// One event's inbox notifications, one row per (person, mail status), in a single statement:
/// they are written inside the event's transaction, which holds the database's only write lock.
#[allow(clippy::too_many_arguments)]
pub async fn insert_inbox_many(
    ex: &mut Ex<'_>,
    zone_id: i64,
    event_seq: i64,
    subject_type: &str,
    subject_id: i64,
    kind: &str,
    kind_group: &str,
    detail: &str,
    now: DateTime<Utc>,
    rows: &[(i64, &'static str)],
) -> DbResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // Ids are numbers and statuses are this module's constants: nothing a person typed.
    let values = rows
        .iter()
        .map(|(user, status)| {
            format!("({user}, $1, $2, $3, $4, $5, $6, $7, TRUE, '{status}', $8, $8)")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO notifications (user_id, zone_id, event_seq, subject_type, subject_id, kind, kind_group,
             detail, in_inbox, email_status, next_attempt_at, created_at) VALUES {values}"
    );
    exec!(
        ex,
        &sql,
        zone_id,
        event_seq,
        subject_type,
        subject_id,
        kind,
        kind_group,
        detail,
        now
    )
    .db()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Who

/// Everyone with a role in the zone.
pub async fn zone_people(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT DISTINCT user_id FROM memberships WHERE zone_id = $1",
        zone_id
    )
    .db()
}

pub async fn panel_member_ids(ex: &mut Ex<'_>, panel_id: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT user_id FROM panel_members WHERE panel_id = $1",
        panel_id
    )
    .db()
}

/// Members of every panel of a zone.
pub async fn zone_panel_member_ids(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT DISTINCT pm.user_id FROM panel_members pm JOIN panels p ON p.id = pm.panel_id
         WHERE p.zone_id = $1",
        zone_id
    )
    .db()
}

/// People with a role in a zone.
pub async fn zone_role_ids(ex: &mut Ex<'_>, zone_id: i64, role: &str) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT user_id FROM memberships WHERE zone_id = $1 AND role = $2",
        zone_id,
        role
    )
    .db()
}

/// One person who may hear of an item's events, and why: `source` is `panel` (a member of the
/// item's panel), `cosigner`, or the person's role in the item's zone (`staff`, `council`, ...).
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct AudienceRow {
    pub source: String,
    pub user_id: i64,
    pub chair: bool,
}

impl AudienceRow {
    /// Reached through the item itself (its panel or a co-signature), not through a membership
    /// of the zone.
    pub fn through_item(&self) -> bool {
        self.source == "panel" || self.source == "cosigner"
    }
}

/// Everyone an item's events can reach, in one statement: it runs inside the writer's
/// transaction, where each statement is a hand-off to the database's thread and back.
pub async fn item_audience(ex: &mut Ex<'_>, item: &ItemBrief) -> DbResult<Vec<AudienceRow>> {
    fetch!(
        ex,
        fetch_all,
        AudienceRow,
        "SELECT 'panel' AS source, user_id, FALSE AS chair FROM panel_members WHERE panel_id = $1
         UNION ALL
         SELECT 'cosigner', user_id, FALSE FROM item_cosigns WHERE item_id = $2
         UNION ALL
         SELECT role, user_id, chair FROM memberships WHERE zone_id = $3",
        item.panel_id,
        item.id,
        item.zone_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ItemBrief {
    pub id: i64,
    pub zone_id: i64,
    pub panel_id: i64,
    pub author_id: i64,
    pub meeting_id: Option<i64>,
}

pub async fn item_brief(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<ItemBrief>> {
    fetch!(
        ex,
        fetch_optional,
        ItemBrief,
        "SELECT id, zone_id, panel_id, author_id, meeting_id FROM items WHERE id = $1",
        id
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// Preferences

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Preference {
    pub kind_group: String,
    pub mode: String,
}

pub async fn preferences(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Vec<Preference>> {
    fetch!(
        ex,
        fetch_all,
        Preference,
        "SELECT kind_group, mode FROM notification_preferences WHERE user_id = $1 ORDER BY kind_group",
        user_id
    )
    .db()
}

/// The chosen modes of several people for one group (people without a choice are absent).
pub async fn preferences_of(
    ex: &mut Ex<'_>,
    user_ids: &[i64],
    group: &str,
) -> DbResult<std::collections::HashMap<i64, String>> {
    if user_ids.is_empty() {
        return Ok(Default::default());
    }
    let ids = user_ids
        .iter()
        .map(|u| u.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT user_id, mode FROM notification_preferences WHERE kind_group = $1 AND user_id IN ({ids})"
    );
    let rows = fetch!(ex, fetch_all, (i64, String), &sql, group).db()?;
    Ok(rows.into_iter().collect())
}

pub async fn set_preference(
    ex: &mut Ex<'_>,
    user_id: i64,
    group: &str,
    mode: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO notification_preferences (user_id, kind_group, mode, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, kind_group) DO UPDATE SET mode = $3, updated_at = $4",
        user_id,
        group,
        mode,
        now
    )
    .db()?;
    Ok(())
}

/// After someone switches a kind of mail off (or to the digest), mail of that kind still waiting
/// follows the new choice.
pub async fn restate_waiting(
    ex: &mut Ex<'_>,
    user_id: i64,
    group: &str,
    status: &str,
) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET email_status = $3
         WHERE user_id = $1 AND kind_group = $2 AND email_status IN ('pending', 'digest')",
        user_id,
        group,
        status
    )
    .db()
}

pub async fn unsubscribe_token(
    ex: &mut Ex<'_>,
    user_id: i64,
    group: &str,
) -> DbResult<Option<String>> {
    scalar!(
        ex,
        fetch_optional,
        String,
        "SELECT token FROM unsubscribe_tokens WHERE user_id = $1 AND kind_group = $2",
        user_id,
        group
    )
    .db()
}

pub async fn add_unsubscribe_token(
    ex: &mut Ex<'_>,
    token: &str,
    user_id: i64,
    group: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO unsubscribe_tokens (token, user_id, kind_group, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, kind_group) DO NOTHING",
        token,
        user_id,
        group,
        now
    )
    .db()?;
    Ok(())
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct UnsubscribeTarget {
    pub user_id: i64,
    pub kind_group: String,
}

pub async fn unsubscribe_target(
    ex: &mut Ex<'_>,
    token: &str,
) -> DbResult<Option<UnsubscribeTarget>> {
    fetch!(
        ex,
        fetch_optional,
        UnsubscribeTarget,
        "SELECT user_id, kind_group FROM unsubscribe_tokens WHERE token = $1",
        token
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// Inbox

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct InboxRow {
    pub id: i64,
    pub zone_id: Option<i64>,
    pub event_seq: Option<i64>,
    pub subject_type: String,
    pub subject_id: i64,
    pub kind: String,
    pub detail: String,
    pub email_status: String,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub reference: Option<String>,
    pub title: Option<String>,
}

const INBOX_SELECT: &str =
    "SELECT n.id, n.zone_id, n.event_seq, n.subject_type, n.subject_id, n.kind, n.detail,
        n.email_status, n.read_at, n.created_at, COALESCE(i.reference, c.reference, s.reference) AS reference, COALESCE(i.title, c.title) AS title
    FROM notifications n LEFT JOIN items i ON n.subject_type = 'item' AND i.id = n.subject_id
         LEFT JOIN consultations c ON n.subject_type = 'consultation' AND c.id = n.subject_id
         LEFT JOIN signals s ON n.subject_type = 'signal' AND s.id = n.subject_id";

pub async fn inbox(
    ex: &mut Ex<'_>,
    user_id: i64,
    unread_only: bool,
    limit: i64,
) -> DbResult<Vec<InboxRow>> {
    let sql = format!(
        "{INBOX_SELECT} WHERE n.user_id = $1 AND n.in_inbox = TRUE AND ($2 = FALSE OR n.read_at IS NULL)
         ORDER BY n.created_at DESC, n.id DESC LIMIT $3"
    );
    fetch!(ex, fetch_all, InboxRow, &sql, user_id, unread_only, limit).db()
}

pub async fn inbox_entry(ex: &mut Ex<'_>, user_id: i64, id: i64) -> DbResult<Option<InboxRow>> {
    let sql = format!("{INBOX_SELECT} WHERE n.user_id = $1 AND n.id = $2 AND n.in_inbox = TRUE");
    fetch!(ex, fetch_optional, InboxRow, &sql, user_id, id).db()
}

/// One indexed count of unread messages.
pub async fn unread_count(ex: &mut Ex<'_>, user_id: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND in_inbox = TRUE AND read_at IS NULL",
        user_id
    )
    .db()
}

pub async fn mark_read(
    ex: &mut Ex<'_>,
    user_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE user_id = $1 AND id = $2 AND in_inbox = TRUE",
        user_id,
        id,
        now
    )
    .db()?;
    Ok(n > 0)
}

pub async fn mark_subject_read(
    ex: &mut Ex<'_>,
    user_id: i64,
    subject_type: &str,
    subject_id: i64,
    now: DateTime<Utc>,
) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET read_at = $4
         WHERE user_id = $1 AND subject_type = $2 AND subject_id = $3 AND in_inbox = TRUE AND read_at IS NULL",
        user_id,
        subject_type,
        subject_id,
        now
    )
    .db()
}

pub async fn mark_all_read(ex: &mut Ex<'_>, user_id: i64, now: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND in_inbox = TRUE AND read_at IS NULL",
        user_id,
        now
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// Outbox

/// Ids of mail that is due, oldest first.
pub async fn due_ids(ex: &mut Ex<'_>, now: DateTime<Utc>, limit: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT id FROM notifications WHERE email_status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        now,
        limit
    )
    .db()
}

/// Claims one row for this worker: only one claim can win, however many workers try.
pub async fn claim(ex: &mut Ex<'_>, id: i64, token: &str, now: DateTime<Utc>) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE notifications SET email_status = 'sending', claim_token = $2, claimed_at = $3
         WHERE id = $1 AND email_status = 'pending'",
        id,
        token,
        now
    )
    .db()?;
    Ok(n == 1)
}

/// A worker that is still sending keeps its claims.
pub async fn renew_claims(ex: &mut Ex<'_>, token: &str, now: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET claimed_at = $2 WHERE claim_token = $1 AND email_status = 'sending'",
        token,
        now
    )
    .db()
}

/// Claims left behind by a worker that stopped (crash, restart) go back to the queue once their
/// lease has run out.
pub async fn release_stale(ex: &mut Ex<'_>, before: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET email_status = 'pending', claim_token = NULL, claimed_at = NULL
         WHERE email_status = 'sending' AND claimed_at < $1",
        before
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub event_seq: Option<i64>,
    pub subject_type: String,
    pub subject_id: i64,
    pub kind: String,
    pub kind_group: String,
    pub detail: String,
    pub secret_link: Option<String>,
    pub attempts: i64,
    pub reference: Option<String>,
    pub title: Option<String>,
}

pub async fn claimed(ex: &mut Ex<'_>, token: &str) -> DbResult<Vec<OutboxRow>> {
    fetch!(
        ex,
        fetch_all,
        OutboxRow,
        "SELECT n.id, n.user_id, COALESCE(u.email, n.email) AS email, u.display_name AS name, n.zone_id,
                n.event_seq, n.subject_type, n.subject_id, n.kind, n.kind_group, n.detail, n.secret_link,
                n.attempts, COALESCE(i.reference, c.reference, s.reference) AS reference, COALESCE(i.title, c.title) AS title
         FROM notifications n
         LEFT JOIN users u ON u.id = n.user_id
         LEFT JOIN items i ON n.subject_type = 'item' AND i.id = n.subject_id
         LEFT JOIN consultations c ON n.subject_type = 'consultation' AND c.id = n.subject_id
         LEFT JOIN signals s ON n.subject_type = 'signal' AND s.id = n.subject_id
         WHERE n.claim_token = $1 AND n.email_status = 'sending' ORDER BY n.id",
        token
    )
    .db()
}

pub async fn mark_sent(
    ex: &mut Ex<'_>,
    id: i64,
    token: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE notifications SET email_status = 'sent', sent_at = $3, attempts = attempts + 1,
                claim_token = NULL, secret_link = NULL, last_error = NULL
         WHERE id = $1 AND claim_token = $2 AND email_status = 'sending'",
        id,
        token,
        now
    )
    .db()?;
    Ok(n == 1)
}

/// A failed try: back in the queue at `next`, or given up (`failed`) when `next` is None.
pub async fn mark_try_failed(
    ex: &mut Ex<'_>,
    id: i64,
    token: &str,
    error: &str,
    next: Option<DateTime<Utc>>,
) -> DbResult<bool> {
    let n = match next {
        Some(at) => exec!(
            ex,
            "UPDATE notifications SET email_status = 'pending', attempts = attempts + 1, next_attempt_at = $3,
                    last_error = $4, claim_token = NULL, claimed_at = NULL
             WHERE id = $1 AND claim_token = $2 AND email_status = 'sending'",
            id,
            token,
            at,
            error
        ),
        None => exec!(
            ex,
            "UPDATE notifications SET email_status = 'failed', attempts = attempts + 1, last_error = $3,
                    claim_token = NULL, secret_link = NULL
             WHERE id = $1 AND claim_token = $2 AND email_status = 'sending'",
            id,
            token,
            error
        ),
    }
    .db()?;
    Ok(n == 1)
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct FailedRow {
    pub id: i64,
    pub email: Option<String>,
    pub name: Option<String>,
    pub kind: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub reference: Option<String>,
}

/// Mail of a zone that could not be delivered, for its administrators.
pub async fn failed_in_zone(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<FailedRow>> {
    fetch!(
        ex,
        fetch_all,
        FailedRow,
        "SELECT n.id, COALESCE(u.email, n.email) AS email, u.display_name AS name, n.kind, n.attempts,
                n.last_error, n.created_at, COALESCE(i.reference, c.reference, s.reference) AS reference
         FROM notifications n
         LEFT JOIN users u ON u.id = n.user_id
         LEFT JOIN items i ON n.subject_type = 'item' AND i.id = n.subject_id
         LEFT JOIN consultations c ON n.subject_type = 'consultation' AND c.id = n.subject_id
         LEFT JOIN signals s ON n.subject_type = 'signal' AND s.id = n.subject_id
         WHERE n.zone_id = $1 AND n.email_status = 'failed' ORDER BY n.id DESC LIMIT 200",
        zone_id
    )
    .db()
}

/// Puts a failed mail back in the queue (an administrator fixed the address or the server).
pub async fn retry_failed(
    ex: &mut Ex<'_>,
    zone_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE notifications SET email_status = 'pending', attempts = 0, next_attempt_at = $3
         WHERE id = $2 AND zone_id = $1 AND email_status = 'failed' AND secret_link IS NULL AND user_id IS NOT NULL",
        zone_id,
        id,
        now
    )
    .db()?;
    Ok(n == 1)
}

/// Counts per email state (for tests and the log).
pub async fn count_status(ex: &mut Ex<'_>, status: &str) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM notifications WHERE email_status = $1",
        status
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// Digest

/// People with digest lines waiting that were written before `before`.
pub async fn digest_users(ex: &mut Ex<'_>, before: DateTime<Utc>) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT DISTINCT user_id FROM notifications WHERE email_status = 'digest' AND created_at <= $1 AND user_id IS NOT NULL",
        before
    )
    .db()
}

pub async fn digest_lines(
    ex: &mut Ex<'_>,
    user_id: i64,
    before: DateTime<Utc>,
) -> DbResult<Vec<InboxRow>> {
    let sql = format!(
        "{INBOX_SELECT} WHERE n.user_id = $1 AND n.email_status = 'digest' AND n.created_at <= $2
         ORDER BY n.subject_type, n.subject_id, n.id"
    );
    fetch!(ex, fetch_all, InboxRow, &sql, user_id, before).db()
}

pub async fn mark_digested(ex: &mut Ex<'_>, user_id: i64, before: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE notifications SET email_status = 'digested' WHERE user_id = $1 AND email_status = 'digest' AND created_at <= $2",
        user_id,
        before
    )
    .db()
}

/// Records today's digest for a person; false when one was already made today.
pub async fn take_digest_day(
    ex: &mut Ex<'_>,
    user_id: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "INSERT INTO digests_sent (user_id, day, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, day) DO NOTHING",
        user_id,
        day,
        now
    )
    .db()?;
    Ok(n == 1)
}

// ---------------------------------------------------------------------------------------------
// Password reset

pub async fn add_password_reset(
    ex: &mut Ex<'_>,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id",
        token_hash,
        user_id,
        now,
        expires_at
    )
    .db()
}

/// The user of an open reset link.
pub async fn open_password_reset(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<i64>> {
    scalar!(
        ex,
        fetch_optional,
        i64,
        "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        token_hash,
        now
    )
    .db()
}

/// Uses a reset link once; false when it was used, expired or unknown.
pub async fn use_password_reset(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<i64>> {
    scalar!(
        ex,
        fetch_optional,
        i64,
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
        token_hash,
        now
    )
    .db()
}

pub async fn set_password_hash(ex: &mut Ex<'_>, user_id: i64, hash: &str) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        user_id,
        hash
    )
    .db()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Letters

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ZoneNotice {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub subject_id: i64,
    pub event_seq: i64,
    pub kind: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub reference: Option<String>,
}

const NOTICE_SELECT: &str =
    "SELECT n.id, n.user_id, u.display_name AS name, n.subject_id, n.event_seq, n.kind,
        n.detail, n.created_at, i.reference AS reference
    FROM notifications n
    JOIN users u ON u.id = n.user_id
    JOIN panel_members pm ON pm.user_id = n.user_id
    JOIN items i ON i.id = n.subject_id AND i.panel_id = pm.panel_id";

/// Recent notifications to panel members about items of a zone (what staff may print).
pub async fn recent_panel_notices(
    ex: &mut Ex<'_>,
    zone_id: i64,
    limit: i64,
) -> DbResult<Vec<ZoneNotice>> {
    let sql = format!(
        "{NOTICE_SELECT} WHERE n.zone_id = $1 AND n.subject_type = 'item' AND n.event_seq IS NOT NULL
         ORDER BY n.id DESC LIMIT $2"
    );
    fetch!(ex, fetch_all, ZoneNotice, &sql, zone_id, limit).db()
}

/// The notification a panel member got for one event of an item.
pub async fn panel_notice(
    ex: &mut Ex<'_>,
    item_id: i64,
    seq: i64,
    user_id: i64,
) -> DbResult<Option<ZoneNotice>> {
    let sql = format!(
        "{NOTICE_SELECT} WHERE n.subject_type = 'item' AND n.subject_id = $1 AND n.event_seq = $2 AND n.user_id = $3"
    );
    fetch!(ex, fetch_optional, ZoneNotice, &sql, item_id, seq, user_id).db()
}

/// Reset links asked for a person since `since` (to keep anyone from flooding an inbox).
pub async fn recent_password_resets(
    ex: &mut Ex<'_>,
    user_id: i64,
    since: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2",
        user_id,
        since
    )
    .db()
}

/// After a password reset, every session and API token of the person ends.
pub async fn end_all_sessions(ex: &mut Ex<'_>, user_id: i64, now: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        user_id,
        now
    )
    .db()
}

/// Mail waiting to go (pending or being sent), and mail given up on.
pub async fn outbox_counts(ex: &mut Ex<'_>) -> DbResult<(i64, i64)> {
    let pending = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM notifications WHERE email_status IN ('pending', 'sending')"
    )
    .db()?;
    let failed = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM notifications WHERE email_status = 'failed'"
    )
    .db()?;
    Ok((pending, failed))
}
