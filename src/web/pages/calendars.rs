//! Calendar feeds: a zone's meetings for anyone (`/zones/{code}/meetings.ics`), a person's own
//! feed behind a secret link (`/me/calendar/{token}.ics`), the page where they make and revoke
//! that link, and the same two steps in the API.

use super::done;
use crate::app::App;
use crate::error::AppError;
use crate::service::calendars as service;
use crate::web::api::doc;
use crate::web::api::ApiResult;
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{ApiUser, WebUser};
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views::ZoneRef;
use rocket::http::{ContentType, Status};
use rocket::response::{Flash, Redirect};
use rocket::serde::json::Json;
use rocket::{delete, get, post, routes, State};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        zone_feed,
        personal_feed,
        page,
        make_link,
        revoke_link,
        api_make_link,
        api_revoke_link
    ]
}

fn calendar_type() -> ContentType {
    ContentType::new("text", "calendar").with_params(("charset", "utf-8"))
}

#[get("/zones/<code>/meetings.ics")]
async fn zone_feed(app: &State<App>, code: &str) -> PageResult<(ContentType, String)> {
    Ok((calendar_type(), service::zone_feed(app, code).await?))
}

/// `<token>.ics`: a calendar program fetches it without cookies; the token is the key.
#[get("/me/calendar/<file>")]
async fn personal_feed(app: &State<App>, file: &str) -> PageResult<(ContentType, String)> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    Ok((calendar_type(), service::personal_feed(app, token).await?))
}

/// The calendar page.
#[derive(Serialize)]
struct CalendarPage {
    since: Option<chrono::DateTime<chrono::Utc>>,
    link: Option<String>,
    zones: Vec<ZoneRef>,
}

/// The page: whether a link exists (since when), and the link itself only right after it was
/// made, since only its hash is kept.
async fn view(app: &App, user: &WebUser, made: Option<&str>) -> Result<CalendarPage, AppError> {
    let since = service::link_since(app, user.user.id).await?;
    let zones = {
        let mut c = app.db.conn().await?;
        let mut out = vec![];
        for id in user.principal.zone_ids() {
            if let Some(z) = crate::db::zones::by_id(&mut c.ex(), id).await? {
                out.push(ZoneRef {
                    code: z.code,
                    name: z.name,
                });
            }
        }
        out
    };
    Ok(CalendarPage {
        since,
        link: made.map(|t| app.link(&service::feed_path(t))),
        zones,
    })
}

#[get("/account/kalender")]
async fn page(ctx: Ctx, user: WebUser, app: &State<App>) -> PageResult<Template> {
    Ok(ctx.render("calendar", view(app, &user, None).await?))
}

#[post("/account/kalender", data = "<form>")]
async fn make_link(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Template> {
    let _ = form;
    let token = service::make_link(app, user.user.id).await?;
    Ok(ctx.render("calendar", view(app, &user, Some(&token)).await?))
}

#[post("/account/kalender/intrekken", data = "<form>")]
async fn revoke_link(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Flash<Redirect>> {
    let _ = form;
    service::revoke_link(app, user.user.id).await?;
    Ok(done(
        &ctx,
        "/account/kalender".into(),
        "flash-calendar-revoked",
        &[],
    ))
}

/// A new link to the caller's own calendar feed.
#[derive(Serialize, ToSchema)]
struct CalendarLink {
    /// The feed's full address, for a calendar program. Shown only now: only its hash is kept.
    url: String,
    /// The same, as a path on this server.
    path: String,
}

/// Makes a secret link to the caller's own calendar feed (iCalendar): the meetings of their
/// zones and the deadlines they owe or wait on. A link made earlier stops working.
#[utoipa::path(
    post,
    path = "/api/v1/me/calendar-link",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The new link (shown once).", body = CalendarLink),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/me/calendar-link")]
async fn api_make_link(user: ApiUser, app: &State<App>) -> ApiResult<(Status, Json<CalendarLink>)> {
    let token = service::make_link(app, user.user.id).await?;
    let path = service::feed_path(&token);
    Ok((
        Status::Created,
        Json(CalendarLink {
            url: app.link(&path),
            path,
        }),
    ))
}

/// Revokes the caller's calendar feed link: it answers 404 from now on.
#[utoipa::path(
    delete,
    path = "/api/v1/me/calendar-link",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "No link works any more."),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[delete("/api/v1/me/calendar-link")]
async fn api_revoke_link(user: ApiUser, app: &State<App>) -> ApiResult<Status> {
    if service::revoke_link(app, user.user.id).await? {
        Ok(Status::NoContent)
    } else {
        Err(AppError::NotFound.into())
    }
}
