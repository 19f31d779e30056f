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
pub const DEVICE_COOKIE: &str = "bs_device";

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
enum CachedWebUser {
    Known(Option<WebUser>),
    /// An administrator who must set up a second factor first, on a page other than that.
    EnrolFirst,
    Failed(String),
}

/// Where an administrator without a second factor may still go: the set-up itself, and what
/// every page offers (language, reading choices, signing out).
const ENROL_PATHS: [&str; 6] = [
    "/account/tweede-factor",
    "/logout",
    "/language",
    "/display",
    "/static/",
    "/toegankelijkheid",
];

/// Marks a request refused because its administrator must set up a second factor first (the
/// page catcher sends them there).
pub struct EnrolFirst(pub bool);

async fn web_user<'r>(req: &'r Request<'_>) -> &'r CachedWebUser {
    req.local_cache_async(async {
        let Some(app) = req.rocket().state::<App>() else {
            return CachedWebUser::Failed("no app state".into());
        };
        let Some(cookie) = req.cookies().get_private(SESSION_COOKIE) else {
            return CachedWebUser::Known(None);
        };
        match accounts::resume(app, cookie.value(), WEB).await {
            Ok(Some(r)) => {
                let path = req.uri().path().as_str();
                if accounts::must_have_second_factor(app, &r.principal)
                    && !r.user.second_factor
                    && !ENROL_PATHS.iter().any(|p| path.starts_with(p))
                {
                    req.local_cache(|| EnrolFirst(true));
                    return CachedWebUser::EnrolFirst;
                }
                CachedWebUser::Known(Some(WebUser {
                    user: r.user,
                    principal: r.principal,
                    session_id: r.session_id,
                    unread: r.unread,
                }))
            }
            Ok(None) => {
                req.cookies().remove_private(Cookie::from(SESSION_COOKIE));
                CachedWebUser::Known(None)
            }
            Err(e) => CachedWebUser::Failed(e.to_string()),
        }
    })
    .await
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for WebUser {
    type Error = String;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match web_user(req).await {
            CachedWebUser::Known(Some(u)) => Outcome::Success(u.clone()),
            // The 401 catcher sends people to the login page and back.
            CachedWebUser::Known(None) => {
                Outcome::Error((Status::Unauthorized, "not logged in".into()))
            }
            CachedWebUser::EnrolFirst => Outcome::Error((Status::Forbidden, "enrol".into())),
            CachedWebUser::Failed(e) => Outcome::Error((Status::ServiceUnavailable, e.clone())),
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
            CachedWebUser::Known(u) => Outcome::Success(MaybeUser(u.clone())),
            CachedWebUser::EnrolFirst => Outcome::Error((Status::Forbidden, "enrol".into())),
            CachedWebUser::Failed(e) => Outcome::Error((Status::ServiceUnavailable, e.clone())),
        }
    }
}

impl MaybeUser {
    /// Who reads a page anyone may open (a public item): the person, or a visitor with no
    /// standing anywhere.
    pub fn reader(&self) -> Principal {
        self.0
            .as_ref()
            .map(|u| u.principal.clone())
            .unwrap_or_default()
    }

    /// A visitor who may not see something is asked to sign in (it may be theirs); someone
    /// signed in gets the error as it is.
    pub fn or_sign_in(&self, e: AppError) -> AppError {
        match (&self.0, e) {
            // An empty message key: the page catcher sends them to the login page and back.
            (None, AppError::NotFound | AppError::Forbidden) => AppError::Unauthorized(""),
            (_, e) => e,
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
            // A token from before the rule (or before the second factor was reset) stops working
            // for an administrator until a second factor is set up again.
            Ok(Some(r))
                if accounts::must_have_second_factor(app, &r.principal)
                    && !r.user.second_factor =>
            {
                Outcome::Error((
                    Status::Forbidden,
                    AppError::Conflict("error-second-factor-enrol"),
                ))
            }
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

/// The client's address, for throttles: the connection's own address, unless the connection
/// comes from a configured trusted proxy (`trusted_proxies`); then the address that proxy names.
pub struct ClientAddr(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientAddr {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let trusted = req
            .rocket()
            .state::<App>()
            .map(|a| a.proxies.clone())
            .unwrap_or_default();
        let ip = crate::domain::net::client_address(
            req.remote().map(|r| r.ip()),
            req.headers().get_one("X-Forwarded-For"),
            req.headers().get_one("X-Real-IP"),
            &trusted,
        )
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
        Outcome::Success(ClientAddr(ip))
    }
}

/// Everything a sign-in attempt needs to know about where it comes from.
pub struct SignInClient {
    pub addr: String,
    /// (user id, secret) of the device cookie: this browser signed in to that account before.
    pub device: Option<(i64, String)>,
    pub user_agent: Option<String>,
}

impl SignInClient {
    pub fn info(&self) -> crate::service::accounts::ClientInfo<'_> {
        crate::service::accounts::ClientInfo {
            client: &self.addr,
            device: self.device.as_ref().map(|(id, s)| (*id, s.as_str())),
            user_agent: self.user_agent.as_deref(),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignInClient {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let ClientAddr(addr) = req.guard::<ClientAddr>().await.expect("infallible");
        let device = req.cookies().get_private(DEVICE_COOKIE).and_then(|c| {
            let (id, secret) = c.value().split_once('.')?;
            Some((id.parse().ok()?, secret.to_string()))
        });
        Outcome::Success(SignInClient {
            addr,
            device,
            user_agent: req.headers().get_one("User-Agent").map(str::to_string),
        })
    }
}

/// Remembers that this browser signed in to this account (a private cookie, a year): its later
/// tries are counted apart from anyone else's for the same address, so nobody can lock its owner
/// out by failing on purpose.
pub fn set_device_cookie(jar: &CookieJar<'_>, app: &State<App>, user_id: i64) {
    let keep = jar
        .get_private(DEVICE_COOKIE)
        .and_then(|c| {
            let (id, secret) = c.value().split_once('.')?;
            (id.parse::<i64>().ok()? == user_id).then(|| secret.to_string())
        })
        .unwrap_or_else(|| crate::secrets::new_token()[..32].to_string());
    jar.add_private(
        Cookie::build((DEVICE_COOKIE, format!("{user_id}.{keep}")))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(app.settings.behind_tls)
            .path("/")
            .max_age(rocket::time::Duration::days(365)),
    );
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
