//! Downloads: the zone's exports for staff, and open data and an Atom feed for everyone.

use crate::app::App;
use crate::error::AppError;
use crate::service::exports::{self as service, Format};
use crate::web::api::doc;
use crate::web::guards::{ApiUser, WebUser};
use crate::web::page::PageResult;
use rocket::http::{ContentType, Header};
use rocket::response::{self, Responder};
use rocket::{get, routes, Request, State};

pub fn routes() -> Vec<rocket::Route> {
    routes![export, api_export, open_data, api_open_data, feed]
}

/// A file to save: its name and type, and the body.
pub struct Download {
    name: String,
    kind: ContentType,
    body: String,
}

impl<'r> Responder<'r, 'static> for Download {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut res = self.body.respond_to(req)?;
        res.set_header(self.kind);
        res.set_header(Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", self.name),
        ));
        Ok(res)
    }
}

/// `items.csv` → ("items", Csv); anything else is not found.
fn split(file: &str) -> Result<(&str, Format), AppError> {
    let (what, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    Ok((what, Format::parse(ext).ok_or(AppError::NotFound)?))
}

pub(crate) fn download(name: String, body: String) -> Download {
    let kind = if name.ends_with(".csv") {
        ContentType::new("text", "csv").with_params(("charset", "utf-8"))
    } else {
        ContentType::JSON
    };
    Download { name, kind, body }
}

#[get("/zones/<code>/export/<file>")]
async fn export(user: WebUser, app: &State<App>, code: &str, file: &str) -> PageResult<Download> {
    let (what, format) = split(file)?;
    let (name, body) = service::export(app, &user.principal, code, what, format).await?;
    Ok(download(name, body))
}

/// Downloads the zone's data for staff, as CSV or JSON: items, consultations, signals or actions.
///
/// No names or contact details. The CSV opens with the right characters in spreadsheets.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/export/{file}",
    tag = "exports",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("file" = String, Path, description = "`items`, `consultations`, `signals` or `actions`, with `.csv` or `.json`, e.g. `items.csv`."),
    ),
    responses(
        (status = 200, description = "The file, as an attachment.", content((String = "text/csv"), (Object = "application/json"))),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/export/<file>")]
async fn api_export(
    user: ApiUser,
    app: &State<App>,
    code: &str,
    file: &str,
) -> crate::web::api::ApiResult<Download> {
    let (what, format) = split(file)?;
    let (name, body) = service::export(app, &user.principal, code, what, format).await?;
    Ok(download(name, body))
}

#[get("/zones/<code>/opendata/<file>")]
async fn open_data(app: &State<App>, code: &str, file: &str) -> PageResult<Download> {
    let (what, format) = split(file)?;
    if what != "items" {
        return Err(AppError::NotFound.into());
    }
    let (name, body) = service::open_data(app, code, format).await?;
    Ok(download(name, body))
}

/// The zone's public items as open data, CSV or JSON: what the panels made public, without names.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/opendata/{file}",
    tag = "exports",
    security(()),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("file" = String, Path, description = "`items.csv` or `items.json`."),
    ),
    responses(
        (status = 200, description = "The file, as an attachment.", content((String = "text/csv"), (Object = "application/json"))),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/opendata/<file>")]
async fn api_open_data(
    app: &State<App>,
    code: &str,
    file: &str,
) -> crate::web::api::ApiResult<Download> {
    let (what, format) = split(file)?;
    if what != "items" {
        return Err(AppError::NotFound.into());
    }
    let (name, body) = service::open_data(app, code, format).await?;
    Ok(download(name, body))
}

#[get("/zones/<code>/feed.atom")]
async fn feed(app: &State<App>, code: &str) -> PageResult<(ContentType, String)> {
    let body = service::feed(app, code).await?;
    Ok((ContentType::new("application", "atom+xml"), body))
}
