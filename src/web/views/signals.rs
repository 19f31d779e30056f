//! Signals: what anyone brings in without an account, as the zone sees it and as the sender
//! follows it.

use super::timeline::TimelineEvent;
use super::{ts, PersonRef, ZoneRef};
use crate::db::events::TimelineRow;
use crate::db::signals::Signal as Row;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The item a signal was taken up in: its number and state, never its people.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct SignalItem {
    /// Left out for the sender, who has no access to the item's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub id: Option<i64>,
    pub reference: Option<String>,
    #[schema(value_type = Option<crate::domain::lifecycle::Status>)]
    pub status: Option<String>,
    /// The panel's name.
    pub panel: Option<String>,
    pub public: bool,
}

fn item_link(s: &Row) -> Option<SignalItem> {
    s.item_id.map(|id| SignalItem {
        id: Some(id),
        reference: s.item_reference.clone(),
        status: s.item_status.clone(),
        panel: s.item_panel_name.clone(),
        public: s.item_public.unwrap_or(false),
    })
}

/// A signal as its zone sees it, contact details included, for those who triage it.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Signal {
    pub id: i64,
    pub reference: String,
    /// The zone's code.
    pub zone: String,
    /// The sender's words, as sent.
    pub text: String,
    pub text_lang: String,
    #[schema(value_type = crate::domain::signals::SignalStatus)]
    pub status: String,
    #[schema(value_type = Option<crate::domain::signals::Relation>)]
    pub relation: Option<String>,
    pub contact: Option<String>,
    pub may_contact: bool,
    pub person_name: Option<String>,
    pub heard_at: Option<String>,
    /// Recorded by a panel or staff member on someone's behalf.
    pub recorded: bool,
    pub recorded_by: Option<PersonRef>,
    pub item: Option<SignalItem>,
    pub answer: Option<String>,
    pub reason: Option<String>,
    #[schema(format = DateTime)]
    pub triaged_at: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

/// A signal as its zone sees it: everything, contact details included, for those who triage it.
pub fn signal(s: &Row) -> Signal {
    Signal {
        id: s.id,
        reference: s.reference.clone(),
        zone: s.zone_code.clone(),
        text: s.body.clone(),
        text_lang: s.text_lang.clone(),
        status: s.status.clone(),
        relation: s.relation.clone(),
        contact: s.contact.clone(),
        may_contact: s.may_contact,
        person_name: s.person_name.clone(),
        heard_at: s.heard_at.clone(),
        recorded: s.recorded_by.is_some(),
        recorded_by: s.recorded_by.map(|id| PersonRef {
            id,
            name: s.recorder_name.clone().unwrap_or_default(),
        }),
        item: item_link(s),
        answer: s.answer.clone(),
        reason: s.reason.clone(),
        triaged_at: s.triaged_at.map(ts),
        created_at: ts(s.created_at),
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct SignalList {
    /// The zone's code.
    pub zone: String,
    #[serde(flatten)]
    pub paging: super::Paging,
    pub signals: Vec<Signal>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct SignalTimeline {
    pub signal: Signal,
    pub events: Vec<TimelineEvent>,
}

/// A signal recorded on someone's behalf (with a bearer token): the signal and the private link.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct RecordedSignal {
    #[serde(flatten)]
    pub signal: Signal,
    /// The private token to follow the signal; give it to the person.
    pub token: String,
    pub follow_url: String,
}

/// A signal brought in without an account: the receipt and the private link to follow it.
#[derive(Serialize, ToSchema, Debug, Clone)]
// Closed, so a recorded signal (which has more) is not also a receipt: `BroughtIn` is one of two.
#[serde(deny_unknown_fields)]
pub struct SignalReceipt {
    pub reference: String,
    #[schema(value_type = crate::domain::signals::SignalStatus)]
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The private token to follow the signal (`GET /api/v1/signals/{token}`); shown only here.
    pub token: String,
    pub follow_url: String,
}

/// Anonymous callers get a receipt; with a bearer token, the recorded signal.
#[derive(Serialize, ToSchema, Debug, Clone)]
#[serde(untagged)]
pub enum BroughtIn {
    Recorded(Box<RecordedSignal>),
    Anonymous(SignalReceipt),
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct FollowEvent {
    pub seq: i64,
    pub kind: String,
    #[schema(format = DateTime)]
    pub at: String,
    pub item_reference: Option<String>,
}

/// What the sender sees through the private link: no names of the people who handled it, no
/// contact details, nothing about other signals.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct SignalFollow {
    pub reference: String,
    pub zone: ZoneRef,
    pub text: String,
    pub text_lang: String,
    #[schema(value_type = crate::domain::signals::SignalStatus)]
    pub status: String,
    #[schema(value_type = Option<crate::domain::signals::Relation>)]
    pub relation: Option<String>,
    pub recorded: bool,
    pub contact_given: bool,
    pub answer: Option<String>,
    pub reason: Option<String>,
    pub item: Option<SignalItem>,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub events: Vec<FollowEvent>,
}

/// What the sender sees through their private link: their words, where it stands, what the zone
/// answered, and when each step happened. No names of the people who handled it, no contact
/// details (a forwarded link must not hand those out), nothing about other signals.
pub fn follow(s: &Row, rows: &[TimelineRow]) -> SignalFollow {
    let events = rows
        .iter()
        .map(|r| {
            let data: Value = serde_json::from_str(&r.data).unwrap_or(Value::Null);
            FollowEvent {
                seq: r.seq,
                kind: r.kind.clone(),
                at: ts(r.at),
                item_reference: data
                    .get("item_reference")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        })
        .collect();
    SignalFollow {
        reference: s.reference.clone(),
        zone: ZoneRef {
            code: s.zone_code.clone(),
            name: s.zone_name.clone(),
        },
        text: s.body.clone(),
        text_lang: s.text_lang.clone(),
        status: s.status.clone(),
        relation: s.relation.clone(),
        recorded: s.recorded_by.is_some(),
        contact_given: s.contact.is_some(),
        answer: s.answer.clone(),
        reason: s.reason.clone(),
        // The item's page needs an account; its number and state are what the sender can use.
        item: item_link(s).map(|i| SignalItem { id: None, ..i }),
        created_at: ts(s.created_at),
        events,
    }
}
