use super::doc;
use super::{created, ApiResult, Created};
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::service::agenda::{self, ActionInput, ActionUpdateInput, TransitionInput};
use crate::service::deadlines::{self as keeper};
use crate::service::figures::Figures;
use crate::service::items as item_service;
use crate::service::meetings::{self, MeetingInput};
use crate::web::body::Body;
use crate::web::guards::ApiUser;
use crate::web::views::{
    self,
    agenda::{CreatedActionUpdate, CreatedMinutes, Meeting, MeetingDetail, Overview},
    item_detail::ItemDetail,
};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        transition,
        create_meeting,
        get_meeting,
        meeting_held,
        add_minutes,
        minutes_response,
        add_action,
        action_update,
        reaction,
        visibility,
        overview,
        figures
    ]
}

async fn full(app: &App, user: &ApiUser, id: i64) -> ApiResult<ItemDetail> {
    let d = item_service::detail(app, &user.principal, id).await?;
    Ok(views::item_full(&d))
}

/// One step in an item's life, with exactly the fields that step takes (`action` says which).
#[derive(Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "kebab-case")]
enum Transition {
    /// The author sends a draft in (as `POST /api/v1/items/{id}/submit`).
    Submit,
    /// Staff acknowledge a submitted item, with the date the panel gets an answer: `due`, or the
    /// date of `meeting`, or the zone's usual time.
    Acknowledge {
        #[schema(format = Date)]
        due: Option<String>,
        meeting: Option<i64>,
    },
    /// Staff ask the panel a question; the deadlines pause.
    RequestClarification {
        #[serde(alias = "note")]
        #[schema(min_length = 1)]
        text: String,
    },
    /// The panel answers the question; the deadlines move on by the pause.
    AnswerClarification {
        #[schema(min_length = 1)]
        text: String,
    },
    /// Staff put the item on a planned meeting's agenda.
    Schedule { meeting: i64 },
    /// The council's decision, with reasons the panel can read.
    Decide(NewDecision),
    /// A correction of the decision in force (the old one stays visible).
    CorrectDecision(NewDecision),
    /// Staff propose to close; the panel may object within the zone's time.
    ProposeClosure {
        #[serde(alias = "text")]
        #[schema(min_length = 1)]
        note: String,
    },
    /// The panel agrees to close.
    ConfirmClosure,
    /// The panel objects to closing, saying why.
    ObjectClosure {
        #[serde(alias = "note")]
        #[schema(min_length = 1)]
        text: String,
    },
    /// The author withdraws the item, optionally saying why.
    Withdraw {
        #[serde(alias = "note")]
        text: Option<String>,
    },
    /// Staff reopen a closed item, saying why.
    Reopen {
        #[serde(alias = "reasons")]
        #[schema(min_length = 1)]
        text: String,
    },
}

/// What the council decided.
#[derive(Deserialize, ToSchema)]
struct NewDecision {
    // Checked by the service, which names the field (serde loses the path inside a tagged enum).
    #[schema(value_type = views::agenda::Outcome)]
    outcome: String,
    #[schema(min_length = 1)]
    reasons: String,
    /// With `postponed`: the new date.
    #[schema(format = Date)]
    review_date: Option<String>,
    /// With `referred`: to whom.
    referred_to: Option<String>,
}

impl From<Transition> for TransitionInput {
    fn from(t: Transition) -> Self {
        let step = |action: &str| TransitionInput {
            action: action.to_string(),
            ..Default::default()
        };
        let decision = |action: &str, d: NewDecision| TransitionInput {
            outcome: Some(d.outcome),
            reasons: Some(d.reasons),
            review_date: d.review_date,
            referred_to: d.referred_to,
            ..step(action)
        };
        match t {
            Transition::Submit => step("submit"),
            Transition::Acknowledge { due, meeting } => TransitionInput {
                due,
                meeting,
                ..step("acknowledge")
            },
            Transition::RequestClarification { text } => TransitionInput {
                text: Some(text),
                ..step("request-clarification")
            },
            Transition::AnswerClarification { text } => TransitionInput {
                text: Some(text),
                ..step("answer-clarification")
            },
            Transition::Schedule { meeting } => TransitionInput {
                meeting: Some(meeting),
                ..step("schedule")
            },
            Transition::Decide(d) => decision("decide", d),
            Transition::CorrectDecision(d) => decision("correct-decision", d),
            Transition::ProposeClosure { note } => TransitionInput {
                note: Some(note),
                ..step("propose-closure")
            },
            Transition::ConfirmClosure => step("confirm-closure"),
            Transition::ObjectClosure { text } => TransitionInput {
                text: Some(text),
                ..step("object-closure")
            },
            Transition::Withdraw { text } => TransitionInput {
                text,
                ..step("withdraw")
            },
            Transition::Reopen { text } => TransitionInput {
                text: Some(text),
                ..step("reopen")
            },
        }
    }
}

/// Moves an item one step in its life: acknowledge, ask for clarification, schedule, decide, close.
///
/// Each step reads the fields it needs and may be made only by its actor (staff, the panel) in the right state.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/transitions",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = Transition,
    responses(
        (status = 200, description = "Done; the item.", body = views::item_detail::ItemDetail),
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
#[post("/api/v1/items/<id>/transitions", format = "json", data = "<body>")]
async fn transition(
    id: i64,
    body: Body<Transition>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<ItemDetail>> {
    agenda::transition(app, &user.principal, id, body.into_inner().into()).await?;
    Ok(Json(full(app, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewMeeting {
    /// Brussels local time, `YYYY-MM-DDTHH:MM`.
    #[schema(
        pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
    )]
    starts_at: String,
    #[schema(min_length = 1, pattern = r"\S")]
    place: String,
    /// What else is on the council's agenda.
    other_points: Option<String>,
}

/// Plans a council meeting (staff).
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/meetings",
    tag = "agenda",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewMeeting,
    responses(
        (status = 201, description = "The meeting.", body = views::agenda::Meeting,
            headers(("Location" = String, description = "`/api/v1/meetings/{id}`"))),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/meetings", format = "json", data = "<body>")]
async fn create_meeting(
    code: &str,
    body: Body<NewMeeting>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Created<Meeting>> {
    let m = meetings::create(
        app,
        &user.principal,
        code,
        MeetingInput {
            starts_at: &body.starts_at,
            place: &body.place,
            other_points: body.other_points.as_deref(),
        },
    )
    .await?;
    Ok(Created {
        location: format!("/api/v1/meetings/{}", m.id),
        body: views::meeting(&m),
    })
}

/// A meeting with its agenda, minutes and decisions.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The meeting.", body = views::agenda::MeetingDetail),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/meetings/<id>")]
async fn get_meeting(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<MeetingDetail>> {
    let v = meetings::view(app, &user.principal, id).await?;
    Ok(Json(views::meeting_detail(
        &v,
        brussels_date(app.clock.now()),
    )))
}

/// Marks a meeting as held (staff); the panels are asked to confirm the minutes.
#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/held",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The meeting's id.")),
    responses(
        (status = 200, description = "The meeting.", body = views::agenda::MeetingDetail),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/meetings/<id>/held")]
async fn meeting_held(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<MeetingDetail>> {
    meetings::mark_held(app, &user.principal, id).await?;
    let v = meetings::view(app, &user.principal, id).await?;
    Ok(Json(views::meeting_detail(
        &v,
        brussels_date(app.clock.now()),
    )))
}

#[derive(Deserialize, ToSchema)]
struct NewMinutes {
    /// The item's id; it must be on the meeting's agenda.
    item: i64,
    /// What was said about the item.
    #[schema(min_length = 1, pattern = r"\S")]
    summary: String,
}

/// Records the minutes of a meeting about one item (staff).
#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/minutes",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The meeting's id.")),
    request_body = NewMinutes,
    responses(
        (status = 201, description = "The minutes entry.", body = views::agenda::CreatedMinutes),
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
#[post("/api/v1/meetings/<id>/minutes", format = "json", data = "<body>")]
async fn add_minutes(
    id: i64,
    body: Body<NewMinutes>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<CreatedMinutes>)> {
    let mid = meetings::add_minutes(app, &user.principal, id, body.item, &body.summary).await?;
    Ok(created(CreatedMinutes {
        id: mid,
        meeting: id,
        item: body.item,
    }))
}

/// The panel's answer to the minutes: they say what was said, or a correction.
#[derive(Deserialize, ToSchema)]
#[serde(untagged, try_from = "MinutesAnswerFields")]
enum MinutesAnswer {
    Confirm {
        // The minutes say what was said.
        #[schema(value_type = doc::Yes)]
        confirm: bool,
    },
    Correct {
        /// What the minutes should have said; stays with the item.
        #[schema(min_length = 1, pattern = r"\S")]
        correction: String,
    },
}

#[derive(Deserialize)]
struct MinutesAnswerFields {
    #[serde(default)]
    confirm: bool,
    correction: Option<String>,
}

impl TryFrom<MinutesAnswerFields> for MinutesAnswer {
    /// In serde's words, so `web::body` names the field.
    type Error = &'static str;

    fn try_from(f: MinutesAnswerFields) -> Result<Self, Self::Error> {
        match (f.confirm, f.correction) {
            (true, None) => Ok(MinutesAnswer::Confirm { confirm: true }),
            (false, Some(correction)) => Ok(MinutesAnswer::Correct { correction }),
            (true, Some(_)) => Err("not together: `correction` with `confirm`"),
            (false, None) => Err("missing field `correction`"),
        }
    }
}

/// The panel confirms the minutes about its item, or attaches a correction.
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/minutes-responses",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = MinutesAnswer,
    responses(
        (status = 201, description = "Recorded; the item.", body = views::item_detail::ItemDetail),
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
    "/api/v1/items/<id>/minutes-responses",
    format = "json",
    data = "<body>"
)]
async fn minutes_response(
    id: i64,
    body: Body<MinutesAnswer>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<ItemDetail>)> {
    let (confirm, correction) = match &*body {
        MinutesAnswer::Confirm { confirm } => (*confirm, None),
        MinutesAnswer::Correct { correction } => (false, Some(correction.as_str())),
    };
    meetings::respond_to_minutes(app, &user.principal, id, confirm, correction).await?;
    Ok(created(full(app, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewAction {
    #[schema(min_length = 1, pattern = r"\S")]
    what: String,
    /// Who does it (a name or an organisation).
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\r ]*[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*[\t\n\r ]*$"
    )]
    responsible: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    due: String,
}

/// Adds a follow-up action to a decided item (staff).
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/actions",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = NewAction,
    responses(
        (status = 201, description = "Added; the item with `action_id`.", body = views::item_detail::ItemDetail),
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
#[post("/api/v1/items/<id>/actions", format = "json", data = "<body>")]
async fn add_action(
    id: i64,
    body: Body<NewAction>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<ItemDetail>)> {
    let aid = agenda::add_action(
        app,
        &user.principal,
        id,
        ActionInput {
            what: &body.what,
            responsible: &body.responsible,
            due: &body.due,
        },
    )
    .await?;
    let mut v = full(app, &user, id).await?;
    v.action_id = Some(aid);
    Ok(created(v))
}

#[derive(Deserialize, ToSchema)]
struct NewUpdate {
    /// How far along, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    percent: Option<i64>,
    /// What happened (also accepted as `status`).
    #[serde(alias = "status")]
    #[schema(min_length = 1, pattern = r"\S")]
    note: String,
    /// The action is done.
    #[serde(default)]
    done: bool,
}

/// Reports progress on a follow-up action (staff).
#[utoipa::path(
    post,
    path = "/api/v1/actions/{id}/updates",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The action's id.")),
    request_body = NewUpdate,
    responses(
        (status = 201, description = "The update.", body = views::agenda::CreatedActionUpdate),
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
#[post("/api/v1/actions/<id>/updates", format = "json", data = "<body>")]
async fn action_update(
    id: i64,
    body: Body<NewUpdate>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<CreatedActionUpdate>)> {
    let uid = agenda::update_action(
        app,
        &user.principal,
        id,
        ActionUpdateInput {
            percent: body.percent,
            note: &body.note,
            done: body.done,
        },
    )
    .await?;
    Ok(created(CreatedActionUpdate {
        id: uid,
        action: id,
    }))
}

#[derive(Deserialize, ToSchema)]
struct NewItemReaction {
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
    /// A panel member's own view, beside the panel's (no forced consensus).
    #[serde(default)]
    own_view: bool,
}

/// Reacts to an item, or adds one's own view (panel members), or comments (council).
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/reactions",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = NewItemReaction,
    responses(
        (status = 201, description = "Added; the item with `reaction_id`.", body = views::item_detail::ItemDetail),
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
#[post("/api/v1/items/<id>/reactions", format = "json", data = "<body>")]
async fn reaction(
    id: i64,
    body: Body<NewItemReaction>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<ItemDetail>)> {
    let nid = agenda::react(app, &user.principal, id, &body.text, body.own_view).await?;
    let mut v = full(app, &user, id).await?;
    v.reaction_id = Some(nid);
    Ok(created(v))
}

#[derive(Deserialize, ToSchema)]
struct Visibility {
    public: bool,
}

/// Makes an item public or private (the panel decides).
#[utoipa::path(
    post,
    path = "/api/v1/items/{id}/visibility",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The item's id.")),
    request_body = Visibility,
    responses(
        (status = 200, description = "The item.", body = views::item_detail::ItemDetail),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/items/<id>/visibility", format = "json", data = "<body>")]
async fn visibility(
    id: i64,
    body: Body<Visibility>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<ItemDetail>> {
    agenda::set_public(app, &user.principal, id, body.public).await?;
    Ok(Json(full(app, &user, id).await?))
}

/// What is overdue or due this week in a zone, and the next meeting (staff and council).
///
/// Keys: `zone`, `today`, `overdue`, `due_this_week` (items with their deadline), `actions_overdue`, `actions_due_this_week`, `reports_due` (consultations owing a report back), `signals_overdue` (signals nobody triaged within the zone's acknowledgement deadline) and `next_meeting` (with its agenda, or null).
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/overview",
    tag = "agenda",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    responses(
        (status = 200, description = "The overview.", body = views::agenda::Overview),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/overview")]
async fn overview(code: &str, user: ApiUser, app: &State<App>) -> ApiResult<Json<Overview>> {
    let o = keeper::overview(app, &user.principal, code).await?;
    Ok(Json(views::agenda::overview(&o)))
}

/// A zone's public figures for a period: no login needed, no personal data.
///
/// By default the last twelve months.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/figures",
    tag = "report",
    security(()),
    params(
        ("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("from" = Option<String>, Query, format = Date, description = "The first day, `YYYY-MM-DD`."),
        ("to" = Option<String>, Query, format = Date, description = "The last day, `YYYY-MM-DD`."),
    ),
    responses(
        (status = 200, description = "The figures.", body = Figures),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/figures?<from>&<to>")]
async fn figures(
    code: &str,
    from: Option<&str>,
    to: Option<&str>,
    app: &State<App>,
) -> ApiResult<Json<Figures>> {
    let zone = crate::service::zones::named(app, code).await?;
    let (from, to) = crate::service::figures::period(app, from, to)?;
    Ok(Json(
        crate::service::figures::figures(app, &zone, from, to).await?,
    ))
}
