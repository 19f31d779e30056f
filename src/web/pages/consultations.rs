//! Consultations on pages: the list, asking, the question with its advices, writing the advice,
//! notes and dissent, the report back per point, turning a point into an item, the timeline.

use super::done;
use crate::app::App;
use crate::db::zones;
use crate::domain::consultation::{self as rules, PointOutcome};
use crate::domain::policy::PanelKind;
use crate::error::AppError;
use crate::service::consultations::{self as service, AskInput, ReportInput};
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use crate::web::views;
use crate::web::views::consultations::{self as view, Advice, Consultation};
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;
use std::collections::HashMap;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        list,
        new_page,
        ask,
        page,
        advice_page,
        save_advice,
        submit_advice,
        note_page,
        add_note,
        react,
        report_page,
        report_back,
        point_to_item,
        timeline
    ]
}

type FormResult = Result<Flash<Redirect>, (Status, Template)>;

/// A zone's consultations.
#[derive(Serialize)]
struct ListPage {
    zone: zones::Zone,
    can_ask: bool,
    /// `views::consultations::row` for each.
    consultations: Vec<view::ConsultationRow>,
}

#[get("/zones/<code>/consultations")]
async fn list(ctx: Ctx, user: WebUser, app: &State<App>, code: &str) -> PageResult<Template> {
    let rows = service::list(app, &user.principal, code).await?;
    let zone = zone(app, code).await?;
    let can_ask = rules::ask(&user.principal, zone.id).is_ok();
    Ok(ctx.render(
        "consultations",
        ListPage {
            zone,
            can_ask,
            consultations: rows.iter().map(view::row).collect(),
        },
    ))
}

async fn zone(app: &App, code: &str) -> Result<zones::Zone, AppError> {
    let mut c = app.db.conn().await?;
    zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(FromForm, Default)]
struct AskForm {
    csrf: String,
    title: Option<String>,
    question: Option<String>,
    background: Option<String>,
    links: Option<String>,
    advice_due: Option<String>,
    panels: Vec<String>,
    participants: Vec<String>,
    invite: Option<String>,
}
crate::csrf_form!(AskForm);

/// The form to ask a consultation, empty or as it was sent.
#[derive(Serialize)]
struct AskPage<'a> {
    zone: &'a zones::Zone,
    panels: Vec<PanelChoice>,
    people: Vec<PersonChoice>,
    form: AskFormView<'a>,
}

/// A panel of the zone that can be asked.
#[derive(Serialize)]
struct PanelChoice {
    slug: String,
    name: String,
    kind: String,
    checked: bool,
    klankbord: bool,
}

/// A member of a klankbordgroep who can be asked in person.
#[derive(Serialize)]
struct PersonChoice {
    panel: String,
    id: i64,
    name: String,
    checked: bool,
}

#[derive(Serialize)]
struct AskFormView<'a> {
    title: Option<&'a str>,
    question: Option<&'a str>,
    background: Option<&'a str>,
    links: Option<&'a str>,
    advice_due: Option<&'a str>,
    invite: Option<&'a str>,
}

async fn ask_view<'a>(
    app: &App,
    zone: &'a zones::Zone,
    form: &'a AskForm,
) -> Result<AskPage<'a>, AppError> {
    let mut c = app.db.conn().await?;
    let panels: Vec<PanelChoice> = zones::panels(&mut c.ex(), zone.id)
        .await?
        .into_iter()
        .map(|p| PanelChoice {
            checked: form.panels.contains(&p.slug),
            klankbord: p.kind == PanelKind::Klankbordgroep.as_str(),
            slug: p.slug,
            name: p.name,
            kind: p.kind,
        })
        .collect();
    drop(c);
    let people: Vec<PersonChoice> = service::klankbord_people(app, zone.id)
        .await?
        .into_iter()
        .map(|(panel, id, name)| PersonChoice {
            panel,
            id,
            name,
            checked: form.participants.contains(&id.to_string()),
        })
        .collect();
    Ok(AskPage {
        zone,
        panels,
        people,
        form: AskFormView {
            title: form.title.as_deref(),
            question: form.question.as_deref(),
            background: form.background.as_deref(),
            links: form.links.as_deref(),
            advice_due: form.advice_due.as_deref(),
            invite: form.invite.as_deref(),
        },
    })
}

#[get("/zones/<code>/consultations/new")]
async fn new_page(ctx: Ctx, user: WebUser, app: &State<App>, code: &str) -> PageResult<Template> {
    let zone = zone(app, code).await?;
    rules::ask(&user.principal, zone.id).map_err(AppError::from)?;
    let empty = AskForm::default();
    let v = ask_view(app, &zone, &empty).await?;
    Ok(ctx.render("consultation_new", v))
}

#[post("/zones/<code>/consultations", data = "<form>")]
async fn ask(
    form: CsrfForm<AskForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> FormResult {
    let f = form.0;
    let mut participants = vec![];
    for p in &f.participants {
        match p.trim().parse::<i64>() {
            Ok(id) => participants.push(id),
            Err(_) => participants.push(0),
        }
    }
    let input = AskInput {
        title: f.title.as_deref().unwrap_or(""),
        question: f.question.as_deref().unwrap_or(""),
        background: f.background.as_deref().unwrap_or(""),
        links: f.links.as_deref().unwrap_or(""),
        advice_due: f.advice_due.as_deref().unwrap_or(""),
        panels: f.panels.clone(),
        participants,
        invite: f.invite.as_deref().unwrap_or(""),
    };
    match service::ask(app, &user.principal, code, input).await {
        Ok(asked) => Ok(done(
            &ctx,
            format!("/consultations/{}", asked.consultation.id),
            "flash-consultation-asked",
            &[("reference", &asked.consultation.reference)],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let zone = zone(app, code).await.map_err(|e| ctx.error_page(&e))?;
            let v = ask_view(app, &zone, &f)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Err(ctx.render_with_errors("consultation_new", v, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// The consultation page's context: the question, advices, discussion, what the viewer may do.
#[derive(Serialize)]
struct ConsultationPage<'a> {
    c: Consultation,
    can: ConsultationCan,
    form: ReactionFormView<'a>,
}

#[derive(Serialize)]
struct ConsultationCan {
    react: bool,
    report: bool,
}

#[derive(Serialize)]
struct ReactionFormView<'a> {
    text: &'a str,
    note_kind: &'static str,
}

async fn page_view<'a>(
    app: &App,
    user: &WebUser,
    id: i64,
) -> Result<ConsultationPage<'a>, AppError> {
    let d = service::detail(app, &user.principal, id).await?;
    Ok(ConsultationPage {
        c: view::detail(&d),
        can: ConsultationCan {
            react: d.can_react,
            report: d.can_report,
        },
        form: ReactionFormView {
            text: "",
            note_kind: "note",
        },
    })
}

#[get("/consultations/<id>")]
async fn page(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    Ok(ctx.render("consultation", page_view(app, &user, id).await?))
}

/// The advice of `panel` as its writers see it, with a form for a new version.
async fn advice_view(
    app: &App,
    user: &WebUser,
    id: i64,
    panel: &str,
) -> Result<(Consultation, Advice), AppError> {
    let d = service::detail(app, &user.principal, id).await?;
    let advice = d
        .advices
        .iter()
        .find(|a| a.panel_slug == panel)
        .ok_or(AppError::NotFound)?;
    if !d.my_panels.contains(&advice.panel_id) {
        return Err(AppError::Forbidden);
    }
    let c = view::detail(&d);
    let a = c
        .advices
        .iter()
        .find(|x| x.id == advice.id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((c, a))
}

/// An advice being written: the consultation, the advice and the form for a new version.
#[derive(Serialize)]
struct AdvicePage {
    c: Consultation,
    advice: Advice,
    /// Only when the form comes back after a failed save.
    #[serde(skip_serializing_if = "Option::is_none")]
    conflict: Option<bool>,
    form: AdviceFormView,
}

/// The text and the version it starts from: the advice's own, or as the writer sent them.
#[derive(Serialize)]
struct AdviceFormView {
    text: Option<String>,
    base: Option<i64>,
}

#[get("/consultations/<id>/advice/<panel>")]
async fn advice_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> PageResult<Template> {
    let (c, a) = advice_view(app, &user, id, panel).await?;
    if a.status != "drafting" {
        return Err(AppError::Conflict("error-advice-frozen").into());
    }
    let form = AdviceFormView {
        text: a.text.clone(),
        base: Some(a.version),
    };
    Ok(ctx.render(
        "consultation_advice",
        AdvicePage {
            c,
            advice: a,
            conflict: None,
            form,
        },
    ))
}

#[derive(FromForm)]
struct AdviceForm {
    csrf: String,
    text: Option<String>,
    base: Option<i64>,
}
crate::csrf_form!(AdviceForm);

#[post("/consultations/<id>/advice/<panel>", data = "<form>")]
async fn save_advice(
    form: CsrfForm<AdviceForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> FormResult {
    let f = form.0;
    let text = f.text.unwrap_or_default();
    match service::save_advice(app, &user.principal, id, panel, &text, f.base).await {
        Ok(v) => Ok(done(
            &ctx,
            format!("/consultations/{id}#advice-{panel}"),
            "flash-advice-saved",
            &[("version", &v.to_string())],
        )),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict("error-advice-changed"))) => {
            let (c, a) = advice_view(app, &user, id, panel)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            // On a conflict the writer keeps their text and sees the newer version above it;
            // saving again starts from that version.
            let conflict = matches!(e, AppError::Conflict(_));
            let base = if conflict { Some(a.version) } else { f.base };
            Err(ctx.render_with_errors(
                "consultation_advice",
                AdvicePage {
                    c,
                    advice: a,
                    conflict: Some(conflict),
                    form: AdviceFormView {
                        text: Some(text),
                        base,
                    },
                },
                &e,
            ))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[post("/consultations/<id>/advice/<panel>/submit", data = "<form>")]
async fn submit_advice(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> FormResult {
    let _ = form;
    service::submit_advice(app, &user.principal, id, panel)
        .await
        .map(|_| {
            done(
                &ctx,
                format!("/consultations/{id}#advice-{panel}"),
                "flash-advice-submitted",
                &[],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

#[derive(FromForm)]
struct NoteForm {
    csrf: String,
    kind: Option<String>,
    text: Option<String>,
}
crate::csrf_form!(NoteForm);

/// A personal note or a dissenting view: a small page of its own, like every move on an item.
#[derive(Serialize)]
struct NotePage<'a> {
    c: Consultation,
    advice: Advice,
    form: NoteFormView<'a>,
}

#[derive(Serialize)]
struct NoteFormView<'a> {
    /// `note` or `dissent`.
    kind: &'static str,
    text: &'a str,
}

async fn note_view<'a>(
    app: &App,
    user: &WebUser,
    id: i64,
    panel: &str,
    kind: &str,
    text: &'a str,
) -> Result<NotePage<'a>, AppError> {
    let (c, a) = advice_view(app, user, id, panel).await?;
    let kind = if kind == "dissent" { "dissent" } else { "note" };
    Ok(NotePage {
        c,
        advice: a,
        form: NoteFormView { kind, text },
    })
}

#[get("/consultations/<id>/advice/<panel>/notes?<kind>")]
async fn note_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
    kind: Option<&str>,
) -> PageResult<Template> {
    let v = note_view(app, &user, id, panel, kind.unwrap_or("note"), "").await?;
    Ok(ctx.render("consultation_note", v))
}

#[post("/consultations/<id>/advice/<panel>/notes", data = "<form>")]
async fn add_note(
    form: CsrfForm<NoteForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> FormResult {
    let f = form.0;
    let kind = f.kind.unwrap_or_default();
    let text = f.text.unwrap_or_default();
    match service::add_note(app, &user.principal, id, panel, &kind, &text).await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/consultations/{id}#advice-{panel}"),
            "flash-note-added",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let v = note_view(app, &user, id, panel, &kind, &text)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Err(ctx.render_with_errors("consultation_note", v, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct TextForm {
    csrf: String,
    text: Option<String>,
}
crate::csrf_form!(TextForm);

#[post("/consultations/<id>/reactions", data = "<form>")]
async fn react(
    form: CsrfForm<TextForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> FormResult {
    let text = form.0.text.unwrap_or_default();
    match service::react(app, &user.principal, id, &text).await {
        Ok(_) => Ok(done(
            &ctx,
            format!("/consultations/{id}#discussion"),
            "flash-reaction-added",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut v = page_view(app, &user, id)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            v.form.text = &text;
            Err(ctx.render_with_errors("consultation", v, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// Reporting back on an advice: each of its points with its outcome and reasons.
#[derive(Serialize)]
struct ReportPage<'a> {
    c: view::ConsultationSummary,
    panel: PanelName,
    points: Vec<PointView<'a>>,
    outcomes: Vec<&'static str>,
    form: ReportFormView,
}

#[derive(Serialize)]
struct PanelName {
    slug: String,
    name: String,
}

/// One point of the advice, with what was answered and any message next to its fields.
#[derive(Serialize)]
struct PointView<'a> {
    n: i64,
    text: String,
    outcome: String,
    reasons: String,
    outcome_error: Option<&'a str>,
    reasons_error: Option<&'a str>,
    outcome_field: String,
    reasons_field: String,
}

#[derive(Serialize)]
struct ReportFormView {
    summary: String,
}

async fn report_view<'a>(
    app: &App,
    user: &WebUser,
    id: i64,
    panel: &str,
    answers: &HashMap<String, String>,
    errors: &'a HashMap<String, String>,
) -> Result<ReportPage<'a>, AppError> {
    let d = service::detail(app, &user.principal, id).await?;
    if !d.can_report {
        return Err(AppError::Forbidden);
    }
    let advice = d
        .advices
        .iter()
        .find(|a| a.panel_slug == panel)
        .ok_or(AppError::NotFound)?;
    if advice.status != "submitted" {
        return Err(AppError::Conflict(if advice.status == "reported" {
            "error-already-reported"
        } else {
            "error-advice-not-submitted"
        }));
    }
    let points: Vec<PointView> = d
        .points_of(advice)
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let n = i as i64 + 1;
            let outcome = answers
                .get(&service::point_field(n, "outcome"))
                .cloned()
                .unwrap_or_default();
            let reasons = answers
                .get(&service::point_field(n, "reasons"))
                .cloned()
                .unwrap_or_default();
            let outcome_field = service::point_field(n, "outcome");
            let reasons_field = service::point_field(n, "reasons");
            PointView {
                n,
                text,
                outcome,
                reasons,
                outcome_error: errors.get(&outcome_field).map(String::as_str),
                reasons_error: errors.get(&reasons_field).map(String::as_str),
                outcome_field,
                reasons_field,
            }
        })
        .collect();
    let outcomes: Vec<&str> = PointOutcome::ALL.iter().map(|o| o.as_str()).collect();
    Ok(ReportPage {
        c: view::summary(&d.consultation),
        panel: PanelName {
            slug: advice.panel_slug.clone(),
            name: advice.panel_name.clone(),
        },
        points,
        outcomes,
        form: ReportFormView {
            summary: answers.get("summary").cloned().unwrap_or_default(),
        },
    })
}

#[get("/consultations/<id>/report/<panel>")]
async fn report_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> PageResult<Template> {
    let none = HashMap::new();
    let v = report_view(app, &user, id, panel, &none, &none).await?;
    Ok(ctx.render("consultation_report", v))
}

#[derive(FromForm)]
struct ReportForm {
    csrf: String,
    summary: Option<String>,
    /// `answers[outcome-N]` and `answers[reasons-N]` per point N.
    answers: HashMap<String, String>,
}
crate::csrf_form!(ReportForm);

#[post("/consultations/<id>/report/<panel>", data = "<form>")]
async fn report_back(
    form: CsrfForm<ReportForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> FormResult {
    let f = form.0;
    let mut points: Vec<(i64, String, String)> = vec![];
    for (k, v) in &f.answers {
        let Some((what, n)) = k.rsplit_once('-') else {
            continue;
        };
        let Ok(n) = n.parse::<i64>() else { continue };
        let at = match points.iter().position(|(m, _, _)| *m == n) {
            Some(i) => i,
            None => {
                points.push((n, String::new(), String::new()));
                points.len() - 1
            }
        };
        match what {
            "outcome" => points[at].1 = v.clone(),
            "reasons" => points[at].2 = v.clone(),
            _ => {}
        }
    }
    let summary = f.summary.clone().unwrap_or_default();
    let input = ReportInput {
        panel,
        summary: &summary,
        points,
    };
    match service::report_back(app, &user.principal, id, input).await {
        Ok(()) => Ok(done(
            &ctx,
            format!("/consultations/{id}#advice-{panel}"),
            "flash-reported-back",
            &[],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let mut answers = f.answers.clone();
            answers.insert("summary".into(), summary);
            // Each point's messages stand next to its own fields.
            let messages: HashMap<String, String> = match &e {
                AppError::Invalid(fe) => fe
                    .iter()
                    .map(|x| (x.field.clone(), ctx.field_message(x)))
                    .collect(),
                _ => HashMap::new(),
            };
            let v = report_view(app, &user, id, panel, &answers, &messages)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            Err(ctx.render_with_errors("consultation_report", v, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct PointForm {
    csrf: String,
    point: Option<i64>,
    title: Option<String>,
}
crate::csrf_form!(PointForm);

#[post("/consultations/<id>/advice/<panel>/items", data = "<form>")]
async fn point_to_item(
    form: CsrfForm<PointForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    panel: &str,
) -> FormResult {
    let f = form.0;
    let point = f.point.unwrap_or(0);
    service::point_to_item(app, &user.principal, id, panel, point, f.title.as_deref())
        .await
        .map(|(item, reference)| {
            done(
                &ctx,
                format!("/items/{item}"),
                "flash-point-made-item",
                &[("reference", &reference)],
            )
        })
        .map_err(|e| ctx.error_page(&e))
}

#[get("/consultations/<id>/timeline")]
async fn timeline(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    let (c, rows) = service::timeline(app, &user.principal, id).await?;
    Ok(ctx.render(
        "timeline",
        super::TimelinePage {
            subject: super::TimelineSubject {
                r#type: "consultation",
                reference: c.reference,
                title: c.title,
                back: format!("/consultations/{id}"),
            },
            events: views::timeline(&rows),
        },
    ))
}
