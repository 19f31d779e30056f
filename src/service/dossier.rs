//! An item's dossier: everything recorded about it, with the piece of the zone's hash chain that
//! lets anyone verify its history offline. The printable page, the JSON API, the download and the
//! `burgerstem proof` command all read it here.

use crate::app::App;
use crate::db::events::{self, TimelineRow};
use crate::db::{items, proof as proof_db};
use crate::domain::policy::Principal;
use crate::domain::proof::Proof;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};

pub struct Dossier {
    pub detail: super::items::ItemDetail,
    pub timeline: Vec<TimelineRow>,
    pub proof: Proof,
    pub generated_at: DateTime<Utc>,
}

/// The dossier of item `id` as `p` may see it: 404 when they may not see the item.
#[tracing::instrument(name = "dossier::dossier", level = "debug", skip_all)]
pub async fn dossier(app: &App, p: &Principal, id: i64) -> AppResult<Dossier> {
    let detail = super::items::detail(app, p, id).await?;
    let mut c = app.db.conn().await?;
    let mut timeline = events::timeline(&mut c.ex(), "item", id).await?;
    if !p.in_zone(detail.item.zone_id) {
        let w = detail.world_names(&mut c.ex(), &timeline).await?;
        super::world::apply_timeline(&mut timeline, &w);
    }
    let proof = proof_db::for_item(&mut c.ex(), detail.item.zone_id, id, &detail.item.reference)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Dossier {
        detail,
        timeline,
        proof,
        generated_at: app.clock.now(),
    })
}

/// The proof of the item with this reference (for the command line, which has the whole
/// database anyway): 404 when there is no such item.
#[tracing::instrument(name = "dossier::proof_by_reference", level = "debug", skip_all)]
pub async fn proof_by_reference(app: &App, reference: &str) -> AppResult<Proof> {
    let mut c = app.db.conn().await?;
    let item = items::by_reference(&mut c.ex(), &reference.trim().to_uppercase())
        .await?
        .ok_or(AppError::NotFound)?;
    proof_db::for_item(&mut c.ex(), item.zone_id, item.id, &item.reference)
        .await?
        .ok_or(AppError::NotFound)
}
