//! The zone report as JSON, for the annual report and other tools of the zone.

use super::doc;
use super::ApiResult;
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::service::report::{self as service, Report};
use crate::web::guards::ApiUser;
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde_json::Value;

pub fn routes() -> Vec<rocket::Route> {
    routes![report]
}

/// The zone's report for a period, for the annual report (staff, council and administrators).
///
/// A `year`, or `from` and `to`; by default the last calendar year.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/report",
    tag = "report",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("year" = Option<i32>, Query, description = "A calendar year."),
        ("from" = Option<String>, Query, format = Date, description = "The first day, `YYYY-MM-DD`."),
        ("to" = Option<String>, Query, format = Date, description = "The last day, `YYYY-MM-DD`."),
    ),
    responses(
        (status = 200, description = "The report.", body = Report),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/report?<year>&<from>&<to>")]
async fn report(
    code: &str,
    year: Option<i32>,
    from: Option<&str>,
    to: Option<&str>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
    let today = brussels_date(app.clock.now());
    let (a, b) = service::period(today, year, from, to)?;
    let r = service::report(app, &user.principal, code, a, b).await?;
    Ok(Json(serde_json::to_value(r).unwrap_or(Value::Null)))
}
