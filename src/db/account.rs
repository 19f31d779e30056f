//! An account's ways in: throttles, one-time links (password reset, sign-in), the second factor,
//! recovery codes, the account's own log, and the list of its sessions.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use chrono::{DateTime, Utc};

// ---------------------------------------------------------------------------------------------
// Throttles

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Throttle {
    pub failures: i64,
    pub blocked_until: Option<DateTime<Utc>>,
    pub tat: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Throttle {
    pub fn fresh(now: DateTime<Utc>) -> Throttle {
        Throttle {
            failures: 0,
            blocked_until: None,
            tat: None,
            updated_at: now,
        }
    }
}

/// The throttle row of a key, locked for the rest of the transaction. On PostgreSQL the no-op
/// update takes the row lock, so two instances counting the same key wait for each other; on
/// SQLite the write transaction already holds the only write lock.
pub async fn lock_throttle(
    ex: &mut Ex<'_>,
    key_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Throttle> {
    exec!(
        ex,
        "INSERT INTO throttles (key_hash, failures, updated_at) VALUES ($1, 0, $2)
         ON CONFLICT (key_hash) DO UPDATE SET updated_at = throttles.updated_at",
        key_hash,
        now
    )
    .db()?;
    fetch!(
        ex,
        fetch_one,
        Throttle,
        "SELECT failures, blocked_until, tat, updated_at FROM throttles WHERE key_hash = $1",
        key_hash
    )
    .db()
}

/// A throttle row as it stands, without locking (reads before a decision that writes nothing).
pub async fn throttle(ex: &mut Ex<'_>, key_hash: &str) -> DbResult<Option<Throttle>> {
    fetch!(
        ex,
        fetch_optional,
        Throttle,
        "SELECT failures, blocked_until, tat, updated_at FROM throttles WHERE key_hash = $1",
        key_hash
    )
    .db()
}

pub async fn save_throttle(
    ex: &mut Ex<'_>,
    key_hash: &str,
    t: &Throttle,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE throttles SET failures = $2, blocked_until = $3, tat = $4, updated_at = $5 WHERE key_hash = $1",
        key_hash,
        t.failures,
        t.blocked_until,
        t.tat,
        now
    )
    .db()?;
    Ok(())
}

/// Forgets throttles nobody touched since `before` (the deadline keeper calls this).
pub async fn prune_throttles(ex: &mut Ex<'_>, before: DateTime<Utc>) -> DbResult<u64> {
    exec!(ex, "DELETE FROM throttles WHERE updated_at < $1", before).db()
}

// ---------------------------------------------------------------------------------------------
// One-time links mailed to an account: password reset and sign-in.

pub const RESET: &str = "reset";
pub const SIGN_IN: &str = "sign-in";

pub async fn add_link(
    ex: &mut Ex<'_>,
    purpose: &str,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO password_resets (purpose, token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        purpose,
        token_hash,
        user_id,
        now,
        expires_at
    )
    .db()
}

/// The account of an open link of this purpose.
pub async fn open_link(
    ex: &mut Ex<'_>,
    purpose: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<i64>> {
    scalar!(
        ex,
        fetch_optional,
        i64,
        "SELECT user_id FROM password_resets
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        token_hash,
        purpose,
        now
    )
    .db()
}

/// Uses a link once and voids every other open link of the same account, whatever its purpose:
/// whoever got in through one link must not find a second one still working.
pub async fn use_link(
    ex: &mut Ex<'_>,
    purpose: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<i64>> {
    let user = scalar!(
        ex,
        fetch_optional,
        i64,
        "UPDATE password_resets SET used_at = $3
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
         RETURNING user_id",
        token_hash,
        purpose,
        now
    )
    .db()?;
    if let Some(user_id) = user {
        void_links(ex, user_id, now).await?;
    }
    Ok(user)
}

/// Ends every open one-time link of an account (after any of them was used, or the password
/// changed).
pub async fn void_links(ex: &mut Ex<'_>, user_id: i64, now: DateTime<Utc>) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        user_id,
        now
    )
    .db()
}

/// Links of any purpose asked for an account since `since` (nobody floods an inbox).
pub async fn recent_links(ex: &mut Ex<'_>, user_id: i64, since: DateTime<Utc>) -> DbResult<i64> {
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

// ---------------------------------------------------------------------------------------------
// Second factor

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SecondFactor {
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTime<Utc>>,
    pub totp_last_step: Option<i64>,
}

pub async fn second_factor(ex: &mut Ex<'_>, user_id: i64) -> DbResult<SecondFactor> {
    fetch!(
        ex,
        fetch_one,
        SecondFactor,
        "SELECT totp_secret, totp_enabled_at, totp_last_step FROM users WHERE id = $1",
        user_id
    )
    .db()
}

/// Keeps a secret that is not yet confirmed (enrolment in progress); replaces an earlier one.
pub async fn set_pending_secret(ex: &mut Ex<'_>, user_id: i64, secret: &str) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL",
        user_id,
        secret
    )
    .db()?;
    Ok(())
}

pub async fn enable_second_factor(
    ex: &mut Ex<'_>,
    user_id: i64,
    step: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE users SET totp_enabled_at = $2, totp_last_step = $3
         WHERE id = $1 AND totp_enabled_at IS NULL AND totp_secret IS NOT NULL",
        user_id,
        now,
        step
    )
    .db()?;
    Ok(n == 1)
}

/// Accepts a code's time step once: false when this step (or a later one) was used already.
pub async fn take_step(ex: &mut Ex<'_>, user_id: i64, step: i64) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE users SET totp_last_step = $2
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
        user_id,
        step
    )
    .db()?;
    Ok(n == 1)
}

pub async fn remove_second_factor(ex: &mut Ex<'_>, user_id: i64) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1",
        user_id
    )
    .db()?;
    exec!(ex, "DELETE FROM recovery_codes WHERE user_id = $1", user_id).db()?;
    Ok(())
}

pub async fn replace_recovery_codes(
    ex: &mut Ex<'_>,
    user_id: i64,
    hashes: &[String],
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(ex, "DELETE FROM recovery_codes WHERE user_id = $1", user_id).db()?;
    for h in hashes {
        exec!(
            ex,
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            user_id,
            h,
            now
        )
        .db()?;
    }
    Ok(())
}

/// Uses a recovery code once; false when unknown or used.
pub async fn use_recovery_code(
    ex: &mut Ex<'_>,
    user_id: i64,
    code_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        user_id,
        code_hash,
        now
    )
    .db()?;
    Ok(n == 1)
}

pub async fn recovery_codes_left(ex: &mut Ex<'_>, user_id: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        user_id
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// The account's log

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct AccountEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub detail: String,
}

pub async fn log(
    ex: &mut Ex<'_>,
    user_id: i64,
    kind: &str,
    actor_id: Option<i64>,
    detail: &serde_json::Value,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO account_events (user_id, at, kind, actor_id, detail) VALUES ($1, $2, $3, $4, $5)",
        user_id,
        now,
        kind,
        actor_id,
        detail.to_string()
    )
    .db()?;
    Ok(())
}

pub async fn events(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Vec<AccountEvent>> {
    fetch!(
        ex,
        fetch_all,
        AccountEvent,
        "SELECT e.id, e.at, e.kind, e.actor_id, a.display_name AS actor_name, e.detail
         FROM account_events e LEFT JOIN users a ON a.id = e.actor_id
         WHERE e.user_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT 100",
        user_id
    )
    .db()
}

// ---------------------------------------------------------------------------------------------
// Sessions of an account

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct LiveSession {
    pub id: i64,
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
}

pub async fn live_sessions(
    ex: &mut Ex<'_>,
    user_id: i64,
    now: DateTime<Utc>,
) -> DbResult<Vec<LiveSession>> {
    fetch!(
        ex,
        fetch_all,
        LiveSession,
        "SELECT id, kind, created_at, last_seen_at, expires_at, user_agent FROM sessions
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY last_seen_at DESC, id DESC",
        user_id,
        now
    )
    .db()
}

/// Ends one session of this account; false when it is not theirs or already ended.
pub async fn end_own_session(
    ex: &mut Ex<'_>,
    user_id: i64,
    session_id: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE sessions SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL",
        user_id,
        session_id,
        now
    )
    .db()?;
    Ok(n == 1)
}
