//! The citizen agenda: every lifecycle move after submission, and what goes with it
//! (deadlines, clarifications, decisions, follow-up actions, closure, reactions).

use super::Recorded;
use crate::app::App;
use crate::db::agenda::{self, NewDecision};
use crate::db::items::{self, Item};
use crate::db::{zones, Tx};
use crate::domain::clock::brussels_date;
use crate::domain::deadlines::{self, DueError, ItemDates};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::lifecycle::{self, Actor, Move, MoveContext, Status};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use serde_json::json;

/// A move as the API and the forms send it. Each move reads the fields it needs.
#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
pub struct TransitionInput {
    /// `acknowledge`, `request-clarification`, `answer-clarification`, `schedule`, `decide`,
    /// `correct-decision`, `propose-closure`, `confirm-closure`, `object-closure`, `withdraw`,
    /// `reopen` (or `submit`).
    pub action: String,
    /// acknowledge: the response date (`YYYY-MM-DD`), when not set by a meeting.
    pub due: Option<String>,
    /// acknowledge, schedule: the meeting's id.
    pub meeting: Option<i64>,
    /// decide: `accepted`, `partly-accepted`, `not-accepted`, `referred` or `postponed`.
    pub outcome: Option<String>,
    /// decide: the reasons, in words the panel can read.
    pub reasons: Option<String>,
    /// decide (postponed): the new date (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// decide (referred): to whom.
    pub referred_to: Option<String>,
    /// A note that goes with the step (e.g. propose-closure).
    pub note: Option<String>,
    /// The text of the step: a question, an answer, an objection, reasons.
    pub text: Option<String>,
}

pub const OUTCOMES: [&str; 5] = [
    "accepted",
    "partly-accepted",
    "not-accepted",
    "referred",
    "postponed",
];

fn parse_date(e: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<NaiveDate> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            e.add(field, "error-date");
            None
        }
    }
}

fn required_text(e: &mut FieldErrors, field: &str, v: Option<&str>) -> String {
    validate::required(e, field, v.unwrap_or(""), validate::MAX_TEXT)
}

async fn load(tx: &mut Tx, id: i64) -> AppResult<Item> {
    items::get(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn note(
    tx: &mut Tx,
    item: &Item,
    p: &Principal,
    kind: &str,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<i64> {
    Ok(agenda::add_note(&mut tx.ex(), item.id, Some(p.user_id), kind, body, now).await?)
}

/// Makes one lifecycle move. Not allowed for this person: 404/403; not possible in this state:
/// 409; missing or wrong fields: 422. Nothing is written unless everything holds.
#[tracing::instrument(name = "agenda::transition", level = "debug", skip_all)]
pub async fn transition(
    app: &App,
    p: &Principal,
    id: i64,
    input: TransitionInput,
) -> AppResult<Item> {
    let action = input.action.trim();
    if action == "submit" {
        return super::items::submit(app, p, id).await;
    }
    if action == "correct-decision" {
        return decide(app, p, id, input, true).await;
    }
    if action == "decide" {
        return decide(app, p, id, input, false).await;
    }
    let mv = match Move::parse(action) {
        Some(m)
            if !matches!(
                m,
                Move::AutoClose | Move::StartFollowUp | Move::Decide | Move::Submit
            ) =>
        {
            m
        }
        _ => {
            // Check visibility first, so an unknown action on a hidden item is still a 404.
            super::items::visible(app, p, id).await?;
            return Err(AppError::invalid("action", "error-action"));
        }
    };
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut tx = app.db.begin().await?;
    let item = load(&mut tx, id).await?;
    policy::make_move(p, &item.facts(), mv)?;
    let from = item.status();
    let ctx = MoveContext {
        return_to: item.lifecycle().return_status,
        postponed: false,
    };
    let to = lifecycle::apply(from, mv, mv.actor(), ctx)?;
    let zone = zones::by_id(&mut tx.ex(), item.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut l = item.lifecycle();
    l.status = to;
    let mut e = FieldErrors::default();
    let mut data = json!({"from": from.as_str(), "status": to.as_str()});
    let mut personal = None;
    let submitted = item.submitted_at.map(brussels_date).unwrap_or(today);
    let cal = zones::calendar(&mut tx.ex(), &zone).await?;
    let latest = deadlines::latest_response(&cal, submitted, zone.max_response_days);
    let kind = match mv {
        Move::Acknowledge => {
            let due = if let Some(mid) = input.meeting {
                let m = agenda::meeting(&mut tx.ex(), mid)
                    .await?
                    .filter(|m| m.zone_id == item.zone_id);
                match m {
                    Some(m) => Some(brussels_date(m.starts_at)),
                    None => {
                        e.add("meeting", "error-meeting");
                        None
                    }
                }
            } else {
                parse_date(&mut e, "due", input.due.as_deref())
            };
            let due = due.unwrap_or_else(|| {
                deadlines::default_response(&cal, today, zone.response_days, latest)
            });
            match deadlines::check_response(due, today, latest) {
                Ok(d) => l.response_due = Some(d),
                Err(DueError::InPast) => e.add("due", "error-due-past"),
                Err(DueError::AfterMaximum) => {
                    e.add_with("due", "error-due-max", vec![("latest", latest.to_string())])
                }
            }
            l.acknowledged_at = Some(now);
            data["due"] = json!(l.response_due);
            EventKind::Acknowledged
        }
        Move::RequestClarification => {
            let text = required_text(
                &mut e,
                "text",
                input.text.as_deref().or(input.note.as_deref()),
            );
            l.return_status = Some(from);
            l.paused_since = Some(now);
            if e.is_empty() {
                let nid = note(&mut tx, &item, p, "clarification-request", &text, now).await?;
                data["note"] = json!(nid);
            }
            personal = Some(json!({"text": text}));
            EventKind::ClarificationRequested
        }
        Move::AnswerClarification => {
            let text = required_text(&mut e, "text", input.text.as_deref());
            let paused = l.paused_since.map(brussels_date).unwrap_or(today);
            let shifted = deadlines::shift_for_pause(&cal, item.dates(), paused, today);
            l.ack_due = shifted.ack_due;
            l.response_due = shifted.response_due;
            l.return_status = None;
            l.paused_since = None;
            if e.is_empty() {
                let nid = note(&mut tx, &item, p, "clarification-answer", &text, now).await?;
                data["note"] = json!(nid);
            }
            data["paused_days"] = json!((today - paused).num_days());
            data["ack_due"] = json!(l.ack_due);
            data["due"] = json!(l.response_due);
            personal = Some(json!({"text": text}));
            EventKind::ClarificationAnswered
        }
        Move::Schedule => {
            let m = match input.meeting {
                Some(mid) => agenda::meeting(&mut tx.ex(), mid)
                    .await?
                    .filter(|m| m.zone_id == item.zone_id),
                None => None,
            };
            match m {
                Some(m) if m.status == "planned" => {
                    agenda::put_on_agenda(&mut tx.ex(), m.id, item.id, now).await?;
                    l.meeting_id = Some(m.id);
                    data["meeting"] = json!(m.id);
                    data["meeting_at"] = json!(m.starts_at);
                }
                Some(_) => e.add("meeting", "error-meeting-held"),
                None => e.add("meeting", "error-meeting"),
            }
            EventKind::Scheduled
        }
        Move::ProposeClosure => {
            let text = required_text(
                &mut e,
                "note",
                input.note.as_deref().or(input.text.as_deref()),
            );
            l.return_status = Some(from);
            l.closure_due = Some(today + Duration::days(zone.closure_days));
            if e.is_empty() {
                note(&mut tx, &item, p, "closing-note", &text, now).await?;
            }
            data["closes_on"] = json!(l.closure_due);
            personal = Some(json!({"text": text}));
            EventKind::ClosureProposed
        }
        Move::ConfirmClosure => {
            l.closed_at = Some(now);
            l.closure_due = None;
            l.return_status = None;
            EventKind::Closed
        }
        Move::ObjectClosure => {
            let text = required_text(
                &mut e,
                "text",
                input.text.as_deref().or(input.note.as_deref()),
            );
            l.closure_due = None;
            l.return_status = None;
            if e.is_empty() {
                note(&mut tx, &item, p, "objection", &text, now).await?;
            }
            personal = Some(json!({"text": text}));
            EventKind::ClosureObjected
        }
        Move::Withdraw => {
            let text = validate::optional(
                &mut e,
                "text",
                input.text.as_deref().or(input.note.as_deref()),
                validate::MAX_TEXT,
            );
            if let Some(t) = &text {
                if e.is_empty() {
                    note(&mut tx, &item, p, "withdrawal", t, now).await?;
                }
                personal = Some(json!({"text": t}));
            }
            EventKind::Withdrawn
        }
        Move::Reopen => {
            let text = required_text(
                &mut e,
                "text",
                input.text.as_deref().or(input.reasons.as_deref()),
            );
            let latest = deadlines::latest_response(&cal, today, zone.max_response_days);
            l.response_due = Some(deadlines::default_response(
                &cal,
                today,
                zone.response_days,
                latest,
            ));
            l.closed_at = None;
            l.closure_due = None;
            l.meeting_id = None;
            if e.is_empty() {
                note(&mut tx, &item, p, "reopen-reasons", &text, now).await?;
            }
            data["due"] = json!(l.response_due);
            personal = Some(json!({"text": text}));
            EventKind::Reopened
        }
        Move::Submit | Move::Decide | Move::StartFollowUp | Move::AutoClose => {
            unreachable!("handled above")
        }
    };
    e.into_result()?;
    if !items::save_lifecycle(&mut tx.ex(), id, from, &l, now).await? {
        return Err(AppError::Conflict("error-move-state"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(id),
            kind,
            actor: Some(p.user_id),
            at: now,
            data,
            personal,
        },
    )
    .await?;
    let item = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(item)
}

/// Records the council's decision, or a correction that supersedes the one in force.
async fn decide(
    app: &App,
    p: &Principal,
    id: i64,
    input: TransitionInput,
    correction: bool,
) -> AppResult<Item> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut tx = app.db.begin().await?;
    let item = load(&mut tx, id).await?;
    policy::make_move(p, &item.facts(), Move::Decide)?;
    // A decision taken at a meeting is recorded once the meeting has begun (an item decided
    // without a meeting, or a correction of an earlier decision, has no such moment to wait for).
    if !correction {
        if let Some(mid) = item.meeting_id {
            let m = agenda::meeting(&mut tx.ex(), mid).await?;
            if m.is_some_and(|m| !m.has_started(now)) {
                return Err(AppError::Conflict("error-meeting-not-started"));
            }
        }
    }
    let from = item.status();
    let mut e = FieldErrors::default();
    // Exactly one of the choices: the form sends them as they are, and the API documents them
    // as a list, so anything else (even with spaces around) is refused, not guessed at.
    let outcome = input.outcome.as_deref().unwrap_or("");
    if !OUTCOMES.contains(&outcome) {
        e.add("outcome", "error-outcome");
    }
    let reasons = required_text(&mut e, "reasons", input.reasons.as_deref());
    let referred_to = validate::optional(
        &mut e,
        "referred_to",
        input.referred_to.as_deref(),
        validate::MAX_TITLE,
    );
    if outcome == "referred" && referred_to.is_none() {
        e.add("referred_to", "error-referred-to");
    }
    let review = parse_date(&mut e, "review_date", input.review_date.as_deref());
    if outcome == "postponed" {
        match review {
            None => e.add("review_date", "error-review-date"),
            Some(d) if d <= today => e.add("review_date", "error-review-future"),
            _ => {}
        }
    }
    let previous = agenda::decisions(&mut tx.ex(), id).await?;
    let actions = agenda::actions_of_item(&mut tx.ex(), id).await?;
    let to = if correction {
        if previous.is_empty()
            || !matches!(
                from,
                Status::Decided | Status::Postponed | Status::InFollowUp
            )
        {
            return Err(AppError::Conflict("error-move-state"));
        }
        if outcome == "postponed" {
            Status::Postponed
        } else if !actions.is_empty() {
            Status::InFollowUp
        } else {
            Status::Decided
        }
    } else {
        let ctx = MoveContext {
            return_to: None,
            postponed: outcome == "postponed",
        };
        lifecycle::apply(from, Move::Decide, Actor::Staff, ctx)?
    };
    e.into_result()?;
    let mut l = item.lifecycle();
    l.status = to;
    l.review_date = if outcome == "postponed" { review } else { None };
    if l.decided_at.is_none() && outcome != "postponed" {
        l.decided_at = Some(now);
    }
    let decision_id = agenda::add_decision(
        &mut tx.ex(),
        NewDecision {
            item_id: id,
            outcome,
            reasons: &reasons,
            referred_to: referred_to.as_deref(),
            review_date: l.review_date,
            meeting_id: item.meeting_id,
            supersedes: if correction {
                previous.last().map(|d| d.id)
            } else {
                None
            },
            by: p.user_id,
            now,
        },
    )
    .await?;
    if !items::save_lifecycle(&mut tx.ex(), id, from, &l, now).await? {
        return Err(AppError::Conflict("error-move-state"));
    }
    // An answer (not a postponement) opens the panel's verdict on it.
    if outcome != "postponed" {
        let zone = zones::by_id(&mut tx.ex(), item.zone_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cal = zones::calendar(&mut tx.ex(), &zone).await?;
        super::verdicts::open_window(&mut tx.ex(), id, &cal, today).await?;
    } else {
        // Postponed: nothing to judge until the council answers.
        crate::db::verdicts::set_due(&mut tx.ex(), id, None).await?;
    }
    let kind = if correction {
        EventKind::DecisionCorrected
    } else {
        EventKind::Decided
    };
    super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(id),
kind,
actor: Some(p.user_id),
at: now,
data: json!({"from": from.as_str(), "status": to.as_str(), "decision": decision_id, "outcome": outcome,
               "review_date": l.review_date, "referred_to": referred_to,
               "supersedes": if correction { previous.last().map(|d| d.id) } else { None }}),
personal: Some(json!({"text": reasons})),
},
)
    .await?;
    let item = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(item)
}

pub struct ActionInput<'a> {
    pub what: &'a str,
    pub responsible: &'a str,
    pub due: &'a str,
}

/// Staff add a follow-up action to an accepted or partly accepted item.
#[tracing::instrument(name = "agenda::add_action", level = "debug", skip_all)]
pub async fn add_action(
    app: &App,
    p: &Principal,
    item_id: i64,
    input: ActionInput<'_>,
) -> AppResult<i64> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load(&mut tx, item_id).await?;
    policy::make_move(p, &item.facts(), Move::StartFollowUp)?;
    let from = item.status();
    let decisions = agenda::decisions(&mut tx.ex(), item_id).await?;
    let accepted = decisions
        .last()
        .is_some_and(|d| d.outcome == "accepted" || d.outcome == "partly-accepted");
    if !matches!(from, Status::Decided | Status::InFollowUp) || !accepted {
        return Err(AppError::Conflict("error-action-needs-acceptance"));
    }
    let mut e = FieldErrors::default();
    let what = validate::required(&mut e, "what", input.what, validate::MAX_TITLE);
    let responsible = validate::name(&mut e, "responsible", input.responsible);
    let due = parse_date(&mut e, "due", Some(input.due));
    if due.is_none() && !e.contains("due") {
        e.add("due", "error-required");
    }
    e.into_result()?;
    let due = due.expect("checked");
    let aid = agenda::add_action(
        &mut tx.ex(),
        item_id,
        item.zone_id,
        &what,
        &responsible,
        due,
        p.user_id,
        now,
    )
    .await?;
    if from == Status::Decided {
        let mut l = item.lifecycle();
        l.status = lifecycle::apply(
            from,
            Move::StartFollowUp,
            Actor::Staff,
            MoveContext::default(),
        )?;
        if !items::save_lifecycle(&mut tx.ex(), item_id, from, &l, now).await? {
            return Err(AppError::Conflict("error-move-state"));
        }
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: EventKind::ActionAdded,
            actor: Some(p.user_id),
            at: now,
            data: json!({"action": aid, "due": due, "status": Status::InFollowUp.as_str()}),
            personal: Some(json!({"text": what, "responsible": responsible})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(aid)
}

pub struct ActionUpdateInput<'a> {
    pub percent: Option<i64>,
    pub note: &'a str,
    pub done: bool,
}

/// A progress update on an action: a percentage and/or a short status, seen by the citizens.
#[tracing::instrument(name = "agenda::update_action", level = "debug", skip_all)]
pub async fn update_action(
    app: &App,
    p: &Principal,
    action_id: i64,
    input: ActionUpdateInput<'_>,
) -> AppResult<i64> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let action = agenda::action(&mut tx.ex(), action_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = load(&mut tx, action.item_id).await?;
    policy::make_move(p, &item.facts(), Move::StartFollowUp)?;
    // A closed or withdrawn item's follow-up is history; reopening it makes it live again.
    if matches!(item.status(), Status::Closed | Status::Withdrawn) {
        return Err(AppError::Conflict("error-item-closed"));
    }
    let mut e = FieldErrors::default();
    let note = validate::required(&mut e, "note", input.note, validate::MAX_TITLE * 5);
    if let Some(pc) = input.percent {
        if !(0..=100).contains(&pc) {
            e.add("percent", "error-percent");
        }
    }
    e.into_result()?;
    let percent = if input.done {
        100
    } else {
        input.percent.unwrap_or(action.percent)
    };
    let status = if percent >= 100 { "done" } else { "open" };
    let uid = agenda::add_action_update(
        &mut tx.ex(),
        action_id,
        p.user_id,
        input.percent.or(input.done.then_some(100)),
        &note,
        now,
    )
    .await?;
    agenda::update_action(&mut tx.ex(), action_id, percent, status, now).await?;
    super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(item.id),
kind: EventKind::ActionUpdated,
actor: Some(p.user_id),
at: now,
data: json!({"action": action_id, "update": uid, "percent": percent, "action_status": status}),
personal: Some(json!({"text": note})),
},
)
    .await?;
    tx.commit().await?;
    Ok(uid)
}

/// Reactions in people's own words: panel members react or state their own view; staff and
/// council members comment. Never edited, only followed by another.
#[tracing::instrument(name = "agenda::react", level = "debug", skip_all)]
pub async fn react(
    app: &App,
    p: &Principal,
    item_id: i64,
    text: &str,
    own_view: bool,
) -> AppResult<i64> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load(&mut tx, item_id).await?;
    policy::view_item(p, &item.facts())?;
    let (kind, event) = if p.in_panel(item.panel_id) {
        policy::react(p, &item.facts())?;
        if own_view {
            ("own-view", EventKind::OwnViewAdded)
        } else {
            ("reaction", EventKind::ReactionAdded)
        }
    } else if p.has_role(item.zone_id, Role::Council) || p.has_role(item.zone_id, Role::Staff) {
        if item.status().is_draft() {
            return Err(AppError::Forbidden);
        }
        ("comment", EventKind::CommentAdded)
    } else {
        return Err(AppError::Forbidden);
    };
    let mut e = FieldErrors::default();
    let text = validate::required(&mut e, "text", text, validate::MAX_TEXT);
    e.into_result()?;
    let nid = agenda::add_note(&mut tx.ex(), item_id, Some(p.user_id), kind, &text, now).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: event,
            actor: Some(p.user_id),
            at: now,
            data: json!({"note": nid}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(nid)
}

/// The panel decides whether its item is public (anyone may read it and follow its progress).
#[tracing::instrument(name = "agenda::set_public", level = "debug", skip_all)]
pub async fn set_public(app: &App, p: &Principal, item_id: i64, public: bool) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load(&mut tx, item_id).await?;
    policy::view_item(p, &item.facts())?;
    if !p.in_panel(item.panel_id) {
        return Err(AppError::Forbidden);
    }
    if item.is_public == public {
        return Ok(());
    }
    items::set_public(&mut tx.ex(), item_id, public, now).await?;
    let kind = if public {
        EventKind::MadePublic
    } else {
        EventKind::MadePrivate
    };
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind,
            actor: Some(p.user_id),
            at: now,
            data: json!({"public": public}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The date an item is due and how late it is, for display.
pub fn due_state(item: &Item, today: NaiveDate) -> Option<(deadlines::Deadline, NaiveDate, i64)> {
    let dates = ItemDates {
        ack_due: item.ack_due,
        response_due: item.response_due,
        review_date: item.review_date,
    };
    deadlines::current(item.status(), &dates).map(|(k, d)| (k, d, deadlines::days_late(d, today)))
}
