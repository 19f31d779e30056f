//! A zone's home page and its administration (panels, invitations, settings).

use super::done;
use crate::app::App;
use crate::db::{people, zones};
use crate::domain::policy::{self, PanelKind, Role};
use crate::error::AppError;
use crate::service::accounts::{self, InvitationInput};
use crate::service::items as item_service;
use crate::service::zones::{self as zone_service, ZoneSettingsInput};
use crate::web::csrf::CsrfForm;
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageError, PageResult};
use crate::web::template::Template;
use crate::web::views;
use chrono::Datelike;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        add_closing_day,
        remove_closing_day,
        set_chair,
        zone_page,
        manage_page,
        create_panel,
        invite,
        settings
    ]
}

/// A zone's home page: its items (a page of them, filtered by status), the person's panels.
#[derive(Serialize)]
struct ZonePage<'a> {
    zone: ZoneName,
    panels: Vec<PanelLink>,
    /// `views::item_row` for each item.
    items: Vec<views::items::ItemRow>,
    statuses: Vec<super::StatusChoice>,
    status: &'a str,
    page: i64,
    next_page: Option<i64>,
    prev_page: Option<i64>,
    is_admin: bool,
    can_overview: bool,
    can_export: bool,
    exports: &'static [&'static str],
    signals: Option<SignalsWaiting>,
}

#[derive(Serialize)]
struct ZoneName {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct PanelLink {
    slug: String,
    name: String,
    kind: String,
}

/// Signals from beyond the panel waiting for triage.
#[derive(Serialize)]
struct SignalsWaiting {
    waiting: i64,
}

#[get("/zones/<code>?<status>&<page>")]
async fn zone_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    status: Option<&str>,
    page: Option<i64>,
) -> PageResult<Template> {
    let zone = zone_service::zone_for(app, &user.principal, code).await?;
    if policy::view_zone(&user.principal, zone.id).is_err() {
        // A platform administrator who is not a member only manages.
        return Err(AppError::NotFound.into());
    }
    let page = crate::domain::paging::page(page);
    let today = crate::domain::clock::brussels_date(app.clock.now());
    // The same for everyone with the same standing in the zone (what they may see and do):
    // kept per zone, filter, page, day and standing.
    let of = format!(
        "{}/{}/{page}/{today}/{:?}",
        zone.id,
        status.unwrap_or(""),
        user.principal.standing_in(zone.id)
    );
    let version = zone.chain_seq;
    ctx.render_kept(app, "zone", of, version, async {
        let p = &user.principal;
        let items = item_service::list(app, p, &zone.code, status, page).await?;
        // Signals from beyond the panel, for those who triage them: how many wait.
        let signals = crate::service::signals::waiting(app, p, zone.id).await?;
        let mut c = app.db.conn().await.map_err(AppError::from)?;
        let panels: Vec<PanelLink> = zones::panels(&mut c.ex(), zone.id)
            .await
            .map_err(AppError::from)?
            .into_iter()
            .filter(|panel| p.in_panel(panel.id))
            .map(|panel| PanelLink {
                slug: panel.slug,
                name: panel.name,
                kind: panel.kind,
            })
            .collect();
        let can_overview = [Role::Staff, Role::Council, Role::Admin]
            .iter()
            .any(|r| p.has_role(zone.id, *r));
        let statuses: Vec<super::StatusChoice> = crate::domain::lifecycle::Status::ALL
            .iter()
            .map(|s| super::StatusChoice {
                value: s.as_str(),
                selected: Some(s.as_str()) == status,
            })
            .collect();
        Ok::<_, PageError>(ZonePage {
            is_admin: policy::manage_zone(p, zone.id).is_ok(),
            can_export: p.has_role(zone.id, Role::Staff) || p.has_role(zone.id, Role::Admin),
            zone: ZoneName {
                code: zone.code.clone(),
                name: zone.name.clone(),
            },
            panels,
            items: items
                .rows
                .iter()
                .map(|i| views::item_row(i, today))
                .collect(),
            statuses,
            status: status.unwrap_or(""),
            page,
            next_page: items.more.then_some(page + 1),
            prev_page: if page > 1 { Some(page - 1) } else { None },
            can_overview,
            exports: &crate::service::exports::KINDS,
            signals: signals.map(|n| SignalsWaiting { waiting: n }),
        })
    })
    .await
}

/// A zone's administration page; the forms are empty unless one comes back with its errors.
#[derive(Serialize)]
struct ManagePage<'a> {
    zone: ZoneSettingsView,
    closing_days: Vec<zones::ClosingDay>,
    holidays: Vec<Holiday>,
    closing_form: ClosingFormView<'a>,
    panels: Vec<zones::Panel>,
    members: Vec<people::Member>,
    invitations: Vec<InvitationLine>,
    kinds: Vec<&'static str>,
    roles: Vec<&'static str>,
    /// The link of an invitation just made, for the administrator to pass on.
    issued_link: Option<IssuedLink<'a>>,
    panel_form: PanelFormView<'a>,
    invite_form: InviteFormView<'a>,
}

#[derive(Serialize)]
struct ZoneSettingsView {
    code: String,
    name: String,
    ack_days: i64,
    response_days: i64,
    max_response_days: i64,
    report_days: i64,
    retention_days: Option<i64>,
    working_days: bool,
    reminder_days: i64,
    very_overdue_days: i64,
}

/// A public holiday of this year.
#[derive(Serialize)]
struct Holiday {
    day: chrono::NaiveDate,
    name: &'static str,
}

#[derive(Serialize)]
struct InvitationLine {
    email: String,
    name: String,
    role: String,
    expires_at: String,
    accepted: bool,
}

#[derive(Serialize)]
struct ClosingFormView<'a> {
    day: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct IssuedLink<'a> {
    url: String,
    name: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct PanelFormView<'a> {
    slug: &'a str,
    name: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
struct InviteFormView<'a> {
    email: &'a str,
    name: &'a str,
    role: &'a str,
    panel: &'a str,
}

async fn manage_view<'a>(
    app: &App,
    user: &WebUser,
    code: &str,
) -> Result<ManagePage<'a>, AppError> {
    let zone = zone_service::zone_to_manage(app, &user.principal, code).await?;
    let mut c = app.db.conn().await?;
    let panels = zones::panels(&mut c.ex(), zone.id).await?;
    let members = people::zone_members(&mut c.ex(), zone.id).await?;
    let invitations = people::zone_invitations(&mut c.ex(), zone.id).await?;
    let closing = zones::closing_days(&mut c.ex(), zone.id).await?;
    let year = crate::domain::clock::brussels_date(app.clock.now()).year();
    let holidays: Vec<Holiday> = crate::domain::working_days::belgian_holidays(year)
        .into_iter()
        .map(|(day, name)| Holiday { day, name })
        .collect();
    Ok(ManagePage {
        zone: ZoneSettingsView {
            working_days: zone.day_kind == "working",
            code: zone.code,
            name: zone.name,
            ack_days: zone.ack_days,
            response_days: zone.response_days,
            max_response_days: zone.max_response_days,
            report_days: zone.report_days,
            retention_days: zone.retention_days,
            reminder_days: zone.reminder_days,
            very_overdue_days: zone.very_overdue_days,
        },
        closing_days: closing,
        holidays,
        closing_form: ClosingFormView { day: "", label: "" },
        panels,
        members,
        invitations: invitations
            .into_iter()
            .map(|i| InvitationLine {
                expires_at: views::ts(i.expires_at),
                accepted: i.accepted_at.is_some(),
                email: i.email,
                name: i.display_name,
                role: i.role,
            })
            .collect(),
        kinds: PanelKind::ALL.iter().map(|k| k.as_str()).collect(),
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        issued_link: None,
        panel_form: PanelFormView {
            slug: "",
            name: "",
            kind: "burgerplatform",
        },
        invite_form: InviteFormView {
            email: "",
            name: "",
            role: "citizen",
            panel: "",
        },
    })
}

#[get("/zones/<code>/manage")]
async fn manage_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> PageResult<Template> {
    Ok(ctx.render("manage", manage_view(app, &user, code).await?))
}

#[derive(FromForm)]
struct PanelForm {
    csrf: String,
    slug: String,
    name: String,
    kind: String,
}
crate::csrf_form!(PanelForm);

#[post("/zones/<code>/panels", data = "<form>")]
async fn create_panel(
    form: CsrfForm<PanelForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    match zone_service::create_panel(app, &user.principal, code, &f.slug, &f.name, &f.kind).await {
        Ok(p) => Ok(done(
            &ctx,
            format!("/zones/{code}/manage"),
            "flash-panel-created",
            &[("name", &p.name)],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.panel_form = PanelFormView {
                slug: &f.slug,
                name: &f.name,
                kind: &f.kind,
            };
            Err(ctx.render_with_errors("manage", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct InviteForm {
    csrf: String,
    email: String,
    name: String,
    role: String,
    panel: Option<String>,
}
crate::csrf_form!(InviteForm);

#[post("/zones/<code>/invitations", data = "<form>")]
async fn invite(
    form: CsrfForm<InviteForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Template, (Status, Template)> {
    let f = form.0;
    let input = InvitationInput {
        email: &f.email,
        name: &f.name,
        role: &f.role,
        panel: f.panel.as_deref(),
    };
    match accounts::invite(app, &user.principal, code, input).await {
        Ok(issued) => {
            // Until mail delivery exists, the administrator passes the link on.
            let mut view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.issued_link = Some(IssuedLink {
                url: app.link(&issued.accept_path),
                name: &f.name,
                email: &f.email,
            });
            Ok(ctx.render("manage", view))
        }
        Err(AppError::Invalid(mut fe)) => {
            // The panel form on the same page has a "name" field too: keep the two apart.
            fe.rename("name", "invite_name");
            let e = AppError::Invalid(fe);
            let mut view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.invite_form = InviteFormView {
                email: &f.email,
                name: &f.name,
                role: &f.role,
                panel: f.panel.as_deref().unwrap_or_default(),
            };
            Err(ctx.render_with_errors("manage", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct SettingsForm {
    csrf: String,
    ack_days: String,
    response_days: String,
    max_response_days: String,
    report_days: Option<String>,
    retention_days: Option<String>,
    day_kind: Option<String>,
    reminder_days: Option<String>,
    very_overdue_days: Option<String>,
}
crate::csrf_form!(SettingsForm);

#[post("/zones/<code>/settings", data = "<form>")]
async fn settings(
    form: CsrfForm<SettingsForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let num = |s: &str| s.trim().parse::<i64>().unwrap_or(-1);
    let input = ZoneSettingsInput {
        ack_days: num(&f.ack_days),
        response_days: num(&f.response_days),
        max_response_days: num(&f.max_response_days),
        report_days: f.report_days.as_deref().map(num),
        // Empty means "keep"; anything else must be a number of days.
        retention_days: f
            .retention_days
            .as_deref()
            .map(|s| (!s.trim().is_empty()).then(|| num(s))),
        day_kind: f.day_kind.clone(),
        reminder_days: f.reminder_days.as_deref().map(num),
        very_overdue_days: f.very_overdue_days.as_deref().map(num),
    };
    match zone_service::update_settings(app, &user.principal, code, input).await {
        Ok(()) => Ok(done(
            &ctx,
            format!("/zones/{code}/manage"),
            "flash-settings-saved",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Err(ctx.render_with_errors("manage", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct ClosingForm {
    csrf: String,
    closing_day: String,
    closing_label: String,
}
crate::csrf_form!(ClosingForm);

#[post("/zones/<code>/closing-days", data = "<form>")]
async fn add_closing_day(
    form: CsrfForm<ClosingForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    match zone_service::add_closing_day(
        app,
        &user.principal,
        code,
        &f.closing_day,
        &f.closing_label,
    )
    .await
    {
        Ok(()) => Ok(done(
            &ctx,
            format!("/zones/{code}/manage#closing-heading"),
            "flash-closing-day-added",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.closing_form = ClosingFormView {
                day: &f.closing_day,
                label: &f.closing_label,
            };
            Err(ctx.render_with_errors("manage", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct ChairForm {
    csrf: String,
    user: i64,
    chair: bool,
}
crate::csrf_form!(ChairForm);

#[post("/zones/<code>/chair", data = "<form>")]
async fn set_chair(
    form: CsrfForm<ChairForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    zone_service::set_chair(app, &user.principal, code, f.user, f.chair)
        .await
        .map(|_| {
            done(
                &ctx,
                format!("/zones/{code}/manage#members-heading"),
                if f.chair {
                    "flash-chair-set"
                } else {
                    "flash-chair-unset"
                },
                &[],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

#[derive(FromForm)]
struct RemoveClosingForm {
    csrf: String,
    day: String,
}
crate::csrf_form!(RemoveClosingForm);

#[post("/zones/<code>/closing-days/remove", data = "<form>")]
async fn remove_closing_day(
    form: CsrfForm<RemoveClosingForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    zone_service::remove_closing_day(app, &user.principal, code, &form.0.day)
        .await
        .map(|_| {
            done(
                &ctx,
                format!("/zones/{code}/manage#closing-heading"),
                "flash-closing-day-removed",
                &[],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}
