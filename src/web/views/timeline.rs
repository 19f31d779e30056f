//! Timelines: an item's, a consultation's or a signal's events, each a link in the zone's hash
//! chain.

use super::ts;
use crate::db::events::TimelineRow;
use crate::domain::event_kind::EventKind;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct EventLink {
    pub href: String,
    pub reference: String,
}

/// One event on a timeline: a link in the zone's hash chain.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct TimelineEvent {
    /// The event's number in the zone's chain.
    pub seq: i64,
    /// The text that is the event itself (an addendum, a reaction), if any.
    pub quote: Option<String>,
    /// The other subject an event ties this one to.
    pub link: Option<EventLink>,
    #[schema(format = DateTime)]
    pub at: String,
    /// What happened, e.g. `submitted`, `decided`, `signal-answered`.
    pub kind: String,
    pub actor: Option<String>,
    pub actor_id: Option<i64>,
    /// The event's data, covered by its hash.
    pub data: Value,
    /// Personal data kept beside the chain (texts, names): may be erased without breaking it.
    pub personal: Value,
    pub hash: String,
    pub prev_hash: String,
    pub short_hash: String,
}

/// Events whose text is the event itself (an addendum, a reaction): it shows on the timeline,
/// while the item's own words stay on the item page.
fn quoted(kind: Option<EventKind>) -> bool {
    use EventKind::*;
    matches!(
        kind,
        Some(
            AddendumAdded
                | ReactionAdded
                | ConsultationReactionAdded
                | AdviceNoteAdded
                | AdviceDissentAdded
                | ClarificationAnswered
                | ClarificationRequested
        )
    )
}

/// Events that tie two subjects together link to the other one.
fn link(kind: Option<EventKind>, data: &Value) -> Option<EventLink> {
    let (href, id, reference) = match kind? {
        EventKind::MadeFromAdvice => ("/consultations", "consultation", "consultation_reference"),
        EventKind::PointMadeItem => ("/items", "item", "item_reference"),
        // A signal taken up in the item.
        EventKind::SignalLinked => ("/signals/id", "signal", "signal_reference"),
        _ => return None,
    };
    Some(EventLink {
        href: format!("{href}/{}", data[id]),
        reference: data[reference].as_str().unwrap_or_default().to_string(),
    })
}

fn text_of(v: &Value) -> Option<String> {
    v.get("text").and_then(Value::as_str).map(str::to_string)
}

pub fn event(r: &TimelineRow) -> TimelineEvent {
    let data: Value = serde_json::from_str(&r.data).unwrap_or(Value::Null);
    let personal: Value = r
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or(Value::Null);
    let kind = EventKind::parse(&r.kind);
    TimelineEvent {
        seq: r.seq,
        quote: quoted(kind).then(|| text_of(&personal)).flatten(),
        link: link(kind, &data),
        at: ts(r.at),
        kind: r.kind.clone(),
        actor: r.actor_name.clone(),
        actor_id: r.actor_id,
        data,
        personal,
        hash: r.hash.clone(),
        prev_hash: r.prev_hash.clone(),
        short_hash: r.hash[..12.min(r.hash.len())].to_string(),
    }
}

pub fn timeline(rows: &[TimelineRow]) -> Vec<TimelineEvent> {
    rows.iter().map(event).collect()
}

/// The zone's timeline of a signal: an answer or a reason is the event itself, so it is quoted.
pub fn signal_timeline(rows: &[TimelineRow]) -> Vec<TimelineEvent> {
    rows.iter()
        .map(|r| {
            let mut e = event(r);
            if matches!(
                EventKind::parse(&r.kind),
                Some(EventKind::SignalAnswered | EventKind::SignalSetAside)
            ) {
                e.quote = text_of(&e.personal);
            }
            e
        })
        .collect()
}
