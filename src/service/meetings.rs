//! Council meetings: the citizen agenda, minutes per item, and the panel's confirmations and
//! corrections of those minutes.

use super::Recorded;
use crate::app::App;
use crate::db::agenda::{self, Meeting, Minutes};
use crate::db::items::{self, Item};
use crate::db::zones;
use crate::domain::clock::brussels_date;
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::{self, Principal, Role};
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
use serde_json::json;

fn require_staff(p: &Principal, zone_id: i64) -> AppResult<()> {
    policy::view_zone(p, zone_id)?;
    if p.has_role(zone_id, Role::Staff) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub struct MeetingInput<'a> {
    /// Local Brussels time, `YYYY-MM-DDTHH:MM` (what an HTML datetime-local field sends).
    pub starts_at: &'a str,
    pub place: &'a str,
    pub other_points: Option<&'a str>,
}

#[tracing::instrument(name = "meetings::create", level = "debug", skip_all)]
pub async fn create(
    app: &App,
    p: &Principal,
    zone_code: &str,
    input: MeetingInput<'_>,
) -> AppResult<Meeting> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    require_staff(p, zone.id)?;
    let mut e = FieldErrors::default();
    let raw = input.starts_at.trim();
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"));
    let starts_at = match local {
        Ok(l) => Brussels
            .from_local_datetime(&l)
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
        Err(_) => None,
    };
    let now = app.clock.now();
    // A meeting is recorded up to a year after it was held and planned up to five years ahead:
    // a date outside is a typing error (a year 0026 for 2026), never a meeting.
    let (earliest, latest) = (now - Duration::days(366), now + Duration::days(5 * 366));
    match starts_at {
        None => e.add("starts_at", "error-datetime"),
        Some(t) if t < earliest || t > latest => e.add_with(
            "starts_at",
            "error-meeting-range",
            vec![
                ("from", brussels_date(earliest).to_string()),
                ("to", brussels_date(latest).to_string()),
            ],
        ),
        Some(_) => {}
    }
    let place = validate::required(&mut e, "place", input.place, validate::MAX_TITLE);
    let other = validate::optional(
        &mut e,
        "other_points",
        input.other_points,
        validate::MAX_TEXT,
    )
    .unwrap_or_default();
    e.into_result()?;
    let starts_at = starts_at.expect("checked");
    let mut tx = app.db.begin().await?;
    let id = agenda::create_meeting(
        &mut tx.ex(),
        zone.id,
        starts_at,
        &place,
        &other,
        p.user_id,
        now,
    )
    .await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: zone.id,
            subject: Subject::Meeting(id),
            kind: EventKind::MeetingPlanned,
            actor: Some(p.user_id),
            at: now,
            data: json!({"starts_at": starts_at, "place": place}),
            personal: None,
        },
    )
    .await?;
    let m = agenda::meeting(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(m)
}

/// A meeting for someone of its zone.
#[tracing::instrument(name = "meetings::visible", level = "debug", skip_all)]
pub async fn visible(app: &App, p: &Principal, id: i64) -> AppResult<Meeting> {
    let mut c = app.db.conn().await?;
    let m = agenda::meeting(&mut c.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, m.zone_id)?;
    Ok(m)
}

/// One citizen item on a meeting's agenda, with what a council member needs to prepare it: the
/// citizen's own words (on `item`), who brought it in and when, how long it has waited, who
/// co-signed, the signals it gathers, what the council decided on it before, and (once the
/// meeting has begun) its minutes and decision there.
pub struct AgendaEntry {
    pub item: Item,
    pub cosigners: Vec<String>,
    /// References of the signals taken up in it (for those who may see the zone's signals).
    pub signals: Vec<String>,
    /// Decisions on it at other meetings or before (a postponement, a corrected one).
    pub earlier: Vec<agenda::Decision>,
    pub minutes: Option<Minutes>,
    pub decision: Option<agenda::Decision>,
    /// Days since it was submitted.
    pub waited_days: i64,
}

pub struct MeetingView {
    pub meeting: Meeting,
    pub zone_code: String,
    pub zone_name: String,
    pub entries: Vec<AgendaEntry>,
    /// Whether the meeting has begun: before, there are no minutes or decisions to show.
    pub started: bool,
    /// The zone's next planned meeting: then also what is late and on no agenda yet.
    pub is_next: bool,
    pub not_scheduled: Vec<super::deadlines::DueEntry>,
    /// For the zone's next meeting: items very overdue, scheduled or not ("Te laat, nog niet
    /// beantwoord").
    pub very_overdue: Vec<super::deadlines::DueEntry>,
}

impl MeetingView {
    pub fn agenda(&self) -> impl Iterator<Item = &Item> {
        self.entries.iter().map(|e| &e.item)
    }
}

#[tracing::instrument(name = "meetings::view", level = "debug", skip_all)]
pub async fn view(app: &App, p: &Principal, id: i64) -> AppResult<MeetingView> {
    let meeting = visible(app, p, id).await?;
    let now = app.clock.now();
    let today = crate::domain::clock::brussels_date(now);
    let mut c = app.db.conn().await?;
    let zone = zones::by_id(&mut c.ex(), meeting.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let agenda_items: Vec<Item> = items::on_agenda(&mut c.ex(), id)
        .await?
        .into_iter()
        .filter(|i| policy::view_item(p, &i.facts()).is_ok())
        .collect();
    let started = meeting.has_started(now);
    let minutes = agenda::minutes_of_meeting(&mut c.ex(), id).await?;
    let sees_signals = policy::signals(p, meeting.zone_id).is_ok();
    let mut entries = Vec::with_capacity(agenda_items.len());
    for item in agenda_items {
        let decisions = agenda::decisions(&mut c.ex(), item.id).await?;
        let (here, earlier): (Vec<_>, Vec<_>) = decisions
            .into_iter()
            .partition(|d| d.meeting_id == Some(id) && started);
        let cosigners = items::cosigns(&mut c.ex(), item.id)
            .await?
            .into_iter()
            .map(|c| c.display_name)
            .collect();
        let signals = if sees_signals {
            crate::db::signals::of_item(&mut c.ex(), item.id)
                .await?
                .into_iter()
                .map(|s| s.reference)
                .collect()
        } else {
            vec![]
        };
        let waited_days = item
            .submitted_at
            .map(|at| (today - crate::domain::clock::brussels_date(at)).num_days())
            .unwrap_or(0);
        entries.push(AgendaEntry {
            minutes: minutes
                .iter()
                .find(|m| m.item_id == item.id && started)
                .cloned(),
            decision: here.into_iter().last(),
            earlier,
            cosigners,
            signals,
            waited_days,
            item,
        });
    }
    let is_next = agenda::next_meeting(&mut c.ex(), meeting.zone_id, now)
        .await?
        .is_some_and(|m| m.id == id);
    drop(c);
    // Late and on no agenda yet: the council sees them where it prepares its next meeting.
    let late = if is_next && policy::view_zone(p, meeting.zone_id).is_ok() {
        late_and_unscheduled(app, &zone.code, p).await?
    } else {
        vec![]
    };
    let (very_overdue, not_scheduled) = late.into_iter().partition(|e| e.very_overdue);
    Ok(MeetingView {
        meeting,
        zone_code: zone.code,
        zone_name: zone.name,
        entries,
        started,
        is_next,
        not_scheduled,
        very_overdue,
    })
}

/// Items of a zone that are late and on no meeting's agenda, and those very late whatever their
/// agenda (for the zone's staff, council and administrators; nobody else reads the overview).
#[tracing::instrument(name = "meetings::late_and_unscheduled", level = "debug", skip_all)]
pub async fn late_and_unscheduled(
    app: &App,
    zone_code: &str,
    p: &Principal,
) -> AppResult<Vec<super::deadlines::DueEntry>> {
    match super::deadlines::overview(app, p, zone_code).await {
        Ok(o) => Ok(o
            .overdue
            .into_iter()
            .filter(|e| !e.scheduled || e.very_overdue)
            .collect()),
        Err(AppError::Forbidden) => Ok(vec![]),
        Err(e) => Err(e),
    }
}

#[tracing::instrument(name = "meetings::list", level = "debug", skip_all)]
pub async fn list(
    app: &App,
    p: &Principal,
    zone_code: &str,
) -> AppResult<(zones::Zone, Vec<Meeting>)> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id)?;
    let list = agenda::meetings(&mut c.ex(), zone.id).await?;
    Ok((zone, list))
}

#[tracing::instrument(name = "meetings::mark_held", level = "debug", skip_all)]
pub async fn mark_held(app: &App, p: &Principal, id: i64) -> AppResult<()> {
    let m = visible(app, p, id).await?;
    require_staff(p, m.zone_id)?;
    let now = app.clock.now();
    if !m.has_started(now) {
        return Err(AppError::Conflict("error-meeting-not-started"));
    }
    let mut tx = app.db.begin().await?;
    if !agenda::mark_held(&mut tx.ex(), id).await? {
        return Err(AppError::Conflict("error-meeting-held"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: m.zone_id,
            subject: Subject::Meeting(id),
            kind: EventKind::MeetingHeld,
            actor: Some(p.user_id),
            at: now,
            data: json!({}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Staff record the council's discussion of one agenda item.
#[tracing::instrument(name = "meetings::add_minutes", level = "debug", skip_all)]
pub async fn add_minutes(
    app: &App,
    p: &Principal,
    meeting_id: i64,
    item_id: i64,
    summary: &str,
) -> AppResult<i64> {
    let m = visible(app, p, meeting_id).await?;
    require_staff(p, m.zone_id)?;
    let mut e = FieldErrors::default();
    let summary = validate::required(&mut e, "summary", summary, validate::MAX_TEXT);
    let now = app.clock.now();
    if !m.has_started(now) {
        return Err(AppError::Conflict("error-meeting-not-started"));
    }
    let mut tx = app.db.begin().await?;
    let item = items::get(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_item(p, &item.facts())?;
    if item.zone_id != m.zone_id || !agenda::on_agenda(&mut tx.ex(), meeting_id, item_id).await? {
        return Err(AppError::invalid("item", "error-not-on-agenda"));
    }
    e.into_result()?;
    let existing = agenda::minutes_of_item(&mut tx.ex(), item_id).await?;
    if existing.iter().any(|x| x.meeting_id == meeting_id) {
        return Err(AppError::Conflict("error-minutes-exist"));
    }
    let mid =
        agenda::add_minutes(&mut tx.ex(), meeting_id, item_id, &summary, p.user_id, now).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: EventKind::MinutesRecorded,
            actor: Some(p.user_id),
            at: now,
            data: json!({"minutes": mid, "meeting": meeting_id}),
            personal: Some(json!({"text": summary})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(mid)
}

/// A panel member confirms the minutes ("geeft weer wat we zeiden") or attaches a correction in
/// their own words. Corrections stay with the minutes forever.
#[tracing::instrument(name = "meetings::respond_to_minutes", level = "debug", skip_all)]
pub async fn respond_to_minutes(
    app: &App,
    p: &Principal,
    item_id: i64,
    confirm: bool,
    correction: Option<&str>,
) -> AppResult<i64> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = items::get(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_item(p, &item.facts())?;
    if !p.in_panel(item.panel_id) {
        return Err(AppError::Forbidden);
    }
    let minutes = agenda::minutes_of_item(&mut tx.ex(), item_id).await?;
    let Some(latest) = minutes.last() else {
        return Err(AppError::Conflict("error-no-minutes"));
    };
    let (kind, body) = if confirm && correction.map(str::trim).unwrap_or("").is_empty() {
        let responses = agenda::minutes_responses(&mut tx.ex(), item_id).await?;
        let mine = |kind: &str| {
            responses
                .iter()
                .any(|r| r.minutes_id == latest.id && r.user_id == p.user_id && r.kind == kind)
        };
        if mine("confirm") {
            return Err(AppError::Conflict("error-already-confirmed"));
        }
        // Whoever said these minutes are not right cannot also say they are.
        if mine("correction") {
            return Err(AppError::Conflict("error-minutes-corrected"));
        }
        ("confirm", None)
    } else {
        let mut e = FieldErrors::default();
        let text = validate::required(
            &mut e,
            "correction",
            correction.unwrap_or(""),
            validate::MAX_TEXT,
        );
        e.into_result()?;
        ("correction", Some(text))
    };
    let rid = agenda::add_minutes_response(
        &mut tx.ex(),
        latest.id,
        p.user_id,
        kind,
        body.as_deref(),
        now,
    )
    .await?;
    let event = if kind == "confirm" {
        EventKind::MinutesConfirmed
    } else {
        EventKind::MinutesCorrected
    };
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: event,
            actor: Some(p.user_id),
            at: now,
            data: json!({"minutes": latest.id, "response": rid}),
            personal: body.map(|b| json!({"text": b})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rid)
}
