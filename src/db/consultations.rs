//! Consultations: the question, the asked panels and people, the advices with their versions and
//! notes, the discussion, and the council's report back per point.

use super::{exec, fetch, scalar, Classify, DbResult, Ex};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Consultation {
    pub id: i64,
    pub zone_id: i64,
    pub zone_code: String,
    pub reference: String,
    pub title: String,
    pub question: String,
    pub background: String,
    pub links: String,
    pub advice_due: NaiveDate,
    pub asked_by: i64,
    pub asked_by_name: String,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str =
    "SELECT c.id, c.zone_id, z.code AS zone_code, c.reference, c.title, c.question, c.background,
        c.links, c.advice_due, c.asked_by, u.display_name AS asked_by_name, c.created_at
    FROM consultations c JOIN zones z ON z.id = c.zone_id JOIN users u ON u.id = c.asked_by";

pub async fn next_number(ex: &mut Ex<'_>, zone_id: i64, year: i64) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO consultation_counters (zone_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (zone_id, year) DO UPDATE SET last = consultation_counters.last + 1
         RETURNING last",
        zone_id,
        year
    )
    .db()
}

pub struct NewConsultation<'a> {
    pub zone_id: i64,
    pub reference: &'a str,
    pub title: &'a str,
    pub question: &'a str,
    pub background: &'a str,
    pub links: &'a str,
    pub advice_due: NaiveDate,
    pub asked_by: i64,
    pub now: DateTime<Utc>,
}

pub async fn insert(ex: &mut Ex<'_>, n: NewConsultation<'_>) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO consultations (zone_id, reference, title, question, background, links, advice_due, asked_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        n.zone_id,
        n.reference,
        n.title,
        n.question,
        n.background,
        n.links,
        n.advice_due,
        n.asked_by,
        n.now
    )
    .db()
}

pub async fn get(ex: &mut Ex<'_>, id: i64) -> DbResult<Option<Consultation>> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    fetch!(ex, fetch_optional, Consultation, &sql, id).db()
}

pub async fn of_zone(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<Consultation>> {
    let sql =
        format!("{SELECT} WHERE c.zone_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 500");
    fetch!(ex, fetch_all, Consultation, &sql, zone_id).db()
}

/// Asks a panel: the link and its (empty) advice.
pub async fn add_panel(ex: &mut Ex<'_>, consultation_id: i64, panel_id: i64) -> DbResult<i64> {
    exec!(
        ex,
        "INSERT INTO consultation_panels (consultation_id, panel_id) VALUES ($1, $2)",
        consultation_id,
        panel_id
    )
    .db()?;
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO advices (consultation_id, panel_id) VALUES ($1, $2) RETURNING id",
        consultation_id,
        panel_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct AskedPanel {
    pub panel_id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
}

pub async fn panels(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<AskedPanel>> {
    fetch!(
        ex,
        fetch_all,
        AskedPanel,
        "SELECT p.id AS panel_id, p.slug, p.name, p.kind FROM consultation_panels cp JOIN panels p ON p.id = cp.panel_id
         WHERE cp.consultation_id = $1 ORDER BY p.name",
        consultation_id
    )
    .db()
}

/// Adds a person to the people asked; false if they were already asked.
pub async fn add_participant(
    ex: &mut Ex<'_>,
    consultation_id: i64,
    panel_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "INSERT INTO consultation_participants (consultation_id, panel_id, user_id, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consultation_id, user_id) DO NOTHING",
        consultation_id,
        panel_id,
        user_id,
        now
    )
    .db()?;
    Ok(n == 1)
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Participant {
    pub panel_id: i64,
    pub user_id: i64,
    pub display_name: String,
}

pub async fn participants(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Participant>> {
    fetch!(
        ex,
        fetch_all,
        Participant,
        "SELECT cp.panel_id, cp.user_id, u.display_name FROM consultation_participants cp JOIN users u ON u.id = cp.user_id
         WHERE cp.consultation_id = $1 ORDER BY u.display_name",
        consultation_id
    )
    .db()
}

/// The consultations a person is asked in through a klankbordgroep.
pub async fn participating(ex: &mut Ex<'_>, user_id: i64) -> DbResult<Vec<i64>> {
    scalar!(
        ex,
        fetch_all,
        i64,
        "SELECT consultation_id FROM consultation_participants WHERE user_id = $1",
        user_id
    )
    .db()
}

/// Links a pending invitation to the consultation it asks for.
pub async fn link_invitation(
    ex: &mut Ex<'_>,
    invitation_id: i64,
    consultation_id: i64,
) -> DbResult<()> {
    exec!(
        ex,
        "UPDATE invitations SET consultation_id = $2 WHERE id = $1",
        invitation_id,
        consultation_id
    )
    .db()?;
    Ok(())
}

pub async fn invitation_consultation(ex: &mut Ex<'_>, invitation_id: i64) -> DbResult<Option<i64>> {
    scalar!(
        ex,
        fetch_one,
        Option<i64>,
        "SELECT consultation_id FROM invitations WHERE id = $1",
        invitation_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Invited {
    pub display_name: String,
    pub accepted_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
}

/// People invited for this question who had no account yet.
pub async fn invited(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Invited>> {
    fetch!(
        ex,
        fetch_all,
        Invited,
        "SELECT display_name, accepted_at, expires_at FROM invitations WHERE consultation_id = $1 ORDER BY id",
        consultation_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Advice {
    pub id: i64,
    pub consultation_id: i64,
    pub panel_id: i64,
    pub panel_slug: String,
    pub panel_name: String,
    pub status: String,
    pub version: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub report_due: Option<NaiveDate>,
    pub reported_at: Option<DateTime<Utc>>,
    pub reported_by_name: Option<String>,
    pub report_summary: Option<String>,
}

const ADVICE_SELECT: &str = "SELECT a.id, a.consultation_id, a.panel_id, p.slug AS panel_slug, p.name AS panel_name,
        a.status, a.version, a.submitted_at, a.submitted_by, s.display_name AS submitted_by_name, a.report_due,
        a.reported_at, r.display_name AS reported_by_name, a.report_summary
    FROM advices a JOIN panels p ON p.id = a.panel_id
    LEFT JOIN users s ON s.id = a.submitted_by LEFT JOIN users r ON r.id = a.reported_by";

pub async fn advices(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Advice>> {
    let sql = format!("{ADVICE_SELECT} WHERE a.consultation_id = $1 ORDER BY p.name");
    fetch!(ex, fetch_all, Advice, &sql, consultation_id).db()
}

pub async fn advice_of(
    ex: &mut Ex<'_>,
    consultation_id: i64,
    panel_id: i64,
) -> DbResult<Option<Advice>> {
    let sql = format!("{ADVICE_SELECT} WHERE a.consultation_id = $1 AND a.panel_id = $2");
    fetch!(ex, fetch_optional, Advice, &sql, consultation_id, panel_id).db()
}

/// Adds a version if nobody else did since `base` (the version the writer started from).
/// Returns the new version number, or None when someone else saved first.
pub async fn add_version(
    ex: &mut Ex<'_>,
    advice_id: i64,
    base: i64,
    body: &str,
    author_id: i64,
    now: DateTime<Utc>,
) -> DbResult<Option<i64>> {
    let n = exec!(
        ex,
        "UPDATE advices SET version = version + 1 WHERE id = $1 AND version = $2 AND status = 'drafting'",
        advice_id,
        base
    )
    .db()?;
    if n != 1 {
        return Ok(None);
    }
    exec!(
        ex,
        "INSERT INTO advice_versions (advice_id, version, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        advice_id,
        base + 1,
        body,
        author_id,
        now
    )
    .db()?;
    Ok(Some(base + 1))
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Version {
    pub advice_id: i64,
    pub version: i64,
    pub body: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// Every version of every advice of the consultation, newest first per advice.
pub async fn versions(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Version>> {
    fetch!(
        ex,
        fetch_all,
        Version,
        "SELECT v.advice_id, v.version, v.body, v.author_id, u.display_name AS author_name, v.created_at
         FROM advice_versions v JOIN advices a ON a.id = v.advice_id JOIN users u ON u.id = v.author_id
         WHERE a.consultation_id = $1 ORDER BY v.advice_id, v.version DESC",
        consultation_id
    )
    .db()
}

pub async fn current_text(ex: &mut Ex<'_>, advice_id: i64) -> DbResult<Option<String>> {
    scalar!(
        ex,
        fetch_optional,
        String,
        "SELECT v.body FROM advice_versions v JOIN advices a ON a.id = v.advice_id AND a.version = v.version
         WHERE a.id = $1",
        advice_id
    )
    .db()
}

/// Freezes the advice; false if it was not drafting (or had no text).
pub async fn submit(
    ex: &mut Ex<'_>,
    advice_id: i64,
    by: i64,
    now: DateTime<Utc>,
    report_due: NaiveDate,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE advices SET status = 'submitted', submitted_at = $3, submitted_by = $2, report_due = $4
         WHERE id = $1 AND status = 'drafting' AND version > 0",
        advice_id,
        by,
        now,
        report_due
    )
    .db()?;
    Ok(n == 1)
}

pub async fn add_note(
    ex: &mut Ex<'_>,
    advice_id: i64,
    author_id: i64,
    kind: &str,
    body: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO advice_notes (advice_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        advice_id,
        author_id,
        kind,
        body,
        now
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Note {
    pub id: i64,
    pub advice_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn notes(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Note>> {
    fetch!(
        ex,
        fetch_all,
        Note,
        "SELECT n.id, n.advice_id, n.author_id, u.display_name AS author_name, n.kind, n.body, n.created_at
         FROM advice_notes n JOIN advices a ON a.id = n.advice_id JOIN users u ON u.id = n.author_id
         WHERE a.consultation_id = $1 ORDER BY n.created_at, n.id",
        consultation_id
    )
    .db()
}

pub async fn add_reaction(
    ex: &mut Ex<'_>,
    consultation_id: i64,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    scalar!(
        ex,
        fetch_one,
        i64,
        "INSERT INTO consultation_reactions (consultation_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        consultation_id,
        author_id,
        body,
        now
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Reaction {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn reactions(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<Reaction>> {
    fetch!(
        ex,
        fetch_all,
        Reaction,
        "SELECT r.id, r.author_id, u.display_name AS author_name, r.body, r.created_at
         FROM consultation_reactions r JOIN users u ON u.id = r.author_id
         WHERE r.consultation_id = $1 ORDER BY r.created_at, r.id",
        consultation_id
    )
    .db()
}

/// Records the report back on a submitted advice; false if it was not waiting for one.
pub async fn mark_reported(
    ex: &mut Ex<'_>,
    advice_id: i64,
    by: i64,
    summary: &str,
    now: DateTime<Utc>,
) -> DbResult<bool> {
    let n = exec!(
        ex,
        "UPDATE advices SET status = 'reported', reported_at = $3, reported_by = $2, report_summary = $4
         WHERE id = $1 AND status = 'submitted'",
        advice_id,
        by,
        now,
        summary
    )
    .db()?;
    Ok(n == 1)
}

pub async fn add_report_point(
    ex: &mut Ex<'_>,
    advice_id: i64,
    point: i64,
    outcome: &str,
    reasons: &str,
) -> DbResult<()> {
    exec!(
        ex,
        "INSERT INTO report_points (advice_id, point, outcome, reasons) VALUES ($1, $2, $3, $4)",
        advice_id,
        point,
        outcome,
        reasons
    )
    .db()?;
    Ok(())
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ReportPoint {
    pub advice_id: i64,
    pub point: i64,
    pub outcome: String,
    pub reasons: String,
}

pub async fn report_points(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<ReportPoint>> {
    fetch!(
        ex,
        fetch_all,
        ReportPoint,
        "SELECT rp.advice_id, rp.point, rp.outcome, rp.reasons FROM report_points rp JOIN advices a ON a.id = rp.advice_id
         WHERE a.consultation_id = $1 ORDER BY rp.advice_id, rp.point",
        consultation_id
    )
    .db()
}

/// Links an item to the point of the advice it was made from; false if that point already has
/// an item.
pub async fn link_item(
    ex: &mut Ex<'_>,
    item_id: i64,
    advice_id: i64,
    point: i64,
) -> DbResult<bool> {
    let taken = scalar!(
        ex,
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM items WHERE advice_id = $1 AND advice_point = $2",
        advice_id,
        point
    )
    .db()?;
    if taken > 0 {
        return Ok(false);
    }
    exec!(
        ex,
        "UPDATE items SET advice_id = $2, advice_point = $3 WHERE id = $1",
        item_id,
        advice_id,
        point
    )
    .db()?;
    Ok(true)
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct PointItem {
    pub advice_id: i64,
    pub point: i64,
    pub item_id: i64,
    pub reference: String,
}

pub async fn point_items(ex: &mut Ex<'_>, consultation_id: i64) -> DbResult<Vec<PointItem>> {
    fetch!(
        ex,
        fetch_all,
        PointItem,
        "SELECT i.advice_id, i.advice_point AS point, i.id AS item_id, i.reference FROM items i
         JOIN advices a ON a.id = i.advice_id WHERE a.consultation_id = $1 ORDER BY i.advice_id, i.advice_point",
        consultation_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ItemOrigin {
    pub consultation_id: i64,
    pub reference: String,
    pub title: String,
    pub point: i64,
    pub panel_name: String,
}

/// The consultation an item was made from, if any.
pub async fn origin_of_item(ex: &mut Ex<'_>, item_id: i64) -> DbResult<Option<ItemOrigin>> {
    fetch!(
        ex,
        fetch_optional,
        ItemOrigin,
        "SELECT c.id AS consultation_id, c.reference, c.title, i.advice_point AS point, p.name AS panel_name
         FROM items i JOIN advices a ON a.id = i.advice_id JOIN consultations c ON c.id = a.consultation_id
         JOIN panels p ON p.id = a.panel_id
         WHERE i.id = $1",
        item_id
    )
    .db()
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ReportDue {
    pub consultation_id: i64,
    pub reference: String,
    pub title: String,
    pub panel_name: String,
    pub report_due: NaiveDate,
}

/// Advices still waiting for the council's report back, earliest due first.
pub async fn waiting_reports(ex: &mut Ex<'_>, zone_id: i64) -> DbResult<Vec<ReportDue>> {
    fetch!(
        ex,
        fetch_all,
        ReportDue,
        "SELECT c.id AS consultation_id, c.reference, c.title, p.name AS panel_name, a.report_due
         FROM advices a JOIN consultations c ON c.id = a.consultation_id JOIN panels p ON p.id = a.panel_id
         WHERE c.zone_id = $1 AND a.status = 'submitted' ORDER BY a.report_due, c.id",
        zone_id
    )
    .db()
}

/// Advices past their report-back date without a report, across zones (for the keeper).
pub async fn overdue_reports(
    ex: &mut Ex<'_>,
    today: NaiveDate,
) -> DbResult<Vec<(i64, i64, i64, NaiveDate)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        zone_id: i64,
        consultation_id: i64,
        advice_id: i64,
        report_due: NaiveDate,
    }
    let rows = fetch!(
        ex,
        fetch_all,
        Row,
        "SELECT c.zone_id, c.id AS consultation_id, a.id AS advice_id, a.report_due
         FROM advices a JOIN consultations c ON c.id = a.consultation_id
         WHERE a.status = 'submitted' AND a.report_due < $1
         AND NOT EXISTS (SELECT 1 FROM overdue_marks m WHERE m.subject_type = 'advice' AND m.subject_id = a.id)",
        today
    )
    .db()?;
    Ok(rows
        .into_iter()
        .map(|r| (r.zone_id, r.consultation_id, r.advice_id, r.report_due))
        .collect())
}
