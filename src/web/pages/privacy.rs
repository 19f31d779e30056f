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
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        my_data_page,
        request_my_data,
        take_my_data,
        erase_page,
        erase
    ]
}

/// "Mijn gegevens": the download link once asked for, and how long it works.
#[derive(Serialize)]
struct MyData {
    link: Option<String>,
    minutes: i64,
    /// Only when a link was used, expired or someone else's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    link_gone: bool,
}

#[derive(Serialize)]
struct MyDataPage {
    my_data: MyData,
}

impl MyDataPage {
    fn new(link: Option<String>, link_gone: bool) -> Self {
        MyDataPage {
            my_data: MyData {
                link,
                minutes: EXPORT_LINK_MINUTES,
                link_gone,
            },
        }
    }
}

#[get("/mijn-gegevens")]
fn my_data_page(ctx: Ctx, _user: WebUser) -> Template {
    ctx.render("privacy", MyDataPage::new(None, false))
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
        MyDataPage::new(Some(format!("/mijn-gegevens/{token}")), false),
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
            Ok(download(
                format!("burgerstem-mijn-gegevens-{day}.json"),
                body,
            ))
        }
        // Used, expired or someone else's: say so plainly and offer a new link.
        Err(AppError::NotFound) => Err((
            Status::NotFound,
            ctx.render("privacy", MyDataPage::new(None, true)),
        )),
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// Whom the administrator is about to erase, and whether their texts go too (`remove`) or stay
/// under an erased name (`keep`).
#[derive(Serialize)]
struct Erasure<'a> {
    zone: &'a str,
    user_id: i64,
    name: &'a str,
    email: &'a str,
    remove: bool,
    keep: bool,
}

#[derive(Serialize)]
struct ErasePage<'a> {
    erase: Erasure<'a>,
}

fn erase_view<'a>(zone_code: &'a str, t: &'a service::ErasureTarget, texts: &str) -> ErasePage<'a> {
    ErasePage {
        erase: Erasure {
            zone: zone_code,
            user_id: t.user_id,
            name: &t.name,
            email: &t.email,
            remove: texts != "keep",
            keep: texts == "keep",
        },
    }
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
