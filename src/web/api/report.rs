//! The zone report as JSON, for the annual report and other tools of the zone.

use super::ApiResult;
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::service::report as service;
use crate::web::guards::ApiUser;
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde_json::Value;

pub fn routes() -> Vec<rocket::Route> {
    routes![report]
}

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
