//! Items, their co-signatures and addenda.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use crate::domain::deadlines::ItemDates;
use crate::domain::lifecycle::Status;
use crate::domain::policy::ItemFacts;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub zone_id: i64,
    pub panel_id: i64,
    pub reference: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub heard_at: Option<String>,
    pub status: String,
    pub author_id: i64,
    pub author_name: String,
    pub panel_name: String,
    pub panel_slug: String,
    pub zone_code: String,
    pub is_public: bool,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub ack_due: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub closure_due: Option<NaiveDate>,
    pub meeting_id: Option<i64>,
    pub return_status: Option<String>,
    pub paused_since: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub text_lang: String,
}

impl Item {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }

    pub fn dates(&self) -> ItemDates {
        ItemDates {
            ack_due: self.ack_due,
            response_due: self.response_due,
            review_date: self.review_date,
        }
    }

    /// The lifecycle columns as they are, to change and write back with `save_lifecycle`.
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status(),
            acknowledged_at: self.acknowledged_at,
            ack_due: self.ack_due,
            response_due: self.response_due,
            review_date: self.review_date,
            closure_due: self.closure_due,
            meeting_id: self.meeting_id,
            return_status: self.return_status.as_deref().and_then(Status::parse),
            paused_since: self.paused_since,
            decided_at: self.decided_at,
            closed_at: self.closed_at,
        }
    }

    pub fn facts(&self) -> ItemFacts {
        ItemFacts {
            zone_id: self.zone_id,
            panel_id: self.panel_id,
            author_id: self.author_id,
            status: self.status(),
            is_public: self.is_public,
        }
    }
}

/// The item columns, with `$body` for the text: lists leave the text out (they never show it,
/// and on a large zone it was most of what a list page read).
macro_rules! item_select {
    ($body:literal) => {
        concat!("SELECT i.id, i.zone_id, i.panel_id, i.reference, i.kind, i.title, ",
            $body,
            ", i.heard_at, i.status,
        i.author_id, CASE WHEN i.personal_removed_at IS NULL THEN u.display_name ELSE 'verwijderde deelnemer' END AS author_name, p.name AS panel_name, p.slug AS panel_slug, z.code AS zone_code,
        i.is_public, i.created_at, i.submitted_at, i.updated_at,
        i.acknowledged_at, i.ack_due, i.response_due, i.review_date, i.closure_due, i.meeting_id, i.return_status,
        i.paused_since, i.decided_at, i.closed_at, i.text_lang
    FROM items i JOIN users u ON u.id = i.author_id JOIN panels p ON p.id = i.panel_id JOIN zones z ON z.id = i.zone_id"
        )
    };
}

const ITEM_SELECT: &str = item_select!("i.body");
const LIST_SELECT: &str = item_select!("'' AS body");

/// The next number in the zone's sequence for `year`.
pub async fn next_number(ex: &mut Ex<'_>, zone_id: i64, year: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO item_counters (zone_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (zone_id, year) DO UPDATE SET last = item_counters.last + 1
         RETURNING last",
        zone_id,
        year
    )
    .db()
}

pub struct NewItem<'a> {
    pub zone_id: i64,
    pub panel_id: i64,
    pub reference: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub heard_at: Option<&'a str>,
    pub text_lang: &'a str,
    pub author_id: i64,
    pub now: DateTime<Utc>,
}

pub async fn insert(ex: &mut Ex<'_>, n: NewItem<'_>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO items (zone_id, panel_id, reference, kind, title, body, heard_at, status, author_id, created_at, updated_at, text_lang)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9, $10) RETURNING id",
        n.zone_id,
        n.panel_id,
        n.reference,
        n.kind,
        n.title,
        n.body,
        n.heard_at,
        n.author_id,
        n.now,
        n.text_lang
    )
    .db()
}

pub async fn get(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Item>> {
    let sql = format!("{ITEM_SELECT} WHERE i.id = $1");
    fetch!(ex, fetch_optional, Item, &sql, id).db()
}

/// Several items at once, with their text (search results, similar items). Ids are numbers from
/// the index, so they go into the statement as such.
pub async fn many(ex: &mut Ex<'_>, ids: &[i64], with_text: bool) -> DbResult<Vec<Item>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let select = if with_text { ITEM_SELECT } else { LIST_SELECT };
    let sql = format!("{select} WHERE i.id IN ({})", list.join(","));
    fetch!(ex, fetch_all, Item, &sql).db()
}

pub async fn by_reference(ex: &mut Ex<'_>, reference: &str) -> DbResult<Option<Item>> {
    let sql = format!("{ITEM_SELECT} WHERE i.reference = $1");
    fetch!(ex, fetch_optional, Item, &sql, reference).db()
}

/// How many items `list_for_zone` has in all, on every page.
pub async fn count_for_zone(
    ex: &mut Ex<'_>,
    zone_id: i64,
    own_panels: &[i64],
    status: Option<&str>,
) -> DbResult<i64> {
    let panels = panel_list(own_panels);
    let sql = format!(
        "SELECT COUNT(*) FROM items i WHERE i.zone_id = $1 AND ($2 = '' OR i.status = $2)
         AND (i.status <> 'draft' OR i.panel_id IN ({panels}))"
    );
    scalar!(ex, fetch_one, i64, &sql, zone_id, status.unwrap_or("")).db()
}

/// Panel ids for an `IN (…)`: numbers we produced, never user text, so inlining them is safe.
fn panel_list(own_panels: &[i64]) -> String {
    if own_panels.is_empty() {
        "0".to_string()
    } else {
        own_panels
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Items of a zone that a person may list: all non-drafts, plus drafts of the given panels.
pub async fn list_for_zone(
    ex: &mut Ex<'_>,
    zone_id: i64,
    own_panels: &[i64],
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<Item>> {
    let panels = panel_list(own_panels);
    // One statement per case (not `$2 = '' OR status = $2`), so the planner can walk the
    // (zone, status, created) or (zone, created) index in page order instead of sorting the zone.
    match status {
        Some(status) => {
            let sql = format!(
                "{LIST_SELECT} WHERE i.zone_id = $1 AND i.status = $2
                 AND (i.status <> 'draft' OR i.panel_id IN ({panels}))
                 ORDER BY i.created_at DESC, i.id DESC LIMIT $3 OFFSET $4"
            );
            fetch!(ex, fetch_all, Item, &sql, zone_id, status, limit, offset).db()
        }
        None => {
            let sql = format!(
                "{LIST_SELECT} WHERE i.zone_id = $1 AND (i.status <> 'draft' OR i.panel_id IN ({panels}))
                 ORDER BY i.created_at DESC, i.id DESC LIMIT $2 OFFSET $3"
            );
            fetch!(ex, fetch_all, Item, &sql, zone_id, limit, offset).db()
        }
    }
}

pub async fn update_draft(
    ex: &mut Ex<'_>,
    id: i64,
    kind: &str,
    title: &str,
    body: &str,
    heard_at: Option<&str>,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE items SET kind = $2, title = $3, body = $4, heard_at = $5, updated_at = $6 WHERE id = $1 AND status = 'draft'",
        id,
        kind,
        title,
        body,
        heard_at,
        now
    )
    .db()?;
    Ok(())
}

/// Changes the status only if it is still `from`: a concurrent move makes this return false.
pub async fn set_status(
    ex: &mut Ex<'_>,
    id: i64,
    from: Status,
    to: Status,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE items SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
        id,
        from.as_str(),
        to.as_str(),
        now
    )
    .db()?;
    Ok(n == 1)
}

pub async fn mark_submitted(
    ex: &mut Ex<'_>,
    id: i64,
    now: DateTime<Utc>,
    ack_due: NaiveDate,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE items SET status = 'submitted', submitted_at = $2, updated_at = $2, ack_due = $3 WHERE id = $1 AND status = 'draft'",
        id,
        now,
        ack_due
    )
    .db()?;
    Ok(n == 1)
}

/// Adds a co-signature; false if this person had already signed.
pub async fn cosign(
    ex: &mut Ex<'_>,
    item_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "INSERT INTO item_cosigns (item_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (item_id, user_id) DO NOTHING",
        item_id,
        user_id,
        now
    )
    .db()?;
    Ok(n == 1)
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Cosign {
    pub user_id: i64,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
}

/// Which of an item's parts exist, and when its verdict is due: one statement, so that showing
/// an item reads only the parts it has (a new item has none of the ten).
#[derive(sqlx::FromRow, Debug, Clone, Copy)]
pub struct Parts {
    pub verdict_due: Option<NaiveDate>,
    pub cosigns: bool,
    pub addenda: bool,
    pub decisions: bool,
    pub actions: bool,
    pub notes: bool,
    pub minutes: bool,
    pub verdicts: bool,
}

pub async fn parts(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Option<Parts>> {
    fetch!(
        ex,
        fetch_optional,
        Parts,
        "SELECT i.verdict_due,
                EXISTS (SELECT 1 FROM item_cosigns WHERE item_id = i.id) AS cosigns,
                EXISTS (SELECT 1 FROM item_addenda WHERE item_id = i.id) AS addenda,
                EXISTS (SELECT 1 FROM decisions WHERE item_id = i.id) AS decisions,
                EXISTS (SELECT 1 FROM actions WHERE item_id = i.id) AS actions,
                EXISTS (SELECT 1 FROM item_notes WHERE item_id = i.id) AS notes,
                EXISTS (SELECT 1 FROM minutes WHERE item_id = i.id) AS minutes,
                EXISTS (SELECT 1 FROM verdicts WHERE item_id = i.id) AS verdicts
         FROM items i WHERE i.id = $1",
        item_id
    )
    .db()
}

pub async fn cosigns(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Cosign>> {
    fetch!(
        ex,
        fetch_all,
        Cosign,
        "SELECT c.user_id, u.display_name, c.created_at FROM item_cosigns c JOIN users u ON u.id = c.user_id
         WHERE c.item_id = $1 ORDER BY c.created_at, c.user_id",
        item_id
    )
    .db()
}

pub async fn add_addendum(
    ex: &mut Ex<'_>,
    item_id: i64,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO item_addenda (item_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        item_id,
        author_id,
        body,
        now
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Addendum {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn addenda(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Addendum>> {
    fetch!(
        ex,
        fetch_all,
        Addendum,
        "SELECT a.id, a.author_id, CASE WHEN i.personal_removed_at IS NULL THEN u.display_name ELSE 'verwijderde deelnemer' END AS author_name, a.body, a.created_at
         FROM item_addenda a JOIN users u ON u.id = a.author_id JOIN items i ON i.id = a.item_id WHERE a.item_id = $1 ORDER BY a.created_at, a.id",
        item_id
    )
    .db()
}

/// The columns the lifecycle moves change.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    pub status: Status,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub ack_due: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub closure_due: Option<NaiveDate>,
    pub meeting_id: Option<i64>,
    pub return_status: Option<Status>,
    pub paused_since: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Writes the lifecycle columns if the item is still in state `from` (false otherwise: someone
/// else moved it first, and nothing is written).
pub async fn save_lifecycle(
    ex: &mut Ex<'_>,
    id: i64,
    from: Status,
    l: &Lifecycle,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE items SET status = $3, acknowledged_at = $4, ack_due = $5, response_due = $6, review_date = $7,
            closure_due = $8, meeting_id = $9, return_status = $10, paused_since = $11, decided_at = $12, closed_at = $13,
            updated_at = $14
         WHERE id = $1 AND status = $2",
        id,
        from.as_str(),
        l.status.as_str(),
        l.acknowledged_at,
        l.ack_due,
        l.response_due,
        l.review_date,
        l.closure_due,
        l.meeting_id,
        l.return_status.map(|s| s.as_str()),
        l.paused_since,
        l.decided_at,
        l.closed_at,
        now
    )
    .db()?;
    Ok(n == 1)
}

pub async fn set_public(
    ex: &mut Ex<'_>,
    id: i64,
    public: bool,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE items SET is_public = $2, updated_at = $3 WHERE id = $1",
        id,
        public,
        now
    )
    .db()?;
    Ok(())
}

/// Items of a zone in the given states (for deadlines and overviews).
pub async fn in_states(
    ex: &mut Ex<'_>,
    zone_id: Option<i64>,
    states: &[Status],
) -> DbResult<Vec<Item>> {
    let list = states
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    // Without the texts: the keeper and the overview need dates and states. The state names are
    // our own constants, never user input. One statement per case (not `$1 = 0 OR zone_id = $1`,
    // which makes the planner scan every item of every zone).
    match zone_id {
        Some(zone_id) => {
            let sql = format!(
                "{LIST_SELECT} WHERE i.zone_id = $1 AND i.status IN ({list}) ORDER BY i.id"
            );
            fetch!(ex, fetch_all, Item, &sql, zone_id).db()
        }
        None => {
            let sql = format!("{LIST_SELECT} WHERE i.status IN ({list}) ORDER BY i.id");
            fetch!(ex, fetch_all, Item, &sql).db()
        }
    }
}

#[derive(sqlx::FromRow)]
struct IdReference {
    id: i64,
    reference: String,
}

/// The reference numbers of the given items, in one query (for lists of actions).
pub async fn references(
    ex: &mut Ex<'_>,
    ids: &[i64],
) -> DbResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    // Ids are numbers from our own rows, never user text, so inlining them is safe.
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!("SELECT id, reference FROM items WHERE id IN ({list})");
    let rows = fetch!(ex, fetch_all, IdReference, &sql).db()?;
    Ok(rows.into_iter().map(|r| (r.id, r.reference)).collect())
}

/// Items of a meeting's agenda, in agenda order.
pub async fn on_agenda(ex: &mut Ex<'_>, meeting_id: i64) -> DbResult<Vec<Item>> {
    let sql = format!("{ITEM_SELECT} JOIN agenda_entries a ON a.item_id = i.id WHERE a.meeting_id = $1 ORDER BY a.position, i.id");
    fetch!(ex, fetch_all, Item, &sql, meeting_id).db()
}

/// Public, submitted items of a zone.
pub async fn public_items(
    ex: &mut Ex<'_>,
    zone_id: i64,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<Item>> {
    let sql = format!("{LIST_SELECT} WHERE i.zone_id = $1 AND i.is_public = TRUE AND i.status <> 'draft' ORDER BY i.submitted_at DESC, i.id DESC LIMIT $2 OFFSET $3");
    fetch!(ex, fetch_all, Item, &sql, zone_id, limit, offset).db()
}

/// What the zone's figures are computed from: every submitted item's key dates.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ItemTimes {
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub response_due: Option<NaiveDate>,
    pub status: String,
    pub ack_due: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    /// The panel's latest verdict on an answer, and until when it may give one.
    pub verdict: Option<String>,
    pub verdict_due: Option<NaiveDate>,
}

impl ItemTimes {
    pub fn dates(&self) -> ItemDates {
        ItemDates {
            ack_due: self.ack_due,
            response_due: self.response_due,
            review_date: self.review_date,
        }
    }
}

pub async fn times(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<ItemTimes>> {
    fetch!(
        ex,
        fetch_all,
        ItemTimes,
        "SELECT submitted_at, acknowledged_at, decided_at, response_due, status, ack_due, review_date,
                (SELECT v.verdict FROM verdicts v WHERE v.item_id = items.id ORDER BY v.id DESC LIMIT 1) AS verdict,
                verdict_due
         FROM items WHERE zone_id = $1 AND submitted_at IS NOT NULL",
        zone_id
    )
    .db()
}
