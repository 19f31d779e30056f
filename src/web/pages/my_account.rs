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
use chrono::{DateTime, Utc};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

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

#[derive(Serialize)]
struct Me<'a> {
    name: &'a str,
    email: &'a str,
    public_name: bool,
}

/// A place where this person is signed in.
#[derive(Serialize)]
struct SessionRow {
    id: i64,
    device: String,
    since: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    /// This very browser.
    current: bool,
    api: bool,
}

/// A line of the account's log.
#[derive(Serialize)]
struct EventRow {
    at: DateTime<Utc>,
    what: String,
    /// Done by someone else (an administrator), named as `actor`.
    by_other: bool,
    actor: Option<String>,
}

#[derive(Serialize)]
struct AccountPage<'a> {
    me: Me<'a>,
    second_factor: bool,
    required: bool,
    codes_left: i64,
    sessions: Vec<SessionRow>,
    events: Vec<EventRow>,
    /// Always none here: new recovery codes and the enrolment have their own page.
    codes: Option<()>,
    enrol: Option<()>,
}

async fn page_view<'a>(
    ctx: &Ctx,
    app: &App,
    user: &'a WebUser,
) -> Result<AccountPage<'a>, AppError> {
    let o = second_factor::overview(app, user.user.id).await?;
    let sessions = o
        .sessions
        .iter()
        .map(|s| SessionRow {
            id: s.id,
            device: device_label(ctx, s),
            since: s.created_at,
            last_seen: s.last_seen_at,
            current: s.id == user.session_id,
            api: s.kind == crate::service::accounts::API,
        })
        .collect();
    let events = o
        .events
        .into_iter()
        .map(|e| EventRow {
            at: e.at,
            what: ctx.tr(&format!("account-event-{}", e.kind)),
            by_other: e.actor_id.is_some_and(|a| a != user.user.id),
            actor: e.actor_name,
        })
        .collect();
    Ok(AccountPage {
        me: Me {
            name: &user.user.display_name,
            email: &user.user.email,
            public_name: user.user.public_name,
        },
        second_factor: o.second_factor,
        required: crate::service::accounts::must_have_second_factor(app, &user.principal),
        codes_left: o.recovery_codes_left,
        sessions,
        events,
        codes: None,
        enrol: None,
    })
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

/// Setting up the second factor: the secret (as text and as a QR code) before it is confirmed,
/// the recovery codes once it is.
#[derive(Serialize)]
struct EnrolPage {
    required: bool,
    secret: String,
    qr: Option<String>,
    codes: Option<Vec<String>>,
}

impl EnrolPage {
    /// The recovery codes, shown once.
    fn codes(codes: Vec<String>) -> Self {
        EnrolPage {
            required: false,
            secret: String::new(),
            qr: None,
            codes: Some(codes),
        }
    }
}

async fn enrol_view(ctx: &Ctx, app: &App, user: &WebUser) -> Result<EnrolPage, AppError> {
    let e = second_factor::begin(app, &user.user).await?;
    let qr = crate::web::qr::svg(&e.otpauth_url, &ctx.tr("enrol-qr-label"));
    Ok(EnrolPage {
        required: crate::service::accounts::must_have_second_factor(app, &user.principal),
        secret: crate::domain::second_factor::grouped(&e.secret),
        qr,
        codes: None,
    })
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
        Ok(codes) => Ok(ctx.render("enrol", EnrolPage::codes(codes))),
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
    Ok(ctx.render("enrol", EnrolPage::codes(codes)))
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
