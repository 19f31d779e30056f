//! Open intake on the API: anyone brings in a signal (rate-limited like the form); a logged-in
//! panel or staff member records one on someone's behalf with the same call and a bearer token;
//! the sender follows theirs with the private token; the zone lists and triages them.

use super::doc;
use super::{created, ApiResult, Listed};
use crate::app::App;
use crate::error::AppError;
use crate::service::signals::{self as signal_service, PublicInput, RecordInput, TriageInput};
use crate::web::body::Body;
use crate::web::body::Limited;
use crate::web::guards::{ApiUser, ClientAddr};
use crate::web::url::encode as urlencode;
use crate::web::views::signals::{
    self as view, BroughtIn, RecordedSignal, Signal, SignalFollow, SignalList, SignalReceipt,
    SignalTimeline,
};
use crate::web::views::timeline::signal_timeline;
use crate::web::views::{self, ts};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::serde::json::Json;
use rocket::{get, post, routes, State};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![bring_in, follow, list, timeline, triage]
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
    relation: Option<crate::domain::signals::Relation>,
    /// The language of the text (nl, fr, en); Dutch when left out.
    lang: Option<String>,
    /// Only when recording on someone's behalf (with a bearer token).
    heard_at: Option<String>,
    person_name: Option<String>,
    may_contact: Option<bool>,
}

fn follow_url(app: &App, b: &signal_service::Brought) -> String {
    app.link(&format!("/signals/{}", b.token))
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
        (status = 201, description = "Brought in.", body = views::signals::BroughtIn),
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
) -> ApiResult<(Status, Json<BroughtIn>)> {
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
                    relation: b.relation.map(|r| r.as_str()),
                    heard_at: b.heard_at.as_deref(),
                    person_name: b.person_name.as_deref(),
                    may_contact: b.may_contact.unwrap_or(false),
                    lang: b.lang.as_deref(),
                },
            )
            .await?;
            Ok(created(BroughtIn::Recorded(Box::new(RecordedSignal {
                signal: view::signal(&done.signal),
                follow_url: follow_url(app, &done),
                token: done.token,
            }))))
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
                    relation: b.relation.map(|r| r.as_str()),
                    lang: b.lang.as_deref(),
                    honeypot: None,
                    via: "api",
                },
                &client.0,
            )
            .await?;
            Ok(created(BroughtIn::Anonymous(SignalReceipt {
                reference: done.signal.reference.clone(),
                status: done.signal.status.clone(),
                created_at: ts(done.signal.created_at),
                follow_url: follow_url(app, &done),
                token: done.token,
            })))
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
        (status = 200, description = "The signal.", body = views::signals::SignalFollow),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/signals/<token>")]
async fn follow(token: &str, app: &State<App>) -> ApiResult<Json<SignalFollow>> {
    let (s, rows) = signal_service::follow(app, token).await?;
    Ok(Json(view::follow(&s, &rows)))
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
        (status = 200, description = "The signals.", body = views::signals::SignalList),
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
) -> ApiResult<Listed<SignalList>> {
    let page = crate::domain::paging::page(page);
    let (zone, list) = signal_service::list(app, &user.principal, code, status, page).await?;
    let path = match status {
        Some(s) => format!(
            "/api/v1/zones/{}/signals?status={}",
            zone.code,
            urlencode(s)
        ),
        None => format!("/api/v1/zones/{}/signals", zone.code),
    };
    Ok(Listed::new(&list, &path, |paging| SignalList {
        signals: list.rows.iter().map(view::signal).collect(),
        zone: zone.code,
        paging,
    }))
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
        (status = 200, description = "The signal and its timeline.", body = views::signals::SignalTimeline),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/signals/<id>/timeline")]
async fn timeline(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Json<SignalTimeline>> {
    let (s, rows) = signal_service::detail(app, &user.principal, id).await?;
    Ok(Json(SignalTimeline {
        signal: view::signal(&s),
        events: signal_timeline(&rows),
    }))
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
        kind: Option<crate::domain::lifecycle::ItemKind>,
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
                kind: kind.map(|k| k.as_str().to_string()),
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
        (status = 200, description = "The signal.", body = views::signals::Signal),
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
) -> ApiResult<Json<Signal>> {
    let s = signal_service::triage(app, &user.principal, id, body.into_inner().into()).await?;
    Ok(Json(view::signal(&s)))
}
