//! People's own data over the API: the one-time download of everything held about the caller,
//! and erasure on request by a zone's administrator.

use super::doc;
use super::ApiResult;
use crate::app::App;
use crate::domain::privacy::EXPORT_LINK_MINUTES;
use crate::service::privacy::{self as service, ErasureReport};
use crate::web::body::Body;
use crate::web::guards::ApiUser;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![request_data, take_data, erase]
}

/// Where to fetch the download, once.
#[derive(Serialize, ToSchema)]
pub struct DataLink {
    /// The path to GET with the same token; it works once and only for the caller.
    download: String,
    /// Minutes it stays valid.
    valid_minutes: i64,
}

/// Asks for a one-time download of everything the platform holds about the caller.
#[utoipa::path(
    post,
    path = "/api/v1/me/data",
    tag = "privacy",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The link; GET it within the time given.", body = DataLink),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/me/data")]
async fn request_data(user: ApiUser, app: &State<App>) -> ApiResult<(Status, Json<DataLink>)> {
    let token = service::request_export(app, user.user.id).await?;
    Ok((
        Status::Created,
        Json(DataLink {
            download: format!("/api/v1/me/data/{token}"),
            valid_minutes: EXPORT_LINK_MINUTES,
        }),
    ))
}

/// The caller's data (`burgerstem-personal-data/1`): profile, memberships, panels, items,
/// supported items, addenda, reactions and notes, minutes responses, advice versions and notes,
/// consultation reactions, notifications and preferences, login history, invitations,
/// accessibility reports, what they did on the timelines, and earlier downloads.
#[utoipa::path(
    get,
    path = "/api/v1/me/data/{token}",
    tag = "privacy",
    security(("bearer" = [])),
    params(("token" = String, Path, description = "From `POST /api/v1/me/data`.")),
    responses(
        (status = 200, description = "Everything held about the caller.", body = Object),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me/data/<token>")]
async fn take_data(user: ApiUser, app: &State<App>, token: &str) -> ApiResult<Json<Value>> {
    Ok(Json(service::take_export(app, user.user.id, token).await?))
}

/// An erasure request, as the person made it.
#[derive(Deserialize, ToSchema)]
struct ErasureRequest {
    // `remove`: their texts become "verwijderd op verzoek"; `keep`: the texts stay under the
    // panel's name.
    #[schema(value_type = crate::domain::privacy::Texts)]
    texts: String,
    // Must be true: erasure is done on the person's own request.
    #[schema(value_type = super::doc::Yes)]
    requested_by_person: bool,
}

/// Erases a person of the zone on their request (zone administrators).
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/people/{id}/erasure",
    tag = "privacy",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "The zone's code."),
        ("id" = i64, Path, description = "The person's id."),
    ),
    request_body = ErasureRequest,
    responses(
        (status = 200, description = "Erased.", body = ErasureReport),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post(
    "/api/v1/zones/<code>/people/<id>/erasure",
    format = "json",
    data = "<body>"
)]
async fn erase(
    user: ApiUser,
    app: &State<App>,
    code: &str,
    id: i64,
    body: Body<ErasureRequest>,
) -> ApiResult<Json<ErasureReport>> {
    let request = service::ErasureRequest {
        texts: Some(&body.texts),
        requested_by_person: body.requested_by_person,
    };
    Ok(Json(
        service::erase(app, &user.principal, code, id, request).await?,
    ))
}
