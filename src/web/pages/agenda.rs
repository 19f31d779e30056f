//! Pages for the citizen agenda: one small page per move (one task per page, errors next to
//! their fields), meetings with their agenda and minutes, the zone overview, the public page.

use super::done;
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::domain::lifecycle::{self, Move, MoveContext, Status};
use crate::domain::policy::{self, Principal, Role};
use crate::error::AppError;
use crate::service::agenda::{
    self as agenda_service, ActionInput, ActionUpdateInput, TransitionInput, OUTCOMES,
};
use crate::service::deadlines as keeper;
use crate::service::figures::period;
use crate::service::items::{self as item_service, ItemDetail};
use crate::service::meetings::{self, MeetingInput};
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{MaybeUser, WebUser};
use crate::web::page::{Ctx, PageError, PageResult};
use crate::web::template::Template;
use crate::web::views;
use crate::web::views::agenda::overview as overview_json;
use crate::web::views::ZoneRef;
use rocket::http::Status as HttpStatus;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;
use std::collections::BTreeMap;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        action_page,
        transition,
        react,
        minutes_response,
        add_action,
        action_update,
        visibility,
        meetings_page,
        create_meeting,
        meeting_page,
        meeting_print,
        add_minutes,
        meeting_held,
        overview_page,
        public_zone
    ]
}

/// The moves a page offers, with the fields each needs.
const PAGE_ACTIONS: &[(&str, &[&str])] = &[
    ("acknowledge", &["due", "meeting"]),
    ("request-clarification", &["text"]),
    ("answer-clarification", &["text"]),
    ("schedule", &["meeting"]),
    (
        "decide",
        &["outcome", "reasons", "referred_to", "review_date"],
    ),
    (
        "correct-decision",
        &["outcome", "reasons", "referred_to", "review_date"],
    ),
    ("propose-closure", &["note"]),
    ("object-closure", &["text"]),
    ("withdraw", &["text"]),
    ("reopen", &["text"]),
    ("react", &["text"]),
    ("own-view", &["text"]),
    ("comment", &["text"]),
    ("correct-minutes", &["correction"]),
    ("add-action", &["what", "responsible", "due"]),
];

fn can_move(p: &Principal, d: &ItemDetail, mv: Move) -> bool {
    let facts = d.item.facts();
    if policy::make_move(p, &facts, mv).is_err() {
        return false;
    }
    let ctx = MoveContext {
        return_to: d.item.lifecycle().return_status,
        postponed: false,
    };
    lifecycle::apply(facts.status, mv, mv.actor(), ctx).is_ok()
}

/// What this person can do with this item now, in the order a page shows it.
pub fn available(p: &Principal, d: &ItemDetail) -> Vec<&'static str> {
    let mut v = vec![];
    let status = d.item.status();
    for (name, mv) in [
        ("acknowledge", Move::Acknowledge),
        ("schedule", Move::Schedule),
        ("request-clarification", Move::RequestClarification),
        ("answer-clarification", Move::AnswerClarification),
        ("decide", Move::Decide),
        ("propose-closure", Move::ProposeClosure),
        ("object-closure", Move::ObjectClosure),
        ("reopen", Move::Reopen),
        ("withdraw", Move::Withdraw),
    ] {
        if can_move(p, d, mv) {
            v.push(name);
        }
    }
    let staff = p.has_role(d.item.zone_id, Role::Staff);
    if staff
        && !d.decisions.is_empty()
        && matches!(
            status,
            Status::Decided | Status::Postponed | Status::InFollowUp
        )
    {
        v.push("correct-decision");
    }
    let accepted = d
        .decisions
        .last()
        .is_some_and(|x| x.outcome == "accepted" || x.outcome == "partly-accepted");
    if staff && accepted && matches!(status, Status::Decided | Status::InFollowUp) {
        v.push("add-action");
    }
    let panel = p.in_panel(d.item.panel_id);
    if panel && policy::react(p, &d.item.facts()).is_ok() {
        v.push("react");
        v.push("own-view");
    }
    if !panel && !status.is_draft() && (staff || p.has_role(d.item.zone_id, Role::Council)) {
        v.push("comment");
    }
    if panel && !d.minutes.is_empty() {
        v.push("correct-minutes");
    }
    v
}

/// A planned meeting to choose on a move's form.
#[derive(Serialize)]
struct MeetingChoice {
    id: i64,
    starts_at: String,
    place: String,
}

async fn meeting_options(
    app: &App,
    p: &Principal,
    zone_code: &str,
) -> Result<Vec<MeetingChoice>, AppError> {
    let (_, list) = meetings::list(app, p, zone_code).await?;
    Ok(list
        .into_iter()
        .filter(|m| m.status == "planned")
        .map(|m| MeetingChoice {
            id: m.id,
            starts_at: views::ts(m.starts_at),
            place: m.place,
        })
        .collect())
}

/// The page of one move on an item.
#[derive(Serialize)]
struct ActionPage {
    item: views::item_detail::ItemDetail,
    action: &'static str,
    /// The fields this move asks for, each `true`.
    fields: BTreeMap<&'static str, bool>,
    meetings: Vec<MeetingChoice>,
    outcomes: &'static [&'static str],
    form: MoveFormEcho,
    target: String,
}

async fn action_view(
    app: &App,
    user: &WebUser,
    id: i64,
    action: &str,
    form: MoveFormEcho,
) -> Result<ActionPage, AppError> {
    let Some(&(action, fields)) = PAGE_ACTIONS.iter().find(|(n, _)| *n == action) else {
        return Err(AppError::NotFound);
    };
    let d = item_service::detail(app, &user.principal, id).await?;
    if !available(&user.principal, &d).contains(&action) {
        return Err(AppError::Conflict("error-move-state"));
    }
    let meetings = if fields.contains(&"meeting") {
        meeting_options(app, &user.principal, &d.item.zone_code).await?
    } else {
        vec![]
    };
    Ok(ActionPage {
        item: views::item_full(&d),
        action,
        fields: fields.iter().map(|f| (*f, true)).collect(),
        meetings,
        outcomes: &OUTCOMES,
        form,
        target: target(action, id),
    })
}

fn target(action: &str, id: i64) -> String {
    match action {
        "react" | "own-view" | "comment" => format!("/items/{id}/reactions"),
        "correct-minutes" => format!("/items/{id}/minutes-responses"),
        "add-action" => format!("/items/{id}/actions"),
        _ => format!("/items/{id}/transitions"),
    }
}

/// A whole number from an optional form field; empty means none.
fn optional_number(
    v: Option<&str>,
    field: &str,
    key: &'static str,
) -> Result<Option<i64>, AppError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::invalid(field, key)),
        None => Ok(None),
    }
}

/// What is (or was) typed on a move's form; every move's page has every field. Sent back, the
/// fields of a move's own form may be `None`, where the form did not send them.
#[derive(Serialize)]
struct MoveFormEcho {
    due: Option<String>,
    meeting: Option<String>,
    outcome: Option<String>,
    reasons: Option<String>,
    referred_to: Option<String>,
    review_date: Option<String>,
    note: Option<String>,
    text: Option<String>,
    correction: Option<String>,
    what: String,
    responsible: String,
}

/// The form as it first shows: every field empty.
fn empty_form() -> MoveFormEcho {
    let empty = || Some(String::new());
    MoveFormEcho {
        due: empty(),
        meeting: empty(),
        outcome: empty(),
        reasons: empty(),
        referred_to: empty(),
        review_date: empty(),
        note: empty(),
        text: empty(),
        correction: empty(),
        what: String::new(),
        responsible: String::new(),
    }
}

#[get("/items/<id>/act/<action>")]
async fn action_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    action: &str,
) -> PageResult<Template> {
    Ok(ctx.render(
        "item_action",
        action_view(app, &user, id, action, empty_form()).await?,
    ))
}

#[derive(FromForm, Default)]
struct MoveForm {
    csrf: String,
    action: String,
    due: Option<String>,
    meeting: Option<String>,
    outcome: Option<String>,
    reasons: Option<String>,
    review_date: Option<String>,
    referred_to: Option<String>,
    note: Option<String>,
    text: Option<String>,
}
crate::csrf_form!(MoveForm);

impl MoveForm {
    fn echo(&self) -> MoveFormEcho {
        MoveFormEcho {
            due: self.due.clone(),
            meeting: self.meeting.clone(),
            outcome: self.outcome.clone(),
            reasons: self.reasons.clone(),
            referred_to: self.referred_to.clone(),
            review_date: self.review_date.clone(),
            note: self.note.clone(),
            text: self.text.clone(),
            ..empty_form()
        }
    }
}

/// Re-renders the action page with the errors, or shows the error page.
async fn failed(
    ctx: &Ctx,
    app: &App,
    user: &WebUser,
    id: i64,
    action: &str,
    form: MoveFormEcho,
    e: AppError,
) -> (HttpStatus, Template) {
    if let AppError::Invalid(_) = e {
        if let Ok(view) = action_view(app, user, id, action, form).await {
            return ctx.render_with_errors("item_action", view, &e);
        }
    }
    ctx.error_page(&e)
}

#[post("/items/<id>/transitions", data = "<form>")]
async fn transition(
    form: CsrfForm<MoveForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    let meeting = match optional_number(f.meeting.as_deref(), "meeting", "error-meeting") {
        Ok(m) => m,
        Err(e) => return Err(failed(&ctx, app, &user, id, &f.action, f.echo(), e).await),
    };
    let input = TransitionInput {
        action: f.action.clone(),
        due: f.due.clone(),
        meeting,
        outcome: f.outcome.clone(),
        reasons: f.reasons.clone(),
        review_date: f.review_date.clone(),
        referred_to: f.referred_to.clone(),
        note: f.note.clone(),
        text: f.text.clone(),
    };
    match agenda_service::transition(app, &user.principal, id, input).await {
        Ok(item) => Ok(done(
            &ctx,
            format!("/items/{id}"),
            "flash-moved",
            &[("status", &ctx.tr(&format!("status-{}", item.status)))],
        )),
        Err(e) => Err(failed(&ctx, app, &user, id, &f.action, f.echo(), e).await),
    }
}

#[derive(FromForm)]
struct TextForm {
    csrf: String,
    action: Option<String>,
    text: Option<String>,
    correction: Option<String>,
    confirm: Option<String>,
}
crate::csrf_form!(TextForm);

#[post("/items/<id>/reactions", data = "<form>")]
async fn react(
    form: CsrfForm<TextForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    let action = f.action.clone().unwrap_or_else(|| "react".into());
    let text = f.text.clone().unwrap_or_default();
    match agenda_service::react(app, &user.principal, id, &text, action == "own-view").await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/items/{id}"),
            "flash-reaction-added",
            &[],
        )),
        Err(e) => {
            let form = MoveFormEcho {
                text: Some(text),
                ..empty_form()
            };
            Err(failed(&ctx, app, &user, id, &action, form, e).await)
        }
    }
}

#[post("/items/<id>/minutes-responses", data = "<form>")]
async fn minutes_response(
    form: CsrfForm<TextForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    let confirm = f.confirm.is_some();
    match meetings::respond_to_minutes(app, &user.principal, id, confirm, f.correction.as_deref())
        .await
    {
        Ok(_) => Ok(done(
            &ctx,
            format!("/items/{id}"),
            if confirm {
                "flash-minutes-confirmed"
            } else {
                "flash-minutes-corrected"
            },
            &[],
        )),
        Err(e) => {
            let form = MoveFormEcho {
                correction: f.correction,
                ..empty_form()
            };
            Err(failed(&ctx, app, &user, id, "correct-minutes", form, e).await)
        }
    }
}

#[derive(FromForm)]
struct ActionForm {
    csrf: String,
    what: String,
    responsible: String,
    due: String,
}
crate::csrf_form!(ActionForm);

#[post("/items/<id>/actions", data = "<form>")]
async fn add_action(
    form: CsrfForm<ActionForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    match agenda_service::add_action(
        app,
        &user.principal,
        id,
        ActionInput {
            what: &f.what,
            responsible: &f.responsible,
            due: &f.due,
        },
    )
    .await
    {
        Ok(_) => Ok(done(
            &ctx,
            format!("/items/{id}"),
            "flash-action-added",
            &[],
        )),
        Err(e) => {
            let form = MoveFormEcho {
                what: f.what,
                responsible: f.responsible,
                due: Some(f.due),
                ..empty_form()
            };
            Err(failed(&ctx, app, &user, id, "add-action", form, e).await)
        }
    }
}

#[derive(FromForm)]
struct UpdateForm {
    csrf: String,
    item: i64,
    percent: Option<String>,
    note: String,
    done: Option<String>,
}
crate::csrf_form!(UpdateForm);

#[post("/actions/<aid>/updates", data = "<form>")]
async fn action_update(
    form: CsrfForm<UpdateForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    aid: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    let percent = optional_number(f.percent.as_deref(), "percent", "error-percent")
        .map_err(|e| ctx.error_page(&e))?;
    let input = ActionUpdateInput {
        percent,
        note: &f.note,
        done: f.done.is_some(),
    };
    agenda_service::update_action(app, &user.principal, aid, input)
        .await
        .map(|_| {
            done(
                &ctx,
                format!("/items/{}", f.item),
                "flash-action-updated",
                &[],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

#[derive(FromForm)]
struct VisibilityForm {
    csrf: String,
    public: String,
}
crate::csrf_form!(VisibilityForm);

#[post("/items/<id>/visibility", data = "<form>")]
async fn visibility(
    form: CsrfForm<VisibilityForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let public = form.0.public == "true";
    agenda_service::set_public(app, &user.principal, id, public)
        .await
        .map(|_| {
            done(
                &ctx,
                format!("/items/{id}"),
                if public {
                    "flash-made-public"
                } else {
                    "flash-made-private"
                },
                &[],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

/// What is (or was) typed on the form to plan a meeting; sent back, `other_points` may be `None`.
#[derive(Serialize)]
struct MeetingFormEcho<'a> {
    starts_at: &'a str,
    place: &'a str,
    other_points: Option<&'a str>,
}

/// A zone's meetings, with the form to plan one.
#[derive(Serialize)]
struct MeetingsPage<'a> {
    zone: ZoneRef,
    meetings: Vec<views::agenda::Meeting>,
    can_plan: bool,
    form: MeetingFormEcho<'a>,
}

async fn meetings_view<'a>(
    app: &App,
    user: &WebUser,
    code: &str,
    form: MeetingFormEcho<'a>,
) -> Result<MeetingsPage<'a>, AppError> {
    let (zone, list) = meetings::list(app, &user.principal, code).await?;
    Ok(MeetingsPage {
        can_plan: user.principal.has_role(zone.id, Role::Staff),
        zone: ZoneRef {
            code: zone.code,
            name: zone.name,
        },
        meetings: list.iter().map(views::meeting).collect(),
        form,
    })
}

#[get("/zones/<code>/meetings")]
async fn meetings_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> PageResult<Template> {
    Ok(ctx.render(
        "meetings",
        meetings_view(
            app,
            &user,
            code,
            MeetingFormEcho {
                starts_at: "",
                place: "",
                other_points: Some(""),
            },
        )
        .await?,
    ))
}

#[derive(FromForm)]
struct MeetingForm {
    csrf: String,
    starts_at: String,
    place: String,
    other_points: Option<String>,
}
crate::csrf_form!(MeetingForm);

#[post("/zones/<code>/meetings", data = "<form>")]
async fn create_meeting(
    form: CsrfForm<MeetingForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    let input = MeetingInput {
        starts_at: &f.starts_at,
        place: &f.place,
        other_points: f.other_points.as_deref(),
    };
    match meetings::create(app, &user.principal, code, input).await {
        Ok(m) => Ok(done(
            &ctx,
            format!("/meetings/{}", m.id),
            "flash-meeting-planned",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let form = MeetingFormEcho {
                starts_at: &f.starts_at,
                place: &f.place,
                other_points: f.other_points.as_deref(),
            };
            match meetings_view(app, &user, code, form).await {
                Ok(v) => Err(ctx.render_with_errors("meetings", v, &e)),
                Err(e2) => Err(ctx.error_page(&e2)),
            }
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// An item on the meeting's agenda, with its minutes form: the words sent back and the error.
#[derive(Serialize)]
struct AgendaRow<'a> {
    #[serde(flatten)]
    row: views::agenda::AgendaPoint,
    typed: &'a str,
    has_error: bool,
    error: &'a str,
}

/// The meeting as `views::meeting_detail` shows it, its agenda with the minutes forms.
#[derive(Serialize)]
struct MeetingWithForms<'a> {
    #[serde(flatten)]
    meeting: views::agenda::Meeting,
    zone: String,
    zone_name: String,
    started: bool,
    is_next: bool,
    agenda: Vec<AgendaRow<'a>>,
    minutes: Vec<views::agenda::MeetingMinutes>,
    not_scheduled: Vec<views::agenda::LateItem>,
    very_overdue: Vec<views::agenda::LateItem>,
}

/// The meeting page (and its print).
#[derive(Serialize)]
struct MeetingPage<'a> {
    meeting: MeetingWithForms<'a>,
    can_record: bool,
    can_close: bool,
}

/// The meeting page: `typed` is a minutes form sent back with an error (item id, words,
/// message), so the words come back in the textarea of that item.
async fn meeting_view<'a>(
    app: &App,
    user: &WebUser,
    id: i64,
    typed: Option<(i64, &'a str, &'a str)>,
) -> Result<MeetingPage<'a>, AppError> {
    let v = meetings::view(app, &user.principal, id).await?;
    let today = brussels_date(app.clock.now());
    let detail = views::meeting_detail(&v, today);
    let agenda = detail
        .agenda
        .into_iter()
        .map(|row| {
            let mine = typed.filter(|(item, _, _)| row.item.item.shown.id == *item);
            AgendaRow {
                typed: mine.map(|(_, words, _)| words).unwrap_or(""),
                has_error: mine.is_some(),
                error: mine.map(|(_, _, message)| message).unwrap_or(""),
                row,
            }
        })
        .collect();
    let staff = user.principal.has_role(v.meeting.zone_id, Role::Staff);
    Ok(MeetingPage {
        meeting: MeetingWithForms {
            meeting: detail.meeting,
            zone: detail.zone,
            zone_name: detail.zone_name,
            started: detail.started,
            is_next: detail.is_next,
            agenda,
            minutes: detail.minutes,
            not_scheduled: detail.not_scheduled,
            very_overdue: detail.very_overdue,
        },
        can_record: staff && v.started,
        can_close: staff && v.started && v.meeting.status == "planned",
    })
}

#[get("/meetings/<id>")]
async fn meeting_page(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    Ok(ctx.render("meeting", meeting_view(app, &user, id, None).await?))
}

/// The agenda (and after the meeting its minutes and decisions) on A4.
#[get("/meetings/<id>/print")]
async fn meeting_print(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    Ok(ctx.render("meeting_print", meeting_view(app, &user, id, None).await?))
}

#[derive(FromForm)]
struct MinutesForm {
    csrf: String,
    item: i64,
    summary: String,
}
crate::csrf_form!(MinutesForm);

#[post("/meetings/<id>/minutes", data = "<form>")]
async fn add_minutes(
    form: CsrfForm<MinutesForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let f = form.0;
    match meetings::add_minutes(app, &user.principal, id, f.item, &f.summary).await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/meetings/{id}"),
            "flash-minutes-recorded",
            &[],
        )),
        // The words come back in their own box, with the message beside it.
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let (e, message) = match e {
                AppError::Invalid(mut fe) => {
                    // The summary links to the textarea of this item.
                    fe.rename("summary", &format!("summary-{}", f.item));
                    let message = fe.iter().next().map(|x| ctx.field_message(x));
                    (AppError::Invalid(fe), message.unwrap_or_default())
                }
                other => {
                    let message = ctx.tr(other.message_key());
                    (other, message)
                }
            };
            match meeting_view(app, &user, id, Some((f.item, &f.summary, &message))).await {
                Ok(v) => Err(ctx.render_with_errors("meeting", v, &e)),
                Err(e2) => Err(ctx.error_page(&e2)),
            }
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[post("/meetings/<id>/held", data = "<form>")]
async fn meeting_held(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (HttpStatus, Template)> {
    let _ = form;
    meetings::mark_held(app, &user.principal, id)
        .await
        .map(|_| done(&ctx, format!("/meetings/{id}"), "flash-meeting-held", &[]))
        .map_err(|e| ctx.error_page(&e))
}

#[get("/zones/<code>/overview")]
async fn overview_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> PageResult<Template> {
    // The same for everyone who may read it: kept per zone, day and next meeting.
    let v = keeper::overview_version(app, &user.principal, code).await?;
    let of = format!("{}/{}/{:?}", v.zone_id, v.today, v.next_meeting);
    ctx.render_kept(app, "overview", of, v.version, async {
        let o = keeper::overview(app, &user.principal, code).await?;
        Ok::<_, PageError>(overview_json(&o))
    })
    .await
}

/// The zone's public page.
/// A zone's public items, per page, kept until its history moves on.
struct KeptPublicItems;

impl crate::memo::Kind for KeptPublicItems {
    type Key = (i64, i64);
    type Value = Vec<crate::db::items::Item>;
    const NAME: &'static str = "public_items";
    const CAPACITY: usize = 1024;
}

/// An item on the public page: the panel speaks; the person who wrote it is not named.
#[derive(Serialize)]
struct PublicRow {
    #[serde(flatten)]
    item: views::items::PublicItem,
    #[serde(flatten)]
    due: views::items::DueState,
}

#[derive(Serialize)]
struct PublicZonePage {
    checkpoint: crate::service::checkpoints::ZoneCheckpoint,
    zone: ZoneRef,
    items: Vec<PublicRow>,
    median_days: Option<i64>,
    next_page: Option<i64>,
    prev_page: Option<i64>,
    /// A string, so that 0 % shows as 0 % and not as "none yet".
    answered_percent: Option<String>,
    figures: crate::service::figures::Figures,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
}

/// The zone's public page: what panels made public, whether the council is on time, and the
/// zone's figures. No login, no personal data beyond the panels' own public items.
#[get("/zones/<code>/public?<from>&<to>&<page>")]
async fn public_zone(
    ctx: Ctx,
    _user: MaybeUser,
    app: &State<App>,
    code: &str,
    from: Option<&str>,
    to: Option<&str>,
    page: Option<i64>,
) -> PageResult<Template> {
    // Short pages: quick to load on a cheap phone, and quick to serve when a zone is in the news.
    const PER_PAGE: i64 = 30;
    let page = crate::domain::paging::page(page);
    let zone = crate::service::zones::named(app, code).await?;
    let (from, to) = period(app, from, to)?;
    // The due states and today's overdue figures change with the day.
    let today = brussels_date(app.clock.now());
    let of = format!("{}/{page}/{from}/{to}/{today}", zone.id);
    let version = zone.chain_seq;
    ctx.render_kept(app, "public_zone", of, version, async move {
        let key = (zone.id, page);
        let memo = app.memo.of::<KeptPublicItems>();
        let list = match memo.get(&key, zone.chain_seq) {
            Some(list) => list,
            None => {
                let mut c = app.db.conn().await.map_err(AppError::from)?;
                // One more than a page tells whether there is a next one.
                let list = std::sync::Arc::new(
                    crate::db::items::public_items(
                        &mut c.ex(),
                        zone.id,
                        PER_PAGE + 1,
                        crate::domain::paging::offset(page, PER_PAGE),
                    )
                    .await
                    .map_err(AppError::from)?,
                );
                memo.put(key, zone.chain_seq, list.clone());
                list
            }
        };
        let more = list.len() as i64 > PER_PAGE;
        let f = crate::service::figures::figures(app, &zone, from, to).await?;
        let checkpoint = crate::service::checkpoints::of(app, &zone).await?;
        Ok::<_, PageError>(PublicZonePage {
            checkpoint,
            items: list
                .iter()
                .take(PER_PAGE as usize)
                .map(|i| PublicRow {
                    item: views::items::public_item(i),
                    due: views::items::DueState::of(i, today),
                })
                .collect(),
            zone: ZoneRef {
                code: zone.code,
                name: zone.name,
            },
            median_days: f.median_days_to_decision.map(|d| d.round() as i64),
            next_page: more.then_some(page + 1),
            prev_page: (page > 1).then_some(page - 1),
            answered_percent: f.answered_percent.map(|p| p.to_string()),
            figures: f,
            from,
            to,
        })
    })
    .await
}
