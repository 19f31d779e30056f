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

/// A live session: not revoked, not past its absolute expiry. Idle expiry is the caller's rule.
pub async fn find_live(
    ex: &mut Ex<'_>,
    token_hash: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<Session>> {
    fetch!(
        ex,
        fetch_optional,
        Session,
        "SELECT id, user_id, kind, created_at, last_seen_at, expires_at FROM sessions
         WHERE token_hash = $1 AND kind = $2 AND revoked_at IS NULL AND expires_at > $3",
        token_hash,
        kind,
        now
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
