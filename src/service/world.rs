//! What the world sees of the people on a public item. A panel makes an item public for everyone:
//! anonymous visitors and people of other zones alike. They read the citizens' words, the
//! council's answer and the timeline, but a person's name only when that person chose to be named
//! ("Mijn account"); otherwise the panel's name for its members, and the zone's name for its staff,
//! council and administrators. The same rule for pages, the API and the dossier.

use crate::db::events::TimelineRow;
use crate::db::{people, DbResult, Ex};
use crate::domain::privacy::ERASED_NAME;
use crate::service::items::ItemDetail;
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

/// Everyone named on an item and its timeline.
pub fn people_on(d: &ItemDetail, timeline: &[TimelineRow]) -> Vec<i64> {
    let mut ids = vec![d.item.author_id];
    ids.extend(d.cosigns.iter().map(|c| c.user_id));
    ids.extend(d.addenda.iter().map(|a| a.author_id));
    ids.extend(d.decisions.iter().map(|x| x.decided_by));
    ids.extend(d.action_updates.iter().map(|u| u.author_id));
    ids.extend(d.notes.iter().filter_map(|n| n.author_id));
    ids.extend(d.minutes.iter().map(|m| m.author_id));
    ids.extend(d.minutes_responses.iter().map(|r| r.user_id));
    ids.extend(d.verdicts.iter().map(|v| v.given_by));
    ids.extend(timeline.iter().filter_map(|r| r.actor_id));
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The world's names for whoever is named on `item` and these timeline rows.
pub async fn names_for(
    ex: &mut Ex<'_>,
    d: &ItemDetail,
    timeline: &[TimelineRow],
) -> DbResult<WorldNames> {
    let zone = crate::db::zones::by_id(ex, d.item.zone_id).await?;
    let zone_name = zone
        .map(|z| z.name)
        .unwrap_or_else(|| d.item.zone_code.clone());
    let panel_name = d.item.panel_name.clone();
    WorldNames::load(
        ex,
        d.item.zone_id,
        &zone_name,
        d.item.panel_id,
        &panel_name,
        people_on(d, timeline),
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

/// Puts the world's names in place of people's names.
pub fn apply(d: &mut ItemDetail, timeline: &mut [TimelineRow], w: &WorldNames) {
    d.item.author_name = w.of(d.item.author_id);
    for c in &mut d.cosigns {
        c.display_name = w.of(c.user_id);
    }
    for a in &mut d.addenda {
        a.author_name = w.of(a.author_id);
    }
    for x in &mut d.decisions {
        x.decided_by_name = w.of(x.decided_by);
    }
    for u in &mut d.action_updates {
        u.author_name = w.of(u.author_id);
    }
    for n in &mut d.notes {
        if let Some(id) = n.author_id {
            n.author_name = Some(w.of(id));
        }
    }
    for m in &mut d.minutes {
        m.author_name = w.of(m.author_id);
    }
    for r in &mut d.minutes_responses {
        r.user_name = w.of(r.user_id);
    }
    for v in &mut d.verdicts {
        v.given_by_name = w.of(v.given_by);
    }
    apply_timeline(timeline, w);
}
