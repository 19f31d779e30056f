//! Logging in, sessions, the first administrator, invitations.

use super::Recorded;
use crate::app::App;
use crate::db::{account, people, sessions, zones};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::second_factor;
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use crate::service::throttle;
use chrono::Duration;
use serde_json::json;

pub const WEB: &str = "web";
pub const API: &str = "api";

/// Where a sign-in attempt comes from: the client's address, and the device it signed in from
/// before (a private cookie holding that account's id), if any.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo<'a> {
    pub client: &'a str,
    /// (user id, device secret) from the device cookie.
    pub device: Option<(i64, &'a str)>,
    pub user_agent: Option<&'a str>,
}

/// The throttle keys of a password or code check for `user`: the address (or, on a device this
/// account signed in from before, that device, so that someone guessing elsewhere never locks
/// the owner out), and the client address, shared with everyone behind it.
fn attempt_keys(
    kind: &str,
    subject: &str,
    user: Option<i64>,
    from: &ClientInfo<'_>,
) -> (String, String) {
    let own = match from.device {
        Some((id, secret)) if Some(id) == user => format!("{kind}-device:{secret}"),
        _ => format!("{kind}-address:{subject}"),
    };
    (own, format!("{kind}-client:{}", from.client))
}

/// Counts one try of a password or code check, or says how long to wait.
async fn count_try(app: &App, own: &str, client: &str) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let keys = [
        throttle::Attempt {
            key: own,
            policy: throttle::Failures::ACCOUNT,
        },
        throttle::Attempt {
            key: client,
            policy: throttle::Failures::CLIENT,
        },
    ];
    let verdict = throttle::begin_attempt(&mut tx.ex(), &keys, now).await?;
    tx.commit().await?;
    verdict.map_err(|wait| AppError::TooManyRequests(throttle::seconds(wait)))
}

/// The try succeeded: the person's own key starts from zero, the shared one gets its try back.
async fn tried_well(app: &App, own: &str, client: &str) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    throttle::succeeded(&mut tx.ex(), &[own], &[client], app.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks credentials. The same error whether the email is unknown or the password wrong. Every
/// try is counted before the password is checked (per address or known device, and per client),
/// and a run of failures makes the next try wait longer; it never locks the owner out for good:
/// their known device is counted apart, and a sign-in link always works.
#[tracing::instrument(name = "accounts::login", level = "debug", skip_all)]
pub async fn login(
    app: &App,
    email: &str,
    password: &str,
    from: &ClientInfo<'_>,
) -> AppResult<people::User> {
    let email = email.trim().to_lowercase();
    let mut c = app.db.conn().await?;
    let user = people::user_by_email(&mut c.ex(), &email).await?;
    drop(c);
    let (own, client) = attempt_keys("login", &email, user.as_ref().map(|u| u.id), from);
    count_try(app, &own, &client).await?;
    let ok = app
        .passwords
        .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await;
    match user {
        Some(u) if ok => {
            tried_well(app, &own, &client).await?;
            Ok(u)
        }
        _ => Err(AppError::Unauthorized("error-login")),
    }
}

/// Checks a second-factor code (six digits from the app) or a recovery code, with the same
/// throttling as a password. A code works once.
#[tracing::instrument(name = "accounts::check_second_factor", level = "debug", skip_all)]
pub async fn check_second_factor(
    app: &App,
    user: &people::User,
    code: &str,
    from: &ClientInfo<'_>,
) -> AppResult<()> {
    let (own, client) = attempt_keys("second-factor", &user.id.to_string(), Some(user.id), from);
    count_try(app, &own, &client).await?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let f = account::second_factor(&mut tx.ex(), user.id).await?;
    let secret = match (&f.totp_secret, f.totp_enabled_at) {
        (Some(s), Some(_)) => s.clone(),
        _ => return Err(AppError::Conflict("error-second-factor-none")),
    };
    let accepted = if let Some(step) = second_factor::matching_step(&secret, code, now.timestamp())
    {
        account::take_step(&mut tx.ex(), user.id, step).await?
    } else if let Some(rc) = second_factor::normalise_recovery_code(code) {
        let used = account::use_recovery_code(&mut tx.ex(), user.id, &token_hash(&rc), now).await?;
        if used {
            let left = account::recovery_codes_left(&mut tx.ex(), user.id).await?;
            account::log(
                &mut tx.ex(),
                user.id,
                "recovery-code-used",
                Some(user.id),
                &json!({"left": left}),
                now,
            )
            .await?;
        }
        used
    } else {
        false
    };
    if !accepted {
        return Err(AppError::invalid("code", "error-second-factor-code"));
    }
    tx.commit().await?;
    tried_well(app, &own, &client).await
}

/// Whether this account has a second factor.
#[tracing::instrument(name = "accounts::has_second_factor", level = "debug", skip_all)]
pub async fn has_second_factor(app: &App, user_id: i64) -> AppResult<bool> {
    let mut c = app.db.conn().await?;
    Ok(account::second_factor(&mut c.ex(), user_id)
        .await?
        .totp_enabled_at
        .is_some())
}

/// Whether this person must have a second factor before doing anything else: platform and zone
/// administrators can see and change a whole zone (when the installation requires it).
pub fn must_have_second_factor(app: &App, p: &Principal) -> bool {
    app.settings.require_second_factor
        && (p.platform_admin || p.roles.iter().any(|&(_, r)| r == Role::Admin))
}

/// Starts a session (web) or issues a token (API); returns the secret for the client.
#[tracing::instrument(name = "accounts::start_session", level = "debug", skip_all)]
pub async fn start_session(app: &App, user_id: i64, kind: &str) -> AppResult<String> {
    start_session_from(app, user_id, kind, None).await
}

/// As [`start_session`], noting the browser or program (shown on the person's account page).
#[tracing::instrument(name = "accounts::start_session_from", level = "debug", skip_all)]
pub async fn start_session_from(
    app: &App,
    user_id: i64,
    kind: &str,
    user_agent: Option<&str>,
) -> AppResult<String> {
    let token = new_token();
    let now = app.clock.now();
    let expires = if kind == API {
        now + Duration::days(app.settings.api_token_days)
    } else {
        now + Duration::hours(app.settings.session_absolute_hours)
    };
    let agent: Option<String> =
        user_agent.map(|a| a.chars().filter(|c| !c.is_control()).take(300).collect());
    let mut tx = app.db.begin().await?;
    sessions::create(
        &mut tx.ex(),
        &token_hash(&token),
        user_id,
        kind,
        now,
        expires,
        agent.as_deref(),
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
#[tracing::instrument(name = "accounts::resume", level = "debug", skip_all)]
pub async fn resume(app: &App, token: &str, kind: &str) -> AppResult<Option<Resumed>> {
    let now = app.clock.now();
    let mut c = app.db.conn().await?;
    let Some(s) = sessions::resume(&mut c.ex(), &token_hash(token), kind, now, kind == WEB).await?
    else {
        return Ok(None);
    };
    if kind == WEB && now - s.session_seen_at > Duration::minutes(app.settings.session_idle_minutes)
    {
        return Ok(None);
    }
    let principal = s.principal();
    drop(c);
    // Writing last-seen on every request would make every read a write; once a minute is enough
    // for an idle timeout counted in tens of minutes.
    if now - s.session_seen_at > Duration::seconds(60) {
        let touched: AppResult<()> = async {
            let mut tx = app.db.begin().await?;
            sessions::touch(&mut tx.ex(), s.session_id, now).await?;
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
        user: s.user,
        principal,
        session_id: s.session_id,
        unread: s.unread,
    }))
}

#[tracing::instrument(name = "accounts::end_session", level = "debug", skip_all)]
pub async fn end_session(app: &App, session_id: i64) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    sessions::revoke(&mut tx.ex(), session_id, app.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// On an empty installation, a one-time link to create the first platform administrator.
/// Returns the token when a new link was made.
#[tracing::instrument(name = "accounts::first_start_link", level = "debug", skip_all)]
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
#[tracing::instrument(name = "accounts::new_setup_link", level = "debug", skip_all)]
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

#[tracing::instrument(name = "accounts::setup_link_open", level = "debug", skip_all)]
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
    let name = validate::name(&mut e, "name", a.name);
    validate::password(&mut e, "password", a.password);
    e.into_result().map(|_| (email, name))
}

/// Uses the setup link to create the first platform administrator.
#[tracing::instrument(name = "accounts::complete_setup", level = "debug", skip_all)]
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
#[tracing::instrument(name = "accounts::create_user", level = "debug", skip_all)]
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
#[tracing::instrument(name = "accounts::invite", level = "debug", skip_all)]
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
    let name = validate::name(&mut e, "name", input.name);
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
Recorded {
zone_id: zone.id,
subject: Subject::Zone(zone.id),
kind: EventKind::InvitationCreated,
actor: Some(p.user_id),
at: now,
data: json!({"invitation": id, "role": role.as_str(), "panel": panel.as_ref().map(|p| p.id)}),
personal: Some(json!({"email": email, "name": name})),
},
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

#[tracing::instrument(name = "accounts::open_invitation", level = "debug", skip_all)]
pub async fn open_invitation(app: &App, token: &str) -> AppResult<people::Invitation> {
    let mut c = app.db.conn().await?;
    people::open_invitation(&mut c.ex(), &token_hash(token), app.clock.now())
        .await?
        .ok_or(AppError::NotFound)
}

/// Someone new accepts an invitation by choosing a password. An address that already has an
/// account is never joined this way and no password of it is ever checked here (whoever holds the
/// link, such as the inviter, must not be able to try the owner's password): its owner signs in
/// and accepts with [`accept_invitation_as`].
#[tracing::instrument(name = "accounts::accept_invitation", level = "debug", skip_all)]
pub async fn accept_invitation(app: &App, token: &str, password: &str) -> AppResult<i64> {
    let inv = open_invitation(app, token).await?;
    let mut c = app.db.conn().await?;
    let existing = people::user_by_email(&mut c.ex(), &inv.email).await?;
    drop(c);
    if existing.is_some() {
        return Err(AppError::Conflict("error-invitation-sign-in-first"));
    }
    let mut e = FieldErrors::default();
    validate::password(&mut e, "password", password);
    e.into_result()?;
    let hash = app
        .passwords
        .hash(password)
        .await
        .map_err(AppError::Internal)?;
    join(app, &inv, Joiner::New(hash)).await
}

/// The signed-in owner of the invited address accepts it.
#[tracing::instrument(name = "accounts::accept_invitation_as", level = "debug", skip_all)]
pub async fn accept_invitation_as(app: &App, token: &str, user: &people::User) -> AppResult<i64> {
    let inv = open_invitation(app, token).await?;
    if !user.email.eq_ignore_ascii_case(&inv.email) {
        return Err(AppError::Conflict("error-invitation-other-account"));
    }
    join(app, &inv, Joiner::Existing(user.id)).await
}

enum Joiner {
    New(String),
    Existing(i64),
}

async fn join(app: &App, inv: &people::Invitation, who: Joiner) -> AppResult<i64> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !people::use_invitation(&mut tx.ex(), inv.id, now).await? {
        return Err(AppError::NotFound);
    }
    let user_id = match who {
        Joiner::Existing(id) => id,
        Joiner::New(hash) => {
            people::create_user(
                &mut tx.ex(),
                &inv.email,
                &inv.display_name,
                &hash,
                false,
                now,
            )
            .await?
        }
    };
    // The same invitation sent twice (a reminder, a typo corrected) is answered by this one.
    people::close_duplicate_invitations(&mut tx.ex(), inv, now).await?;
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
        Recorded {
            zone_id: inv.zone_id,
            subject: Subject::Zone(inv.zone_id),
            kind: EventKind::MemberJoined,
            actor: Some(user_id),
            at: now,
            data: json!({"invitation": inv.id, "role": role.as_str(), "panel": inv.panel_id}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
