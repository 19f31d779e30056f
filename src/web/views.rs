//! JSON views of domain objects, shared by the API and the page templates so both show the same.

use crate::db::events::TimelineRow;
use crate::db::items::{Addendum, Cosign, Item};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
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
        "public": i.is_public,
        "created_at": ts(i.created_at),
        "submitted_at": i.submitted_at.map(ts),
        "updated_at": ts(i.updated_at),
    })
}

/// The item with its words: `original_text` exactly as submitted (or the draft as it stands).
pub fn item_full(i: &Item, cosigns: &[Cosign], addenda: &[Addendum]) -> Value {
    let mut v = item(i);
    let m = v.as_object_mut().expect("object");
    m.insert("original_text".into(), json!(i.body));
    m.insert("frozen".into(), json!(i.submitted_at.is_some()));
    m.insert(
        "cosigns".into(),
        cosigns
            .iter()
            .map(|c| json!({"user": c.user_id, "name": c.display_name, "at": ts(c.created_at)}))
            .collect(),
    );
    m.insert(
        "addenda".into(),
        addenda
            .iter()
            .map(|a| json!({"id": a.id, "author": {"id": a.author_id, "name": a.author_name}, "text": a.body, "at": ts(a.created_at)}))
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
                | "clarification-answered"
                | "clarification-requested" => personal.get("text").cloned(),
                _ => None,
            };
            json!({
                "seq": r.seq,
                "quote": quote,
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
