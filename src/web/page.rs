//! Rendering pages: the shared context every template gets, and errors as friendly pages.

use super::csrf::token_for;
use super::guards::{lang_of, MaybeUser, WebUser};
use crate::error::AppError;
use crate::i18n::I18n;
use crate::web::template::Template;
use rocket::http::Status;
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use rocket::response::{self, Responder};
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The reading choices ("large", "contrast"), kept in a cookie so every page honours them.
pub const DISPLAY_COOKIE: &str = "bs_display";

/// What every page needs: language, the person, a CSRF token, a flash message, the path.
pub struct Ctx {
    pub lang: &'static str,
    pub user: Option<WebUser>,
    pub csrf: String,
    pub flash: Option<(String, String)>,
    pub path: String,
    pub i18n: Arc<I18n>,
    /// Unread notifications (0 when logged out), for "Berichten (N)" in the navigation.
    pub unread: i64,
    /// Reading choices: "large", "contrast".
    pub display: String,
    pub idle_minutes: i64,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Ctx {
    type Error = String;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let user = match req.guard::<MaybeUser>().await {
            Outcome::Success(MaybeUser(u)) => u,
            Outcome::Error(e) => return Outcome::Error(e),
            Outcome::Forward(f) => return Outcome::Forward(f),
        };
        let flash = req
            .guard::<Option<FlashMessage<'_>>>()
            .await
            .succeeded()
            .flatten()
            .map(|f| (f.kind().to_string(), f.message().to_string()));
        let i18n = req
            .rocket()
            .state::<Arc<I18n>>()
            .cloned()
            .unwrap_or_else(I18n::load);
        let display = req
            .cookies()
            .get(DISPLAY_COOKIE)
            .map(|c| c.value().to_string())
            .unwrap_or_default();
        let app = req.rocket().state::<crate::app::App>();
        let idle_minutes = app.map(|a| a.settings.session_idle_minutes).unwrap_or(60);
        let secure = app.is_some_and(|a| a.settings.behind_tls);
        // One indexed COUNT, only for someone logged in.
        let unread = user.as_ref().map_or(0, |u| u.unread);
        Outcome::Success(Ctx {
            unread,
            display,
            idle_minutes,
            lang: lang_of(req).0,
            user,
            csrf: token_for(req.cookies(), secure),
            flash,
            path: req.uri().path().to_string(),
            i18n,
        })
    }
}

/// The person signed in, as the navigation shows them.
#[derive(Serialize)]
struct BaseUser<'a> {
    id: i64,
    name: &'a str,
    platform_admin: bool,
}

#[derive(Serialize)]
struct Flash<'a> {
    kind: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Display {
    large: bool,
    contrast: bool,
}

/// The two places the layout shows the navigation (`{{> _nav nav.wide}}`), each a partial's
/// context of its own. A partial called with a hash (`{{> _nav where="wide"}}`) is rendered on a
/// copy of the whole page's context merged with the hash: two deep copies of every page.
#[derive(Serialize)]
struct NavPlaces {
    wide: NavPlace,
    narrow: NavPlace,
}

#[derive(Serialize)]
struct NavPlace {
    r#where: &'static str,
}

const NAV: NavPlaces = NavPlaces {
    wide: NavPlace { r#where: "wide" },
    narrow: NavPlace { r#where: "narrow" },
};

/// What every template gets, before the page's own context is laid over it.
#[derive(Serialize)]
struct Base<'a> {
    lang: &'a str,
    csrf: &'a str,
    user: Option<BaseUser<'a>>,
    flash: Option<Flash<'a>>,
    path: &'a str,
    unread: i64,
    display: Display,
    idle_minutes: i64,
    /// The page's own form, when the language and reading controls must send it along.
    keep_form: Option<()>,
    errors: Option<()>,
    error_list: [(); 0],
    nav: NavPlaces,
}

/// One line of a form's error summary; `field` is absent for an error of the whole form.
#[derive(Serialize)]
struct SummaryLine {
    field: Option<String>,
    message: String,
}

/// The page's own context as a JSON object; a context that does not serialise to one is a bug,
/// logged, and the page renders with the base context only.
pub(super) fn object_of(extra: impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(extra) {
        Ok(Value::Object(m)) => m,
        Ok(other) => {
            tracing::error!(kind = ?other, "a page context is not an object");
            Map::new()
        }
        Err(e) => {
            tracing::error!(error = %e, "a page context does not serialise");
            Map::new()
        }
    }
}

/// The base context of a page rendered without a request's context (the database is down):
/// nobody signed in, no form, the reading choices off.
pub fn bare_base(lang: &str) -> Map<String, Value> {
    object_of(Base {
        lang,
        csrf: "",
        user: None,
        flash: None,
        path: "/",
        unread: 0,
        display: Display {
            large: false,
            contrast: false,
        },
        idle_minutes: 0,
        keep_form: None,
        errors: None,
        error_list: [],
        nav: NAV,
    })
}

impl Ctx {
    pub fn base(&self) -> Map<String, Value> {
        let base = Base {
            lang: self.lang,
            csrf: &self.csrf,
            user: self.user.as_ref().map(|u| BaseUser {
                id: u.user.id,
                name: &u.user.display_name,
                platform_admin: u.user.is_platform_admin,
            }),
            flash: self
                .flash
                .as_ref()
                .map(|(kind, message)| Flash { kind, message }),
            path: &self.path,
            unread: self.unread,
            display: Display {
                large: self.display.contains("large"),
                contrast: self.display.contains("contrast"),
            },
            idle_minutes: self.idle_minutes,
            keep_form: None,
            errors: None,
            error_list: [],
            nav: NAV,
        };
        object_of(base)
    }

    /// Renders `name` with the base context plus `extra` (a struct or map).
    pub fn render(&self, name: &'static str, extra: impl Serialize) -> Template {
        let mut m = self.base();
        m.extend(self.localise_erased(object_of(extra)));
        Template::render(name, Value::Object(m))
    }

    /// Renders a form again with its errors: each next to its field and listed at the top.
    pub fn render_with_errors(
        &self,
        name: &'static str,
        extra: impl Serialize,
        err: &AppError,
    ) -> (Status, Template) {
        let mut m = self.base();
        m.extend(self.localise_erased(object_of(extra)));
        let (fields, list) = self.error_fields(err);
        m.insert("errors".into(), Value::Object(fields));
        m.insert(
            "error_list".into(),
            serde_json::to_value(list).unwrap_or_default(),
        );
        (
            Status::new(err.status()),
            Template::render(name, Value::Object(m)),
        )
    }

    /// The erasure markers are stored in Dutch (the database checks for exactly that text); other
    /// languages see them translated.
    pub(super) fn localise_erased(&self, m: Map<String, Value>) -> Map<String, Value> {
        use crate::domain::privacy::{ERASED_NAME, ERASED_TEXT};
        fn walk(v: &mut Value, name: &str, text: &str) {
            match v {
                Value::String(s) if s == ERASED_NAME => *s = name.to_string(),
                Value::String(s) if s == ERASED_TEXT => *s = text.to_string(),
                Value::Array(a) => a.iter_mut().for_each(|x| walk(x, name, text)),
                Value::Object(o) => o.values_mut().for_each(|x| walk(x, name, text)),
                _ => {}
            }
        }
        if self.lang == crate::i18n::DEFAULT_LANG {
            return m;
        }
        let mut v = Value::Object(m);
        walk(&mut v, &self.tr("erased-name"), &self.tr("erased-text"));
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn error_fields(&self, err: &AppError) -> (Map<String, Value>, Vec<SummaryLine>) {
        let mut fields = Map::new();
        let mut list = vec![];
        match err {
            AppError::Invalid(fe) => {
                for e in fe.iter() {
                    let text = self.field_message(e);
                    list.push(SummaryLine {
                        field: Some(e.field.clone()),
                        message: self.summary_line(e, &text),
                    });
                    fields.insert(e.field.clone(), Value::String(text));
                }
            }
            other => list.push(SummaryLine {
                field: None,
                message: self.i18n.tr(self.lang, other.message_key(), None),
            }),
        }
        (fields, list)
    }

    /// A field's message, with the values it names (a limit, the length written, a date).
    pub fn field_message(&self, e: &crate::domain::validate::FieldError) -> String {
        if e.args.is_empty() {
            return self.tr(e.key);
        }
        let values: Vec<(&str, String)> = e
            .args
            .iter()
            .map(|(k, v)| (*k, self.i18n.arg(self.lang, v)))
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.tr_args(e.key, &args)
    }

    /// The error summary's line for a field: its name first ("Titel: vul dit in."), when the
    /// message files have a short name for it (`label-<field>`).
    pub fn summary_line(&self, e: &crate::domain::validate::FieldError, text: &str) -> String {
        // `summary-12` (one box of several on a page) is named as `summary`.
        let base = e
            .field
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-')
            .replace('_', "-");
        let key = format!("label-{base}");
        if !self.i18n.has(self.lang, &key) {
            return text.to_string();
        }
        let mut chars = text.chars();
        let lowered = match (chars.next(), chars.clone().next()) {
            (Some(f), Some(s)) if s.is_lowercase() => f.to_lowercase().chain(chars).collect(),
            _ => text.to_string(),
        };
        format!("{}: {lowered}", self.tr(&key))
    }

    pub fn tr(&self, key: &str) -> String {
        self.i18n.tr(self.lang, key, None)
    }

    pub fn tr_args(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut a = fluent_bundle::FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.to_string());
        }
        self.i18n.tr(self.lang, key, Some(&a))
    }

    pub fn error_page(&self, err: &AppError) -> (Status, Template) {
        if let AppError::Internal(detail) = err {
            tracing::error!(%detail, "internal error");
        }
        let status = Status::new(err.status());
        (
            status,
            self.render(
                "error",
                ErrorView {
                    status: status.code,
                    message: self.tr(err.message_key()),
                },
            ),
        )
    }
}

#[derive(Serialize)]
struct ErrorView {
    status: u16,
    message: String,
}

/// A page route that failed: the form again with its errors, or an error page; a 429 says when
/// to try again (`Retry-After`).
pub struct PageFailure {
    status: Status,
    template: Template,
    retry_after: Option<u64>,
}

impl PageFailure {
    /// The form `name` again, with what was typed (`view`) and the errors beside the fields.
    pub fn form(ctx: &Ctx, name: &'static str, view: impl Serialize, err: AppError) -> PageFailure {
        let (status, template) = ctx.render_with_errors(name, view, &err);
        PageFailure {
            status,
            template,
            retry_after: err.retry_after(),
        }
    }

    pub fn from_parts(status: Status, template: Template, retry_after: Option<u64>) -> Self {
        PageFailure {
            status,
            template,
            retry_after,
        }
    }

    /// The error page for `err`.
    pub fn page(ctx: &Ctx, err: AppError) -> PageFailure {
        let (status, template) = ctx.error_page(&err);
        PageFailure {
            status,
            template,
            retry_after: err.retry_after(),
        }
    }
}

impl<'r> Responder<'r, 'static> for PageFailure {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut res = self.template.respond_to(req)?;
        res.set_status(self.status);
        if let Some(s) = self.retry_after {
            res.set_raw_header("Retry-After", s.to_string());
        } else if self.status == Status::ServiceUnavailable {
            res.set_raw_header("Retry-After", "30");
        }
        Ok(res)
    }
}

/// An error on a page route: rendered as a friendly page in the person's language.
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl From<crate::domain::policy::Denied> for PageError {
    fn from(d: crate::domain::policy::Denied) -> Self {
        PageError(d.into())
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        if matches!(self.0, AppError::Internal(_)) {
            tracing::error!(error = %self.0, "internal error");
        }
        // The catcher for this status renders the page; it reads the message key from here.
        req.local_cache(|| ErrorKey(self.0.message_key()));
        Err(Status::new(self.0.status()))
    }
}

/// The message key an error left for its catcher.
pub struct ErrorKey(pub &'static str);

pub type PageResult<T> = Result<T, PageError>;
