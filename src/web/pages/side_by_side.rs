//! Every zone side by side (`/zones`): the table a regional body or the minister reads, as a
//! page, as open data (CSV, JSON) and in the API. Public: counts only.

use super::exports::download;
use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::domain::csv;
use crate::error::AppError;
use crate::service::figures::{self, SortBy, ZoneLine};
use crate::web::api::doc;
use crate::web::api::ApiResult;
use crate::web::page::{Ctx, PageResult};
use crate::web::template::Template;
use chrono::{Datelike, NaiveDate};
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde::Serialize;
use utoipa::ToSchema;

pub fn routes() -> Vec<rocket::Route> {
    routes![page, open_data_csv, open_data_json, api_figures]
}

/// Every zone's figures for a period.
#[derive(Serialize, ToSchema)]
pub struct SideBySide {
    #[schema(value_type = String, format = Date)]
    from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    to: NaiveDate,
    /// The calendar year asked for; none for the last twelve months.
    year: Option<i32>,
    sort: SortBy,
    /// Below this many items brought in, the table shows "te weinig gegevens" instead of rates.
    enough_items: u64,
    zones: Vec<ZoneLine>,
}

/// `year` (a calendar year, up to today) or the last twelve months; `sort` a column.
async fn side_by_side(
    app: &App,
    year: Option<&str>,
    sort: Option<&str>,
) -> Result<SideBySide, AppError> {
    let today = brussels_date(app.clock.now());
    let year = match year.map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => match y.parse::<i32>() {
            Ok(y) if (2000..=today.year()).contains(&y) => Some(y),
            _ => return Err(AppError::invalid("year", "error-year")),
        },
    };
    let sort = match sort.map(str::trim).filter(|s| !s.is_empty()) {
        None => SortBy::Name,
        Some(s) => SortBy::parse(s).ok_or_else(|| AppError::invalid("sort", "error-sort"))?,
    };
    let (from, to) = match year {
        Some(y) => (
            NaiveDate::from_ymd_opt(y, 1, 1).expect("a valid year"),
            NaiveDate::from_ymd_opt(y, 12, 31)
                .expect("a valid year")
                .min(today),
        ),
        None => figures::default_period(today),
    };
    let zones = figures::side_by_side(app, from, to, sort).await?;
    Ok(SideBySide {
        from,
        to,
        year,
        sort,
        enough_items: figures::ENOUGH_ITEMS,
        zones,
    })
}

/// The page: the table, each zone's line written out, the columns to sort by.
#[derive(Serialize)]
struct SideBySidePage<'a> {
    table: &'a SideBySide,
    rows: Vec<ZoneRow<'a>>,
    columns: Vec<Column>,
    /// The figures the page explains (every column but the name).
    explain: Vec<&'static str>,
    years: Vec<i32>,
    csv: String,
    json: String,
}

/// A column header: a link that sorts by it.
#[derive(Serialize)]
struct Column {
    key: &'static str,
    href: String,
    sorted: bool,
}

/// One zone's line as the page shows it.
#[derive(Serialize)]
struct ZoneRow<'a> {
    code: &'a str,
    name: &'a str,
    enough: bool,
    brought_in: u64,
    cells: [String; 7],
}

#[get("/zones?<year>&<sort>")]
async fn page(
    ctx: Ctx,
    app: &State<App>,
    year: Option<&str>,
    sort: Option<&str>,
) -> PageResult<Template> {
    let today = brussels_date(app.clock.now());
    let t = side_by_side(app, year, sort).await?;
    let query = |s: SortBy| match t.year {
        Some(y) => format!("?year={y}&sort={}", s.as_str()),
        None => format!("?sort={}", s.as_str()),
    };
    let columns: Vec<_> = SortBy::ALL
        .iter()
        .map(|s| Column {
            key: s.as_str(),
            href: query(*s),
            sorted: *s == t.sort,
        })
        .collect();
    let rows: Vec<_> = t.zones.iter().map(|z| row(&ctx, z)).collect();
    let years: Vec<i32> = ((today.year() - 4).max(2000)..=today.year())
        .rev()
        .collect();
    let download = |ext: &str| match t.year {
        Some(y) => format!("/zones/figures.{ext}?year={y}"),
        None => format!("/zones/figures.{ext}"),
    };
    Ok(ctx.render(
        "zones_side_by_side",
        SideBySidePage {
            table: &t,
            rows,
            columns,
            explain: SortBy::ALL.iter().skip(1).map(|s| s.as_str()).collect(),
            years,
            csv: download("csv"),
            json: download("json"),
        },
    ))
}

/// One zone's line as the page shows it: each figure written out ("4,5 werkdagen", "80 %"),
/// "–" where there is nothing to count yet.
fn row<'a>(ctx: &Ctx, z: &'a ZoneLine) -> ZoneRow<'a> {
    let f = &z.figures;
    let decimal = |d: f64| {
        let s = if d.fract() == 0.0 {
            format!("{d:.0}")
        } else {
            format!("{d:.1}")
        };
        if ctx.lang == "en" {
            s
        } else {
            s.replace('.', ",")
        }
    };
    let days = |d: Option<f64>| {
        d.map(|d| {
            if d == 1.0 {
                ctx.tr("zones-one-working-day")
            } else {
                ctx.tr_args("zones-working-days", &[("days", &decimal(d))])
            }
        })
        .unwrap_or_else(|| "–".into())
    };
    let pct = |p: Option<u64>| {
        p.map(|p| ctx.tr_args("figures-percent", &[("percent", &p.to_string())]))
            .unwrap_or_else(|| "–".into())
    };
    ZoneRow {
        code: &z.code,
        name: &z.name,
        enough: f.enough_data,
        brought_in: f.submitted,
        cells: [
            days(f.median_working_days_to_acknowledgement),
            days(f.median_working_days_to_decision),
            pct(f.decided_on_time_percent),
            f.overdue_now.to_string(),
            f.very_overdue_now.to_string(),
            pct(f.answered_percent),
            pct(f.reports_on_time_percent),
        ],
    }
}

/// The table as open data, CSV.
#[get("/zones/figures.csv?<year>&<sort>")]
async fn open_data_csv(
    app: &State<App>,
    year: Option<&str>,
    sort: Option<&str>,
) -> PageResult<super::exports::Download> {
    let t = side_by_side(app, year, sort).await?;
    Ok(download(format!("{}.csv", stem(&t)), table_csv(&t)))
}

/// The table as open data, JSON (the API's answer, as a file).
#[get("/zones/figures.json?<year>&<sort>")]
async fn open_data_json(
    app: &State<App>,
    year: Option<&str>,
    sort: Option<&str>,
) -> PageResult<super::exports::Download> {
    let t = side_by_side(app, year, sort).await?;
    let body = serde_json::to_string_pretty(&t).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(format!("{}.json", stem(&t)), body))
}

fn stem(t: &SideBySide) -> String {
    match t.year {
        Some(y) => format!("zones-figures-{y}"),
        None => format!("zones-figures-{}", t.to),
    }
}

fn table_csv(t: &SideBySide) -> String {
    let header = [
        "zone",
        "name",
        "from",
        "to",
        "brought_in",
        "median_working_days_to_acknowledgement",
        "median_working_days_to_decision",
        "decided",
        "decided_on_time_percent",
        "overdue_now",
        "very_overdue_now",
        "verdict_answered",
        "verdict_partly_answered",
        "verdict_not_answered",
        "verdict_none",
        "answered_percent",
        "reports_due",
        "reports_on_time_percent",
        "enough_data",
    ];
    let opt = |v: Option<String>| v.unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .zones
        .iter()
        .map(|z| {
            let f = &z.figures;
            vec![
                z.code.clone(),
                z.name.clone(),
                f.from.to_string(),
                f.to.to_string(),
                f.submitted.to_string(),
                opt(f
                    .median_working_days_to_acknowledgement
                    .map(|d| d.to_string())),
                opt(f.median_working_days_to_decision.map(|d| d.to_string())),
                f.decided.to_string(),
                opt(f.decided_on_time_percent.map(|d| d.to_string())),
                f.overdue_now.to_string(),
                f.very_overdue_now.to_string(),
                f.verdicts.answered.to_string(),
                f.verdicts.partly_answered.to_string(),
                f.verdicts.not_answered.to_string(),
                f.verdicts.no_verdict.to_string(),
                opt(f.answered_percent.map(|d| d.to_string())),
                f.reports_due.to_string(),
                opt(f.reports_on_time_percent.map(|d| d.to_string())),
                f.enough_data.to_string(),
            ]
        })
        .collect();
    csv::write(&header, &rows)
}

/// Every zone side by side: items brought in, median working days to acknowledgement and to
/// decision, share decided on time, overdue and very overdue now, the share of answers the
/// panels judged answered, consultations reported back on time. No login needed.
#[utoipa::path(
    get,
    path = "/api/v1/zones/figures",
    tag = "report",
    security(()),
    params(
        ("year" = Option<i32>, Query, description = "A calendar year (2000 up to this year); by default the last twelve months.", minimum = 2000, maximum = 2100),
        ("sort" = Option<SortBy>, Query, description = "The column to sort by, best first; by default the zone's name."),
    ),
    responses(
        (status = 200, description = "Every zone's figures.", body = SideBySide),
        (status = 422, response = doc::Invalid),
        (status = 503, response = doc::Unavailable),
    )
)]
#[get("/api/v1/zones/figures?<year>&<sort>")]
async fn api_figures(
    app: &State<App>,
    year: Option<&str>,
    sort: Option<&str>,
) -> ApiResult<Json<SideBySide>> {
    Ok(Json(side_by_side(app, year, sort).await?))
}
