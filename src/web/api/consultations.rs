//! Consultations through the API: asking, the shared advice in versions, notes and dissent,
//! reactions, submitting, the report back per point, and turning a point into an item.

use super::doc;
use super::{created, ApiResult, Created};
use crate::app::App;
use crate::service::consultations::{self as service, AskInput, ReportInput};
use crate::web::body::Body;
use crate::web::guards::ApiUser;
use crate::web::views::consultations::{
    self as view, Consultation, ConsultationList, ConsultationTimeline, InvitationLink,
    PointMadeItem,
};
use crate::web::views::{self, ItemRef};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, put, routes, State};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        ask,
        list,
        get_one,
        timeline,
        save_advice,
        submit,
        note,
        react,
        report_back,
        point_to_item
    ]
}

#[derive(Deserialize, ToSchema)]
struct Invite {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\r ]*[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*[\t\n\r ]*$"
    )]
    name: String,
    #[schema(format = Email)]
    email: String,
}

#[derive(Deserialize, ToSchema)]
struct NewConsultation {
    #[schema(min_length = 1, pattern = r"\S")]
    title: String,
    /// The council's question, in plain words.
    #[schema(min_length = 1, pattern = r"\S")]
    question: String,
    #[serde(default)]
    background: String,
    /// Links to read beforehand.
    #[serde(default)]
    links: Vec<String>,
    /// The date the advice is due, `YYYY-MM-DD`.
    #[schema(format = Date)]
    advice_due: String,
    /// The slugs of the panels asked.
    #[schema(min_items = 1)]
    panels: Vec<String>,
    /// For a sounding board: the ids of the people asked.
    #[serde(default)]
    participants: Vec<i64>,
    /// For a sounding board: people without an account, invited by mail.
    #[serde(default)]
    invite: Vec<Invite>,
}

async fn full(app: &App, user: &ApiUser, id: i64) -> ApiResult<Consultation> {
    let d = service::detail(app, &user.principal, id).await?;
    Ok(view::detail(&d))
}

/// Asks one or more panels for advice (staff).
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/consultations",
    tag = "consultations",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewConsultation,
    responses(
        (status = 201, description = "The consultation, with `invitations`.", body = views::consultations::Consultation,
            headers(("Location" = String, description = "`/api/v1/consultations/{id}`"))),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/consultations", format = "json", data = "<body>")]
async fn ask(
    code: &str,
    body: Body<NewConsultation>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Created<Consultation>> {
    let links = body.links.join("\n");
    // The same line format as the page's form, so both are checked by one rule.
    let invite = body
        .invite
        .iter()
        .map(|i| format!("{}, {}", i.name.replace(['\n', ','], " "), i.email.trim()))
        .collect::<Vec<_>>()
        .join("\n");
    let input = AskInput {
        title: &body.title,
        question: &body.question,
        background: &body.background,
        links: &links,
        advice_due: &body.advice_due,
        panels: body.panels.clone(),
        participants: body.participants.clone(),
        invite: &invite,
    };
    let asked = service::ask(app, &user.principal, code, input).await?;
    let mut v = full(app, &user, asked.consultation.id).await?;
    // The links are shown once to the asker, to pass on if the mail does not arrive.
    v.invitations = Some(
        asked
            .invitations
            .iter()
            .map(|(email, path)| InvitationLink {
                email: email.clone(),
                link: path.clone(),
            })
            .collect(),
    );
    Ok(Created {
        location: format!("/api/v1/consultations/{}", asked.consultation.id),
        body: v,
    })
}

/// The zone's consultations the caller may see, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/consultations",
    operation_id = "list_consultations",
    tag = "consultations",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    responses(
        (status = 200, description = "The consultations.", body = views::consultations::ConsultationList),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/consultations")]
async fn list(code: &str, user: ApiUser, app: &State<App>) -> ApiResult<Json<ConsultationList>> {
    let rows = service::list(app, &user.principal, code).await?;
    Ok(Json(ConsultationList {
        consultations: rows.iter().map(view::row).collect(),
    }))
}

/// A consultation with its advices, versions, notes and the report back.
#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    responses(
        (status = 200, description = "The consultation.", body = views::consultations::Consultation),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/consultations/<id>")]
async fn get_one(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Consultation>> {
    Ok(Json(full(app, &user, id).await?))
}

/// Everything that happened to a consultation, in order.
#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}/timeline",
    operation_id = "consultation_timeline",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    responses(
        (status = 200, description = "The timeline.", body = views::consultations::ConsultationTimeline),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/consultations/<id>/timeline")]
async fn timeline(
    id: i64,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<ConsultationTimeline>> {
    let (c, rows) = service::timeline(app, &user.principal, id).await?;
    Ok(Json(ConsultationTimeline {
        consultation: c.id,
        reference: c.reference,
        events: views::timeline(&rows),
    }))
}

#[derive(Deserialize, ToSchema)]
struct AdviceDraft {
    /// The panel's slug.
    #[schema(min_length = 1)]
    panel: String,
    /// The whole advice; one point per paragraph.
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
    /// The version this text was written from; a newer one in between gives 409.
    base_version: Option<i64>,
}

/// Saves a new version of a panel's advice (the panel's members).
///
/// Send the version the text was written from as `base_version`: when someone saved a newer one in between, the answer is 409 and nothing is lost.
#[utoipa::path(
    put,
    path = "/api/v1/consultations/{id}/advice",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = AdviceDraft,
    responses(
        (status = 200, description = "Saved; the consultation with `saved_version`.", body = views::consultations::Consultation),
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
#[put("/api/v1/consultations/<id>/advice", format = "json", data = "<body>")]
async fn save_advice(
    id: i64,
    body: Body<AdviceDraft>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Consultation>> {
    let version = service::save_advice(
        app,
        &user.principal,
        id,
        &body.panel,
        &body.text,
        body.base_version,
    )
    .await?;
    let mut v = full(app, &user, id).await?;
    v.saved_version = Some(version);
    Ok(Json(v))
}

#[derive(Deserialize, ToSchema)]
struct PanelOnly {
    /// The panel's slug.
    #[schema(min_length = 1)]
    panel: String,
}

/// Submits a panel's advice to the council; the report back is due from then.
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/submit",
    operation_id = "submit_advice",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = PanelOnly,
    responses(
        (status = 200, description = "Submitted; the consultation.", body = views::consultations::Consultation),
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
#[post("/api/v1/consultations/<id>/submit", format = "json", data = "<body>")]
async fn submit(
    id: i64,
    body: Body<PanelOnly>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Consultation>> {
    service::submit_advice(app, &user.principal, id, &body.panel).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewNote {
    /// The panel's slug.
    #[schema(min_length = 1)]
    panel: String,
    // `note` or `dissent` (a member's differing view, kept with the advice).
    kind: crate::domain::consultation::NoteKind,
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
}

/// Adds a note or a dissent to a panel's advice.
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/notes",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = NewNote,
    responses(
        (status = 201, description = "Added; the consultation with `note_id`.", body = views::consultations::Consultation),
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
#[post("/api/v1/consultations/<id>/notes", format = "json", data = "<body>")]
async fn note(
    id: i64,
    body: Body<NewNote>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Consultation>)> {
    let nid = service::add_note(
        app,
        &user.principal,
        id,
        &body.panel,
        body.kind.as_str(),
        &body.text,
    )
    .await?;
    let mut v = full(app, &user, id).await?;
    v.note_id = Some(nid);
    Ok(created(v))
}

#[derive(Deserialize, ToSchema)]
struct NewConsultationReaction {
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
}

/// Reacts to a consultation.
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/reactions",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = NewConsultationReaction,
    responses(
        (status = 201, description = "Added; the consultation with `reaction_id`.", body = views::consultations::Consultation),
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
#[post(
    "/api/v1/consultations/<id>/reactions",
    format = "json",
    data = "<body>"
)]
async fn react(
    id: i64,
    body: Body<NewConsultationReaction>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Consultation>)> {
    let rid = service::react(app, &user.principal, id, &body.text).await?;
    let mut v = full(app, &user, id).await?;
    v.reaction_id = Some(rid);
    Ok(created(v))
}

#[derive(Deserialize, ToSchema)]
struct PointAnswer {
    /// The point's number, from 1.
    #[schema(minimum = 1)]
    point: i64,
    // `followed`, `partly-followed` or `not-followed`.
    outcome: crate::domain::consultation::PointOutcome,
    #[schema(min_length = 1, pattern = r"\S")]
    reasons: String,
}

#[derive(Deserialize, ToSchema)]
struct ReportBack {
    /// The panel's slug.
    #[schema(min_length = 1)]
    panel: String,
    #[serde(default)]
    summary: String,
    /// An answer for every point of the advice.
    points: Vec<PointAnswer>,
}

/// Reports back to a panel what was done with each point of its advice (staff).
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/report-back",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = ReportBack,
    responses(
        (status = 200, description = "Reported; the consultation.", body = views::consultations::Consultation),
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
#[post(
    "/api/v1/consultations/<id>/report-back",
    format = "json",
    data = "<body>"
)]
async fn report_back(
    id: i64,
    body: Body<ReportBack>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Consultation>> {
    let input = ReportInput {
        panel: &body.panel,
        summary: &body.summary,
        points: body
            .points
            .iter()
            .map(|p| (p.point, p.outcome.as_str().to_string(), p.reasons.clone()))
            .collect(),
    };
    service::report_back(app, &user.principal, id, input).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct PointToItem {
    /// The panel's slug.
    #[schema(min_length = 1)]
    panel: String,
    /// The point's number, from 1.
    #[schema(minimum = 1)]
    point: i64,
    /// The item's title; by default the start of the point.
    title: Option<String>,
}

/// Turns a point of advice into an item of the panel, linked both ways.
#[utoipa::path(
    post,
    path = "/api/v1/consultations/{id}/items",
    tag = "consultations",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The consultation's id.")),
    request_body = PointToItem,
    responses(
        (status = 201, description = "The new item.", body = views::consultations::PointMadeItem),
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
#[post("/api/v1/consultations/<id>/items", format = "json", data = "<body>")]
async fn point_to_item(
    id: i64,
    body: Body<PointToItem>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<PointMadeItem>)> {
    let (item, reference) = service::point_to_item(
        app,
        &user.principal,
        id,
        &body.panel,
        body.point,
        body.title.as_deref(),
    )
    .await?;
    Ok(created(PointMadeItem {
        item: ItemRef {
            id: item,
            reference,
        },
        consultation: id,
    }))
}
