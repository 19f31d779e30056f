//! Zones, panels and zone settings.

use super::Recorded;
use crate::app::App;
use crate::db::zones::{self, Panel, Zone};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::{self, PanelKind, Principal};
use crate::domain::reference::{valid_slug, valid_zone_code};
use crate::domain::validate::{self, FieldErrors};
use crate::domain::working_days::DayKind;
use crate::error::{AppError, AppResult};
use serde_json::json;

#[tracing::instrument(name = "zones::create_zone", level = "debug", skip_all)]
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
        Recorded {
            zone_id: id,
            subject: Subject::Zone(id),
            kind: EventKind::ZoneCreated,
            actor: Some(p.user_id),
            at: now,
            data: json!({"code": code}),
            personal: Some(json!({"name": name})),
        },
    )
    .await?;
    let zone = zones::by_id(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(zone)
}

/// A zone by its code (404 when there is none). That a zone exists, its name and its public
/// pages are for anyone; what else it shows is for callers to decide.
#[tracing::instrument(name = "zones::named", level = "debug", skip_all)]
pub async fn named(app: &App, code: &str) -> AppResult<Zone> {
    let mut c = app.db.conn().await?;
    zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)
}

/// A zone as seen by someone with standing in it.
#[tracing::instrument(name = "zones::zone_for", level = "debug", skip_all)]
pub async fn zone_for(app: &App, p: &Principal, code: &str) -> AppResult<Zone> {
    let zone = named(app, code).await?;
    if policy::view_zone(p, zone.id).is_err() && policy::manage_zone(p, zone.id).is_err() {
        return Err(AppError::NotFound);
    }
    Ok(zone)
}

/// A zone its administrator may manage.
#[tracing::instrument(name = "zones::zone_to_manage", level = "debug", skip_all)]
pub async fn zone_to_manage(app: &App, p: &Principal, code: &str) -> AppResult<Zone> {
    let zone = named(app, code).await?;
    policy::manage_zone(p, zone.id)?;
    Ok(zone)
}

#[tracing::instrument(name = "zones::create_panel", level = "debug", skip_all)]
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
        Recorded {
            zone_id: zone.id,
            subject: Subject::Zone(zone.id),
            kind: EventKind::PanelCreated,
            actor: Some(p.user_id),
            at: now,
            data: json!({"panel": id, "slug": slug, "kind": kind.as_str(), "name": name}),
            personal: None,
        },
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
    /// `calendar` or `working`; unchanged when `None`.
    pub day_kind: Option<String>,
    /// Days before a deadline that a reminder goes out; unchanged when `None`.
    pub reminder_days: Option<i64>,
    /// Days late after which an item is very overdue; unchanged when `None`.
    pub very_overdue_days: Option<i64>,
}

#[tracing::instrument(name = "zones::update_settings", level = "debug", skip_all)]
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
    let day_kind = match s.day_kind.as_deref() {
        None => DayKind::parse(&zone.day_kind).unwrap_or(DayKind::Calendar),
        Some(k) => DayKind::parse(k).unwrap_or_else(|| {
            e.add("day_kind", "error-day-kind");
            DayKind::Calendar
        }),
    };
    let reminder_days = s.reminder_days.unwrap_or(zone.reminder_days);
    // A reminder must come before the deadline it announces.
    if !(1..=30).contains(&reminder_days) {
        e.add("reminder_days", "error-days-range");
    } else if reminder_days >= s.ack_days.min(s.response_days) {
        e.add_with(
            "reminder_days",
            "error-reminder-margin",
            vec![("days", s.ack_days.min(s.response_days).to_string())],
        );
    }
    let very_overdue_days = s.very_overdue_days.unwrap_or(zone.very_overdue_days);
    if !(1..=365).contains(&very_overdue_days) {
        e.add("very_overdue_days", "error-days-range");
    }
    e.into_result()?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    zones::set_report_days(&mut tx.ex(), zone.id, report_days).await?;
    zones::set_deadline_rules(
        &mut tx.ex(),
        zone.id,
        day_kind,
        reminder_days,
        very_overdue_days,
    )
    .await?;
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
Recorded {
zone_id: zone.id,
subject: Subject::Zone(zone.id),
kind: EventKind::SettingsChanged,
actor: Some(p.user_id),
at: now,
data: json!({"ack_days": s.ack_days, "response_days": s.response_days, "max_response_days": s.max_response_days, "report_days": report_days, "retention_days": retention_days,
               "day_kind": day_kind.as_str(), "reminder_days": reminder_days, "very_overdue_days": very_overdue_days}),
personal: None,
},
)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A zone administrator adds a day the zone is closed (deadlines in working days skip it). A day
/// further than a year back or five years ahead is refused. Deadlines already given stay as they
/// are; the change is on the zone's timeline.
#[tracing::instrument(name = "zones::add_closing_day", level = "debug", skip_all)]
pub async fn add_closing_day(
    app: &App,
    p: &Principal,
    zone_code: &str,
    day: &str,
    label: &str,
) -> AppResult<()> {
    let zone = zone_to_manage(app, p, zone_code).await?;
    let mut e = FieldErrors::default();
    let today = crate::domain::clock::brussels_date(app.clock.now());
    let day = match chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d") {
        Ok(d)
            if d >= today - chrono::Duration::days(366)
                && d <= today + chrono::Duration::days(5 * 366) =>
        {
            Some(d)
        }
        Ok(_) => {
            e.add("closing_day", "error-closing-day-range");
            None
        }
        Err(_) => {
            e.add("closing_day", "error-date");
            None
        }
    };
    let label = validate::required(&mut e, "closing_label", label, validate::MAX_NAME);
    e.into_result()?;
    let day = day.expect("checked");
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !zones::add_closing_day(&mut tx.ex(), zone.id, day, &label).await? {
        return Err(AppError::invalid("closing_day", "error-closing-day-exists"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: zone.id,
            subject: Subject::Zone(zone.id),
            kind: EventKind::ClosingDayAdded,
            actor: Some(p.user_id),
            at: now,
            data: json!({"day": day, "label": label}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(name = "zones::remove_closing_day", level = "debug", skip_all)]
pub async fn remove_closing_day(
    app: &App,
    p: &Principal,
    zone_code: &str,
    day: &str,
) -> AppResult<()> {
    let zone = zone_to_manage(app, p, zone_code).await?;
    let day = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("closing_day", "error-date"))?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !zones::remove_closing_day(&mut tx.ex(), zone.id, day).await? {
        return Err(AppError::NotFound);
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: zone.id,
            subject: Subject::Zone(zone.id),
            kind: EventKind::ClosingDayRemoved,
            actor: Some(p.user_id),
            at: now,
            data: json!({"day": day}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A zone administrator makes a council member the council's chair, or no longer. The chair
/// hears of very overdue items and of the panels' verdicts.
#[tracing::instrument(name = "zones::set_chair", level = "debug", skip_all)]
pub async fn set_chair(
    app: &App,
    p: &Principal,
    zone_code: &str,
    user_id: i64,
    chair: bool,
) -> AppResult<()> {
    let zone = zone_to_manage(app, p, zone_code).await?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !crate::db::people::set_chair(&mut tx.ex(), zone.id, user_id, chair).await? {
        return Err(AppError::NotFound);
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: zone.id,
            subject: Subject::Zone(zone.id),
            kind: EventKind::ChairChanged,
            actor: Some(p.user_id),
            at: now,
            data: json!({"user": user_id, "chair": chair}),
            personal: None,
        },
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

#[tracing::instrument(name = "zones::memberships", level = "debug", skip_all)]
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
