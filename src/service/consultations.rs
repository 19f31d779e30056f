//! Consultations: the council asks panels for advice, a panel writes it together and submits it,
//! the council reports back per point, and a point can become an item on the citizen agenda.

use super::Recorded;
use crate::app::App;
use crate::db::consultations::{self as db, Consultation};
use crate::db::{people, zones, Ex, Tx};
use crate::domain::clock::brussels_date;
use crate::domain::consultation::{
    self as rules, AdviceStatus, ConsultationFacts, ConsultationStatus, NoteKind, PointOutcome,
};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::lifecycle::ItemKind;
use crate::domain::policy::{PanelKind, Principal, Role};
use crate::domain::reference::consultation_reference;
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::json;

pub struct AskInput<'a> {
    pub title: &'a str,
    pub question: &'a str,
    pub background: &'a str,
    /// One link per line.
    pub links: &'a str,
    pub advice_due: &'a str,
    /// Slugs of the asked panels.
    pub panels: Vec<String>,
    /// Members of an asked klankbordgroep chosen for this question (user ids).
    pub participants: Vec<i64>,
    /// People without an account yet, one per line: "Name, email".
    pub invite: &'a str,
}

/// One person to invite for a klankbordgroep question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub name: String,
    pub email: String,
}

/// Reads "Name, email" or "Name <email>" lines; the email is the part with an @.
pub fn parse_invitees(e: &mut FieldErrors, field: &str, text: &str) -> Vec<Invitee> {
    let mut out = vec![];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cleaned = line.replace(['<', '>', ';'], " ").replace(',', " ");
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| w.contains('@')) else {
            e.add(field, "error-invitee-line");
            continue;
        };
        let mut sub = FieldErrors::default();
        let email = validate::email(&mut sub, field, words[at]);
        let name: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, w)| *w)
            .collect();
        let name = name.join(" ");
        if !sub.is_empty()
            || name.is_empty()
            || name.chars().count() > validate::MAX_NAME
            || name.chars().any(char::is_control)
        {
            e.add(field, "error-invitee-line");
            continue;
        }
        if !out.iter().any(|i: &Invitee| i.email == email) {
            out.push(Invitee { name, email });
        }
    }
    out
}

fn parse_links(e: &mut FieldErrors, field: &str, text: &str) -> String {
    let links: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let ok = links.iter().all(|l| {
        (l.starts_with("https://") || l.starts_with("http://"))
            && l.len() <= 500
            && !l.chars().any(char::is_whitespace)
    });
    if !ok || links.len() > 20 {
        e.add(field, "error-links");
    }
    links.join("\n")
}

fn parse_date(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        e.add(field, "error-required");
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            e.add(field, "error-date");
            None
        }
    }
}

pub struct Asked {
    pub consultation: Consultation,
    /// (email, accept path) of every invitation sent for this question.
    pub invitations: Vec<(String, String)>,
}

/// Staff or a council member puts a question to panels of the zone.
#[tracing::instrument(name = "consultations::ask", level = "debug", skip_all)]
pub async fn ask(
    app: &App,
    p: &Principal,
    zone_code: &str,
    input: AskInput<'_>,
) -> AppResult<Asked> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    rules::ask(p, zone.id)?;
    let all_panels = zones::panels(&mut c.ex(), zone.id).await?;
    let today = brussels_date(app.clock.now());
    let mut e = FieldErrors::default();
    let title = validate::required(&mut e, "title", input.title, validate::MAX_TITLE);
    let question = validate::required(&mut e, "question", input.question, validate::MAX_TEXT);
    let background = validate::optional(
        &mut e,
        "background",
        Some(input.background),
        validate::MAX_TEXT,
    )
    .unwrap_or_default();
    let links = parse_links(&mut e, "links", input.links);
    let advice_due = parse_date(&mut e, "advice_due", input.advice_due);
    if advice_due.is_some_and(|d| d <= today) {
        e.add("advice_due", "error-date-future");
    }
    let mut asked = vec![];
    for slug in input
        .panels
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match all_panels.iter().find(|p| p.slug == slug) {
            Some(panel) if !asked.iter().any(|a: &&zones::Panel| a.id == panel.id) => {
                asked.push(panel)
            }
            Some(_) => {}
            None => e.add("panels", "error-panel"),
        }
    }
    if asked.is_empty() {
        e.add("panels", "error-panels-required");
    }
    let klankbord: Vec<&&zones::Panel> = asked
        .iter()
        .filter(|p| PanelKind::parse(&p.kind) == Some(PanelKind::Klankbordgroep))
        .collect();
    // The people chosen must belong to an asked klankbordgroep.
    let mut chosen: Vec<(i64, i64)> = vec![];
    for &user in &input.participants {
        let mut found = None;
        for panel in &klankbord {
            if zones::panel_members(&mut c.ex(), panel.id)
                .await?
                .iter()
                .any(|m| m.user_id == user)
            {
                found = Some(panel.id);
                break;
            }
        }
        match found {
            Some(panel) if !chosen.iter().any(|&(_, u)| u == user) => chosen.push((panel, user)),
            Some(_) => {}
            None => e.add("participants", "error-participant"),
        }
    }
    let invitees = parse_invitees(&mut e, "invite", input.invite);
    if !invitees.is_empty() && klankbord.is_empty() {
        e.add("invite", "error-invite-needs-klankbord");
    }
    for panel in &klankbord {
        let has_people = chosen.iter().any(|&(pid, _)| pid == panel.id)
            || (!invitees.is_empty() && panel.id == klankbord[0].id);
        if !has_people {
            e.add("participants", "error-participants-required");
        }
    }
    drop(c);
    e.into_result()?;
    let advice_due = advice_due.expect("checked");
    let now = app.clock.now();
    let year = brussels_date(now).year() as i64;
    let mut tx = app.db.begin().await?;
    let number = db::next_number(&mut tx.ex(), zone.id, year).await?;
    let reference = consultation_reference(&zone.code, year as i32, number);
    let id = db::insert(
        &mut tx.ex(),
        db::NewConsultation {
            zone_id: zone.id,
            reference: &reference,
            title: &title,
            question: &question,
            background: &background,
            links: &links,
            advice_due,
            asked_by: p.user_id,
            now,
        },
    )
    .await?;
    for panel in &asked {
        db::add_panel(&mut tx.ex(), id, panel.id).await?;
    }
    for &(panel, user) in &chosen {
        db::add_participant(&mut tx.ex(), id, panel, user, now).await?;
    }
    super::record(
&mut tx.ex(),
Recorded {
zone_id: zone.id,
subject: Subject::Consultation(id),
kind: EventKind::ConsultationAsked,
actor: Some(p.user_id),
at: now,
data: json!({
            "reference": reference,
            "panels": asked.iter().map(|p| p.id).collect::<Vec<_>>(),
            "participants": chosen.iter().map(|&(_, u)| u).collect::<Vec<_>>(),
            "advice_due": advice_due,
        }),
personal: Some(
            json!({"title": title, "question": question, "background": background, "links": links}),
        ),
},
)
    .await?;
    let mut invitations = vec![];
    if let Some(panel) = klankbord.first() {
        for who in &invitees {
            let path = invite_in(&mut tx, app, zone.id, id, panel.id, who, p.user_id).await?;
            invitations.push((who.email.clone(), path));
        }
    }
    let consultation = db::get(&mut tx.ex(), id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Asked {
        consultation,
        invitations,
    })
}

/// Invites someone for one klankbordgroep question: the invitation link works without an
/// account, and accepting it adds them to the people asked.
async fn invite_in(
    tx: &mut Tx,
    app: &App,
    zone_id: i64,
    consultation_id: i64,
    panel_id: i64,
    who: &Invitee,
    by: i64,
) -> AppResult<String> {
    let now = app.clock.now();
    let token = new_token();
    let inv = people::create_invitation(
        &mut tx.ex(),
        zone_id,
        &token_hash(&token),
        &who.email,
        &who.name,
        Role::Citizen,
        Some(panel_id),
        by,
        now,
        now + Duration::days(app.settings.invitation_days),
    )
    .await?;
    db::link_invitation(&mut tx.ex(), inv, consultation_id).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id,
            subject: Subject::Consultation(consultation_id),
            kind: EventKind::ParticipantInvited,
            actor: Some(by),
            at: now,
            data: json!({"invitation": inv, "panel": panel_id}),
            personal: Some(json!({"name": who.name, "email": who.email})),
        },
    )
    .await?;
    let path = format!("/invitations/{token}");
    super::notify::invitation(&mut tx.ex(), zone_id, inv, &who.email, &path, now).await?;
    Ok(path)
}

/// Called when an invitation is accepted: if it was for a question, the person is now asked.
#[tracing::instrument(
    name = "consultations::joined_through_invitation",
    level = "debug",
    skip_all
)]
pub(crate) async fn joined_through_invitation(
    ex: &mut Ex<'_>,
    invitation_id: i64,
    zone_id: i64,
    panel_id: Option<i64>,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let (Some(cid), Some(panel)) = (
        db::invitation_consultation(ex, invitation_id).await?,
        panel_id,
    ) else {
        return Ok(());
    };
    if db::add_participant(ex, cid, panel, user_id, now).await? {
        super::record(
            ex,
            Recorded {
                zone_id,
                subject: Subject::Consultation(cid),
                kind: EventKind::ParticipantJoined,
                actor: Some(user_id),
                at: now,
                data: json!({"panel": panel, "invitation": invitation_id}),
                personal: None,
            },
        )
        .await?;
    }
    Ok(())
}

async fn facts(ex: &mut Ex<'_>, c: &Consultation) -> AppResult<ConsultationFacts> {
    let panels = db::panels(ex, c.id)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.panel_id,
                PanelKind::parse(&p.kind).unwrap_or(PanelKind::Burgerplatform),
            )
        })
        .collect();
    let participants = db::participants(ex, c.id)
        .await?
        .into_iter()
        .map(|p| (p.panel_id, p.user_id))
        .collect();
    Ok(ConsultationFacts {
        zone_id: c.zone_id,
        panels,
        participants,
    })
}

async fn load(ex: &mut Ex<'_>, id: i64) -> AppResult<(Consultation, ConsultationFacts)> {
    let c = db::get(ex, id).await?.ok_or(AppError::NotFound)?;
    let f = facts(ex, &c).await?;
    Ok((c, f))
}

/// A consultation as `p` may see it (404 otherwise).
#[tracing::instrument(name = "consultations::visible", level = "debug", skip_all)]
pub async fn visible(app: &App, p: &Principal, id: i64) -> AppResult<Consultation> {
    let mut c = app.db.conn().await?;
    let (consultation, f) = load(&mut c.ex(), id).await?;
    rules::view(p, &f)?;
    Ok(consultation)
}

pub struct Detail {
    pub consultation: Consultation,
    pub status: ConsultationStatus,
    pub panels: Vec<db::AskedPanel>,
    pub advices: Vec<db::Advice>,
    pub versions: Vec<db::Version>,
    pub notes: Vec<db::Note>,
    pub reactions: Vec<db::Reaction>,
    pub report_points: Vec<db::ReportPoint>,
    pub point_items: Vec<db::PointItem>,
    pub participants: Vec<db::Participant>,
    pub invited: Vec<db::Invited>,
    /// The asked panels the viewer speaks for.
    pub my_panels: Vec<i64>,
    pub can_report: bool,
    pub can_react: bool,
    pub today: NaiveDate,
}

impl Detail {
    /// The current text of an advice (its newest version).
    pub fn text_of(&self, advice: &db::Advice) -> Option<&str> {
        self.versions
            .iter()
            .find(|v| v.advice_id == advice.id && v.version == advice.version)
            .map(|v| v.body.as_str())
    }

    pub fn points_of(&self, advice: &db::Advice) -> Vec<String> {
        self.text_of(advice).map(rules::points).unwrap_or_default()
    }
}

fn status_of(advices: &[db::Advice]) -> ConsultationStatus {
    let states: Vec<AdviceStatus> = advices
        .iter()
        .filter_map(|a| AdviceStatus::parse(&a.status))
        .collect();
    ConsultationStatus::of(&states)
}

#[tracing::instrument(name = "consultations::detail", level = "debug", skip_all)]
pub async fn detail(app: &App, p: &Principal, id: i64) -> AppResult<Detail> {
    let mut c = app.db.conn().await?;
    let (consultation, f) = load(&mut c.ex(), id).await?;
    rules::view(p, &f)?;
    let advices = db::advices(&mut c.ex(), id).await?;
    Ok(Detail {
        status: status_of(&advices),
        panels: db::panels(&mut c.ex(), id).await?,
        versions: db::versions(&mut c.ex(), id).await?,
        notes: db::notes(&mut c.ex(), id).await?,
        reactions: db::reactions(&mut c.ex(), id).await?,
        report_points: db::report_points(&mut c.ex(), id).await?,
        point_items: db::point_items(&mut c.ex(), id).await?,
        participants: db::participants(&mut c.ex(), id).await?,
        invited: db::invited(&mut c.ex(), id).await?,
        my_panels: f.panels_of(p),
        can_report: rules::report_back(p, &f).is_ok(),
        can_react: rules::react(p, &f).is_ok(),
        today: brussels_date(app.clock.now()),
        advices,
        consultation,
    })
}

pub struct ListRow {
    pub consultation: Consultation,
    pub status: ConsultationStatus,
    /// The date that matters now: the advice deadline while open, the report-back date while
    /// waiting on the council.
    pub due: Option<NaiveDate>,
    pub late: bool,
    pub late_days: i64,
}

/// The zone's consultations `p` may see, newest first.
#[tracing::instrument(name = "consultations::list", level = "debug", skip_all)]
pub async fn list(app: &App, p: &Principal, zone_code: &str) -> AppResult<Vec<ListRow>> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::domain::policy::view_zone(p, zone.id)?;
    let today = brussels_date(app.clock.now());
    let mut out = vec![];
    for consultation in db::of_zone(&mut c.ex(), zone.id).await? {
        let f = facts(&mut c.ex(), &consultation).await?;
        if rules::view(p, &f).is_err() {
            continue;
        }
        let advices = db::advices(&mut c.ex(), consultation.id).await?;
        let status = status_of(&advices);
        let due = match status {
            ConsultationStatus::Open => Some(consultation.advice_due),
            ConsultationStatus::WaitingReport => advices
                .iter()
                .filter(|a| a.status == AdviceStatus::Submitted.as_str())
                .filter_map(|a| a.report_due)
                .min(),
            ConsultationStatus::Reported => None,
        };
        out.push(ListRow {
            late: due.is_some_and(|d| d < today),
            late_days: due.map_or(0, |d| crate::domain::deadlines::days_late(d, today)),
            due,
            status,
            consultation,
        });
    }
    Ok(out)
}

/// The advice of the asked panel `panel_slug`, loaded in the transaction, after the policy check.
async fn advice_for_change(
    tx: &mut Tx,
    p: &Principal,
    id: i64,
    panel_slug: &str,
) -> AppResult<(Consultation, db::Advice)> {
    let (c, f) = load(&mut tx.ex(), id).await?;
    rules::view(p, &f)?;
    let panel = zones::panel_by_slug(&mut tx.ex(), c.zone_id, panel_slug.trim())
        .await?
        .ok_or_else(|| AppError::invalid("panel", "error-panel"))?;
    let advice = db::advice_of(&mut tx.ex(), id, panel.id)
        .await?
        .ok_or_else(|| AppError::invalid("panel", "error-panel"))?;
    rules::advise(p, &f, panel.id)?;
    Ok((c, advice))
}

/// Saves a new version of a panel's shared advice. `base` is the version the writer started
/// from: if someone else saved in between, nothing is overwritten and the writer is told.
#[tracing::instrument(name = "consultations::save_advice", level = "debug", skip_all)]
pub async fn save_advice(
    app: &App,
    p: &Principal,
    id: i64,
    panel_slug: &str,
    text: &str,
    base: Option<i64>,
) -> AppResult<i64> {
    let mut e = FieldErrors::default();
    let text = text.trim_matches(|c| c == '\n' || c == '\r').to_string();
    if text.trim().is_empty() {
        e.add("text", "error-required");
    } else if text.chars().count() > validate::MAX_TEXT {
        validate::too_long(&mut e, "text", validate::MAX_TEXT, text.chars().count());
    }
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, advice) = advice_for_change(&mut tx, p, id, panel_slug).await?;
    if advice.status != AdviceStatus::Drafting.as_str() {
        return Err(AppError::Conflict("error-advice-frozen"));
    }
    e.into_result()?;
    let base = base.unwrap_or(advice.version);
    let version = db::add_version(&mut tx.ex(), advice.id, base, &text, p.user_id, now)
        .await?
        .ok_or(AppError::Conflict("error-advice-changed"))?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: c.zone_id,
            subject: Subject::Consultation(id),
            kind: EventKind::AdviceSaved,
            actor: Some(p.user_id),
            at: now,
            data: json!({"panel": advice.panel_id, "version": version}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// A member submits the panel's advice: it is frozen, and the council's report back is due.
#[tracing::instrument(name = "consultations::submit_advice", level = "debug", skip_all)]
pub async fn submit_advice(app: &App, p: &Principal, id: i64, panel_slug: &str) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, advice) = advice_for_change(&mut tx, p, id, panel_slug).await?;
    if advice.status != AdviceStatus::Drafting.as_str() {
        return Err(AppError::Conflict("error-advice-frozen"));
    }
    let text = db::current_text(&mut tx.ex(), advice.id)
        .await?
        .ok_or(AppError::Conflict("error-advice-empty"))?;
    let zone = zones::by_id(&mut tx.ex(), c.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cal = crate::db::zones::calendar(&mut tx.ex(), &zone).await?;
    let due = rules::report_due(&cal, brussels_date(now), zone.report_days);
    if !db::submit(&mut tx.ex(), advice.id, p.user_id, now, due).await? {
        return Err(AppError::Conflict("error-advice-frozen"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
zone_id: c.zone_id,
subject: Subject::Consultation(id),
kind: EventKind::AdviceSubmitted,
actor: Some(p.user_id),
at: now,
data: json!({
            "panel": advice.panel_id,
            "version": advice.version,
            "points": rules::points(&text).len(),
            "report_due": due,
        }),
personal: // The commitment to the submitted words: `verify` proves they never changed.
        Some(json!({"text": text})),
},
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A personal note or a dissenting view beside the shared advice, at any time.
#[tracing::instrument(name = "consultations::add_note", level = "debug", skip_all)]
pub async fn add_note(
    app: &App,
    p: &Principal,
    id: i64,
    panel_slug: &str,
    kind: &str,
    text: &str,
) -> AppResult<i64> {
    let mut e = FieldErrors::default();
    let kind = NoteKind::parse(kind.trim());
    if kind.is_none() {
        e.add("kind", "error-note-kind");
    }
    let text = validate::required(&mut e, "text", text, validate::MAX_TEXT);
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, advice) = advice_for_change(&mut tx, p, id, panel_slug).await?;
    e.into_result()?;
    let kind = kind.expect("checked");
    let note = db::add_note(
        &mut tx.ex(),
        advice.id,
        p.user_id,
        kind.as_str(),
        &text,
        now,
    )
    .await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: c.zone_id,
            subject: Subject::Consultation(id),
            kind: match kind {
                NoteKind::Note => EventKind::AdviceNoteAdded,
                NoteKind::Dissent => EventKind::AdviceDissentAdded,
            },
            actor: Some(p.user_id),
            at: now,
            data: json!({"panel": advice.panel_id, "note": note}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(note)
}

/// A reaction in the discussion of the question.
#[tracing::instrument(name = "consultations::react", level = "debug", skip_all)]
pub async fn react(app: &App, p: &Principal, id: i64, text: &str) -> AppResult<i64> {
    let mut e = FieldErrors::default();
    let text = validate::required(&mut e, "text", text, validate::MAX_TEXT);
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, f) = load(&mut tx.ex(), id).await?;
    rules::react(p, &f)?;
    e.into_result()?;
    let rid = db::add_reaction(&mut tx.ex(), id, p.user_id, &text, now).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: c.zone_id,
            subject: Subject::Consultation(id),
            kind: EventKind::ConsultationReactionAdded,
            actor: Some(p.user_id),
            at: now,
            data: json!({"reaction": rid}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rid)
}

pub struct ReportInput<'a> {
    pub panel: &'a str,
    pub summary: &'a str,
    /// (point number from 1, outcome, reasons)
    pub points: Vec<(i64, String, String)>,
}

/// The field names of one point's answer, shared by the page and the API errors.
pub fn point_field(point: i64, what: &str) -> String {
    format!("{what}-{point}")
}

/// The council says what it did with every point of a submitted advice, with reasons.
#[tracing::instrument(name = "consultations::report_back", level = "debug", skip_all)]
pub async fn report_back(
    app: &App,
    p: &Principal,
    id: i64,
    input: ReportInput<'_>,
) -> AppResult<()> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, f) = load(&mut tx.ex(), id).await?;
    rules::report_back(p, &f)?;
    let panel = zones::panel_by_slug(&mut tx.ex(), c.zone_id, input.panel.trim())
        .await?
        .ok_or_else(|| AppError::invalid("panel", "error-panel"))?;
    let advice = db::advice_of(&mut tx.ex(), id, panel.id)
        .await?
        .ok_or_else(|| AppError::invalid("panel", "error-panel"))?;
    if advice.status != AdviceStatus::Submitted.as_str() {
        return Err(AppError::Conflict(
            if advice.status == AdviceStatus::Reported.as_str() {
                "error-already-reported"
            } else {
                "error-advice-not-submitted"
            },
        ));
    }
    let text = db::current_text(&mut tx.ex(), advice.id)
        .await?
        .unwrap_or_default();
    let count = rules::points(&text).len() as i64;
    let mut e = FieldErrors::default();
    let summary = validate::optional(&mut e, "summary", Some(input.summary), validate::MAX_TEXT)
        .unwrap_or_default();
    let mut answers = vec![];
    for n in 1..=count {
        let given = input.points.iter().find(|(k, _, _)| *k == n);
        let outcome = given.and_then(|(_, o, _)| PointOutcome::parse(o.trim()));
        if outcome.is_none() {
            e.add(&point_field(n, "outcome"), "error-point-outcome");
        }
        let reasons = validate::required(
            &mut e,
            &point_field(n, "reasons"),
            given.map(|(_, _, r)| r.as_str()).unwrap_or(""),
            validate::MAX_TEXT,
        );
        answers.push((n, outcome, reasons));
    }
    if input.points.iter().any(|(k, _, _)| *k < 1 || *k > count) {
        e.add("points", "error-point-unknown");
    }
    e.into_result()?;
    if !db::mark_reported(&mut tx.ex(), advice.id, p.user_id, &summary, now).await? {
        return Err(AppError::Conflict("error-already-reported"));
    }
    for (n, outcome, reasons) in &answers {
        let outcome = outcome.expect("checked");
        db::add_report_point(&mut tx.ex(), advice.id, *n, outcome.as_str(), reasons).await?;
    }
    super::record(
&mut tx.ex(),
Recorded {
zone_id: c.zone_id,
subject: Subject::Consultation(id),
kind: EventKind::ReportedBack,
actor: Some(p.user_id),
at: now,
data: json!({
            "panel": advice.panel_id,
            "outcomes": answers.iter().map(|(n, o, _)| json!({"point": n, "outcome": o.map(|o| o.as_str())})).collect::<Vec<_>>(),
            "report_due": advice.report_due,
        }),
personal: Some(json!({
            "summary": summary,
            "reasons": answers.iter().map(|(_, _, r)| r.clone()).collect::<Vec<_>>(),
        })),
},
)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A panel turns one point of its submitted advice into an item of its own, in one step: the
/// item is submitted at once (the words were already submitted) and both timelines link.
#[tracing::instrument(name = "consultations::point_to_item", level = "debug", skip_all)]
pub async fn point_to_item(
    app: &App,
    p: &Principal,
    id: i64,
    panel_slug: &str,
    point: i64,
    title: Option<&str>,
) -> AppResult<(i64, String)> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let (c, advice) = advice_for_change(&mut tx, p, id, panel_slug).await?;
    if advice.status == AdviceStatus::Drafting.as_str() {
        return Err(AppError::Conflict("error-advice-not-submitted"));
    }
    let text = db::current_text(&mut tx.ex(), advice.id)
        .await?
        .unwrap_or_default();
    let points = rules::points(&text);
    let Some(words) = usize::try_from(point)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| points.get(i))
    else {
        return Err(AppError::invalid("point", "error-point-unknown"));
    };
    let mut e = FieldErrors::default();
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => validate::required(&mut e, "title", t, validate::MAX_TITLE),
        None => rules::title_from_point(words, 80),
    };
    e.into_result()?;
    let zone = zones::by_id(&mut tx.ex(), c.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (item_id, item_ref) = super::items::create_submitted_in(
        &mut tx.ex(),
        super::items::NewDraft {
            zone: &zone,
            panel_id: advice.panel_id,
            kind: ItemKind::Proposal,
            title: &title,
            text: words,
            heard_at: None,
            text_lang: "nl",
            author_id: p.user_id,
            now,
        },
    )
    .await?;
    if !db::link_item(&mut tx.ex(), item_id, advice.id, point).await? {
        return Err(AppError::Conflict("error-point-has-item"));
    }
    super::record(
&mut tx.ex(),
Recorded {
zone_id: c.zone_id,
subject: Subject::Item(item_id),
kind: EventKind::MadeFromAdvice,
actor: Some(p.user_id),
at: now,
data: json!({"consultation": c.id, "consultation_reference": c.reference, "panel": advice.panel_id, "point": point}),
personal: None,
},
)
    .await?;
    super::record(
&mut tx.ex(),
Recorded {
zone_id: c.zone_id,
subject: Subject::Consultation(id),
kind: EventKind::PointMadeItem,
actor: Some(p.user_id),
at: now,
data: json!({"panel": advice.panel_id, "point": point, "item": item_id, "item_reference": item_ref}),
personal: None,
},
)
    .await?;
    tx.commit().await?;
    Ok((item_id, item_ref))
}

#[tracing::instrument(name = "consultations::timeline", level = "debug", skip_all)]
pub async fn timeline(
    app: &App,
    p: &Principal,
    id: i64,
) -> AppResult<(Consultation, Vec<crate::db::events::TimelineRow>)> {
    let consultation = visible(app, p, id).await?;
    let mut c = app.db.conn().await?;
    let rows = crate::db::events::timeline(&mut c.ex(), "consultation", id).await?;
    Ok((consultation, rows))
}

/// Members of the zone's klankbordgroepen, to choose from when asking (panel slug, user, name).
#[tracing::instrument(name = "consultations::klankbord_people", level = "debug", skip_all)]
pub async fn klankbord_people(app: &App, zone_id: i64) -> AppResult<Vec<(String, i64, String)>> {
    let mut c = app.db.conn().await?;
    let mut out = vec![];
    for panel in zones::panels(&mut c.ex(), zone_id).await? {
        if PanelKind::parse(&panel.kind) != Some(PanelKind::Klankbordgroep) {
            continue;
        }
        for m in zones::panel_members(&mut c.ex(), panel.id).await? {
            out.push((panel.slug.clone(), m.user_id, m.display_name));
        }
    }
    Ok(out)
}

/// Marks advices whose report back is late, once each, as an event the zone sees (the keeper).
#[tracing::instrument(
    name = "consultations::mark_overdue_reports",
    level = "debug",
    skip_all
)]
pub async fn mark_overdue_reports(app: &App) -> AppResult<u64> {
    let now = app.clock.now();
    let today = brussels_date(now);
    let late = {
        let mut c = app.db.conn().await?;
        db::overdue_reports(&mut c.ex(), today).await?
    };
    let mut marked = 0;
    for (zone_id, consultation_id, advice_id, due) in late {
        let mut tx = app.db.begin().await?;
        if crate::db::agenda::mark_overdue(&mut tx.ex(), "advice", advice_id, "report", due, now)
            .await?
        {
            super::record(
&mut tx.ex(),
Recorded {
zone_id,
subject: Subject::Consultation(consultation_id),
kind: EventKind::ReportOverdue,
actor: None,
at: now,
data: json!({"deadline": "report", "advice": advice_id, "due": due, "overdue_since": due + Duration::days(1)}),
personal: None,
},
)
            .await?;
            tx.commit().await?;
            marked += 1;
        }
    }
    Ok(marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitees_are_read_per_line() {
        let mut e = FieldErrors::default();
        let got = parse_invitees(
            &mut e,
            "invite",
            "An Peeters, an@voorbeeld.be\n\nBert De Smet <BERT@voorbeeld.be>\nan@voorbeeld.be An",
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            got,
            vec![
                Invitee {
                    name: "An Peeters".into(),
                    email: "an@voorbeeld.be".into()
                },
                Invitee {
                    name: "Bert De Smet".into(),
                    email: "bert@voorbeeld.be".into()
                },
            ]
        );
        let mut e = FieldErrors::default();
        parse_invitees(&mut e, "invite", "Alleen een naam");
        assert_eq!(e.get("invite"), Some("error-invitee-line"));
        let mut e = FieldErrors::default();
        parse_invitees(&mut e, "invite", "zonder@naam.be");
        assert_eq!(e.get("invite"), Some("error-invitee-line"));
    }

    #[test]
    fn links_must_be_web_addresses() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_links(&mut e, "links", " https://a.be/x \n\nhttp://b.be"),
            "https://a.be/x\nhttp://b.be"
        );
        assert!(e.is_empty());
        parse_links(&mut e, "links", "javascript:alert(1)");
        assert_eq!(e.get("links"), Some("error-links"));
    }
}
