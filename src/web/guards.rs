//! Request guards: who is asking (web session or API token), in which language, from where.

use crate::app::App;
use crate::db::people::User;
use crate::domain::policy::Principal;
use crate::error::AppError;
use crate::i18n::{I18n, DEFAULT_LANG};
use crate::service::accounts::{self, API, WEB};
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::State;

pub const SESSION_COOKIE: &str = "bs_session";
pub const LANG_COOKIE: &str = "bs_lang";

/// A logged-in person on the web pages.
#[derive(Clone)]
pub struct WebUser {
    pub user: User,
    pub principal: Principal,
    pub session_id: i64,
    /// Unread messages, read with the session (every page shows it).
    pub unread: i64,
}

/// Resolved once per request and cached, so several guards don't query twice.
struct CachedWebUser(Result<Option<WebUser>, String>);

async fn web_user<'r>(req: &'r Request<'_>) -> &'r Result<Option<WebUser>, String> {
    &req.local_cache_async(async {
        let Some(app) = req.rocket().state::<App>() else {
            return CachedWebUser(Err("no app state".into()));
        };
        let Some(cookie) = req.cookies().get_private(SESSION_COOKIE) else {
            return CachedWebUser(Ok(None));
        };
        match accounts::resume(app, cookie.value(), WEB).await {
            Ok(Some(r)) => CachedWebUser(Ok(Some(WebUser {
                user: r.user,
                principal: r.principal,
                session_id: r.session_id,
                unread: r.unread,
            }))),
            Ok(None) => {
                req.cookies().remove_private(Cookie::from(SESSION_COOKIE));
                CachedWebUser(Ok(None))
            }
            Err(e) => CachedWebUser(Err(e.to_string())),
        }
    })
    .await
    .0
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for WebUser {
    type Error = String;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match web_user(req).await {
            Ok(Some(u)) => Outcome::Success(u.clone()),
            // The 401 catcher sends people to the login page and back.
            Ok(None) => Outcome::Error((Status::Unauthorized, "not logged in".into())),
            Err(e) => Outcome::Error((Status::ServiceUnavailable, e.clone())),
        }
    }
}

/// Maybe a logged-in person (pages that anyone may see).
pub struct MaybeUser(pub Option<WebUser>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for MaybeUser {
    type Error = String;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match web_user(req).await {
            Ok(u) => Outcome::Success(MaybeUser(u.clone())),
            Err(e) => Outcome::Error((Status::ServiceUnavailable, e.clone())),
        }
    }
}

/// A caller of the JSON API, by `Authorization: Bearer <token>`. Cookies are not accepted here,
/// which keeps the API out of reach of cross-site requests.
#[derive(Clone)]
pub struct ApiUser {
    pub user: User,
    pub principal: Principal,
    pub token_id: i64,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiUser {
    type Error = AppError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(app) = req.rocket().state::<App>() else {
            return Outcome::Error((
                Status::InternalServerError,
                AppError::Internal("state".into()),
            ));
        };
        let token = req
            .headers()
            .get_one("Authorization")
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim);
        let Some(token) = token else {
            return Outcome::Error((Status::Unauthorized, AppError::Unauthorized("error-token")));
        };
        match accounts::resume(app, token, API).await {
            Ok(Some(r)) => Outcome::Success(ApiUser {
                user: r.user,
                principal: r.principal,
                token_id: r.session_id,
            }),
            Ok(None) => {
                Outcome::Error((Status::Unauthorized, AppError::Unauthorized("error-token")))
            }
            Err(e) => Outcome::Error((Status::new(e.status()), e)),
        }
    }
}

/// The page language: the person's choice (cookie), else the browser's, else Dutch.
#[derive(Clone, Copy)]
pub struct Lang(pub &'static str);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Lang {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        Outcome::Success(lang_of(req))
    }
}

pub fn lang_of(req: &Request<'_>) -> Lang {
    if let Some(c) = req.cookies().get(LANG_COOKIE) {
        return Lang(I18n::normalize(c.value()));
    }
    let accept = req.headers().get_one("Accept-Language").unwrap_or("");
    for part in accept.split(',') {
        let tag = part.split(';').next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(l) = crate::i18n::LANGS
            .into_iter()
            .find(|l| l.eq_ignore_ascii_case(primary))
        {
            return Lang(l);
        }
    }
    Lang(DEFAULT_LANG)
}

/// The client's address, for rate limits.
pub struct ClientAddr(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientAddr {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        // `client_ip` honours Rocket's `ip_header` setting (X-Real-IP behind a proxy).
        let ip = req
            .client_ip()
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into());
        Outcome::Success(ClientAddr(ip))
    }
}

/// Sets the session cookie: private (encrypted), HttpOnly, SameSite=Lax, Secure behind TLS.
pub fn set_session_cookie(jar: &CookieJar<'_>, app: &State<App>, token: String) {
    // Lax, not Strict: someone who follows a link from an email must arrive logged in. Every
    // state change is a POST with a CSRF token, so Lax gives nothing away.
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(app.settings.behind_tls)
        .path("/")
        .max_age(rocket::time::Duration::hours(
            app.settings.session_absolute_hours,
        ));
    jar.add_private(cookie);
}
