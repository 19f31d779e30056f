//! Calendar feeds (iCalendar): each zone's meetings for anyone, with only the public items of
//! their citizen agenda; and a person's own feed, behind a secret link they can revoke, with the
//! meetings of their zones and the deadlines they owe or wait on.

use crate::app::App;
use crate::db::calendars::{self as db, AgendaLine};
use crate::db::items::{self, Item};
use crate::db::{account, people, zones};
use crate::domain::deadlines;
use crate::domain::ical::{self, Entry, When};
use crate::domain::lifecycle::Status;
use crate::domain::policy::{self, ItemFacts, Principal, Role};
use crate::error::{AppError, AppResult};
use crate::i18n::I18n;
use crate::secrets::{new_token, token_hash};
use chrono::{DateTime, Duration, Utc};
use fluent_bundle::FluentArgs;
use serde_json::json;
use std::collections::BTreeMap;

/// How far back a feed reaches: a calendar keeps what it saw, and a year of meetings is what a
/// council member looks back on.
const DAYS_BACK: i64 = 365;

/// The path of a person's feed for a link's token.
pub fn feed_path(token: &str) -> String {
    format!("/me/calendar/{token}.ics")
}

fn tr(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    I18n::shared().tr(lang, key, Some(&a))
}

fn host(app: &App) -> String {
    let base = app.base_url();
    let rest = base.split("://").nth(1).unwrap_or(&base);
    rest.split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
        .to_string()
}

fn facts(l: &AgendaLine) -> ItemFacts {
    ItemFacts {
        zone_id: l.zone_id,
        panel_id: l.panel_id,
        author_id: l.author_id,
        status: Status::parse(&l.status).unwrap_or(Status::Draft),
        is_public: l.is_public,
    }
}

/// The meetings of one zone as feed entries, each with the items on its agenda that `p` may
/// read (a visitor: the public ones).
async fn meeting_entries(
    app: &App,
    p: &Principal,
    zone: &zones::Zone,
    lang: &str,
    link_meetings: bool,
) -> AppResult<Vec<Entry>> {
    let since = app.clock.now() - Duration::days(DAYS_BACK);
    let mut c = app.db.conn().await?;
    let meetings = db::meetings_since(&mut c.ex(), zone.id, since).await?;
    let lines = db::agenda_lines_since(&mut c.ex(), zone.id, since).await?;
    drop(c);
    let host = host(app);
    Ok(meetings
        .into_iter()
        .map(|m| {
            let agenda: Vec<String> = lines
                .iter()
                .filter(|l| l.meeting_id == m.id && policy::view_item(p, &facts(l)).is_ok())
                .map(|l| format!("{} {}", l.reference, l.title))
                .collect();
            let description = if agenda.is_empty() {
                tr(lang, "ical-agenda-none", &[])
            } else {
                format!("{}\n{}", tr(lang, "ical-agenda", &[]), agenda.join("\n"))
            };
            let url = if link_meetings {
                app.link(&format!("/meetings/{}", m.id))
            } else {
                app.link(&format!("/zones/{}/public", zone.code))
            };
            Entry {
                uid: ical::uid(&format!("meeting-{}", m.id), &host),
                // Meetings are stored with a start only.
                when: ical::meeting_slot(m.starts_at),
                summary: tr(lang, "ical-meeting", &[("zone", zone.name.clone())]),
                location: Some(m.place),
                description: Some(description),
                url: Some(url),
            }
        })
        .collect())
}

/// A zone's meetings for anyone (404 for an unknown zone). Meeting times and places are what a
/// public item's page already shows; of the agenda only the public items are listed.
#[tracing::instrument(name = "calendars::zone_feed", level = "debug", skip_all)]
pub async fn zone_feed(app: &App, code: &str) -> AppResult<String> {
    let zone = super::zones::named(app, code).await?;
    let lang = crate::i18n::DEFAULT_LANG;
    let visitor = Principal::default();
    let entries = meeting_entries(app, &visitor, &zone, lang, false).await?;
    let name = tr(lang, "ical-zone-name", &[("zone", zone.name.clone())]);
    Ok(ical::calendar(&name, app.clock.now(), &entries))
}

/// The deadlines a person owes or waits on: for their panels' items, what the zone owes them
/// (and until when they may object to a closure); for staff, every waiting item of the zone.
async fn deadline_entries(app: &App, p: &Principal, lang: &str) -> AppResult<Vec<Entry>> {
    let mut zone_ids: Vec<i64> = p.panels.iter().map(|&(_, z)| z).collect();
    zone_ids.extend(
        p.roles
            .iter()
            .filter(|(_, r)| *r == Role::Staff)
            .map(|&(z, _)| z),
    );
    zone_ids.sort_unstable();
    zone_ids.dedup();
    let mut states = crate::service::deadlines::WAITING.to_vec();
    states.push(Status::ClosureProposed);
    let mut mine: BTreeMap<i64, Item> = BTreeMap::new();
    let mut c = app.db.conn().await?;
    for zone_id in zone_ids {
        let staff = p.has_role(zone_id, Role::Staff);
        for item in items::in_states(&mut c.ex(), Some(zone_id), &states).await? {
            if staff || p.in_panel(item.panel_id) {
                mine.insert(item.id, item);
            }
        }
    }
    drop(c);
    let host = host(app);
    let mut out = vec![];
    for item in mine.into_values() {
        let (what, due) = match (item.status(), item.closure_due) {
            (Status::ClosureProposed, Some(d)) if p.in_panel(item.panel_id) => ("closure", d),
            (Status::ClosureProposed, _) => continue,
            (status, _) => match deadlines::current(status, &item.dates()) {
                Some((kind, d)) => (kind.as_str(), d),
                None => continue,
            },
        };
        let deadline = if what == "closure" {
            tr(lang, "ical-closure", &[])
        } else {
            tr(lang, &format!("deadline-name-{what}"), &[])
        };
        out.push(Entry {
            // One event per item and kind of deadline: a date that moves updates it.
            uid: ical::uid(&format!("item-{}-{what}", item.id), &host),
            when: When::Day(due),
            summary: tr(
                lang,
                "ical-deadline",
                &[
                    ("reference", item.reference.clone()),
                    ("deadline", deadline),
                ],
            ),
            location: None,
            description: Some(item.title.clone()),
            url: Some(app.link(&format!("/items/{}", item.id))),
        });
    }
    Ok(out)
}

/// A person's own feed through their secret link. A link that is malformed, unknown or revoked
/// is simply not found.
#[tracing::instrument(name = "calendars::personal_feed", level = "debug", skip_all)]
pub async fn personal_feed(app: &App, token: &str) -> AppResult<String> {
    if !crate::domain::signals::is_token(token) {
        return Err(AppError::NotFound);
    }
    let (user, p, zones) = {
        let mut c = app.db.conn().await?;
        let user_id = db::user_of_link(&mut c.ex(), &token_hash(token))
            .await?
            .ok_or(AppError::NotFound)?;
        let user = people::user_by_id(&mut c.ex(), user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let p = people::principal(&mut c.ex(), &user).await?;
        let mut ids = p.zone_ids();
        ids.extend(p.panels.iter().map(|&(_, z)| z));
        ids.sort_unstable();
        ids.dedup();
        let mut zones = vec![];
        for id in ids {
            if let Some(z) = zones::by_id(&mut c.ex(), id).await? {
                zones.push(z);
            }
        }
        (user, p, zones)
    };
    let lang = I18n::normalize(&user.locale);
    let mut entries = vec![];
    for zone in &zones {
        entries.extend(meeting_entries(app, &p, zone, lang, true).await?);
    }
    entries.extend(deadline_entries(app, &p, lang).await?);
    let name = tr(lang, "ical-personal-name", &[]);
    Ok(ical::calendar(&name, app.clock.now(), &entries))
}

/// Makes the person's feed link, revoking the one they had: the token, shown once (only its
/// hash is kept).
#[tracing::instrument(name = "calendars::make_link", level = "debug", skip_all)]
pub async fn make_link(app: &App, user_id: i64) -> AppResult<String> {
    let token = new_token();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let replaced = db::revoke_links(&mut tx.ex(), user_id, now).await?;
    db::add_link(&mut tx.ex(), user_id, &token_hash(&token), now).await?;
    account::log(
        &mut tx.ex(),
        user_id,
        "calendar-link-made",
        Some(user_id),
        &json!({"replaced": replaced > 0}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Revokes the person's feed link; false when they had none.
#[tracing::instrument(name = "calendars::revoke_link", level = "debug", skip_all)]
pub async fn revoke_link(app: &App, user_id: i64) -> AppResult<bool> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let n = db::revoke_links(&mut tx.ex(), user_id, now).await?;
    if n > 0 {
        account::log(
            &mut tx.ex(),
            user_id,
            "calendar-link-revoked",
            Some(user_id),
            &json!({}),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n > 0)
}

/// When the person's live link was made (None: they have none).
#[tracing::instrument(name = "calendars::link_since", level = "debug", skip_all)]
pub async fn link_since(app: &App, user_id: i64) -> AppResult<Option<DateTime<Utc>>> {
    let mut c = app.db.conn().await?;
    Ok(db::live_link_since(&mut c.ex(), user_id).await?)
}
