//! A zone's public figures for a period, and every zone side by side (`/zones`): how fast the
//! council acknowledges and answers (in working days, the zone's own holidays skipped), how much
//! is late now, whether the panels judged the answers answered, and whether consultations were
//! reported back on time. Public: counts only, no personal data.

use super::deadlines::WAITING;
use crate::app::App;
use crate::db::{items, report as q, zones, zones::Zone};
use crate::domain::clock::{brussels_date, brussels_start};
use crate::domain::deadlines::{self, median};
use crate::domain::lifecycle::Status;
use crate::domain::working_days::Calendar;
use crate::error::{AppError, AppResult};
use crate::memo::Kind;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

/// Below this many items brought in, a zone's rates say more about chance than about the
/// council: the table shows "te weinig gegevens" instead.
pub const ENOUGH_ITEMS: u64 = 5;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Items submitted in the period.
    pub submitted: u64,
    /// Items submitted in the period that were acknowledged.
    pub acknowledged: u64,
    /// Items whose first decision fell in the period.
    pub decided: u64,
    /// Median calendar days from submission to the first decision, for those decided in the
    /// period.
    pub median_days_to_decision: Option<f64>,
    /// Median working days from submission to acknowledgement (items submitted in the period).
    pub median_working_days_to_acknowledgement: Option<f64>,
    /// Median working days from submission to the first decision (items decided in the period).
    pub median_working_days_to_decision: Option<f64>,
    /// Of those decided in the period, how many by their response date (percent, rounded).
    pub decided_on_time: u64,
    pub decided_on_time_percent: Option<u64>,
    /// Waiting on the council now and past their deadline.
    pub overdue_now: u64,
    /// Of those, late by the zone's second margin.
    pub very_overdue_now: u64,
    /// Items decided in the period, by the panel's own (latest) verdict on the answer.
    pub verdicts: VerdictTally,
    /// Of the answers the panels judged, the share they judged answered (percent, rounded).
    pub answered_percent: Option<u64>,
    /// Advices of consultations asked in the period whose report back is due or given.
    pub reports_due: u64,
    /// Of those, reported back by the date.
    pub reports_on_time: u64,
    pub reports_on_time_percent: Option<u64>,
    /// Whether enough items were brought in for the rates to mean something.
    pub enough_data: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct VerdictTally {
    pub answered: u64,
    pub partly_answered: u64,
    pub not_answered: u64,
    /// The time to judge passed without a verdict ("geen oordeel").
    pub no_verdict: u64,
    /// The panel may still judge.
    pub pending: u64,
}

impl VerdictTally {
    fn judged(&self) -> u64 {
        self.answered + self.partly_answered + self.not_answered
    }
}

fn percent(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 100.0).round() as u64)
}

/// The default period: the twelve months up to today.
pub fn default_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Duration::days(364), today)
}

/// A zone, a period and the day it was asked on (figures count "late" against today).
pub type PeriodKey = (i64, NaiveDate, NaiveDate, NaiveDate);

/// The figures kept until the zone's history moves on.
struct KeptFigures;

impl Kind for KeptFigures {
    type Key = PeriodKey;
    type Value = Figures;
    const NAME: &'static str = "figures";
    const CAPACITY: usize = 4096;
}

/// The zone's figures for a period (dates inclusive, in Brussels time).
#[tracing::instrument(name = "figures::figures", level = "debug", skip_all)]
pub async fn figures(app: &App, zone: &Zone, from: NaiveDate, to: NaiveDate) -> AppResult<Figures> {
    let today = brussels_date(app.clock.now());
    let key = (zone.id, from, to, today);
    let memo = app.memo.of::<KeptFigures>();
    if let Some(f) = memo.get(&key, zone.chain_seq) {
        return Ok((*f).clone());
    }
    let f = compute(app, zone, from, to, today).await?;
    memo.put(key, zone.chain_seq, std::sync::Arc::new(f.clone()));
    Ok(f)
}

async fn compute(
    app: &App,
    zone: &Zone,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> AppResult<Figures> {
    let mut c = app.db.conn().await?;
    let rows = items::times(&mut c.ex(), zone.id).await?;
    let cal = zones::calendar(&mut c.ex(), zone).await?;
    // Medians in working days whatever the zone counts its deadlines in: zones compare alike.
    let working = cal.in_working_days();
    let advices = q::advices(
        &mut c.ex(),
        zone.id,
        brussels_start(from),
        brussels_start(to + Duration::days(1)),
    )
    .await?;
    drop(c);
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let (mut submitted, mut acknowledged, mut decided, mut on_time) = (0, 0, 0, 0);
    let (mut to_ack, mut to_decision, mut to_decision_calendar) = (vec![], vec![], vec![]);
    let mut verdicts = VerdictTally::default();
    for r in &rows {
        let sub = brussels_date(r.submitted_at);
        if in_period(sub) {
            submitted += 1;
            if let Some(ack) = r.acknowledged_at.map(brussels_date) {
                acknowledged += 1;
                to_ack.push(working.between(sub, ack));
            }
        }
        let Some(dec) = r.decided_at.map(brussels_date).filter(|d| in_period(*d)) else {
            continue;
        };
        decided += 1;
        to_decision_calendar.push((dec - sub).num_days());
        to_decision.push(working.between(sub, dec));
        if r.response_due.is_none_or(|due| dec <= due) {
            on_time += 1;
        }
        match r.verdict.as_deref() {
            Some("answered") => verdicts.answered += 1,
            Some("partly-answered") => verdicts.partly_answered += 1,
            Some(_) => verdicts.not_answered += 1,
            None if r.verdict_due.is_some_and(|d| today <= d) => verdicts.pending += 1,
            None => verdicts.no_verdict += 1,
        }
    }
    let (overdue_now, very_overdue_now) = count_overdue(&rows, &cal, zone.very_overdue_days, today);
    // A report back counts once it was given, or once its date passed without it.
    let (mut reports_due, mut reports_on_time) = (0, 0);
    for a in &advices {
        match (a.report_due, a.reported_at.map(brussels_date)) {
            (Some(due), Some(at)) => {
                reports_due += 1;
                if at <= due {
                    reports_on_time += 1;
                }
            }
            (Some(due), None) if a.status == "submitted" && due < today => reports_due += 1,
            _ => {}
        }
    }
    Ok(Figures {
        from,
        to,
        submitted,
        acknowledged,
        decided,
        median_days_to_decision: median(&mut to_decision_calendar),
        median_working_days_to_acknowledgement: median(&mut to_ack),
        median_working_days_to_decision: median(&mut to_decision),
        decided_on_time: on_time,
        decided_on_time_percent: percent(on_time, decided),
        overdue_now,
        very_overdue_now,
        answered_percent: percent(verdicts.answered, verdicts.judged()),
        verdicts,
        reports_due,
        reports_on_time,
        reports_on_time_percent: percent(reports_on_time, reports_due),
        enough_data: submitted >= ENOUGH_ITEMS,
    })
}

/// Items waiting on the council today and past their deadline, and how many of those are very
/// overdue (late by `very_overdue_days` working days).
fn count_overdue(
    rows: &[items::ItemTimes],
    cal: &Calendar,
    very_overdue_days: i64,
    today: NaiveDate,
) -> (u64, u64) {
    let late: Vec<NaiveDate> = rows
        .iter()
        .filter_map(|r| Status::parse(&r.status).map(|s| (s, r)))
        .filter(|(s, _)| WAITING.contains(s))
        .filter_map(|(s, r)| deadlines::current(s, &r.dates()))
        .map(|(_, due)| due)
        .filter(|due| *due < today)
        .collect();
    let working = cal.in_working_days();
    let very = late
        .iter()
        .filter(|due| working.late_by(**due, today, very_overdue_days))
        .count();
    (late.len() as u64, very as u64)
}

/// Items waiting on the council today and past their deadline (the zone report shows it too).
#[tracing::instrument(name = "figures::overdue_now", level = "debug", skip_all)]
pub async fn overdue_now(app: &App, zone: &Zone) -> AppResult<(u64, u64)> {
    let today = brussels_date(app.clock.now());
    let mut c = app.db.conn().await?;
    let rows = items::times(&mut c.ex(), zone.id).await?;
    let cal = zones::calendar(&mut c.ex(), zone).await?;
    Ok(count_overdue(&rows, &cal, zone.very_overdue_days, today))
}

/// The columns `/zones` can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SortBy {
    Name,
    BroughtIn,
    ToAcknowledgement,
    ToDecision,
    OnTime,
    OverdueNow,
    VeryOverdueNow,
    Answered,
    ReportsOnTime,
}

impl SortBy {
    pub const ALL: [SortBy; 9] = [
        SortBy::Name,
        SortBy::BroughtIn,
        SortBy::ToAcknowledgement,
        SortBy::ToDecision,
        SortBy::OnTime,
        SortBy::OverdueNow,
        SortBy::VeryOverdueNow,
        SortBy::Answered,
        SortBy::ReportsOnTime,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::BroughtIn => "brought-in",
            SortBy::ToAcknowledgement => "to-acknowledgement",
            SortBy::ToDecision => "to-decision",
            SortBy::OnTime => "on-time",
            SortBy::OverdueNow => "overdue-now",
            SortBy::VeryOverdueNow => "very-overdue-now",
            SortBy::Answered => "answered",
            SortBy::ReportsOnTime => "reports-on-time",
        }
    }

    pub fn parse(s: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One zone's line in the table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneLine {
    /// The zone's code.
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Every zone side by side for a period: by name, or by a figure (best first; a zone with too
/// few items, or without the figure, last).
#[tracing::instrument(name = "figures::side_by_side", level = "debug", skip_all)]
pub async fn side_by_side(
    app: &App,
    from: NaiveDate,
    to: NaiveDate,
    sort: SortBy,
) -> AppResult<Vec<ZoneLine>> {
    let all = {
        let mut c = app.db.conn().await?;
        zones::all(&mut c.ex()).await.map_err(AppError::from)?
    };
    let mut lines = vec![];
    for zone in all {
        let figures = figures(app, &zone, from, to).await?;
        lines.push(ZoneLine {
            code: zone.code,
            name: zone.name,
            figures,
        });
    }
    lines.sort_by_key(|a| a.name.to_lowercase());
    if sort != SortBy::Name {
        // Lower is better for times and for what is late; higher for the rest. A zone
        // without the figure (or with too few items for a rate) sorts last.
        let key = |l: &ZoneLine| -> Option<f64> {
            let f = &l.figures;
            let rate = |v: Option<u64>| v.filter(|_| f.enough_data).map(|p| -(p as f64));
            match sort {
                SortBy::Name => None,
                SortBy::BroughtIn => Some(-(f.submitted as f64)),
                SortBy::ToAcknowledgement => f.median_working_days_to_acknowledgement,
                SortBy::ToDecision => f.median_working_days_to_decision,
                SortBy::OnTime => rate(f.decided_on_time_percent),
                SortBy::OverdueNow => Some(f.overdue_now as f64),
                SortBy::VeryOverdueNow => Some(f.very_overdue_now as f64),
                SortBy::Answered => rate(f.answered_percent),
                SortBy::ReportsOnTime => rate(f.reports_on_time_percent),
            }
        };
        // Stable: equal figures stay in name order.
        lines.sort_by(|a, b| match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    Ok(lines)
}
/// A period from query parameters (`YYYY-MM-DD`), defaulting to the last twelve months.
pub fn period(
    app: &App,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let today = brussels_date(app.clock.now());
    let parse = |field: &str, v: Option<&str>| -> Result<Option<NaiveDate>, AppError> {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| AppError::invalid(field, "error-date")),
        }
    };
    let (dfrom, dto) = crate::service::figures::default_period(today);
    let from = parse("from", from)?.unwrap_or(dfrom);
    let to = parse("to", to)?.unwrap_or(dto);
    if from > to {
        return Err(AppError::invalid("from", "error-period"));
    }
    Ok((from, to))
}
