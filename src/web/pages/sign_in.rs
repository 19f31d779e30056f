//! Ways in besides a password: a sign-in link by mail, the second step (a code from an app, or a
//! recovery code), and the password reset. Every page answers the same whether or not an address
//! has an account.

use super::account::{finish_sign_in, pending_sign_in, start_web_session};
use super::done;
use crate::app::App;
use crate::error::AppError;
use crate::service::{account_links, accounts};
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::SignInClient;
use crate::web::page::{Ctx, PageFailure, PageResult};
use crate::web::template::Template;
use rocket::http::CookieJar;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        link_page,
        link_request,
        link_confirm_page,
        link_use,
        second_factor_page,
        second_factor,
        forgot_page,
        forgot,
        reset_page,
        reset,
    ]
}

/// Which of the page's forms shows; the template asks `mode.<name>`, so it goes out as an
/// object with that one key set to `true`.
#[derive(Clone, Copy)]
enum Mode {
    Link,
    LinkConfirm,
    SecondFactor,
    Forgot,
    Reset,
}

impl Mode {
    fn as_str(self) -> &'static str {
        match self {
            Mode::Link => "link",
            Mode::LinkConfirm => "link_confirm",
            Mode::SecondFactor => "second_factor",
            Mode::Forgot => "forgot",
            Mode::Reset => "reset",
        }
    }
}

impl Serialize for Mode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.as_str(), &true)?;
        m.end()
    }
}

/// Every key the template looks at, so strict mode never trips on a missing one.
#[derive(Serialize)]
struct SignInPage<'a> {
    mode: Mode,
    sent: bool,
    token: Option<&'a str>,
    email: &'a str,
}

fn view<'a>(mode: Mode) -> SignInPage<'a> {
    SignInPage {
        mode,
        sent: false,
        token: None,
        email: "",
    }
}

#[derive(FromForm)]
struct EmailForm {
    csrf: String,
    email: String,
}
crate::csrf_form!(EmailForm);

// ---------------------------------------------------------------------------------------------
// Sign-in link

#[get("/aanmelden/link")]
fn link_page(ctx: Ctx) -> Template {
    ctx.render("sign_in", view(Mode::Link))
}

/// Always the same answer, whether or not the address has an account.
#[post("/aanmelden/link", data = "<form>")]
async fn link_request(
    form: CsrfForm<EmailForm>,
    ctx: Ctx,
    app: &State<App>,
    client: SignInClient,
) -> Result<Template, PageFailure> {
    let f = form.0;
    match account_links::request_sign_in_link(app, &f.email, &client.addr).await {
        Ok(()) => Ok(ctx.render(
            "sign_in",
            SignInPage {
                sent: true,
                ..view(Mode::Link)
            },
        )),
        Err(e @ AppError::TooManyRequests(_)) => Err(PageFailure::form(
            &ctx,
            "sign_in",
            SignInPage {
                email: &f.email,
                ..view(Mode::Link)
            },
            e,
        )),
        Err(e) => Err(PageFailure::page(&ctx, e)),
    }
}

/// The link from the mail shows a button rather than signing in at once: mail filters that
/// open every link to check it must not use it up.
#[get("/aanmelden/link/<token>")]
async fn link_confirm_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    if !account_links::sign_in_link_open(app, token).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(ctx.render(
        "sign_in",
        SignInPage {
            token: Some(token),
            ..view(Mode::LinkConfirm)
        },
    ))
}

#[post("/aanmelden/link/<token>", data = "<form>")]
async fn link_use(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    jar: &CookieJar<'_>,
    client: SignInClient,
) -> Result<Redirect, PageFailure> {
    let _ = form;
    let user = account_links::use_sign_in_link(app, token)
        .await
        .map_err(|e| PageFailure::page(&ctx, e))?;
    finish_sign_in(&ctx, app, jar, &client, user, "/".into())
        .await
        .map_err(|e| PageFailure::page(&ctx, e))
}

// ---------------------------------------------------------------------------------------------
// Second step

// A redirect is the rare path here; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
#[get("/aanmelden/tweede-factor")]
fn second_factor_page(
    ctx: Ctx,
    app: &State<App>,
    jar: &CookieJar<'_>,
) -> Result<Template, Redirect> {
    if pending_sign_in(jar, app).is_none() {
        return Err(Redirect::to("/login"));
    }
    Ok(ctx.render("sign_in", view(Mode::SecondFactor)))
}

#[derive(FromForm)]
struct CodeForm {
    csrf: String,
    code: String,
}
crate::csrf_form!(CodeForm);

#[post("/aanmelden/tweede-factor", data = "<form>")]
async fn second_factor(
    form: CsrfForm<CodeForm>,
    ctx: Ctx,
    app: &State<App>,
    jar: &CookieJar<'_>,
    client: SignInClient,
) -> Result<Redirect, PageFailure> {
    let Some((user_id, next)) = pending_sign_in(jar, app) else {
        return Ok(Redirect::to("/login"));
    };
    let fail = |e| PageFailure::form(&ctx, "sign_in", view(Mode::SecondFactor), e);
    let mut c = app.db.conn().await.map_err(|e| fail(e.into()))?;
    let user = crate::db::people::user_by_id(&mut c.ex(), user_id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(AppError::NotFound))?;
    drop(c);
    accounts::check_second_factor(app, &user, &form.0.code, &client.info())
        .await
        .map_err(fail)?;
    start_web_session(&ctx, app, jar, &client, &user)
        .await
        .map_err(fail)?;
    Ok(Redirect::to(next))
}

// ---------------------------------------------------------------------------------------------
// Password reset

#[get("/wachtwoord-vergeten")]
fn forgot_page(ctx: Ctx) -> Template {
    ctx.render("sign_in", view(Mode::Forgot))
}

/// Always the same answer, whether or not the address has an account.
#[post("/wachtwoord-vergeten", data = "<form>")]
async fn forgot(
    form: CsrfForm<EmailForm>,
    ctx: Ctx,
    app: &State<App>,
    client: SignInClient,
) -> Result<Template, PageFailure> {
    let f = form.0;
    match account_links::request_password_reset(app, &f.email, &client.addr).await {
        Ok(()) => Ok(ctx.render(
            "sign_in",
            SignInPage {
                sent: true,
                ..view(Mode::Forgot)
            },
        )),
        Err(e @ AppError::TooManyRequests(_)) => Err(PageFailure::form(
            &ctx,
            "sign_in",
            SignInPage {
                email: &f.email,
                ..view(Mode::Forgot)
            },
            e,
        )),
        Err(e) => Err(PageFailure::page(&ctx, e)),
    }
}

#[get("/wachtwoord/<token>")]
async fn reset_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    if !account_links::reset_link_open(app, token).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(ctx.render(
        "sign_in",
        SignInPage {
            token: Some(token),
            ..view(Mode::Reset)
        },
    ))
}

#[derive(FromForm)]
struct ResetForm {
    csrf: String,
    password: String,
}
crate::csrf_form!(ResetForm);

#[post("/wachtwoord/<token>", data = "<form>")]
async fn reset(
    form: CsrfForm<ResetForm>,
    ctx: Ctx,
    app: &State<App>,
    token: &str,
) -> Result<Flash<Redirect>, PageFailure> {
    match account_links::reset_password(app, token, &form.0.password).await {
        Ok(_) => Ok(done(&ctx, "/login".into(), "flash-password-reset", &[])),
        Err(AppError::NotFound) => Err(PageFailure::page(&ctx, AppError::NotFound)),
        Err(e) => Err(PageFailure::form(
            &ctx,
            "sign_in",
            SignInPage {
                token: Some(token),
                ..view(Mode::Reset)
            },
            e,
        )),
    }
}
