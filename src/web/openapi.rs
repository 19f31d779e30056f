//! The OpenAPI 3 document of the JSON API, generated from the `#[utoipa::path]` annotations on the
//! handlers and the schemas derived from their types, served at `/api/v1/openapi.json` and shown
//! as a page at `/api` (`web::pages::api_docs`). tests/openapi.rs checks that it lists exactly the
//! mounted `/api/v1` routes and runs an OpenAPI validator on it.

use crate::web::api::doc::{
    BadRequest, Conflict, Forbidden, Invalid, NotFound, TooLarge, TooManyRequests, Unauthorized,
    Unavailable, UnsupportedMediaType,
};
use crate::web::api::{self, ErrorBody};
use crate::web::pages::{calendars, checkpoints, exports, search, side_by_side};
use rocket::http::ContentType;
use rocket::{get, routes};
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::Ref;
use utoipa::{Modify, OpenApi};

pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

pub fn routes() -> Vec<rocket::Route> {
    routes![openapi_json]
}

/// The bearer scheme (named `bearer` in the `security(...)` of the handlers).
struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `POST /api/v1/tokens` (email and password), sent as \
                         `Authorization: Bearer <token>`. `DELETE /api/v1/tokens/current` ends it. \
                         The API does not accept the web session cookie, so that other sites \
                         cannot make a browser call it.",
                    ))
                    .build(),
            ),
        );
    }
}

/// What holds for every operation, said once here rather than on each: a body in another media
/// type is answered 415 (`web::unrouted`), a query value that does not fit the document 422
/// (`web::query_contract`).
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for item in doc.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let responses = &mut op.responses.responses;
                if op.request_body.is_some() {
                    responses.insert(
                        "415".to_string(),
                        Ref::from_response_name("UnsupportedMediaType").into(),
                    );
                }
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Query));
                if has_query && !responses.contains_key("422") {
                    responses.insert("422".to_string(), Ref::from_response_name("Invalid").into());
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Burgerstem",
        version = env!("CARGO_PKG_VERSION"),
        description = "The JSON API of Burgerstem: citizen panels put their own items to the care \
            council of a first-line zone (eerstelijnszone) and follow them to a decision and its \
            follow-up; the council asks panels for advice in consultations and reports back; \
            anyone can bring in a signal. The API does what the web pages do, for integrations \
            and scripts. Requests and responses are JSON (except the CSV exports). Errors have \
            one shape, the `Error` schema, with the status. Messages follow `Accept-Language` \
            (nl, fr, en).",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "accounts", description = "Tokens, the caller, zones, panels and invitations."),
        (name = "items", description = "Items (proposals, questions, signals) written by a panel."),
        (name = "agenda", description = "The council's side of an item: steps, meetings, minutes, decisions and follow-up."),
        (name = "consultations", description = "Questions from the council to panels, the advice, and the report back."),
        (name = "signals", description = "Signals from anyone, without an account, and their triage by the zone."),
        (name = "notifications", description = "The caller's notifications and mail preferences."),
        (name = "report", description = "The zone's figures and report for a period."),
        (name = "exports", description = "Downloads for the zone's staff, and open data for everyone."),
        (name = "privacy", description = "People's own data: a download of everything held about them, and erasure on request."),
        (name = "openapi", description = "This document."),
    ),
    paths(
        openapi_json,
        api::accounts::create_token,
        api::accounts::request_sign_in_link,
        api::accounts::my_sessions,
        api::accounts::end_my_session,
        api::accounts::reset_second_factor,
        api::accounts::revoke_token,
        api::accounts::me,
        api::accounts::create_zone,
        api::accounts::create_panel,
        api::accounts::invite,
        api::accounts::accept,
        calendars::api_make_link,
        calendars::api_revoke_link,
        api::items::create,
        api::items::get_item,
        api::items::list,
        api::items::timeline,
        api::items::cosign,
        api::items::submit,
        api::items::addendum,
        api::items::verdict,
        api::items::verdict_reply,
        api::dossier::get_dossier,
        api::agenda::transition,
        api::agenda::create_meeting,
        api::agenda::get_meeting,
        api::agenda::meeting_held,
        api::agenda::add_minutes,
        api::agenda::minutes_response,
        api::agenda::add_action,
        api::agenda::action_update,
        api::agenda::reaction,
        api::agenda::visibility,
        api::agenda::overview,
        api::agenda::figures,
        api::consultations::ask,
        api::consultations::list,
        api::consultations::get_one,
        api::consultations::timeline,
        api::consultations::save_advice,
        api::consultations::submit,
        api::consultations::note,
        api::consultations::react,
        api::consultations::report_back,
        api::consultations::point_to_item,
        api::signals::bring_in,
        api::signals::follow,
        api::signals::list,
        api::signals::timeline,
        api::signals::triage,
        api::notifications::list,
        api::notifications::read,
        api::notifications::preferences,
        api::notifications::set_preferences,
        api::report::report,
        exports::api_export,
        exports::api_open_data,
        side_by_side::api_figures,
        checkpoints::api_checkpoint,
        checkpoints::api_verify,
        search::api_search,
        search::api_similar,
        api::privacy::request_data,
        api::privacy::take_data,
        api::privacy::erase,
    ),
    components(
        schemas(
            ErrorBody,
            search::SearchStatus,
            crate::domain::lifecycle::Status,
            crate::domain::signals::SignalStatus
        ),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            TooLarge,
            Invalid,
            UnsupportedMediaType,
            TooManyRequests,
            Unavailable
        )
    ),
    modifiers(&Security, &Conventions)
)]
pub struct ApiDoc;

/// The document, built once: it only changes with the code.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| serde_json::to_string(document()).expect("the OpenAPI document serializes"))
}

/// This OpenAPI document.
///
/// Generated from the code, so it describes the API of the server that serves it.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "openapi",
    security(()),
    responses(
        (status = 200, description = "The OpenAPI 3.1 document.", body = Object),
    )
)]
#[get("/api/v1/openapi.json")]
fn openapi_json() -> (ContentType, &'static str) {
    (ContentType::JSON, document_json())
}
