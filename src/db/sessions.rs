//! Web sessions and API tokens: random secrets held by the client, only their hashes stored.

use super::{exec, fetch, Classify, DbResult, Ex};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
pub async fn create(
    ex: &mut Ex<'_>,
    token_hash: &str,
    user_id: i64,
    kind: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    user_agent: Option<&str>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO sessions (token_hash, user_id, kind, created_at, last_seen_at, expires_at, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
        token_hash,
        user_id,
        kind,
        now,
        expires_at,
        user_agent
    )
    .db()?;
    Ok(())
}

/// A live session with its person and, for a web session, how many subjects have unread
/// messages (the navigation shows it): one statement, as every request asks it.
#[derive(sqlx::FromRow, Debug)]
pub struct Resumed {
    #[sqlx(flatten)]
    pub user: super::people::User,
    pub session_id: i64,
    pub session_seen_at: DateTime<Utc>,
    /// Items (and consultations) with news for this person: the number in the navigation, so
    /// thirty events on three items read as three.
    pub unread: i64,
    /// The person's roles (`zone:role,…`) and panels (`zone:panel,…`), read with the session
    /// (each a separate statement before: a round trip to the database's thread per request).
    pub standing_roles: Option<String>,
    pub standing_panels: Option<String>,
}

impl Resumed {
    /// The person with their standing in every zone, as `people::principal` reads it.
    pub fn principal(&self) -> crate::domain::policy::Principal {
        use crate::domain::policy::{Principal, Role};
        fn pairs(list: &Option<String>) -> impl Iterator<Item = (i64, &str)> {
            list.as_deref()
                .unwrap_or("")
                .split(',')
                .filter_map(|pair| pair.split_once(':'))
                .filter_map(|(zone, v)| Some((zone.parse().ok()?, v)))
        }
        Principal {
            user_id: self.user.id,
            platform_admin: self.user.is_platform_admin,
            roles: pairs(&self.standing_roles)
                .filter_map(|(zone, role)| Some((zone, Role::parse(role)?)))
                .collect(),
            panels: pairs(&self.standing_panels)
                .filter_map(|(zone, panel)| Some((panel.parse().ok()?, zone)))
                .collect(),
        }
    }
}

/// The live session (not revoked, not past its absolute expiry; idle expiry is the caller's
/// rule) and the person it belongs to; `count_unread` for web sessions.
pub async fn resume(
    ex: &mut Ex<'_>,
    token_hash: &str,
    kind: &str,
    now: DateTime<Utc>,
    count_unread: bool,
) -> DbResult<Option<Resumed>> {
    fetch!(
        ex,
        fetch_optional,
        Resumed,
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.is_platform_admin, u.locale,
                u.created_at, (u.totp_enabled_at IS NOT NULL) AS second_factor, u.public_name,
                s.id AS session_id, s.last_seen_at AS session_seen_at,
                CASE WHEN $4 THEN
                    (SELECT COUNT(*) FROM (SELECT DISTINCT n.subject_type, n.subject_id
                                           FROM notifications n
                                           WHERE n.user_id = s.user_id AND n.in_inbox = TRUE
                                             AND n.read_at IS NULL) unread_subjects)
                ELSE 0 END AS unread,
                (SELECT string_agg(CAST(m.zone_id AS TEXT) || ':' || m.role, ',')
                 FROM memberships m WHERE m.user_id = s.user_id) AS standing_roles,
                (SELECT string_agg(CAST(p.zone_id AS TEXT) || ':' || CAST(pm.panel_id AS TEXT), ',')
                 FROM panel_members pm JOIN panels p ON p.id = pm.panel_id
                 WHERE pm.user_id = s.user_id) AS standing_panels
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > $3",
        token_hash,
        kind,
        now,
        count_unread
    )
    .db()
}

pub async fn touch(ex: &mut Ex<'_>, id: i64, now: DateTime<Utc>) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE sessions SET last_seen_at = $2 WHERE id = $1",
        id,
        now
    )
    .db()?;
    Ok(())
}

pub async fn revoke(ex: &mut Ex<'_>, id: i64, now: DateTime<Utc>) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        id,
        now
    )
    .db()?;
    Ok(())
}
