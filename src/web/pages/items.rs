//! Bringing in an item, reading it, co-signing, submitting, addenda, and its timeline.

use super::done;
use super::item_form::{kinds, ItemValues};
use crate::app::App;
use crate::domain::policy;
use crate::error::AppError;
use crate::service::items::{self as item_service, ItemInput};
use crate::service::verdicts::{self, Judgement, VerdictState};

use crate::domain::policy::Principal;
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{MaybeUser, WebUser};
use crate::web::page::{Ctx, PageError, PageResult};
use crate::web::template::Template;
use crate::web::views;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        create_item,
        item_page,
        edit_page,
        edit_item,
        cosign,
        submit,
        add_addendum,
        give_verdict,
        reply_verdict,
        timeline
    ]
}

#[derive(FromForm)]
struct ItemForm {
    csrf: String,
    panel: Option<String>,
    kind: String,
    title: String,
    text: String,
    heard_at: Option<String>,
}
crate::csrf_form!(ItemForm);

#[post("/zones/<code>/items", data = "<form>")]
async fn create_item(
    form: CsrfForm<ItemForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let input = ItemInput {
        kind: &f.kind,
        title: &f.title,
        text: &f.text,
        heard_at: f.heard_at.as_deref(),
        lang: Some(ctx.lang),
    };
    let panel = f.panel.clone().unwrap_or_default();
    match item_service::create(app, &user.principal, code, &panel, input).await {
        Ok(item) => Ok(done(
            &ctx,
            format!("/items/{}", item.id),
            "flash-item-created",
            &[("reference", &item.reference)],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let values = ItemValues {
                panel,
                kind: f.kind,
                title: f.title,
                text: f.text,
                heard_at: f.heard_at.unwrap_or_default(),
                public: false,
            };
            Err(super::guided::render_errors(&ctx, app, &user, code, values, &e).await)
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// What this person may do with the item, each a button or a form on its page.
#[derive(Serialize)]
struct ItemAbilities {
    edit: bool,
    cosign: bool,
    submit: bool,
    addendum: bool,
    confirm_minutes: bool,
    correct_minutes: bool,
    confirm_closure: bool,
    visibility: bool,
    update_actions: bool,
    give_verdict: bool,
    reply_verdict: bool,
}

/// A step of the item's life this person may take from its page.
#[derive(Serialize)]
struct Move {
    name: &'static str,
}

/// What was typed in the verdict and the reply forms (empty until typed). `reason` is none when
/// the verdict form was sent without one.
#[derive(Serialize)]
struct VerdictAnswers {
    verdict: String,
    reason: Option<String>,
    reply: String,
}

impl Default for VerdictAnswers {
    fn default() -> Self {
        VerdictAnswers {
            verdict: String::new(),
            reason: Some(String::new()),
            reply: String::new(),
        }
    }
}

#[derive(Serialize)]
struct ItemPage {
    item: views::item_detail::ItemDetail,
    can: ItemAbilities,
    verdicts: [&'static str; Judgement::ALL.len()],
    verdict_form: VerdictAnswers,
    verdict_reply_late: bool,
    moves: Vec<Move>,
    in_panel: bool,
    signals: Vec<super::signals::SignalRow>,
    addendum_text: String,
}

async fn item_view(app: &App, p: &Principal, id: i64) -> Result<ItemPage, AppError> {
    let d = item_service::detail(app, p, id).await?;
    let facts = d.item.facts();
    let cosigned = d.cosigns.iter().any(|c| c.user_id == p.user_id);
    let in_panel = p.in_panel(d.item.panel_id);
    // Confirmed, or corrected: either way this person has answered these minutes.
    let answered = d.minutes.last().is_some_and(|m| {
        d.minutes_responses
            .iter()
            .any(|r| r.minutes_id == m.id && r.user_id == p.user_id)
    });
    let actions: Vec<Move> = super::agenda::available(p, &d)
        .into_iter()
        .filter(|a| *a != "correct-minutes")
        .map(|name| Move { name })
        .collect();
    let staff = p.has_role(d.item.zone_id, crate::domain::policy::Role::Staff);
    let council = p.has_role(d.item.zone_id, crate::domain::policy::Role::Council);
    let verdict = d.verdict();
    // Signals from beyond the panel taken up in this item, for those who may see them.
    let signals: Vec<_> = crate::service::signals::of_item(app, p, &d.item)
        .await?
        .iter()
        .map(super::signals::row)
        .collect();
    Ok(ItemPage {
        item: views::item_full(&d),
        can: ItemAbilities {
            edit: policy::edit_draft(p, &facts).is_ok(),
            cosign: policy::cosign(p, &facts).is_ok() && !cosigned,
            submit: policy::submit_draft(p, &facts).is_ok() && facts.status.is_draft(),
            addendum: policy::add_addendum(p, &facts).is_ok(),
            confirm_minutes: in_panel && !d.minutes.is_empty() && !answered,
            correct_minutes: in_panel && !d.minutes.is_empty(),
            confirm_closure: in_panel
                && facts.status == crate::domain::lifecycle::Status::ClosureProposed,
            visibility: in_panel && !facts.status.is_draft(),
            update_actions: staff,
            give_verdict: in_panel && verdict.state == VerdictState::Open,
            reply_verdict: (staff || council) && verdict.state == VerdictState::AwaitingReply,
        },
        verdicts: Judgement::ALL.map(Judgement::as_str),
        verdict_form: VerdictAnswers::default(),
        verdict_reply_late: verdict
            .latest
            .as_ref()
            .and_then(|v| v.reply_due)
            .is_some_and(|due| d.today > due),
        moves: actions,
        in_panel,
        signals,
        addendum_text: String::new(),
    })
}

/// Anyone opens a public item (its answer and timeline, names as the world sees them); a
/// visitor who may not see an item is asked to sign in.
#[get("/items/<id>")]
async fn item_page(ctx: Ctx, user: MaybeUser, app: &State<App>, id: i64) -> PageResult<Template> {
    let v = item_view(app, &user.reader(), id)
        .await
        .map_err(|e| user.or_sign_in(e))?;
    Ok(ctx.render("item", v))
}

/// What the edit form shows in its fields.
#[derive(Serialize)]
struct DraftValues<'a> {
    kind: &'a str,
    title: &'a str,
    text: &'a str,
    heard_at: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemEditPage<'a> {
    item: views::items::Item,
    kinds: Vec<&'static str>,
    form: DraftValues<'a>,
}

#[get("/items/<id>/edit")]
async fn edit_page(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    let item = item_service::visible(app, &user.principal, id).await?;
    policy::edit_draft(&user.principal, &item.facts()).map_err(AppError::from)?;
    Ok(ctx.render(
        "item_edit",
        ItemEditPage {
            item: views::item(&item),
            kinds: kinds(),
            form: DraftValues {
                kind: &item.kind,
                title: &item.title,
                text: &item.body,
                heard_at: item.heard_at.as_deref(),
            },
        },
    ))
}

#[post("/items/<id>/edit", data = "<form>")]
async fn edit_item(
    form: CsrfForm<ItemForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let input = ItemInput {
        kind: &f.kind,
        title: &f.title,
        text: &f.text,
        heard_at: f.heard_at.as_deref(),
        lang: Some(ctx.lang),
    };
    match item_service::edit_draft(app, &user.principal, id, input).await {
        Ok(_) => Ok(done(&ctx, format!("/items/{id}"), "flash-draft-saved", &[])),
        Err(e @ AppError::Invalid(_)) => {
            let item = item_service::visible(app, &user.principal, id)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Err(ctx.render_with_errors(
                "item_edit",
                ItemEditPage {
                    item: views::item(&item),
                    kinds: kinds(),
                    form: DraftValues {
                        kind: &f.kind,
                        title: &f.title,
                        text: &f.text,
                        heard_at: f.heard_at.as_deref(),
                    },
                },
                &e,
            ))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[post("/items/<id>/cosign", data = "<form>")]
async fn cosign(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let _ = form;
    item_service::cosign(app, &user.principal, id)
        .await
        .map(|_| done(&ctx, format!("/items/{id}"), "flash-cosigned", &[]))
        .map_err(|e| ctx.error_page(&e))
}

#[post("/items/<id>/submit", data = "<form>")]
async fn submit(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let _ = form;
    item_service::submit(app, &user.principal, id)
        .await
        .map(|i| {
            done(
                &ctx,
                format!("/items/{id}"),
                "flash-submitted",
                &[("reference", &i.reference)],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

#[derive(FromForm)]
struct AddendumForm {
    csrf: String,
    text: String,
}
crate::csrf_form!(AddendumForm);

#[post("/items/<id>/addenda", data = "<form>")]
async fn add_addendum(
    form: CsrfForm<AddendumForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let text = form.0.text;
    match item_service::add_addendum(app, &user.principal, id, &text).await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/items/{id}"),
            "flash-addendum-added",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut view = item_view(app, &user.principal, id)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.addendum_text = text;
            Err(ctx.render_with_errors("item", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct VerdictForm {
    csrf: String,
    verdict: Option<String>,
    reason: Option<String>,
}
crate::csrf_form!(VerdictForm);

/// A panel member says whether the panel got an answer.
#[post("/items/<id>/verdict", data = "<form>")]
async fn give_verdict(
    form: CsrfForm<VerdictForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let verdict = f.verdict.as_deref().unwrap_or("");
    let result = verdicts::give(app, &user.principal, id, verdict, f.reason.as_deref()).await;
    let typed = VerdictAnswers {
        verdict: verdict.to_string(),
        reason: f.reason,
        reply: String::new(),
    };
    verdict_step(&ctx, app, &user, id, result, "flash-verdict-given", typed).await
}

/// After a verdict or the council's reply: back to the item's verdict section, or the item again
/// with what was typed and the message beside its field.
async fn verdict_step(
    ctx: &Ctx,
    app: &App,
    user: &WebUser,
    id: i64,
    result: Result<(), AppError>,
    flash: &'static str,
    typed: VerdictAnswers,
) -> Result<Flash<Redirect>, (Status, Template)> {
    match result {
        Ok(()) => Ok(done(
            ctx,
            format!("/items/{id}#verdict-heading"),
            flash,
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut view = item_view(app, &user.principal, id)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            view.verdict_form = typed;
            Err(ctx.render_with_errors("item", view, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct VerdictReplyForm {
    csrf: String,
    reply: String,
}
crate::csrf_form!(VerdictReplyForm);

/// Staff or a council member answer the panel's "not answered".
#[post("/items/<id>/verdict-reply", data = "<form>")]
async fn reply_verdict(
    form: CsrfForm<VerdictReplyForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let reply = form.0.reply;
    let result = verdicts::answer(app, &user.principal, id, &reply).await;
    let typed = VerdictAnswers {
        reply,
        ..VerdictAnswers::default()
    };
    verdict_step(&ctx, app, &user, id, result, "flash-verdict-replied", typed).await
}

#[get("/items/<id>/timeline")]
async fn timeline(ctx: Ctx, user: MaybeUser, app: &State<App>, id: i64) -> PageResult<Template> {
    let reader = user.reader();
    let build = async {
        let (item, rows) = item_service::timeline(app, &reader, id)
            .await
            .map_err(|e| user.or_sign_in(e))?;
        Ok::<_, PageError>(super::TimelinePage {
            subject: super::TimelineSubject {
                r#type: "item",
                reference: item.reference,
                title: item.title,
                back: format!("/items/{id}"),
            },
            events: views::timeline(&rows),
        })
    };
    // Everyone in the item's zone reads the same timeline: kept per version of the zone's
    // history. Anyone else reads it with the names the world may read, built each time.
    match item_service::timeline_version(app, &reader, id)
        .await
        .map_err(|e| user.or_sign_in(e))?
    {
        Some(version) => {
            ctx.render_kept(app, "timeline", id.to_string(), version, build)
                .await
        }
        None => Ok(ctx.render("timeline", build.await?)),
    }
}
