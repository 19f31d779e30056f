//! "Mijn gegevens" for everyone logged in, and erasure on request for a zone's administrator.

use super::done;
use super::exports::download;
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::domain::privacy::EXPORT_LINK_MINUTES;
use crate::error::AppError;
use crate::service::privacy as service;
use crate::web::csrf::CsrfForm;
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::json;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        my_data_page,
        request_my_data,
        take_my_data,
        erase_page,
        erase
    ]
}

#[get("/mijn-gegevens")]
fn my_data_page(ctx: Ctx, _user: WebUser) -> Template {
    ctx.render(
        "privacy",
        json!({"my_data": {"link": null, "minutes": EXPORT_LINK_MINUTES}}),
    )
}

#[derive(FromForm)]
struct CsrfOnly {
    csrf: String,
}
crate::csrf_form!(CsrfOnly);

#[post("/mijn-gegevens", data = "<_form>")]
async fn request_my_data(
    _form: CsrfForm<CsrfOnly>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Template> {
    let token = service::request_export(app, user.user.id).await?;
    Ok(ctx.render(
        "privacy",
        json!({"my_data": {"link": format!("/mijn-gegevens/{token}"), "minutes": EXPORT_LINK_MINUTES}}),
    ))
}

#[get("/mijn-gegevens/<token>")]
async fn take_my_data(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    token: &str,
) -> Result<super::exports::Download, (Status, Template)> {
    match service::take_export(app, user.user.id, token).await {
        Ok(doc) => {
            let day = brussels_date(app.clock.now());
            let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
            Ok(download(format!("burgerstem-mijn-gegevens-{day}.json"), body))
        }
        // Used, expired or someone else's: say so plainly and offer a new link.
        Err(AppError::NotFound) => Err((
            Status::NotFound,
            ctx.render(
                "privacy",
                json!({"my_data": {"link": null, "minutes": EXPORT_LINK_MINUTES, "link_gone": true}}),
            ),
        )),
        Err(e) => Err(ctx.error_page(&e)),
    }
}

fn erase_view(zone_code: &str, t: &service::ErasureTarget, texts: &str) -> serde_json::Value {
    json!({"erase": {
        "zone": zone_code, "user_id": t.user_id, "name": t.name, "email": t.email,
        "remove": texts != "keep", "keep": texts == "keep",
    }})
}

#[get("/zones/<code>/people/<id>/erase")]
async fn erase_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    id: i64,
) -> PageResult<Template> {
    let (zone, target) = service::erasure_target(app, &user.principal, code, id).await?;
    Ok(ctx.render("privacy", erase_view(&zone.code, &target, "remove")))
}

#[derive(FromForm)]
struct EraseForm {
    csrf: String,
    texts: Option<String>,
    requested_by_person: Option<String>,
}
crate::csrf_form!(EraseForm);

#[post("/zones/<code>/people/<id>/erase", data = "<form>")]
async fn erase(
    form: CsrfForm<EraseForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let request = service::ErasureRequest {
        texts: f.texts.as_deref(),
        requested_by_person: f.requested_by_person.is_some(),
    };
    match service::erase(app, &user.principal, code, id, request).await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/zones/{code}/manage"),
            "flash-person-erased",
            &[],
        )),
        // The form again with what went wrong, as it was filled in.
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let (zone, target) = service::erasure_target(app, &user.principal, code, id)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let chosen = f.texts.as_deref().unwrap_or("remove");
            Err(ctx.render_with_errors("privacy", erase_view(&zone.code, &target, chosen), &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}
