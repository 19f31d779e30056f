//! Logging in and out, the first administrator, accepting invitations.

use super::home::safe_next;
use crate::app::App;
use crate::error::AppError;
use crate::service::accounts::{self, NewAccount, WEB};
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{
    set_device_cookie, set_session_cookie, MaybeUser, SignInClient, WebUser, LANG_COOKIE,
    SESSION_COOKIE,
};
use crate::web::page::{Ctx, PageFailure, PageResult};
use crate::web::template::Template;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::json;

/// The cookie that carries a sign-in between its two steps.
pub const PENDING_COOKIE: &str = "bs_pending";
/// How long the second step may take.
pub const PENDING_MINUTES: i64 = 10;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        login_page,
        login,
        logout,
        setup_page,
        setup,
        invitation_page,
        accept_invitation
    ]
}

// A redirect is the rare path here; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
#[get("/login?<next>")]
fn login_page(ctx: Ctx, next: Option<String>) -> Result<Template, Redirect> {
    if ctx.user.is_some() {
        return Err(Redirect::to(safe_next(next.as_deref().unwrap_or("/"))));
    }
    Ok(ctx.render(
        "login",
        json!({"next": safe_next(next.as_deref().unwrap_or("/")), "email": ""}),
    ))
}

#[derive(FromForm)]
struct LoginForm {
    csrf: String,
    email: String,
    password: String,
    next: Option<String>,
}
crate::csrf_form!(LoginForm);

#[post("/login", data = "<form>")]
async fn login(
    form: CsrfForm<LoginForm>,
    ctx: Ctx,
    app: &State<App>,
    jar: &CookieJar<'_>,
    client: SignInClient,
) -> Result<Redirect, PageFailure> {
    let f = form.0;
    let next = safe_next(f.next.as_deref().unwrap_or("/"));
    let view = json!({"next": next, "email": f.email});
    let user = accounts::login(app, &f.email, &f.password, &client.info())
        .await
        .map_err(|e| PageFailure::form(&ctx, "login", view.clone(), e))?;
    finish_sign_in(&ctx, app, jar, &client, user, next)
        .await
        .map_err(|e| PageFailure::form(&ctx, "login", view, e))
}

/// The first step of signing in passed (a password or a sign-in link). Without a second factor
/// the session starts; with one, a short-lived private cookie remembers who passed the first step
/// and the second step asks for the code.
pub(super) async fn finish_sign_in(
    ctx: &Ctx,
    app: &State<App>,
    jar: &CookieJar<'_>,
    client: &SignInClient,
    user: crate::db::people::User,
    next: String,
) -> Result<Redirect, AppError> {
    if user.second_factor {
        let until = app.clock.now() + chrono::Duration::minutes(PENDING_MINUTES);
        let pending = json!({"user": user.id, "until": until.timestamp(), "next": next});
        jar.add_private(
            Cookie::build((PENDING_COOKIE, pending.to_string()))
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(app.settings.behind_tls)
                .path("/")
                .max_age(rocket::time::Duration::minutes(PENDING_MINUTES)),
        );
        return Ok(Redirect::to("/aanmelden/tweede-factor"));
    }
    start_web_session(ctx, app, jar, client, &user).await?;
    Ok(Redirect::to(next))
}

/// A fresh session at every sign-in (a session fixed before it is worth nothing after it), the
/// person's language, and this browser remembered as one of theirs.
pub(super) async fn start_web_session(
    ctx: &Ctx,
    app: &State<App>,
    jar: &CookieJar<'_>,
    client: &SignInClient,
    user: &crate::db::people::User,
) -> Result<(), AppError> {
    if let Some(u) = &ctx.user {
        let _ = accounts::end_session(app, u.session_id).await;
    }
    let token =
        accounts::start_session_from(app, user.id, WEB, client.user_agent.as_deref()).await?;
    set_session_cookie(jar, app, token);
    set_device_cookie(jar, app, user.id);
    jar.remove_private(Cookie::from(PENDING_COOKIE));
    jar.add(
        Cookie::build((LANG_COOKIE, user.locale.clone()))
            .same_site(SameSite::Lax)
            .path("/"),
    );
    Ok(())
}

/// Who passed the first step of signing in, and where they were going; `None` when the cookie is
/// missing, forged or older than [`PENDING_MINUTES`].
pub(super) fn pending_sign_in(jar: &CookieJar<'_>, app: &App) -> Option<(i64, String)> {
    let c = jar.get_private(PENDING_COOKIE)?;
    let v: serde_json::Value = serde_json::from_str(c.value()).ok()?;
    let until = v["until"].as_i64()?;
    if app.clock.now().timestamp() > until {
        return None;
    }
    Some((
        v["user"].as_i64()?,
        safe_next(v["next"].as_str().unwrap_or("/")),
    ))
}

#[post("/logout", data = "<form>")]
async fn logout(
    form: CsrfForm<PlainForm>,
    ctx: Ctx,
    user: Option<WebUser>,
    app: &State<App>,
    jar: &CookieJar<'_>,
) -> Flash<Redirect> {
    let _ = form;
    if let Some(u) = user {
        let _ = accounts::end_session(app, u.session_id).await;
    }
    jar.remove_private(Cookie::from(SESSION_COOKIE));
    Flash::success(Redirect::to("/"), ctx.tr("flash-logged-out"))
}

#[get("/setup/<token>")]
async fn setup_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    if !accounts::setup_link_open(app, token).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(ctx.render("setup", json!({"token": token, "email": "", "name": ""})))
}

#[derive(FromForm)]
struct SetupForm {
    csrf: String,
    email: String,
    name: String,
    password: String,
}
crate::csrf_form!(SetupForm);

#[post("/setup/<token>", data = "<form>")]
async fn setup(
    form: CsrfForm<SetupForm>,
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    jar: &CookieJar<'_>,
) -> Result<Redirect, (Status, Template)> {
    let f = form.0;
    let view = json!({"token": token, "email": f.email, "name": f.name});
    let account = NewAccount {
        email: &f.email,
        name: &f.name,
        password: &f.password,
    };
    let id = accounts::complete_setup(app, token, account)
        .await
        .map_err(|e| ctx.render_with_errors("setup", view.clone(), &e))?;
    let token = accounts::start_session(app, id, WEB)
        .await
        .map_err(|e| ctx.render_with_errors("setup", view, &e))?;
    set_session_cookie(jar, app, token);
    // A platform administrator sets up the second factor before anything else.
    Ok(Redirect::to("/admin"))
}

/// The invitation's page is the same whether or not its address has an account: whoever holds
/// the link (the inviter too) learns nothing from it. Signed in as the invited address, it offers
/// to accept as that account; signed in as someone else, it says so.
#[get("/invitations/<token>")]
async fn invitation_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    let inv = accounts::open_invitation(app, token).await?;
    let view = invitation_view(app, &ctx, token, &inv).await?;
    Ok(ctx.render("invitation", view))
}

async fn invitation_view(
    app: &App,
    ctx: &Ctx,
    token: &str,
    inv: &crate::db::people::Invitation,
) -> Result<serde_json::Value, AppError> {
    let mut c = app.db.conn().await?;
    let zone = crate::db::zones::by_id(&mut c.ex(), inv.zone_id).await?;
    let signed_in = ctx.user.as_ref().map(|u| {
        json!({"name": u.user.display_name, "is_invited": u.user.email.eq_ignore_ascii_case(&inv.email)})
    });
    Ok(json!({
        "token": token,
        "invitation": {"name": inv.display_name, "email": inv.email, "role": inv.role,
                       "zone": zone.map(|z| z.name)},
        "signed_in": signed_in,
        "login_next": format!("/invitations/{token}"),
    }))
}

#[derive(FromForm)]
struct AcceptForm {
    csrf: String,
    password: Option<String>,
}
crate::csrf_form!(AcceptForm);

#[post("/invitations/<token>", data = "<form>")]
async fn accept_invitation(
    form: CsrfForm<AcceptForm>,
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    jar: &CookieJar<'_>,
    client: SignInClient,
    user: MaybeUser,
) -> Result<Flash<Redirect>, PageFailure> {
    let inv = accounts::open_invitation(app, token)
        .await
        .map_err(|e| PageFailure::page(&ctx, e))?;
    let view = invitation_view(app, &ctx, token, &inv)
        .await
        .map_err(|e| PageFailure::page(&ctx, e))?;
    let fail = |e| PageFailure::form(&ctx, "invitation", view.clone(), e);
    if let Some(u) = user.0 {
        accounts::accept_invitation_as(app, token, &u.user)
            .await
            .map_err(fail)?;
        return Ok(Flash::success(Redirect::to("/"), ctx.tr("flash-welcome")));
    }
    let password = form.0.password.unwrap_or_default();
    let user_id = accounts::accept_invitation(app, token, &password)
        .await
        .map_err(fail)?;
    let mut c = app.db.conn().await.map_err(|e| fail(e.into()))?;
    let new_user = crate::db::people::user_by_id(&mut c.ex(), user_id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(AppError::NotFound))?;
    drop(c);
    start_web_session(&ctx, app, jar, &client, &new_user)
        .await
        .map_err(fail)?;
    Ok(Flash::success(Redirect::to("/"), ctx.tr("flash-welcome")))
}
