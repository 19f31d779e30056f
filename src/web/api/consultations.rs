//! Consultations through the API: asking, the shared advice in versions, notes and dissent,
//! reactions, submitting, the report back per point, and turning a point into an item.

use super::{created, ApiResult};
use crate::app::App;
use crate::service::consultations::{self as service, AskInput, ReportInput};
use crate::web::consultation_view as view;
use crate::web::guards::ApiUser;
use crate::web::views;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, put, routes, State};
use serde::Deserialize;
use serde_json::{json, Value};

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

#[derive(Deserialize)]
struct Invite {
    name: String,
    email: String,
}

#[derive(Deserialize)]
struct NewConsultation {
    title: String,
    question: String,
    #[serde(default)]
    background: String,
    #[serde(default)]
    links: Vec<String>,
    advice_due: String,
    panels: Vec<String>,
    #[serde(default)]
    participants: Vec<i64>,
    #[serde(default)]
    invite: Vec<Invite>,
}

async fn full(app: &App, user: &ApiUser, id: i64) -> ApiResult<Value> {
    let d = service::detail(app, &user.principal, id).await?;
    Ok(view::detail(&d))
}

#[post("/api/v1/zones/<code>/consultations", format = "json", data = "<body>")]
async fn ask(
    code: &str,
    body: Json<NewConsultation>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
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
    v["invitations"] = asked
        .invitations
        .iter()
        .map(|(email, path)| json!({"email": email, "link": path}))
        .collect();
    Ok(created(v))
}

#[get("/api/v1/zones/<code>/consultations")]
async fn list(code: &str, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let rows = service::list(app, &user.principal, code).await?;
    Ok(Json(
        json!({"consultations": rows.iter().map(view::row).collect::<Vec<_>>()}),
    ))
}

#[get("/api/v1/consultations/<id>")]
async fn get_one(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    Ok(Json(full(app, &user, id).await?))
}

#[get("/api/v1/consultations/<id>/timeline")]
async fn timeline(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let (c, rows) = service::timeline(app, &user.principal, id).await?;
    Ok(Json(
        json!({"consultation": c.id, "reference": c.reference, "events": views::timeline(&rows)}),
    ))
}

#[derive(Deserialize)]
struct AdviceVersion {
    panel: String,
    text: String,
    /// The version this text was written from; a newer one in between gives 409.
    base_version: Option<i64>,
}

#[put("/api/v1/consultations/<id>/advice", format = "json", data = "<body>")]
async fn save_advice(
    id: i64,
    body: Json<AdviceVersion>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
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
    v["saved_version"] = json!(version);
    Ok(Json(v))
}

#[derive(Deserialize)]
struct PanelOnly {
    panel: String,
}

#[post("/api/v1/consultations/<id>/submit", format = "json", data = "<body>")]
async fn submit(
    id: i64,
    body: Json<PanelOnly>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
    service::submit_advice(app, &user.principal, id, &body.panel).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize)]
struct NewNote {
    panel: String,
    kind: String,
    text: String,
}

#[post("/api/v1/consultations/<id>/notes", format = "json", data = "<body>")]
async fn note(
    id: i64,
    body: Json<NewNote>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let nid = service::add_note(
        app,
        &user.principal,
        id,
        &body.panel,
        &body.kind,
        &body.text,
    )
    .await?;
    let mut v = full(app, &user, id).await?;
    v["note_id"] = json!(nid);
    Ok(created(v))
}

#[derive(Deserialize)]
struct NewReaction {
    text: String,
}

#[post(
    "/api/v1/consultations/<id>/reactions",
    format = "json",
    data = "<body>"
)]
async fn react(
    id: i64,
    body: Json<NewReaction>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let rid = service::react(app, &user.principal, id, &body.text).await?;
    let mut v = full(app, &user, id).await?;
    v["reaction_id"] = json!(rid);
    Ok(created(v))
}

#[derive(Deserialize)]
struct PointAnswer {
    point: i64,
    outcome: String,
    reasons: String,
}

#[derive(Deserialize)]
struct ReportBack {
    panel: String,
    #[serde(default)]
    summary: String,
    points: Vec<PointAnswer>,
}

#[post(
    "/api/v1/consultations/<id>/report-back",
    format = "json",
    data = "<body>"
)]
async fn report_back(
    id: i64,
    body: Json<ReportBack>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
    let input = ReportInput {
        panel: &body.panel,
        summary: &body.summary,
        points: body
            .points
            .iter()
            .map(|p| (p.point, p.outcome.clone(), p.reasons.clone()))
            .collect(),
    };
    service::report_back(app, &user.principal, id, input).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize)]
struct PointToItem {
    panel: String,
    point: i64,
    title: Option<String>,
}

#[post("/api/v1/consultations/<id>/items", format = "json", data = "<body>")]
async fn point_to_item(
    id: i64,
    body: Json<PointToItem>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let (item, reference) = service::point_to_item(
        app,
        &user.principal,
        id,
        &body.panel,
        body.point,
        body.title.as_deref(),
    )
    .await?;
    Ok(created(
        json!({"item": {"id": item, "reference": reference}, "consultation": id}),
    ))
}
