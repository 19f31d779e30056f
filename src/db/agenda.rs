//! Council meetings and what hangs off an item after submission: minutes and the panel's
//! responses, decisions, follow-up actions, notes (reactions, clarifications, objections), and
//! the marks that a deadline was passed.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub zone_id: i64,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub other_points: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

const MEETING_COLS: &str = "id, zone_id, starts_at, place, other_points, status, created_at";

impl Meeting {
    /// Minutes, decisions taken at a meeting and "held" describe what happened there: none of
    /// them can be written before the meeting has begun.
    pub fn has_started(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now
    }
}

pub async fn create_meeting(
    ex: &mut Ex<'_>,
    zone_id: i64,
    starts_at: DateTime<Utc>,
    place: &str,
    other_points: &str,
    by: i64,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO meetings (zone_id, starts_at, place, other_points, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        zone_id,
        starts_at,
        place,
        other_points,
        by,
        now
    )
    .db()
}

pub async fn meeting(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Meeting>> {
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE id = $1");
    fetch!(ex, fetch_optional, Meeting, &sql, id).db()
}

pub async fn meetings(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Meeting>> {
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE zone_id = $1 ORDER BY starts_at DESC, id DESC LIMIT 100");
    fetch!(ex, fetch_all, Meeting, &sql, zone_id).db()
}

/// The first planned meeting from `now` on.
pub async fn next_meeting(
    ex: &mut Ex<'_>,
    zone_id: i64,
    now: DateTime<Utc>,
) -> DbResult<Option<Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLS} FROM meetings WHERE zone_id = $1 AND status = 'planned' AND starts_at >= $2 ORDER BY starts_at, id LIMIT 1"
    );
    fetch!(ex, fetch_optional, Meeting, &sql, zone_id, now).db()
}

/// The ids of a zone's meetings that are still planned (an item on one of those is scheduled).
pub async fn planned_meeting_ids(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT id FROM meetings WHERE zone_id = $1 AND status = 'planned'",
        zone_id
    )
    .db()
}

pub async fn mark_held(ex: &mut Ex<'_>, id: i64) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE meetings SET status = 'held' WHERE id = $1 AND status = 'planned'",
        id
    )
    .db()?;
    Ok(n == 1)
}

/// Puts an item at the end of a meeting's citizen agenda (moving it off another planned one).
pub async fn put_on_agenda(
    ex: &mut Ex<'_>,
    meeting_id: i64,
    item_id: i64,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "DELETE FROM agenda_entries WHERE item_id = $1 AND meeting_id <> $2
         AND meeting_id IN (SELECT id FROM meetings WHERE status = 'planned')",
        item_id,
        meeting_id
    )
    .db()?;
    exec!(
        ex,
        "INSERT INTO agenda_entries (meeting_id, item_id, position, created_at)
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_entries WHERE meeting_id = $1), $3)
         ON CONFLICT (meeting_id, item_id) DO NOTHING",
        meeting_id,
        item_id,
        now
    )
    .db()?;
    Ok(())
}

pub async fn on_agenda(ex: &mut Ex<'_>, meeting_id: i64, item_id: i64) -> DbResult<bool> {
    let n = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM agenda_entries WHERE meeting_id = $1 AND item_id = $2",
        meeting_id,
        item_id
    )
    .db()?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Minutes {
    pub id: i64,
    pub meeting_id: i64,
    pub item_id: i64,
    pub summary: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_minutes(
    ex: &mut Ex<'_>,
    meeting_id: i64,
    item_id: i64,
    summary: &str,
    by: i64,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO minutes (meeting_id, item_id, summary, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        meeting_id,
        item_id,
        summary,
        by,
        now
    )
    .db()
}

const MINUTES_SELECT: &str = "SELECT m.id, m.meeting_id, m.item_id, m.summary, m.author_id, u.display_name AS author_name, m.created_at
    FROM minutes m JOIN users u ON u.id = m.author_id";

pub async fn minutes_of_item(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Minutes>> {
    let sql = format!("{MINUTES_SELECT} WHERE m.item_id = $1 ORDER BY m.created_at, m.id");
    fetch!(ex, fetch_all, Minutes, &sql, item_id).db()
}

pub async fn minutes_of_meeting(ex: &mut Ex<'_>, meeting_id: i64) -> DbResult<Vec<Minutes>> {
    let sql = format!("{MINUTES_SELECT} WHERE m.meeting_id = $1 ORDER BY m.id");
    fetch!(ex, fetch_all, Minutes, &sql, meeting_id).db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct MinutesResponse {
    pub id: i64,
    pub minutes_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub kind: String,
    pub body: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn add_minutes_response(
    ex: &mut Ex<'_>,
    minutes_id: i64,
    user_id: i64,
    kind: &str,
    body: Option<&str>,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO minutes_responses (minutes_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        minutes_id,
        user_id,
        kind,
        body,
        now
    )
    .db()
}

pub async fn minutes_responses(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<MinutesResponse>> {
    fetch!(
        ex,
        fetch_all,
        MinutesResponse,
        "SELECT r.id, r.minutes_id, r.user_id, CASE WHEN i.personal_removed_at IS NULL THEN u.display_name ELSE 'verwijderde deelnemer' END AS user_name, r.kind, r.body, r.created_at
         FROM minutes_responses r JOIN minutes m ON m.id = r.minutes_id JOIN users u ON u.id = r.user_id JOIN items i ON i.id = m.item_id
         WHERE m.item_id = $1 ORDER BY r.created_at, r.id",
        item_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Decision {
    pub id: i64,
    pub item_id: i64,
    pub outcome: String,
    pub reasons: String,
    pub referred_to: Option<String>,
    pub review_date: Option<NaiveDate>,
    pub meeting_id: Option<i64>,
    pub supersedes: Option<i64>,
    pub decided_by: i64,
    pub decided_by_name: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewDecision<'a> {
    pub item_id: i64,
    pub outcome: &'a str,
    pub reasons: &'a str,
    pub referred_to: Option<&'a str>,
    pub review_date: Option<NaiveDate>,
    pub meeting_id: Option<i64>,
    pub supersedes: Option<i64>,
    pub by: i64,
    pub now: DateTime<Utc>,
}

pub async fn add_decision(ex: &mut Ex<'_>, d: NewDecision<'_>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO decisions (item_id, outcome, reasons, referred_to, review_date, meeting_id, supersedes, decided_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        d.item_id,
        d.outcome,
        d.reasons,
        d.referred_to,
        d.review_date,
        d.meeting_id,
        d.supersedes,
        d.by,
        d.now
    )
    .db()
}

/// All decisions on an item, oldest first; the last one is in force.
pub async fn decisions(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Decision>> {
    fetch!(
        ex,
        fetch_all,
        Decision,
        "SELECT d.id, d.item_id, d.outcome, d.reasons, d.referred_to, d.review_date, d.meeting_id, d.supersedes, d.decided_by,
                u.display_name AS decided_by_name, d.created_at
         FROM decisions d JOIN users u ON u.id = d.decided_by WHERE d.item_id = $1 ORDER BY d.id",
        item_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Action {
    pub id: i64,
    pub item_id: i64,
    pub zone_id: i64,
    pub what: String,
    pub responsible: String,
    pub due_date: NaiveDate,
    pub percent: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const ACTION_COLS: &str =
    "id, item_id, zone_id, what, responsible, due_date, percent, status, created_at, updated_at";

#[allow(clippy::too_many_arguments)]
pub async fn add_action(
    ex: &mut Ex<'_>,
    item_id: i64,
    zone_id: i64,
    what: &str,
    responsible: &str,
    due: NaiveDate,
    by: i64,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO actions (item_id, zone_id, what, responsible, due_date, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        item_id,
        zone_id,
        what,
        responsible,
        due,
        by,
        now
    )
    .db()
}

pub async fn action(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Action>> {
    let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE id = $1");
    fetch!(ex, fetch_optional, Action, &sql, id).db()
}

pub async fn actions_of_item(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Action>> {
    let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE item_id = $1 ORDER BY due_date, id");
    fetch!(ex, fetch_all, Action, &sql, item_id).db()
}

/// Open actions of a zone (all zones with `None`), soonest first.
pub async fn open_actions(ex: &mut Ex<'_>, zone_id: Option<i64>) -> DbResult<Vec<Action>> {
    // One statement per case, so a zone's list uses the (zone, status, due) index.
    match zone_id {
        Some(zone_id) => {
            let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE zone_id = $1 AND status = 'open' ORDER BY due_date, id");
            fetch!(ex, fetch_all, Action, &sql, zone_id).db()
        }
        None => {
            let sql = format!(
                "SELECT {ACTION_COLS} FROM actions WHERE status = 'open' ORDER BY due_date, id"
            );
            fetch!(ex, fetch_all, Action, &sql).db()
        }
    }
}

pub async fn update_action(
    ex: &mut Ex<'_>,
    id: i64,
    percent: i64,
    status: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE actions SET percent = $2, status = $3, updated_at = $4 WHERE id = $1",
        id,
        percent,
        status,
        now
    )
    .db()?;
    Ok(())
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ActionUpdate {
    pub id: i64,
    pub action_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub percent: Option<i64>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_action_update(
    ex: &mut Ex<'_>,
    action_id: i64,
    by: i64,
    percent: Option<i64>,
    note: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO action_updates (action_id, author_id, percent, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        action_id,
        by,
        percent,
        note,
        now
    )
    .db()
}

pub async fn action_updates(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<ActionUpdate>> {
    fetch!(
        ex,
        fetch_all,
        ActionUpdate,
        "SELECT au.id, au.action_id, au.author_id, u.display_name AS author_name, au.percent, au.note, au.created_at
         FROM action_updates au JOIN actions a ON a.id = au.action_id JOIN users u ON u.id = au.author_id
         WHERE a.item_id = $1 ORDER BY au.created_at, au.id",
        item_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Note {
    pub id: i64,
    pub item_id: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_note(
    ex: &mut Ex<'_>,
    item_id: i64,
    author: Option<i64>,
    kind: &str,
    body: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO item_notes (item_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        item_id,
        author,
        kind,
        body,
        now
    )
    .db()
}

pub async fn notes(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Vec<Note>> {
    fetch!(
        ex,
        fetch_all,
        Note,
        "SELECT n.id, n.item_id, n.author_id, CASE WHEN u.id IS NULL OR i.personal_removed_at IS NULL THEN u.display_name ELSE 'verwijderde deelnemer' END AS author_name, n.kind, n.body, n.created_at
         FROM item_notes n LEFT JOIN users u ON u.id = n.author_id JOIN items i ON i.id = n.item_id WHERE n.item_id = $1 ORDER BY n.created_at, n.id",
        item_id
    )
    .db()
}

/// Records that a deadline passed; false if it was marked before (so the event is written once).
/// Whether a deadline was marked overdue already (a read: the keeper asks before it writes).
pub async fn is_marked(
    ex: &mut Ex<'_>,
    subject_type: &str,
    subject_id: i64,
    deadline: &str,
    due: NaiveDate,
) -> DbResult<bool> {
    let n = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM overdue_marks WHERE subject_type = $1 AND subject_id = $2 AND deadline = $3 AND due = $4",
        subject_type,
        subject_id,
        deadline,
        due
    )
    .db()?;
    Ok(n > 0)
}

pub async fn mark_overdue(
    ex: &mut Ex<'_>,
    subject_type: &str,
    subject_id: i64,
    deadline: &str,
    due: NaiveDate,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "INSERT INTO overdue_marks (subject_type, subject_id, deadline, due, marked_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject_type, subject_id, deadline, due) DO NOTHING",
        subject_type,
        subject_id,
        deadline,
        due,
        now
    )
    .db()?;
    Ok(n == 1)
}
