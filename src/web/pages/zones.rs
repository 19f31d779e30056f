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
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views;
use chrono::Datelike;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::{json, Value};

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
    let page = page.unwrap_or(1).max(1);
    let items = item_service::list(app, &user.principal, &zone.code, status, page).await?;
    // Signals from beyond the panel, for those who triage them: how many wait.
    let signals = crate::service::signals::waiting(app, &user.principal, zone.id).await?;
    let mut c = app.db.conn().await.map_err(AppError::from)?;
    let panels: Vec<Value> = zones::panels(&mut c.ex(), zone.id)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .filter(|p| user.principal.in_panel(p.id))
        .map(|p| json!({"slug": p.slug, "name": p.name, "kind": p.kind}))
        .collect();
    let can_overview = [Role::Staff, Role::Council, Role::Admin]
        .iter()
        .any(|r| user.principal.has_role(zone.id, *r));
    let statuses: Vec<Value> = crate::domain::lifecycle::Status::ALL
        .iter()
        .map(|s| json!({"value": s.as_str(), "selected": Some(s.as_str()) == status}))
        .collect();
    Ok(ctx.render(
        "zone",
        json!({
            "zone": {"code": zone.code, "name": zone.name},
            "panels": panels,
            "items": items.rows.iter().map(|i| views::item_row(i, crate::domain::clock::brussels_date(app.clock.now()))).collect::<Vec<_>>(),
            "statuses": statuses,
            "status": status.unwrap_or(""),
            "page": page,
            "next_page": items.more.then_some(page + 1),
            "prev_page": if page > 1 { Some(page - 1) } else { None },
            "is_admin": policy::manage_zone(&user.principal, zone.id).is_ok(),
            "can_overview": can_overview,
            "can_export": user.principal.has_role(zone.id, Role::Staff) || user.principal.has_role(zone.id, Role::Admin),
            "exports": crate::service::exports::KINDS,
            "signals": signals.map(|n| json!({"waiting": n})),
        }),
    ))
}

async fn manage_view(app: &App, user: &WebUser, code: &str) -> Result<Value, AppError> {
    let zone = zone_service::zone_to_manage(app, &user.principal, code).await?;
    let mut c = app.db.conn().await?;
    let panels = zones::panels(&mut c.ex(), zone.id).await?;
    let members = people::zone_members(&mut c.ex(), zone.id).await?;
    let invitations = people::zone_invitations(&mut c.ex(), zone.id).await?;
    let closing = zones::closing_days(&mut c.ex(), zone.id).await?;
    let year = crate::domain::clock::brussels_date(app.clock.now()).year();
    let holidays: Vec<Value> = crate::domain::working_days::belgian_holidays(year)
        .into_iter()
        .map(|(d, name)| json!({"day": d, "name": name}))
        .collect();
    Ok(json!({
        "zone": {"code": zone.code, "name": zone.name, "ack_days": zone.ack_days,
                 "response_days": zone.response_days, "max_response_days": zone.max_response_days, "report_days": zone.report_days,
                 "retention_days": zone.retention_days, "working_days": zone.day_kind == "working",
                 "reminder_days": zone.reminder_days, "very_overdue_days": zone.very_overdue_days},
        "closing_days": closing,
        "holidays": holidays,
        "closing_form": {"day": "", "label": ""},
        "panels": panels,
        "members": members,
        "invitations": invitations.iter().map(|i| json!({
            "email": i.email, "name": i.display_name, "role": i.role,
            "expires_at": views::ts(i.expires_at), "accepted": i.accepted_at.is_some()
        })).collect::<Vec<_>>(),
        "kinds": PanelKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "roles": Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "issued_link": Value::Null,
        "panel_form": {"slug": "", "name": "", "kind": "burgerplatform"},
        "invite_form": {"email": "", "name": "", "role": "citizen", "panel": ""},
    }))
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
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
            let view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let view = merge(
                view,
                json!({"panel_form": {"slug": f.slug, "name": f.name, "kind": f.kind}}),
            );
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
            let view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let link = app.link(&issued.accept_path);
            let view = merge(
                view,
                json!({"issued_link": {"url": link, "name": f.name, "email": f.email}}),
            );
            Ok(ctx.render("manage", view))
        }
        Err(AppError::Invalid(mut fe)) => {
            // The panel form on the same page has a "name" field too: keep the two apart.
            fe.rename("name", "invite_name");
            let e = AppError::Invalid(fe);
            let view = manage_view(app, &user, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let view = merge(
                view,
                json!({"invite_form": {"email": f.email, "name": f.name, "role": f.role, "panel": f.panel.unwrap_or_default()}}),
            );
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
            view["closing_form"] = json!({"day": f.closing_day, "label": f.closing_label});
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
