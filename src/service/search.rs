//! Search in a zone, and "was this raised before?": the full-text index finds candidates, and the
//! same rules as the pages decide what each person may see of them (another zone's citizen finds
//! only public items; signals only their triagers; drafts only their panel).

use crate::app::App;
use crate::db::{agenda, items, search as index, signals as signal_db};
use crate::domain::clock::brussels_date;
use crate::domain::lifecycle::Status;
use crate::domain::policy::{self, Principal};
use crate::domain::search::{self, Combine, Piece};
use crate::domain::signals::SignalStatus;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Results per page.
pub const PER_PAGE: usize = 20;
/// How many matching texts are read from the index at most, before what a person may not see is
/// left out: a bound on the work one query can cause. Fewer are read when fewer are needed.
const CANDIDATES: i64 = 1000;
/// Similar items shown at intake.
pub const SIMILAR: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HitKind {
    Item,
    Consultation,
    Signal,
}

impl HitKind {
    pub const ALL: [HitKind; 3] = [HitKind::Item, HitKind::Consultation, HitKind::Signal];

    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Item => "item",
            HitKind::Consultation => "consultation",
            HitKind::Signal => "signal",
        }
    }

    pub fn parse(s: &str) -> Option<HitKind> {
        HitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What someone searches for; every part but `q` optional.
#[derive(Debug, Clone, Default)]
pub struct SearchInput<'a> {
    pub q: &'a str,
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub page: Option<i64>,
}

/// One thing found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: i64,
    pub reference: String,
    pub title: String,
    /// The item's or signal's state (consultations: none).
    pub status: Option<String>,
    /// When it was brought in (items: submitted, else created).
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Which of its texts matched: `title`, `text`, `addendum`, `decision`, `minutes`,
    /// `question`, `advice` or `signal`.
    pub found_in: String,
    /// Where the words matched, in pieces (`hit`: a matching word).
    pub fragment: Vec<Piece>,
    /// The page to open.
    pub link: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    pub q: String,
    pub kind: Option<HitKind>,
    pub status: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    pub page: i64,
    /// How many were found in all (of what this person may see); none when there are more than
    /// were counted (see `more`).
    pub total: Option<u64>,
    pub more: bool,
    pub hits: Vec<SearchHit>,
}

impl SearchResults {
    pub fn filtered(&self) -> bool {
        self.kind.is_some() || self.status.is_some() || self.from.is_some() || self.to.is_some()
    }
}

fn date_field(
    e: &mut crate::domain::validate::FieldErrors,
    field: &str,
    v: Option<&str>,
) -> Option<NaiveDate> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            e.add(field, "error-date");
            None
        }
    }
}

/// Searches a zone. An empty query finds nothing (and says so); a long one counts by its first
/// words; nothing anyone types is an error, but a filter that is not one is (422, named).
#[tracing::instrument(name = "search::search", level = "debug", skip_all)]
pub async fn search(
    app: &App,
    p: &Principal,
    zone_code: &str,
    input: SearchInput<'_>,
) -> AppResult<SearchResults> {
    let mut e = crate::domain::validate::FieldErrors::default();
    let kind = match input.kind.map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => HitKind::parse(k).or_else(|| {
            e.add("type", "error-search-type");
            None
        }),
    };
    let status = input
        .status
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if status
        .as_deref()
        .is_some_and(|s| Status::parse(s).is_none() && SignalStatus::parse(s).is_none())
    {
        e.add("status", "error-search-status");
    }
    let from = date_field(&mut e, "from", input.from);
    let to = date_field(&mut e, "to", input.to);
    if from.zip(to).is_some_and(|(f, t)| f > t) {
        e.add("to", "error-period");
    }
    e.into_result()?;
    let page = input.page.unwrap_or(1).clamp(1, 1000);
    let zone = super::zones::named(app, zone_code).await?;
    let terms = search::terms(input.q);
    let mut results = SearchResults {
        q: input.q.trim().to_string(),
        kind,
        status,
        from,
        to,
        page,
        total: Some(0),
        more: false,
        hits: vec![],
    };
    if terms.is_empty() {
        return Ok(results);
    }
    // Read as many candidates as this page needs (a few times over, for what this person may not
    // see), and more only when the filters leave too few.
    let needed = page as usize * PER_PAGE + 1;
    let mut limit = (needed as i64 * 3).min(CANDIDATES);
    let (hits, exhausted) = loop {
        let found = {
            let mut c = app.db.conn().await?;
            let kind = kind.map(HitKind::as_str);
            index::find(&mut c.ex(), zone.id, &terms, Combine::All, kind, limit).await?
        };
        let exhausted = (found.len() as i64) < limit;
        let mut hits = visible_hits(app, p, found).await?;
        hits.retain(|(_, h)| {
            results
                .status
                .as_deref()
                .is_none_or(|s| h.status.as_deref() == Some(s))
                && from.is_none_or(|f| h.date >= f)
                && to.is_none_or(|t| h.date <= t)
        });
        if exhausted || hits.len() >= needed || limit >= CANDIDATES {
            break (hits, exhausted);
        }
        limit = (limit * 4).min(CANDIDATES);
    };
    results.total = exhausted.then_some(hits.len() as u64);
    let start = (page as usize - 1) * PER_PAGE;
    results.more = hits.len() > start + PER_PAGE;
    let shown: Vec<(i64, SearchHit)> = hits.into_iter().skip(start).take(PER_PAGE).collect();
    // The fragments, only for what is shown.
    let ids: Vec<i64> = shown.iter().map(|(id, _)| *id).collect();
    let texts = {
        let mut c = app.db.conn().await?;
        index::texts(&mut c.ex(), &ids).await?
    };
    results.hits = shown
        .into_iter()
        .map(|(id, mut h)| {
            if let Some(t) = texts.iter().find(|t| t.id == id) {
                h.fragment = search::fragment(&t.body, &terms);
            }
            h
        })
        .collect();
    Ok(results)
}

/// The first text of each subject, in the index's order, of the subjects `p` may see.
async fn visible_hits(
    app: &App,
    p: &Principal,
    found: Vec<index::Hit>,
) -> AppResult<Vec<(i64, SearchHit)>> {
    let mut best: Vec<index::Hit> = vec![];
    for h in found {
        if !best
            .iter()
            .any(|b| b.kind == h.kind && b.subject_id == h.subject_id)
        {
            best.push(h);
        }
    }
    let ids = |k: &str| -> Vec<i64> {
        best.iter()
            .filter(|h| h.kind == k)
            .map(|h| h.subject_id)
            .collect()
    };
    let mut c = app.db.conn().await?;
    let item_rows = items::many(&mut c.ex(), &ids("item"), false).await?;
    let mut signal_rows = vec![];
    for id in ids("signal") {
        if let Some(s) = signal_db::get(&mut c.ex(), id).await? {
            signal_rows.push(s);
        }
    }
    drop(c);
    let mut consultation_rows = vec![];
    for id in ids("consultation") {
        match super::consultations::visible(app, p, id).await {
            Ok(x) => consultation_rows.push(x),
            Err(AppError::NotFound | AppError::Forbidden) => {}
            Err(e) => return Err(e),
        }
    }
    let mut out = vec![];
    for h in best {
        let fragment = vec![];
        let hit = match h.kind.as_str() {
            "item" => item_rows
                .iter()
                .find(|i| i.id == h.subject_id)
                .filter(|i| policy::view_item(p, &i.facts()).is_ok())
                .map(|i| SearchHit {
                    kind: HitKind::Item,
                    id: i.id,
                    reference: i.reference.clone(),
                    title: i.title.clone(),
                    status: Some(i.status.clone()),
                    date: brussels_date(i.submitted_at.unwrap_or(i.created_at)),
                    found_in: h.source.clone(),
                    fragment,
                    link: format!("/items/{}", i.id),
                }),
            "consultation" => consultation_rows
                .iter()
                .find(|x| x.id == h.subject_id)
                .map(|x| SearchHit {
                    kind: HitKind::Consultation,
                    id: x.id,
                    reference: x.reference.clone(),
                    title: x.title.clone(),
                    status: None,
                    date: brussels_date(x.created_at),
                    found_in: h.source.clone(),
                    fragment,
                    link: format!("/consultations/{}", x.id),
                }),
            _ => signal_rows
                .iter()
                .find(|s| s.id == h.subject_id)
                .filter(|s| super::signals::may_work_with(p, s.zone_id))
                .map(|s| SearchHit {
                    kind: HitKind::Signal,
                    id: s.id,
                    reference: s.reference.clone(),
                    title: s.body.chars().take(80).collect(),
                    status: Some(s.status.clone()),
                    date: brussels_date(s.created_at),
                    found_in: h.source.clone(),
                    fragment,
                    link: format!("/signals/{}", s.id),
                }),
        };
        out.extend(hit.map(|x| (h.id, x)));
    }
    Ok(out)
}

/// An item like the one being written, with where it stands and the council's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SimilarItem {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub panel: String,
    pub status: String,
    /// The council's latest answer: `accepted`, `partly-accepted`, `not-accepted`, `referred`,
    /// `postponed`; none yet.
    pub outcome: Option<String>,
    pub reasons: Option<String>,
    /// How many of the text's main words it shares.
    pub shared_words: usize,
    pub link: String,
}

/// Up to five items of the zone that share the main words of `text` (at least two of them, or
/// the one there is), best first; `except` leaves out the item being written.
#[tracing::instrument(name = "search::similar", level = "debug", skip_all)]
pub async fn similar(
    app: &App,
    p: &Principal,
    zone_code: &str,
    text: &str,
    except: Option<i64>,
) -> AppResult<Vec<SimilarItem>> {
    let words = search::main_words(text);
    let zone = super::zones::named(app, zone_code).await?;
    if words.is_empty() {
        return Ok(vec![]);
    }
    let mut c = app.db.conn().await?;
    let found = index::find(&mut c.ex(), zone.id, &words, Combine::Any, Some("item"), 60).await?;
    let mut order: Vec<i64> = vec![];
    for h in &found {
        if !order.contains(&h.subject_id) && Some(h.subject_id) != except {
            order.push(h.subject_id);
        }
    }
    order.truncate(20);
    let rows = items::many(&mut c.ex(), &order, true).await?;
    let needed = words.len().min(2);
    let mut out = vec![];
    for id in order {
        let Some(i) = rows.iter().find(|i| i.id == id) else {
            continue;
        };
        if i.status().is_draft() || policy::view_item(p, &i.facts()).is_err() {
            continue;
        }
        let own = search::fold(&format!("{} {}", i.title, i.body));
        let own: Vec<&str> = own.split(|c: char| !c.is_alphanumeric()).collect();
        let shared = words
            .iter()
            .filter(|w| own.iter().any(|o| o.starts_with(w.as_str())))
            .count();
        if shared < needed {
            continue;
        }
        let answer = agenda::decisions(&mut c.ex(), i.id)
            .await?
            .into_iter()
            .next_back();
        out.push(SimilarItem {
            id: i.id,
            reference: i.reference.clone(),
            title: i.title.clone(),
            panel: i.panel_name.clone(),
            status: i.status.clone(),
            outcome: answer.as_ref().map(|d| d.outcome.clone()),
            reasons: answer.map(|d| d.reasons),
            shared_words: shared,
            link: format!("/items/{}", i.id),
        });
        if out.len() == SIMILAR {
            break;
        }
    }
    Ok(out)
}
