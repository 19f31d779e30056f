//! Bringing in items: drafts, co-signatures, submission (which freezes the text), addenda.

use super::world::WorldNames;
use super::Recorded;
use crate::app::App;
use crate::db::items::{self, Item, NewItem};
use crate::db::{agenda, events, zones};
use crate::domain::clock::brussels_date;
use crate::domain::deadlines;
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::lifecycle::{self, Actor, ItemKind, Move, MoveContext, Status};
use crate::domain::paging::Paged;
use crate::domain::policy::{self, Principal};
use crate::domain::reference::item_reference;
use crate::domain::validate::{self, FieldErrors};
use crate::error::{AppError, AppResult};
use chrono::Datelike;
use serde_json::json;

pub struct ItemInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub heard_at: Option<&'a str>,
    /// The language the words are written in (nl, fr, en); defaults to Dutch.
    pub lang: Option<&'a str>,
}

struct CheckedInput {
    kind: ItemKind,
    title: String,
    text: String,
    heard_at: Option<String>,
}

/// The input rules without storing anything (the guided form checks each step with them).
pub fn validate_input(input: &ItemInput<'_>) -> Result<(), FieldErrors> {
    check(input).map(|_| ())
}

fn check(input: &ItemInput<'_>) -> Result<CheckedInput, FieldErrors> {
    let mut e = FieldErrors::default();
    let kind = ItemKind::parse(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "error-item-kind");
    }
    let title = validate::required(&mut e, "title", input.title, validate::MAX_TITLE);
    // The text is kept exactly as written (only outer blank lines go): these are citizens' words.
    let text = input
        .text
        .trim_matches(|c| c == '\n' || c == '\r')
        .to_string();
    if text.trim().is_empty() {
        e.add("text", "error-required");
    } else if text.chars().count() > validate::MAX_TEXT {
        validate::too_long(&mut e, "text", validate::MAX_TEXT, text.chars().count());
    }
    let heard_at = validate::optional(&mut e, "heard_at", input.heard_at, validate::MAX_TITLE);
    e.into_result().map(|_| CheckedInput {
        kind: kind.expect("checked"),
        title,
        text,
        heard_at,
    })
}

fn words(c: &CheckedInput) -> serde_json::Value {
    json!({"title": c.title, "text": c.text, "heard_at": c.heard_at})
}

/// A new item's words and where it belongs: what every way of bringing one in writes.
pub(crate) struct NewDraft<'a> {
    pub zone: &'a zones::Zone,
    pub panel_id: i64,
    pub kind: ItemKind,
    pub title: &'a str,
    pub text: &'a str,
    pub heard_at: Option<&'a str>,
    pub text_lang: &'a str,
    pub author_id: i64,
    pub now: chrono::DateTime<chrono::Utc>,
}

impl NewDraft<'_> {
    /// The words as the `created` and `submitted` events keep them, beside the chain.
    fn words(&self) -> serde_json::Value {
        json!({"title": self.title, "text": self.text, "heard_at": self.heard_at})
    }
}

/// The one place an item is born: its reference number, its row and its `created` event, in the
/// caller's transaction. Returns the new item's id and reference.
async fn insert_draft(ex: &mut crate::db::Ex<'_>, d: &NewDraft<'_>) -> AppResult<(i64, String)> {
    let year = brussels_date(d.now).year() as i64;
    let number = items::next_number(ex, d.zone.id, year).await?;
    let reference = item_reference(&d.zone.code, year as i32, number);
    let id = items::insert(
        ex,
        NewItem {
            zone_id: d.zone.id,
            panel_id: d.panel_id,
            reference: &reference,
            kind: d.kind.as_str(),
            title: d.title,
            body: d.text,
            heard_at: d.heard_at,
            text_lang: crate::i18n::I18n::normalize(d.text_lang),
            author_id: d.author_id,
            now: d.now,
        },
    )
    .await?;
    super::record(
        ex,
        Recorded {
            zone_id: d.zone.id,
            subject: Subject::Item(id),
            kind: EventKind::Created,
            actor: Some(d.author_id),
            at: d.now,
            data: json!({"reference": reference, "panel": d.panel_id, "kind": d.kind.as_str(), "status": "draft"}),
            personal: Some(d.words()),
        },
    )
    .await?;
    Ok((id, reference))
}

/// A panel member brings in a new item as a draft. It gets its reference number now.
#[tracing::instrument(name = "items::create", level = "debug", skip_all)]
pub async fn create(
    app: &App,
    p: &Principal,
    zone_code: &str,
    panel_slug: &str,
    input: ItemInput<'_>,
) -> AppResult<Item> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id).map_err(AppError::from)?;
    let panel = zones::panel_by_slug(&mut c.ex(), zone.id, panel_slug.trim())
        .await?
        .ok_or_else(|| AppError::invalid("panel", "error-panel"))?;
    drop(c);
    policy::create_item(p, zone.id, panel.id)?;
    let checked = check(&input)?;
    let mut tx = app.db.begin().await?;
    let (id, _) = insert_draft(
        &mut tx.ex(),
        &NewDraft {
            zone: &zone,
            panel_id: panel.id,
            kind: checked.kind,
            title: &checked.title,
            text: &checked.text,
            heard_at: checked.heard_at.as_deref(),
            text_lang: input.lang.unwrap_or("nl"),
            author_id: p.user_id,
            now: app.clock.now(),
        },
    )
    .await?;
    let item = items::get(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(item)
}

/// Creates an item and submits it at once, inside the caller's transaction: for words that were
/// already submitted elsewhere (a point of a panel's advice, an adopted signal). Returns the new
/// item's id and reference.
#[tracing::instrument(name = "items::create_submitted_in", level = "debug", skip_all)]
pub(crate) async fn create_submitted_in(
    ex: &mut crate::db::Ex<'_>,
    d: NewDraft<'_>,
) -> AppResult<(i64, String)> {
    let (id, reference) = insert_draft(ex, &d).await?;
    let zone = d.zone;
    let cal = zones::calendar(ex, zone).await?;
    let ack_due = deadlines::ack_due(&cal, brussels_date(d.now), zone.ack_days);
    if !items::mark_submitted(ex, id, d.now, ack_due).await? {
        return Err(AppError::Conflict("error-move-state"));
    }
    super::record(
        ex,
        Recorded {
            zone_id: zone.id,
            subject: Subject::Item(id),
            kind: EventKind::Submitted,
            actor: Some(d.author_id),
            at: d.now,
            data: json!({"status": Status::Submitted.as_str(), "ack_due": ack_due}),
            personal: Some(d.words()),
        },
    )
    .await?;
    Ok((id, reference))
}

/// An item as seen by `p`: 404 if they may not see it.
#[tracing::instrument(name = "items::visible", level = "debug", skip_all)]
pub async fn visible(app: &App, p: &Principal, id: i64) -> AppResult<Item> {
    let mut c = app.db.conn().await?;
    let item = items::get(&mut c.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_item(p, &item.facts())?;
    Ok(item)
}

/// Loads the item inside the transaction so the check and the change see the same state.
async fn load_for_change(tx: &mut crate::db::Tx, id: i64) -> AppResult<Item> {
    items::get(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)
}

#[tracing::instrument(name = "items::edit_draft", level = "debug", skip_all)]
pub async fn edit_draft(
    app: &App,
    p: &Principal,
    id: i64,
    input: ItemInput<'_>,
) -> AppResult<Item> {
    let checked = check(&input);
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load_for_change(&mut tx, id).await?;
    policy::edit_draft(p, &item.facts()).map_err(|d| match d {
        policy::Denied::Forbidden if !item.status().is_draft() => {
            AppError::Conflict("error-frozen")
        }
        d => d.into(),
    })?;
    let checked = checked?;
    items::update_draft(
        &mut tx.ex(),
        id,
        checked.kind.as_str(),
        &checked.title,
        &checked.text,
        checked.heard_at.as_deref(),
        now,
    )
    .await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(id),
            kind: EventKind::DraftEdited,
            actor: Some(p.user_id),
            at: now,
            data: json!({"kind": checked.kind.as_str()}),
            personal: Some(words(&checked)),
        },
    )
    .await?;
    let item = load_for_change(&mut tx, id).await?;
    tx.commit().await?;
    Ok(item)
}

#[tracing::instrument(name = "items::cosign", level = "debug", skip_all)]
pub async fn cosign(app: &App, p: &Principal, id: i64) -> AppResult<Item> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load_for_change(&mut tx, id).await?;
    policy::cosign(p, &item.facts())?;
    if !items::cosign(&mut tx.ex(), id, p.user_id, now).await? {
        return Err(AppError::Conflict("error-already-cosigned"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(id),
            kind: EventKind::Cosigned,
            actor: Some(p.user_id),
            at: now,
            data: json!({}),
            personal: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}

/// Submits the draft to the council. From here on the words are frozen.
#[tracing::instrument(name = "items::submit", level = "debug", skip_all)]
pub async fn submit(app: &App, p: &Principal, id: i64) -> AppResult<Item> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load_for_change(&mut tx, id).await?;
    policy::submit_draft(p, &item.facts())?;
    lifecycle::apply(
        item.status(),
        Move::Submit,
        Actor::PanelMember,
        MoveContext::default(),
    )?;
    let zone = zones::by_id(&mut tx.ex(), item.zone_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cal = zones::calendar(&mut tx.ex(), &zone).await?;
    let ack_due = deadlines::ack_due(&cal, brussels_date(now), zone.ack_days);
    if !items::mark_submitted(&mut tx.ex(), id, now, ack_due).await? {
        return Err(AppError::Conflict("error-move-state"));
    }
    super::record(
        &mut tx.ex(),
        Recorded {
zone_id: item.zone_id,
subject: Subject::Item(id),
kind: EventKind::Submitted,
actor: Some(p.user_id),
at: now,
data: json!({"status": Status::Submitted.as_str(), "ack_due": ack_due}),
personal: // The commitment to the submitted words: `verify` can prove they never changed.
        Some(json!({"title": item.title, "text": item.body, "heard_at": item.heard_at})),
},
    )
    .await?;
    tx.commit().await?;
    // What `mark_submitted` changed, without reading the item again inside the writer's turn.
    Ok(Item {
        status: Status::Submitted.as_str().to_string(),
        submitted_at: Some(now),
        updated_at: now,
        ack_due: Some(ack_due),
        ..item
    })
}

#[tracing::instrument(name = "items::add_addendum", level = "debug", skip_all)]
pub async fn add_addendum(app: &App, p: &Principal, id: i64, text: &str) -> AppResult<i64> {
    let mut e = FieldErrors::default();
    let text = validate::required(&mut e, "text", text, validate::MAX_TEXT);
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let item = load_for_change(&mut tx, id).await?;
    policy::add_addendum(p, &item.facts())?;
    e.into_result()?;
    let aid = items::add_addendum(&mut tx.ex(), id, p.user_id, &text, now).await?;
    super::record(
        &mut tx.ex(),
        Recorded {
            zone_id: item.zone_id,
            subject: Subject::Item(id),
            kind: EventKind::AddendumAdded,
            actor: Some(p.user_id),
            at: now,
            data: json!({"addendum": aid}),
            personal: Some(json!({"text": text})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(aid)
}

pub struct ItemDetail {
    pub item: Item,
    pub cosigns: Vec<items::Cosign>,
    pub addenda: Vec<items::Addendum>,
    pub meeting: Option<agenda::Meeting>,
    pub decisions: Vec<agenda::Decision>,
    pub actions: Vec<agenda::Action>,
    pub action_updates: Vec<agenda::ActionUpdate>,
    pub notes: Vec<agenda::Note>,
    pub minutes: Vec<agenda::Minutes>,
    pub minutes_responses: Vec<agenda::MinutesResponse>,
    /// The panel's verdicts on the council's answers, oldest first.
    pub verdicts: Vec<crate::db::verdicts::Verdict>,
    /// Until when the panel may judge the latest answer.
    pub verdict_due: Option<chrono::NaiveDate>,
    pub today: chrono::NaiveDate,
}

impl ItemDetail {
    /// Everyone named on the item and on `timeline`.
    pub fn people_on(&self, timeline: &[events::TimelineRow]) -> Vec<i64> {
        let mut ids = vec![self.item.author_id];
        ids.extend(self.cosigns.iter().map(|c| c.user_id));
        ids.extend(self.addenda.iter().map(|a| a.author_id));
        ids.extend(self.decisions.iter().map(|x| x.decided_by));
        ids.extend(self.action_updates.iter().map(|u| u.author_id));
        ids.extend(self.notes.iter().filter_map(|n| n.author_id));
        ids.extend(self.minutes.iter().map(|m| m.author_id));
        ids.extend(self.minutes_responses.iter().map(|r| r.user_id));
        ids.extend(self.verdicts.iter().map(|v| v.given_by));
        ids.extend(timeline.iter().filter_map(|r| r.actor_id));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The world's names for whoever is named on the item and on `timeline`.
    pub async fn world_names(
        &self,
        ex: &mut crate::db::Ex<'_>,
        timeline: &[events::TimelineRow],
    ) -> crate::db::DbResult<WorldNames> {
        super::world::names_on(ex, &self.item, self.people_on(timeline)).await
    }

    /// Puts the world's names in place of people's names, on the item and on `timeline`.
    pub fn apply_world_names(&mut self, timeline: &mut [events::TimelineRow], w: &WorldNames) {
        self.item.author_name = w.of(self.item.author_id);
        for c in &mut self.cosigns {
            c.display_name = w.of(c.user_id);
        }
        for a in &mut self.addenda {
            a.author_name = w.of(a.author_id);
        }
        for x in &mut self.decisions {
            x.decided_by_name = w.of(x.decided_by);
        }
        for u in &mut self.action_updates {
            u.author_name = w.of(u.author_id);
        }
        for n in &mut self.notes {
            if let Some(id) = n.author_id {
                n.author_name = Some(w.of(id));
            }
        }
        for m in &mut self.minutes {
            m.author_name = w.of(m.author_id);
        }
        for r in &mut self.minutes_responses {
            r.user_name = w.of(r.user_id);
        }
        for v in &mut self.verdicts {
            v.given_by_name = w.of(v.given_by);
        }
        super::world::apply_timeline(timeline, w);
    }

    /// Where the panel's verdict stands today.
    pub fn verdict(&self) -> super::verdicts::VerdictView {
        super::verdicts::VerdictView::new(
            &self.decisions,
            &self.verdicts,
            self.verdict_due,
            self.today,
        )
    }
}

#[tracing::instrument(name = "items::detail", level = "debug", skip_all)]
pub async fn detail(app: &App, p: &Principal, id: i64) -> AppResult<ItemDetail> {
    let item = visible(app, p, id).await?;
    let mut c = app.db.conn().await?;
    let has = items::parts(&mut c.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Each part only where it exists: every statement is a round trip to the database's thread.
    macro_rules! part {
        ($exists:expr, $read:expr) => {
            if $exists {
                $read.await?
            } else {
                Vec::new()
            }
        };
    }
    let meeting = match item.meeting_id {
        Some(m) => agenda::meeting(&mut c.ex(), m).await?,
        None => None,
    };
    let mut d = ItemDetail {
        cosigns: part!(has.cosigns, items::cosigns(&mut c.ex(), id)),
        addenda: part!(has.addenda, items::addenda(&mut c.ex(), id)),
        meeting,
        decisions: part!(has.decisions, agenda::decisions(&mut c.ex(), id)),
        actions: part!(has.actions, agenda::actions_of_item(&mut c.ex(), id)),
        action_updates: part!(has.actions, agenda::action_updates(&mut c.ex(), id)),
        notes: part!(has.notes, agenda::notes(&mut c.ex(), id)),
        minutes: part!(has.minutes, agenda::minutes_of_item(&mut c.ex(), id)),
        minutes_responses: part!(has.minutes, agenda::minutes_responses(&mut c.ex(), id)),
        verdicts: part!(has.verdicts, crate::db::verdicts::of_item(&mut c.ex(), id)),
        verdict_due: has.verdict_due,
        today: brussels_date(app.clock.now()),
        item,
    };
    // Someone outside the zone sees a public item as the world does.
    if !p.in_zone(d.item.zone_id) {
        let w = d.world_names(&mut c.ex(), &[]).await?;
        d.apply_world_names(&mut [], &w);
    }
    Ok(d)
}

#[tracing::instrument(name = "items::timeline", level = "debug", skip_all)]
pub async fn timeline(
    app: &App,
    p: &Principal,
    id: i64,
) -> AppResult<(Item, Vec<events::TimelineRow>)> {
    let item = visible(app, p, id).await?;
    let mut c = app.db.conn().await?;
    let mut rows = events::timeline(&mut c.ex(), "item", id).await?;
    if !p.in_zone(item.zone_id) {
        drop(c);
        let d = detail(app, p, id).await?;
        let mut c = app.db.conn().await?;
        let w = d.world_names(&mut c.ex(), &rows).await?;
        super::world::apply_timeline(&mut rows, &w);
        return Ok((d.item, rows));
    }
    Ok((item, rows))
}

/// The version of the zone's history an item's timeline shows, when the reader sees it as it
/// is (a reader in its zone: the same page for all of them); `None` for a reader elsewhere, who
/// reads it with the names the world may read.
#[tracing::instrument(name = "items::timeline_version", level = "debug", skip_all)]
pub async fn timeline_version(app: &App, p: &Principal, id: i64) -> AppResult<Option<i64>> {
    let item = visible(app, p, id).await?;
    if !p.in_zone(item.zone_id) {
        return Ok(None);
    }
    let mut c = app.db.conn().await?;
    Ok(Some(zones::version(&mut c.ex(), item.zone_id).await?))
}

#[tracing::instrument(name = "items::list", level = "debug", skip_all)]
pub async fn list(
    app: &App,
    p: &Principal,
    zone_code: &str,
    status: Option<&str>,
    page: i64,
) -> AppResult<Paged<Item>> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id)?;
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            Some(Status::parse(s).ok_or_else(|| AppError::invalid("status", "error-status"))?)
        }
        None => None,
    };
    let own: Vec<i64> = p
        .panels
        .iter()
        .filter(|(_, z)| *z == zone.id)
        .map(|(pid, _)| *pid)
        .collect();
    const PER_PAGE: i64 = 50;
    let rows = items::list_for_zone(
        &mut c.ex(),
        zone.id,
        &own,
        status.map(|s| s.as_str()),
        PER_PAGE + 1,
        crate::domain::paging::offset(page, PER_PAGE),
    )
    .await?;
    let total =
        items::count_for_zone(&mut c.ex(), zone.id, &own, status.map(|s| s.as_str())).await?;
    Ok(Paged::from_read(rows, page, PER_PAGE, total))
}
