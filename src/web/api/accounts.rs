use super::{created, schemas, ApiResult};
use crate::app::App;
use crate::db::people;
use crate::error::AppError;
use crate::service::accounts::{self, InvitationInput, API};
use crate::service::zones as zone_service;
use crate::web::guards::{ApiUser, ClientAddr};
use crate::web::openapi as doc;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{delete, get, post, routes, State};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![
        create_token,
        revoke_token,
        me,
        create_zone,
        create_panel,
        invite,
        accept
    ]
}

#[derive(Deserialize, ToSchema)]
struct Credentials {
    email: String,
    password: String,
}

/// Logs in: a bearer token for the other calls.
///
/// Wrong credentials are counted per address and per account; too many give 429 for a while.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "accounts",
    security(()),
    request_body = Credentials,
    responses(
        (status = 201, description = "Logged in.", body = schemas::Token),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 401, response = doc::Unauthorized),
        (status = 422, response = doc::Invalid),
        (status = 429, response = doc::TooManyRequests),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/tokens", format = "json", data = "<body>")]
async fn create_token(
    body: Json<Credentials>,
    app: &State<App>,
    client: ClientAddr,
) -> ApiResult<(Status, Json<Value>)> {
    let user = accounts::login(app, &body.email, &body.password, &client.0).await?;
    let token = accounts::start_session(app, user.id, API).await?;
    Ok(created(json!({"token": token})))
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
        (status = 200, description = "The caller.", body = schemas::Me),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me")]
async fn me(user: ApiUser, app: &State<App>) -> ApiResult<Json<Value>> {
    let memberships: Vec<Value> = crate::service::zones::memberships(app, &user.principal)
        .await?
        .into_iter()
        .map(|m| {
            let panels: Vec<Value> = m
                .panels
                .iter()
                .map(|p| json!({"id": p.id, "slug": p.slug, "name": p.name, "kind": p.kind}))
                .collect();
            json!({"zone": {"code": m.zone.code, "name": m.zone.name}, "roles": m.roles, "panels": panels})
        })
        .collect();
    Ok(Json(json!({
        "id": user.user.id,
        "email": user.user.email,
        "name": user.user.display_name,
        "platform_admin": user.user.is_platform_admin,
        "locale": user.user.locale,
        "memberships": memberships,
    })))
}

#[derive(Deserialize, ToSchema)]
struct NewZone {
    /// A short code for paths, e.g. `ALFA`.
    code: String,
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
        (status = 201, description = "The new zone.", body = schemas::Zone),
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
    body: Json<NewZone>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let z = zone_service::create_zone(app, &user.principal, &body.code, &body.name).await?;
    Ok(created(json!({"id": z.id, "code": z.code, "name": z.name})))
}

#[derive(Deserialize, ToSchema)]
struct NewPanel {
    /// Lower case letters, digits and dashes; names the panel in request bodies.
    slug: String,
    name: String,
    /// `burgerplatform`, `pzon-cluster` or `klankbordgroep`.
    kind: String,
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
        (status = 201, description = "The new panel.", body = schemas::Panel),
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
    body: Json<NewPanel>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let p = zone_service::create_panel(
        app,
        &user.principal,
        code,
        &body.slug,
        &body.name,
        &body.kind,
    )
    .await?;
    Ok(created(
        json!({"id": p.id, "slug": p.slug, "name": p.name, "kind": p.kind}),
    ))
}

#[derive(Deserialize, ToSchema)]
struct NewInvitation {
    email: String,
    /// The name others will see.
    name: String,
    /// `citizen`, `staff`, `council` or `admin`.
    role: String,
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
        (status = 201, description = "The invitation.", body = schemas::IssuedInvitation),
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
    body: Json<NewInvitation>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let issued = accounts::invite(
        app,
        &user.principal,
        code,
        InvitationInput {
            email: &body.email,
            name: &body.name,
            role: &body.role,
            panel: body.panel.as_deref(),
        },
    )
    .await?;
    Ok(created(json!({
        "id": issued.id,
        "token": issued.token,
        "accept_url": app.settings.link(&issued.accept_path),
    })))
}

#[derive(Deserialize, ToSchema)]
struct Acceptance {
    /// A password for the new account; when the email already has an account, its password.
    password: String,
}

/// Accepts an invitation: makes the account (or adds the role to an existing one).
#[utoipa::path(
    post,
    path = "/api/v1/invitations/{token}",
    tag = "accounts",
    security(()),
    params(("token" = String, Path, description = "The invitation's token, from its link.")),
    request_body = Acceptance,
    responses(
        (status = 201, description = "The account.", body = schemas::NewAccount),
        (status = 400, response = doc::BadRequest),
        (status = 413, response = doc::TooLarge),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/invitations/<token>", format = "json", data = "<body>")]
async fn accept(
    token: &str,
    body: Json<Acceptance>,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let user_id = accounts::accept_invitation(app, token, &body.password).await?;
    let mut c = app.db.conn().await.map_err(AppError::from)?;
    let user = people::user_by_id(&mut c.ex(), user_id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    Ok(created(
        json!({"user": {"id": user.id, "email": user.email, "name": user.display_name}}),
    ))
}
