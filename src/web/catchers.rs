//! What people see when something goes wrong: a page in their language (or JSON on the API),
//! never a stack trace.

use super::api::{ErrorBody, ErrorDetail};
use super::page::{Ctx, ErrorKey};
use super::unrouted::Miss;
use crate::i18n::I18n;
use crate::web::template::Template;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::serde::json::Json;
use rocket::{catch, Request};
use serde_json::{json, Value};
use std::sync::Arc;

pub fn key_for_status(status: Status) -> &'static str {
    match status.code {
        400 => "error-bad-request",
        401 => "error-login-needed",
        403 => "error-forbidden",
        404 => "error-not-found",
        409 => "error-conflict",
        405 => "error-method",
        406 => "error-accept",
        413 => "error-too-large",
        415 => "error-content-type",
        422 => "error-invalid",
        429 => "error-too-many",
        503 => "error-unavailable",
        _ if status.code >= 500 => "error-internal",
        _ => "error-bad-request",
    }
}

fn message_key(status: Status, req: &Request<'_>, api: bool) -> &'static str {
    let cached = req.local_cache(|| ErrorKey(""));
    if !cached.0.is_empty() {
        return cached.0;
    }
    // A rejected CSRF token deserves its own explanation.
    if !api && status.code == 403 && req.method() == rocket::http::Method::Post {
        return "error-csrf";
    }
    key_for_status(status)
}

pub enum PageCatch {
    Page(Status, Template),
    Login(Box<Redirect>),
}

impl<'r> rocket::response::Responder<'r, 'static> for PageCatch {
    fn respond_to(self, req: &'r Request<'_>) -> rocket::response::Result<'static> {
        match self {
            PageCatch::Page(status, t) => {
                let mut res = t.respond_to(req)?;
                res.set_status(status);
                if status == Status::ServiceUnavailable {
                    res.set_raw_header("Retry-After", "30");
                }
                Ok(res)
            }
            PageCatch::Login(r) => r.respond_to(req),
        }
    }
}

#[catch(default)]
pub async fn page(status: Status, req: &Request<'_>) -> PageCatch {
    if req.local_cache(|| super::guards::EnrolFirst(false)).0 {
        return PageCatch::Login(Box::new(Redirect::to("/account/tweede-factor")));
    }
    if status == Status::Unauthorized && req.local_cache(|| ErrorKey("")).0.is_empty() {
        let next = req.uri().path().to_string();
        let next = if next.starts_with('/') && !next.starts_with("//") {
            next
        } else {
            "/".into()
        };
        let q = format!("/login?next={}", crate::web::url::encode(&next));
        return PageCatch::Login(Box::new(Redirect::to(q)));
    }
    let key = message_key(status, req, false);
    match req.guard::<Ctx>().await.succeeded() {
        Some(ctx) => PageCatch::Page(
            status,
            ctx.render(
                "error",
                json!({"status": status.code, "message": ctx.tr(key)}),
            ),
        ),
        None => {
            // Even the context failed (database down): a page without a user menu.
            let i18n = req
                .rocket()
                .state::<Arc<I18n>>()
                .cloned()
                .unwrap_or_else(I18n::load);
            let lang = super::guards::lang_of(req).0;
            let mut context = super::page::bare_base(lang);
            context.insert("status".into(), status.code.into());
            context.insert("message".into(), i18n.tr(lang, key, None).into());
            PageCatch::Page(status, Template::render("error", Value::Object(context)))
        }
    }
}

/// The API's `error.code` for a status that no handler answered with its own error.
pub fn code_for_status(status: Status) -> &'static str {
    match status.code {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "invalid",
        429 => "too-many-requests",
        503 => "unavailable",
        _ if status.code >= 500 => "internal",
        _ => "bad-request",
    }
}

/// The API catcher's answer: the error body, and the headers its status asks for.
pub struct ApiCatch(Status, Json<ErrorBody>, Option<String>);

impl<'r> rocket::response::Responder<'r, 'static> for ApiCatch {
    fn respond_to(self, req: &'r Request<'_>) -> rocket::response::Result<'static> {
        let mut res = self.1.respond_to(req)?;
        res.set_status(self.0);
        if let Some(allow) = self.2 {
            res.set_raw_header("Allow", allow);
        }
        super::api::auth_headers(&mut res, self.0.code, None);
        Ok(res)
    }
}

#[catch(default)]
pub fn api(status: Status, req: &Request<'_>) -> ApiCatch {
    let (status, allow) = match status {
        Status::NotFound => match super::unrouted::explain(req) {
            Miss::NotFound => (status, None),
            Miss::Method(methods) => {
                let allow = methods.iter().map(|m| m.as_str()).collect::<Vec<_>>();
                (Status::MethodNotAllowed, Some(allow.join(", ")))
            }
            Miss::ContentType => (Status::UnsupportedMediaType, None),
            Miss::Accept => (Status::NotAcceptable, None),
        },
        _ => (status, None),
    };
    let key = message_key(status, req, true);
    let i18n = req
        .rocket()
        .state::<Arc<I18n>>()
        .cloned()
        .unwrap_or_else(I18n::load);
    let lang = super::guards::lang_of(req).0;
    // A body that did not fit its type names the field (`web::body`).
    let fault = req.local_cache(|| super::body::BodyFault {
        field: None,
        key: "",
    });
    let fields = fault
        .field
        .as_ref()
        .map(|f| std::collections::BTreeMap::from([(f.clone(), i18n.tr(lang, fault.key, None))]));
    let body = ErrorBody {
        error: ErrorDetail {
            code: code_for_status(status),
            message: i18n.tr(lang, key, None),
            fields,
        },
    };
    ApiCatch(status, Json(body), allow)
}
