//! The deadline keeper: marks passed deadlines on the timeline and closes items whose closure
//! nobody objected to. It computes everything from stored dates, so it does not matter whether
//! it ran yesterday: a restart catches up. Also: the zone overview and the zone's figures.

use super::Recorded;
use crate::app::App;
use crate::db::agenda::{self, Action, Meeting};
use crate::db::items::{self, Item};
use crate::db::zones::{self, Zone};
use crate::domain::clock::brussels_date;
use crate::domain::deadlines::{self, Deadline};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::lifecycle::{self, Actor, Move, MoveContext, Status};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::working_days::Calendar;
use crate::error::{AppError, AppResult};
use crate::memo::Kind;
use chrono::{Duration, NaiveDate};
use serde_json::json;
use std::collections::HashMap;

pub(crate) const WAITING: [Status; 4] = [
    Status::Submitted,
    Status::Acknowledged,
    Status::Scheduled,
    Status::Postponed,
];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobReport {
    pub marked_overdue: u64,
    pub auto_closed: u64,
    pub retention_applied: u64,
    /// Reminders ahead of a deadline, and to the panel of a question waiting on it.
    pub reminded: u64,
    /// Items that became very overdue.
    pub escalated: u64,
}

/// One pass of the deadline keeper over every zone.
#[tracing::instrument(name = "deadlines::run_due_jobs", level = "debug", skip_all)]
pub async fn run_due_jobs(app: &App) -> AppResult<JobReport> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut report = JobReport::default();
    // Most passed deadlines were marked on an earlier pass: a read says so without taking the
    // database's write lock once per waiting item every minute.
    let mut reader = app.db.conn().await?;
    let waiting = items::in_states(&mut reader.ex(), None, &WAITING).await?;
    // Each zone counts its days its own way; read once per pass.
    let mut rules: HashMap<i64, (Zone, Calendar)> = HashMap::new();
    for item in waiting {
        let Some((kind, due)) = deadlines::current(item.status(), &item.dates()) else {
            continue;
        };
        let Some((zone, cal)) = rules_of(&mut rules, &mut reader, item.zone_id).await? else {
            continue;
        };
        // Ahead of the date: whoever owes the step is reminded, once.
        let remind_from = cal.in_working_days().subtract(due, zone.reminder_days);
        if today >= remind_from && today <= due {
            let step = format!("reminder-{}", kind.as_str());
            if mark_once(
                app,
                &mut reader,
                &item,
                &step,
                due,
                EventKind::Reminder,
                now,
                json!({"deadline": kind.as_str(), "due": due}),
            )
            .await?
            {
                report.reminded += 1;
            }
        }
        if due >= today {
            continue;
        }
        if !agenda::is_marked(&mut reader.ex(), "item", item.id, kind.as_str(), due).await? {
            let mut tx = app.db.begin().await?;
            if agenda::mark_overdue(&mut tx.ex(), "item", item.id, kind.as_str(), due, now).await? {
                super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(item.id),
kind: EventKind::Overdue,
actor: None,
at: now,
data: json!({"deadline": kind.as_str(), "due": due, "overdue_since": due + Duration::days(1)}),
personal: None,
},
)
                .await?;
                tx.commit().await?;
                report.marked_overdue += 1;
            }
        }
        // Late by the zone's second margin: very overdue; the administrators and the chair hear.
        let working = cal.in_working_days();
        if working.late_by(due, today, zone.very_overdue_days) {
            let step = format!("very-overdue-{}", kind.as_str());
            if mark_once(app, &mut reader, &item, &step, due, EventKind::VeryOverdue, now, json!({"deadline": kind.as_str(), "due": due, "working_days_late": working.between(due, today)})).await? {
                report.escalated += 1;
            }
        }
    }
    // A question to the panel waits on the panel: after five working days it is reminded.
    let asked = items::in_states(&mut reader.ex(), None, &[Status::ClarificationRequested]).await?;
    for item in asked {
        let Some(since) = item.paused_since.map(brussels_date) else {
            continue;
        };
        let Some((_, cal)) = rules_of(&mut rules, &mut reader, item.zone_id).await? else {
            continue;
        };
        // Five working days, whatever the zone counts its deadlines in.
        if cal
            .in_working_days()
            .late_by(since, today, CLARIFICATION_REMINDER_DAYS)
            && mark_once(
                app,
                &mut reader,
                &item,
                "clarification-reminder",
                since,
                EventKind::ClarificationReminder,
                now,
                json!({"asked_on": since}),
            )
            .await?
        {
            report.reminded += 1;
        }
    }
    let actions = agenda::open_actions(&mut reader.ex(), None).await?;
    for a in actions.into_iter().filter(|a| a.due_date < today) {
        let follow_up = Deadline::FollowUp.as_str();
        if agenda::is_marked(&mut reader.ex(), "action", a.id, follow_up, a.due_date).await? {
            continue;
        }
        let mut tx = app.db.begin().await?;
        if agenda::mark_overdue(
            &mut tx.ex(),
            "action",
            a.id,
            Deadline::FollowUp.as_str(),
            a.due_date,
            now,
        )
        .await?
        {
            super::record(
&mut tx.ex(),
Recorded {
zone_id: a.zone_id,
subject: Subject::Item(a.item_id),
kind: EventKind::ActionOverdue,
actor: None,
at: now,
data: json!({"deadline": "follow-up", "action": a.id, "due": a.due_date, "overdue_since": a.due_date + Duration::days(1)}),
personal: None,
},
)
            .await?;
            tx.commit().await?;
            report.marked_overdue += 1;
        }
    }
    drop(reader);
    report.marked_overdue += super::consultations::mark_overdue_reports(app).await?;
    let proposed = {
        let mut c = app.db.conn().await?;
        items::in_states(&mut c.ex(), None, &[Status::ClosureProposed]).await?
    };
    for item in proposed
        .into_iter()
        .filter(|i| i.closure_due.is_some_and(|d| d <= today))
    {
        let mut tx = app.db.begin().await?;
        let mut l = item.lifecycle();
        l.status = lifecycle::apply(
            Status::ClosureProposed,
            Move::AutoClose,
            Actor::System,
            MoveContext::default(),
        )?;
        l.closed_at = Some(now);
        l.closure_due = None;
        l.return_status = None;
        // Someone may have objected a moment ago; then the state no longer matches and we skip.
        if items::save_lifecycle(&mut tx.ex(), item.id, Status::ClosureProposed, &l, now).await? {
            super::record(
                &mut tx.ex(),
                Recorded {
                    zone_id: item.zone_id,
                    subject: Subject::Item(item.id),
                    kind: EventKind::AutoClosed,
                    actor: None,
                    at: now,
                    data: json!({"from": "closure-proposed", "status": "closed"}),
                    personal: None,
                },
            )
            .await?;
            tx.commit().await?;
            report.auto_closed += 1;
        }
    }
    report.retention_applied = super::privacy::apply_retention(app).await?;
    // Throttles nobody touched for two days count nothing any more (the longest memory a
    // throttle keeps is a day): the table stays small.
    let mut tx = app.db.begin().await?;
    crate::db::account::prune_throttles(&mut tx.ex(), now - chrono::Duration::days(2)).await?;
    tx.commit().await?;
    Ok(report)
}

/// A zone's rules (its settings and how it counts days), read once per keeper pass.
async fn rules_of<'a>(
    rules: &'a mut HashMap<i64, (Zone, Calendar)>,
    reader: &mut crate::db::Conn,
    zone_id: i64,
) -> AppResult<Option<&'a (Zone, Calendar)>> {
    if !rules.contains_key(&zone_id) {
        if let Some(z) = zones::by_id(&mut reader.ex(), zone_id).await? {
            let cal = zones::calendar(&mut reader.ex(), &z).await?;
            rules.insert(z.id, (z, cal));
        }
    }
    Ok(rules.get(&zone_id))
}

/// Working days after a request for clarification before the panel is reminded of it.
pub const CLARIFICATION_REMINDER_DAYS: i64 = 5;

/// Records `kind` on the item's timeline once per (item, step, due): the mark and the event in one
/// transaction, so two keepers (two instances) never both record it. A read first, so that the
/// common case (marked long ago) takes no write lock.
#[allow(clippy::too_many_arguments)]
async fn mark_once(
    app: &App,
    reader: &mut crate::db::Conn,
    item: &Item,
    step: &str,
    due: NaiveDate,
    kind: EventKind,
    now: chrono::DateTime<chrono::Utc>,
    data: serde_json::Value,
) -> AppResult<bool> {
    if agenda::is_marked(&mut reader.ex(), "item", item.id, step, due).await? {
        return Ok(false);
    }
    let mut tx = app.db.begin().await?;
    if !agenda::mark_overdue(&mut tx.ex(), "item", item.id, step, due, now).await? {
        return Ok(false);
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item.id),
            kind,
            actor: None,
            at: now,
            data,
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Runs the keeper every `every` until the server stops.
pub fn spawn(app: App, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            crate::metrics::get().keeper_runs.inc();
            match run_due_jobs(&app).await {
                Ok(r) if r != JobReport::default() => {
                    tracing::info!(
                        overdue = r.marked_overdue,
                        closed = r.auto_closed,
                        "deadline keeper"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("deadline keeper: {e}"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

#[derive(Clone)]
pub struct DueEntry {
    pub item: Item,
    pub deadline: Deadline,
    pub due: NaiveDate,
    pub days_late: i64,
    /// On the agenda of a meeting still to come (not only of one that is over).
    pub scheduled: bool,
    /// Late by the zone's second margin (working days): the council's next agenda lists it
    /// under "Te laat, nog niet beantwoord".
    pub very_overdue: bool,
}

#[derive(Clone)]
pub struct ActionEntry {
    pub action: Action,
    pub reference: String,
    pub days_late: i64,
}

/// A signal nobody triaged within the zone's acknowledgement deadline.
#[derive(Clone)]
pub struct SignalDue {
    pub id: i64,
    pub reference: String,
    pub received: NaiveDate,
    pub due: NaiveDate,
    pub days_late: i64,
}

#[derive(Clone)]
pub struct Overview {
    pub zone: Zone,
    pub today: NaiveDate,
    pub overdue: Vec<DueEntry>,
    pub due_this_week: Vec<DueEntry>,
    pub actions_overdue: Vec<ActionEntry>,
    pub actions_due_this_week: Vec<ActionEntry>,
    pub next_meeting: Option<(Meeting, Vec<Item>)>,
    /// Advices waiting for the council's report back, earliest due first.
    pub reports_due: Vec<crate::db::consultations::ReportDue>,
    /// Signals still waiting for triage after the zone's acknowledgement deadline (the same
    /// days an item gets to be acknowledged), longest waiting first.
    pub signals_overdue: Vec<SignalDue>,
}

/// What is late and due in a zone, on a day, kept until the zone's history moves on.
struct KeptOverviews;

impl Kind for KeptOverviews {
    type Key = (i64, NaiveDate);
    type Value = Overview;
    const NAME: &'static str = "overview";
    const CAPACITY: usize = 1024;
}

/// The zone whose overview `p` asks for, when they may read it: its staff, council members and
/// administrators.
async fn zone_to_oversee(
    c: &mut crate::db::Conn,
    p: &Principal,
    zone_code: &str,
) -> AppResult<Zone> {
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id)?;
    if !(p.has_role(zone.id, Role::Staff)
        || p.has_role(zone.id, Role::Council)
        || p.has_role(zone.id, Role::Admin))
    {
        return Err(AppError::Forbidden);
    }
    Ok(zone)
}

/// Everything an overview depends on besides its zone's history: the day and the next meeting
/// (which changes with the hour, when a meeting begins).
#[derive(Debug, PartialEq, Eq, Hash, Clone)]
pub struct OverviewVersion {
    pub zone_id: i64,
    /// The zone's chain length when asked.
    pub version: i64,
    pub today: NaiveDate,
    pub next_meeting: Option<i64>,
}

/// What an overview shows depends on, for `p` who may read it; cheaper than the overview.
#[tracing::instrument(name = "deadlines::overview_version", level = "debug", skip_all)]
pub async fn overview_version(
    app: &App,
    p: &Principal,
    zone_code: &str,
) -> AppResult<OverviewVersion> {
    let now = app.clock.now();
    let mut c = app.db.conn().await?;
    let zone = zone_to_oversee(&mut c, p, zone_code).await?;
    let next = agenda::next_meeting(&mut c.ex(), zone.id, now).await?;
    Ok(OverviewVersion {
        zone_id: zone.id,
        version: zone.chain_seq,
        today: brussels_date(now),
        next_meeting: next.map(|m| m.id),
    })
}

/// What staff and council need to see: what is late, what is due this week, the next meeting.
#[tracing::instrument(name = "deadlines::overview", level = "debug", skip_all)]
pub async fn overview(app: &App, p: &Principal, zone_code: &str) -> AppResult<Overview> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let mut c = app.db.conn().await?;
    let zone = zone_to_oversee(&mut c, p, zone_code).await?;
    // The lists change only with the zone's history (or the day); the next meeting also with
    // the hour, so it is looked up every time.
    let key = (zone.id, today);
    let version = zone.chain_seq;
    let memo = app.memo.of::<KeptOverviews>();
    let mut o = match memo.get(&key, version) {
        Some(o) => (*o).clone(),
        None => {
            let o = lists(&mut c, zone, today).await?;
            memo.put(key, version, std::sync::Arc::new(o.clone()));
            o
        }
    };
    o.next_meeting = match agenda::next_meeting(&mut c.ex(), o.zone.id, now).await? {
        Some(m) => {
            let list = items::on_agenda(&mut c.ex(), m.id).await?;
            Some((m, list))
        }
        None => None,
    };
    Ok(o)
}

async fn lists(c: &mut crate::db::Conn, zone: Zone, today: NaiveDate) -> AppResult<Overview> {
    let week_end = today + Duration::days(7);
    let mut overdue = vec![];
    let mut due_this_week = vec![];
    let planned = agenda::planned_meeting_ids(&mut c.ex(), zone.id).await?;
    let cal = zones::calendar(&mut c.ex(), &zone).await?;
    for item in items::in_states(&mut c.ex(), Some(zone.id), &WAITING).await? {
        if let Some((deadline, due)) = deadlines::current(item.status(), &item.dates()) {
            let entry = DueEntry {
                very_overdue: due < today
                    && cal
                        .in_working_days()
                        .late_by(due, today, zone.very_overdue_days),
                scheduled: item.meeting_id.is_some_and(|m| planned.contains(&m)),
                days_late: deadlines::days_late(due, today),
                item,
                deadline,
                due,
            };
            if due < today {
                overdue.push(entry);
            } else if due <= week_end {
                due_this_week.push(entry);
            }
        }
    }
    overdue.sort_by_key(|e| std::cmp::Reverse(e.days_late));
    due_this_week.sort_by_key(|e| e.due);
    let mut actions_overdue = vec![];
    let mut actions_due_this_week = vec![];
    let open = agenda::open_actions(&mut c.ex(), Some(zone.id)).await?;
    // One query for every action's item reference, not one per action.
    let ids: Vec<i64> = open.iter().map(|a| a.item_id).collect();
    let references = items::references(&mut c.ex(), &ids).await?;
    for a in open {
        let reference = references.get(&a.item_id).cloned().unwrap_or_default();
        let entry = ActionEntry {
            days_late: deadlines::days_late(a.due_date, today),
            reference,
            action: a,
        };
        if entry.action.due_date < today {
            actions_overdue.push(entry);
        } else if entry.action.due_date <= week_end {
            actions_due_this_week.push(entry);
        }
    }
    let reports_due = crate::db::consultations::waiting_reports(&mut c.ex(), zone.id).await?;
    let mut signals_overdue = vec![];
    for s in crate::db::signals::waiting(&mut c.ex(), zone.id).await? {
        let received = brussels_date(s.created_at);
        let due = deadlines::ack_due(&cal, received, zone.ack_days);
        if due < today {
            signals_overdue.push(SignalDue {
                id: s.id,
                reference: s.reference,
                received,
                due,
                days_late: deadlines::days_late(due, today),
            });
        }
    }
    Ok(Overview {
        signals_overdue,
        reports_due,
        zone,
        today,
        overdue,
        due_this_week,
        actions_overdue,
        actions_due_this_week,
        next_meeting: None,
    })
}
