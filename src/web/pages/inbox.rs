//! Berichten: the inbox, mail preferences, one-click unsubscribe (no login), undelivered mail
//! for zone administrators and printable letters.

use super::done;
use crate::app::App;
use crate::db::{items, people, zones};
use crate::domain::policy::{self, Role};
use crate::error::AppError;
use crate::service::notify;
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views::ZoneRef;
use chrono::{DateTime, Utc};
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        inbox_page,
        open_entry,
        read_all,
        preferences_page,
        save_preferences,
        unsubscribe_page,
        unsubscribe_now,
        failed_page,
        retry_failed,
        print_letter,
    ]
}

/// The `inbox` template: a person's messages, or a zone's undelivered mail and letters to print.
/// Every key the template looks at is here, so strict mode never trips on a missing one.
#[derive(Serialize)]
struct InboxPage<'a> {
    groups: Vec<InboxGroup<'a>>,
    only_unread: bool,
    can_print: bool,
    zone_page: bool,
    is_admin: bool,
    failed: Vec<FailedMail<'a>>,
    recent: Vec<RecentNotice<'a>>,
    zone: Option<ZoneRef>,
    /// Set (empty) on the zone's page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<[(); 0]>,
}

/// The `preferences` template: the mail preferences, or (`unsubscribe`) the one-click page.
#[derive(Serialize)]
struct PreferencesPage<'a> {
    groups: Vec<PreferenceRow>,
    unsubscribe: Option<Unsubscribe<'a>>,
}

/// One line of the inbox.
#[derive(Serialize)]
struct InboxLine<'a> {
    id: i64,
    kind: &'a str,
    reference: Option<&'a str>,
    title: Option<&'a str>,
    at: DateTime<Utc>,
    unread: bool,
    link: &'a str,
    label: String,
}

/// One line of the inbox. A decision says what was decided ("Besluit: niet aanvaard").
fn entry_line<'a>(ctx: &Ctx, e: &'a notify::InboxEntry) -> InboxLine<'a> {
    let detail: Value = serde_json::from_str(&e.row.detail).unwrap_or(Value::Null);
    let label = match (e.row.kind.as_str(), detail["outcome"].as_str()) {
        ("decided" | "decision-corrected", Some(outcome)) => ctx.tr_args(
            "inbox-decided",
            &[("outcome", &ctx.tr(&format!("outcome-{outcome}")))],
        ),
        (kind, _) => ctx.tr(&format!("event-{kind}")),
    };
    InboxLine {
        id: e.row.id,
        kind: &e.row.kind,
        reference: e.row.reference.as_deref(),
        title: e.row.title.as_deref(),
        at: e.row.created_at,
        unread: e.row.read_at.is_none(),
        link: &e.link,
        label,
    }
}

/// What a message asks of its reader, and where to do it.
#[derive(Serialize)]
struct Ask {
    text: String,
    link: String,
}

/// What a message asks of its reader, and where to do it: confirm minutes, object before a
/// date, explain, write an advice. `None` for messages that only inform.
fn asks(ctx: &Ctx, e: &notify::InboxEntry) -> Option<Ask> {
    let detail: Value = serde_json::from_str(&e.row.detail).unwrap_or(Value::Null);
    let date = |k: &str| {
        detail[k]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| ctx.i18n.date(ctx.lang, d))
            .unwrap_or_default()
    };
    let id = e.row.subject_id;
    let (text, link) = match (e.row.subject_type.as_str(), e.row.kind.as_str()) {
        ("item", "minutes-recorded") => (
            ctx.tr("inbox-asks-minutes"),
            format!("/items/{id}#minutes-heading"),
        ),
        ("item", "closure-proposed") => (
            ctx.tr_args("inbox-asks-closure", &[("date", &date("closes_on"))]),
            format!("/items/{id}#moves-heading"),
        ),
        ("item", "clarification-requested") => (
            ctx.tr("inbox-asks-clarification"),
            format!("/items/{id}/act/answer-clarification"),
        ),
        ("signal", "signal-received" | "signal-recorded") => {
            (ctx.tr("inbox-asks-signal"), format!("/signals/id/{id}"))
        }
        ("consultation", "consultation-asked") => (
            ctx.tr_args("inbox-asks-advice", &[("date", &date("advice_due"))]),
            format!("/consultations/{id}"),
        ),
        _ => return None,
    };
    Some(Ask { text, link })
}

/// The messages about one item (or consultation).
#[derive(Serialize)]
struct InboxGroup<'a> {
    reference: Option<&'a str>,
    title: Option<&'a str>,
    unread: usize,
    latest: InboxLine<'a>,
    asks: Option<Ask>,
    older: Vec<InboxLine<'a>>,
}

/// The inbox by item (or consultation), the most recent first: one entry per subject with its
/// newest message, what it asks of the reader (while that is unread), and the older messages
/// folded away, so thirty events on three items read as three lines.
fn groups<'a>(ctx: &Ctx, list: &'a [notify::InboxEntry]) -> Vec<InboxGroup<'a>> {
    let mut order: Vec<(String, i64)> = vec![];
    let mut by: HashMap<(String, i64), Vec<&notify::InboxEntry>> = HashMap::new();
    for e in list {
        let key = (e.row.subject_type.clone(), e.row.subject_id);
        if !by.contains_key(&key) {
            order.push(key.clone());
        }
        by.entry(key).or_default().push(e);
    }
    order
        .into_iter()
        .map(|key| {
            let entries = &by[&key];
            let unread = entries.iter().filter(|e| e.row.read_at.is_none()).count();
            let ask = entries
                .iter()
                .filter(|e| e.row.read_at.is_none())
                .find_map(|e| asks(ctx, e));
            let latest = entries[0];
            InboxGroup {
                reference: latest.row.reference.as_deref(),
                title: latest.row.title.as_deref(),
                unread,
                latest: entry_line(ctx, latest),
                asks: ask,
                older: entries[1..].iter().map(|e| entry_line(ctx, e)).collect(),
            }
        })
        .collect()
}

#[get("/berichten?<alle>")]
async fn inbox_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    alle: Option<bool>,
) -> PageResult<Template> {
    let all = alle.unwrap_or(true);
    let list = notify::inbox(app, &user.principal, !all).await?;
    let groups = groups(&ctx, &list);
    let staff_zones: Vec<i64> = user
        .principal
        .roles
        .iter()
        .filter(|(_, r)| *r == Role::Staff || *r == Role::Admin)
        .map(|(z, _)| *z)
        .collect();
    Ok(ctx.render(
        "inbox",
        InboxPage {
            groups,
            only_unread: !all,
            can_print: !staff_zones.is_empty(),
            zone_page: false,
            is_admin: false,
            failed: vec![],
            recent: vec![],
            zone: None,
            entries: None,
        },
    ))
}

/// Opening a message marks it, and every other message about the same item, read, and leads to
/// the timeline entry (or, with `naar`, to the step it asks for).
#[get("/berichten/<id>?<naar>")]
async fn open_entry(
    user: WebUser,
    app: &State<App>,
    id: i64,
    naar: Option<&str>,
) -> PageResult<Redirect> {
    let e = notify::mark_read(app, &user.principal, id).await?;
    notify::mark_subject_read(app, &user.principal, &e.row.subject_type, e.row.subject_id).await?;
    let to = match naar {
        Some(n) => super::home::safe_next(n),
        None => e.link,
    };
    Ok(Redirect::to(to))
}

#[post("/berichten/gelezen", data = "<form>")]
async fn read_all(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> PageResult<Flash<Redirect>> {
    let _ = form;
    notify::mark_all_read(app, &user.principal).await?;
    Ok(done(
        &ctx,
        "/berichten".into(),
        "flash-notify-all-read",
        &[],
    ))
}

/// A kind of mail, with how it is sent.
#[derive(Serialize)]
struct PreferenceRow {
    group: &'static str,
    label: String,
    modes: Vec<ModeChoice>,
}

/// One way of sending a kind of mail, as a radio button.
#[derive(Serialize)]
struct ModeChoice {
    value: &'static str,
    label: String,
    checked: bool,
}

/// The one-click unsubscribe page: before (`done: false`) and after the button.
#[derive(Serialize)]
struct Unsubscribe<'a> {
    token: &'a str,
    group: String,
    done: bool,
}

fn preference_rows(ctx: &Ctx, prefs: &[(&'static str, String)]) -> Vec<PreferenceRow> {
    prefs
        .iter()
        .map(|(g, m)| PreferenceRow {
            group: g,
            label: ctx.tr(&format!("notify-group-{g}")),
            modes: notify::MODES
                .iter()
                .map(|mode| ModeChoice {
                    value: mode,
                    label: ctx.tr(&format!("notify-mode-{mode}")),
                    checked: mode == m,
                })
                .collect(),
        })
        .collect()
}

#[get("/berichten/voorkeuren")]
async fn preferences_page(ctx: Ctx, user: WebUser, app: &State<App>) -> PageResult<Template> {
    let prefs = notify::preferences(app, user.user.id).await?;
    Ok(ctx.render(
        "preferences",
        PreferencesPage {
            groups: preference_rows(&ctx, &prefs),
            unsubscribe: None,
        },
    ))
}

#[derive(FromForm)]
struct PreferencesForm {
    csrf: String,
    mode: HashMap<String, String>,
}
crate::csrf_form!(PreferencesForm);

#[post("/berichten/voorkeuren", data = "<form>")]
async fn save_preferences(
    form: CsrfForm<PreferencesForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let changes: Vec<(String, String)> = form.0.mode.into_iter().collect();
    match notify::set_preferences(app, user.user.id, &changes).await {
        Ok(()) => Ok(done(
            &ctx,
            "/berichten/voorkeuren".into(),
            "flash-notify-saved",
            &[],
        )),
        Err(e) => {
            let prefs = notify::preferences(app, user.user.id)
                .await
                .unwrap_or_default();
            Err(ctx.render_with_errors(
                "preferences",
                PreferencesPage {
                    groups: preference_rows(&ctx, &prefs),
                    unsubscribe: None,
                },
                &e,
            ))
        }
    }
}

/// The link in every mail: a page with one button, so a mail scanner that follows links does
/// not switch anything off.
#[get("/uitschrijven/<token>")]
async fn unsubscribe_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    let target = notify::unsubscribe_target(app, token).await?;
    Ok(ctx.render(
        "preferences",
        PreferencesPage {
            groups: vec![],
            unsubscribe: Some(Unsubscribe {
                token,
                group: ctx.tr(&format!("notify-group-{}", target.kind_group)),
                done: false,
            }),
        },
    ))
}

/// RFC 8058 one-click: mail programs POST `List-Unsubscribe=One-Click` without cookies, so
/// there is no CSRF token here; the random token in the address is the authorisation, and it
/// can only switch off this one kind of mail.
#[post("/uitschrijven/<token>", data = "<_body>")]
async fn unsubscribe_now(
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    _body: rocket::data::Data<'_>,
) -> PageResult<Template> {
    let target = notify::unsubscribe(app, token).await?;
    Ok(ctx.render(
        "preferences",
        PreferencesPage {
            groups: vec![],
            unsubscribe: Some(Unsubscribe {
                token,
                group: ctx.tr(&format!("notify-group-{}", target.kind_group)),
                done: true,
            }),
        },
    ))
}

async fn item_reference(app: &App, id: i64) -> Result<String, AppError> {
    let mut c = app.db.conn().await?;
    Ok(items::get(&mut c.ex(), id)
        .await?
        .map(|i| i.reference)
        .unwrap_or_default())
}

async fn zone_for_admin(app: &App, user: &WebUser, code: &str) -> Result<zones::Zone, AppError> {
    let zone = crate::service::zones::named(app, code).await?;
    policy::manage_zone(&user.principal, zone.id)?;
    Ok(zone)
}

/// A notification of the zone to print as a letter.
#[derive(Serialize)]
struct RecentNotice<'a> {
    item: i64,
    seq: i64,
    person: i64,
    name: &'a str,
    label: String,
    reference: Option<&'a str>,
    at: DateTime<Utc>,
}

/// Mail of the zone that could not be delivered.
#[derive(Serialize)]
struct FailedMail<'a> {
    id: i64,
    email: Option<&'a str>,
    name: Option<&'a str>,
    label: String,
    reference: Option<&'a str>,
    attempts: i64,
    error: Option<&'a str>,
    at: DateTime<Utc>,
}

#[get("/zones/<code>/berichten")]
async fn failed_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> PageResult<Template> {
    let zone = crate::service::zones::named(app, code).await?;
    policy::view_zone(&user.principal, zone.id)?;
    let is_admin = policy::manage_zone(&user.principal, zone.id).is_ok();
    let is_staff = user.principal.has_role(zone.id, Role::Staff);
    if !is_admin && !is_staff {
        return Err(AppError::Forbidden.into());
    }
    let rows = if is_admin {
        notify::failed_mail(app, &user.principal, zone.id).await?
    } else {
        vec![]
    };
    let notices = notify::recent_for_letters(app, &user.principal, zone.id).await?;
    let recent: Vec<RecentNotice> = notices
        .iter()
        .map(|r| RecentNotice {
            item: r.subject_id,
            seq: r.event_seq,
            person: r.user_id,
            name: &r.name,
            label: ctx.tr(&format!("event-{}", r.kind)),
            reference: r.reference.as_deref(),
            at: r.created_at,
        })
        .collect();
    let list: Vec<FailedMail> = rows
        .iter()
        .map(|r| FailedMail {
            id: r.id,
            email: r.email.as_deref(),
            name: r.name.as_deref(),
            label: ctx.tr(&format!("event-{}", r.kind)),
            reference: r.reference.as_deref(),
            attempts: r.attempts,
            error: r.last_error.as_deref(),
            at: r.created_at,
        })
        .collect();
    Ok(ctx.render(
        "inbox",
        InboxPage {
            groups: vec![],
            only_unread: false,
            can_print: false,
            zone_page: true,
            is_admin,
            failed: list,
            recent,
            zone: Some(ZoneRef {
                code: zone.code,
                name: zone.name,
            }),
            entries: Some([]),
        },
    ))
}

#[post("/zones/<code>/berichten/<id>/opnieuw", data = "<form>")]
async fn retry_failed(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    id: i64,
) -> PageResult<Flash<Redirect>> {
    let _ = form;
    let zone = zone_for_admin(app, &user, code).await?;
    notify::retry_failed(app, &user.principal, zone.id, id).await?;
    Ok(done(
        &ctx,
        format!("/zones/{}/berichten", zone.code),
        "flash-notify-retry",
        &[],
    ))
}

#[derive(FromForm)]
struct LetterForm {
    csrf: String,
    person: i64,
}
crate::csrf_form!(LetterForm);

/// A notification printed as a letter.
#[derive(Serialize)]
struct LetterPage {
    person: String,
    line: String,
    reference: String,
    title: String,
    zone: String,
    link: String,
    printed_at: DateTime<Utc>,
    printed_by: String,
}

/// Staff print a notification as a letter for a panel member without email. Printing is
/// recorded on the item's timeline, with who printed it.
#[post("/items/<id>/brief/<seq>", data = "<form>")]
async fn print_letter(
    form: CsrfForm<LetterForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    seq: i64,
) -> PageResult<Template> {
    let letter = notify::print_letter(app, &user.principal, id, seq, form.0.person).await?;
    let line = {
        let detail: Value = serde_json::from_str(&letter.detail)
            .unwrap_or_else(|_| Value::Object(serde_json::Map::new()));
        crate::mail::line(
            &ctx.i18n,
            &letter.kind,
            &item_reference(app, id).await?,
            &detail,
        )
    };
    let mut c = app.db.conn().await.map_err(AppError::from)?;
    let item = items::get(&mut c.ex(), id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let person = people::user_by_id(&mut c.ex(), form.0.person)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    Ok(ctx.render(
        "letter",
        LetterPage {
            person: person.display_name,
            line,
            reference: item.reference,
            title: item.title,
            zone: item.zone_code,
            link: app.link(&notify::link_of("item", id, Some(seq))),
            printed_at: app.clock.now(),
            printed_by: user.user.display_name,
        },
    ))
}
