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
use serde::{Deserialize, Serialize};

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

/// The sign-in form, with the address typed and where to go after.
#[derive(Serialize, Clone, Copy)]
struct LoginPage<'a> {
    next: &'a str,
    email: &'a str,
}

// A redirect is the rare path here; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
#[get("/login?<next>")]
fn login_page(ctx: Ctx, next: Option<String>) -> Result<Template, Redirect> {
    if ctx.user.is_some() {
        return Err(Redirect::to(safe_next(next.as_deref().unwrap_or("/"))));
    }
    let next = safe_next(next.as_deref().unwrap_or("/"));
    Ok(ctx.render(
        "login",
        LoginPage {
            next: &next,
            email: "",
        },
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
    let view = LoginPage {
        next: &next,
        email: &f.email,
    };
    let user = accounts::login(app, &f.email, &f.password, &client.info())
        .await
        .map_err(|e| PageFailure::form(&ctx, "login", view, e))?;
    finish_sign_in(&ctx, app, jar, &client, user, next.clone())
        .await
        .map_err(|e| PageFailure::form(&ctx, "login", view, e))
}

/// Who passed the first step of signing in, until when (seconds since 1970), and where they were
/// going: the pending cookie's content.
#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    user: i64,
    until: i64,
    /// A cookie without it goes home (`safe_next` turns "" into "/").
    #[serde(default)]
    next: String,
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
        let pending = PendingSignIn {
            user: user.id,
            until: until.timestamp(),
            next,
        };
        let pending =
            serde_json::to_string(&pending).map_err(|e| AppError::Internal(e.to_string()))?;
        jar.add_private(
            Cookie::build((PENDING_COOKIE, pending))
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
    let p: PendingSignIn = serde_json::from_str(c.value()).ok()?;
    if app.clock.now().timestamp() > p.until {
        return None;
    }
    Some((p.user, safe_next(&p.next)))
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

/// The first administrator's form, as it was filled in.
#[derive(Serialize, Clone, Copy)]
struct SetupPage<'a> {
    token: &'a str,
    email: &'a str,
    name: &'a str,
}

#[get("/setup/<token>")]
async fn setup_page(ctx: Ctx, app: &State<App>, token: &str) -> PageResult<Template> {
    if !accounts::setup_link_open(app, token).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(ctx.render(
        "setup",
        SetupPage {
            token,
            email: "",
            name: "",
        },
    ))
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
    let view = SetupPage {
        token,
        email: &f.email,
        name: &f.name,
    };
    let account = NewAccount {
        email: &f.email,
        name: &f.name,
        password: &f.password,
    };
    let id = accounts::complete_setup(app, token, account)
        .await
        .map_err(|e| ctx.render_with_errors("setup", view, &e))?;
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

/// Who is invited, to what, and as what.
#[derive(Serialize, Clone)]
struct InvitationView<'a> {
    name: &'a str,
    email: &'a str,
    role: &'a str,
    /// The zone's name; none when the zone is gone.
    zone: Option<String>,
}

/// The person signed in while opening the invitation.
#[derive(Serialize, Clone)]
struct SignedIn<'a> {
    name: &'a str,
    /// Whether they are the address invited.
    is_invited: bool,
}

#[derive(Serialize, Clone)]
struct InvitationPage<'a> {
    token: &'a str,
    invitation: InvitationView<'a>,
    signed_in: Option<SignedIn<'a>>,
    login_next: String,
}

async fn invitation_view<'a>(
    app: &App,
    ctx: &'a Ctx,
    token: &'a str,
    inv: &'a crate::db::people::Invitation,
) -> Result<InvitationPage<'a>, AppError> {
    let mut c = app.db.conn().await?;
    let zone = crate::db::zones::by_id(&mut c.ex(), inv.zone_id).await?;
    let signed_in = ctx.user.as_ref().map(|u| SignedIn {
        name: &u.user.display_name,
        is_invited: u.user.email.eq_ignore_ascii_case(&inv.email),
    });
    Ok(InvitationPage {
        token,
        invitation: InvitationView {
            name: &inv.display_name,
            email: &inv.email,
            role: &inv.role,
            zone: zone.map(|z| z.name),
        },
        signed_in,
        login_next: format!("/invitations/{token}"),
    })
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
