//! An item's dossier as JSON: the item with everything that hangs off it, its timeline, and the
//! proof (the piece of the zone's hash chain to verify it offline, see `domain::proof`).

use super::{schemas, ApiResult};
use crate::app::App;
use crate::service::dossier::{self, Dossier};
use crate::web::guards::ApiUser;
use crate::web::openapi as doc;
use crate::web::views;
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde_json::{json, Value};

/// The version tag of the dossier JSON (the `proof` inside has its own).
pub const FORMAT: &str = "burgerstem-dossier/1";

pub fn routes() -> Vec<rocket::Route> {
    routes![get_dossier]
}

/// The dossier as JSON, the same for the API and the download on the page.
pub fn to_json(d: &Dossier) -> Value {
    json!({
        "format": FORMAT,
        "generated_at": views::ts(d.generated_at),
        "item": views::item_full(&d.detail),
        "timeline": views::timeline(&d.timeline),
        "proof": serde_json::to_value(&d.proof).expect("a proof serializes"),
    })
}

/// An item's dossier: the item, its timeline, and the proof to verify it offline against the zone's hash chain.
#[utoipa::path(
    get,
    path = "/api/v1/items/{id}/dossier",
    tag = "items",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    responses(
        (status = 200, description = "The dossier.", body = schemas::Dossier),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/items/<id>/dossier")]
async fn get_dossier(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let d = dossier::dossier(app, &user.principal, id).await?;
    Ok(Json(to_json(&d)))
}
