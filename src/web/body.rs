//! Request bodies of the API: JSON read within the configured limit (`limits.json`) and parsed once
//! into its type. A body that does not parse never reaches the log (a malformed login would carry
//! its password there, which is what Rocket's own `Json` guard does): the log gets the route, the
//! length and the reason; the answer names the field.

use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::http::Status;
use rocket::Request;
use serde::de::DeserializeOwned;

use super::strict_json::Strict;

/// A JSON body parsed into `T`.
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Body<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why a body was refused. Deliberately without the body itself: Rocket logs a failed data
/// guard's error with `{:?}`.
#[derive(Debug)]
pub enum BodyError {
    TooLarge,
    Unreadable,
    /// Not JSON at all (line and column of the first problem).
    Syntax {
        line: usize,
        column: usize,
    },
    /// JSON, but a field is missing or of the wrong type or value.
    Field {
        field: String,
    },
}

/// What the API catcher needs to say about a refused body: which field, and the message key.
pub struct BodyFault {
    pub field: Option<String>,
    pub key: &'static str,
}

/// The field a serde error is about, and the message for it. `path` is where the deserializer
/// was ("." for the top), `message` serde's own (English) words, which are read, not shown;
/// `body` is the JSON that was read.
pub fn fault_of(path: &str, message: &str, body: &serde_json::Value) -> (String, &'static str) {
    let at = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let top = if path == "." || path.is_empty() {
        "body".to_string()
    } else {
        path.to_string()
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return (at(name), "error-required");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        return (at(name), "error-body-unknown-field");
    }
    // A body type's own rule (`TryFrom`) that two fields exclude each other.
    if let Some(rest) = message.strip_prefix("not together: `") {
        let name = rest.split('`').next().unwrap_or("");
        return (at(name), "error-body-not-together");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        // Inside a tagged enum (`action` picks the fields) serde reports no path: the field is
        // the one at this place that holds the refused word.
        let word = rest.split_once("`, ").map_or(rest, |(w, _)| w);
        let holder = (path == "." || path.is_empty())
            .then(|| body.as_object())
            .flatten()
            .and_then(|fields| fields.iter().find(|(_, v)| v.as_str() == Some(word)))
            .map(|(name, _)| name.clone());
        return (holder.unwrap_or(top), "error-body-choice");
    }
    (top, "error-body-type")
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned> FromData<'r> for Body<T> {
    type Error = BodyError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let limit = req.limits().get("json").unwrap_or(1.mebibytes());
        let text = match data.open(limit).into_string().await {
            Ok(s) if s.is_complete() => s.into_inner(),
            Ok(_) => {
                tracing::warn!(route = %req.uri().path(), "request body larger than the limit");
                return data::Outcome::Error((Status::PayloadTooLarge, BodyError::TooLarge));
            }
            Err(_) => {
                return data::Outcome::Error((Status::BadRequest, BodyError::Unreadable));
            }
        };
        let mut value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(inner) => {
                tracing::warn!(
                    route = %req.uri().path(),
                    length = text.len(),
                    reason = ?inner.classify(),
                    "request body is not JSON"
                );
                req.local_cache(|| BodyFault {
                    field: None,
                    key: "error-bad-request",
                });
                return data::Outcome::Error((
                    Status::BadRequest,
                    BodyError::Syntax {
                        line: inner.line(),
                        column: inner.column(),
                    },
                ));
            }
        };
        whole_numbers(&mut value);
        // Every body the API document describes is an object. `Strict` holds structs to that at
        // any depth; the check holds the enums at the top (tagged or untagged, serde reads them
        // from its own buffer, which takes an array for a struct again). From a borrowed value:
        // on a refusal, `fault_of` reads the body to name the field.
        let read = if value.is_object() {
            serde_path_to_error::deserialize::<_, T>(Strict(&value))
                .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
        } else {
            Err((
                ".".to_string(),
                "invalid type: expected an object".to_string(),
            ))
        };
        match read {
            Ok(v) => data::Outcome::Success(Body(v)),
            Err((path, message)) => {
                tracing::warn!(
                    route = %req.uri().path(),
                    length = text.len(),
                    at = %path,
                    "request body refused"
                );
                let (field, key) = fault_of(&path, &message, &value);
                req.local_cache(|| BodyFault {
                    field: Some(field.clone()),
                    key,
                });
                data::Outcome::Error((Status::UnprocessableEntity, BodyError::Field { field }))
            }
        }
    }
}

/// JSON Schema counts `3.0` as an integer, serde does not: a client generated from the document
/// may send whole numbers with a fraction part, so they become integers before the body is read.
fn whole_numbers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // Within i64 exactly (2^63 itself is not), and no fraction.
                if f.fract() == 0.0
                    && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f)
                {
                    *v = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// A body guard that, when the body is too large, leaves its own message for the catcher.
pub struct Limited<T>(pub T);

#[rocket::async_trait]
impl<'r, T: FromData<'r>> FromData<'r> for Limited<T> {
    type Error = T::Error;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match T::from_data(req, data).await {
            data::Outcome::Success(v) => data::Outcome::Success(Limited(v)),
            data::Outcome::Error((status, e)) => {
                if status == Status::PayloadTooLarge {
                    // The catcher reads the message key from here.
                    req.local_cache(|| super::page::ErrorKey("error-signal-too-large"));
                }
                data::Outcome::Error((status, e))
            }
            data::Outcome::Forward(f) => data::Outcome::Forward(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fault_of, whole_numbers};
    use serde_json::json;

    #[test]
    fn whole_numbers_with_a_fraction_part_are_integers() {
        let mut v = json!({"meeting": 3.0, "points": [{"point": 1.0}], "share": 0.5, "big": 1e300});
        whole_numbers(&mut v);
        assert_eq!(
            v,
            json!({"meeting": 3, "points": [{"point": 1}], "share": 0.5, "big": 1e300})
        );
        assert!(serde_json::from_value::<i64>(v["meeting"].clone()).is_ok());
    }

    #[test]
    fn a_refused_choice_inside_a_tagged_enum_is_named_by_the_field_that_holds_it() {
        let body = json!({"action": "adopt", "panel": "burgers", "kind": " question "});
        assert_eq!(
            fault_of(
                ".",
                "unknown variant ` question `, expected one of `proposal`, `question`, `signal`",
                &body
            ),
            ("kind".into(), "error-body-choice")
        );
        let body = json!({"action": "", "panel": "burgers"});
        assert_eq!(
            fault_of(
                ".",
                "unknown variant ``, expected one of `adopt`, `bundle`",
                &body
            ),
            ("action".into(), "error-body-choice")
        );
        // A word no field holds: the body as a whole.
        assert_eq!(
            fault_of(".", "unknown variant `x`, expected `y`", &json!({"a": "b"})),
            ("body".into(), "error-body-choice")
        );
    }

    #[test]
    fn a_serde_error_names_its_field() {
        let none = json!({});
        assert_eq!(
            fault_of(".", "missing field `password` at line 1 column 20", &none),
            ("password".into(), "error-required")
        );
        assert_eq!(
            fault_of("points[2]", "missing field `outcome`", &none),
            ("points[2].outcome".into(), "error-required")
        );
        assert_eq!(
            fault_of(
                "public",
                "invalid type: string \"ja\", expected a boolean",
                &none
            ),
            ("public".into(), "error-body-type")
        );
        assert_eq!(
            fault_of(
                "kind",
                "unknown variant `x`, expected one of `note`, `dissent`",
                &none
            ),
            ("kind".into(), "error-body-choice")
        );
        assert_eq!(
            fault_of(".", "invalid type: integer `3`, expected struct X", &none),
            ("body".into(), "error-body-type")
        );
    }
}
