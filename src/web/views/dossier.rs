//! An item's dossier: the item with everything that hangs off it, its timeline, and the proof
//! (the piece of the zone's hash chain to verify it offline, see `domain::proof`).

use super::item_detail::{item_full, ItemDetail};
use super::timeline::{timeline, TimelineEvent};
use super::ts;
use crate::service::dossier::Dossier as Gathered;
use serde::Serialize;
use utoipa::ToSchema;

/// The version tag of the dossier JSON (the `proof` inside has its own).
pub const FORMAT: &str = "burgerstem-dossier/1";

/// An item's dossier: the item, its timeline and the proof to check it offline.
#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct Dossier {
    /// `burgerstem-dossier/1`.
    pub format: &'static str,
    #[schema(format = DateTime)]
    pub generated_at: String,
    pub item: ItemDetail,
    pub timeline: Vec<TimelineEvent>,
    /// The piece of the zone's hash chain that covers the item, with its own format tag.
    #[schema(value_type = Object)]
    pub proof: crate::domain::proof::Proof,
}

/// The dossier, the same for the API and the download on the page.
pub fn dossier(d: &Gathered) -> Dossier {
    Dossier {
        format: FORMAT,
        generated_at: ts(d.generated_at),
        item: item_full(&d.detail),
        timeline: timeline(&d.timeline),
        proof: d.proof.clone(),
    }
}
