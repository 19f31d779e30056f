//! The person's notifications and how they get mail.

use crate::service::notify;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct NotificationSubject {
    /// `item`, `consultation` or `signal`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Notification {
    pub id: i64,
    /// The kind of event, e.g. `decision`.
    pub kind: String,
    pub subject: NotificationSubject,
    pub event_seq: Option<i64>,
    pub reference: Option<String>,
    pub title: Option<String>,
    #[schema(value_type = Object)]
    pub detail: Map<String, Value>,
    /// Where it leads on the site.
    pub link: String,
    /// The mail's state: `pending`, `sending`, `sent`, `failed`, `skipped`, `digest` or `digested`.
    pub email: String,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub fn notification(e: &notify::InboxEntry) -> Notification {
    Notification {
        id: e.row.id,
        kind: e.row.kind.clone(),
        subject: NotificationSubject {
            kind: e.row.subject_type.clone(),
            id: e.row.subject_id,
        },
        event_seq: e.row.event_seq,
        reference: e.row.reference.clone(),
        title: e.row.title.clone(),
        detail: serde_json::from_str(&e.row.detail).unwrap_or_default(),
        link: e.link.clone(),
        email: e.row.email_status.clone(),
        read_at: e.row.read_at,
        created_at: e.row.created_at,
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct NotificationList {
    /// How many are unread.
    pub unread: i64,
    /// Newest first, at most 200.
    pub notifications: Vec<Notification>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Preferences {
    /// Per group of notifications, how mail is sent: one of `modes`.
    pub preferences: BTreeMap<&'static str, String>,
    pub modes: [&'static str; 3],
}

pub fn preferences(prefs: Vec<(&'static str, String)>) -> Preferences {
    Preferences {
        preferences: prefs.into_iter().collect(),
        modes: notify::MODES,
    }
}
