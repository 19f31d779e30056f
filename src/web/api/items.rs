use super::doc;
use super::{created, ApiResult, Created, Listed};
use crate::app::App;
use crate::service::items::{self as item_service, ItemInput};
use crate::service::verdicts::{self, VerdictView};
use crate::web::body::Body;
use crate::web::guards::ApiUser;
use crate::web::url::encode as urlencode;
use crate::web::views;
use crate::web::views::item_detail::ItemDetail;
use crate::web::views::items::{ItemList, ItemTimeline};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        create,
        get_item,
        list,
        timeline,
        cosign,
        submit,
        addendum,
        verdict,
        verdict_reply
    ]
}

#[derive(Deserialize, ToSchema)]
struct NewItem {
    /// The panel's slug; the caller must be a member (or staff).
    #[schema(min_length = 1)]
    panel: String,
    // `proposal`, `question` or `signal`.
    kind: crate::domain::lifecycle::ItemKind,
    #[schema(min_length = 1, pattern = r"\S")]
    title: String,
    /// The citizen's own words; kept verbatim once submitted.
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
    /// When entered on someone's behalf: where and from whom the panel heard it.
    heard_at: Option<String>,
    /// The language of the text (nl, fr, en); Dutch when left out.
    lang: Option<String>,
}

async fn full(app: &App, user: &ApiUser, id: i64) -> ApiResult<ItemDetail> {
    let d = item_service::detail(app, &user.principal, id).await?;
    Ok(views::item_full(&d))
}

/// Writes a new item as a draft, for a panel.
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/items",
    tag = "items",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewItem,
    responses(
        (status = 201, description = "The draft.", body = views::item_detail::ItemDetail,
            headers(("Location" = String, description = "`/api/v1/items/{id}`"))),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/items", format = "json", data = "<body>")]
async fn create(
    code: &str,
    body: Body<NewItem>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Created<ItemDetail>> {
    let input = ItemInput {
        kind: body.kind.as_str(),
        title: &body.title,
        text: &body.text,
        heard_at: body.heard_at.as_deref(),
        lang: body.lang.as_deref(),
    };
    let item = item_service::create(app, &user.principal, code, &body.panel, input).await?;
    Ok(Created {
        location: format!("/api/v1/items/{}", item.id),
        body: full(app, &user, item.id).await?,
    })
}

/// An item with everything that hangs off it.
#[utoipa::path(
    get,
    path = "/api/v1/items/{id}",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 200, description = "The item.", body = views::item_detail::ItemDetail),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/items/<id>")]
async fn get_item(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<ItemDetail>> {
    Ok(Json(full(app, &user, id).await?))
}

/// The zone's items the caller may see, newest first, 50 to a page.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/items",
    operation_id = "list_items",
    tag = "items",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("status" = Option<crate::domain::lifecycle::Status>, Query, description = "Only items in this status."),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 10_000, description = "The page, from 1 (the default)."),
    ),
    responses(
        (status = 200, description = "The items.", body = views::items::ItemList),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/items?<status>&<page>")]
async fn list(
    code: &str,
    status: Option<&str>,
    page: Option<i64>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Listed<ItemList>> {
    let items = item_service::list(
        app,
        &user.principal,
        code,
        status,
        crate::domain::paging::page(page),
    )
    .await?;
    let path = match status {
        Some(s) => format!("/api/v1/zones/{code}/items?status={}", urlencode(s)),
        None => format!("/api/v1/zones/{code}/items"),
    };
    Ok(Listed::new(&items, &path, |paging| ItemList {
        items: items.rows.iter().map(views::item).collect(),
        paging,
    }))
}

/// Everything that happened to an item, in order: the links of the zone's hash chain.
#[utoipa::path(
    get,
    path = "/api/v1/items/{id}/timeline",
    operation_id = "item_timeline",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 200, description = "The timeline.", body = views::items::ItemTimeline),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/items/<id>/timeline")]
async fn timeline(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<ItemTimeline>> {
    let (item, rows) = item_service::timeline(app, &user.principal, id).await?;
    Ok(Json(ItemTimeline {
        item: item.id,
        reference: item.reference,
        events: views::timeline(&rows),
    }))
}

/// Co-signs an item of the caller's panel.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/cosign",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 201, description = "Co-signed; the item.", body = views::item_detail::ItemDetail),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/cosign")]
async fn cosign(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<(Status, Json<ItemDetail>)> {
    item_service::cosign(app, &user.principal, id).await?;
    Ok(created(full(app, &user, id).await?))
}

/// Submits a draft to the council: its text is frozen and its deadlines start.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/submit",
    operation_id = "submit_item",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 200, description = "Submitted; the item.", body = views::item_detail::ItemDetail),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/submit")]
async fn submit(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<ItemDetail>> {
    item_service::submit(app, &user.principal, id).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewAddendum {
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
}

/// Adds words to a submitted item, beside its frozen text.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/addenda",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = NewAddendum,
    responses(
        (status = 201, description = "Added; the item with `addendum_id`.", body = views::item_detail::ItemDetail),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/addenda", format = "json", data = "<body>")]
async fn addendum(
    id: i64,
    body: Body<NewAddendum>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<ItemDetail>)> {
    let aid = item_service::add_addendum(app, &user.principal, id, &body.text).await?;
    let mut v = full(app, &user, id).await?;
    v.addendum_id = Some(aid);
    Ok(created(v))
}

/// The panel's verdict on the council's latest answer.
#[derive(Deserialize, ToSchema)]
struct NewVerdict {
    // Did the panel get an answer: `answered`, `partly-answered` or `not-answered`.
    verdict: verdicts::Judgement,
    /// Why, in the panel's own words (optional).
    reason: Option<String>,
}

/// The panel says whether it got an answer. Only a member of the item's panel, once per answer,
/// within 15 working days of it; a "not answered" puts the item back with the council.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/verdict",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = NewVerdict,
    responses(
        (status = 201, description = "Given; where the verdict stands now.", body = VerdictView),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/verdict", format = "json", data = "<body>")]
async fn verdict(
    id: i64,
    body: Body<NewVerdict>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<VerdictView>)> {
    verdicts::give(
        app,
        &user.principal,
        id,
        body.verdict.as_str(),
        body.reason.as_deref(),
    )
    .await?;
    let d = item_service::detail(app, &user.principal, id).await?;
    Ok((Status::Created, Json(d.verdict())))
}

/// The council's reply to a "not answered".
#[derive(Deserialize, ToSchema)]
struct VerdictReply {
    /// What the council answers the panel.
    #[schema(min_length = 1, pattern = r"\S")]
    reply: String,
}

/// Staff or a council member reply to the panel's "not answered"; the panel may then judge
/// again, within a fresh 15 working days.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/verdict-reply",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = VerdictReply,
    responses(
        (status = 200, description = "Replied; where the verdict stands now.", body = VerdictView),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/verdict-reply", format = "json", data = "<body>")]
async fn verdict_reply(
    id: i64,
    body: Body<VerdictReply>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<VerdictView>> {
    verdicts::answer(app, &user.principal, id, &body.reply).await?;
    let d = item_service::detail(app, &user.principal, id).await?;
    Ok(Json(d.verdict()))
}
