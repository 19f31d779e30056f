use super::doc;
use super::{created, ApiResult};
use crate::app::App;
use crate::db::people;
use crate::error::AppError;
use crate::service::accounts::{self, InvitationInput, API};
use crate::service::zones as zone_service;
use crate::service::{account_links, second_factor};
use crate::web::body::Body;
use crate::web::guards::{ApiUser, ClientAddr, SignInClient};
use crate::web::views::accounts::{IssuedInvitation, Me, NewAccount, Token, Zone};
use crate::web::views::{self, Panel};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{delete, get, post, routes, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        create_token,
        request_sign_in_link,
        my_sessions,
        end_my_session,
        reset_second_factor,
        revoke_token,
        me,
        create_zone,
        create_panel,
        invite,
        accept
    ]
}

/// How to sign in: an address and password, or the token of a sign-in link; either with the
/// second factor's code when the account has one. Parsed once: a body that is neither names the
/// field that is missing (or the one too many).
#[derive(Deserialize, ToSchema)]
#[serde(untagged, try_from = "CredentialFields")]
enum Credentials {
    Password(PasswordCredentials),
    SignInLink(LinkCredentials),
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordCredentials {
    email: String,
    password: String,
    /// Six digits from the authenticator app, or a recovery code; required when the account
    /// has a second factor (the answer without it is 401 `second-factor-required`).
    code: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct LinkCredentials {
    /// The token of a sign-in link (the last part of the link from
    /// `POST /api/v1/sign-in-links`).
    sign_in_link: String,
    /// As with a password.
    code: Option<String>,
}

/// The body as it comes; `Credentials` is what it must be.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialFields {
    email: Option<String>,
    password: Option<String>,
    sign_in_link: Option<String>,
    code: Option<String>,
}

impl TryFrom<CredentialFields> for Credentials {
    /// In serde's own words, so `web::body` names the field.
    type Error = &'static str;

    fn try_from(f: CredentialFields) -> Result<Self, Self::Error> {
        let code = f.code;
        match (f.sign_in_link, f.email, f.password) {
            (Some(sign_in_link), None, None) => Ok(Credentials::SignInLink(LinkCredentials {
                sign_in_link,
                code,
            })),
            (None, Some(email), Some(password)) => Ok(Credentials::Password(PasswordCredentials {
                email,
                password,
                code,
            })),
            (Some(_), _, _) => Err("not together: `sign_in_link` with `email` or `password`"),
            (None, None, _) => Err("missing field `email`"),
            (None, Some(_), None) => Err("missing field `password`"),
        }
    }
}

impl Credentials {
    fn code(&self) -> Option<&str> {
        match self {
            Credentials::Password(PasswordCredentials { code, .. })
            | Credentials::SignInLink(LinkCredentials { code, .. }) => code.as_deref(),
        }
    }
}

/// Logs in: a bearer token for the other calls.
///
/// Every try is counted per address (or known device) and per client address; after five
/// failures in a row each next try waits longer (1 s, 2 s, 4 s … up to 15 minutes: 429 with
/// `Retry-After`). An account with a second factor also needs `code`. Zone and platform
/// administrators get a token only once they have set up a second factor (403 otherwise).
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "accounts",
    security(()),
    request_body = Credentials,
    responses(
        (status = 201, description = "Logged in.", body = views::accounts::Token),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 429, response = doc::TooManyRequests),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/tokens", format = "json", data = "<body>")]
async fn create_token(
    body: Body<Credentials>,
    app: &State<App>,
    client: SignInClient,
) -> ApiResult<(Status, Json<Token>)> {
    let from = client.info();
    let user = match &*body {
        Credentials::SignInLink(link) => {
            account_links::use_sign_in_link(app, &link.sign_in_link).await?
        }
        Credentials::Password(p) => accounts::login(app, &p.email, &p.password, &from).await?,
    };
    if user.second_factor {
        match body.code().filter(|c| !c.trim().is_empty()) {
            Some(code) => accounts::check_second_factor(app, &user, code, &from).await?,
            None => return Err(AppError::SecondFactorRequired.into()),
        }
    } else {
        let mut c = app.db.conn().await.map_err(AppError::from)?;
        let principal = people::principal(&mut c.ex(), &user)
            .await
            .map_err(AppError::from)?;
        if accounts::must_have_second_factor(app, &principal) {
            return Err(AppError::Forbidden.into());
        }
    }
    let token =
        accounts::start_session_from(app, user.id, API, client.user_agent.as_deref()).await?;
    Ok(created(Token { token }))
}

#[derive(Deserialize, ToSchema)]
struct LinkRequest {
    #[schema(format = Email)]
    email: String,
}

/// Asks for a sign-in link by mail, instead of a password.
///
/// Always 202, whether or not the address has an account; the link works once, for 15 minutes.
/// Its last part is the `sign_in_link` for `POST /api/v1/tokens`.
#[utoipa::path(
    post,
    path = "/api/v1/sign-in-links",
    tag = "accounts",
    security(()),
    request_body = LinkRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way."),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 429, response = doc::TooManyRequests),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/sign-in-links", format = "json", data = "<body>")]
async fn request_sign_in_link(
    body: Body<LinkRequest>,
    app: &State<App>,
    client: ClientAddr,
) -> ApiResult<Status> {
    well_formed(&body.email)?;
    account_links::request_sign_in_link(app, &body.email, &client.0).await?;
    Ok(Status::Accepted)
}

/// An address that cannot be one is said so at once; whether it has an account is never said.
fn well_formed(email: &str) -> Result<(), AppError> {
    let mut e = crate::domain::validate::FieldErrors::default();
    crate::domain::validate::email(&mut e, "email", email);
    Ok(e.into_result()?)
}

/// A place where the caller is signed in.
#[derive(Serialize, ToSchema)]
struct SessionView {
    id: i64,
    /// `web` (a browser) or `api` (a token).
    kind: String,
    /// What the browser or program said it was.
    user_agent: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    last_seen_at: String,
    /// The token this call is made with.
    current: bool,
}

/// The caller's live sessions and tokens.
#[derive(Serialize, ToSchema)]
struct Sessions {
    sessions: Vec<SessionView>,
}

/// Where the caller is signed in: every live web session and API token.
#[utoipa::path(
    get,
    path = "/api/v1/me/sessions",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The sessions, most recently used first.", body = Sessions),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me/sessions")]
async fn my_sessions(user: ApiUser, app: &State<App>) -> ApiResult<Json<Sessions>> {
    let o = second_factor::overview(app, user.user.id).await?;
    Ok(Json(Sessions {
        sessions: o
            .sessions
            .into_iter()
            .map(|s| SessionView {
                id: s.id,
                current: s.id == user.token_id,
                kind: s.kind,
                user_agent: s.user_agent,
                created_at: crate::web::views::ts(s.created_at),
                last_seen_at: crate::web::views::ts(s.last_seen_at),
            })
            .collect(),
    }))
}

/// Ends one of the caller's sessions or tokens (a lost phone, a forgotten computer).
#[utoipa::path(
    delete,
    path = "/api/v1/me/sessions/{id}",
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The session's id, from `GET /api/v1/me/sessions`.")),
    responses(
        (status = 204, description = "That session or token no longer works."),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[delete("/api/v1/me/sessions/<id>")]
async fn end_my_session(id: i64, user: ApiUser, app: &State<App>) -> ApiResult<Status> {
    second_factor::end_session(app, user.user.id, id).await?;
    Ok(Status::NoContent)
}

#[derive(Deserialize, ToSchema)]
struct SecondFactorReset {
    /// The address of the account whose second factor is lost.
    #[schema(format = Email)]
    email: String,
}

/// Resets a lost second factor (platform administrators): it is removed, every session and token
/// of that account ends, and the account's log names who did it.
#[utoipa::path(
    post,
    path = "/api/v1/second-factor-resets",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = SecondFactorReset,
    responses(
        (status = 204, description = "Removed; the person sets up a new one at the next sign-in."),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/second-factor-resets", format = "json", data = "<body>")]
async fn reset_second_factor(
    body: Body<SecondFactorReset>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<Status> {
    second_factor::reset(app, &user.principal, &body.email).await?;
    Ok(Status::NoContent)
}

/// Logs out: ends the token this call is made with.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/current",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works."),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[delete("/api/v1/tokens/current")]
async fn revoke_token(user: ApiUser, app: &State<App>) -> ApiResult<Status> {
    accounts::end_session(app, user.token_id).await?;
    Ok(Status::NoContent)
}

/// The caller: account, and roles and panels per zone.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller.", body = views::accounts::Me),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me")]
async fn me(user: ApiUser, app: &State<App>) -> ApiResult<Json<Me>> {
    let memberships = crate::service::zones::memberships(app, &user.principal).await?;
    Ok(Json(views::accounts::me(&user.user, &memberships)))
}

#[derive(Deserialize, ToSchema)]
struct NewZone {
    /// A short code for paths, e.g. `ALFA`.
    #[schema(pattern = r"^[A-Za-z][A-Za-z0-9]{1,11}$")]
    code: String,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\r ]*[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*[\t\n\r ]*$"
    )]
    name: String,
}

/// Creates a zone (platform administrators only).
#[utoipa::path(
    post,
    path = "/api/v1/zones",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = NewZone,
    responses(
        (status = 201, description = "The new zone.", body = views::accounts::Zone),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones", format = "json", data = "<body>")]
async fn create_zone(
    body: Body<NewZone>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Zone>)> {
    let z = zone_service::create_zone(app, &user.principal, &body.code, &body.name).await?;
    Ok(created(Zone::from(&z)))
}

#[derive(Deserialize, ToSchema)]
struct NewPanel {
    /// Lower case letters, digits and dashes; names the panel in request bodies.
    #[schema(pattern = r"^[A-Za-z0-9-]{2,40}$")]
    slug: String,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\r ]*[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*[\t\n\r ]*$"
    )]
    name: String,
    // `burgerplatform`, `pzon-cluster` or `klankbordgroep`.
    kind: crate::domain::policy::PanelKind,
}

/// Creates a panel in a zone (the zone's administrators).
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/panels",
    tag = "accounts",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewPanel,
    responses(
        (status = 201, description = "The new panel.", body = views::Panel),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/panels", format = "json", data = "<body>")]
async fn create_panel(
    code: &str,
    body: Body<NewPanel>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Panel>)> {
    let p = zone_service::create_panel(
        app,
        &user.principal,
        code,
        &body.slug,
        &body.name,
        body.kind.as_str(),
    )
    .await?;
    Ok(created(Panel::from(&p)))
}

#[derive(Deserialize, ToSchema)]
struct NewInvitation {
    #[schema(format = Email)]
    email: String,
    /// The name others will see.
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\r ]*[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*[\t\n\r ]*$"
    )]
    name: String,
    // `citizen`, `staff`, `council` or `admin`.
    role: crate::domain::policy::Role,
    /// The panel's slug; citizens need one.
    panel: Option<String>,
}

/// Invites someone to a zone in a role (the zone's administrators).
///
/// The link is mailed; the answer also holds it, to pass on if the mail does not arrive.
#[utoipa::path(
    post,
    path = "/api/v1/zones/{code}/invitations",
    tag = "accounts",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The zone's code, e.g. `ALFA`.")),
    request_body = NewInvitation,
    responses(
        (status = 201, description = "The invitation.", body = views::accounts::IssuedInvitation),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 403, response = doc::Forbidden),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/zones/<code>/invitations", format = "json", data = "<body>")]
async fn invite(
    code: &str,
    body: Body<NewInvitation>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<IssuedInvitation>)> {
    let issued = accounts::invite(
        app,
        &user.principal,
        code,
        InvitationInput {
            email: &body.email,
            name: &body.name,
            role: body.role.as_str(),
            panel: body.panel.as_deref(),
        },
    )
    .await?;
    Ok(created(IssuedInvitation {
        id: issued.id,
        accept_url: app.link(&issued.accept_path),
        token: issued.token,
    }))
}

#[derive(Deserialize, ToSchema)]
struct Acceptance {
    /// A password for the new account (at least 8 characters). When the address already has an
    /// account, leave it out and call with that account's bearer token instead: a password of an
    /// existing account is never checked here.
    password: Option<String>,
}

/// Accepts an invitation: makes the account, or, called with the bearer token of the invited
/// address's own account, adds the role to it.
#[utoipa::path(
    post,
    path = "/api/v1/invitations/{token}",
    tag = "accounts",
    security((), ("bearer" = [])),
    params(("token" = String, Path, description = "The invitation's token, from its link.")),
    request_body = Acceptance,
    responses(
        (status = 201, description = "The account.", body = views::accounts::NewAccount),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 409, response = doc::Conflict),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/invitations/<token>", format = "json", data = "<body>")]
async fn accept(
    token: &str,
    body: Body<Acceptance>,
    caller: Option<ApiUser>,
    app: &State<App>,
) -> ApiResult<(Status, Json<NewAccount>)> {
    let user_id = match caller {
        Some(u) => accounts::accept_invitation_as(app, token, &u.user).await?,
        None => {
            accounts::accept_invitation(app, token, body.password.as_deref().unwrap_or("")).await?
        }
    };
    let mut c = app.db.conn().await.map_err(AppError::from)?;
    let user = people::user_by_id(&mut c.ex(), user_id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    Ok(created(NewAccount::from(&user)))
}
