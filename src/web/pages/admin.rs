//! The platform administrator's page: zones.

use super::done;
use crate::app::App;
use crate::db::zones;
use crate::domain::policy;
use crate::error::AppError;
use crate::service::zones as zone_service;
use crate::web::csrf::CsrfForm;
use crate::web::guards::WebUser;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, State};
use serde_json::{json, Value};

pub fn routes() -> Vec<rocket::Route> {
    routes![admin_page, create_zone]
}

async fn zone_list(app: &App) -> Result<Value, AppError> {
    let mut c = app.db.conn().await?;
    let list = zones::all(&mut c.ex()).await?;
    Ok(list
        .iter()
        .map(|z| json!({"code": z.code, "name": z.name}))
        .collect())
}

#[get("/admin")]
async fn admin_page(ctx: Ctx, user: WebUser, app: &State<App>) -> PageResult<Template> {
    policy::create_zone(&user.principal)?;
    let reports = super::inclusive::recent_reports(app).await?;
    Ok(ctx.render(
        "admin",
        json!({"zones": zone_list(app).await?, "form": {"code": "", "name": ""}, "reports": reports}),
    ))
}

#[derive(FromForm)]
struct ZoneForm {
    csrf: String,
    code: String,
    name: String,
}
crate::csrf_form!(ZoneForm);

#[post("/admin/zones", data = "<form>")]
async fn create_zone(
    form: CsrfForm<ZoneForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> Result<Flash<Redirect>, (Status, Template)> {
    let f = form.0;
    match zone_service::create_zone(app, &user.principal, &f.code, &f.name).await {
        Ok(z) => Ok(done(
            &ctx,
            format!("/zones/{}/manage", z.code),
            "flash-zone-created",
            &[("name", &z.name)],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let zones = zone_list(app).await.unwrap_or(Value::Array(vec![]));
            Err(ctx.render_with_errors(
                "admin",
                json!({"zones": zones, "form": {"code": f.code, "name": f.name}, "reports": []}),
                &e,
            ))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}
