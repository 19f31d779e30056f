//! An item with everything that hangs off it: its decisions, actions, co-signers, addenda,
//! reactions and minutes.

use super::agenda::{action, decision, meeting, Action, ActionUpdate, Decision, Meeting};
use super::items::{item, DueState, Item};
use super::{ts, PersonRef};
use crate::service::items::ItemDetail as Detail;
use crate::service::verdicts::VerdictView;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Cosign {
    /// The person's id.
    pub user: i64,
    pub name: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// Words added to an item after it was submitted (the item's own text never changes).
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Addendum {
    pub id: i64,
    pub author: PersonRef,
    pub text: String,
    #[schema(format = DateTime)]
    pub at: String,
}

/// A note on an item: a reaction, own view or comment, or the text that came with a step.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemNote {
    pub id: i64,
    pub kind: String,
    pub author: Option<String>,
    pub text: String,
    #[schema(format = DateTime)]
    pub at: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct MinutesResponse {
    /// `confirm` or `correction`.
    pub kind: String,
    pub by: String,
    /// The person's id.
    pub user: i64,
    pub text: Option<String>,
    #[schema(format = DateTime)]
    pub at: String,
}

/// What the minutes of a meeting say about the item, with the panel's confirmations and
/// corrections.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemMinutes {
    pub id: i64,
    pub meeting: i64,
    pub summary: String,
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
    pub confirmations: Vec<MinutesResponse>,
    pub corrections: Vec<MinutesResponse>,
}

/// An item with everything that hangs off it.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemDetail {
    #[serde(flatten)]
    pub item: Item,
    /// Exactly as submitted (or the draft as it stands); never edited by anyone.
    pub original_text: String,
    /// Submitted: the text can no longer change.
    pub frozen: bool,
    #[serde(flatten)]
    pub due: DueState,
    pub ack_due: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub closure_due: Option<NaiveDate>,
    pub meeting: Option<Meeting>,
    /// The decision in force.
    pub decision: Option<Decision>,
    /// All decisions, corrected ones included, oldest first.
    pub decisions: Vec<Decision>,
    /// Whether the panel judged the council's answer, and how.
    pub verdict: VerdictView,
    pub actions: Vec<Action>,
    pub cosigns: Vec<Cosign>,
    pub addenda: Vec<Addendum>,
    pub reactions: Vec<ItemNote>,
    pub notes: Vec<ItemNote>,
    pub minutes: Vec<ItemMinutes>,
    /// Only in the answer to adding an addendum: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub addendum_id: Option<i64>,
    /// Only in the answer to adding an action: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub action_id: Option<i64>,
    /// Only in the answer to adding a reaction: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reaction_id: Option<i64>,
}

/// Notes a citizen or panel wrote beside the item; the others came with a step.
fn is_reaction(kind: &str) -> bool {
    matches!(kind, "reaction" | "own-view" | "comment")
}

/// The item with everything that hangs off it. `original_text` is exactly as submitted (or the
/// draft as it stands).
pub fn item_full(d: &Detail) -> ItemDetail {
    let i = &d.item;
    let n = d.decisions.len();
    let decisions: Vec<Decision> = d
        .decisions
        .iter()
        .enumerate()
        .map(|(k, x)| decision(x, k + 1 < n))
        .collect();
    let note = |x: &crate::db::agenda::Note| ItemNote {
        id: x.id,
        kind: x.kind.clone(),
        author: x.author_name.clone(),
        text: x.body.clone(),
        at: ts(x.created_at),
    };
    let minutes = d
        .minutes
        .iter()
        .map(|x| {
            let responses = |kind: &str| -> Vec<MinutesResponse> {
                d.minutes_responses
                    .iter()
                    .filter(|r| r.minutes_id == x.id && r.kind == kind)
                    .map(|r| MinutesResponse {
                        kind: r.kind.clone(),
                        by: r.user_name.clone(),
                        user: r.user_id,
                        text: r.body.clone(),
                        at: ts(r.created_at),
                    })
                    .collect()
            };
            ItemMinutes {
                id: x.id,
                meeting: x.meeting_id,
                summary: x.summary.clone(),
                by: x.author_name.clone(),
                at: ts(x.created_at),
                confirmations: responses("confirm"),
                corrections: responses("correction"),
            }
        })
        .collect();
    ItemDetail {
        item: item(i),
        original_text: i.body.clone(),
        frozen: i.submitted_at.is_some(),
        due: DueState::of(i, d.today),
        ack_due: i.ack_due,
        response_due: i.response_due,
        review_date: i.review_date,
        closure_due: i.closure_due,
        meeting: d.meeting.as_ref().map(meeting),
        decision: decisions.last().cloned(),
        decisions,
        verdict: d.verdict(),
        actions: d
            .actions
            .iter()
            .map(|a| {
                let mut v = action(a, d.today);
                v.updates = d
                    .action_updates
                    .iter()
                    .filter(|u| u.action_id == a.id)
                    .map(|u| ActionUpdate {
                        by: u.author_name.clone(),
                        percent: u.percent,
                        note: u.note.clone(),
                        at: ts(u.created_at),
                    })
                    .collect();
                v
            })
            .collect(),
        cosigns: d
            .cosigns
            .iter()
            .map(|c| Cosign {
                user: c.user_id,
                name: c.display_name.clone(),
                at: ts(c.created_at),
            })
            .collect(),
        addenda: d
            .addenda
            .iter()
            .map(|a| Addendum {
                id: a.id,
                author: PersonRef {
                    id: a.author_id,
                    name: a.author_name.clone(),
                },
                text: a.body.clone(),
                at: ts(a.created_at),
            })
            .collect(),
        reactions: d
            .notes
            .iter()
            .filter(|x| is_reaction(&x.kind))
            .map(note)
            .collect(),
        notes: d
            .notes
            .iter()
            .filter(|x| !is_reaction(&x.kind))
            .map(note)
            .collect(),
        minutes,
        addendum_id: None,
        action_id: None,
        reaction_id: None,
    }
}
