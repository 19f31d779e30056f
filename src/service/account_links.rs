//! One-time links mailed to an account: a password reset, or a sign-in link for whoever prefers
//! not to use a password. Both say nothing about whether an address has an account, work once,
//! and using one voids every other open link of the account.

use crate::app::App;
use crate::db::account::{self as links, RESET, SIGN_IN};
use crate::db::notifications::{self as n, NewNotification};
use crate::db::people;
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use crate::service::notify::ACCOUNT;
use crate::service::throttle;
use chrono::Duration;
use serde_json::json;

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 30;
/// How long a sign-in link works.
pub const SIGN_IN_MINUTES: i64 = 15;
/// Links of either kind an account gets per hour: nobody can flood someone's mailbox.
const PER_HOUR: i64 = 3;

/// Throttles the asking itself per client (one person asks once or twice; a script that tries
/// every address of a list gets nowhere), kept in the database like every other throttle.
const ASKS_PER_CLIENT: throttle::Rate = throttle::Rate {
    burst: 5,
    interval: Duration::minutes(1),
};

/// Mails a link when the address belongs to someone; says nothing either way.
async fn request(app: &App, purpose: &str, email: &str, client: &str) -> AppResult<()> {
    let email = email.trim().to_lowercase();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if let Err(wait) = throttle::take(
        &mut tx.ex(),
        &format!("link-client:{client}"),
        ASKS_PER_CLIENT,
        now,
    )
    .await?
    {
        return Err(AppError::TooManyRequests(throttle::seconds(wait)));
    }
    let user = people::user_by_email(&mut tx.ex(), &email).await?;
    let Some(user) = user else {
        tx.commit().await?;
        return Ok(());
    };
    if links::recent_links(&mut tx.ex(), user.id, now - Duration::hours(1)).await? >= PER_HOUR {
        tx.commit().await?;
        return Ok(());
    }
    let (minutes, path_prefix, kind) = if purpose == SIGN_IN {
        (SIGN_IN_MINUTES, "/aanmelden/link", "sign-in-link")
    } else {
        (RESET_MINUTES, "/wachtwoord", "password-reset")
    };
    let token = new_token();
    links::add_link(
        &mut tx.ex(),
        purpose,
        &token_hash(&token),
        user.id,
        now,
        now + Duration::minutes(minutes),
    )
    .await?;
    let path = format!("{path_prefix}/{token}");
    n::insert(
        &mut tx.ex(),
        NewNotification {
            user_id: Some(user.id),
            email: None,
            zone_id: None,
            event_seq: None,
            subject_type: "user",
            subject_id: user.id,
            kind,
            kind_group: ACCOUNT,
            detail: &json!({"minutes": minutes}).to_string(),
            secret_link: Some(&path),
            in_inbox: false,
            email_status: n::PENDING,
            now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(
    name = "account_links::request_password_reset",
    level = "debug",
    skip_all
)]
pub async fn request_password_reset(app: &App, email: &str, client: &str) -> AppResult<()> {
    request(app, RESET, email, client).await
}

#[tracing::instrument(
    name = "account_links::request_sign_in_link",
    level = "debug",
    skip_all
)]
pub async fn request_sign_in_link(app: &App, email: &str, client: &str) -> AppResult<()> {
    request(app, SIGN_IN, email, client).await
}

#[tracing::instrument(name = "account_links::reset_link_open", level = "debug", skip_all)]
pub async fn reset_link_open(app: &App, token: &str) -> AppResult<bool> {
    link_open(app, RESET, token).await
}

#[tracing::instrument(name = "account_links::sign_in_link_open", level = "debug", skip_all)]
pub async fn sign_in_link_open(app: &App, token: &str) -> AppResult<bool> {
    link_open(app, SIGN_IN, token).await
}

async fn link_open(app: &App, purpose: &str, token: &str) -> AppResult<bool> {
    let mut c = app.db.conn().await?;
    Ok(
        links::open_link(&mut c.ex(), purpose, &token_hash(token), app.clock.now())
            .await?
            .is_some(),
    )
}

/// Sets a new password with a reset link. The link works once; every other link of the account
/// and every session end with it.
#[tracing::instrument(name = "account_links::reset_password", level = "debug", skip_all)]
pub async fn reset_password(app: &App, token: &str, password: &str) -> AppResult<i64> {
    let mut e = crate::domain::validate::FieldErrors::default();
    crate::domain::validate::password(&mut e, "password", password);
    e.into_result()?;
    if !reset_link_open(app, token).await? {
        return Err(AppError::NotFound);
    }
    let hash = app
        .passwords
        .hash(password)
        .await
        .map_err(AppError::Internal)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let user_id = links::use_link(&mut tx.ex(), RESET, &token_hash(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    n::set_password_hash(&mut tx.ex(), user_id, &hash).await?;
    n::end_all_sessions(&mut tx.ex(), user_id, now).await?;
    links::log(
        &mut tx.ex(),
        user_id,
        "password-reset",
        Some(user_id),
        &json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Uses a sign-in link: the account it was mailed to. The caller still asks for the second factor
/// when the account has one.
#[tracing::instrument(name = "account_links::use_sign_in_link", level = "debug", skip_all)]
pub async fn use_sign_in_link(app: &App, token: &str) -> AppResult<people::User> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let user_id = links::use_link(&mut tx.ex(), SIGN_IN, &token_hash(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    links::log(
        &mut tx.ex(),
        user_id,
        "sign-in-link-used",
        Some(user_id),
        &json!({}),
        now,
    )
    .await?;
    let user = people::user_by_id(&mut tx.ex(), user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(user)
}
