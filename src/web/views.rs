//! JSON views of domain objects, shared by the API and the page templates so both show the same.

use crate::db::agenda::{Action, Decision, Meeting};
use crate::db::events::TimelineRow;
use crate::db::items::Item;
use crate::service::agenda::due_state;
use crate::service::items::ItemDetail;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub fn ts(at: DateTime<Utc>) -> String {
    crate::domain::clock::stamp(at)
}

pub fn item(i: &Item) -> Value {
    json!({
        "id": i.id,
        "reference": i.reference,
        "zone": i.zone_code,
        "panel": {"id": i.panel_id, "slug": i.panel_slug, "name": i.panel_name},
        "kind": i.kind,
        "title": i.title,
        "status": i.status,
        "author": {"id": i.author_id, "name": i.author_name},
        "heard_at": i.heard_at,
        "text_lang": i.text_lang,
        "public": i.is_public,
        "created_at": ts(i.created_at),
        "submitted_at": i.submitted_at.map(ts),
        "updated_at": ts(i.updated_at),
    })
}

/// The deadline the item waits on now: kind, date, days late (0 when on time).
pub fn due(i: &Item, today: NaiveDate) -> Value {
    match due_state(i, today) {
        Some((kind, date, late)) => {
            json!({"deadline": kind.as_str(), "date": date, "overdue_days": late, "overdue": late > 0})
        }
        None => Value::Null,
    }
}

/// An item in a list: with its deadline state.
pub fn item_row(i: &Item, today: NaiveDate) -> Value {
    let mut v = item(i);
    let d = due(i, today);
    v["overdue_days"] = d.get("overdue_days").cloned().unwrap_or(json!(0));
    v["due"] = d.get("date").cloned().unwrap_or(Value::Null);
    v["deadline"] = d;
    v
}

pub fn meeting(m: &Meeting) -> Value {
    json!({"id": m.id, "starts_at": ts(m.starts_at), "place": m.place, "status": m.status, "other_points": m.other_points})
}

pub fn decision(d: &Decision, superseded: bool) -> Value {
    json!({
        "id": d.id, "outcome": d.outcome, "reasons": d.reasons, "referred_to": d.referred_to,
        "review_date": d.review_date, "meeting": d.meeting_id, "supersedes": d.supersedes,
        "recorded_by": d.decided_by_name, "at": ts(d.created_at), "superseded": superseded,
    })
}

pub fn action(a: &Action, today: NaiveDate) -> Value {
    let late = if a.status == "open" {
        (today - a.due_date).num_days().max(0)
    } else {
        0
    };
    json!({"id": a.id, "what": a.what, "responsible": a.responsible, "due": a.due_date, "percent": a.percent,
           "status": a.status, "overdue_days": late, "overdue": late > 0, "updated_at": ts(a.updated_at)})
}

/// The item with everything that hangs off it. `original_text` is exactly as submitted (or the
/// draft as it stands).
pub fn item_full(d: &ItemDetail) -> Value {
    let i = &d.item;
    let mut v = item(i);
    let m = v.as_object_mut().expect("object");
    m.insert("original_text".into(), json!(i.body));
    m.insert("frozen".into(), json!(i.submitted_at.is_some()));
    let due_v = due(i, d.today);
    m.insert(
        "overdue_days".into(),
        due_v.get("overdue_days").cloned().unwrap_or(json!(0)),
    );
    m.insert(
        "due".into(),
        due_v.get("date").cloned().unwrap_or(Value::Null),
    );
    m.insert("deadline".into(), due_v);
    m.insert("ack_due".into(), json!(i.ack_due));
    m.insert("response_due".into(), json!(i.response_due));
    m.insert("review_date".into(), json!(i.review_date));
    m.insert("closure_due".into(), json!(i.closure_due));
    m.insert(
        "meeting".into(),
        d.meeting.as_ref().map(meeting).unwrap_or(Value::Null),
    );
    let n = d.decisions.len();
    let decisions: Vec<Value> = d
        .decisions
        .iter()
        .enumerate()
        .map(|(k, x)| decision(x, k + 1 < n))
        .collect();
    m.insert(
        "decision".into(),
        decisions.last().cloned().unwrap_or(Value::Null),
    );
    m.insert("decisions".into(), Value::Array(decisions));
    m.insert("verdict".into(), json!(d.verdict()));
    m.insert(
        "actions".into(),
        d.actions
            .iter()
            .map(|a| {
                let mut v = action(a, d.today);
                v["updates"] = d
                    .action_updates
                    .iter()
                    .filter(|u| u.action_id == a.id)
                    .map(|u| json!({"by": u.author_name, "percent": u.percent, "note": u.note, "at": ts(u.created_at)}))
                    .collect();
                v
            })
            .collect(),
    );
    m.insert(
        "cosigns".into(),
        d.cosigns
            .iter()
            .map(|c| json!({"user": c.user_id, "name": c.display_name, "at": ts(c.created_at)}))
            .collect(),
    );
    m.insert(
        "addenda".into(),
        d.addenda
            .iter()
            .map(|a| json!({"id": a.id, "author": {"id": a.author_id, "name": a.author_name}, "text": a.body, "at": ts(a.created_at)}))
            .collect(),
    );
    let note = |n: &crate::db::agenda::Note| json!({"id": n.id, "kind": n.kind, "author": n.author_name, "text": n.body, "at": ts(n.created_at)});
    m.insert(
        "reactions".into(),
        d.notes
            .iter()
            .filter(|n| matches!(n.kind.as_str(), "reaction" | "own-view" | "comment"))
            .map(note)
            .collect(),
    );
    m.insert(
        "notes".into(),
        d.notes
            .iter()
            .filter(|n| !matches!(n.kind.as_str(), "reaction" | "own-view" | "comment"))
            .map(note)
            .collect(),
    );
    m.insert(
        "minutes".into(),
        d.minutes
            .iter()
            .map(|x| {
                let responses: Vec<Value> = d
                    .minutes_responses
                    .iter()
                    .filter(|r| r.minutes_id == x.id)
                    .map(|r| json!({"kind": r.kind, "by": r.user_name, "user": r.user_id, "text": r.body, "at": ts(r.created_at)}))
                    .collect();
                json!({"id": x.id, "meeting": x.meeting_id, "summary": x.summary, "by": x.author_name, "at": ts(x.created_at),
                       "confirmations": responses.iter().filter(|r| r["kind"] == "confirm").cloned().collect::<Vec<_>>(),
                       "corrections": responses.iter().filter(|r| r["kind"] == "correction").cloned().collect::<Vec<_>>()})
            })
            .collect(),
    );
    v
}

pub fn timeline(rows: &[TimelineRow]) -> Value {
    rows.iter()
        .map(|r| {
            let data: Value = serde_json::from_str(&r.data).unwrap_or(Value::Null);
            let personal: Value = r
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .unwrap_or(Value::Null);
            // Texts that are the event itself (an addendum, a reaction) show on the timeline; the
            // item's own words stay on the item page.
            let quote = match r.kind.as_str() {
                "addendum-added"
                | "reaction-added"
                | "consultation-reaction-added"
                | "advice-note-added"
                | "advice-dissent-added"
                | "clarification-answered"
                | "clarification-requested" => personal.get("text").cloned(),
                _ => None,
            };
            // Events that tie two subjects together link to the other one.
            let link = match r.kind.as_str() {
                "made-from-advice" => Some(json!({
                    "href": format!("/consultations/{}", data["consultation"]),
                    "reference": data["consultation_reference"],
                })),
                "point-made-item" => Some(json!({
                    "href": format!("/items/{}", data["item"]),
                    "reference": data["item_reference"],
                })),
                // A signal taken up in the item.
                "signal-linked" => Some(json!({
                    "href": format!("/signals/id/{}", data["signal"]),
                    "reference": data["signal_reference"],
                })),
                _ => None,
            };
            json!({
                "seq": r.seq,
                "quote": quote,
                "link": link,
                "at": ts(r.at),
                "kind": r.kind,
                "actor": r.actor_name,
                "actor_id": r.actor_id,
                "data": data,
                "personal": personal,
                "hash": r.hash,
                "prev_hash": r.prev_hash,
                "short_hash": &r.hash[..12.min(r.hash.len())],
            })
        })
        .collect()
}

/// A meeting with its citizen agenda: per item what a council member prepares with (the citizen's
/// words, who brought it in and when, how long it waited, late or not, co-signers, signals,
/// earlier decisions, what the panel asks), and once the meeting has begun its minutes and
/// decision; for the zone's next meeting also what is late and on no agenda yet.
pub fn meeting_detail(v: &crate::service::meetings::MeetingView, today: NaiveDate) -> Value {
    let mut m = meeting(&v.meeting);
    m["zone"] = json!(v.zone_code);
    m["zone_name"] = json!(v.zone_name);
    m["started"] = json!(v.started);
    m["is_next"] = json!(v.is_next);
    m["agenda"] = v
        .entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let i = &e.item;
            let mut row = item_row(i, today);
            row["position"] = json!(n + 1);
            row["text"] = json!(i.body);
            row["asks"] = json!(format!("asks-{}", i.kind));
            row["waited_days"] = json!(e.waited_days);
            row["cosigners"] = json!(e.cosigners);
            row["signals"] = json!(e.signals);
            row["earlier_decisions"] = e.earlier.iter().map(|d| decision(d, false)).collect();
            row["minutes"] = e
                .minutes
                .as_ref()
                .map(|x| json!({"id": x.id, "summary": x.summary}))
                .unwrap_or(Value::Null);
            row["decision"] = e
                .decision
                .as_ref()
                .map(|d| decision(d, false))
                .unwrap_or(Value::Null);
            row
        })
        .collect();
    m["minutes"] = v
        .entries
        .iter()
        .filter_map(|e| e.minutes.as_ref())
        .map(|x| json!({"id": x.id, "item": x.item_id, "summary": x.summary, "by": x.author_name, "at": ts(x.created_at)}))
        .collect();
    let late = |list: &[crate::service::deadlines::DueEntry]| -> Value {
        list.iter()
            .map(|d| {
                json!({"id": d.item.id, "reference": d.item.reference, "title": d.item.title,
                       "panel": d.item.panel_name, "deadline": d.deadline.as_str(), "due": d.due,
                       "overdue_days": d.days_late, "scheduled": d.scheduled})
            })
            .collect()
    };
    m["not_scheduled"] = late(&v.not_scheduled);
    m["very_overdue"] = late(&v.very_overdue);
    m
}
