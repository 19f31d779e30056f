use super::{created, ApiResult};
use crate::app::App;
use crate::service::items::{self as item_service, ItemInput};
use crate::web::guards::ApiUser;
use crate::web::views;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Vec<rocket::Route> {
    routes![create, get_item, list, timeline, cosign, submit, addendum]
}

#[derive(Deserialize)]
struct NewItem {
    panel: String,
    kind: String,
    title: String,
    text: String,
    heard_at: Option<String>,
    /// The language of the text (nl, fr, en); Dutch when left out.
    lang: Option<String>,
}

async fn full(app: &App, user: &ApiUser, id: i64) -> ApiResult<Value> {
    let d = item_service::detail(app, &user.principal, id).await?;
    Ok(views::item_full(&d))
}

#[post("/api/v1/zones/<code>/items", format = "json", data = "<body>")]
async fn create(
    code: &str,
    body: Json<NewItem>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let input = ItemInput {
        kind: &body.kind,
        title: &body.title,
        text: &body.text,
        heard_at: body.heard_at.as_deref(),
        lang: body.lang.as_deref(),
    };
    let item = item_service::create(app, &user.principal, code, &body.panel, input).await?;
    Ok(created(full(app, &user, item.id).await?))
}

#[get("/api/v1/items/<id>")]
async fn get_item(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    Ok(Json(full(app, &user, id).await?))
}

#[get("/api/v1/zones/<code>/items?<status>&<page>")]
async fn list(
    code: &str,
    status: Option<&str>,
    page: Option<i64>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
    let items = item_service::list(app, &user.principal, code, status, page.unwrap_or(1)).await?;
    Ok(Json(
        json!({"items": items.iter().map(views::item).collect::<Vec<_>>()}),
    ))
}

#[get("/api/v1/items/<id>/timeline")]
async fn timeline(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let (item, rows) = item_service::timeline(app, &user.principal, id).await?;
    Ok(Json(
        json!({"item": item.id, "reference": item.reference, "events": views::timeline(&rows)}),
    ))
}

#[post("/api/v1/items/<id>/cosign")]
async fn cosign(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<(Status, Json<Value>)> {
    item_service::cosign(app, &user.principal, id).await?;
    Ok(created(full(app, &user, id).await?))
}

#[post("/api/v1/items/<id>/submit")]
async fn submit(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    item_service::submit(app, &user.principal, id).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize)]
struct NewAddendum {
    text: String,
}

#[post("/api/v1/items/<id>/addenda", format = "json", data = "<body>")]
async fn addendum(
    id: i64,
    body: Json<NewAddendum>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let aid = item_service::add_addendum(app, &user.principal, id, &body.text).await?;
    let mut v = full(app, &user, id).await?;
    v["addendum_id"] = json!(aid);
    Ok(created(v))
}
