//! The API's query parameters held to the OpenAPI document: a value that does not fit the type
//! the document gives it (a boolean that is `null`, a page that is not a number or out of its
//! bounds, a choice outside its list, a date that is not a date) or a parameter given twice is
//! answered 422 naming the parameter, before any handler runs. Rocket's own `Option<T>` query
//! parameters turn such values into "absent" without a word, so a client asking for page "2x"
//! silently got page 1. The document is generated from the handlers' own declarations, so this
//! holds every endpoint, present and future, to what it says.

use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use chrono::NaiveDate;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::Method;
use rocket::{Data, Request, Route};
use serde_json::Value;
use std::sync::OnceLock;

/// Where a refused request is sent; its handler answers with the refusal.
const REFUSED: &str = "/_query-refused";

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Boolean,
    Integer { min: i64, max: i64 },
    Date,
    OneOf(Vec<String>),
    Text,
}

struct Operation {
    method: Method,
    path: Vec<String>,
    params: Vec<(String, Shape)>,
}

fn operations() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(|| {
        let doc = serde_json::to_value(super::openapi::document()).expect("document");
        read_operations(&doc)
    })
}

fn read_operations(doc: &Value) -> Vec<Operation> {
    let mut ops = vec![];
    let Some(paths) = doc["paths"].as_object() else {
        return ops;
    };
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            let params: Vec<(String, Shape)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| Some((p["name"].as_str()?.to_string(), shape(doc, &p["schema"]))))
                .collect();
            if !params.is_empty() {
                ops.push(Operation {
                    method,
                    path: path.split('/').skip(1).map(str::to_string).collect(),
                    params,
                });
            }
        }
    }
    ops
}

fn shape(doc: &Value, schema: &Value) -> Shape {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or_default();
        return shape(doc, &doc["components"]["schemas"][name]);
    }
    if let Some(choices) = schema["enum"].as_array() {
        return Shape::OneOf(
            choices
                .iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect(),
        );
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("boolean"), _) => Shape::Boolean,
        (Some("integer"), format) => {
            let (lo, hi) = if format == Some("int32") {
                (i32::MIN as i64, i32::MAX as i64)
            } else {
                (i64::MIN, i64::MAX)
            };
            Shape::Integer {
                min: schema["minimum"].as_i64().unwrap_or(lo),
                max: schema["maximum"].as_i64().unwrap_or(hi),
            }
        }
        (Some("string"), Some("date")) => Shape::Date,
        _ => Shape::Text,
    }
}

fn fits(shape: &Shape, value: &str, errors: &mut FieldErrors, name: &str) {
    match shape {
        Shape::Boolean if value != "true" && value != "false" => {
            errors.add(name, "error-query-yes-no")
        }
        Shape::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (*min..=*max).contains(&n) => {}
            _ => errors.add_with(
                name,
                "error-query-number",
                vec![("min", min.to_string()), ("max", max.to_string())],
            ),
        },
        Shape::Date if NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() => {
            errors.add(name, "error-date")
        }
        Shape::OneOf(choices) if !choices.iter().any(|c| c == value) => errors.add_with(
            name,
            "error-query-choice",
            vec![("choices", choices.join(", "))],
        ),
        _ => {}
    }
}

/// What is wrong with this request's query, by the document; None when it fits or the path
/// has no documented query.
fn check(method: Method, path: &str, query: &[(String, String)]) -> Option<FieldErrors> {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let op = operations().iter().find(|op| {
        op.method == method
            && op.path.len() == segments.len()
            && op
                .path
                .iter()
                .zip(&segments)
                .all(|(w, g)| w == g || (w.starts_with('{') && !g.is_empty()))
    })?;
    let mut errors = FieldErrors::default();
    for (name, shape) in &op.params {
        let mut values = query.iter().filter(|(n, _)| n == name).map(|(_, v)| v);
        let Some(first) = values.next() else {
            continue;
        };
        if values.next().is_some() {
            errors.add(name, "error-query-once");
        } else {
            fits(shape, first, &mut errors, name);
        }
    }
    (!errors.is_empty()).then_some(errors)
}

/// Sends a request whose query does not fit the document to the refusal route.
pub struct QueryContract;

struct Refusal(Option<FieldErrors>);

#[rocket::async_trait]
impl Fairing for QueryContract {
    fn info(&self) -> Info {
        Info {
            name: "API query contract",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        let path = req.uri().path().to_string();
        if !path.starts_with("/api/v1/") {
            return;
        }
        let Some(query) = req.uri().query() else {
            return;
        };
        let pairs: Vec<(String, String)> = query
            .segments()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        if let Some(errors) = check(req.method(), &path, &pairs) {
            req.local_cache(|| Refusal(Some(errors)));
            req.set_uri(Origin::parse(REFUSED).expect("a valid path"));
        }
    }
}

fn refuse<'r>(req: &'r Request<'_>, _: Data<'r>) -> rocket::route::BoxFuture<'r> {
    let errors = req
        .local_cache(|| Refusal(None))
        .0
        .clone()
        .unwrap_or_default();
    rocket::route::Outcome::from(req, super::api::ApiError(AppError::Invalid(errors))).pin()
}

/// The refusal route, for every method an API call may use.
pub fn routes() -> Vec<Route> {
    [
        Method::Get,
        Method::Head,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
    ]
    .into_iter()
    .map(|m| Route::new(m, REFUSED, refuse))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn refused(method: Method, path: &str, pairs: &[(&str, &str)]) -> Vec<String> {
        check(method, path, &q(pairs))
            .map(|e| e.iter().map(|f| format!("{}:{}", f.field, f.key)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn query_values_are_held_to_the_document() {
        let page = "/api/v1/zones/ALFA/search";
        assert!(refused(Method::Get, page, &[("q", "bank"), ("page", "2")]).is_empty());
        assert_eq!(
            refused(Method::Get, page, &[("page", "2x")]),
            ["page:error-query-number"]
        );
        assert_eq!(
            refused(Method::Get, page, &[("page", "0")]),
            ["page:error-query-number"]
        );
        assert_eq!(
            refused(Method::Get, page, &[("page", "1"), ("page", "2")]),
            ["page:error-query-once"]
        );
        assert_eq!(
            refused(Method::Get, page, &[("type", "huis")]),
            ["type:error-query-choice"]
        );
        assert_eq!(
            refused(Method::Get, page, &[("from", "gisteren")]),
            ["from:error-date"]
        );
        let inbox = "/api/v1/me/notifications";
        assert_eq!(
            refused(Method::Get, inbox, &[("unread", "null")]),
            ["unread:error-query-yes-no"]
        );
        assert!(refused(Method::Get, inbox, &[("unread", "true")]).is_empty());
        // Undocumented parameters and paths without a query are left to the handler.
        assert!(refused(Method::Get, inbox, &[("x", "y")]).is_empty());
        assert!(refused(Method::Get, "/api/v1/me", &[("unread", "null")]).is_empty());
    }
}
