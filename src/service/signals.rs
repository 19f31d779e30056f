//! Open intake: signals from people outside the panel. Anyone brings one in without an account
//! (rate-limited, with a honeypot on the form); a panel member or staff member records one heard
//! elsewhere on someone's behalf; the zone triages them into items, answers them, or sets them
//! aside with a reason. Every step is an event on the signal's own timeline.

use super::Recorded;
use crate::app::App;
use crate::db::events::{self, TimelineRow};
use crate::db::items::{self as item_db, Item};
use crate::db::signals::{self as db, NewSignal, Signal, TriageChange};
use crate::db::zones::{self, Panel, Zone};
use crate::domain::clock::brussels_date;
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::lifecycle::{ItemKind, Status};
use crate::domain::paging::Paged;
use crate::domain::policy::{self, Principal, Role};
use crate::domain::signals::{self as rules, SignalStatus, Triage, TriageError};
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use crate::service::items::{self as item_service, ItemInput};
use crate::service::throttle;
use chrono::Datelike;
use serde::Deserialize;
use serde_json::json;

/// The field a form's honeypot is reported under. The pages show its message without a link,
/// as the field itself is hidden.
pub const HONEYPOT_FIELD: &str = "honeypot";
/// Signals per page in lists.
pub const PER_PAGE: i64 = 50;

impl From<TriageError> for AppError {
    fn from(e: TriageError) -> Self {
        match e {
            TriageError::AlreadyInItem => AppError::Conflict("error-signal-in-item"),
            TriageError::AlreadyAnswered => AppError::Conflict("error-signal-answered"),
        }
    }
}

/// What the public form and the anonymous API send.
pub struct PublicInput<'a> {
    pub text: &'a str,
    pub contact: Option<&'a str>,
    pub relation: Option<&'a str>,
    /// The language of the text (nl, fr, en); Dutch when left out.
    pub lang: Option<&'a str>,
    /// The form's trap field: people never see it, so it stays empty. `None` on the API.
    pub honeypot: Option<&'a str>,
    /// "web" or "api", kept on the timeline.
    pub via: &'static str,
}

/// What a supporter (brugfiguur) records on someone's behalf.
pub struct RecordInput<'a> {
    pub text: &'a str,
    pub contact: Option<&'a str>,
    pub relation: Option<&'a str>,
    /// "Gehoord bij": where the supporter heard it.
    pub heard_at: Option<&'a str>,
    /// The person's name, if they want it known to the zone. Personal data.
    pub person_name: Option<&'a str>,
    /// Whether the person agreed to be contacted.
    pub may_contact: bool,
    pub lang: Option<&'a str>,
}

/// A stored signal and its private follow token (shown once, then only its hash is kept).
pub struct Brought {
    pub signal: Signal,
    pub token: String,
}

struct Checked {
    text: String,
    contact: Option<String>,
    relation: Option<&'static str>,
}

fn check(
    e: &mut FieldErrors,
    text: &str,
    contact: Option<&str>,
    relation: Option<&str>,
) -> Checked {
    Checked {
        text: rules::text(e, "text", text),
        contact: rules::contact(e, "contact", contact),
        relation: rules::relation(e, "relation", relation).map(|r| r.as_str()),
    }
}

/// Anyone brings in a signal for a zone. A filled-in honeypot or bad input: 422 and nothing is
/// stored; too many from this client or for this zone: 429 and nothing is stored.
#[tracing::instrument(name = "signals::bring_in", level = "debug", skip_all)]
pub async fn bring_in(
    app: &App,
    zone_code: &str,
    input: PublicInput<'_>,
    client: &str,
) -> AppResult<Brought> {
    let zone = super::zones::named(app, zone_code).await?;
    // The trap alone decides: a script that filled it gets no hint about the other fields, and
    // a person whose browser filled it gets one clear message and their text back.
    if input.honeypot.is_some_and(|h| !h.trim().is_empty()) {
        return Err(AppError::invalid(HONEYPOT_FIELD, "error-signal-honeypot"));
    }
    let mut e = FieldErrors::default();
    let c = check(&mut e, input.text, input.contact, input.relation);
    e.into_result()?;
    let now = app.clock.now();
    let token = new_token();
    let year = brussels_date(now).year() as i64;
    let mut tx = app.db.begin().await?;
    // Only what would be stored counts against the limits (in this transaction: a signal that is
    // not stored gives its place back), so a person correcting a mistake is never throttled for
    // it. The client's limit first: one noisy client must not use up the zone's ceiling. Both are
    // counted in the database, so several instances count together.
    for (key, rate) in [
        (
            format!("signal-client:{client}"),
            throttle::Rate::SIGNALS_PER_CLIENT,
        ),
        (
            format!("signal-zone:{}", zone.id),
            throttle::Rate::SIGNALS_PER_ZONE,
        ),
    ] {
        if let Err(wait) = throttle::take(&mut tx.ex(), &key, rate, now).await? {
            tracing::warn!(zone = %zone.code, "signal throttled");
            return Err(AppError::TooManyRequests(throttle::seconds(wait)));
        }
    }
    let number = db::next_number(&mut tx.ex(), zone.id, year).await?;
    let reference = rules::signal_reference(&zone.code, year as i32, number);
    let id = db::insert(
        &mut tx.ex(),
        NewSignal {
            zone_id: zone.id,
            reference: &reference,
            body: &c.text,
            text_lang: crate::i18n::I18n::normalize(input.lang.unwrap_or("nl")),
            contact: c.contact.as_deref(),
            person_name: None,
            relation: c.relation,
            heard_at: None,
            // Someone who leaves contact details asks to hear back.
            may_contact: c.contact.is_some(),
            recorded_by: None,
            token_hash: &token_hash(&token),
            now,
        },
    )
    .await?;
    super::record(
&mut tx.ex(),
Recorded {
zone_id: zone.id,
subject: Subject::Signal(id),
kind: EventKind::SignalReceived,
actor: None,
at: now,
data: json!({"reference": reference, "status": SignalStatus::New.as_str(), "via": input.via}),
personal: Some(json!({"text": c.text, "contact": c.contact, "relation": c.relation})),
},
)
    .await?;
    let signal = db::get(&mut tx.ex(), id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Brought { signal, token })
}

/// A panel member or staff member records a signal heard elsewhere. The person stays the
/// author (their words, optionally their name); the recorder is named as the one who entered it.
#[tracing::instrument(name = "signals::record_for", level = "debug", skip_all)]
pub async fn record_for(
    app: &App,
    p: &Principal,
    zone_code: &str,
    input: RecordInput<'_>,
) -> AppResult<Brought> {
    let zone = super::zones::named(app, zone_code).await?;
    policy::signals(p, zone.id)?;
    let mut e = FieldErrors::default();
    let c = check(&mut e, input.text, input.contact, input.relation);
    let heard_at = validate::optional(&mut e, "heard_at", input.heard_at, validate::MAX_TITLE);
    let person_name = validate::optional_name(&mut e, "person_name", input.person_name);
    // Contact details without consent are not kept at all.
    if c.contact.is_some() && !input.may_contact {
        e.add("may_contact", "error-signal-consent");
    }
    e.into_result()?;
    let now = app.clock.now();
    let token = new_token();
    let year = brussels_date(now).year() as i64;
    let mut tx = app.db.begin().await?;
    let number = db::next_number(&mut tx.ex(), zone.id, year).await?;
    let reference = rules::signal_reference(&zone.code, year as i32, number);
    let id = db::insert(
        &mut tx.ex(),
        NewSignal {
            zone_id: zone.id,
            reference: &reference,
            body: &c.text,
            text_lang: crate::i18n::I18n::normalize(input.lang.unwrap_or("nl")),
            contact: c.contact.as_deref(),
            person_name: person_name.as_deref(),
            relation: c.relation,
            heard_at: heard_at.as_deref(),
            may_contact: input.may_contact,
            recorded_by: Some(p.user_id),
            token_hash: &token_hash(&token),
            now,
        },
    )
    .await?;
    super::record(
&mut tx.ex(),
Recorded {
zone_id: zone.id,
subject: Subject::Signal(id),
kind: EventKind::SignalRecorded,
actor: Some(p.user_id),
at: now,
data: json!({"reference": reference, "status": SignalStatus::New.as_str(), "may_contact": input.may_contact}),
personal: Some(json!({"text": c.text, "contact": c.contact, "relation": c.relation,
                    "heard_at": heard_at, "person_name": person_name})),
},
)
    .await?;
    let signal = db::get(&mut tx.ex(), id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Brought { signal, token })
}

/// The sender's view: their own signal through its private link, and its timeline. A token that
/// is malformed or unknown is simply not found.
#[tracing::instrument(name = "signals::follow", level = "debug", skip_all)]
pub async fn follow(app: &App, token: &str) -> AppResult<(Signal, Vec<TimelineRow>)> {
    if !rules::is_token(token) {
        return Err(AppError::NotFound);
    }
    let mut c = app.db.conn().await?;
    let s = db::by_token_hash(&mut c.ex(), &token_hash(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = events::timeline(&mut c.ex(), "signal", s.id).await?;
    Ok((s, rows))
}

/// The signal an unsubscribe link in a mail to its sender is about (404 for an unknown link).
#[tracing::instrument(name = "signals::mail_unsubscribe_target", level = "debug", skip_all)]
pub async fn mail_unsubscribe_target(app: &App, token: &str) -> AppResult<Signal> {
    if !rules::is_token(token) {
        return Err(AppError::NotFound);
    }
    let mut c = app.db.conn().await?;
    db::by_mail_token(&mut c.ex(), token)
        .await?
        .ok_or(AppError::NotFound)
}

/// One click: no more mail to the sender about this signal, including mail not sent yet. The
/// follow link keeps working.
#[tracing::instrument(name = "signals::mail_unsubscribe", level = "debug", skip_all)]
pub async fn mail_unsubscribe(app: &App, token: &str) -> AppResult<Signal> {
    let s = mail_unsubscribe_target(app, token).await?;
    let mut tx = app.db.begin().await?;
    db::stop_mail(&mut tx.ex(), s.id, app.clock.now()).await?;
    tx.commit().await?;
    Ok(s)
}

/// A signal as the zone sees it (404 for anyone without standing in its zone).
#[tracing::instrument(name = "signals::visible", level = "debug", skip_all)]
pub async fn visible(app: &App, p: &Principal, id: i64) -> AppResult<Signal> {
    let mut c = app.db.conn().await?;
    let s = db::get(&mut c.ex(), id).await?.ok_or(AppError::NotFound)?;
    policy::signals(p, s.zone_id)?;
    Ok(s)
}

#[tracing::instrument(name = "signals::detail", level = "debug", skip_all)]
pub async fn detail(app: &App, p: &Principal, id: i64) -> AppResult<(Signal, Vec<TimelineRow>)> {
    let s = visible(app, p, id).await?;
    let mut c = app.db.conn().await?;
    let rows = events::timeline(&mut c.ex(), "signal", id).await?;
    Ok((s, rows))
}

/// The zone's signals for its triagers: newest first, optionally in one state, 50 a page.
#[tracing::instrument(name = "signals::list", level = "debug", skip_all)]
pub async fn list(
    app: &App,
    p: &Principal,
    zone_code: &str,
    status: Option<&str>,
    page: i64,
) -> AppResult<(Zone, Paged<Signal>)> {
    let zone = super::zones::named(app, zone_code).await?;
    policy::signals(p, zone.id)?;
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            SignalStatus::parse(s).ok_or_else(|| AppError::invalid("status", "error-status"))?,
        ),
        None => None,
    };
    let mut c = app.db.conn().await?;
    let list = db::list(
        &mut c.ex(),
        zone.id,
        status.map(|s| s.as_str()),
        PER_PAGE + 1,
        crate::domain::paging::offset(page, PER_PAGE),
    )
    .await?;
    let total = db::count(&mut c.ex(), zone.id, status.map(|s| s.as_str())).await?;
    Ok((zone, Paged::from_read(list, page, PER_PAGE, total)))
}

/// How many signals wait for triage, for someone who may triage them (None otherwise).
#[tracing::instrument(name = "signals::waiting", level = "debug", skip_all)]
pub async fn waiting(app: &App, p: &Principal, zone_id: i64) -> AppResult<Option<i64>> {
    if policy::signals(p, zone_id).is_err() {
        return Ok(None);
    }
    let mut c = app.db.conn().await?;
    Ok(Some(
        db::count_in_state(&mut c.ex(), zone_id, SignalStatus::New).await?,
    ))
}

/// The signals taken up in an item, for those who may see the zone's signals (empty otherwise).
#[tracing::instrument(name = "signals::of_item", level = "debug", skip_all)]
pub async fn of_item(app: &App, p: &Principal, item: &Item) -> AppResult<Vec<Signal>> {
    if policy::signals(p, item.zone_id).is_err() {
        return Ok(vec![]);
    }
    let mut c = app.db.conn().await?;
    Ok(db::of_item(&mut c.ex(), item.id).await?)
}

/// The panels this person may adopt a signal into: their own panels of the zone; every panel of
/// the zone for its staff.
#[tracing::instrument(name = "signals::adopt_panels", level = "debug", skip_all)]
pub async fn adopt_panels(app: &App, p: &Principal, zone_id: i64) -> AppResult<Vec<Panel>> {
    let mut c = app.db.conn().await?;
    Ok(zones::panels(&mut c.ex(), zone_id)
        .await?
        .into_iter()
        .filter(|panel| policy::adopt_signal_into(p, zone_id, panel.id).is_ok())
        .collect())
}

/// The item states a signal can be bundled into: submitted and not withdrawn.
fn bundle_states() -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|s| !s.is_draft() && *s != Status::Withdrawn)
        .collect()
}

/// Items of the zone a signal can be bundled into, newest first.
#[tracing::instrument(name = "signals::bundle_candidates", level = "debug", skip_all)]
pub async fn bundle_candidates(app: &App, zone_id: i64) -> AppResult<Vec<Item>> {
    let mut c = app.db.conn().await?;
    let mut v = item_db::in_states(&mut c.ex(), Some(zone_id), &bundle_states()).await?;
    v.reverse();
    Ok(v)
}

/// A triage step as the forms send it (the API's typed `TriageStep` becomes one). Each step reads
/// the fields it needs.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct TriageInput {
    /// `adopt`, `bundle`, `answer` or `set-aside`.
    pub action: String,
    /// adopt: the panel's slug, the item's kind (default "signal"), title and text.
    pub panel: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    /// bundle: the item's id.
    pub item: Option<i64>,
    /// set-aside: why, in words the sender can read. (answer: `text`.)
    pub reason: Option<String>,
}

/// Triages a signal. Not allowed: 404/403; not possible in its state: 409; missing or wrong
/// fields: 422. Nothing is written unless everything holds.
#[tracing::instrument(name = "signals::triage", level = "debug", skip_all)]
pub async fn triage(app: &App, p: &Principal, id: i64, input: TriageInput) -> AppResult<Signal> {
    // Standing first, so an unknown action on another zone's signal is still a 404.
    let signal = visible(app, p, id).await?;
    let step = Triage::parse(input.action.trim())
        .ok_or_else(|| AppError::invalid("action", "error-signal-action"))?;
    match step {
        Triage::Answer | Triage::SetAside => respond(app, p, &signal, step, &input).await,
        Triage::Bundle => bundle(app, p, &signal, &input).await,
        Triage::Adopt => adopt(app, p, &signal, &input).await,
    }
}

async fn respond(
    app: &App,
    p: &Principal,
    signal: &Signal,
    step: Triage,
    input: &TriageInput,
) -> AppResult<Signal> {
    let (field, value) = match step {
        Triage::Answer => ("text", input.text.as_deref()),
        _ => ("reason", input.reason.as_deref()),
    };
    let mut e = FieldErrors::default();
    let words = validate::required(&mut e, field, value.unwrap_or(""), validate::MAX_TEXT);
    // A step that no longer fits says so before any field complaint.
    let to = rules::apply(signal.status(), step)?;
    e.into_result()?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let change = TriageChange {
        to,
        item_id: None,
        answer: (step == Triage::Answer).then_some(words.as_str()),
        reason: (step == Triage::SetAside).then_some(words.as_str()),
        by: p.user_id,
        now,
    };
    if !db::triage(&mut tx.ex(), signal.id, signal.status(), change).await? {
        return Err(AppError::Conflict("error-signal-changed"));
    }
    let kind = match step {
        Triage::Answer => EventKind::SignalAnswered,
        _ => EventKind::SignalSetAside,
    };
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: signal.zone_id,
            subject: Subject::Signal(signal.id),
            kind,
            actor: Some(p.user_id),
            at: now,
            data: json!({"status": to.as_str()}),
            personal: Some(json!({"text": words})),
        },
    )
    .await?;
    let s = db::get(&mut tx.ex(), signal.id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(s)
}

/// Links the signal to an item and records it on both timelines, inside `tx`. `signal` must have
/// been read inside `tx`, so the check and the change see the same state.
async fn link(
    tx: &mut crate::db::Tx,
    p: &Principal,
    signal: &Signal,
    item: &Item,
    step: Triage,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let from = signal.status();
    let to = rules::apply(from, step)?;
    let change = TriageChange {
        to,
        item_id: Some(item.id),
        answer: None,
        reason: None,
        by: p.user_id,
        now,
    };
    if !db::triage(&mut tx.ex(), signal.id, from, change).await? {
        return Err(AppError::Conflict("error-signal-changed"));
    }
    let kind = if step == Triage::Adopt {
        EventKind::SignalAdopted
    } else {
        EventKind::SignalBundled
    };
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: signal.zone_id,
            subject: Subject::Signal(signal.id),
            kind,
            actor: Some(p.user_id),
            at: now,
            data: json!({"status": to.as_str(), "item": item.id, "item_reference": item.reference}),
            personal: None,
        },
    )
    .await?;
    // The item's own timeline says where this voice came from.
    super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(item.id),
kind: EventKind::SignalLinked,
actor: Some(p.user_id),
at: now,
data: json!({"signal": signal.id, "signal_reference": signal.reference, "how": step.as_str()}),
personal: None,
},
)
    .await?;
    Ok(())
}

async fn reload(tx: &mut crate::db::Tx, id: i64) -> AppResult<Signal> {
    db::get(&mut tx.ex(), id).await?.ok_or(AppError::NotFound)
}

/// Bundles the signal into an existing item of its zone: a structural bottleneck, many signals
/// and one item. Each signal keeps its own link.
async fn bundle(
    app: &App,
    p: &Principal,
    signal: &Signal,
    input: &TriageInput,
) -> AppResult<Signal> {
    rules::apply(signal.status(), Triage::Bundle)?;
    let Some(item_id) = input.item else {
        return Err(AppError::invalid("item", "error-signal-item"));
    };
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    // Another zone's item, a draft or a withdrawn item get the same answer as a missing one.
    let item = match item_db::get(&mut tx.ex(), item_id).await? {
        Some(i)
            if i.zone_id == signal.zone_id
                && policy::view_item(p, &i.facts()).is_ok()
                && bundle_states().contains(&i.status()) =>
        {
            i
        }
        _ => return Err(AppError::invalid("item", "error-signal-item")),
    };
    let fresh = reload(&mut tx, signal.id).await?;
    link(&mut tx, p, &fresh, &item, Triage::Bundle, now).await?;
    let s = reload(&mut tx, signal.id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Adopts the signal as a new item of a panel, written by the triager from the signal. The item
/// goes through the same services as any other (a draft with its reference, then submitted), so
/// it enters the citizen agenda with its deadlines and its own timeline.
async fn adopt(
    app: &App,
    p: &Principal,
    signal: &Signal,
    input: &TriageInput,
) -> AppResult<Signal> {
    let mut e = FieldErrors::default();
    let slug = input.panel.as_deref().map(str::trim).unwrap_or("");
    let panel = if slug.is_empty() {
        e.add("panel", "error-signal-panel");
        None
    } else {
        let mut c = app.db.conn().await?;
        let panel = zones::panel_by_slug(&mut c.ex(), signal.zone_id, slug).await?;
        if panel.is_none() {
            e.add("panel", "error-panel");
        }
        panel
    };
    if let Some(panel) = &panel {
        policy::adopt_signal_into(p, signal.zone_id, panel.id)?;
    }
    let kind = input
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .unwrap_or("signal");
    let item_input = ItemInput {
        kind,
        title: input.title.as_deref().unwrap_or(""),
        text: input.text.as_deref().unwrap_or(""),
        heard_at: signal.heard_at.as_deref(),
        lang: Some(&signal.text_lang),
    };
    rules::apply(signal.status(), Triage::Adopt)?;
    if let Err(fe) = item_service::validate_input(&item_input) {
        for fe in fe {
            e.add_with(&fe.field, fe.key, fe.args);
        }
    }
    e.into_result()?;
    let panel = panel.expect("checked above");
    let kind = ItemKind::parse(kind).expect("validated above");
    let title = item_input.title.trim();
    let text = item_input.text.trim_matches(|c| c == '\n' || c == '\r');
    // One transaction: the item is created, submitted and linked together, or not at all. If
    // someone else triaged the signal meanwhile, nothing is written.
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let fresh = reload(&mut tx, signal.id).await?;
    rules::apply(fresh.status(), Triage::Adopt)
        .map_err(|_| AppError::Conflict("error-signal-raced"))?;
    let zone = zones::by_id(&mut tx.ex(), signal.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (item_id, _) = item_service::create_submitted_in(
        &mut tx.ex(),
        item_service::NewDraft {
            zone: &zone,
            panel_id: panel.id,
            kind,
            title,
            text,
            heard_at: signal.heard_at.as_deref(),
            text_lang: &signal.text_lang,
            author_id: p.user_id,
            now,
        },
    )
    .await?;
    let item = item_db::get(&mut tx.ex(), item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    match link(&mut tx, p, &fresh, &item, Triage::Adopt, now).await {
        Ok(()) => {}
        Err(AppError::Conflict(_)) => return Err(AppError::Conflict("error-signal-raced")),
        Err(e) => return Err(e),
    }
    let s = reload(&mut tx, signal.id).await?;
    tx.commit().await?;
    Ok(s)
}

/// Whether this person may record signals in, and triage the signals of, the zone.
pub fn may_work_with(p: &Principal, zone_id: i64) -> bool {
    policy::signals(p, zone_id).is_ok()
}

/// Whether this person is staff of the zone (they may adopt into any of its panels).
pub fn is_staff(p: &Principal, zone_id: i64) -> bool {
    p.has_role(zone_id, Role::Staff)
}
