//! Zones and their panels.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::policy::PanelKind;
use crate::domain::working_days::{Calendar, DayKind};
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct Zone {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub ack_days: i64,
    pub response_days: i64,
    pub max_response_days: i64,
    pub closure_days: i64,
    pub report_days: i64,
    /// Days a closed item's personal data is kept; `None` keeps it.
    pub retention_days: Option<i64>,
    pub chain_seq: i64,
    pub chain_head: String,
    pub created_at: DateTime<Utc>,
    /// `calendar` or `working`: how the zone counts the days of its deadlines.
    pub day_kind: String,
    pub reminder_days: i64,
    pub very_overdue_days: i64,
}

const ZONE_COLS: &str =
    "id, code, name, ack_days, response_days, max_response_days, closure_days, report_days, retention_days, chain_seq, chain_head, created_at, day_kind, reminder_days, very_overdue_days";

/// A closing day of a zone (its own, beside the public holidays).
#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct ClosingDay {
    pub day: chrono::NaiveDate,
    pub label: String,
}

pub async fn closing_days(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<ClosingDay>> {
    fetch!(
        ex,
        fetch_all,
        ClosingDay,
        "SELECT day, label FROM zone_closing_days WHERE zone_id = $1 ORDER BY day",
        zone_id
    )
    .db()
}

pub async fn add_closing_day(
    ex: &mut Ex<'_>,
    zone_id: i64,
    day: chrono::NaiveDate,
    label: &str,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "INSERT INTO zone_closing_days (zone_id, day, label) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        zone_id,
        day,
        label
    )
    .db()?;
    Ok(n == 1)
}

pub async fn remove_closing_day(
    ex: &mut Ex<'_>,
    zone_id: i64,
    day: chrono::NaiveDate,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "DELETE FROM zone_closing_days WHERE zone_id = $1 AND day = $2",
        zone_id,
        day
    )
    .db()?;
    Ok(n == 1)
}

/// How a zone counts the days of its deadlines, with its own closing days.
pub async fn calendar(ex: &mut Ex<'_>, zone: &Zone) -> DbResult<Calendar> {
    Ok(Calendar {
        kind: DayKind::parse(&zone.day_kind).unwrap_or(DayKind::Calendar),
        closing_days: closing_days(ex, zone.id)
            .await?
            .into_iter()
            .map(|c| c.day)
            .collect(),
    })
}

pub async fn set_deadline_rules(
    ex: &mut Ex<'_>,
    id: i64,
    kind: DayKind,
    reminder_days: i64,
    very_overdue_days: i64,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE zones SET day_kind = $2, reminder_days = $3, very_overdue_days = $4 WHERE id = $1",
        id,
        kind.as_str(),
        reminder_days,
        very_overdue_days
    )
    .db()?;
    Ok(())
}

pub async fn create(ex: &mut Ex<'_>, code: &str, name: &str, now: DateTime<Utc>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO zones (code, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        code,
        name,
        now
    )
    .db()
}

pub async fn by_code(ex: &mut Ex<'_>, code: &str) -> DbResult<Option<Zone>> {
    let sql = format!("SELECT {ZONE_COLS} FROM zones WHERE code = $1");
    fetch!(ex, fetch_optional, Zone, &sql, code.to_uppercase()).db()
}

/// The length of the zone's hash chain: a version of everything the zone shows (`crate::memo`).
pub async fn version(ex: &mut Ex<'_>, id: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT chain_seq FROM zones WHERE id = $1",
        id
    )
    .db()
}

pub async fn by_id(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Zone>> {
    let sql = format!("SELECT {ZONE_COLS} FROM zones WHERE id = $1");
    fetch!(ex, fetch_optional, Zone, &sql, id).db()
}

pub async fn all(ex: &mut Ex<'_>) -> DbResult<Vec<Zone>> {
    let sql = format!("SELECT {ZONE_COLS} FROM zones ORDER BY code");
    fetch!(ex, fetch_all, Zone, &sql).db()
}

pub async fn set_report_days(ex: &mut Ex<'_>, id: i64, days: i64) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE zones SET report_days = $2 WHERE id = $1",
        id,
        days
    )
    .db()?;
    Ok(())
}

pub async fn update_settings(
    ex: &mut Ex<'_>,
    id: i64,
    ack_days: i64,
    response_days: i64,
    max_response_days: i64,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE zones SET ack_days = $2, response_days = $3, max_response_days = $4 WHERE id = $1",
        id,
        ack_days,
        response_days,
        max_response_days
    )
    .db()?;
    Ok(())
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct Panel {
    pub id: i64,
    pub zone_id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
}

pub async fn create_panel(
    ex: &mut Ex<'_>,
    zone_id: i64,
    slug: &str,
    name: &str,
    kind: PanelKind,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO panels (zone_id, slug, name, kind, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        zone_id,
        slug,
        name,
        kind.as_str(),
        now
    )
    .db()
}

pub async fn panels(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Panel>> {
    fetch!(
        ex,
        fetch_all,
        Panel,
        "SELECT id, zone_id, slug, name, kind, created_at FROM panels WHERE zone_id = $1 ORDER BY name",
        zone_id
    )
    .db()
}

pub async fn panel_by_slug(ex: &mut Ex<'_>, zone_id: i64, slug: &str) -> DbResult<Option<Panel>> {
    fetch!(
        ex,
        fetch_optional,
        Panel,
        "SELECT id, zone_id, slug, name, kind, created_at FROM panels WHERE zone_id = $1 AND slug = $2",
        zone_id,
        slug
    )
    .db()
}

pub async fn panel_by_id(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Panel>> {
    fetch!(
        ex,
        fetch_optional,
        Panel,
        "SELECT id, zone_id, slug, name, kind, created_at FROM panels WHERE id = $1",
        id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct PanelMember {
    pub user_id: i64,
    pub display_name: String,
}

pub async fn panel_members(ex: &mut Ex<'_>, panel_id: i64) -> DbResult<Vec<PanelMember>> {
    fetch!(
        ex,
        fetch_all,
        PanelMember,
        "SELECT u.id AS user_id, u.display_name FROM panel_members pm JOIN users u ON u.id = pm.user_id
         WHERE pm.panel_id = $1 ORDER BY u.display_name",
        panel_id
    )
    .db()
}
