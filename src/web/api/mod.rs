//! The JSON API under `/api/v1`: the same operations as the pages, for integrations and scripts.
//! Errors are `{"error": {"code", "message"}}` with the matching status.

pub mod accounts;
pub mod agenda;
pub mod consultations;
pub mod dossier;
pub mod items;
pub mod notifications;
pub mod report;
pub mod signals;

use crate::error::AppError;
use crate::i18n::I18n;
use crate::web::guards::lang_of;
use rocket::http::Status;
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use rocket::Request;
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub fn routes() -> Vec<rocket::Route> {
    let mut r = accounts::routes();
    r.extend(items::routes());
    r.extend(agenda::routes());
    r.extend(consultations::routes());
    r.extend(notifications::routes());
    r.extend(report::routes());
    r.extend(signals::routes());
    r.extend(dossier::routes());
    r
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
        let mut err = Map::new();
        err.insert("code".into(), json!(self.0.code()));
        err.insert(
            "message".into(),
            json!(i18n.tr(lang, self.0.message_key(), None)),
        );
        if let AppError::Invalid(fields) = &self.0 {
            let f: Map<String, Value> = fields
                .0
                .iter()
                .map(|(k, v)| (k.clone(), json!(i18n.tr(lang, v, None))))
                .collect();
            err.insert("fields".into(), Value::Object(f));
        }
        let mut res = Json(json!({"error": err})).respond_to(req)?;
        res.set_status(Status::new(self.0.status()));
        Ok(res)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// 201 Created with a JSON body.
pub fn created(v: Value) -> (Status, Json<Value>) {
    (Status::Created, Json(v))
}
