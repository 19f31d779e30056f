//! Open intake pages: the public "Breng iets in" form of a zone (no account), the thank-you and
//! private follow pages of a sender, and for the zone its list of signals, a form to record one
//! heard elsewhere, each signal's page and one small page per triage step.

use super::done;
use super::inclusive::PageControls;
use crate::app::App;
use crate::db::signals::Signal;
use crate::domain::lifecycle::ItemKind;
use crate::domain::signals::{self as rules, Relation, SignalStatus, Triage};
use crate::error::AppError;
use crate::service::signals::{
    self as signal_service, PublicInput, RecordInput, TriageInput, HONEYPOT_FIELD,
};
use crate::web::body::Limited;
use crate::web::csrf::CsrfForm;
use crate::web::guards::{ClientAddr, MaybeUser, WebUser};
use crate::web::page::{Ctx, PageFailure, PageResult};
use crate::web::template::Template;
use crate::web::views;
use crate::web::views::signals::{follow as follow_json, signal as signal_json};
use crate::web::views::timeline::signal_timeline as zone_timeline;
use crate::web::views::ZoneRef;
use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;
use std::collections::BTreeMap;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        new_page,
        bring_in,
        thanks_page,
        follow_page,
        unsubscribe_page,
        unsubscribe_now,
        list_page,
        record_page,
        record,
        signal_page,
        triage_page,
        triage
    ]
}

/// The honeypot's name on the public form: nothing a browser would fill in by itself (no name,
/// email, phone or address), so only scripts that fill every field trip over it.
pub const HONEYPOT_NAME: &str = "bs_extra_veld";

/// The order of the fields on the forms, so the error summary follows the page.
const FIELD_ORDER: &[&str] = &[
    "text",
    "person_name",
    "relation",
    "heard_at",
    "contact",
    "may_contact",
    "panel",
    "kind",
    "title",
    "item",
    "reason",
    "action",
];

/// One line of the error summary; `field` is `None` for a line without a link.
#[derive(Serialize)]
struct SummaryLine<'a> {
    field: Option<&'a str>,
    message: String,
}

/// A form's page with its errors: each message by field name, and the summary at the top.
#[derive(Serialize)]
struct WithErrors<'a, T> {
    #[serde(flatten)]
    page: T,
    errors: BTreeMap<&'a str, String>,
    error_list: Vec<SummaryLine<'a>>,
}

/// Renders a form again with its errors. A honeypot error is listed without a link (its field is
/// hidden); too many signals is a 429 with the form and the text kept, so nothing typed is lost.
fn form_errors(
    ctx: &Ctx,
    name: &'static str,
    extra: impl Serialize,
    err: &AppError,
) -> (Status, Template) {
    let mut fields = BTreeMap::new();
    let mut list: Vec<(usize, SummaryLine)> = vec![];
    match err {
        AppError::Invalid(fe) => {
            for e in fe.iter() {
                let field = &e.field;
                let text = ctx.field_message(e);
                let at = FIELD_ORDER
                    .iter()
                    .position(|f| f == field)
                    .unwrap_or(FIELD_ORDER.len());
                if field == HONEYPOT_FIELD {
                    list.push((
                        0,
                        SummaryLine {
                            field: None,
                            message: text,
                        },
                    ));
                } else {
                    let line = ctx.summary_line(e, &text);
                    fields.insert(field.as_str(), text);
                    list.push((
                        at + 1,
                        SummaryLine {
                            field: Some(field),
                            message: line,
                        },
                    ));
                }
            }
        }
        AppError::TooManyRequests(_) => list.push((
            0,
            SummaryLine {
                field: None,
                message: ctx.tr("error-signal-too-many"),
            },
        )),
        other => return ctx.error_page(other),
    }
    list.sort_by_key(|(at, _)| *at);
    let page = WithErrors {
        page: extra,
        errors: fields,
        error_list: list.into_iter().map(|(_, v)| v).collect(),
    };
    (Status::new(err.status()), ctx.render(name, page))
}

fn relations() -> Vec<&'static str> {
    Relation::ALL.iter().map(|r| r.as_str()).collect()
}

impl From<crate::db::zones::Zone> for ZoneRef {
    fn from(z: crate::db::zones::Zone) -> Self {
        ZoneRef {
            code: z.code,
            name: z.name,
        }
    }
}

async fn zone_ref(app: &App, code: &str) -> Result<ZoneRef, AppError> {
    let mut c = app.db.conn().await?;
    let zone = crate::db::zones::by_code(&mut c.ex(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(zone.into())
}

/// What was typed on the public form.
#[derive(Serialize)]
struct PublicFormEcho<'a> {
    text: &'a str,
    contact: &'a str,
    relation: &'a str,
}

/// The public "Breng iets in" page.
#[derive(Serialize)]
struct PublicPage<'a> {
    zone: ZoneRef,
    form: PublicFormEcho<'a>,
    relations: Vec<&'static str>,
    honeypot: &'static str,
    keep_form: &'static str,
}

fn public_view(zone: ZoneRef, form: PublicFormEcho<'_>) -> PublicPage<'_> {
    PublicPage {
        zone,
        form,
        relations: relations(),
        honeypot: HONEYPOT_NAME,
        keep_form: "signal-form",
    }
}

/// The public "Breng iets in" page of a zone: anyone, no account.
#[get("/zones/<code>/signals/new")]
async fn new_page(ctx: Ctx, app: &State<App>, code: &str) -> PageResult<Template> {
    let zone = zone_ref(app, code).await?;
    let form = PublicFormEcho {
        text: "",
        contact: "",
        relation: "",
    };
    Ok(ctx.render("signal_new", public_view(zone, form)))
}

#[derive(FromForm)]
struct PublicForm {
    csrf: String,
    text: Option<String>,
    contact: Option<String>,
    relation: Option<String>,
    #[field(name = "bs_extra_veld")]
    trap: Option<String>,
    ctl: PageControls,
}
crate::csrf_form!(PublicForm);

/// `Ok(Err(page))`: the same form again, after a language or reading choice.
#[post("/zones/<code>/signals", data = "<form>")]
async fn bring_in(
    form: Limited<CsrfForm<PublicForm>>,
    mut ctx: Ctx,
    client: ClientAddr,
    app: &State<App>,
    code: &str,
    jar: &CookieJar<'_>,
) -> Result<Result<Redirect, Template>, PageFailure> {
    let f = form.0 .0;
    let text = f.text.clone().unwrap_or_default();
    if f.ctl.used() {
        f.ctl.apply(&mut ctx, jar, app).await;
        let zone = zone_ref(app, code)
            .await
            .map_err(|e| PageFailure::page(&ctx, e))?;
        let form = PublicFormEcho {
            text: &text,
            contact: f.contact.as_deref().unwrap_or(""),
            relation: f.relation.as_deref().unwrap_or(""),
        };
        return Ok(Err(ctx.render("signal_new", public_view(zone, form))));
    }
    let input = PublicInput {
        text: &text,
        contact: f.contact.as_deref(),
        relation: f.relation.as_deref(),
        lang: Some(ctx.lang),
        honeypot: f.trap.as_deref(),
        via: "web",
    };
    match signal_service::bring_in(app, code, input, &client.0).await {
        // Post/redirect/get: reloading the thank-you page does not send the signal twice.
        Ok(b) => Ok(Ok(Redirect::to(format!("/signals/thanks/{}", b.token)))),
        Err(e @ (AppError::Invalid(_) | AppError::TooManyRequests(_))) => {
            let zone = zone_ref(app, code)
                .await
                .map_err(|e| PageFailure::page(&ctx, e))?;
            // The trap field goes back empty: a person who sends again gets through.
            let form = PublicFormEcho {
                text: &text,
                contact: f.contact.as_deref().unwrap_or(""),
                relation: f.relation.as_deref().unwrap_or(""),
            };
            let (status, page) = form_errors(&ctx, "signal_new", public_view(zone, form), &e);
            Err(PageFailure::from_parts(status, page, e.retry_after()))
        }
        Err(e) => Err(PageFailure::page(&ctx, e)),
    }
}

/// The thank-you page.
#[derive(Serialize)]
struct ThanksPage {
    signal: views::signals::SignalFollow,
    id: i64,
    link: String,
    follow_path: String,
    zone_may: bool,
}

/// After bringing in (or recording) a signal: its reference and the private link to keep.
#[get("/signals/thanks/<token>")]
async fn thanks_page(
    ctx: Ctx,
    user: MaybeUser,
    app: &State<App>,
    token: &str,
) -> PageResult<Template> {
    let (s, rows) = signal_service::follow(app, token).await?;
    let zone_may = user
        .0
        .as_ref()
        .is_some_and(|u| signal_service::may_work_with(&u.principal, s.zone_id));
    Ok(ctx.render(
        "signal_thanks",
        ThanksPage {
            signal: follow_json(&s, &rows),
            id: s.id,
            link: app.link(&format!("/signals/{token}")),
            follow_path: format!("/signals/{token}"),
            zone_may,
        },
    ))
}

#[derive(Serialize)]
struct FollowPage {
    signal: views::signals::SignalFollow,
}

/// The sender's follow page: their signal, its state, the zone's answer and its timeline.
#[get("/signals/<token>")]
async fn follow_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    let (s, rows) = signal_service::follow(app, token).await?;
    Ok(ctx.render(
        "signal_follow",
        FollowPage {
            signal: follow_json(&s, &rows),
        },
    ))
}

/// The sender's unsubscribe page: before (`done: false`) and after the button.
#[derive(Serialize)]
struct UnsubscribePage<'a> {
    token: &'a str,
    reference: String,
    done: bool,
}

/// The unsubscribe link in a mail to a sender: a page with one button, so a mail scanner that
/// follows links stops nothing.
#[get("/signals/uitschrijven/<token>")]
async fn unsubscribe_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    let s = signal_service::mail_unsubscribe_target(app, token).await?;
    Ok(ctx.render(
        "signal_unsubscribe",
        UnsubscribePage {
            token,
            reference: s.reference,
            done: false,
        },
    ))
}

/// RFC 8058 one-click, as for people with an account (see `inbox::unsubscribe_now`): no CSRF
/// token, the random token in the address is the authorisation, and it only stops mail about
/// this one signal.
#[post("/signals/uitschrijven/<token>", data = "<_body>")]
async fn unsubscribe_now(
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    _body: rocket::data::Data<'_>,
) -> PageResult<Template> {
    let s = signal_service::mail_unsubscribe(app, token).await?;
    Ok(ctx.render(
        "signal_unsubscribe",
        UnsubscribePage {
            token,
            reference: s.reference,
            done: true,
        },
    ))
}

/// A signal in a list (the zone's list, an item's page): with the start of its words.
#[derive(Serialize)]
pub struct SignalRow {
    #[serde(flatten)]
    signal: views::signals::Signal,
    excerpt: String,
}

pub fn row(s: &Signal) -> SignalRow {
    // A list shows the start of the words; the signal's page shows them whole.
    let short: String = s.body.chars().take(160).collect();
    SignalRow {
        signal: signal_json(s),
        excerpt: if short.len() < s.body.len() {
            format!("{}…", short.trim_end())
        } else {
            short
        },
    }
}

/// The zone's list of signals.
#[derive(Serialize)]
struct ListPage<'a> {
    zone: ZoneRef,
    signals: Vec<SignalRow>,
    statuses: Vec<super::StatusChoice>,
    status: &'a str,
    next_page: Option<i64>,
    prev_page: Option<i64>,
}

#[get("/zones/<code>/signals?<status>&<page>")]
async fn list_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    status: Option<&str>,
    page: Option<i64>,
) -> PageResult<Template> {
    let page = crate::domain::paging::page(page);
    let (zone, list) = signal_service::list(app, &user.principal, code, status, page).await?;
    let status = status.unwrap_or("");
    let statuses: Vec<super::StatusChoice> = SignalStatus::ALL
        .iter()
        .map(|s| super::StatusChoice {
            value: s.as_str(),
            selected: s.as_str() == status,
        })
        .collect();
    Ok(ctx.render(
        "signal_list",
        ListPage {
            zone: zone.into(),
            signals: list.rows.iter().map(row).collect(),
            statuses,
            status,
            next_page: list.more.then_some(page + 1),
            prev_page: if page > 1 { Some(page - 1) } else { None },
        },
    ))
}

/// What was typed on the form to record a signal; as the form first shows, every text is empty
/// (`Some("")`), sent back the optional ones may be `None`.
#[derive(Serialize)]
struct RecordFormEcho<'a> {
    text: &'a str,
    contact: Option<&'a str>,
    relation: &'a str,
    heard_at: Option<&'a str>,
    person_name: Option<&'a str>,
    may_contact: bool,
}

fn record_form() -> RecordFormEcho<'static> {
    RecordFormEcho {
        text: "",
        contact: Some(""),
        relation: "",
        heard_at: Some(""),
        person_name: Some(""),
        may_contact: false,
    }
}

/// The form to record a signal heard elsewhere.
#[derive(Serialize)]
struct RecordPage<'a> {
    zone: ZoneRef,
    form: RecordFormEcho<'a>,
    relations: Vec<&'static str>,
}

async fn record_view<'a>(
    app: &App,
    user: &WebUser,
    code: &str,
    form: RecordFormEcho<'a>,
) -> Result<RecordPage<'a>, AppError> {
    let zone = crate::service::zones::zone_for(app, &user.principal, code).await?;
    crate::domain::policy::signals(&user.principal, zone.id)?;
    Ok(RecordPage {
        zone: zone.into(),
        form,
        relations: relations(),
    })
}

/// A panel member or staff member records a signal heard elsewhere (brugfiguur).
#[get("/zones/<code>/signals/record")]
async fn record_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> PageResult<Template> {
    Ok(ctx.render(
        "signal_record",
        record_view(app, &user, code, record_form()).await?,
    ))
}

#[derive(FromForm)]
struct RecordForm {
    csrf: String,
    text: Option<String>,
    contact: Option<String>,
    relation: Option<String>,
    heard_at: Option<String>,
    person_name: Option<String>,
    may_contact: Option<String>,
}
crate::csrf_form!(RecordForm);

#[post("/zones/<code>/signals/record", data = "<form>")]
async fn record(
    form: Limited<CsrfForm<RecordForm>>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
) -> Result<Redirect, (Status, Template)> {
    let f = form.0 .0;
    let text = f.text.clone().unwrap_or_default();
    let may_contact = f.may_contact.as_deref().is_some_and(|v| !v.is_empty());
    let input = RecordInput {
        text: &text,
        contact: f.contact.as_deref(),
        relation: f.relation.as_deref(),
        heard_at: f.heard_at.as_deref(),
        person_name: f.person_name.as_deref(),
        may_contact,
        lang: Some(ctx.lang),
    };
    match signal_service::record_for(app, &user.principal, code, input).await {
        Ok(b) => Ok(Redirect::to(format!("/signals/thanks/{}", b.token))),
        Err(e @ AppError::Invalid(_)) => {
            let form = RecordFormEcho {
                text: &text,
                contact: f.contact.as_deref(),
                relation: f.relation.as_deref().unwrap_or_default(),
                heard_at: f.heard_at.as_deref(),
                person_name: f.person_name.as_deref(),
                may_contact,
            };
            match record_view(app, &user, code, form).await {
                Ok(v) => Err(form_errors(&ctx, "signal_record", v, &e)),
                Err(e2) => Err(ctx.error_page(&e2)),
            }
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

/// The triage steps this person can take on this signal now, in page order. Adopting needs a
/// panel to adopt into, bundling an item to bundle into.
async fn steps(app: &App, user: &WebUser, s: &Signal) -> Result<Vec<&'static str>, AppError> {
    let mut v = vec![];
    for t in rules::available(s.status()) {
        let ok = match t {
            Triage::Adopt => !signal_service::adopt_panels(app, &user.principal, s.zone_id)
                .await?
                .is_empty(),
            Triage::Bundle => !signal_service::bundle_candidates(app, s.zone_id)
                .await?
                .is_empty(),
            Triage::Answer | Triage::SetAside => true,
        };
        if ok {
            v.push(t.as_str());
        }
    }
    Ok(v)
}

/// A signal's page for its zone.
#[derive(Serialize)]
struct SignalPage<'a> {
    similar: Vec<crate::service::search::SimilarItem>,
    signal: views::signals::Signal,
    zone_name: &'a str,
    events: Vec<views::timeline::TimelineEvent>,
    steps: Vec<&'static str>,
}

#[get("/signals/id/<id>")]
async fn signal_page(ctx: Ctx, user: WebUser, app: &State<App>, id: i64) -> PageResult<Template> {
    let (s, rows) = signal_service::detail(app, &user.principal, id).await?;
    let steps = steps(app, &user, &s).await?;
    // While it waits to be triaged: items of the zone that say the same, to bundle it into.
    let similar = if s.status() == SignalStatus::New {
        crate::service::search::similar(app, &user.principal, &s.zone_code, &s.body, None).await?
    } else {
        vec![]
    };
    Ok(ctx.render(
        "signal_page",
        SignalPage {
            similar,
            signal: signal_json(&s),
            zone_name: &s.zone_name,
            events: zone_timeline(&rows),
            steps,
        },
    ))
}

/// What is (or was) typed on a triage step's form.
#[derive(Serialize)]
struct TriageFormEcho {
    panel: String,
    kind: String,
    title: String,
    text: String,
    item: String,
    reason: String,
}

/// A step's form as it first shows: adopting starts from the signal's own words (the triager
/// writes the item from them); an answer or a reason starts empty.
fn empty_triage(s: &Signal, step: Triage) -> TriageFormEcho {
    let adopt = step == Triage::Adopt;
    TriageFormEcho {
        panel: String::new(),
        kind: "signal".into(),
        title: if adopt {
            rules::suggested_title(&s.body, 80)
        } else {
            String::new()
        },
        text: if adopt { s.body.clone() } else { String::new() },
        item: String::new(),
        reason: String::new(),
    }
}

/// An item to bundle a signal into; its id as text, as the form sends it back.
#[derive(Serialize)]
struct BundleChoice {
    id: String,
    reference: String,
    title: String,
    status: String,
}

/// One triage step's page.
#[derive(Serialize)]
struct TriagePage {
    signal: views::signals::Signal,
    action: &'static str,
    is_adopt: bool,
    is_bundle: bool,
    is_answer: bool,
    is_set_aside: bool,
    panels: Vec<super::item_form::PanelChoice>,
    items: Vec<BundleChoice>,
    kinds: Vec<&'static str>,
    form: TriageFormEcho,
}

async fn triage_view(
    app: &App,
    user: &WebUser,
    id: i64,
    action: &str,
    form: Option<TriageFormEcho>,
) -> Result<TriagePage, AppError> {
    let s = signal_service::visible(app, &user.principal, id).await?;
    let step = Triage::parse(action).ok_or(AppError::NotFound)?;
    if !steps(app, user, &s).await?.contains(&step.as_str()) {
        return Err(AppError::Conflict(match s.status() {
            SignalStatus::Adopted => "error-signal-in-item",
            SignalStatus::Answered | SignalStatus::SetAside
                if matches!(step, Triage::Answer | Triage::SetAside) =>
            {
                "error-signal-answered"
            }
            _ => "error-signal-step",
        }));
    }
    let panels: Vec<super::item_form::PanelChoice> = if step == Triage::Adopt {
        signal_service::adopt_panels(app, &user.principal, s.zone_id)
            .await?
            .into_iter()
            .map(|p| super::item_form::PanelChoice {
                slug: p.slug,
                name: p.name,
            })
            .collect()
    } else {
        vec![]
    };
    let items: Vec<BundleChoice> = if step == Triage::Bundle {
        signal_service::bundle_candidates(app, s.zone_id)
            .await?
            .into_iter()
            .map(|i| BundleChoice {
                id: i.id.to_string(),
                reference: i.reference,
                title: i.title,
                status: i.status,
            })
            .collect()
    } else {
        vec![]
    };
    let form = form.unwrap_or_else(|| empty_triage(&s, step));
    Ok(TriagePage {
        signal: signal_json(&s),
        action: step.as_str(),
        is_adopt: step == Triage::Adopt,
        is_bundle: step == Triage::Bundle,
        is_answer: step == Triage::Answer,
        is_set_aside: step == Triage::SetAside,
        panels,
        items,
        kinds: ItemKind::ALL.iter().map(|k| k.as_str()).collect(),
        form,
    })
}

#[get("/signals/id/<id>/act/<action>")]
async fn triage_page(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
    action: &str,
) -> PageResult<Template> {
    Ok(ctx.render(
        "signal_triage",
        triage_view(app, &user, id, action, None).await?,
    ))
}

#[derive(FromForm)]
struct TriageForm {
    csrf: String,
    action: String,
    panel: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    text: Option<String>,
    item: Option<String>,
    reason: Option<String>,
}
crate::csrf_form!(TriageForm);

#[post("/signals/id/<id>/triage", data = "<form>")]
async fn triage(
    form: CsrfForm<TriageForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    id: i64,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    // Not a number: no item has that id, so the service answers as for any unknown item.
    let item = f
        .item
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|v| v.parse::<i64>().unwrap_or(0));
    let input = TriageInput {
        action: f.action.clone(),
        panel: f.panel.clone(),
        kind: f.kind.clone(),
        title: f.title.clone(),
        text: f.text.clone(),
        item,
        reason: f.reason.clone(),
    };
    match signal_service::triage(app, &user.principal, id, input).await {
        Ok(s) => {
            let key = match Triage::parse(&f.action) {
                Some(Triage::Adopt) => "flash-signal-adopted",
                Some(Triage::Bundle) => "flash-signal-bundled",
                Some(Triage::Answer) => "flash-signal-answered",
                _ => "flash-signal-set-aside",
            };
            Ok(done(
                &ctx,
                format!("/signals/id/{id}"),
                key,
                &[
                    ("reference", &s.reference),
                    ("item", s.item_reference.as_deref().unwrap_or("")),
                ],
            ))
        }
        Err(e @ AppError::Invalid(_)) => {
            let form = TriageFormEcho {
                panel: f.panel.unwrap_or_default(),
                kind: f.kind.unwrap_or_else(|| "signal".into()),
                title: f.title.unwrap_or_default(),
                text: f.text.unwrap_or_default(),
                item: f.item.unwrap_or_default(),
                reason: f.reason.unwrap_or_default(),
            };
            match triage_view(app, &user, id, &f.action, Some(form)).await {
                Ok(v) => Err(form_errors(&ctx, "signal_triage", v, &e)),
                // The signal changed meanwhile: say so. An unknown step: the 422 itself.
                Err(e2 @ AppError::Conflict(_)) => Err(ctx.error_page(&e2)),
                Err(_) => Err(ctx.error_page(&e)),
            }
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}
