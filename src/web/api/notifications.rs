//! The person's own notifications and mail preferences.

use super::doc;
use super::ApiResult;
use crate::app::App;
use crate::error::AppError;
use crate::service::notify;
use crate::web::body::Body;
use crate::web::guards::ApiUser;
use crate::web::views;
use crate::web::views::notifications::{
    notification, preferences as preferences_view, Notification, NotificationList, Preferences,
};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{get, post, put, routes, State};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![list, read, preferences, set_preferences]
}

/// The caller's notifications, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/me/notifications",
    operation_id = "list_notifications",
    tag = "notifications",
    security(("bearer" = [])),
    params(("unread" = Option<bool>, Query, description = "Only unread ones (`true`).")),
    responses(
        (status = 200, description = "The notifications.", body = views::notifications::NotificationList),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me/notifications?<unread>")]
async fn list(
    user: ApiUser,
    app: &State<App>,
    unread: Option<bool>,
) -> ApiResult<Json<NotificationList>> {
    let unread_only = unread.unwrap_or(false);
    let entries = notify::inbox(app, &user.principal, unread_only).await?;
    let count = notify::unread_count(app, user.user.id).await?;
    Ok(Json(NotificationList {
        unread: count,
        notifications: entries.iter().map(notification).collect(),
    }))
}

/// Marks one of the caller's notifications as read.
#[utoipa::path(
    post,
    path = "/api/v1/me/notifications/{id}/read",
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notification's id.")),
    responses(
        (status = 200, description = "The notification.", body = views::notifications::Notification),
        (status = 401, response = doc::Unauthorized),
        (status = 404, response = doc::NotFound),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[post("/api/v1/me/notifications/<id>/read")]
async fn read(user: ApiUser, app: &State<App>, id: i64) -> ApiResult<Json<Notification>> {
    let e = notify::mark_read(app, &user.principal, id).await?;
    Ok(Json(notification(&e)))
}

async fn prefs_json(app: &App, user_id: i64) -> Result<Preferences, AppError> {
    Ok(preferences_view(notify::preferences(app, user_id).await?))
}

/// How the caller gets mail, per group of notifications.
#[utoipa::path(
    get,
    path = "/api/v1/me/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The preferences.", body = views::notifications::Preferences),
        (status = 401, response = doc::Unauthorized),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/me/preferences")]
async fn preferences(user: ApiUser, app: &State<App>) -> ApiResult<Json<Preferences>> {
    Ok(Json(prefs_json(app, user.user.id).await?))
}

/// A change of mail preferences: per group, the new mode; groups not named keep theirs. The
/// map may also be sent alone. Groups and modes are checked by `notify::set_preferences`, which
/// names the group that is wrong.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
enum PreferencesChange {
    Wrapped {
        #[schema(value_type = BTreeMap<MailGroup, MailMode>)]
        preferences: BTreeMap<String, String>,
    },
    #[schema(value_type = BTreeMap<MailGroup, MailMode>)]
    Bare(BTreeMap<String, String>),
}

/// A group of notifications that can come by mail (`notify::EMAIL_GROUPS`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // the document's list; the test below holds it to the service's
enum MailGroup {
    Consultation,
    Acknowledgement,
    Clarification,
    Agenda,
    Minutes,
    Decision,
    FollowUp,
    Closure,
    Overdue,
    Signals,
}

/// How mail of a group comes (`notify::MODES`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum MailMode {
    Immediate,
    Digest,
    Inbox,
}

/// Changes how the caller gets mail: only the groups named change.
///
/// The body is `{"preferences": {"decision": "digest", ...}}`, or the map itself; each mode one of `immediate`, `digest`, `inbox`.
#[utoipa::path(
    put,
    path = "/api/v1/me/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = PreferencesChange,
    responses(
        (status = 200, description = "The preferences.", body = views::notifications::Preferences),
        (status = 400, response = doc::BadRequest),
        (status = 401, response = doc::Unauthorized),
        (status = 413, response = doc::TooLarge),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[put("/api/v1/me/preferences", format = "json", data = "<body>")]
async fn set_preferences(
    user: ApiUser,
    app: &State<App>,
    body: Body<PreferencesChange>,
) -> ApiResult<(Status, Json<Preferences>)> {
    let (PreferencesChange::Wrapped { preferences: map } | PreferencesChange::Bare(map)) =
        body.into_inner();
    let changes: Vec<(String, String)> = map.into_iter().collect();
    notify::set_preferences(app, user.user.id, &changes).await?;
    Ok((Status::Ok, Json(prefs_json(app, user.user.id).await?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_groups_and_modes_are_the_services() {
        let name = |v: serde_json::Value| v.as_str().unwrap().to_string();
        let groups: Vec<String> = [
            MailGroup::Consultation,
            MailGroup::Acknowledgement,
            MailGroup::Clarification,
            MailGroup::Agenda,
            MailGroup::Minutes,
            MailGroup::Decision,
            MailGroup::FollowUp,
            MailGroup::Closure,
            MailGroup::Overdue,
            MailGroup::Signals,
        ]
        .into_iter()
        .map(|g| name(serde_json::to_value(g).unwrap()))
        .collect();
        assert_eq!(groups, notify::EMAIL_GROUPS);
        let modes: Vec<String> = [MailMode::Immediate, MailMode::Digest, MailMode::Inbox]
            .into_iter()
            .map(|m| name(serde_json::to_value(m).unwrap()))
            .collect();
        assert_eq!(modes, notify::MODES);
    }
}
