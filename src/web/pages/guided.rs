//! Bringing in an item as a short guided flow: what is it about, what do you want to say, who
//! should know, then check and send. No JavaScript: every step is a form that carries the
//! earlier answers along, and nothing is stored until the last step.

use super::done;
use super::inclusive::PageControls;
use super::item_form::{kinds, own_panels, ItemValues, PanelChoice};
use crate::app::App;
use crate::error::AppError;
use crate::service::agenda as agenda_service;
use crate::service::items::{self as item_service, ItemInput};
use crate::service::search::SimilarItem;
use crate::service::zones as zone_service;
use crate::web::csrf::CsrfForm;
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views::ZoneRef;
use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![start, step]
}

pub const STEPS: u8 = 4;

/// The fields each step asks for.
fn step_fields(step: u8) -> &'static [&'static str] {
    match step {
        1 => &["kind", "title"],
        2 => &["text"],
        3 => &["panel", "heard_at"],
        _ => &[],
    }
}

#[derive(FromForm, Default, Clone)]
struct GuidedForm {
    csrf: String,
    step: u8,
    go: Option<String>,
    ctl: PageControls,
    panel: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    text: Option<String>,
    heard_at: Option<String>,
    public: Option<String>,
}
crate::csrf_form!(GuidedForm);

impl GuidedForm {
    fn values(&self) -> ItemValues {
        ItemValues {
            panel: self.panel.clone().unwrap_or_default(),
            kind: self.kind.clone().unwrap_or_default(),
            title: self.title.clone().unwrap_or_default(),
            text: self.text.clone().unwrap_or_default(),
            heard_at: self.heard_at.clone().unwrap_or_default(),
            public: self.public.is_some(),
        }
    }
}

/// One step of the guided flow, with every answer so far.
#[derive(Serialize)]
pub struct GuidedStep {
    zone: ZoneRef,
    similar: Vec<SimilarItem>,
    panels: Vec<PanelChoice>,
    kinds: Vec<&'static str>,
    form: ItemValues,
    /// The chosen panel's name; none before one is chosen.
    panel_name: Option<String>,
    step: u8,
    steps: u8,
    is_step1: bool,
    is_step2: bool,
    is_step3: bool,
    is_review: bool,
    prev: u8,
    keep_form: &'static str,
}

pub async fn view(
    app: &App,
    user: &WebUser,
    code: &str,
    step: u8,
    form: ItemValues,
) -> Result<GuidedStep, AppError> {
    let zone = zone_service::zone_for(app, &user.principal, code).await?;
    let panels = own_panels(app, user, zone.id).await?;
    if panels.is_empty() {
        return Err(AppError::Forbidden);
    }
    let panel_name = panels
        .iter()
        .find(|p| p.slug == form.panel)
        .map(|p| p.name.clone());
    // Once the text is written (from step 3 on): items of the zone that say the same, so the
    // panel can support one instead of starting over.
    let similar = if step >= 3 {
        let text = format!("{} {}", form.title, form.text);
        crate::service::search::similar(app, &user.principal, &zone.code, &text, None).await?
    } else {
        vec![]
    };
    Ok(GuidedStep {
        zone: ZoneRef {
            code: zone.code,
            name: zone.name,
        },
        similar,
        panels,
        kinds: kinds(),
        form,
        panel_name,
        step,
        steps: STEPS,
        is_step1: step == 1,
        is_step2: step == 2,
        is_step3: step == 3,
        is_review: step == STEPS,
        prev: step.saturating_sub(1),
        keep_form: "guided-form",
    })
}

#[get("/zones/<code>/items/new?<panel>")]
async fn start(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    panel: Option<&str>,
) -> PageResult<Template> {
    let form = ItemValues {
        panel: panel.unwrap_or("").to_string(),
        ..ItemValues::default()
    };
    Ok(ctx.render("item_new", view(app, &user, code, 1, form).await?))
}

#[post("/zones/<code>/items/new", data = "<form>")]
async fn step(
    form: CsrfForm<GuidedForm>,
    mut ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    jar: &CookieJar<'_>,
) -> Result<Result<Template, Flash<Redirect>>, (Status, Template)> {
    let f = form.0;
    let current = f.step.clamp(1, STEPS);
    // Another language or larger letters halfway: the same step again, everything kept.
    if f.ctl.used() {
        f.ctl.apply(&mut ctx, jar, app).await;
        let v = view(app, &user, code, current, f.values())
            .await
            .map_err(|e| ctx.error_page(&e))?;
        return Ok(Ok(ctx.render("item_new", v)));
    }
    let input = ItemInput {
        kind: f.kind.as_deref().unwrap_or(""),
        title: f.title.as_deref().unwrap_or(""),
        text: f.text.as_deref().unwrap_or(""),
        heard_at: f.heard_at.as_deref(),
        lang: Some(ctx.lang),
    };
    // Check only what this step asked (and, when sending, everything).
    let errors = match item_service::validate_input(&input) {
        Ok(()) => Default::default(),
        Err(e) => e,
    };
    let relevant = |step: u8| -> crate::domain::validate::FieldErrors {
        let mut out = crate::domain::validate::FieldErrors::default();
        for e in errors.iter() {
            if step == STEPS || step_fields(step).contains(&e.field.as_str()) {
                out.add_with(&e.field, e.key, e.args.clone());
            }
        }
        if (step == 3 || step == STEPS) && f.panel.as_deref().unwrap_or("").is_empty() {
            out.add("panel", "error-panel");
        }
        out
    };
    let render = |step: u8, err: Option<AppError>| {
        let ctx = &ctx;
        let app = &app;
        let user = &user;
        let values = f.values();
        async move {
            let v = view(app, user, code, step, values)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Ok::<_, (Status, Template)>(match err {
                Some(e) => Err(ctx.render_with_errors("item_new", v, &e)),
                None => Ok(ctx.render("item_new", v)),
            })
        }
    };
    let go = f.go.as_deref().unwrap_or("");
    if let Some(back) = go.strip_prefix("step-") {
        let to = back.parse::<u8>().unwrap_or(1).clamp(1, STEPS);
        return render(to, None).await?.map(Ok);
    }
    let errs = relevant(current);
    if !errs.is_empty() {
        return render(current, Some(AppError::Invalid(errs)))
            .await?
            .map(Ok);
    }
    if current < STEPS || (go != "draft" && go != "submit") {
        return render((current + 1).min(STEPS), None).await?.map(Ok);
    }
    let panel = f.panel.clone().unwrap_or_default();
    let item = item_service::create(app, &user.principal, code, &panel, input)
        .await
        .map_err(|e| ctx.error_page(&e))?;
    if f.public.is_some() {
        agenda_service::set_public(app, &user.principal, item.id, true)
            .await
            .map_err(|e| ctx.error_page(&e))?;
    }
    if go == "submit" {
        item_service::submit(app, &user.principal, item.id)
            .await
            .map_err(|e| ctx.error_page(&e))?;
        return Ok(Err(done(
            &ctx,
            format!("/items/{}", item.id),
            "flash-submitted",
            &[("reference", &item.reference)],
        )));
    }
    Ok(Err(done(
        &ctx,
        format!("/items/{}", item.id),
        "flash-item-created",
        &[("reference", &item.reference)],
    )))
}

/// Shows the guided form again at the first step that has an error (for the one-form route).
pub async fn render_errors(
    ctx: &Ctx,
    app: &App,
    user: &WebUser,
    code: &str,
    values: ItemValues,
    err: &AppError,
) -> (Status, Template) {
    let step = match err {
        AppError::Invalid(fe) => (1..STEPS)
            .find(|s| {
                fe.iter()
                    .any(|e| step_fields(*s).contains(&e.field.as_str()))
            })
            .unwrap_or(1),
        _ => 1,
    };
    match view(app, user, code, step, values).await {
        Ok(v) => ctx.render_with_errors("item_new", v, err),
        Err(e) => ctx.error_page(&e),
    }
}
