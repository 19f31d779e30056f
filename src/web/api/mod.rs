//! The JSON API under `/api/v1`: the same operations as the pages, for integrations and scripts.
//! Errors are `{"error": {"code", "message", "fields"?}}` ([`ErrorBody`]) with the matching status.
//! Every handler carries its `#[utoipa::path]`; `web::openapi` collects them into the document.

pub mod accounts;
pub mod agenda;
pub mod consultations;
pub mod doc;
pub mod dossier;
pub mod items;
pub mod notifications;
pub mod privacy;
pub mod report;
pub mod signals;

use crate::domain::paging::Paged;
use crate::error::AppError;
use crate::i18n::I18n;
use crate::web::guards::lang_of;
use crate::web::views::Paging;
use rocket::http::Status;
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use rocket::Request;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    let mut r = accounts::routes();
    r.extend(items::routes());
    r.extend(agenda::routes());
    r.extend(consultations::routes());
    r.extend(notifications::routes());
    r.extend(report::routes());
    r.extend(signals::routes());
    r.extend(dossier::routes());
    r.extend(privacy::routes());
    r
}

// Both error answers, a handler's (`ApiError`) and a catcher's (no route, a body that does not
// parse), serialize this type, and the document's `Error` schema is derived from it: the two
// cannot differ.
/// The body of every error answer, with the HTTP status that matches `error.code`.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code; the HTTP status says the same in fewer words.
    #[schema(value_type = ErrorCode)]
    pub code: &'static str,
    /// What went wrong, for people, in the caller's language (`Accept-Language`: nl, fr or en).
    pub message: String,
    /// Only when the server checked the fields (code `invalid`): per field, what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub fields: Option<BTreeMap<String, String>>,
}

// Only for the document: the codes themselves come from `AppError::code` and the API catcher;
// the unit test below keeps this list complete.
/// The codes in `error.code`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    SecondFactorRequired,
    TooLarge,
    UnsupportedMediaType,
    Invalid,
    TooManyRequests,
    Unavailable,
    Internal,
}

pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let i18n = req
            .rocket()
            .state::<Arc<I18n>>()
            .cloned()
            .unwrap_or_else(I18n::load);
        let lang = lang_of(req).0;
        if let AppError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "internal error");
        }
        let fields = match &self.0 {
            AppError::Invalid(fields) => Some(
                fields
                    .iter()
                    .map(|e| {
                        let mut args = fluent_bundle::FluentArgs::new();
                        for (k, v) in &e.args {
                            args.set(*k, i18n.arg(lang, v));
                        }
                        (e.field.clone(), i18n.tr(lang, e.key, Some(&args)))
                    })
                    .collect(),
            ),
            _ => None,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code(),
                message: i18n.tr(lang, self.0.message_key(), None),
                fields,
            },
        };
        let mut res = Json(body).respond_to(req)?;
        res.set_status(Status::new(self.0.status()));
        auth_headers(&mut res, self.0.status(), self.0.retry_after());
        Ok(res)
    }
}

/// What RFC 6750 and RFC 9110 ask of an error answer: a 401 names the scheme to use, a 429 says
/// when to try again.
pub fn auth_headers(res: &mut rocket::Response<'_>, status: u16, retry_after: Option<u64>) {
    if status == 401 {
        res.set_raw_header("WWW-Authenticate", "Bearer realm=\"burgerstem\"");
    }
    if status == 429 {
        res.set_raw_header("Retry-After", retry_after.unwrap_or(60).to_string());
    }
    // The database cannot take it now (a full disk, a long lock): try again in a while.
    if status == 503 {
        res.set_raw_header("Retry-After", retry_after.unwrap_or(30).to_string());
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// 201 Created with a JSON body.
pub fn created<T: Serialize>(v: T) -> (Status, Json<T>) {
    (Status::Created, Json(v))
}

/// A page of a list: the body says `next` (the address of the next page, or null), and so does a
/// `Link: <…>; rel="next"` header, for clients that follow links.
pub struct Listed<T> {
    pub next: Option<String>,
    pub body: T,
}

impl<T> Listed<T> {
    /// `path` is the list's address with its query but without `page`; `body` lays the list
    /// beside its paging.
    pub fn new<R>(page: &Paged<R>, path: &str, body: impl FnOnce(Paging) -> T) -> Listed<T> {
        let paging = Paging::of(page, path);
        Listed {
            next: paging.next.clone(),
            body: body(paging),
        }
    }
}

impl<'r, T: Serialize> Responder<'r, 'static> for Listed<T> {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut res = Json(self.body).respond_to(req)?;
        if let Some(next) = self.next {
            res.set_raw_header("Link", format!("<{next}>; rel=\"next\""));
        }
        Ok(res)
    }
}

/// 201 for a new resource of its own, with `Location` naming where to GET it.
pub struct Created<T> {
    pub location: String,
    pub body: T,
}

impl<'r, T: Serialize> Responder<'r, 'static> for Created<T> {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut res = Json(self.body).respond_to(req)?;
        res.set_status(Status::Created);
        res.set_raw_header("Location", self.location);
        Ok(res)
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;
    use crate::error::AppError;
    use crate::web::catchers::code_for_status;

    fn documented() -> Vec<String> {
        use ErrorCode::*;
        [
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            MethodNotAllowed,
            NotAcceptable,
            Conflict,
            SecondFactorRequired,
            TooLarge,
            UnsupportedMediaType,
            Invalid,
            TooManyRequests,
            Unavailable,
            Internal,
        ]
        .iter()
        .map(|c| {
            serde_json::to_value(c)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
    }

    #[test]
    fn every_error_code_is_documented() {
        let documented = documented();
        let from_handlers = [
            AppError::NotFound,
            AppError::Forbidden,
            AppError::Unauthorized("error-token"),
            AppError::Conflict("error-duplicate"),
            AppError::Invalid(Default::default()),
            AppError::TooManyRequests(1),
            AppError::SecondFactorRequired,
            AppError::Unavailable(String::new()),
            AppError::Internal(String::new()),
        ]
        .map(|e| e.code());
        let from_catcher = (400..600).map(|s| code_for_status(rocket::http::Status::new(s)));
        for code in from_handlers.into_iter().chain(from_catcher) {
            assert!(
                documented.iter().any(|d| d == code),
                "error code {code} is missing from ErrorCode"
            );
        }
    }
}
