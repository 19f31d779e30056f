//! Users, their memberships, invitations and the one-time setup link.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::policy::{Principal, Role};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub is_platform_admin: bool,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    /// Whether a second factor is set up (its secret never leaves `db::account`).
    pub second_factor: bool,
    /// Whether they chose to be named on public items.
    pub public_name: bool,
}

const USER_COLS: &str =
    "id, email, display_name, password_hash, is_platform_admin, locale, created_at,
     (totp_enabled_at IS NOT NULL) AS second_factor, public_name";

pub async fn user_by_email(ex: &mut Ex<'_>, email: &str) -> DbResult<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE email = $1");
    fetch!(ex, fetch_optional, User, &sql, email).db()
}

pub async fn user_by_id(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
    fetch!(ex, fetch_optional, User, &sql, id).db()
}

pub async fn count_users(ex: &mut Ex<'_>) -> DbResult<i64> {
    scalar!(ex, fetch_one, i64, "SELECT COUNT(*) FROM users").db()
}

pub async fn create_user(
    ex: &mut Ex<'_>,
    email: &str,
    display_name: &str,
    password_hash: &str,
    platform_admin: bool,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO users (email, display_name, password_hash, is_platform_admin, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        email,
        display_name,
        password_hash,
        platform_admin,
        now
    )
    .db()
}

pub async fn set_public_name(ex: &mut Ex<'_>, user_id: i64, public: bool) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE users SET public_name = $2 WHERE id = $1",
        user_id,
        public
    )
    .db()?;
    Ok(())
}

pub async fn set_locale(ex: &mut Ex<'_>, user_id: i64, locale: &str) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE users SET locale = $2 WHERE id = $1",
        user_id,
        locale
    )
    .db()?;
    Ok(())
}

pub async fn add_membership(
    ex: &mut Ex<'_>,
    user_id: i64,
    zone_id: i64,
    role: Role,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO memberships (user_id, zone_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, zone_id, role) DO NOTHING",
        user_id,
        zone_id,
        role.as_str(),
        now
    )
    .db()?;
    Ok(())
}

pub async fn add_panel_member(
    ex: &mut Ex<'_>,
    panel_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO panel_members (panel_id, user_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (panel_id, user_id) DO NOTHING",
        panel_id,
        user_id,
        now
    )
    .db()?;
    Ok(())
}

/// A role in a zone (`panel_id` NULL) or a place in a panel (`role` NULL).
#[derive(sqlx::FromRow)]
struct StandingRow {
    zone_id: i64,
    role: Option<String>,
    panel_id: Option<i64>,
}

/// Everything the policy needs to know about a user.
pub async fn principal(ex: &mut Ex<'_>, user: &User) -> DbResult<Principal> {
    // One query for both: every request of a logged-in person asks this.
    let rows = fetch!(
        ex,
        fetch_all,
        StandingRow,
        "SELECT zone_id, role, NULL AS panel_id FROM memberships WHERE user_id = $1
         UNION ALL
         SELECT p.zone_id, NULL, pm.panel_id FROM panel_members pm JOIN panels p ON p.id = pm.panel_id WHERE pm.user_id = $1",
        user.id
    )
    .db()?;
    let mut p = Principal {
        user_id: user.id,
        platform_admin: user.is_platform_admin,
        roles: vec![],
        panels: vec![],
    };
    for r in rows {
        match (r.role.as_deref().and_then(Role::parse), r.panel_id) {
            (Some(role), _) => p.roles.push((r.zone_id, role)),
            (None, Some(panel)) => p.panels.push((panel, r.zone_id)),
            _ => {}
        }
    }
    Ok(p)
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct Invitation {
    pub id: i64,
    pub zone_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub panel_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

const INVITE_COLS: &str =
    "id, zone_id, email, display_name, role, panel_id, created_at, expires_at, accepted_at";

#[allow(clippy::too_many_arguments)]
pub async fn create_invitation(
    ex: &mut Ex<'_>,
    zone_id: i64,
    token_hash: &str,
    email: &str,
    display_name: &str,
    role: Role,
    panel_id: Option<i64>,
    invited_by: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO invitations (zone_id, token_hash, email, display_name, role, panel_id, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        zone_id,
        token_hash,
        email,
        display_name,
        role.as_str(),
        panel_id,
        invited_by,
        now,
        expires_at
    )
    .db()
}

/// An invitation that can still be accepted.
pub async fn open_invitation(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Option<Invitation>> {
    let sql = format!(
        "SELECT {INVITE_COLS} FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2"
    );
    fetch!(ex, fetch_optional, Invitation, &sql, token_hash, now).db()
}

/// Marks an invitation used; false when someone else used it first.
pub async fn use_invitation(ex: &mut Ex<'_>, id: i64, now: DateTime<Utc>) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL",
        id,
        now
    )
    .db()?;
    Ok(n == 1)
}

/// Closes the other open invitations for the same address, zone, role and panel: the person
/// has joined, and a second link to the same place must not stay usable.
pub async fn close_duplicate_invitations(
    ex: &mut Ex<'_>,
    inv: &Invitation,
    now: DateTime<Utc>,
) -> DbResult<u64> {
    exec!(
        ex,
        "UPDATE invitations SET accepted_at = $5
         WHERE id <> $1 AND zone_id = $2 AND lower(email) = lower($3) AND role = $4
           AND panel_id IS NOT DISTINCT FROM $6 AND accepted_at IS NULL",
        inv.id,
        inv.zone_id,
        &inv.email,
        &inv.role,
        now,
        inv.panel_id
    )
    .db()
}

pub async fn zone_invitations(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Invitation>> {
    let sql = format!("SELECT {INVITE_COLS} FROM invitations WHERE zone_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200");
    fetch!(ex, fetch_all, Invitation, &sql, zone_id).db()
}

pub async fn create_setup_link(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    // A new link replaces any earlier unused one.
    exec!(
        ex,
        "UPDATE setup_links SET used_at = $1 WHERE used_at IS NULL",
        now
    )
    .db()?;
    exec!(
        ex,
        "INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
        token_hash,
        now,
        expires_at
    )
    .db()?;
    Ok(())
}

pub async fn count_setup_links(ex: &mut Ex<'_>) -> DbResult<i64> {
    scalar!(ex, fetch_one, i64, "SELECT COUNT(*) FROM setup_links").db()
}

/// Uses a setup link; false when it is unknown, used or expired.
pub async fn use_setup_link(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE setup_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        token_hash,
        now
    )
    .db()?;
    Ok(n == 1)
}

pub async fn setup_link_open(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM setup_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        token_hash,
        now
    )
    .db()?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: String,
    /// A council member who chairs the council.
    pub chair: bool,
}

pub async fn zone_members(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Member>> {
    fetch!(
        ex,
        fetch_all,
        Member,
        "SELECT u.id AS user_id, u.display_name, u.email, m.role, m.chair
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.zone_id = $1 ORDER BY u.display_name, m.role",
        zone_id
    )
    .db()
}

/// Makes a council member the chair, or no longer; false when they are no council member.
pub async fn set_chair(ex: &mut Ex<'_>, zone_id: i64, user_id: i64, chair: bool) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE memberships SET chair = $3 WHERE zone_id = $1 AND user_id = $2 AND role = 'council'",
        zone_id,
        user_id,
        chair
    )
    .db()?;
    Ok(n > 0)
}

/// What the world may know of a person on a public item of a zone: their name only if they chose
/// so; otherwise whether they belong to the item's panel or to the zone's side.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Standing {
    pub display_name: String,
    pub public_name: bool,
    pub in_panel: bool,
    pub zone_side: bool,
}

pub async fn standing(
    ex: &mut Ex<'_>,
    user_id: i64,
    zone_id: i64,
    panel_id: i64,
) -> DbResult<Option<Standing>> {
    fetch!(
        ex,
        fetch_optional,
        Standing,
        "SELECT u.display_name, u.public_name,
                EXISTS (SELECT 1 FROM panel_members pm WHERE pm.user_id = u.id AND pm.panel_id = $3) AS in_panel,
                EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.zone_id = $2 AND m.role <> 'citizen') AS zone_side
         FROM users u WHERE u.id = $1",
        user_id,
        zone_id,
        panel_id
    )
    .db()
}
