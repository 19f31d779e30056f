//! Searching a zone (`/zones/{code}/zoeken`, `GET /api/v1/zones/{code}/search`) and the items
//! like a text (`GET /api/v1/zones/{code}/items/similar`).

use crate::app::App;
use crate::service::search::{self as service, HitKind, SearchInput, SearchResults, SimilarItem};
use crate::web::api::doc;
use crate::web::api::ApiResult;
use crate::web::guards::{ApiUser, MaybeUser};
use crate::web::page::{Ctx, PageFailure};
use crate::web::template::Template;
use crate::web::url::encode as urlencode;
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![page, api_search, api_similar]
}

fn input<'a>(
    q: Option<&'a str>,
    kind: Option<&'a str>,
    status: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    page: Option<i64>,
) -> SearchInput<'a> {
    SearchInput {
        q: q.unwrap_or(""),
        kind,
        status,
        from,
        to,
        page,
    }
}

#[derive(Serialize)]
struct ZoneRef<'a> {
    code: &'a str,
    name: String,
}

/// The search box and the filters, as they were filled in.
#[derive(Serialize)]
struct SearchForm<'a> {
    q: &'a str,
    r#type: &'a str,
    from: &'a str,
    to: &'a str,
    status: &'a str,
}

/// The search page before anything is found (and again, with the errors, when the filters are
/// wrong).
#[derive(Serialize)]
struct SearchPage<'a> {
    zone: ZoneRef<'a>,
    form: SearchForm<'a>,
    kinds: Vec<&'static str>,
}

/// The search page with what was found.
#[derive(Serialize)]
struct SearchFound<'a> {
    #[serde(flatten)]
    page: SearchPage<'a>,
    searched: bool,
    filtered: bool,
    /// The same words without the filters.
    unfiltered: String,
    next: Option<String>,
    prev: Option<String>,
    results: SearchResults,
}

/// The zone's search page: the box, the filters, what was found with the matching words marked.
#[allow(clippy::too_many_arguments)]
#[get("/zones/<code>/zoeken?<q>&<type>&<status>&<from>&<to>&<page>")]
async fn page(
    ctx: Ctx,
    user: MaybeUser,
    app: &State<App>,
    code: &str,
    q: Option<&str>,
    r#type: Option<&str>,
    status: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    page: Option<i64>,
) -> Result<Template, PageFailure> {
    let name = crate::service::zones::named(app, code)
        .await
        .map_err(|e| PageFailure::page(&ctx, e))?
        .name;
    let base = SearchPage {
        zone: ZoneRef { code, name },
        form: SearchForm {
            q: q.unwrap_or(""),
            r#type: r#type.unwrap_or(""),
            from: from.unwrap_or(""),
            to: to.unwrap_or(""),
            status: status.unwrap_or(""),
        },
        kinds: HitKind::ALL.iter().map(|k| k.as_str()).collect(),
    };
    let found = service::search(
        app,
        &user.reader(),
        code,
        input(q, r#type, status, from, to, page),
    )
    .await;
    match found {
        Ok(r) => {
            let link = |page: i64| {
                let mut parts = vec![format!("q={}", urlencode(&r.q))];
                for (k, v) in [
                    ("type", r#type),
                    ("status", status),
                    ("from", from),
                    ("to", to),
                ] {
                    if let Some(v) = v.filter(|v| !v.is_empty()) {
                        parts.push(format!("{k}={}", urlencode(v)));
                    }
                }
                parts.push(format!("page={page}"));
                format!("/zones/{code}/zoeken?{}", parts.join("&"))
            };
            let next = r.more.then(|| link(r.page + 1));
            let prev = (r.page > 1).then(|| link(r.page - 1));
            let v = SearchFound {
                page: base,
                searched: !r.q.is_empty(),
                filtered: r.filtered(),
                unfiltered: format!("/zones/{code}/zoeken?q={}", urlencode(&r.q)),
                next,
                prev,
                results: r,
            };
            Ok(ctx.render("search", v))
        }
        Err(e @ crate::error::AppError::Invalid(_)) => {
            Err(PageFailure::form(&ctx, "search", base, e))
        }
        Err(e) => Err(PageFailure::page(&ctx, e)),
    }
}

/// Searches a zone's items (title, the citizen's words, addenda, decisions and their reasons,
/// minutes), consultations (question, advice) and, for those who triage them, signals. Everyone
/// finds only what they may read: without a token, what panels made public. Newest first. Words
/// only: quotes, `*`, `-`, `:` and the like are read as spaces.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/search",
    tag = "items",
    security((), ("bearer" = [])),
    params(
        ("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("q" = Option<String>, Query, description = "The words to find (all of them; a word also finds words it begins)."),
        ("type" = Option<HitKind>, Query, description = "Only items, consultations or signals."),
        ("status" = Option<SearchStatus>, Query, description = "Only items or signals in this state."),
        ("from" = Option<String>, Query, description = "Brought in on or after (YYYY-MM-DD).", format = Date),
        ("to" = Option<String>, Query, description = "Brought in on or before (YYYY-MM-DD).", format = Date),
        ("page" = Option<i64>, Query, description = "Page (20 per page), from 1.", minimum = 1, maximum = 1000),
    ),
    responses(
        (status = 200, description = "What was found.", body = SearchResults),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[allow(clippy::too_many_arguments)]
#[get("/api/v1/zones/<code>/search?<q>&<type>&<status>&<from>&<to>&<page>")]
async fn api_search(
    user: Option<ApiUser>,
    app: &State<App>,
    code: &str,
    q: Option<&str>,
    r#type: Option<&str>,
    status: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    page: Option<i64>,
) -> ApiResult<Json<SearchResults>> {
    let p = user.map(|u| u.principal).unwrap_or_default();
    Ok(Json(
        service::search(app, &p, code, input(q, r#type, status, from, to, page)).await?,
    ))
}

/// The states a search can be narrowed to: an item's or a signal's.
#[derive(ToSchema)]
#[schema(as = SearchStatus)]
#[allow(dead_code)] // only its schema is used: the service parses the states itself
#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SearchStatus {
    Draft,
    Submitted,
    Acknowledged,
    ClarificationRequested,
    Scheduled,
    Postponed,
    Decided,
    InFollowUp,
    ClosureProposed,
    Closed,
    Withdrawn,
    New,
    Adopted,
    Answered,
    SetAside,
}

#[derive(Serialize, ToSchema)]
struct SimilarItems {
    items: Vec<SimilarItem>,
}

/// Up to five items of the zone like `text` (sharing its main words), with where they stand and
/// the council's answer: "was this raised before?" while an item is written.
#[utoipa::path(
    get,
    path = "/api/v1/zones/{code}/items/similar",
    tag = "items",
    security((), ("bearer" = [])),
    params(
        ("code" = String, Path, description = "The zone's code, e.g. `ALFA`."),
        ("text" = Option<String>, Query, description = "The text being written (without it: no items)."),
    ),
    responses(
        (status = 200, description = "Similar items, best first.", body = SimilarItems),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/<code>/items/similar?<text>")]
async fn api_similar(
    user: Option<ApiUser>,
    app: &State<App>,
    code: &str,
    text: Option<&str>,
) -> ApiResult<Json<SimilarItems>> {
    let p = user.map(|u| u.principal).unwrap_or_default();
    let items = service::similar(app, &p, code, text.unwrap_or(""), None).await?;
    Ok(Json(SimilarItems { items }))
}

#[cfg(test)]
mod tests {
    use super::SearchStatus;
    use crate::domain::lifecycle::Status;
    use crate::domain::signals::SignalStatus;

    /// The documented states are exactly the items' and the signals' states.
    #[test]
    fn the_documented_states_are_the_real_ones() {
        let all: Vec<&str> = Status::ALL
            .iter()
            .map(|s| s.as_str())
            .chain(SignalStatus::ALL.iter().map(|s| s.as_str()))
            .collect();
        for s in &all {
            assert!(
                serde_json::from_value::<SearchStatus>(serde_json::Value::from(*s)).is_ok(),
                "{s} is missing from SearchStatus"
            );
        }
        let documented = <SearchStatus as utoipa::PartialSchema>::schema();
        let v = serde_json::to_value(&documented).unwrap();
        assert_eq!(v["enum"].as_array().map(Vec::len), Some(all.len()), "{v}");
    }
}
