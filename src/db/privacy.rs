//! People's own data: the "Mijn gegevens" download, erasure on request and retention.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::privacy::{erased_email, ERASED_NAME, ERASED_TEXT};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

pub async fn create_export_link(
    ex: &mut Ex<'_>,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    // A new link replaces any earlier unused one of the same person.
    exec!(
        ex,
        "UPDATE data_exports SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        user_id,
        now
    )
    .db()?;
    exec!(
        ex,
        "INSERT INTO data_exports (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        token_hash,
        user_id,
        now,
        expires_at
    )
    .db()?;
    Ok(())
}

/// Uses a download link; false when it is unknown, someone else's, used or expired.
pub async fn use_export_link(
    ex: &mut Ex<'_>,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE data_exports SET used_at = $3
         WHERE token_hash = $1 AND user_id = $2 AND used_at IS NULL AND expires_at > $3",
        token_hash,
        user_id,
        now
    )
    .db()?;
    Ok(n == 1)
}

/// One JSON object per row, built by the database (`fields` are `'key', expression` pairs), so
/// each section of the download is one query on either engine.
async fn objects(ex: &mut Ex<'_>, fields: &str, rest: &str, user_id: i64) -> DbResult<Vec<Value>> {
    let sql = if ex.is_sqlite() {
        format!("SELECT json_object({fields}) {rest}")
    } else {
        format!("SELECT json_build_object({fields})::text {rest}")
    };
    let rows = scalar!(ex, fetch_all, String, &sql, user_id).db()?;
    Ok(rows
        .iter()
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect())
}

/// Everything the platform holds about one person, section by section.
pub async fn everything_about(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Map<String, Value>> {
    const SECTIONS: &[(&str, &str, &str)] = &[
        ("profile",
         "'id', id, 'email', email, 'name', display_name, 'language', locale, 'platform_admin', is_platform_admin, 'created_at', created_at, 'second_factor_since', totp_enabled_at, 'named_on_public_items', public_name",
         "FROM users WHERE id = $1"),
        ("memberships",
         "'zone', z.code, 'zone_name', z.name, 'role', m.role, 'since', m.created_at",
         "FROM memberships m JOIN zones z ON z.id = m.zone_id WHERE m.user_id = $1 ORDER BY z.code, m.role"),
        ("panels",
         "'zone', z.code, 'panel', p.name, 'kind', p.kind, 'since', pm.created_at",
         "FROM panel_members pm JOIN panels p ON p.id = pm.panel_id JOIN zones z ON z.id = p.zone_id WHERE pm.user_id = $1 ORDER BY z.code, p.name"),
        ("items",
         "'reference', i.reference, 'zone', z.code, 'panel', p.name, 'kind', i.kind, 'title', i.title, 'text', i.body, 'heard_at', i.heard_at, 'language', i.text_lang, 'status', i.status, 'created_at', i.created_at, 'submitted_at', i.submitted_at",
         "FROM items i JOIN zones z ON z.id = i.zone_id JOIN panels p ON p.id = i.panel_id WHERE i.author_id = $1 ORDER BY i.id"),
        ("supported_items",
         "'reference', i.reference, 'at', c.created_at",
         "FROM item_cosigns c JOIN items i ON i.id = c.item_id WHERE c.user_id = $1 ORDER BY c.created_at"),
        ("addenda",
         "'reference', i.reference, 'text', a.body, 'at', a.created_at",
         "FROM item_addenda a JOIN items i ON i.id = a.item_id WHERE a.author_id = $1 ORDER BY a.id"),
        ("reactions_and_notes",
         "'reference', i.reference, 'kind', n.kind, 'text', n.body, 'at', n.created_at",
         "FROM item_notes n JOIN items i ON i.id = n.item_id WHERE n.author_id = $1 ORDER BY n.id"),
        ("minutes_responses",
         "'reference', i.reference, 'kind', r.kind, 'text', r.body, 'at', r.created_at",
         "FROM minutes_responses r JOIN minutes m ON m.id = r.minutes_id JOIN items i ON i.id = m.item_id WHERE r.user_id = $1 ORDER BY r.id"),
        ("advice_versions",
         "'consultation', c.reference, 'panel', p.name, 'version', v.version, 'text', v.body, 'at', v.created_at",
         "FROM advice_versions v JOIN advices a ON a.id = v.advice_id JOIN consultations c ON c.id = a.consultation_id JOIN panels p ON p.id = a.panel_id WHERE v.author_id = $1 ORDER BY v.created_at"),
        ("advice_notes",
         "'consultation', c.reference, 'kind', n.kind, 'text', n.body, 'at', n.created_at",
         "FROM advice_notes n JOIN advices a ON a.id = n.advice_id JOIN consultations c ON c.id = a.consultation_id WHERE n.author_id = $1 ORDER BY n.id"),
        ("consultation_reactions",
         "'consultation', c.reference, 'text', r.body, 'at', r.created_at",
         "FROM consultation_reactions r JOIN consultations c ON c.id = r.consultation_id WHERE r.author_id = $1 ORDER BY r.id"),
        ("verdicts",
         "'reference', i.reference, 'verdict', v.verdict, 'reason', v.reason, 'at', v.given_at",
         "FROM verdicts v JOIN items i ON i.id = v.item_id WHERE v.given_by = $1 ORDER BY v.id"),
        ("notifications",
         "'kind', kind, 'about', subject_type, 'about_id', subject_id, 'in_inbox', in_inbox, 'email_status', email_status, 'created_at', created_at, 'sent_at', sent_at, 'read_at', read_at",
         "FROM notifications WHERE user_id = $1 ORDER BY id"),
        ("notification_preferences",
         "'group', kind_group, 'mode', mode, 'updated_at', updated_at",
         "FROM notification_preferences WHERE user_id = $1 ORDER BY kind_group"),
        ("login_history",
         "'kind', kind, 'device', user_agent, 'started_at', created_at, 'last_seen_at', last_seen_at, 'expires_at', expires_at, 'ended_at', revoked_at",
         "FROM sessions WHERE user_id = $1 ORDER BY id"),
        ("account_log",
         "'kind', kind, 'at', at, 'by', actor_id",
         "FROM account_events WHERE user_id = $1 ORDER BY id"),
        ("invitations",
         "'zone', z.code, 'role', v.role, 'invited_at', v.created_at, 'accepted_at', v.accepted_at",
         "FROM invitations v JOIN zones z ON z.id = v.zone_id WHERE lower(v.email) = (SELECT lower(email) FROM users WHERE id = $1) ORDER BY v.id"),
        ("accessibility_reports",
         "'page', page, 'text', description, 'contact', contact, 'at', created_at",
         "FROM barrier_reports WHERE user_id = $1 ORDER BY id"),
        ("history",
         "'zone', z.code, 'seq', e.seq, 'at', e.at, 'kind', e.kind, 'about', e.subject_type, 'about_id', e.subject_id",
         "FROM events e JOIN zones z ON z.id = e.zone_id WHERE e.actor_id = $1 ORDER BY e.id"),
        ("data_downloads",
         "'requested_at', created_at, 'used_at', used_at",
         "FROM data_exports WHERE user_id = $1 ORDER BY id"),
    ];
    let mut out = Map::new();
    for (name, fields, rest) in SECTIONS {
        let mut rows = objects(ex, fields, rest, user_id).await?;
        let v = if *name == "profile" {
            rows.pop().unwrap_or(Value::Null)
        } else {
            Value::Array(rows)
        };
        out.insert((*name).to_string(), v);
    }
    Ok(out)
}

/// The zones where a person has a role, is in a panel, or acted.
pub async fn zones_of_person(ex: &mut Ex<'_>, user_id: i64) -> DbResult<BTreeSet<i64>> {
    let ids = scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT zone_id FROM memberships WHERE user_id = $1
         UNION SELECT p.zone_id FROM panel_members pm JOIN panels p ON p.id = pm.panel_id WHERE pm.user_id = $1
         UNION SELECT zone_id FROM events WHERE actor_id = $1",
        user_id
    )
    .db()?;
    Ok(ids.into_iter().collect())
}

/// The zones where a person is a member now (their account is managed from there).
pub async fn member_zones(ex: &mut Ex<'_>, user_id: i64) -> DbResult<BTreeSet<i64>> {
    let ids = scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT zone_id FROM memberships WHERE user_id = $1
         UNION SELECT p.zone_id FROM panel_members pm JOIN panels p ON p.id = pm.panel_id WHERE pm.user_id = $1",
        user_id
    )
    .db()?;
    Ok(ids.into_iter().collect())
}

/// The subjects whose words were replaced, for the redaction events on their timelines.
#[derive(Debug, Default)]
pub struct Removed {
    pub texts: HashSet<String>,
    /// (zone id, item id)
    pub items: BTreeSet<(i64, i64)>,
    /// (zone id, consultation id)
    pub consultations: BTreeSet<(i64, i64)>,
}

#[derive(sqlx::FromRow)]
struct TextRow {
    zone_id: i64,
    subject_id: i64,
    text: String,
}

/// Replaces every text the person wrote by the erasure marker, and says what was replaced.
pub async fn remove_texts(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Removed> {
    // (what to read: zone, subject, old text; how to replace it; item or consultation)
    const TABLES: &[(&str, &str, bool)] = &[
        ("SELECT zone_id, id AS subject_id, title AS text FROM items WHERE author_id = $1 AND title <> $2
          UNION ALL SELECT zone_id, id, body FROM items WHERE author_id = $1 AND body <> $2",
         "UPDATE items SET title = $2, body = $2 WHERE author_id = $1 AND (title <> $2 OR body <> $2)", true),
        ("SELECT i.zone_id, i.id AS subject_id, a.body AS text FROM item_addenda a JOIN items i ON i.id = a.item_id WHERE a.author_id = $1 AND a.body <> $2",
         "UPDATE item_addenda SET body = $2 WHERE author_id = $1 AND body <> $2", true),
        ("SELECT i.zone_id, i.id AS subject_id, n.body AS text FROM item_notes n JOIN items i ON i.id = n.item_id WHERE n.author_id = $1 AND n.body <> $2",
         "UPDATE item_notes SET body = $2 WHERE author_id = $1 AND body <> $2", true),
        ("SELECT i.zone_id, i.id AS subject_id, r.body AS text FROM minutes_responses r JOIN minutes m ON m.id = r.minutes_id JOIN items i ON i.id = m.item_id
          WHERE r.user_id = $1 AND r.body IS NOT NULL AND r.body <> $2",
         "UPDATE minutes_responses SET body = $2 WHERE user_id = $1 AND body IS NOT NULL AND body <> $2", true),
        ("SELECT i.zone_id, i.id AS subject_id, v.reason AS text FROM verdicts v JOIN items i ON i.id = v.item_id
          WHERE v.given_by = $1 AND v.reason IS NOT NULL AND v.reason <> $2",
         "UPDATE verdicts SET reason = $2 WHERE given_by = $1 AND reason IS NOT NULL AND reason <> $2", true),
        ("SELECT c.zone_id, c.id AS subject_id, v.body AS text FROM advice_versions v JOIN advices a ON a.id = v.advice_id JOIN consultations c ON c.id = a.consultation_id
          WHERE v.author_id = $1 AND v.body <> $2",
         "UPDATE advice_versions SET body = $2 WHERE author_id = $1 AND body <> $2", false),
        ("SELECT c.zone_id, c.id AS subject_id, n.body AS text FROM advice_notes n JOIN advices a ON a.id = n.advice_id JOIN consultations c ON c.id = a.consultation_id
          WHERE n.author_id = $1 AND n.body <> $2",
         "UPDATE advice_notes SET body = $2 WHERE author_id = $1 AND body <> $2", false),
        ("SELECT c.zone_id, c.id AS subject_id, r.body AS text FROM consultation_reactions r JOIN consultations c ON c.id = r.consultation_id
          WHERE r.author_id = $1 AND r.body <> $2",
         "UPDATE consultation_reactions SET body = $2 WHERE author_id = $1 AND body <> $2", false),
    ];
    let mut removed = Removed::default();
    for (read, replace, is_item) in TABLES {
        let rows = fetch!(ex, fetch_all, TextRow, read, user_id, ERASED_TEXT).db()?;
        for r in rows {
            removed.texts.insert(r.text);
            let subjects = if *is_item {
                &mut removed.items
            } else {
                &mut removed.consultations
            };
            subjects.insert((r.zone_id, r.subject_id));
        }
        exec!(ex, replace, user_id, ERASED_TEXT).db()?;
    }
    let reports = scalar!(
        ex,
        fetch_all,
        String,
        "SELECT description FROM barrier_reports WHERE user_id = $1 AND description <> $2",
        user_id,
        ERASED_TEXT
    )
    .db()?;
    removed.texts.extend(reports);
    exec!(
        ex,
        "UPDATE barrier_reports SET description = $2 WHERE user_id = $1",
        user_id,
        ERASED_TEXT
    )
    .db()?;
    Ok(removed)
}

#[derive(sqlx::FromRow)]
pub struct PayloadRow {
    pub event_id: i64,
    pub payload: String,
}

/// Personal payloads that may concern the person: their own events, and any that mention their
/// address. The caller decides per payload.
pub async fn candidate_payloads(
    ex: &mut Ex<'_>,
    user_id: i64,
    email: &str,
) -> DbResult<Vec<PayloadRow>> {
    fetch!(
        ex,
        fetch_all,
        PayloadRow,
        "SELECT p.event_id, p.payload FROM event_personal p JOIN events e ON e.id = p.event_id
         WHERE e.actor_id = $1 OR lower(p.payload) LIKE $2",
        user_id,
        format!("%{}%", email.to_lowercase())
    )
    .db()
}

pub async fn delete_payloads(ex: &mut Ex<'_>, event_ids: &[i64]) -> DbResult<u64> {
    let mut n = 0;
    for id in event_ids {
        n += exec!(ex, "DELETE FROM event_personal WHERE event_id = $1", *id).db()?;
    }
    Ok(n)
}

/// Removes the person's name, address, sign-in and everything only about them; keeps the
/// account row as a tombstone so their events and texts still point somewhere.
pub async fn erase_account(
    ex: &mut Ex<'_>,
    user_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let email = email.to_lowercase();
    exec!(
        ex,
        "UPDATE users SET display_name = $2, email = $3, password_hash = '!', is_platform_admin = FALSE, erased_at = $4, totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, public_name = FALSE
         WHERE id = $1",
        user_id,
        ERASED_NAME,
        erased_email(user_id),
        now
    )
    .db()?;
    exec!(
        ex,
        "DELETE FROM notifications WHERE user_id = $1 OR lower(email) = $2",
        user_id,
        &email
    )
    .db()?;
    exec!(
        ex,
        "UPDATE invitations SET email = $2, display_name = $3 WHERE lower(email) = $1",
        &email,
        erased_email(user_id),
        ERASED_NAME
    )
    .db()?;
    exec!(
        ex,
        "UPDATE barrier_reports SET contact = NULL WHERE user_id = $1",
        user_id
    )
    .db()?;
    for table in [
        "sessions",
        "password_resets",
        "recovery_codes",
        "account_events",
        "data_exports",
        "notification_preferences",
        "unsubscribe_tokens",
        "calendar_links",
        "digests_sent",
        "memberships",
        "panel_members",
        "consultation_participants",
    ] {
        exec!(
            ex,
            &format!("DELETE FROM {table} WHERE user_id = $1"),
            user_id
        )
        .db()?;
    }
    Ok(())
}

#[derive(sqlx::FromRow, Debug)]
pub struct ClosedItem {
    pub id: i64,
    pub zone_id: i64,
    pub retention_days: Option<i64>,
    pub closed_at: DateTime<Utc>,
}

/// Closed items in zones with a retention period whose personal data is still there.
pub async fn retention_candidates(ex: &mut Ex<'_>) -> DbResult<Vec<ClosedItem>> {
    fetch!(
        ex,
        fetch_all,
        ClosedItem,
        // A withdrawn item has no closing date; it was last changed when it was withdrawn.
        "SELECT i.id, i.zone_id, z.retention_days, COALESCE(i.closed_at, i.updated_at) AS closed_at
         FROM items i JOIN zones z ON z.id = i.zone_id
         WHERE z.retention_days IS NOT NULL AND i.status IN ('closed', 'withdrawn')
           AND i.personal_removed_at IS NULL
         ORDER BY i.id"
    )
    .db()
}

#[derive(Debug, Default, serde::Serialize)]
pub struct RetentionCounts {
    pub notifications: u64,
    pub supporters: u64,
    pub signal_contacts: u64,
}

/// Removes a closed item's personal data: who was told what, who supported it, how to reach the
/// people whose signals led to it; and marks it so pages show no names on it any more.
pub async fn remove_item_personal(
    ex: &mut Ex<'_>,
    item_id: i64,
    now: DateTime<Utc>,
) -> DbResult<Option<RetentionCounts>> {
    let marked = exec!(
        ex,
        "UPDATE items SET personal_removed_at = $2 WHERE id = $1 AND personal_removed_at IS NULL",
        item_id,
        now
    )
    .db()?;
    if marked == 0 {
        return Ok(None);
    }
    let notifications = exec!(
        ex,
        "DELETE FROM notifications WHERE subject_type = 'item' AND subject_id = $1",
        item_id
    )
    .db()?
        // Mail to the senders of its signals carried their addresses.
        + exec!(
            ex,
            "DELETE FROM notifications WHERE subject_type = 'signal'
               AND subject_id IN (SELECT id FROM signals WHERE item_id = $1)",
            item_id
        )
        .db()?;
    let supporters = exec!(ex, "DELETE FROM item_cosigns WHERE item_id = $1", item_id).db()?;
    let signal_contacts = exec!(
        ex,
        "UPDATE signals SET contact = NULL, person_name = NULL, may_contact = FALSE
         WHERE item_id = $1 AND (contact IS NOT NULL OR person_name IS NOT NULL)",
        item_id
    )
    .db()?;
    Ok(Some(RetentionCounts {
        notifications,
        supporters,
        signal_contacts,
    }))
}

pub async fn set_retention(ex: &mut Ex<'_>, zone_id: i64, days: Option<i64>) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE zones SET retention_days = $2 WHERE id = $1",
        zone_id,
        days
    )
    .db()?;
    Ok(())
}
