use super::{created, ApiResult};
use crate::app::App;
use crate::db::people;
use crate::error::AppError;
use crate::service::accounts::{self, InvitationInput, API};
use crate::service::zones as zone_service;
use crate::web::guards::{ApiUser, ClientAddr};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{delete, get, post, routes, State};
use serde::Deserialize;
use serde_json::{json, Value};

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

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

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

#[delete("/api/v1/tokens/current")]
async fn revoke_token(user: ApiUser, app: &State<App>) -> ApiResult<Status> {
    accounts::end_session(app, user.token_id).await?;
    Ok(Status::NoContent)
}

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

#[derive(Deserialize)]
struct NewZone {
    code: String,
    name: String,
}

#[post("/api/v1/zones", format = "json", data = "<body>")]
async fn create_zone(
    body: Json<NewZone>,
    user: ApiUser,
    app: &State<App>,
) -> ApiResult<(Status, Json<Value>)> {
    let z = zone_service::create_zone(app, &user.principal, &body.code, &body.name).await?;
    Ok(created(json!({"id": z.id, "code": z.code, "name": z.name})))
}

#[derive(Deserialize)]
struct NewPanel {
    slug: String,
    name: String,
    kind: String,
}

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

#[derive(Deserialize)]
struct NewInvitation {
    email: String,
    name: String,
    role: String,
    panel: Option<String>,
}

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

#[derive(Deserialize)]
struct Acceptance {
    password: String,
}

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
