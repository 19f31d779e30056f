//! Zones, panels and zone settings.

use crate::app::App;
use crate::db::zones::{self, Panel, Zone};
use crate::domain::policy::{self, PanelKind, Principal};
use crate::domain::reference::{valid_slug, valid_zone_code};
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use serde_json::json;

pub async fn create_zone(app: &App, p: &Principal, code: &str, name: &str) -> AppResult<Zone> {
    policy::create_zone(p)?;
    let mut e = FieldErrors::default();
    let code = code.trim().to_uppercase();
    if !valid_zone_code(&code) {
        e.add("code", "error-zone-code");
    }
    let name = validate::name(&mut e, "name", name);
    e.into_result()?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if zones::by_code(&mut tx.ex(), &code).await?.is_some() {
        return Err(AppError::invalid("code", "error-zone-code-taken"));
    }
    let id = zones::create(&mut tx.ex(), &code, &name, now).await?;
    super::record(
        &mut tx.ex(),
        id,
        "zone",
        id,
        "zone-created",
        Some(p.user_id),
        now,
        json!({"code": code}),
        Some(json!({"name": name})),
    )
    .await?;
    let zone = zones::by_id(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(zone)
}

/// A zone as seen by someone with standing in it.
pub async fn zone_for(app: &App, p: &Principal, code: &str) -> AppResult<Zone> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    if policy::view_zone(p, zone.id).is_err() && policy::manage_zone(p, zone.id).is_err() {
        return Err(AppError::NotFound);
    }
    Ok(zone)
}

/// A zone its administrator may manage.
pub async fn zone_to_manage(app: &App, p: &Principal, code: &str) -> AppResult<Zone> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::manage_zone(p, zone.id)?;
    Ok(zone)
}

pub async fn create_panel(
    app: &App,
    p: &Principal,
    zone_code: &str,
    slug: &str,
    name: &str,
    kind: &str,
) -> AppResult<Panel> {
    let zone = zone_to_manage(app, p, zone_code).await?;
    let mut e = FieldErrors::default();
    let slug = slug.trim().to_lowercase();
    if !valid_slug(&slug) {
        e.add("slug", "error-slug");
    }
    let name = validate::name(&mut e, "name", name);
    let kind = PanelKind::parse(kind.trim());
    if kind.is_none() {
        e.add("kind", "error-panel-kind");
    }
    e.into_result()?;
    let kind = kind.expect("checked");
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if zones::panel_by_slug(&mut tx.ex(), zone.id, &slug)
        .await?
        .is_some()
    {
        return Err(AppError::invalid("slug", "error-slug-taken"));
    }
    let id = zones::create_panel(&mut tx.ex(), zone.id, &slug, &name, kind, now).await?;
    super::record(
        &mut tx.ex(),
        zone.id,
        "zone",
        zone.id,
        "panel-created",
        Some(p.user_id),
        now,
        json!({"panel": id, "slug": slug, "kind": kind.as_str(), "name": name}),
        None,
    )
    .await?;
    let panel = zones::panel_by_id(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(panel)
}

pub struct ZoneSettingsInput {
    pub ack_days: i64,
    pub response_days: i64,
    pub max_response_days: i64,
    /// Days the council has to report back on an advice; unchanged when `None`.
    pub report_days: Option<i64>,
    /// How long closed items' personal data is kept: `None` leaves it unchanged, `Some(None)`
    /// keeps it for ever (the default), `Some(Some(days))` removes it after that many days.
    pub retention_days: Option<Option<i64>>,
}

pub async fn update_settings(
    app: &App,
    p: &Principal,
    zone_code: &str,
    s: ZoneSettingsInput,
) -> AppResult<()> {
    let zone = zone_to_manage(app, p, zone_code).await?;
    let mut e = FieldErrors::default();
    if !(1..=90).contains(&s.ack_days) {
        e.add("ack_days", "error-days-range");
    }
    if !(1..=365).contains(&s.response_days) {
        e.add("response_days", "error-days-range");
    }
    if !(1..=730).contains(&s.max_response_days) || s.max_response_days < s.response_days {
        e.add("max_response_days", "error-max-days");
    }
    let report_days = s.report_days.unwrap_or(zone.report_days);
    if !(1..=365).contains(&report_days) {
        e.add("report_days", "error-days-range");
    }
    let retention_days = s.retention_days.unwrap_or(zone.retention_days);
    if retention_days.is_some_and(|d| !(30..=3650).contains(&d)) {
        e.add("retention_days", "error-retention-range");
    }
    e.into_result()?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    zones::set_report_days(&mut tx.ex(), zone.id, report_days).await?;
    crate::db::privacy::set_retention(&mut tx.ex(), zone.id, retention_days).await?;
    zones::update_settings(
        &mut tx.ex(),
        zone.id,
        s.ack_days,
        s.response_days,
        s.max_response_days,
    )
    .await?;
    super::record(
        &mut tx.ex(),
        zone.id,
        "zone",
        zone.id,
        "settings-changed",
        Some(p.user_id),
        now,
        json!({"ack_days": s.ack_days, "response_days": s.response_days, "max_response_days": s.max_response_days, "report_days": report_days, "retention_days": retention_days}),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One zone someone belongs to, with their roles and panels there.
pub struct Membership {
    pub zone: Zone,
    pub roles: Vec<&'static str>,
    pub panels: Vec<Panel>,
}

pub async fn memberships(app: &App, p: &Principal) -> AppResult<Vec<Membership>> {
    let mut c = app.db.conn().await?;
    let mut out = vec![];
    for zid in p.zone_ids() {
        let Some(zone) = zones::by_id(&mut c.ex(), zid).await? else {
            continue;
        };
        let roles = p
            .roles
            .iter()
            .filter(|(z, _)| *z == zid)
            .map(|(_, r)| r.as_str())
            .collect();
        let panels = zones::panels(&mut c.ex(), zid)
            .await?
            .into_iter()
            .filter(|panel| p.in_panel(panel.id))
            .collect();
        out.push(Membership {
            zone,
            roles,
            panels,
        });
    }
    Ok(out)
}
