//! What the world sees of the people on a public item. A panel makes an item public for everyone:
//! anonymous visitors and people of other zones alike. They read the citizens' words, the
//! council's answer and the timeline, but a person's name only when that person chose to be named
//! ("Mijn account"); otherwise the panel's name for its members, and the zone's name for its staff,
//! council and administrators. The same rule for pages, the API and the dossier.
//! An item's detail names its people and puts these names in place
//! (`items::ItemDetail::world_names`, `apply_world_names`).

use crate::db::events::TimelineRow;
use crate::db::items::Item;
use crate::db::{people, DbResult, Ex};
use crate::domain::privacy::ERASED_NAME;
use std::collections::HashMap;

/// The name to show for each person, as the world may see it.
pub struct WorldNames {
    names: HashMap<i64, String>,
    /// For whoever could not be looked up (an erased account keeps its marker).
    fallback: String,
}

impl WorldNames {
    pub async fn load(
        ex: &mut Ex<'_>,
        zone_id: i64,
        zone_name: &str,
        panel_id: i64,
        panel_name: &str,
        ids: impl IntoIterator<Item = i64>,
    ) -> DbResult<WorldNames> {
        let mut names = HashMap::new();
        for id in ids {
            if names.contains_key(&id) {
                continue;
            }
            let name = match people::standing(ex, id, zone_id, panel_id).await? {
                Some(s) if s.display_name == ERASED_NAME => ERASED_NAME.to_string(),
                Some(s) if s.public_name => s.display_name,
                Some(s) if s.in_panel => panel_name.to_string(),
                Some(s) if s.zone_side => zone_name.to_string(),
                // Someone of the zone who is neither (a citizen of another panel who co-signed).
                Some(_) => panel_name.to_string(),
                None => zone_name.to_string(),
            };
            names.insert(id, name);
        }
        Ok(WorldNames {
            names,
            fallback: zone_name.to_string(),
        })
    }

    pub fn of(&self, id: i64) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| self.fallback.clone())
    }
}

/// The world's names for these people on `item` (the zone's and the panel's names stand in for
/// whoever did not choose to be named).
#[tracing::instrument(name = "world::names_on", level = "debug", skip_all)]
pub async fn names_on(
    ex: &mut Ex<'_>,
    item: &Item,
    ids: impl IntoIterator<Item = i64>,
) -> DbResult<WorldNames> {
    let zone = crate::db::zones::by_id(ex, item.zone_id).await?;
    let zone_name = zone
        .map(|z| z.name)
        .unwrap_or_else(|| item.zone_code.clone());
    WorldNames::load(
        ex,
        item.zone_id,
        &zone_name,
        item.panel_id,
        &item.panel_name,
        ids,
    )
    .await
}

/// Puts the world's names in place of people's names on a timeline.
pub fn apply_timeline(timeline: &mut [TimelineRow], w: &WorldNames) {
    for row in timeline.iter_mut() {
        if let Some(id) = row.actor_id {
            row.actor_name = Some(w.of(id));
        }
    }
}
