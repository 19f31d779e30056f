//! What a person's home page is made of: the items of their panels with what each asks of them,
//! and the advices their panels owe.

use super::{fetch, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

/// An item of one of the person's panels, with where this person stands on it.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct PanelItem {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub status: String,
    pub panel_name: String,
    pub author_id: i64,
    pub closure_due: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    /// This person co-signed it.
    pub cosigned: bool,
    /// It has minutes this person has neither confirmed nor corrected.
    pub minutes_open: bool,
}

/// The live items (not closed or withdrawn) of the person's panels in a zone, most recently
/// changed first.
pub async fn panel_items(ex: &mut Ex<'_>, user_id: i64, zone_id: i64) -> DbResult<Vec<PanelItem>> {
    fetch!(
        ex,
        fetch_all,
        PanelItem,
        "SELECT i.id, i.reference, i.title, i.status, p.name AS panel_name, i.author_id,
                i.closure_due, i.updated_at,
                EXISTS (SELECT 1 FROM item_cosigns c WHERE c.item_id = i.id AND c.user_id = $1) AS cosigned,
                EXISTS (SELECT 1 FROM minutes m
                        WHERE m.item_id = i.id
                          AND m.id = (SELECT MAX(m2.id) FROM minutes m2 WHERE m2.item_id = i.id)
                          AND NOT EXISTS (SELECT 1 FROM minutes_responses r
                                          WHERE r.minutes_id = m.id AND r.user_id = $1)) AS minutes_open
         FROM items i
         JOIN panels p ON p.id = i.panel_id
         JOIN panel_members pm ON pm.panel_id = i.panel_id AND pm.user_id = $1
         WHERE i.zone_id = $2 AND i.status NOT IN ('closed', 'withdrawn')
         ORDER BY i.updated_at DESC, i.id DESC
         LIMIT 100",
        user_id,
        zone_id
    )
    .db()
}

/// An advice one of the person's panels is still writing.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct OwedAdvice {
    pub consultation_id: i64,
    pub reference: String,
    pub title: String,
    pub panel_name: String,
    pub advice_due: NaiveDate,
}

/// Advices still being written by the person's panels in a zone (for a klankbordgroep, only
/// the questions this person was asked).
pub async fn owed_advices(
    ex: &mut Ex<'_>,
    user_id: i64,
    zone_id: i64,
) -> DbResult<Vec<OwedAdvice>> {
    fetch!(
        ex,
        fetch_all,
        OwedAdvice,
        "SELECT c.id AS consultation_id, c.reference, c.title, p.name AS panel_name, c.advice_due
         FROM advices a
         JOIN consultations c ON c.id = a.consultation_id
         JOIN panels p ON p.id = a.panel_id
         JOIN panel_members pm ON pm.panel_id = a.panel_id AND pm.user_id = $1
         WHERE c.zone_id = $2 AND a.status = 'drafting'
           AND (p.kind <> 'klankbordgroep'
                OR EXISTS (SELECT 1 FROM consultation_participants cp
                           WHERE cp.consultation_id = c.id AND cp.user_id = $1))
         ORDER BY c.advice_due, c.id",
        user_id,
        zone_id
    )
    .db()
}
