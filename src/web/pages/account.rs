//! Logging in and out, the first administrator, accepting invitations.

use super::home::safe_next;
use crate::app::App;
use crate::error::AppError;
use crate::service::accounts::{self, NewAccount, WEB};
use crate::web::csrf::{CsrfForm, PlainForm};
use crate::web::guards::{set_session_cookie, ClientAddr, WebUser, LANG_COOKIE, SESSION_COOKIE};
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::json;

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
    client: ClientAddr,
) -> Result<Redirect, (Status, Template)> {
    let f = form.0;
    let next = safe_next(f.next.as_deref().unwrap_or("/"));
    let view = json!({"next": next, "email": f.email});
    let user = match accounts::login(app, &f.email, &f.password, &client.0).await {
        Ok(u) => u,
        Err(e) => return Err(ctx.render_with_errors("login", view, &e)),
    };
    // A fresh session at every login: a session fixed before login is worth nothing after it.
    if let Some(u) = &ctx.user {
        let _ = accounts::end_session(app, u.session_id).await;
    }
    match accounts::start_session(app, user.id, WEB).await {
        Ok(token) => {
            set_session_cookie(jar, app, token);
            jar.add(
                Cookie::build((LANG_COOKIE, user.locale.clone()))
                    .same_site(SameSite::Lax)
                    .path("/"),
            );
            Ok(Redirect::to(next))
        }
        Err(e) => Err(ctx.render_with_errors("login", view, &e)),
    }
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
    Ok(Redirect::to("/admin"))
}

#[get("/invitations/<token>")]
async fn invitation_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    let inv = accounts::open_invitation(app, token).await?;
    let mut c = app.db.conn().await.map_err(AppError::from)?;
    let existing = crate::db::people::user_by_email(&mut c.ex(), &inv.email)
        .await
        .map_err(AppError::from)?
        .is_some();
    let zone = crate::db::zones::by_id(&mut c.ex(), inv.zone_id)
        .await
        .map_err(AppError::from)?;
    Ok(ctx.render(
        "invitation",
        json!({"token": token, "invitation": {"name": inv.display_name, "email": inv.email, "role": inv.role,
               "zone": zone.map(|z| z.name)}, "existing": existing}),
    ))
}

#[derive(FromForm)]
struct AcceptForm {
    csrf: String,
    password: String,
}
crate::csrf_form!(AcceptForm);

#[post("/invitations/<token>", data = "<form>")]
async fn accept_invitation(
    form: CsrfForm<AcceptForm>,
    ctx: Ctx,
    app: &State<App>,
    token: &str,
    jar: &CookieJar<'_>,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let inv = accounts::open_invitation(app, token)
        .await
        .map_err(|e| ctx.error_page(&e))?;
    let view = json!({"token": token, "invitation": {"name": inv.display_name, "email": inv.email, "role": inv.role, "zone": Option::<String>::None},
                      "existing": false});
    let user_id = accounts::accept_invitation(app, token, &form.0.password)
        .await
        .map_err(|e| ctx.render_with_errors("invitation", view.clone(), &e))?;
    let session = accounts::start_session(app, user_id, WEB)
        .await
        .map_err(|e| ctx.error_page(&e))?;
    set_session_cookie(jar, app, session);
    Ok(Flash::success(Redirect::to("/"), ctx.tr("flash-welcome")))
}
