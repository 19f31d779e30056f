//! The zone report for a period, with charts drawn on the server and a table beside each.

use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::error::AppError;
use crate::service::report::{self as service, Report};
use crate::web::charts;
use crate::web::guards::WebUser;
use crate::web::page::Ctx;
use crate::web::template::Template;
use chrono::Datelike;
use rocket::http::Status;
use rocket::{get, routes, State};
use serde_json::{json, Value};

pub fn routes() -> Vec<rocket::Route> {
    routes![report]
}

/// The report's template context: the figures, each chart's SVG, and the rows of its table.
pub fn view(ctx: &Ctx, r: &Report) -> Value {
    let per_panel: Vec<(String, u64)> = {
        let mut v: Vec<(String, u64)> = vec![];
        for b in &r.brought_in {
            match v.iter_mut().find(|(p, _)| *p == b.panel) {
                Some(e) => e.1 += b.n,
                None => v.push((b.panel.clone(), b.n)),
            }
        }
        v
    };
    let brought_in: Vec<Value> = r
        .brought_in
        .iter()
        .map(|b| json!({"panel": b.panel, "kind": ctx.tr(&format!("kind-{}", b.kind)), "n": b.n}))
        .collect();
    let outcomes: Vec<(String, u64)> = r
        .decisions
        .iter()
        .map(|d| (ctx.tr(&format!("outcome-{}", d.key)), d.n))
        .collect();
    let signals: Vec<(String, u64)> = r
        .signals
        .iter()
        .map(|s| (ctx.tr(&format!("signal-status-{}", s.key)), s.n))
        .collect();
    let actions = vec![
        (ctx.tr("report-actions-done"), r.actions_done),
        (ctx.tr("report-actions-open"), r.actions_open),
        (ctx.tr("report-actions-late"), r.actions_late),
    ];
    let table = |rows: &[(String, u64)]| -> Vec<Value> {
        rows.iter()
            .map(|(k, n)| json!({"label": k, "n": n}))
            .collect()
    };
    json!({
        "r": r,
        "brought_in": brought_in,
        "charts": {
            "panels": charts::bars("chart-panels", &ctx.tr("report-chart-panels"), &per_panel),
            "outcomes": charts::bars("chart-outcomes", &ctx.tr("report-chart-outcomes"), &outcomes),
            "actions": charts::bars("chart-actions", &ctx.tr("report-chart-actions"), &actions),
            "signals": charts::bars("chart-signals", &ctx.tr("report-chart-signals"), &signals),
        },
        "tables": {
            "panels": table(&per_panel),
            "outcomes": table(&outcomes),
            "actions": table(&actions),
            "signals": table(&signals),
        },
        "median_ack": r.to_acknowledgement.median_days.map(|d| format!("{d}")),
        "median_decision": r.to_decision.median_days.map(|d| format!("{d}")),
    })
}

/// Whether a period holds anything to report.
fn has_data(r: &Report) -> bool {
    r.brought_in_total > 0
        || r.to_decision.count > 0
        || r.consultations > 0
        || r.signals_total > 0
        || r.actions_done + r.actions_open > 0
}

#[get("/zones/<code>/report?<year>&<from>&<to>")]
async fn report(
    ctx: Ctx,
    user: WebUser,
    app: &State<App>,
    code: &str,
    year: Option<i32>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Template, (Status, Template)> {
    let today = brussels_date(app.clock.now());
    let page = |r: &Report| {
        let mut v = view(&ctx, r);
        v["form"] = json!({"from": r.from, "to": r.to});
        v["years"] = json!([today.year() - 1, today.year()]);
        v
    };
    let asked = year.is_some() || from.is_some() || to.is_some();
    match service::period(today, year, from, to) {
        Ok((a, b)) => {
            let mut r = service::report(app, &user.principal, code, a, b)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            // Opened without a period: last year, unless it holds nothing and this year does.
            let mut moved = false;
            if !asked && !has_data(&r) {
                let (a, _) = service::period(today, Some(today.year()), None, None)
                    .map_err(|e| ctx.error_page(&e))?;
                let this_year = service::report(app, &user.principal, code, a, today)
                    .await
                    .map_err(|e| ctx.error_page(&e))?;
                if has_data(&this_year) {
                    r = this_year;
                    moved = true;
                }
            }
            let mut v = page(&r);
            v["empty"] = json!(!has_data(&r));
            v["moved_to_this_year"] = json!(moved);
            Ok(ctx.render("report", v))
        }
        Err(e @ AppError::Invalid(_)) => {
            // A period that cannot be read: say so next to the fields, with last year below.
            let (a, b) =
                service::period(today, None, None, None).map_err(|e| ctx.error_page(&e))?;
            let r = service::report(app, &user.principal, code, a, b)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let mut v = page(&r);
            v["empty"] = json!(!has_data(&r));
            v["moved_to_this_year"] = json!(false);
            v["form"] = json!({"from": from, "to": to});
            Err(ctx.render_with_errors("report", v, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}
