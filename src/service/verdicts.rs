//! The citizens' verdict: once the council has answered, the panel says whether it got an
//! answer (answered, partly answered, not answered, with an optional reason), within 15 working
//! days; without one the item keeps "geen oordeel". The council may answer a "not answered"; the
//! panel is then asked again. Every step is on the item's timeline and counts in the figures.

use super::Recorded;
use crate::app::App;
use crate::db::{agenda, items, verdicts as db, zones};
use crate::domain::clock::brussels_date;
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::validate::{self, FieldErrors};
use crate::domain::working_days::Calendar;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Working days the panel has to give its verdict.
pub const VERDICT_DAYS: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Judgement {
    Answered,
    PartlyAnswered,
    NotAnswered,
}

impl Judgement {
    pub const ALL: [Judgement; 3] = [
        Judgement::Answered,
        Judgement::PartlyAnswered,
        Judgement::NotAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Answered => "answered",
            Judgement::PartlyAnswered => "partly-answered",
            Judgement::NotAnswered => "not-answered",
        }
    }

    pub fn parse(s: &str) -> Option<Judgement> {
        Judgement::ALL.into_iter().find(|j| j.as_str() == s)
    }
}

/// When the panel may judge an answer given today: 15 working days (whatever the zone counts its
/// deadlines in).
pub fn verdict_due(closing: &Calendar, today: NaiveDate) -> NaiveDate {
    closing.in_working_days().add(today, VERDICT_DAYS)
}

/// Where the panel's verdict on an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictState {
    /// The council has not answered yet: nothing to judge.
    NoAnswer,
    /// The panel may say whether it got an answer, until `due`.
    Open,
    /// The panel judged the latest answer.
    Given,
    /// The panel said "not answered"; the council replies by `reply_due`.
    AwaitingReply,
    /// The time to judge passed without a verdict: "geen oordeel".
    NoVerdict,
}

/// The panel's verdict on an item, as pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VerdictView {
    pub state: VerdictState,
    /// Until when the panel may judge (state `open`).
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<NaiveDate>,
    /// The latest verdict, when there is one (also after the council's reply).
    pub latest: Option<GivenVerdict>,
    /// Every verdict, oldest first.
    pub history: Vec<GivenVerdict>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GivenVerdict {
    pub verdict: Judgement,
    /// The panel's reason, in its own words.
    pub reason: Option<String>,
    pub by: String,
    pub at: String,
    /// For a "not answered": the date the council replies by.
    #[schema(value_type = Option<String>, format = Date)]
    pub reply_due: Option<NaiveDate>,
    /// The council's reply to a "not answered".
    pub reply: Option<String>,
    pub replied_at: Option<String>,
}

impl VerdictView {
    /// The state follows from the answers, the verdicts and the window: the latest answer (a
    /// decision that is no postponement) can be judged once until `due`; a "not answered"
    /// waits on the council's reply, after which the window opens again.
    pub fn new(
        decisions: &[crate::db::agenda::Decision],
        verdicts: &[db::Verdict],
        due: Option<NaiveDate>,
        today: NaiveDate,
    ) -> VerdictView {
        let history: Vec<GivenVerdict> = verdicts.iter().map(GivenVerdict::from).collect();
        let answer = decisions.iter().rev().find(|d| d.outcome != "postponed");
        let last = verdicts.last();
        let state = match (answer, last) {
            (None, _) => VerdictState::NoAnswer,
            (Some(a), Some(v)) if v.decision_id == a.id && v.answered_at.is_none() => {
                if v.verdict == Judgement::NotAnswered.as_str() {
                    VerdictState::AwaitingReply
                } else {
                    VerdictState::Given
                }
            }
            _ if due.is_some_and(|d| today <= d) => VerdictState::Open,
            _ => VerdictState::NoVerdict,
        };
        VerdictView {
            state,
            due: (state == VerdictState::Open).then_some(due).flatten(),
            latest: history.last().cloned(),
            history,
        }
    }
}

impl From<&db::Verdict> for GivenVerdict {
    fn from(v: &db::Verdict) -> GivenVerdict {
        GivenVerdict {
            verdict: Judgement::parse(&v.verdict).unwrap_or(Judgement::NotAnswered),
            reason: v.reason.clone(),
            by: v.given_by_name.clone(),
            at: crate::domain::clock::stamp(v.given_at),
            reply_due: v.reply_due,
            reply: v.answer.clone(),
            replied_at: v.answered_at.map(crate::domain::clock::stamp),
        }
    }
}

/// Opens the window for a verdict on a fresh answer (called in the decision's transaction).
#[tracing::instrument(name = "verdicts::open_window", level = "debug", skip_all)]
pub(crate) async fn open_window(
    ex: &mut crate::db::Ex<'_>,
    item_id: i64,
    cal: &Calendar,
    today: NaiveDate,
) -> AppResult<()> {
    db::set_due(ex, item_id, Some(verdict_due(cal, today))).await?;
    Ok(())
}

/// A panel member gives the panel's verdict on the council's latest answer.
#[tracing::instrument(name = "verdicts::give", level = "debug", skip_all)]
pub async fn give(
    app: &App,
    p: &Principal,
    item_id: i64,
    verdict: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut tx = app.db.begin().await?;
    let item = items::get(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_item(p, &item.facts())?;
    let mut e = FieldErrors::default();
    let judgement = Judgement::parse(verdict.trim());
    // Someone who sees the item but is not of its panel is told so beside the choice.
    if !p.in_panel(item.panel_id) {
        e.add("verdict", "error-verdict-not-panel");
    } else if judgement.is_none() {
        e.add("verdict", "error-verdict");
    }
    let reason = validate::optional(&mut e, "reason", reason, validate::MAX_TEXT);
    e.into_result()?;
    let decision = agenda::decisions(&mut tx.ex(), item_id)
        .await?
        .into_iter()
        .rfind(|d| d.outcome != "postponed")
        .ok_or(AppError::Conflict("error-verdict-no-answer"))?;
    let due = db::due_of(&mut tx.ex(), item_id).await?;
    if due.is_none_or(|d| today > d) {
        return Err(AppError::Conflict("error-verdict-closed"));
    }
    // Once per answer; after the council answered a "not answered", once more.
    let earlier = db::of_item(&mut tx.ex(), item_id).await?;
    if earlier
        .last()
        .is_some_and(|v| v.decision_id == decision.id && v.answered_at.is_none())
    {
        return Err(AppError::Conflict("error-verdict-given"));
    }
    let judgement = judgement.expect("checked");
    // A "not answered" puts the item back with the council, with a date to reply by.
    let reply_due = if judgement == Judgement::NotAnswered {
        let zone = zones::by_id(&mut tx.ex(), item.zone_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cal = zones::calendar(&mut tx.ex(), &zone).await?;
        Some(cal.add(today, zone.ack_days))
    } else {
        None
    };
    let id = db::add(
        &mut tx.ex(),
        item_id,
        decision.id,
        judgement.as_str(),
        reason.as_deref(),
        reply_due,
        p.user_id,
        now,
    )
    .await?;
    super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(item_id),
kind: EventKind::VerdictGiven,
actor: Some(p.user_id),
at: now,
data: json!({"verdict": judgement.as_str(), "decision": decision.id, "id": id, "due": reply_due}),
personal: reason.as_ref().map(|r| json!({"text": r})),
},
)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Staff or a council member answer the panel's "not answered"; the panel may judge again,
/// within a fresh window.
#[tracing::instrument(name = "verdicts::answer", level = "debug", skip_all)]
pub async fn answer(app: &App, p: &Principal, item_id: i64, text: &str) -> AppResult<()> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut tx = app.db.begin().await?;
    let item = items::get(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_item(p, &item.facts())?;
    if !(p.has_role(item.zone_id, Role::Staff) || p.has_role(item.zone_id, Role::Council)) {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::default();
    let text = validate::required(&mut e, "reply", text, validate::MAX_TEXT);
    e.into_result()?;
    let last = db::of_item(&mut tx.ex(), item_id)
        .await?
        .pop()
        .filter(|v| v.verdict == Judgement::NotAnswered.as_str() && v.answered_at.is_none())
        .ok_or(AppError::Conflict("error-verdict-nothing-to-answer"))?;
    if !db::answer(&mut tx.ex(), last.id, &text, p.user_id, now).await? {
        return Err(AppError::Conflict("error-verdict-nothing-to-answer"));
    }
    let zone = zones::by_id(&mut tx.ex(), item.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cal = zones::calendar(&mut tx.ex(), &zone).await?;
    open_window(&mut tx.ex(), item_id, &cal, today).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: EventKind::VerdictAnswered,
            actor: Some(p.user_id),
            at: now,
            data: json!({"verdict": last.id, "verdict_due": verdict_due(&cal, today)}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_has_fifteen_working_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Monday 30 March 2026 + 15 working days, Easter Monday 6 April skipped: Tuesday 21 April.
        assert_eq!(
            verdict_due(&Calendar::default(), d("2026-03-30")),
            d("2026-04-21")
        );
        assert_eq!(
            Judgement::parse("partly-answered"),
            Some(Judgement::PartlyAnswered)
        );
        assert_eq!(Judgement::parse("ja"), None);
    }
}
