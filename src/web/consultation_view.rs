//! JSON views of consultations, shared by the API and the pages so both show the same.

use crate::db::consultations::Consultation;
use crate::domain::consultation::points;
use crate::domain::deadlines::days_late;
use crate::service::consultations::{Detail, ListRow};
use crate::web::views::ts;
use serde_json::{json, Value};

pub fn summary(c: &Consultation) -> Value {
    json!({
        "id": c.id,
        "reference": c.reference,
        "zone": c.zone_code,
        "title": c.title,
        "advice_due": c.advice_due,
        "asked_by": {"id": c.asked_by, "name": c.asked_by_name},
        "created_at": ts(c.created_at),
    })
}

pub fn row(r: &ListRow) -> Value {
    let mut v = summary(&r.consultation);
    v["status"] = json!(r.status.as_str());
    v["due"] = json!(r.due);
    v["late"] = json!(r.late);
    v["late_days"] = json!(r.late_days);
    v
}

/// Everything about a consultation that its viewer may see.
pub fn detail(d: &Detail) -> Value {
    let c = &d.consultation;
    let mut v = summary(c);
    v["status"] = json!(d.status.as_str());
    v["question"] = json!(c.question);
    v["background"] = json!(c.background);
    v["links"] = json!(c.links.lines().collect::<Vec<_>>());
    let open = d.advices.iter().any(|a| a.status == "drafting");
    let advice_late = open && c.advice_due < d.today;
    v["advice_late"] = json!(advice_late);
    v["advice_late_days"] = json!(if advice_late {
        days_late(c.advice_due, d.today)
    } else {
        0
    });
    v["panels"] = d
        .panels
        .iter()
        .map(|p| json!({"id": p.panel_id, "slug": p.slug, "name": p.name, "kind": p.kind}))
        .collect();
    v["participants"] = d
        .participants
        .iter()
        .map(|p| json!({"id": p.user_id, "name": p.display_name, "panel": p.panel_id}))
        .collect();
    v["invited"] = d
        .invited
        .iter()
        .filter(|i| i.accepted_at.is_none())
        .map(|i| json!({"name": i.display_name, "expires_at": ts(i.expires_at)}))
        .collect();
    v["reactions"] = d
        .reactions
        .iter()
        .map(|r| json!({"id": r.id, "text": r.body, "by": r.author_name, "at": ts(r.created_at)}))
        .collect();
    v["advices"] = d
        .advices
        .iter()
        .map(|a| {
            let text = d.text_of(a);
            let report_late = a.status == "submitted" && a.report_due.is_some_and(|r| r < d.today);
            let numbered: Vec<Value> = text
                .map(points)
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, words)| {
                    let n = i as i64 + 1;
                    let report = d
                        .report_points
                        .iter()
                        .find(|r| r.advice_id == a.id && r.point == n)
                        .map(|r| json!({"outcome": r.outcome, "reasons": r.reasons}));
                    let item = d
                        .point_items
                        .iter()
                        .find(|x| x.advice_id == a.id && x.point == n)
                        .map(|x| json!({"id": x.item_id, "reference": x.reference}));
                    json!({"n": n, "text": words, "report": report, "item": item})
                })
                .collect();
            json!({
                "id": a.id,
                "panel": {"id": a.panel_id, "slug": a.panel_slug, "name": a.panel_name},
                "status": a.status,
                "version": a.version,
                "text": text,
                "points": numbered,
                "mine": d.my_panels.contains(&a.panel_id),
                "submitted_at": a.submitted_at.map(ts),
                "submitted_by": a.submitted_by_name,
                "report_due": a.report_due,
                "report_late": report_late,
                "report_late_days": match (report_late, a.report_due) {
                    (true, Some(due)) => days_late(due, d.today),
                    _ => 0,
                },
                "reported_at": a.reported_at.map(ts),
                "reported_by": a.reported_by_name,
                "report_summary": a.report_summary,
                "versions": d.versions.iter().filter(|x| x.advice_id == a.id)
                    .map(|x| json!({"version": x.version, "text": x.body, "by": x.author_name, "at": ts(x.created_at)}))
                    .collect::<Vec<_>>(),
                "notes": d.notes.iter().filter(|n| n.advice_id == a.id)
                    .map(|n| json!({"id": n.id, "kind": n.kind, "text": n.body, "by": n.author_name, "at": ts(n.created_at)}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    v
}
