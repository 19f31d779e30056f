//! Who gets told what. `enqueue` runs inside the transaction that records an event, so the
//! notification rows (inbox and mail outbox) commit or roll back together with the event.
//!
//! Recipients of an item event: the item's panel members and co-signers; the zone's staff for
//! what they must act on; zone administrators for what is overdue; council members for items on
//! a meeting agenda. Never the person who acted, never anyone of another panel or zone. A new
//! signal: everyone who may triage it in its zone. What became of a signal: its sender, by mail.

use super::Recorded;
use crate::app::App;
use crate::db::notifications::{self as n, NewNotification};
use crate::db::{DbResult, Ex};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::{self, Principal, Role};
use crate::error::{AppError, AppResult};
use crate::secrets::new_token;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// What a person may choose per group of kinds.
pub const MODES: [&str; 3] = ["immediate", "digest", "inbox"];

/// Groups of kinds that can come by email, in the order the preferences page shows them.
pub const EMAIL_GROUPS: [&str; 10] = [
    "consultation",
    "acknowledgement",
    "clarification",
    "agenda",
    "minutes",
    "decision",
    "follow-up",
    "closure",
    "overdue",
    SIGNALS,
];

/// New signals, for the zone's triagers.
pub const SIGNALS: &str = "signals";
/// Mail to the sender of a signal about what became of it: no account, so no preference; the
/// sender can stop it with the link in every such mail.
pub const SENDER: &str = "signal-sender";

/// The mode of a group for someone who chose none. New signals come in a daily digest: a zone
/// gets them in bursts, and none of them is due the same day.
pub fn default_mode(group: &str) -> &'static str {
    if group == SIGNALS {
        "digest"
    } else {
        "immediate"
    }
}

/// Everything else: only in the inbox.
pub const ACTIVITY: &str = "activity";
/// Invitations and password resets: always sent at once, no preference.
pub const ACCOUNT: &str = "account";

/// The group an event kind belongs to.
pub fn group_of(kind: &str) -> &'static str {
    match kind {
        "acknowledged" => "acknowledgement",
        "clarification-requested" => "clarification",
        "scheduled" => "agenda",
        "minutes-recorded" => "minutes",
        "decided" | "decision-corrected" => "decision",
        "action-added" | "action-updated" => "follow-up",
        "closure-proposed" => "closure",
        "overdue" | "action-overdue" | "report-overdue" | "very-overdue" | "reminder" => "overdue",
        "clarification-reminder" => "clarification",
        "verdict-given" | "verdict-answered" => "decision",
        "consultation-asked" | "advice-submitted" | "reported-back" => "consultation",
        "signal-received" | "signal-recorded" => SIGNALS,
        "signal-adopted" | "signal-bundled" | "signal-answered" | "signal-set-aside" => SENDER,
        "invitation" | "password-reset" | "sign-in-link" | "digest" => ACCOUNT,
        _ => ACTIVITY,
    }
}

/// Who hears of an event, and whether by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Panel members and co-signers of the item.
    Panel,
    Staff,
    Admin,
    /// Council members, while the item is on a meeting agenda.
    Council,
    /// The council's chair, whatever the agenda.
    Chair,
}

/// Who hears of an event, and who of them by mail: one match over every kind, so a new kind
/// does not compile until it says.
enum Plan {
    Item(&'static [(Audience, bool)]),
    Consultation(&'static [(Asked, bool)]),
    /// On the timeline for whoever looks; nobody is told (a signal's own are in `enqueue_signal`).
    Nobody,
}

fn plan_of(kind: EventKind) -> Plan {
    use Asked::{Everyone, ThatPanel};
    use Audience::*;
    use EventKind as K;
    use Plan::{Consultation as C, Item as I};
    match kind {
        K::Created | K::DraftEdited | K::Cosigned | K::MadePublic | K::MadePrivate => {
            I(&[(Panel, false)])
        }
        K::Submitted
        | K::AddendumAdded
        | K::ClarificationAnswered
        | K::ClosureObjected
        | K::Withdrawn
        | K::Reopened
        | K::Closed
        | K::AutoClosed
        | K::ReactionAdded
        | K::OwnViewAdded => I(&[(Panel, false), (Staff, false)]),
        K::CommentAdded | K::MinutesCorrected => {
            I(&[(Panel, false), (Staff, false), (Council, false)])
        }
        K::MinutesConfirmed => I(&[(Panel, false), (Staff, false)]),
        K::Acknowledged
        | K::ClarificationRequested
        | K::ClosureProposed
        | K::ActionAdded
        | K::ActionUpdated => I(&[(Panel, true)]),
        K::Scheduled | K::MinutesRecorded => I(&[(Panel, true), (Council, false)]),
        K::Decided | K::DecisionCorrected => I(&[(Panel, true), (Staff, false), (Council, false)]),
        // The panel hears it by mail too, with what it can do (ask the chair, object, wait).
        K::Overdue => I(&[(Panel, true), (Staff, true), (Admin, true)]),
        K::ActionOverdue => I(&[(Panel, false), (Staff, true), (Admin, true)]),
        // Whoever owes the next step, ahead of its date.
        K::Reminder => I(&[(Staff, true)]),
        K::VeryOverdue => I(&[(Admin, true), (Chair, true), (Panel, false), (Staff, false)]),
        K::ClarificationReminder => I(&[(Panel, true)]),
        K::VerdictGiven => I(&[(Staff, true), (Chair, true), (Panel, false)]),
        K::VerdictAnswered => I(&[(Panel, true), (Staff, false)]),
        K::ConsultationAsked => C(&[(Everyone, true)]),
        K::ParticipantJoined => C(&[(Asked::Staff, false)]),
        K::AdviceSaved | K::AdviceNoteAdded | K::AdviceDissentAdded | K::PointMadeItem => {
            C(&[(ThatPanel, false)])
        }
        K::ConsultationReactionAdded => C(&[
            (Everyone, false),
            (Asked::Staff, false),
            (Asked::Council, false),
        ]),
        K::AdviceSubmitted => C(&[
            (Asked::Staff, true),
            (Asked::Council, true),
            (ThatPanel, false),
        ]),
        K::ReportedBack => C(&[
            (ThatPanel, true),
            (Asked::Staff, false),
            (Asked::Council, false),
        ]),
        K::ReportOverdue => C(&[
            (Asked::Staff, true),
            (Asked::Admin, true),
            (ThatPanel, false),
        ]),
        // A printed letter is already in the panel's hands; a link or an erasure changes nothing
        // anyone must act on; the invitation to a consultation is its own mail (`accounts`).
        K::LetterPrinted
        | K::MadeFromAdvice
        | K::SignalLinked
        | K::WordsErased
        | K::PersonalDataRemoved
        | K::ParticipantInvited => Plan::Nobody,
        K::SignalReceived
        | K::SignalRecorded
        | K::SignalAdopted
        | K::SignalBundled
        | K::SignalAnswered
        | K::SignalSetAside => Plan::Nobody,
        K::ZoneCreated
        | K::PanelCreated
        | K::MemberJoined
        | K::InvitationCreated
        | K::SettingsChanged
        | K::ClosingDayAdded
        | K::ClosingDayRemoved
        | K::ChairChanged
        | K::PersonErased
        | K::MeetingPlanned
        | K::MeetingHeld => Plan::Nobody,
    }
}

fn plan(kind: EventKind) -> &'static [(Audience, bool)] {
    match plan_of(kind) {
        Plan::Item(who) => who,
        Plan::Consultation(_) | Plan::Nobody => &[],
    }
}

fn consultation_plan(kind: EventKind) -> &'static [(Asked, bool)] {
    match plan_of(kind) {
        Plan::Consultation(who) => who,
        Plan::Item(_) | Plan::Nobody => &[],
    }
}

/// The facts a message may show (dates, outcome, meeting time): never people's words.
fn detail_of(kind: &str, data: &Value) -> Value {
    let keep: &[&str] = match kind {
        "acknowledged" | "reopened" | "clarification-answered" => &["due"],
        "scheduled" => &["meeting", "meeting_at"],
        "minutes-recorded" => &["meeting"],
        "decided" | "decision-corrected" => &["outcome", "review_date"],
        "action-added" => &["due"],
        "action-updated" => &["percent", "action_status"],
        "closure-proposed" => &["closes_on"],
        "overdue" | "action-overdue" | "reminder" | "very-overdue" => &["deadline", "due"],
        "verdict-given" => &["verdict"],
        "consultation-asked" => &["advice_due"],
        "advice-submitted" => &["report_due"],
        "report-overdue" => &["due"],
        _ => &[],
    };
    let mut m = Map::new();
    for k in keep {
        if let Some(v) = data.get(*k).filter(|v| !v.is_null()) {
            m.insert(k.to_string(), v.clone());
        }
    }
    Value::Object(m)
}

fn status_for_mode(mode: &str) -> &'static str {
    match mode {
        "digest" => n::DIGEST,
        "inbox" => n::SKIPPED,
        _ => n::PENDING,
    }
}

/// Who of an item's zone hears of `kind`: (user id, by email). Sorted, without the actor.
#[tracing::instrument(name = "notify::recipients", level = "debug", skip_all)]
pub(crate) async fn recipients(
    ex: &mut Ex<'_>,
    item: &n::ItemBrief,
    kind: EventKind,
    actor_id: Option<i64>,
) -> DbResult<Vec<(i64, bool)>> {
    let audience = n::item_audience(ex, item).await?;
    let ids = |keep: &dyn Fn(&n::AudienceRow) -> bool| -> Vec<i64> {
        audience
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.user_id)
            .collect()
    };
    let role = |name: &'static str| move |r: &n::AudienceRow| r.source == name;
    let mut out: Vec<(i64, bool)> = vec![];
    for &(aud, email) in plan(kind) {
        let who = match aud {
            Audience::Panel => ids(&n::AudienceRow::through_item),
            Audience::Staff => ids(&role("staff")),
            Audience::Admin => ids(&role("admin")),
            Audience::Council if item.meeting_id.is_some() => ids(&role("council")),
            Audience::Council => continue,
            Audience::Chair => ids(&|r| r.source == "council" && r.chair),
        };
        add_recipients(&mut out, who, email);
    }
    // Co-signers could in principle have left the zone: keep only people of this zone.
    let in_zone: std::collections::HashSet<i64> = audience
        .iter()
        .filter(|r| !r.through_item())
        .map(|r| r.user_id)
        .collect();
    out.retain(|(u, _)| Some(*u) != actor_id && in_zone.contains(u));
    out.sort_unstable();
    Ok(out)
}

/// Writes the notifications for one event (the hook in `service::record`).
#[tracing::instrument(name = "notify::enqueue", level = "debug", skip_all)]
pub(crate) async fn enqueue(ex: &mut Ex<'_>, e: &super::Recorded, seq: i64) -> DbResult<()> {
    let (zone_id, subject_id, kind) = (e.zone_id, e.subject.id(), e.kind);
    let event = EventRef {
        zone_id,
        seq,
        subject_type: e.subject.type_str(),
        subject_id,
        kind: kind.as_str(),
        at: e.at,
    };
    match e.subject {
        Subject::Consultation(id) => {
            enqueue_consultation(ex, zone_id, id, kind, e.actor, seq, e.at, &e.data).await
        }
        Subject::Signal(_) => enqueue_signal(ex, &event, e.actor).await,
        Subject::Item(id) => {
            let Some(item) = n::item_brief(ex, id).await? else {
                return Ok(());
            };
            if item.zone_id != zone_id {
                return Ok(());
            }
            let detail = detail_of(kind.as_str(), &e.data).to_string();
            let who = recipients(ex, &item, kind, e.actor).await?;
            deliver(ex, &event, &detail, who).await
        }
        Subject::Zone(_) | Subject::Meeting(_) => Ok(()),
    }
}

/// Who hears of a consultation event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// Everyone asked, in every asked panel.
    Everyone,
    /// The people asked through the panel the event is about (`data.panel`).
    ThatPanel,
    Staff,
    Council,
    Admin,
}

/// The people a consultation asks through one panel: a klankbordgroep's people chosen for this
/// question, or every member of another panel.
async fn asked_in_panel(
    ex: &mut Ex<'_>,
    consultation_id: i64,
    panel_id: i64,
) -> DbResult<Vec<i64>> {
    let klankbord = crate::db::zones::panel_by_id(ex, panel_id)
        .await?
        .is_some_and(|p| p.kind == policy::PanelKind::Klankbordgroep.as_str());
    if klankbord {
        Ok(crate::db::consultations::participants(ex, consultation_id)
            .await?
            .into_iter()
            .filter(|p| p.panel_id == panel_id)
            .map(|p| p.user_id)
            .collect())
    } else {
        n::panel_member_ids(ex, panel_id).await
    }
}

#[allow(clippy::too_many_arguments)]
async fn enqueue_consultation(
    ex: &mut Ex<'_>,
    zone_id: i64,
    consultation_id: i64,
    kind: EventKind,
    actor_id: Option<i64>,
    seq: i64,
    at: DateTime<Utc>,
    data: &Value,
) -> DbResult<()> {
    let mut out: Vec<(i64, bool)> = vec![];
    let mut add = |ids: Vec<i64>, email: bool| add_recipients(&mut out, ids, email);
    for &(who, email) in consultation_plan(kind) {
        match who {
            Asked::Everyone => {
                for p in crate::db::consultations::panels(ex, consultation_id).await? {
                    add(
                        asked_in_panel(ex, consultation_id, p.panel_id).await?,
                        email,
                    );
                }
            }
            Asked::ThatPanel => {
                if let Some(panel) = data.get("panel").and_then(Value::as_i64) {
                    add(asked_in_panel(ex, consultation_id, panel).await?, email);
                }
            }
            Asked::Staff => add(n::zone_role_ids(ex, zone_id, "staff").await?, email),
            Asked::Council => add(n::zone_role_ids(ex, zone_id, "council").await?, email),
            Asked::Admin => add(n::zone_role_ids(ex, zone_id, "admin").await?, email),
        }
    }
    out.retain(|(u, _)| Some(*u) != actor_id);
    out.sort_unstable();
    let event = EventRef {
        zone_id,
        seq,
        subject_type: "consultation",
        subject_id: consultation_id,
        kind: kind.as_str(),
        at,
    };
    deliver(ex, &event, &detail_of(kind.as_str(), data).to_string(), out).await
}

/// A new signal reaches whoever may triage it (the zone's panel members, staff, council and
/// administrators; see `policy::signals`); what became of a signal reaches its sender, once per
/// outcome, when they left an e-mail address.
async fn enqueue_signal(ex: &mut Ex<'_>, e: &EventRef<'_>, actor_id: Option<i64>) -> DbResult<()> {
    match group_of(e.kind) {
        SIGNALS => {
            let mut out: Vec<(i64, bool)> = vec![];
            add_recipients(
                &mut out,
                n::zone_panel_member_ids(ex, e.zone_id).await?,
                true,
            );
            for role in ["staff", "council", "admin"] {
                add_recipients(&mut out, n::zone_role_ids(ex, e.zone_id, role).await?, true);
            }
            let zone_people = n::zone_people(ex, e.zone_id).await?;
            out.retain(|(u, _)| Some(*u) != actor_id && zone_people.contains(u));
            out.sort_unstable();
            deliver(ex, e, "{}", out).await
        }
        SENDER => mail_sender(ex, e).await,
        _ => Ok(()),
    }
}

/// Queues the mail to a signal's sender, in the transaction of the triage step. The mail carries
/// a follow link of its own: the one from the thank-you page exists only as a hash.
async fn mail_sender(ex: &mut Ex<'_>, e: &EventRef<'_>) -> DbResult<()> {
    let Some(signal) = crate::db::signals::get(ex, e.subject_id).await? else {
        return Ok(());
    };
    let Some(address) = signal
        .contact
        .as_deref()
        .filter(|c| signal.may_contact && crate::domain::signals::is_email(c))
    else {
        return Ok(());
    };
    // None: the sender asked for no more mail about this signal.
    if crate::db::signals::mail_token(ex, signal.id, &new_token(), e.at)
        .await?
        .is_none()
    {
        return Ok(());
    }
    let follow = new_token();
    crate::db::signals::add_follow_link(ex, signal.id, &crate::secrets::token_hash(&follow), e.at)
        .await?;
    n::insert(
        ex,
        NewNotification {
            user_id: None,
            email: Some(address.trim()),
            zone_id: Some(e.zone_id),
            event_seq: Some(e.seq),
            subject_type: "signal",
            subject_id: signal.id,
            kind: e.kind,
            kind_group: SENDER,
            detail: &json!({"reference": signal.reference}).to_string(),
            secret_link: Some(&format!("/signals/{follow}")),
            in_inbox: false,
            email_status: n::PENDING,
            now: e.at,
        },
    )
    .await?;
    Ok(())
}

/// Adds people to a recipient list; someone already on it by inbox gets email if `email`.
fn add_recipients(out: &mut Vec<(i64, bool)>, ids: Vec<i64>, email: bool) {
    for id in ids {
        match out.iter_mut().find(|(u, _)| *u == id) {
            Some(e) => e.1 |= email,
            None => out.push((id, email)),
        }
    }
}

/// The event a notification is about.
struct EventRef<'a> {
    zone_id: i64,
    seq: i64,
    subject_type: &'a str,
    subject_id: i64,
    kind: &'a str,
    at: DateTime<Utc>,
}

/// Writes one inbox notification per recipient, by email when they asked for it.
async fn deliver(
    ex: &mut Ex<'_>,
    e: &EventRef<'_>,
    detail: &str,
    recipients: Vec<(i64, bool)>,
) -> DbResult<()> {
    let group = group_of(e.kind);
    let by_email: Vec<i64> = recipients
        .iter()
        .filter(|(_, email)| *email && group != ACTIVITY)
        .map(|(u, _)| *u)
        .collect();
    let modes = n::preferences_of(ex, &by_email, group).await?;
    let rows: Vec<(i64, &'static str)> = recipients
        .iter()
        .map(|(user_id, email)| {
            let status = if *email && group != ACTIVITY {
                status_for_mode(
                    modes
                        .get(user_id)
                        .map_or(default_mode(group), String::as_str),
                )
            } else {
                n::SKIPPED
            };
            (*user_id, status)
        })
        .collect();
    n::insert_inbox_many(
        ex,
        e.zone_id,
        e.seq,
        e.subject_type,
        e.subject_id,
        e.kind,
        group,
        detail,
        e.at,
        &rows,
    )
    .await
}

/// The invitation mail, queued in the transaction that creates the invitation. The link carries
/// the invitation's secret; it is emptied once the mail is sent.
#[tracing::instrument(name = "notify::invitation", level = "debug", skip_all)]
pub(crate) async fn invitation(
    ex: &mut Ex<'_>,
    zone_id: i64,
    invitation_id: i64,
    email: &str,
    accept_path: &str,
    at: DateTime<Utc>,
) -> DbResult<i64> {
    n::insert(
        ex,
        NewNotification {
            user_id: None,
            email: Some(email),
            zone_id: Some(zone_id),
            event_seq: None,
            subject_type: "invitation",
            subject_id: invitation_id,
            kind: "invitation",
            kind_group: ACCOUNT,
            detail: "{}",
            secret_link: Some(accept_path),
            in_inbox: false,
            email_status: n::PENDING,
            now: at,
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Inbox

pub struct InboxEntry {
    pub row: n::InboxRow,
    pub link: String,
}

/// Where a notification leads: the item's timeline entry.
pub fn link_of(subject_type: &str, subject_id: i64, seq: Option<i64>) -> String {
    match (subject_type, seq) {
        ("item", Some(s)) => format!("/items/{subject_id}/timeline#event-{s}"),
        ("item", None) => format!("/items/{subject_id}"),
        ("consultation", Some(s)) => format!("/consultations/{subject_id}/timeline#event-{s}"),
        ("consultation", None) => format!("/consultations/{subject_id}"),
        ("signal", _) => format!("/signals/id/{subject_id}"),
        _ => "/".into(),
    }
}

#[tracing::instrument(name = "notify::inbox", level = "debug", skip_all)]
pub async fn inbox(app: &App, p: &Principal, unread_only: bool) -> AppResult<Vec<InboxEntry>> {
    let mut c = app.db.conn().await?;
    let rows = n::inbox(&mut c.ex(), p.user_id, unread_only, 200).await?;
    Ok(rows
        .into_iter()
        .map(|row| InboxEntry {
            link: link_of(&row.subject_type, row.subject_id, row.event_seq),
            row,
        })
        .collect())
}

#[tracing::instrument(name = "notify::unread_count", level = "debug", skip_all)]
pub async fn unread_count(app: &App, user_id: i64) -> AppResult<i64> {
    let mut c = app.db.conn().await?;
    Ok(n::unread_count(&mut c.ex(), user_id).await?)
}

/// Marks one of the person's own notifications read; 404 for anyone else's.
/// Every message about one item (or consultation) read at once: whoever opens one has seen the
/// item as it stands.
#[tracing::instrument(name = "notify::mark_subject_read", level = "debug", skip_all)]
pub async fn mark_subject_read(
    app: &App,
    p: &Principal,
    subject_type: &str,
    subject_id: i64,
) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    n::mark_subject_read(
        &mut tx.ex(),
        p.user_id,
        subject_type,
        subject_id,
        app.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(name = "notify::mark_read", level = "debug", skip_all)]
pub async fn mark_read(app: &App, p: &Principal, id: i64) -> AppResult<InboxEntry> {
    let mut tx = app.db.begin().await?;
    if !n::mark_read(&mut tx.ex(), p.user_id, id, app.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    let row = n::inbox_entry(&mut tx.ex(), p.user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(InboxEntry {
        link: link_of(&row.subject_type, row.subject_id, row.event_seq),
        row,
    })
}

#[tracing::instrument(name = "notify::mark_all_read", level = "debug", skip_all)]
pub async fn mark_all_read(app: &App, p: &Principal) -> AppResult<u64> {
    let mut tx = app.db.begin().await?;
    let k = n::mark_all_read(&mut tx.ex(), p.user_id, app.clock.now()).await?;
    tx.commit().await?;
    Ok(k)
}

// ---------------------------------------------------------------------------------------------
// Preferences

/// The person's mode for every email group (defaults filled in).
#[tracing::instrument(name = "notify::preferences", level = "debug", skip_all)]
pub async fn preferences(app: &App, user_id: i64) -> AppResult<Vec<(&'static str, String)>> {
    let mut c = app.db.conn().await?;
    let stored = n::preferences(&mut c.ex(), user_id).await?;
    Ok(EMAIL_GROUPS
        .iter()
        .map(|g| {
            let mode = stored
                .iter()
                .find(|p| p.kind_group == *g)
                .map(|p| p.mode.clone())
                .unwrap_or_else(|| default_mode(g).into());
            (*g, mode)
        })
        .collect())
}

async fn set_one(
    ex: &mut Ex<'_>,
    user_id: i64,
    group: &str,
    mode: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    n::set_preference(ex, user_id, group, mode, now).await?;
    n::restate_waiting(ex, user_id, group, status_for_mode(mode)).await?;
    Ok(())
}

/// Sets several groups at once; unknown groups or modes: 422, nothing changes.
#[tracing::instrument(name = "notify::set_preferences", level = "debug", skip_all)]
pub async fn set_preferences(
    app: &App,
    user_id: i64,
    changes: &[(String, String)],
) -> AppResult<()> {
    let mut e = crate::domain::validate::FieldErrors::default();
    for (g, m) in changes {
        if !EMAIL_GROUPS.contains(&g.as_str()) {
            e.add(g, "error-notify-group");
        } else if !MODES.contains(&m.as_str()) {
            e.add(g, "error-notify-mode");
        }
    }
    e.into_result()?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    for (g, m) in changes {
        set_one(&mut tx.ex(), user_id, g, m, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The one-click unsubscribe token of a person for a group (made on first use).
#[tracing::instrument(name = "notify::unsubscribe_token", level = "debug", skip_all)]
pub(crate) async fn unsubscribe_token(
    ex: &mut Ex<'_>,
    user_id: i64,
    group: &str,
    now: DateTime<Utc>,
) -> DbResult<String> {
    if let Some(t) = n::unsubscribe_token(ex, user_id, group).await? {
        return Ok(t);
    }
    n::add_unsubscribe_token(ex, &new_token(), user_id, group, now).await?;
    Ok(n::unsubscribe_token(ex, user_id, group)
        .await?
        .unwrap_or_default())
}

/// What an unsubscribe link would switch off.
#[tracing::instrument(name = "notify::unsubscribe_target", level = "debug", skip_all)]
pub async fn unsubscribe_target(app: &App, token: &str) -> AppResult<n::UnsubscribeTarget> {
    let mut c = app.db.conn().await?;
    n::unsubscribe_target(&mut c.ex(), token.trim())
        .await?
        .ok_or(AppError::NotFound)
}

/// One click: that one group goes to inbox only. Nothing else changes.
#[tracing::instrument(name = "notify::unsubscribe", level = "debug", skip_all)]
pub async fn unsubscribe(app: &App, token: &str) -> AppResult<n::UnsubscribeTarget> {
    let target = unsubscribe_target(app, token).await?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if target.kind_group == "digest" {
        // The daily digest: whatever now comes in it stays in the inbox only (groups in the
        // digest by default too).
        let stored = n::preferences(&mut tx.ex(), target.user_id).await?;
        let in_digest: Vec<&str> = EMAIL_GROUPS
            .into_iter()
            .filter(|g| {
                stored
                    .iter()
                    .find(|p| p.kind_group == *g)
                    .map_or(default_mode(g), |p| p.mode.as_str())
                    == "digest"
            })
            .collect();
        for g in in_digest {
            set_one(&mut tx.ex(), target.user_id, g, "inbox", now).await?;
        }
    } else {
        set_one(
            &mut tx.ex(),
            target.user_id,
            &target.kind_group,
            "inbox",
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(target)
}

// ---------------------------------------------------------------------------------------------
// Mail that failed, for zone administrators

#[tracing::instrument(name = "notify::failed_mail", level = "debug", skip_all)]
pub async fn failed_mail(app: &App, p: &Principal, zone_id: i64) -> AppResult<Vec<n::FailedRow>> {
    policy::manage_zone(p, zone_id)?;
    let mut c = app.db.conn().await?;
    Ok(n::failed_in_zone(&mut c.ex(), zone_id).await?)
}

#[tracing::instrument(name = "notify::retry_failed", level = "debug", skip_all)]
pub async fn retry_failed(app: &App, p: &Principal, zone_id: i64, id: i64) -> AppResult<()> {
    policy::manage_zone(p, zone_id)?;
    let mut tx = app.db.begin().await?;
    if !n::retry_failed(&mut tx.ex(), zone_id, id, app.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Printed letters

/// Staff of the item's zone only.
fn require_staff(p: &Principal, zone_id: i64) -> AppResult<()> {
    policy::view_zone(p, zone_id)?;
    if p.has_role(zone_id, Role::Staff) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[tracing::instrument(name = "notify::recent_for_letters", level = "debug", skip_all)]
pub async fn recent_for_letters(
    app: &App,
    p: &Principal,
    zone_id: i64,
) -> AppResult<Vec<n::ZoneNotice>> {
    if require_staff(p, zone_id).is_err() {
        return Ok(vec![]);
    }
    let mut c = app.db.conn().await?;
    Ok(n::recent_panel_notices(&mut c.ex(), zone_id, 50).await?)
}

/// The same message as a letter, for a panel member without email. The item's timeline records
/// that it was printed and by whom.
#[tracing::instrument(name = "notify::print_letter", level = "debug", skip_all)]
pub async fn print_letter(
    app: &App,
    p: &Principal,
    item_id: i64,
    seq: i64,
    person_id: i64,
) -> AppResult<n::ZoneNotice> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = n::item_brief(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_staff(p, item.zone_id)?;
    let notice = n::panel_notice(&mut tx.ex(), item_id, seq, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(item_id),
            kind: EventKind::LetterPrinted,
            actor: Some(p.user_id),
            at: now,
            data: json!({"event": seq, "notification": notice.id, "for": person_id}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(notice)
}
