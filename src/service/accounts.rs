//! Logging in, sessions, the first administrator, invitations.

use crate::app::App;
use crate::db::{people, sessions, zones};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use chrono::Duration;
use serde_json::json;

pub const WEB: &str = "web";
pub const API: &str = "api";

/// Checks credentials. The same error whether the email is unknown or the password wrong.
pub async fn login(
    app: &App,
    email: &str,
    password: &str,
    client: &str,
) -> AppResult<people::User> {
    let email = email.trim().to_lowercase();
    if app
        .limits
        .login_per_client
        .check_key(&client.to_string())
        .is_err()
        || app.limits.login_per_account.check_key(&email).is_err()
    {
        return Err(AppError::TooManyRequests);
    }
    let mut c = app.db.conn().await?;
    let user = people::user_by_email(&mut c.ex(), &email).await?;
    drop(c);
    let ok = app
        .passwords
        .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await;
    match user {
        Some(u) if ok => Ok(u),
        _ => Err(AppError::Unauthorized("error-login")),
    }
}

/// Starts a session (web) or issues a token (API); returns the secret for the client.
pub async fn start_session(app: &App, user_id: i64, kind: &str) -> AppResult<String> {
    let token = new_token();
    let now = app.clock.now();
    let expires = if kind == API {
        now + Duration::days(app.settings.api_token_days)
    } else {
        now + Duration::hours(app.settings.session_absolute_hours)
    };
    let mut tx = app.db.begin().await?;
    sessions::create(
        &mut tx.ex(),
        &token_hash(&token),
        user_id,
        kind,
        now,
        expires,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Who is behind a live session secret.
pub struct Resumed {
    pub user: people::User,
    pub principal: Principal,
    pub session_id: i64,
    /// Unread messages in the inbox (web sessions only: every page shows the count).
    pub unread: i64,
}

/// The user behind a session secret, if it is live. Web sessions also end after being idle.
pub async fn resume(app: &App, token: &str, kind: &str) -> AppResult<Option<Resumed>> {
    let now = app.clock.now();
    let mut c = app.db.conn().await?;
    let Some(s) = sessions::find_live(&mut c.ex(), &token_hash(token), kind, now).await? else {
        return Ok(None);
    };
    if kind == WEB && now - s.last_seen_at > Duration::minutes(app.settings.session_idle_minutes) {
        return Ok(None);
    }
    let Some(user) = people::user_by_id(&mut c.ex(), s.user_id).await? else {
        return Ok(None);
    };
    let principal = people::principal(&mut c.ex(), &user).await?;
    let unread = if kind == WEB {
        crate::db::notifications::unread_count(&mut c.ex(), user.id).await?
    } else {
        0
    };
    drop(c);
    // Writing last-seen on every request would make every read a write; once a minute is enough
    // for an idle timeout counted in tens of minutes.
    if now - s.last_seen_at > Duration::seconds(60) {
        let touched: AppResult<()> = async {
            let mut tx = app.db.begin().await?;
            sessions::touch(&mut tx.ex(), s.id, now).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        match touched {
            // A database that cannot take writes (full disk, read-only) must not turn every
            // read into an error: the session stays valid, only its idle clock stands still.
            Err(AppError::Unavailable(e)) => {
                tracing::warn!("could not note the session as seen: {e}")
            }
            other => other?,
        }
    }
    Ok(Some(Resumed {
        user,
        principal,
        session_id: s.id,
        unread,
    }))
}

pub async fn end_session(app: &App, session_id: i64) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    sessions::revoke(&mut tx.ex(), session_id, app.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// On an empty installation, a one-time link to create the first platform administrator.
/// Returns the token when a new link was made.
pub async fn first_start_link(app: &App) -> AppResult<Option<String>> {
    let mut c = app.db.conn().await?;
    let users = people::count_users(&mut c.ex()).await?;
    let links = people::count_setup_links(&mut c.ex()).await?;
    drop(c);
    if users > 0 || links > 0 {
        return Ok(None);
    }
    new_setup_link(app).await.map(Some)
}

/// A fresh setup link (invalidating earlier ones), for `burgerstem admin setup-link`.
pub async fn new_setup_link(app: &App) -> AppResult<String> {
    let token = new_token();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    people::create_setup_link(
        &mut tx.ex(),
        &token_hash(&token),
        now,
        now + Duration::days(7),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn setup_link_open(app: &App, token: &str) -> AppResult<bool> {
    let mut c = app.db.conn().await?;
    Ok(people::setup_link_open(&mut c.ex(), &token_hash(token), app.clock.now()).await?)
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
}

fn check_account(a: &NewAccount<'_>) -> Result<(String, String), FieldErrors> {
    let mut e = FieldErrors::default();
    let email = validate::email(&mut e, "email", a.email);
    let name = validate::required(&mut e, "name", a.name, validate::MAX_NAME);
    validate::password(&mut e, "password", a.password);
    e.into_result().map(|_| (email, name))
}

/// Uses the setup link to create the first platform administrator.
pub async fn complete_setup(app: &App, token: &str, a: NewAccount<'_>) -> AppResult<i64> {
    let (email, name) = check_account(&a)?;
    let hash = app
        .passwords
        .hash(a.password)
        .await
        .map_err(AppError::Internal)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !people::use_setup_link(&mut tx.ex(), &token_hash(token), now).await? {
        return Err(AppError::NotFound);
    }
    let id = people::create_user(&mut tx.ex(), &email, &name, &hash, true, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a user from the command line (`burgerstem admin create-user`).
pub async fn create_user(app: &App, a: NewAccount<'_>, platform_admin: bool) -> AppResult<i64> {
    let (email, name) = check_account(&a)?;
    let hash = app
        .passwords
        .hash(a.password)
        .await
        .map_err(AppError::Internal)?;
    let mut tx = app.db.begin().await?;
    let id = people::create_user(
        &mut tx.ex(),
        &email,
        &name,
        &hash,
        platform_admin,
        app.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub struct InvitationInput<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub panel: Option<&'a str>,
}

pub struct IssuedInvitation {
    pub id: i64,
    pub token: String,
    pub accept_path: String,
}

/// A zone administrator invites someone with a role (and for citizens, a panel).
pub async fn invite(
    app: &App,
    p: &Principal,
    zone_code: &str,
    input: InvitationInput<'_>,
) -> AppResult<IssuedInvitation> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::manage_zone(p, zone.id)?;
    let mut e = FieldErrors::default();
    let email = validate::email(&mut e, "email", input.email);
    let name = validate::required(&mut e, "name", input.name, validate::MAX_NAME);
    let role = Role::parse(input.role);
    if role.is_none() {
        e.add("role", "error-role");
    }
    let panel_slug = input.panel.map(str::trim).filter(|s| !s.is_empty());
    let panel = match panel_slug {
        Some(slug) => {
            let found = zones::panel_by_slug(&mut c.ex(), zone.id, slug).await?;
            if found.is_none() {
                e.add("panel", "error-panel");
            }
            found
        }
        None => None,
    };
    if role == Some(Role::Citizen) && panel.is_none() {
        e.add("panel", "error-panel-required");
    }
    drop(c);
    e.into_result()?;
    let role = role.expect("checked");
    let token = new_token();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let id = people::create_invitation(
        &mut tx.ex(),
        zone.id,
        &token_hash(&token),
        &email,
        &name,
        role,
        panel.as_ref().map(|p| p.id),
        p.user_id,
        now,
        now + Duration::days(app.settings.invitation_days),
    )
    .await?;
    super::record(
        &mut tx.ex(),
        zone.id,
        "zone",
        zone.id,
        "invitation-created",
        Some(p.user_id),
        now,
        json!({"invitation": id, "role": role.as_str(), "panel": panel.as_ref().map(|p| p.id)}),
        Some(json!({"email": email, "name": name})),
    )
    .await?;
    // The invitation mail goes through the outbox, in this same transaction.
    let accept_path = format!("/invitations/{token}");
    super::notify::invitation(&mut tx.ex(), zone.id, id, &email, &accept_path, now).await?;
    tx.commit().await?;
    Ok(IssuedInvitation {
        id,
        accept_path: format!("/invitations/{token}"),
        token,
    })
}

pub async fn open_invitation(app: &App, token: &str) -> AppResult<people::Invitation> {
    let mut c = app.db.conn().await?;
    people::open_invitation(&mut c.ex(), &token_hash(token), app.clock.now())
        .await?
        .ok_or(AppError::NotFound)
}

/// Accepts an invitation. A new person chooses a password; someone who already has an account
/// proves it with theirs. Returns the user id.
pub async fn accept_invitation(app: &App, token: &str, password: &str) -> AppResult<i64> {
    let inv = open_invitation(app, token).await?;
    let mut c = app.db.conn().await?;
    let existing = people::user_by_email(&mut c.ex(), &inv.email).await?;
    drop(c);
    let new_hash = match &existing {
        Some(u) => {
            if !app.passwords.verify(password, Some(&u.password_hash)).await {
                return Err(AppError::invalid("password", "error-existing-password"));
            }
            None
        }
        None => {
            let mut e = FieldErrors::default();
            validate::password(&mut e, "password", password);
            e.into_result()?;
            Some(
                app.passwords
                    .hash(password)
                    .await
                    .map_err(AppError::Internal)?,
            )
        }
    };
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !people::use_invitation(&mut tx.ex(), inv.id, now).await? {
        return Err(AppError::NotFound);
    }
    let user_id = match (existing, new_hash) {
        (Some(u), _) => u.id,
        (None, Some(h)) => {
            people::create_user(&mut tx.ex(), &inv.email, &inv.display_name, &h, false, now).await?
        }
        (None, None) => unreachable!("a new account always has a hash"),
    };
    let role = Role::parse(&inv.role).ok_or(AppError::Internal("stored role".into()))?;
    people::add_membership(&mut tx.ex(), user_id, inv.zone_id, role, now).await?;
    if let Some(panel) = inv.panel_id {
        people::add_panel_member(&mut tx.ex(), panel, user_id, now).await?;
        // A citizen is a citizen of the zone too, whatever role the invitation named.
        people::add_membership(&mut tx.ex(), user_id, inv.zone_id, Role::Citizen, now).await?;
    }
    super::consultations::joined_through_invitation(
        &mut tx.ex(),
        inv.id,
        inv.zone_id,
        inv.panel_id,
        user_id,
        now,
    )
    .await?;
    super::record(
        &mut tx.ex(),
        inv.zone_id,
        "zone",
        inv.zone_id,
        "member-joined",
        Some(user_id),
        now,
        json!({"invitation": inv.id, "role": role.as_str(), "panel": inv.panel_id}),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
