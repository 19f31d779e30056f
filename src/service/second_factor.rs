//! Setting up, renewing and resetting a person's second factor, and what their account page
//! shows about their ways in (sessions, the account's log).

use crate::app::App;
use crate::db::account::{self as db, AccountEvent, LiveSession};
use crate::db::people;
use crate::domain::policy::Principal;
use crate::domain::second_factor as rules;
use crate::error::{AppError, AppResult};
use crate::secrets::token_hash;
use serde_json::json;

/// What the set-up page shows: the secret to scan or type.
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
}

/// Starts (or continues) setting up a second factor: the same secret until it is confirmed, so a
/// reload does not invalidate what the app already scanned.
#[tracing::instrument(name = "second_factor::begin", level = "debug", skip_all)]
pub async fn begin(app: &App, user: &people::User) -> AppResult<Enrolment> {
    let mut tx = app.db.begin().await?;
    let f = db::second_factor(&mut tx.ex(), user.id).await?;
    if f.totp_enabled_at.is_some() {
        return Err(AppError::Conflict("error-second-factor-exists"));
    }
    let secret = match f.totp_secret {
        Some(s) => s,
        None => {
            let s = rules::new_secret();
            db::set_pending_secret(&mut tx.ex(), user.id, &s).await?;
            s
        }
    };
    tx.commit().await?;
    let issuer = issuer(app);
    Ok(Enrolment {
        otpauth_url: rules::otpauth_url(&secret, &issuer, &user.email),
        secret,
    })
}

/// The name the app shows beside the codes: "Burgerstem" and the server's host.
fn issuer(app: &App) -> String {
    let base = app.base_url();
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    if host.is_empty() || host == "127.0.0.1" || host == "localhost" {
        "Burgerstem".into()
    } else {
        format!("Burgerstem ({host})")
    }
}

/// Confirms the set-up with a first code from the app; returns the recovery codes, shown once.
#[tracing::instrument(name = "second_factor::confirm", level = "debug", skip_all)]
pub async fn confirm(app: &App, user: &people::User, code: &str) -> AppResult<Vec<String>> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let f = db::second_factor(&mut tx.ex(), user.id).await?;
    if f.totp_enabled_at.is_some() {
        return Err(AppError::Conflict("error-second-factor-exists"));
    }
    let secret = f
        .totp_secret
        .ok_or(AppError::Conflict("error-second-factor-none"))?;
    let step = rules::matching_step(&secret, code, now.timestamp())
        .ok_or_else(|| AppError::invalid("code", "error-second-factor-code"))?;
    if !db::enable_second_factor(&mut tx.ex(), user.id, step, now).await? {
        return Err(AppError::Conflict("error-second-factor-exists"));
    }
    let codes = rules::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
    db::replace_recovery_codes(&mut tx.ex(), user.id, &hashes, now).await?;
    db::log(
        &mut tx.ex(),
        user.id,
        "second-factor-enabled",
        Some(user.id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// New recovery codes in place of the old ones (all of which stop working).
#[tracing::instrument(
    name = "second_factor::renew_recovery_codes",
    level = "debug",
    skip_all
)]
pub async fn renew_recovery_codes(app: &App, user: &people::User) -> AppResult<Vec<String>> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if db::second_factor(&mut tx.ex(), user.id)
        .await?
        .totp_enabled_at
        .is_none()
    {
        return Err(AppError::Conflict("error-second-factor-none"));
    }
    let codes = rules::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
    db::replace_recovery_codes(&mut tx.ex(), user.id, &hashes, now).await?;
    db::log(
        &mut tx.ex(),
        user.id,
        "recovery-codes-renewed",
        Some(user.id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Someone turns off their own second factor. Those who must have one cannot; they replace it
/// through a reset by the platform administrator.
#[tracing::instrument(name = "second_factor::remove_own", level = "debug", skip_all)]
pub async fn remove_own(app: &App, user: &people::User, p: &Principal) -> AppResult<()> {
    if super::accounts::must_have_second_factor(app, p) {
        return Err(AppError::Conflict("error-second-factor-required-for-role"));
    }
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    db::remove_second_factor(&mut tx.ex(), user.id).await?;
    db::log(
        &mut tx.ex(),
        user.id,
        "second-factor-removed",
        Some(user.id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A platform administrator resets a lost second factor: it is removed, every session and token
/// of the account ends, and the account's log names who did it. The person sets up a new one at
/// their next sign-in (administrators must).
#[tracing::instrument(name = "second_factor::reset", level = "debug", skip_all)]
pub async fn reset(app: &App, p: &Principal, email: &str) -> AppResult<people::User> {
    if !p.platform_admin {
        return Err(AppError::Forbidden);
    }
    let email = email.trim().to_lowercase();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let user = people::user_by_email(&mut tx.ex(), &email)
        .await?
        .ok_or_else(|| AppError::invalid("email", "error-no-such-account"))?;
    if !user.second_factor {
        return Err(AppError::invalid("email", "error-second-factor-none"));
    }
    if user.id == p.user_id {
        return Err(AppError::invalid("email", "error-second-factor-own-reset"));
    }
    db::remove_second_factor(&mut tx.ex(), user.id).await?;
    crate::db::notifications::end_all_sessions(&mut tx.ex(), user.id, now).await?;
    db::log(
        &mut tx.ex(),
        user.id,
        "second-factor-reset",
        Some(p.user_id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// What the account page shows.
pub struct Overview {
    pub second_factor: bool,
    pub recovery_codes_left: i64,
    pub sessions: Vec<LiveSession>,
    pub events: Vec<AccountEvent>,
}

#[tracing::instrument(name = "second_factor::overview", level = "debug", skip_all)]
pub async fn overview(app: &App, user_id: i64) -> AppResult<Overview> {
    let mut c = app.db.conn().await?;
    let f = db::second_factor(&mut c.ex(), user_id).await?;
    Ok(Overview {
        second_factor: f.totp_enabled_at.is_some(),
        recovery_codes_left: db::recovery_codes_left(&mut c.ex(), user_id).await?,
        sessions: db::live_sessions(&mut c.ex(), user_id, app.clock.now()).await?,
        events: db::events(&mut c.ex(), user_id).await?,
    })
}

/// Ends one of the person's own sessions (another phone, a forgotten computer).
#[tracing::instrument(name = "second_factor::end_session", level = "debug", skip_all)]
pub async fn end_session(app: &App, user_id: i64, session_id: i64) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !db::end_own_session(&mut tx.ex(), user_id, session_id, now).await? {
        return Err(AppError::NotFound);
    }
    db::log(
        &mut tx.ex(),
        user_id,
        "session-ended",
        Some(user_id),
        &json!({"session": session_id}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the person is named on public items (their choice; otherwise the world reads a role).
#[tracing::instrument(name = "second_factor::set_public_name", level = "debug", skip_all)]
pub async fn set_public_name(app: &App, user_id: i64, public: bool) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    people::set_public_name(&mut tx.ex(), user_id, public).await?;
    db::log(
        &mut tx.ex(),
        user_id,
        if public {
            "public-name-on"
        } else {
            "public-name-off"
        },
        Some(user_id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
