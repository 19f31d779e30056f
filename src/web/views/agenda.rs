//! The council's side: meetings with their agenda, decisions, follow-up actions, and the zone's
//! overview of what is late.

use super::items::{item, item_row, Item, ItemRow};
use super::{ts, ZoneRef};
use crate::db::agenda as rows;
use crate::domain::deadlines::{days_late, Deadline};
use crate::service::deadlines as keeper;
use crate::service::meetings::MeetingView;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    #[schema(format = DateTime)]
    pub starts_at: String,
    pub place: String,
    /// `planned` or `held`.
    pub status: String,
    pub other_points: String,
}

pub fn meeting(m: &rows::Meeting) -> Meeting {
    Meeting {
        id: m.id,
        starts_at: ts(m.starts_at),
        place: m.place.clone(),
        status: m.status.clone(),
        other_points: m.other_points.clone(),
    }
}

/// What the council decided.
#[derive(ToSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // the document's list; `service::agenda::OUTCOMES` is what is checked
pub enum Outcome {
    Accepted,
    PartlyAccepted,
    NotAccepted,
    Referred,
    Postponed,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Decision {
    pub id: i64,
    #[schema(value_type = Outcome)]
    pub outcome: String,
    pub reasons: String,
    pub referred_to: Option<String>,
    pub review_date: Option<NaiveDate>,
    /// The meeting's id.
    pub meeting: Option<i64>,
    /// The decision this one corrects.
    pub supersedes: Option<i64>,
    pub recorded_by: String,
    #[schema(format = DateTime)]
    pub at: String,
    /// A later decision corrected this one.
    pub superseded: bool,
}

pub fn decision(d: &rows::Decision, superseded: bool) -> Decision {
    Decision {
        id: d.id,
        outcome: d.outcome.clone(),
        reasons: d.reasons.clone(),
        referred_to: d.referred_to.clone(),
        review_date: d.review_date,
        meeting: d.meeting_id,
        supersedes: d.supersedes,
        recorded_by: d.decided_by_name.clone(),
        at: ts(d.created_at),
        superseded,
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ActionUpdate {
    pub by: String,
    pub percent: Option<i64>,
    pub note: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// A follow-up action on an item.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Action {
    pub id: i64,
    pub what: String,
    pub responsible: String,
    pub due: NaiveDate,
    pub percent: i64,
    /// `open` or `done`.
    pub status: String,
    pub overdue_days: i64,
    pub overdue: bool,
    #[schema(format = DateTime)]
    pub updated_at: String,
    pub updates: Vec<ActionUpdate>,
}

/// The action without its updates (the item's page adds them).
pub fn action(a: &rows::Action, today: NaiveDate) -> Action {
    let late = if a.status == "open" {
        (today - a.due_date).num_days().max(0)
    } else {
        0
    };
    Action {
        id: a.id,
        what: a.what.clone(),
        responsible: a.responsible.clone(),
        due: a.due_date,
        percent: a.percent,
        status: a.status.clone(),
        overdue_days: late,
        overdue: late > 0,
        updated_at: ts(a.updated_at),
        updates: vec![],
    }
}

/// What the minutes say about one item discussed at a meeting.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct MinutesSummary {
    pub id: i64,
    pub summary: String,
}

/// One item on a meeting's agenda, with what a council member prepares it with.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct AgendaPoint {
    #[serde(flatten)]
    pub item: ItemRow,
    /// The place on the agenda, from 1.
    pub position: usize,
    /// The citizen's words, as submitted.
    pub text: String,
    /// What the panel asks of the council: a message key (`asks-proposal`, …).
    pub asks: String,
    pub waited_days: i64,
    pub cosigners: Vec<String>,
    /// References of the signals taken up in it.
    pub signals: Vec<String>,
    pub earlier_decisions: Vec<Decision>,
    /// The minutes of this meeting about it, once written.
    pub minutes: Option<MinutesSummary>,
    /// The decision taken on it at this meeting.
    pub decision: Option<Decision>,
}

/// Minutes of a meeting, one per item discussed.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct MeetingMinutes {
    pub id: i64,
    /// The item's id.
    pub item: i64,
    pub summary: String,
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// An item late on its deadline, as the council's next meeting lists it.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct LateItem {
    pub id: i64,
    pub reference: String,
    pub title: String,
    /// The panel's name.
    pub panel: String,
    pub deadline: Deadline,
    pub due: NaiveDate,
    pub overdue_days: i64,
    /// On the agenda of a meeting still to come.
    pub scheduled: bool,
}

fn late_items(list: &[keeper::DueEntry]) -> Vec<LateItem> {
    list.iter()
        .map(|d| LateItem {
            id: d.item.id,
            reference: d.item.reference.clone(),
            title: d.item.title.clone(),
            panel: d.item.panel_name.clone(),
            deadline: d.deadline,
            due: d.due,
            overdue_days: d.days_late,
            scheduled: d.scheduled,
        })
        .collect()
}

/// A meeting with its agenda and minutes.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub meeting: Meeting,
    /// The zone's code.
    pub zone: String,
    pub zone_name: String,
    /// Whether the meeting has begun (before that there are no minutes or decisions).
    pub started: bool,
    /// Whether this is the zone's next planned meeting.
    pub is_next: bool,
    /// The items on the agenda, in order.
    pub agenda: Vec<AgendaPoint>,
    /// One per item discussed.
    pub minutes: Vec<MeetingMinutes>,
    /// For the next meeting: items that are late and on no agenda yet.
    pub not_scheduled: Vec<LateItem>,
    /// For the next meeting: items late by the zone's second margin, on an agenda or not
    /// ("Te laat, nog niet beantwoord").
    pub very_overdue: Vec<LateItem>,
}

/// A meeting with its citizen agenda: per item what a council member prepares with (the citizen's
/// words, who brought it in and when, how long it waited, late or not, co-signers, signals,
/// earlier decisions, what the panel asks), and once the meeting has begun its minutes and
/// decision; for the zone's next meeting also what is late and on no agenda yet.
pub fn meeting_detail(v: &MeetingView, today: NaiveDate) -> MeetingDetail {
    MeetingDetail {
        meeting: meeting(&v.meeting),
        zone: v.zone_code.clone(),
        zone_name: v.zone_name.clone(),
        started: v.started,
        is_next: v.is_next,
        agenda: v
            .entries
            .iter()
            .enumerate()
            .map(|(n, e)| AgendaPoint {
                item: item_row(&e.item, today),
                position: n + 1,
                text: e.item.body.clone(),
                asks: format!("asks-{}", e.item.kind),
                waited_days: e.waited_days,
                cosigners: e.cosigners.clone(),
                signals: e.signals.clone(),
                earlier_decisions: e.earlier.iter().map(|d| decision(d, false)).collect(),
                minutes: e.minutes.as_ref().map(|x| MinutesSummary {
                    id: x.id,
                    summary: x.summary.clone(),
                }),
                decision: e.decision.as_ref().map(|d| decision(d, false)),
            })
            .collect(),
        minutes: v
            .entries
            .iter()
            .filter_map(|e| e.minutes.as_ref())
            .map(|x| MeetingMinutes {
                id: x.id,
                item: x.item_id,
                summary: x.summary.clone(),
                by: x.author_name.clone(),
                at: ts(x.created_at),
            })
            .collect(),
        not_scheduled: late_items(&v.not_scheduled),
        very_overdue: late_items(&v.very_overdue),
    }
}

/// A new minutes entry.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct CreatedMinutes {
    pub id: i64,
    pub meeting: i64,
    pub item: i64,
}

/// A new update of an action.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct CreatedActionUpdate {
    pub id: i64,
    pub action: i64,
}

/// An item late or due soon, on the overview.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct DueItem {
    pub item: Item,
    pub deadline: Deadline,
    pub due: NaiveDate,
    pub overdue_days: i64,
    /// On a meeting's agenda; a late item that is on none is the council's to see.
    pub scheduled: bool,
}

/// A follow-up action late or due soon, with its item.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct DueAction {
    #[serde(flatten)]
    pub action: Action,
    /// The item's reference.
    pub reference: String,
    /// The item's id.
    pub item: i64,
}

/// An advice waiting for the council's report back.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ReportDue {
    /// The consultation's id.
    pub consultation: i64,
    pub reference: String,
    pub title: String,
    /// The panel's name.
    pub panel: String,
    pub due: NaiveDate,
    pub overdue_days: i64,
}

/// A signal nobody triaged within the zone's acknowledgement deadline.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct SignalDue {
    /// The signal's id.
    pub signal: i64,
    pub reference: String,
    pub received: NaiveDate,
    pub due: NaiveDate,
    pub overdue_days: i64,
}

/// The zone's next meeting with its agenda.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct NextMeeting {
    #[serde(flatten)]
    pub meeting: Meeting,
    pub agenda: Vec<ItemRow>,
}

/// What is overdue or due this week in a zone, and the next meeting (staff and council).
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Overview {
    pub zone: ZoneRef,
    pub today: NaiveDate,
    pub overdue: Vec<DueItem>,
    pub due_this_week: Vec<DueItem>,
    pub actions_overdue: Vec<DueAction>,
    pub actions_due_this_week: Vec<DueAction>,
    /// Consultations owing a report back.
    pub reports_due: Vec<ReportDue>,
    /// Signals nobody triaged within the zone's acknowledgement deadline.
    pub signals_overdue: Vec<SignalDue>,
    pub next_meeting: Option<NextMeeting>,
}

pub fn overview(o: &keeper::Overview) -> Overview {
    let entry = |e: &keeper::DueEntry| DueItem {
        item: item(&e.item),
        deadline: e.deadline,
        due: e.due,
        overdue_days: e.days_late,
        scheduled: e.scheduled,
    };
    let action = |e: &keeper::ActionEntry| DueAction {
        action: action(&e.action, o.today),
        reference: e.reference.clone(),
        item: e.action.item_id,
    };
    Overview {
        zone: ZoneRef {
            code: o.zone.code.clone(),
            name: o.zone.name.clone(),
        },
        today: o.today,
        overdue: o.overdue.iter().map(entry).collect(),
        due_this_week: o.due_this_week.iter().map(entry).collect(),
        actions_overdue: o.actions_overdue.iter().map(action).collect(),
        actions_due_this_week: o.actions_due_this_week.iter().map(action).collect(),
        reports_due: o
            .reports_due
            .iter()
            .map(|r| ReportDue {
                consultation: r.consultation_id,
                reference: r.reference.clone(),
                title: r.title.clone(),
                panel: r.panel_name.clone(),
                due: r.report_due,
                overdue_days: days_late(r.report_due, o.today),
            })
            .collect(),
        signals_overdue: o
            .signals_overdue
            .iter()
            .map(|s| SignalDue {
                signal: s.id,
                reference: s.reference.clone(),
                received: s.received,
                due: s.due,
                overdue_days: s.days_late,
            })
            .collect(),
        next_meeting: o.next_meeting.as_ref().map(|(m, list)| NextMeeting {
            meeting: meeting(m),
            agenda: list.iter().map(|i| item_row(i, o.today)).collect(),
        }),
    }
}
