//! The zone report for a period, with charts drawn on the server and a table beside each.

use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::error::AppError;
use crate::service::report::{self as service, Report};
use crate::web::charts;
use crate::web::guards::WebUser;
use crate::web::page::Ctx;
use crate::web::template::Template;
use chrono::{Datelike, NaiveDate};
use rocket::http::Status;
use rocket::{get, routes, State};
use serde::Serialize;

pub fn routes() -> Vec<rocket::Route> {
    routes![report]
}

/// A row of the table of what was brought in: per panel and kind.
#[derive(Serialize)]
struct BroughtInRow<'a> {
    panel: &'a str,
    kind: String,
    n: u64,
}

/// Each chart, as SVG.
#[derive(Serialize)]
struct Charts {
    panels: String,
    outcomes: String,
    actions: String,
    signals: String,
}

/// A row of the table beside a chart.
#[derive(Serialize)]
struct TableRow {
    label: String,
    n: u64,
}

/// The table beside each chart.
#[derive(Serialize)]
struct Tables {
    panels: Vec<TableRow>,
    outcomes: Vec<TableRow>,
    actions: Vec<TableRow>,
    signals: Vec<TableRow>,
}

/// The report's figures, charts and tables.
#[derive(Serialize)]
struct ReportView<'a> {
    r: &'a Report,
    brought_in: Vec<BroughtInRow<'a>>,
    charts: Charts,
    tables: Tables,
    median_ack: Option<String>,
    median_decision: Option<String>,
}

/// The period's form: the dates of the report shown, or what was typed when it could not be read.
#[derive(Serialize)]
struct PeriodForm<T> {
    from: T,
    to: T,
}

/// The report page.
#[derive(Serialize)]
struct ReportPage<'a, T> {
    #[serde(flatten)]
    view: ReportView<'a>,
    form: PeriodForm<T>,
    /// Last year and this year, to choose from.
    years: [i32; 2],
    empty: bool,
    moved_to_this_year: bool,
}

/// The report's template context: the figures, each chart's SVG, and the rows of its table.
fn view<'a>(ctx: &Ctx, r: &'a Report) -> ReportView<'a> {
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
    let brought_in: Vec<BroughtInRow> = r
        .brought_in
        .iter()
        .map(|b| BroughtInRow {
            panel: &b.panel,
            kind: ctx.tr(&format!("kind-{}", b.kind)),
            n: b.n,
        })
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
    let table = |rows: &[(String, u64)]| -> Vec<TableRow> {
        rows.iter()
            .map(|(k, n)| TableRow {
                label: k.clone(),
                n: *n,
            })
            .collect()
    };
    ReportView {
        r,
        brought_in,
        charts: Charts {
            panels: charts::bars("chart-panels", &ctx.tr("report-chart-panels"), &per_panel),
            outcomes: charts::bars(
                "chart-outcomes",
                &ctx.tr("report-chart-outcomes"),
                &outcomes,
            ),
            actions: charts::bars("chart-actions", &ctx.tr("report-chart-actions"), &actions),
            signals: charts::bars("chart-signals", &ctx.tr("report-chart-signals"), &signals),
        },
        tables: Tables {
            panels: table(&per_panel),
            outcomes: table(&outcomes),
            actions: table(&actions),
            signals: table(&signals),
        },
        median_ack: r.to_acknowledgement.median_days.map(|d| format!("{d}")),
        median_decision: r.to_decision.median_days.map(|d| format!("{d}")),
    }
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
    let years = [today.year() - 1, today.year()];
    let asked = year.is_some() || from.is_some() || to.is_some();
    match service::period(today, year, from, to) {
        Ok((a, b)) => {
            let zone = service::zone_to_report(app, &user.principal, code)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            // The same for everyone who may read it: kept per zone, period and day.
            let of = format!("{}/{a}/{b}/{asked}/{today}", zone.id);
            let build = async {
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
                // Serialised here: the page borrows the report built inside this block.
                Ok(crate::web::page::object_of(ReportPage {
                    view: view(&ctx, &r),
                    form: PeriodForm::<NaiveDate> {
                        from: r.from,
                        to: r.to,
                    },
                    years,
                    empty: !has_data(&r),
                    moved_to_this_year: moved,
                }))
            };
            ctx.render_kept(app, "report", of, zone.chain_seq, build)
                .await
        }
        Err(e @ AppError::Invalid(_)) => {
            // A period that cannot be read: say so next to the fields, with last year below.
            let (a, b) =
                service::period(today, None, None, None).map_err(|e| ctx.error_page(&e))?;
            let r = service::report(app, &user.principal, code, a, b)
                .await
                .map_err(|e| ctx.error_page(&e))?;
            let page = ReportPage {
                view: view(&ctx, &r),
                form: PeriodForm::<Option<&str>> { from, to },
                years,
                empty: !has_data(&r),
                moved_to_this_year: false,
            };
            Err(ctx.render_with_errors("report", page, &e))
        }
        Err(e) => Err(ctx.error_page(&e)),
    }
}
