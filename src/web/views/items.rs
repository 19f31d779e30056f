//! Items: as lists show them, with everything that hangs off them, and their timeline.

use super::timeline::TimelineEvent;
use super::{ts, PanelRef, PersonRef};
use crate::db::items::Item as ItemRow_;
use crate::domain::deadlines::Deadline as DeadlineKind;
use crate::service::agenda::due_state;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// An item as anyone may see it once it is public: what it asks and where it stands, with its
/// panel but not the person who wrote it.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PublicItem {
    pub id: i64,
    /// The item's number in its zone, e.g. `ALFA-2026-0001`.
    pub reference: String,
    /// The zone's code.
    pub zone: String,
    pub panel: PanelRef,
    #[schema(value_type = crate::domain::lifecycle::ItemKind)]
    pub kind: String,
    pub title: String,
    #[schema(value_type = crate::domain::lifecycle::Status)]
    pub status: String,
    /// Where and from whom the panel heard it, when entered on someone's behalf.
    pub heard_at: Option<String>,
    /// The language the text is written in.
    pub text_lang: String,
    pub public: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// An item as it shows in lists.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Item {
    #[serde(flatten)]
    pub shown: PublicItem,
    pub author: PersonRef,
}

pub fn public_item(i: &ItemRow_) -> PublicItem {
    PublicItem {
        id: i.id,
        reference: i.reference.clone(),
        zone: i.zone_code.clone(),
        panel: PanelRef {
            id: i.panel_id,
            slug: i.panel_slug.clone(),
            name: i.panel_name.clone(),
        },
        kind: i.kind.clone(),
        title: i.title.clone(),
        status: i.status.clone(),
        heard_at: i.heard_at.clone(),
        text_lang: i.text_lang.clone(),
        public: i.is_public,
        created_at: ts(i.created_at),
        submitted_at: i.submitted_at.map(ts),
        updated_at: ts(i.updated_at),
    }
}

pub fn item(i: &ItemRow_) -> Item {
    Item {
        shown: public_item(i),
        author: PersonRef {
            id: i.author_id,
            name: i.author_name.clone(),
        },
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemList {
    /// 50 to a page, newest first.
    pub items: Vec<Item>,
    #[serde(flatten)]
    pub paging: super::Paging,
}

/// The deadline an item waits on now.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Deadline {
    pub deadline: DeadlineKind,
    pub date: NaiveDate,
    /// Days past the date; 0 when on time.
    pub overdue_days: i64,
    pub overdue: bool,
}

/// The deadline the item waits on now: kind, date, days late (0 when on time).
pub fn due(i: &ItemRow_, today: NaiveDate) -> Option<Deadline> {
    due_state(i, today).map(|(kind, date, late)| Deadline {
        deadline: kind,
        date,
        overdue_days: late,
        overdue: late > 0,
    })
}

/// Where an item stands against its deadline, beside the item in lists and on its page.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct DueState {
    pub overdue_days: i64,
    /// The date of the deadline it waits on now.
    pub due: Option<NaiveDate>,
    pub deadline: Option<Deadline>,
}

impl DueState {
    pub fn of(i: &ItemRow_, today: NaiveDate) -> DueState {
        let deadline = due(i, today);
        DueState {
            overdue_days: deadline.as_ref().map_or(0, |d| d.overdue_days),
            due: deadline.as_ref().map(|d| d.date),
            deadline,
        }
    }
}

/// An item in a list, with its deadline state.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemRow {
    #[serde(flatten)]
    pub item: Item,
    #[serde(flatten)]
    pub due: DueState,
}

pub fn item_row(i: &ItemRow_, today: NaiveDate) -> ItemRow {
    ItemRow {
        item: item(i),
        due: DueState::of(i, today),
    }
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemTimeline {
    /// The item's id.
    pub item: i64,
    pub reference: String,
    pub events: Vec<TimelineEvent>,
}
