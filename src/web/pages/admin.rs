//! The platform administrator's page: zones.

use super::done;
use super::inclusive::BarrierRow;
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
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![admin_page, create_zone, reset_second_factor]
}

#[derive(Serialize)]
struct ZoneRow {
    code: String,
    name: String,
}

/// The new zone form, as it was filled in.
#[derive(Serialize)]
struct NewZoneValues<'a> {
    code: &'a str,
    name: &'a str,
}

/// The second-factor reset form, as it was filled in.
#[derive(Serialize)]
struct ResetValues<'a> {
    email: &'a str,
}

#[derive(Serialize)]
struct AdminPage<'a> {
    zones: Vec<ZoneRow>,
    form: NewZoneValues<'a>,
    /// The latest barrier reports; empty when a form comes back with an error.
    reports: Vec<BarrierRow>,
    reset: ResetValues<'a>,
}

async fn zone_list(app: &App) -> Result<Vec<ZoneRow>, AppError> {
    let mut c = app.db.conn().await?;
    let list = zones::all(&mut c.ex()).await?;
    Ok(list
        .into_iter()
        .map(|z| ZoneRow {
            code: z.code,
            name: z.name,
        })
        .collect())
}

#[get("/admin")]
async fn admin_page(ctx: Ctx, user: WebUser, app: &State<App>) -> PageResult<Template> {
    policy::create_zone(&user.principal)?;
    let reports = super::inclusive::recent_reports(app).await?;
    Ok(ctx.render(
        "admin",
        AdminPage {
            zones: zone_list(app).await?,
            form: NewZoneValues { code: "", name: "" },
            reports,
            reset: ResetValues { email: "" },
        },
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
            let zones = zone_list(app).await.unwrap_or_default();
            Err(ctx.render_with_errors(
                "admin",
                AdminPage {
                    zones,
                    form: NewZoneValues {
                        code: &f.code,
                        name: &f.name,
                    },
                    reports: vec![],
                    reset: ResetValues { email: "" },
                },
                &e,
            ))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}

#[derive(FromForm)]
struct ResetForm {
    csrf: String,
    email: String,
}
crate::csrf_form!(ResetForm);

/// A person lost their phone and their recovery codes: the platform administrator removes their
/// second factor (on the account's log, with every session ended).
#[post("/admin/tweede-factor", data = "<form>")]
async fn reset_second_factor(
    form: CsrfForm<ResetForm>,
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
) -> Result<Flash<Redirect>, crate::web::page::PageFailure> {
    let f = form.0;
    match crate::service::second_factor::reset(app, &user.principal, &f.email).await {
        Ok(u) => Ok(done(
            &ctx,
            "/admin".into(),
            "flash-second-factor-reset",
            &[("name", &u.display_name)],
        )),
        Err(e @ AppError::Invalid(_)) => {
            let zones = zone_list(app).await.unwrap_or_default();
            Err(crate::web::page::PageFailure::form(
                &ctx,
                "admin",
                AdminPage {
                    zones,
                    form: NewZoneValues { code: "", name: "" },
                    reports: vec![],
                    reset: ResetValues { email: &f.email },
                },
                e,
            ))
        }
        Err(e) => Err(crate::web::page::PageFailure::page(&ctx, e)),
    }
}
