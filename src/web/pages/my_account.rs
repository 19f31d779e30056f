//! "Mijn account": how this person signs in (the second factor, recovery codes), where they are
//! signed in (each session, ended one by one), what happened to the account, and whether they
//! are named on public items.

use super::done;
use crate::app::App;
use crate::db::account::LiveSession;
use crate::error::AppError;
use crate::service::second_factor;
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageFailure, PageResult};
use crate::web::template::Template;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::{json, Value};

pub fn routes() -> Vec<rocket::Route> {
    routes![
        account_page,
        end_session,
        public_name,
        enrol_page,
        enrol,
        renew_codes,
        remove_own,
    ]
}

/// "Chrome op Android", "Firefox op Windows", "een programma" (an API token): enough to tell one's
/// own devices apart, without keeping more than the browser said.
fn device_label(ctx: &Ctx, s: &LiveSession) -> String {
    if s.kind == crate::service::accounts::API {
        return ctx.tr("account-device-api");
    }
    let ua = s.user_agent.as_deref().unwrap_or("");
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, n)| n);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, n)| n);
    match (browser, system) {
        (Some(b), Some(s)) => ctx.tr_args("account-device-on", &[("browser", b), ("system", s)]),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => s.to_string(),
        (None, None) => ctx.tr("account-device-unknown"),
    }
}

async fn page_view(ctx: &Ctx, app: &App, user: &WebUser) -> Result<Value, AppError> {
    let o = second_factor::overview(app, user.user.id).await?;
    let sessions: Vec<Value> = o
        .sessions
        .iter()
        .map(|s| {
            json!({"id": s.id, "device": device_label(ctx, s), "since": s.created_at,
                   "last_seen": s.last_seen_at, "current": s.id == user.session_id,
                   "api": s.kind == crate::service::accounts::API})
        })
        .collect();
    let events: Vec<Value> = o
        .events
        .iter()
        .map(|e| {
            json!({"at": e.at, "what": ctx.tr(&format!("account-event-{}", e.kind)),
                   "by_other": e.actor_id.is_some_and(|a| a != user.user.id), "actor": e.actor_name})
        })
        .collect();
    Ok(json!({
        "me": {"name": user.user.display_name, "email": user.user.email, "public_name": user.user.public_name},
        "second_factor": o.second_factor,
        "required": crate::service::accounts::must_have_second_factor(app, &user.principal),
        "codes_left": o.recovery_codes_left,
        "sessions": sessions,
        "events": events,
        "codes": null,
        "enrol": null,
    }))
}

#[get("/account")]
async fn account_page(ctx: Ctx, user: WebUser, app: &State<App>) -> PageResult<Template> {
    let v = page_view(&ctx, app, &user).await?;
    Ok(ctx.render("account", v))
}

#[post("/account/sessies/<id>/afmelden", data = "<form>")]
async fn end_session(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> PageResult<Flash<Redirect>> {
    let _ = form;
    second_factor::end_session(app, user.user.id, id).await?;
    let to = if id == user.session_id {
        "/"
    } else {
        "/account"
    };
    Ok(done(&ctx, to.into(), "flash-session-ended", &[]))
}

#[derive(FromForm)]
struct PublicNameForm {
    csrf: String,
    public_name: bool,
}
crate::csrf_form!(PublicNameForm);

#[post("/account/naam", data = "<form>")]
async fn public_name(
    form: CsrfForm<PublicNameForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Flash<Redirect>> {
    second_factor::set_public_name(app, user.user.id, form.0.public_name).await?;
    Ok(done(&ctx, "/account".into(), "flash-account-saved", &[]))
}

async fn enrol_view(ctx: &Ctx, app: &App, user: &WebUser) -> Result<Value, AppError> {
    let e = second_factor::begin(app, &user.user).await?;
    let qr = crate::web::qr::svg(&e.otpauth_url, &ctx.tr("enrol-qr-label"));
    Ok(json!({
        "required": crate::service::accounts::must_have_second_factor(app, &user.principal),
        "secret": crate::domain::second_factor::grouped(&e.secret),
        "qr": qr,
        "codes": null,
    }))
}

#[get("/account/tweede-factor")]
async fn enrol_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> Result<Template, Flash<Redirect>> {
    if user.user.second_factor {
        return Err(done(&ctx, "/account".into(), "flash-second-factor-on", &[]));
    }
    match enrol_view(&ctx, app, &user).await {
        Ok(v) => Ok(ctx.render("enrol", v)),
        Err(e) => Err(Flash::error(
            Redirect::to("/account"),
            ctx.tr(e.message_key()),
        )),
    }
}

#[derive(FromForm)]
struct CodeForm {
    csrf: String,
    code: String,
}
crate::csrf_form!(CodeForm);

#[post("/account/tweede-factor", data = "<form>")]
async fn enrol(
    form: CsrfForm<CodeForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> Result<Template, PageFailure> {
    match second_factor::confirm(app, &user.user, &form.0.code).await {
        Ok(codes) => Ok(ctx.render(
            "enrol",
            json!({"required": false, "secret": "", "qr": null, "codes": codes}),
        )),
        Err(e @ AppError::Invalid(_)) => {
            let v = enrol_view(&ctx, app, &user)
                .await
                .map_err(|e| PageFailure::page(&ctx, e))?;
            Err(PageFailure::form(&ctx, "enrol", v, e))
        }
        Err(e) => Err(PageFailure::page(&ctx, e)),
    }
}

#[post("/account/herstelcodes", data = "<form>")]
async fn renew_codes(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Template> {
    let _ = form;
    let codes = second_factor::renew_recovery_codes(app, &user.user).await?;
    Ok(ctx.render(
        "enrol",
        json!({"required": false, "secret": "", "qr": null, "codes": codes}),
    ))
}

#[post("/account/tweede-factor/uit", data = "<form>")]
async fn remove_own(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Flash<Redirect>> {
    let _ = form;
    second_factor::remove_own(app, &user.user, &user.principal).await?;
    Ok(done(
        &ctx,
        "/account".into(),
        "flash-second-factor-off",
        &[],
    ))
}
