//! Consultations: the council's questions to the panels, their advice and the report back.

use super::timeline::TimelineEvent;
use super::{ts, ItemRef, Panel, PanelRef, PersonRef};
use crate::db::consultations::Consultation as Row;
use crate::domain::consultation::{points, ConsultationStatus};
use crate::domain::deadlines::days_late;
use crate::service::consultations::{Detail, ListRow};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// What every view of a consultation starts with.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ConsultationSummary {
    pub id: i64,
    pub reference: String,
    pub zone: String,
    pub title: String,
    pub advice_due: NaiveDate,
    pub asked_by: PersonRef,
    #[schema(format = DateTime)]
    pub created_at: String,
}

pub fn summary(c: &Row) -> ConsultationSummary {
    ConsultationSummary {
        id: c.id,
        reference: c.reference.clone(),
        zone: c.zone_code.clone(),
        title: c.title.clone(),
        advice_due: c.advice_due,
        asked_by: PersonRef {
            id: c.asked_by,
            name: c.asked_by_name.clone(),
        },
        created_at: ts(c.created_at),
    }
}

/// A consultation as it shows in lists.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ConsultationRow {
    #[serde(flatten)]
    pub summary: ConsultationSummary,
    pub status: ConsultationStatus,
    /// The date that matters now: the advice's while open, the report back's after.
    pub due: Option<NaiveDate>,
    pub late: bool,
    pub late_days: i64,
}

pub fn row(r: &ListRow) -> ConsultationRow {
    ConsultationRow {
        summary: summary(&r.consultation),
        status: r.status,
        due: r.due,
        late: r.late,
        late_days: r.late_days,
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ConsultationList {
    pub consultations: Vec<ConsultationRow>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Participant {
    pub id: i64,
    pub name: String,
    /// The panel's id.
    pub panel: i64,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PendingInvitation {
    pub name: String,
    #[schema(format = DateTime)]
    pub expires_at: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ConsultationReaction {
    pub id: i64,
    pub text: String,
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PointReport {
    #[schema(value_type = crate::domain::consultation::PointOutcome)]
    pub outcome: String,
    pub reasons: String,
}

/// One numbered point of an advice, with the council's answer and the item made of it.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct AdvicePoint {
    pub n: i64,
    pub text: String,
    pub report: Option<PointReport>,
    pub item: Option<ItemRef>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct AdviceVersion {
    pub version: i64,
    pub text: String,
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct AdviceNote {
    pub id: i64,
    #[schema(value_type = crate::domain::consultation::NoteKind)]
    pub kind: String,
    pub text: String,
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// One panel's advice, written together in versions.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Advice {
    pub id: i64,
    pub panel: PanelRef,
    /// `drafting`, `submitted` or `reported`.
    pub status: String,
    pub version: i64,
    pub text: Option<String>,
    pub points: Vec<AdvicePoint>,
    /// The caller speaks for this panel.
    pub mine: bool,
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub report_due: Option<NaiveDate>,
    pub report_late: bool,
    pub report_late_days: i64,
    #[schema(format = DateTime)]
    pub reported_at: Option<String>,
    pub reported_by: Option<String>,
    pub report_summary: Option<String>,
    pub versions: Vec<AdviceVersion>,
    pub notes: Vec<AdviceNote>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct InvitationLink {
    pub email: String,
    pub link: String,
}

/// A consultation with everything its caller may see.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Consultation {
    #[serde(flatten)]
    pub summary: ConsultationSummary,
    pub status: ConsultationStatus,
    pub question: String,
    pub background: String,
    pub links: Vec<String>,
    pub advice_late: bool,
    pub advice_late_days: i64,
    pub panels: Vec<Panel>,
    pub participants: Vec<Participant>,
    pub invited: Vec<PendingInvitation>,
    pub reactions: Vec<ConsultationReaction>,
    pub advices: Vec<Advice>,
    /// Only in the answer to asking: the invitation links, to pass on if a mail does not arrive.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub invitations: Option<Vec<InvitationLink>>,
    /// Only in the answer to saving an advice: the new version.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub saved_version: Option<i64>,
    /// Only in the answer to adding a note: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub note_id: Option<i64>,
    /// Only in the answer to adding a reaction: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reaction_id: Option<i64>,
}

fn advice(d: &Detail, a: &crate::db::consultations::Advice) -> Advice {
    let text = d.text_of(a);
    let report_late = a.status == "submitted" && a.report_due.is_some_and(|r| r < d.today);
    let numbered = text
        .map(points)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, words)| {
            let n = i as i64 + 1;
            AdvicePoint {
                n,
                text: words,
                report: d
                    .report_points
                    .iter()
                    .find(|r| r.advice_id == a.id && r.point == n)
                    .map(|r| PointReport {
                        outcome: r.outcome.clone(),
                        reasons: r.reasons.clone(),
                    }),
                item: d
                    .point_items
                    .iter()
                    .find(|x| x.advice_id == a.id && x.point == n)
                    .map(|x| ItemRef {
                        id: x.item_id,
                        reference: x.reference.clone(),
                    }),
            }
        })
        .collect();
    Advice {
        id: a.id,
        panel: PanelRef {
            id: a.panel_id,
            slug: a.panel_slug.clone(),
            name: a.panel_name.clone(),
        },
        status: a.status.clone(),
        version: a.version,
        text: text.map(str::to_string),
        points: numbered,
        mine: d.my_panels.contains(&a.panel_id),
        submitted_at: a.submitted_at.map(ts),
        submitted_by: a.submitted_by_name.clone(),
        report_due: a.report_due,
        report_late,
        report_late_days: match (report_late, a.report_due) {
            (true, Some(due)) => days_late(due, d.today),
            _ => 0,
        },
        reported_at: a.reported_at.map(ts),
        reported_by: a.reported_by_name.clone(),
        report_summary: a.report_summary.clone(),
        versions: d
            .versions
            .iter()
            .filter(|x| x.advice_id == a.id)
            .map(|x| AdviceVersion {
                version: x.version,
                text: x.body.clone(),
                by: x.author_name.clone(),
                at: ts(x.created_at),
            })
            .collect(),
        notes: d
            .notes
            .iter()
            .filter(|n| n.advice_id == a.id)
            .map(|n| AdviceNote {
                id: n.id,
                kind: n.kind.clone(),
                text: n.body.clone(),
                by: n.author_name.clone(),
                at: ts(n.created_at),
            })
            .collect(),
    }
}

/// Everything about a consultation that its viewer may see.
pub fn detail(d: &Detail) -> Consultation {
    let c = &d.consultation;
    let open = d.advices.iter().any(|a| a.status == "drafting");
    let advice_late = open && c.advice_due < d.today;
    Consultation {
        summary: summary(c),
        status: d.status,
        question: c.question.clone(),
        background: c.background.clone(),
        links: c.links.lines().map(str::to_string).collect(),
        advice_late,
        advice_late_days: if advice_late {
            days_late(c.advice_due, d.today)
        } else {
            0
        },
        panels: d
            .panels
            .iter()
            .map(|p| Panel {
                id: p.panel_id,
                slug: p.slug.clone(),
                name: p.name.clone(),
                kind: p.kind.clone(),
            })
            .collect(),
        participants: d
            .participants
            .iter()
            .map(|p| Participant {
                id: p.user_id,
                name: p.display_name.clone(),
                panel: p.panel_id,
            })
            .collect(),
        invited: d
            .invited
            .iter()
            .filter(|i| i.accepted_at.is_none())
            .map(|i| PendingInvitation {
                name: i.display_name.clone(),
                expires_at: ts(i.expires_at),
            })
            .collect(),
        reactions: d
            .reactions
            .iter()
            .map(|r| ConsultationReaction {
                id: r.id,
                text: r.body.clone(),
                by: r.author_name.clone(),
                at: ts(r.created_at),
            })
            .collect(),
        advices: d.advices.iter().map(|a| advice(d, a)).collect(),
        invitations: None,
        saved_version: None,
        note_id: None,
        reaction_id: None,
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ConsultationTimeline {
    /// The consultation's id.
    pub consultation: i64,
    pub reference: String,
    pub events: Vec<TimelineEvent>,
}

/// The item a point of advice became.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PointMadeItem {
    pub item: ItemRef,
    /// The consultation's id.
    pub consultation: i64,
}
