//! Reading comfort and the accessibility statement: text size and contrast that are remembered,
//! a session that can be extended before it times out, and a way to report a barrier.

use super::done;
use super::home::safe_next;
use crate::app::App;
use crate::db::{exec, fetch, Classify};
use crate::domain::validate::{self, FieldErrors};
use crate::error::AppError;
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{MaybeUser, WebUser};
use crate::web::page::Ctx;
use crate::web::page::DISPLAY_COOKIE;
use crate::web::template::Template;
use crate::web::views;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![display, extend_session, statement, report_barrier]
}

#[derive(FromForm)]
struct DisplayForm {
    csrf: String,
    large: Option<String>,
    contrast: Option<String>,
    next: String,
}
crate::csrf_form!(DisplayForm);

/// Remembers the reading choices in a cookie for a year (no account needed); returns the value
/// the page context reads.
pub fn remember_display(jar: &CookieJar<'_>, large: bool, contrast: bool) -> String {
    let mut parts = vec![];
    if large {
        parts.push("large");
    }
    if contrast {
        parts.push("contrast");
    }
    let value = parts.join("-");
    jar.add(
        Cookie::build((DISPLAY_COOKIE, value.clone()))
            .same_site(SameSite::Lax)
            .path("/")
            .max_age(rocket::time::Duration::days(365)),
    );
    value
}

#[post("/display", data = "<form>")]
fn display(form: CsrfForm<DisplayForm>, jar: &CookieJar<'_>) -> Redirect {
    let f = form.0;
    remember_display(jar, f.large.is_some(), f.contrast.is_some());
    Redirect::to(safe_next(&f.next))
}

/// The language and reading controls of the page header and footer, sent with a page's own form
/// instead of on their own (the layout gives them `form="…"` when the page names its form as
/// `keep_form`). A person halfway through a form who switches language or asks for larger
/// letters then keeps everything typed: the handler applies the choice and shows the same step
/// again, with the words, in the new language.
#[derive(FromForm, Default, Debug, Clone)]
pub struct PageControls {
    /// A language button: `nl`, `fr` or `en`.
    pub lang: Option<String>,
    /// The reading choices' save button.
    pub display: Option<String>,
    pub large: Option<String>,
    pub contrast: Option<String>,
}

impl PageControls {
    /// Whether one of the controls sent the form (rather than the form's own buttons).
    pub fn used(&self) -> bool {
        self.lang.is_some() || self.display.is_some()
    }

    /// Applies the choice to the cookies (and the person's account) and to this response's page.
    pub async fn apply(&self, ctx: &mut Ctx, jar: &CookieJar<'_>, app: &App) {
        if let Some(lang) = &self.lang {
            ctx.lang = super::home::remember_language(jar, ctx, app, lang).await;
        }
        if self.display.is_some() {
            ctx.display = remember_display(jar, self.large.is_some(), self.contrast.is_some());
        }
    }
}

/// Called by the session warning ("I am still here"): the guard itself renews the session.
#[post("/session/extend", data = "<form>")]
fn extend_session(form: CsrfForm<PlainForm>, _user: WebUser) -> Status {
    let _ = form;
    Status::NoContent
}

/// The barrier report form, as it was filled in. `contact` is none when the form came without
/// it.
#[derive(Serialize)]
struct BarrierValues<'a> {
    page: &'a str,
    description: &'a str,
    contact: Option<&'a str>,
}

#[derive(Serialize)]
struct AccessibilityPage<'a> {
    form: BarrierValues<'a>,
}

#[get("/toegankelijkheid")]
async fn statement(ctx: Ctx, _user: MaybeUser) -> Template {
    ctx.render(
        "accessibility",
        AccessibilityPage {
            form: BarrierValues {
                page: "",
                description: "",
                contact: Some(""),
            },
        },
    )
}

#[derive(FromForm)]
struct BarrierForm {
    csrf: String,
    page: String,
    description: String,
    contact: Option<String>,
}
crate::csrf_form!(BarrierForm);

#[post("/toegankelijkheid", data = "<form>")]
async fn report_barrier(
    form: CsrfForm<BarrierForm>,
    ctx: Ctx,
    app: &State<App>,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    let mut e = FieldErrors::default();
    let page =
        validate::optional(&mut e, "page", Some(&f.page), validate::MAX_TITLE).unwrap_or_default();
    let description = validate::required(&mut e, "description", &f.description, validate::MAX_TEXT);
    let contact = validate::optional(&mut e, "contact", f.contact.as_deref(), validate::MAX_TITLE);
    if let Err(err) = e.into_result() {
        let view = AccessibilityPage {
            form: BarrierValues {
                page: &f.page,
                description: &f.description,
                contact: f.contact.as_deref(),
            },
        };
        return Err(ctx.render_with_errors("accessibility", view, &AppError::Invalid(err)));
    }
    let user = ctx.user.as_ref().map(|u| u.user.id);
    let store = async {
        let mut tx = app.db.begin().await?;
        exec!(
            &mut tx.ex(),
            "INSERT INTO barrier_reports (page, description, contact, user_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            &page,
            &description,
            contact.as_deref(),
            user,
            app.clock.now()
        )
        .db()?;
        tx.commit().await
    };
    store
        .await
        .map_err(|e| ctx.error_page(&AppError::from(e)))?;
    Ok(done(
        &ctx,
        "/toegankelijkheid".into(),
        "flash-barrier-reported",
        &[],
    ))
}

#[derive(sqlx::FromRow)]
pub struct BarrierReport {
    pub page: String,
    pub description: String,
    pub contact: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A reported barrier as the platform administrator's page lists it.
#[derive(Serialize)]
pub struct BarrierRow {
    page: String,
    description: String,
    contact: Option<String>,
    at: String,
}

/// The latest reports, for the platform administrator.
pub async fn recent_reports(app: &App) -> Result<Vec<BarrierRow>, AppError> {
    let mut c = app.db.conn().await?;
    let rows = fetch!(
        &mut c.ex(),
        fetch_all,
        BarrierReport,
        "SELECT page, description, contact, created_at FROM barrier_reports ORDER BY created_at DESC LIMIT 50"
    )
    .db()?;
    Ok(rows
        .into_iter()
        .map(|r| BarrierRow {
            at: views::ts(r.created_at),
            page: r.page,
            description: r.description,
            contact: r.contact,
        })
        .collect())
}
