//! A zone's signed checkpoint, for everyone: the page that shows it and checks a kept one, the
//! text to keep (`checkpoint.txt`), and the API (`/api/v1/zones/{code}/checkpoint`,
//! `/api/v1/checkpoints/verify`).

use super::inclusive::PageControls;
use crate::app::App;
use crate::error::AppError;
use crate::service::checkpoints::{self as service, CheckpointCheck, ZoneCheckpoint};
use crate::service::zones;
use crate::web::api::doc;
use crate::web::api::ApiResult;
use crate::web::body::{Body, Limited};
use crate::web::csrf::CsrfForm;
use crate::web::page::{Ctx, PageFailure, PageResult};
use crate::web::template::Template;
use rocket::http::{ContentType, CookieJar};
use rocket::serde::json::Json;
use rocket::{get, post, routes, FromForm, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![page, check_page, text, api_checkpoint, api_verify]
}

/// A zone as the pages name it.
#[derive(Serialize)]
struct ZoneRef<'a> {
    code: &'a str,
    name: &'a str,
}

/// What was pasted in the form to check a kept checkpoint.
#[derive(Serialize)]
struct CheckFormEcho<'a> {
    checkpoint: &'a str,
}

/// The checkpoint page, with how the kept checkpoints compare once checked.
#[derive(Serialize)]
struct CheckpointPage<'a> {
    zone: ZoneRef<'a>,
    checkpoint: &'a ZoneCheckpoint,
    form: CheckFormEcho<'a>,
    checks: Option<&'a [CheckpointCheck]>,
    all_match: Option<bool>,
    keep_form: &'static str,
}

fn view<'a>(
    cp: &'a ZoneCheckpoint,
    zone_name: &'a str,
    kept: &'a str,
    checks: Option<&'a [CheckpointCheck]>,
) -> CheckpointPage<'a> {
    CheckpointPage {
        zone: ZoneRef {
            code: &cp.zone,
            name: zone_name,
        },
        checkpoint: cp,
        form: CheckFormEcho { checkpoint: kept },
        checks,
        all_match: checks.map(|c| c.iter().all(|k| k.matches)),
        keep_form: "checkpoint-form",
    }
}

/// The zone's checkpoint, how to keep it, and a form to check one kept earlier.
#[get("/zones/<code>/checkpoint")]
async fn page(ctx: Ctx, app: &State<App>, code: &str) -> PageResult<Template> {
    let zone = zones::named(app, code).await?;
    let cp = service::of(app, &zone).await?;
    Ok(ctx.render("checkpoint", view(&cp, &zone.name, "", None)))
}

#[derive(FromForm)]
struct CheckForm {
    csrf: String,
    checkpoint: Option<String>,
    ctl: PageControls,
}
crate::csrf_form!(CheckForm);

#[post("/zones/<code>/checkpoint", data = "<form>")]
async fn check_page(
    form: Limited<CsrfForm<CheckForm>>,
    mut ctx: Ctx,
    app: &State<App>,
    code: &str,
    jar: &CookieJar<'_>,
) -> Result<Template, PageFailure> {
    let f = form.0 .0;
    let kept = f.checkpoint.unwrap_or_default();
    let page_error = |ctx: &Ctx, e| PageFailure::page(ctx, e);
    let zone = zones::named(app, code)
        .await
        .map_err(|e| page_error(&ctx, e))?;
    let cp = service::of(app, &zone)
        .await
        .map_err(|e| page_error(&ctx, e))?;
    let name = zone.name;
    if f.ctl.used() {
        // A switch of language or reading size keeps what was pasted.
        f.ctl.apply(&mut ctx, jar, app).await;
        return Ok(ctx.render("checkpoint", view(&cp, &name, &kept, None)));
    }
    match service::check(app, &kept).await {
        Ok(checks) => Ok(ctx.render("checkpoint", view(&cp, &name, &kept, Some(&checks)))),
        Err(e @ AppError::Invalid(_)) => Err(PageFailure::form(
            &ctx,
            "checkpoint",
            view(&cp, &name, &kept, None),
            e,
        )),
        Err(e) => Err(page_error(&ctx, e)),
    }
}

/// The signed note alone, as text: `curl …/checkpoint.txt >> ALFA-checkpoints.txt` keeps a copy.
#[get("/zones/<code>/checkpoint.txt")]
async fn text(app: &State<App>, code: &str) -> PageResult<(ContentType, String)> {
    Ok((ContentType::Plain, service::of_zone(app, code).await?.note))
}

/// The zone's history's current head (event number, hash, time), signed by the installation in
/// the C2SP signed-note format. Keep the `note`: `burgerstem verify --checkpoint` (or
/// `POST /api/v1/checkpoints/verify`) later proves that the history still extends it.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/checkpoint",
    tag = "report",
    security(()),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    responses(
        (status = 200, description = "The signed checkpoint.", body = ZoneCheckpoint),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/checkpoint")]
async fn api_checkpoint(app: &State<App>, code: &str) -> ApiResult<Json<ZoneCheckpoint>> {
    Ok(Json(service::of_zone(app, code).await?))
}

/// One or more kept checkpoints to compare with today's history.
#[derive(Deserialize, ToSchema)]
struct KeptCheckpoints {
    /// The signed notes, as kept (one after the other).
    #[schema(min_length = 1)]
    checkpoint: String,
}

#[derive(Serialize, ToSchema)]
struct CheckpointChecks {
    /// Whether today's history has every checkpoint's hash at its event.
    all_match: bool,
    checks: Vec<CheckpointCheck>,
}

/// Compares kept checkpoints with today's history. A text that is not a checkpoint, or not signed
/// by this installation (forged, edited), is refused (422, field `checkpoint`). The full check,
/// with every hash recomputed, is `burgerstem verify --checkpoint FILE` on the server.
#[utoipa::path(
    post,
    path = "/api/v1/checkpoints/verify",
    tag = "report",
    security(()),
    request_body = KeptCheckpoints,
    responses(
        (status = 200, description = "How each checkpoint compares.", body = CheckpointChecks),
        (status = 400, response = doc::BadRequest),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/checkpoints/verify", format = "json", data = "<body>")]
async fn api_verify(
    app: &State<App>,
    body: Body<KeptCheckpoints>,
) -> ApiResult<Json<CheckpointChecks>> {
    let checks = service::check(app, &body.checkpoint).await?;
    Ok(Json(CheckpointChecks {
        all_match: checks.iter().all(|k| k.matches),
        checks,
    }))
}
