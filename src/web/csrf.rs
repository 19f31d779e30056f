//! CSRF protection: a random token in a private cookie, repeated in every form and compared in
//! constant time. A form data guard does the check, so a handler cannot forget it.

use crate::secrets::{new_token, same_secret};
use rocket::data::{self, Data, FromData};
use rocket::form::{Form, FromForm};
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};

pub const CSRF_COOKIE: &str = "bs_csrf";

/// The token to put in forms; created on first use.
pub struct CsrfToken(pub String);

/// `secure`: the cookie only travels over TLS (set when `behind_tls` is).
pub fn token_for(jar: &CookieJar<'_>, secure: bool) -> String {
    if let Some(c) = jar.get_private(CSRF_COOKIE) {
        return c.value().to_string();
    }
    // `get_private` also sees a cookie added earlier in this same request.
    let t = new_token();
    jar.add_private(
        Cookie::build((CSRF_COOKIE, t.clone()))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .path("/"),
    );
    t
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let secure = req
            .rocket()
            .state::<crate::app::App>()
            .is_some_and(|a| a.settings.behind_tls);
        Outcome::Success(CsrfToken(token_for(req.cookies(), secure)))
    }
}

/// A form that carries a `csrf` field.
pub trait HasCsrf {
    fn csrf(&self) -> &str;
}

/// Implements `HasCsrf` for form structs with a `csrf: String` field.
#[macro_export]
macro_rules! csrf_form {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::web::csrf::HasCsrf for $t {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}

/// A parsed form whose CSRF token matched. Fails with 403 otherwise (rendered by the catcher).
pub struct CsrfForm<T>(pub T);

#[rocket::async_trait]
impl<'r, T: FromForm<'r> + HasCsrf + Send + 'r> FromData<'r> for CsrfForm<T> {
    type Error = String;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match Form::<T>::from_data(req, data).await {
            data::Outcome::Success(form) => {
                let form = form.into_inner();
                let expected = req.cookies().get_private(CSRF_COOKIE);
                match expected {
                    Some(c) if same_secret(c.value(), form.csrf()) => {
                        data::Outcome::Success(CsrfForm(form))
                    }
                    _ => data::Outcome::Error((Status::Forbidden, "csrf".into())),
                }
            }
            data::Outcome::Error((status, errors)) => {
                let too_large = errors
                    .iter()
                    .any(|e| matches!(e.kind, rocket::form::error::ErrorKind::Io(_)))
                    || status == Status::PayloadTooLarge;
                let status = if too_large {
                    Status::PayloadTooLarge
                } else {
                    Status::UnprocessableEntity
                };
                data::Outcome::Error((status, errors.to_string()))
            }
            data::Outcome::Forward(f) => data::Outcome::Forward(f),
        }
    }
}

/// A form with nothing but its CSRF token: a button that makes one change.
#[derive(rocket::FromForm)]
pub struct PlainForm {
    csrf: String,
}
crate::csrf_form!(PlainForm);
