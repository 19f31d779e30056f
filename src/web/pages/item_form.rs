//! What the one-form route (`items`) and the guided flow (`guided`) of bringing in an item share:
//! the kinds, the panels one may bring it in for, and the answers typed so far.

use crate::app::App;
use crate::db::zones;
use crate::domain::lifecycle::ItemKind;
use crate::error::AppError;
use crate::web::guards::WebUser;
use serde::Serialize;

pub fn kinds() -> Vec<&'static str> {
    ItemKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// A panel of the zone this person belongs to, one they may bring an item in for.
#[derive(Serialize)]
pub struct PanelChoice {
    pub slug: String,
    pub name: String,
}

pub async fn own_panels(
    app: &App,
    user: &WebUser,
    zone_id: i64,
) -> Result<Vec<PanelChoice>, AppError> {
    let mut c = app.db.conn().await?;
    Ok(zones::panels(&mut c.ex(), zone_id)
        .await?
        .into_iter()
        .filter(|p| user.principal.in_panel(p.id))
        .map(|p| PanelChoice {
            slug: p.slug,
            name: p.name,
        })
        .collect())
}

/// The item form's answers so far, shown again as they were typed (empty when not yet asked).
#[derive(Serialize, Default, Clone)]
pub struct ItemValues {
    pub panel: String,
    pub kind: String,
    pub title: String,
    pub text: String,
    pub heard_at: String,
    pub public: bool,
}
