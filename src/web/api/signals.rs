//! Open intake on the API: anyone brings in a signal (rate-limited like the form); a logged-in
//! panel or staff member records one on someone's behalf with the same call and a bearer token;
//! the sender follows theirs with the private token; the zone lists and triages them.

use super::{created, schemas, ApiResult, Listed};
use crate::app::App;
use crate::db::events::TimelineRow;
use crate::db::signals::Signal;
use crate::error::AppError;
use crate::service::signals::{self as signal_service, PublicInput, RecordInput, TriageInput};
use crate::web::body::Body;
use crate::web::body::Limited;
use crate::web::catchers::urlencode;
use crate::web::guards::{ApiUser, ClientAddr};
use crate::web::openapi as doc;
use crate::web::views::{self, ts};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![bring_in, follow, list, timeline, triage]
}

/// The linked item as the signal shows it: its number, panel and state, never its people.
fn item_link(s: &Signal) -> Value {
    match s.item_id {
        Some(id) => json!({
            "id": id,
            "reference": s.item_reference,
            "status": s.item_status,
            "panel": s.item_panel_name,
            "public": s.item_public.unwrap_or(false),
        }),
        None => Value::Null,
    }
}

/// A signal as its zone sees it: everything, contact details included, for those who triage it.
pub fn signal_json(s: &Signal) -> Value {
    json!({
        "id": s.id,
        "reference": s.reference,
        "zone": s.zone_code,
        "text": s.body,
        "text_lang": s.text_lang,
        "status": s.status,
        "relation": s.relation,
        "contact": s.contact,
        "may_contact": s.may_contact,
        "person_name": s.person_name,
        "heard_at": s.heard_at,
        "recorded": s.recorded_by.is_some(),
        "recorded_by": s.recorded_by.map(|id| json!({"id": id, "name": s.recorder_name})),
        "item": item_link(s),
        "answer": s.answer,
        "reason": s.reason,
        "triaged_at": s.triaged_at.map(ts),
        "created_at": ts(s.created_at),
    })
}

/// The zone's timeline of a signal; an answer or a reason is the event itself, so it is quoted.
pub fn zone_timeline(rows: &[TimelineRow]) -> Value {
    let mut v = views::timeline(rows);
    if let Some(list) = v.as_array_mut() {
        for e in list {
            if matches!(
                e["kind"].as_str(),
                Some("signal-answered" | "signal-set-aside")
            ) {
                e["quote"] = e["personal"].get("text").cloned().unwrap_or(Value::Null);
            }
        }
    }
    v
}

/// What the sender sees through their private link: their words, where it stands, what the zone
/// answered, and when each step happened. No names of the people who handled it, no contact
/// details (a forwarded link must not hand those out), nothing about other signals.
pub fn follow_json(s: &Signal, rows: &[TimelineRow]) -> Value {
    let events: Vec<Value> = rows
        .iter()
        .map(|r| {
            let data: Value = serde_json::from_str(&r.data).unwrap_or(Value::Null);
            json!({
                "seq": r.seq,
                "kind": r.kind,
                "at": ts(r.at),
                "item_reference": data.get("item_reference").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    let mut item = item_link(s);
    if let Some(m) = item.as_object_mut() {
        // The item's page needs an account; its number and state are what the sender can use.
        m.remove("id");
    }
    json!({
        "reference": s.reference,
        "zone": {"code": s.zone_code, "name": s.zone_name},
        "text": s.body,
        "text_lang": s.text_lang,
        "status": s.status,
        "relation": s.relation,
        "recorded": s.recorded_by.is_some(),
        "contact_given": s.contact.is_some(),
        "answer": s.answer,
        "reason": s.reason,
        "item": item,
        "created_at": ts(s.created_at),
        "events": events,
    })
}

/// A bearer token if one is sent (then it must be valid: 401 otherwise), or nobody.
pub struct MaybeApiUser(pub Option<ApiUser>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for MaybeApiUser {
    type Error = AppError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        if req.headers().get_one("Authorization").is_none() {
            return Outcome::Success(MaybeApiUser(None));
        }
        match ApiUser::from_request(req).await {
            Outcome::Success(u) => Outcome::Success(MaybeApiUser(Some(u))),
            Outcome::Error(e) => Outcome::Error(e),
            Outcome::Forward(f) => Outcome::Forward(f),
        }
    }
}

#[derive(Deserialize, ToSchema)]
struct NewSignal {
    /// What the person wants the zone to know, in their own words.
    #[schema(required = true, nullable = false, min_length = 1, pattern = r"\S")]
    text: Option<String>,
    /// How to reach them, if they want an answer (an email address or a phone number).
    contact: Option<String>,
    #[schema(value_type = Option<crate::domain::signals::Relation>)]
    relation: Option<String>,
    /// The language of the text (nl, fr, en); Dutch when left out.
    lang: Option<String>,
    /// Only when recording on someone's behalf (with a bearer token).
    heard_at: Option<String>,
    person_name: Option<String>,
    may_contact: Option<bool>,
}

fn brought(app: &App, b: &signal_service::Brought, v: Value) -> (Status, Json<Value>) {
    let mut v = v;
    v["token"] = json!(b.token);
    v["follow_url"] = json!(app.link(&format!("/signals/{}", b.token)));
    created(v)
}

/// Brings in a signal for a zone; no account needed.
///
/// Anonymous callers are limited per address (429). With a bearer token, a panel or staff member records the signal on someone's behalf (`heard_at`, `person_name`, `may_contact` only then). Keep the private `token` of the answer: it follows the signal.
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/signals",
    tag = "signals",
    security((), ("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewSignal,
    responses(
        (status = 201, description = "Brought in.", body = schemas::BroughtIn),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 429, response = doc::TooManyRequests),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/signals", format = "json", data = "<body>")]
async fn bring_in(
    code: &str,
    body: Limited<Body<NewSignal>>,
    caller: MaybeApiUser,
    client: ClientAddr,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let b = body.0.into_inner();
    let text = b.text.as_deref().unwrap_or("");
    match caller.0 {
        Some(user) => {
            let done = signal_service::record_for(
                app,
                &user.principal,
                code,
                RecordInput {
                    text,
                    contact: b.contact.as_deref(),
                    relation: b.relation.as_deref(),
                    heard_at: b.heard_at.as_deref(),
                    person_name: b.person_name.as_deref(),
                    may_contact: b.may_contact.unwrap_or(false),
                    lang: b.lang.as_deref(),
                },
            )
            .await?;
            Ok(brought(app, &done, signal_json(&done.signal)))
        }
        None => {
            // These describe a recording by a supporter; from an anonymous caller they would be
            // claims nobody stands behind.
            let mut e = crate::domain::validate::FieldErrors::default();
            if b.heard_at.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                e.add("heard_at", "error-signal-only-recorded");
            }
            if b.person_name
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
            {
                e.add("person_name", "error-signal-only-recorded");
            }
            e.into_result().map_err(AppError::from)?;
            let done = signal_service::bring_in(
                app,
                code,
                PublicInput {
                    text,
                    contact: b.contact.as_deref(),
                    relation: b.relation.as_deref(),
                    lang: b.lang.as_deref(),
                    honeypot: None,
                    via: "api",
                },
                &client.0,
            )
            .await?;
            let s = &done.signal;
            Ok(brought(
                app,
                &done,
                json!({"reference": s.reference, "status": s.status, "created_at": ts(s.created_at)}),
            ))
        }
    }
}

/// The sender's own signal, by its private token: where it stands and what the zone answered.
#[utoipa::path(
    get,
    path = "/api/v1/signals/{token}",
    tag = "signals",
    security(()),
    params(("token" = String, Path, description = "The private token from bringing it in (64 hex characters; anything else is 404).")),
    responses(
        (status = 200, description = "The signal.", body = schemas::SignalFollow),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/signals/<token>")]
async fn follow(token: &str, app: &State<App>) -> ApiResult<Json<Value>> {
    let (s, rows) = signal_service::follow(app, token).await?;
    Ok(Json(follow_json(&s, &rows)))
}

/// The zone's signals, newest first, for those who triage them.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/signals",
    operation_id = "list_signals",
    tag = "signals",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("status" = Option<crate::domain::signals::SignalStatus>, Query, description = "Only signals in this status."),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 10_000, description = "The page, from 1 (the default)."),
    ),
    responses(
        (status = 200, description = "The signals.", body = schemas::SignalList),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/signals?<status>&<page>")]
async fn list(
    code: &str,
    status: Option<&str>,
    page: Option<i64>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Listed> {
    let page = page.unwrap_or(1).max(1);
    let (zone, list) = signal_service::list(app, &user.principal, code, status, page).await?;
    let body = json!({
        "zone": zone.code,
        "signals": list.rows.iter().map(signal_json).collect::<Vec<_>>(),
    });
    let path = match status {
        Some(s) => format!(
            "/api/v1/zones/{}/signals?status={}",
            zone.code,
            urlencode(s)
        ),
        None => format!("/api/v1/zones/{}/signals", zone.code),
    };
    Ok(Listed::new(body, &list, &path))
}

/// A signal with its whole timeline, for those who triage it.
#[utoipa::path(
    get,
    path = "/api/v1/signals/{id}/timeline",
    operation_id = "signal_timeline",
    tag = "signals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The signal's id.")),
    responses(
        (status = 200, description = "The signal and its timeline.", body = schemas::SignalTimeline),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/signals/<id>/timeline")]
async fn timeline(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let (s, rows) = signal_service::detail(app, &user.principal, id).await?;
    Ok(Json(
        json!({"signal": signal_json(&s), "events": zone_timeline(&rows)}),
    ))
}

/// One triage step, with exactly the fields it takes (`action` says which).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "kebab-case")]
enum TriageStep {
    /// Take the signal up in a new item of a panel, submitted at once.
    Adopt {
        /// The panel's slug.
        #[schema(min_length = 1)]
        panel: String,
        // The item's kind; a signal when left out.
        #[schema(value_type = Option<crate::domain::lifecycle::ItemKind>)]
        kind: Option<String>,
        #[schema(min_length = 1, pattern = r"\S")]
        title: String,
        #[schema(min_length = 1, pattern = r"\S")]
        text: String,
    },
    /// Link it to an item that already carries the same question.
    Bundle {
        // Read as optional, so that `null` or an item of another zone get the same message
        // beside `item` from the service.
        #[schema(required = true, value_type = i64)]
        item: Option<i64>,
    },
    /// Answer the sender directly, in words they can read.
    Answer {
        #[schema(min_length = 1, pattern = r"\S")]
        text: String,
    },
    /// Set it aside, saying why; the sender reads the reason.
    SetAside {
        #[schema(min_length = 1, pattern = r"\S")]
        reason: String,
    },
}

impl From<TriageStep> for TriageInput {
    fn from(step: TriageStep) -> Self {
        let action = |a: &str| TriageInput {
            action: a.to_string(),
            ..Default::default()
        };
        match step {
            TriageStep::Adopt {
                panel,
                kind,
                title,
                text,
            } => TriageInput {
                panel: Some(panel),
                kind,
                title: Some(title),
                text: Some(text),
                ..action("adopt")
            },
            TriageStep::Bundle { item } => TriageInput {
                item,
                ..action("bundle")
            },
            TriageStep::Answer { text } => TriageInput {
                text: Some(text),
                ..action("answer")
            },
            TriageStep::SetAside { reason } => TriageInput {
                reason: Some(reason),
                ..action("set-aside")
            },
        }
    }
}

/// Triages a signal: adopt it as an item, bundle it with an item, answer it, or set it aside with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/signals/{id}/triage",
    tag = "signals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The signal's id.")),
    request_body = TriageStep,
    responses(
        (status = 200, description = "The signal.", body = schemas::Signal),
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
#[post("/api/v1/signals/<id>/triage", format = "json", data = "<body>")]
async fn triage(
    id: i64,
    body: Body<TriageStep>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Json<Value>> {
    let s = signal_service::triage(app, &user.principal, id, body.into_inner().into()).await?;
    Ok(Json(signal_json(&s)))
}
