//! The shapes the API answers with and the pages render: one struct per answer, built from the
//! domain's rows, deriving `Serialize` (the JSON) and `ToSchema` (the OpenAPI document), so the
//! document is the code. Pages lay their own fields beside these with `#[serde(flatten)]`.

pub mod accounts;
pub mod agenda;
pub mod consultations;
pub mod dossier;
pub mod item_detail;
pub mod items;
pub mod notifications;
pub mod signals;
pub mod timeline;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub use agenda::{meeting, meeting_detail};
pub use item_detail::item_full;
pub use items::{item, item_row};
pub use timeline::timeline;

/// A moment as the API writes it (RFC 3339, UTC).
pub fn ts(at: DateTime<Utc>) -> String {
    crate::domain::clock::stamp(at)
}

/// A person, by id and display name.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
}

/// A zone, by code and name.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ZoneRef {
    /// The zone's short code, used in paths.
    pub code: String,
    pub name: String,
}

/// A panel, by id, slug and name.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct PanelRef {
    pub id: i64,
    /// Used to name the panel in request bodies.
    pub slug: String,
    pub name: String,
}

/// An item, by id and reference.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ItemRef {
    pub id: i64,
    pub reference: String,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Panel {
    pub id: i64,
    pub slug: String,
    pub name: String,
    #[schema(value_type = crate::domain::policy::PanelKind)]
    pub kind: String,
}

/// Where a page of a list is: its number, its size, and the next page's address.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Paging {
    /// How many the whole list has, on every page.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// The next page's address (also in the `Link` header), or null on the last page.
    pub next: Option<String>,
}

impl Paging {
    /// `path` is the list's address with its query but without `page`.
    pub fn of<T>(page: &crate::domain::paging::Paged<T>, path: &str) -> Paging {
        let sep = if path.contains('?') { '&' } else { '?' };
        Paging {
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            next: page
                .more
                .then(|| format!("{path}{sep}page={}", page.page + 1)),
        }
    }
}
