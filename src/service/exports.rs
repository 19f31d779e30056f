//! Exports for the zone's staff (CSV and JSON), and open data for everyone: what panels made
//! public, as JSON, CSV and an Atom feed. No people's names or contact data in either.

use crate::app::App;
use crate::db::exports as q;
use crate::db::zones::{self, Zone};
use crate::domain::csv;
use crate::domain::policy::{self, Principal, Role};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

/// What can be exported.
pub const KINDS: [&str; 4] = ["items", "consultations", "signals", "actions"];

pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

fn ts(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

async fn zone_for_staff(app: &App, p: &Principal, code: &str) -> AppResult<Zone> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id)?;
    if !(p.has_role(zone.id, Role::Staff) || p.has_role(zone.id, Role::Admin)) {
        return Err(AppError::Forbidden);
    }
    Ok(zone)
}

fn item_table(rows: &[q::ItemRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    (
        vec![
            "reference",
            "panel",
            "kind",
            "title",
            "status",
            "public",
            "submitted_at",
            "acknowledged_at",
            "ack_due",
            "response_due",
            "decided_at",
            "outcome",
            "closed_at",
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.reference.clone(),
                    r.panel.clone(),
                    r.kind.clone(),
                    r.title.clone(),
                    r.status.clone(),
                    r.is_public.to_string(),
                    ts(r.submitted_at),
                    ts(r.acknowledged_at),
                    opt(&r.ack_due),
                    opt(&r.response_due),
                    ts(r.decided_at),
                    opt(&r.outcome),
                    ts(r.closed_at),
                ]
            })
            .collect(),
    )
}

/// A staff export: (file name, body) in the format asked for.
#[tracing::instrument(name = "exports::export", level = "debug", skip_all)]
pub async fn export(
    app: &App,
    p: &Principal,
    code: &str,
    what: &str,
    format: Format,
) -> AppResult<(String, String)> {
    let zone = zone_for_staff(app, p, code).await?;
    let mut c = app.db.conn().await?;
    let (header, rows, json): (Vec<&str>, Vec<Vec<String>>, Value) = match what {
        "items" => {
            let r = q::items(&mut c.ex(), zone.id, false).await?;
            let (h, rows) = item_table(&r);
            (h, rows, json!(r))
        }
        "consultations" => {
            let r = q::consultations(&mut c.ex(), zone.id).await?;
            let rows = r
                .iter()
                .map(|r| {
                    vec![
                        r.reference.clone(),
                        r.title.clone(),
                        ts(Some(r.asked_at)),
                        r.advice_due.to_string(),
                        r.panel.clone(),
                        r.advice_status.clone(),
                        ts(r.submitted_at),
                        opt(&r.report_due),
                        ts(r.reported_at),
                    ]
                })
                .collect();
            (
                vec![
                    "reference",
                    "title",
                    "asked_at",
                    "advice_due",
                    "panel",
                    "advice_status",
                    "advice_submitted_at",
                    "report_due",
                    "reported_at",
                ],
                rows,
                json!(r),
            )
        }
        "signals" => {
            let r = q::signals(&mut c.ex(), zone.id).await?;
            let rows = r
                .iter()
                .map(|r| {
                    vec![
                        r.reference.clone(),
                        ts(Some(r.received_at)),
                        r.text.clone(),
                        opt(&r.relation),
                        r.recorded.to_string(),
                        r.status.clone(),
                        opt(&r.item_reference),
                    ]
                })
                .collect();
            (
                vec![
                    "reference",
                    "received_at",
                    "text",
                    "relation",
                    "recorded_by_supporter",
                    "status",
                    "item_reference",
                ],
                rows,
                json!(r),
            )
        }
        "actions" => {
            let r = q::actions(&mut c.ex(), zone.id).await?;
            let rows = r
                .iter()
                .map(|r| {
                    vec![
                        r.item_reference.clone(),
                        r.what.clone(),
                        r.responsible.clone(),
                        r.due_date.to_string(),
                        r.percent.to_string(),
                        r.status.clone(),
                    ]
                })
                .collect();
            (
                vec![
                    "item_reference",
                    "what",
                    "responsible",
                    "due",
                    "percent",
                    "status",
                ],
                rows,
                json!(r),
            )
        }
        _ => return Err(AppError::NotFound),
    };
    let stem = format!("{}-{what}", zone.code.to_lowercase());
    Ok(match format {
        Format::Csv => (format!("{stem}.csv"), csv::write(&header, &rows)),
        Format::Json => (
            format!("{stem}.json"),
            serde_json::to_string_pretty(&json!({"zone": zone.code, what: json}))
                .map_err(|e| AppError::Internal(e.to_string()))?,
        ),
    })
}

/// Open data: the items panels made public, with their state and decision. Anyone may read it.
#[tracing::instrument(name = "exports::open_data", level = "debug", skip_all)]
pub async fn open_data(app: &App, code: &str, format: Format) -> AppResult<(String, String)> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = q::items(&mut c.ex(), zone.id, true).await?;
    let stem = format!("{}-open-data", zone.code.to_lowercase());
    Ok(match format {
        Format::Csv => {
            let (h, r) = item_table(&rows);
            (format!("{stem}.csv"), csv::write(&h, &r))
        }
        Format::Json => (
            format!("{stem}.json"),
            serde_json::to_string_pretty(
                &json!({"zone": {"code": zone.code, "name": zone.name}, "items": rows}),
            )
            .map_err(|e| AppError::Internal(e.to_string()))?,
        ),
    })
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An Atom feed of new public items and their decisions, newest first.
#[tracing::instrument(name = "exports::feed", level = "debug", skip_all)]
pub async fn feed(app: &App, code: &str) -> AppResult<String> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = q::items(&mut c.ex(), zone.id, true).await?;
    let base = app.base_url();
    let mut entries: Vec<(DateTime<Utc>, String)> = vec![];
    for r in &rows {
        let link = format!("{base}/zones/{}/public#{}", zone.code, r.reference);
        if let Some(at) = r.submitted_at {
            entries.push((
                at,
                entry(
                    &link,
                    &format!("{}-submitted", r.reference),
                    at,
                    &format!("{} {}: {}", r.reference, r.panel, r.title),
                    "submitted",
                ),
            ));
        }
        if let (Some(at), Some(outcome)) = (r.decided_at, &r.outcome) {
            entries.push((
                at,
                entry(
                    &link,
                    &format!("{}-decided", r.reference),
                    at,
                    &format!("{} {}: {}", r.reference, r.title, outcome),
                    "decided",
                ),
            ));
        }
    }
    drop(c);
    // The history's signed head: a feed reader that keeps entries keeps the panel's copy.
    let cp = super::checkpoints::of(app, &zone).await?;
    if let Some(at) = cp
        .at
        .as_deref()
        .and_then(|a| DateTime::parse_from_rfc3339(a).ok())
    {
        let at = at.with_timezone(&Utc);
        let title = crate::i18n::I18n::shared().tr(
            crate::i18n::DEFAULT_LANG,
            "feed-checkpoint-title",
            Some(&fluent_bundle::FluentArgs::from_iter([("seq", cp.seq)])),
        );
        let link = format!("{base}/zones/{}/checkpoint", zone.code);
        let mut e = entry(
            &link,
            &format!("checkpoint-{}", cp.seq),
            at,
            &title,
            "checkpoint",
        );
        e = e.replace(
            "</entry>\n",
            &format!(
                "<content type=\"text\">{}</content>\n</entry>\n",
                xml(&cp.note)
            ),
        );
        entries.push((at, e));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    entries.truncate(100);
    let updated = entries
        .first()
        .map(|e| e.0)
        .unwrap_or(zone.created_at)
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Burgerstem {}</title>\n<id>{base}/zones/{}/feed.atom</id>\n<link rel=\"self\" href=\"{base}/zones/{}/feed.atom\"/>\n<link href=\"{base}/zones/{}/public\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        xml(&zone.name),
        zone.code,
        zone.code,
        zone.code,
        xml(&zone.name)
    );
    for (_, e) in entries {
        out.push_str(&e);
    }
    out.push_str("</feed>\n");
    Ok(out)
}

fn entry(link: &str, id: &str, at: DateTime<Utc>, title: &str, category: &str) -> String {
    format!(
        "<entry>\n<title>{}</title>\n<id>{}#{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<category term=\"{category}\"/>\n</entry>\n",
        xml(title),
        xml(link),
        xml(id),
        xml(link),
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}
