//! An item's dossier as JSON: the item with everything that hangs off it, its timeline, and the
//! proof (the piece of the zone's hash chain to verify it offline, see `domain::proof`).

use super::doc;
use super::ApiResult;
use crate::app::App;
use crate::service::dossier;
use crate::web::guards::ApiUser;
use crate::web::views::{self, dossier::Dossier};
use rocket::serde::json::Json;
use rocket::{get, routes, State};

pub fn routes() -> Vec<rocket::Route> {
    routes![get_dossier]
}

/// An item's dossier: the item, its timeline, and the proof to verify it offline against the zone's hash chain.
#[utoipa::path(
    get,
    path = "/api/v1/items/{id}/dossier",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 200, description = "The dossier.", body = views::dossier::Dossier),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/items/<id>/dossier")]
async fn get_dossier(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Dossier>> {
    let d = dossier::dossier(app, &user.principal, id).await?;
    Ok(Json(views::dossier::dossier(&d)))
}
