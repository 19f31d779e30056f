//! A zone's account of a period: what citizens brought in, how fast and how the council answered,
//! what follow-up came of it, the consultations and the signals. The annual report is written
//! from it, so every figure is counted the same way every time.

use crate::app::App;
use crate::db::{report as q, zones};
use crate::domain::clock::{brussels_date, brussels_start};
use crate::domain::deadlines::{median, percentile};
use crate::domain::policy::{self, Principal, Role};
use crate::error::{AppError, AppResult};
use crate::memo::Kind;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Spread {
    pub count: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<i64>,
}

fn spread(mut days: Vec<i64>) -> Spread {
    Spread {
        count: days.len() as u64,
        median_days: median(&mut days),
        p90_days: percentile(&mut days, 90),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Count {
    /// The outcome or status counted.
    pub key: String,
    pub n: u64,
}

/// How many items of a kind a panel brought in.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = PanelKindCount)]
pub struct PanelKind {
    pub panel: String,
    pub kind: String,
    pub n: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Report {
    /// The zone's code.
    pub zone: String,
    pub zone_name: String,
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Items submitted in the period, per panel and kind.
    pub brought_in: Vec<PanelKind>,
    pub brought_in_total: u64,
    /// Items submitted in the period: days from submission to acknowledgement.
    pub to_acknowledgement: Spread,
    /// Items first decided in the period: days from submission to that decision.
    pub to_decision: Spread,
    /// Of those, decided by their response date.
    pub decided_on_time: u64,
    pub decided_on_time_percent: Option<u64>,
    /// Standing decisions taken in the period, per outcome.
    pub decisions: Vec<Count>,
    /// Waiting on the council today and past their deadline.
    pub overdue_now: u64,
    /// Of those, late by the zone's second margin (working days).
    pub very_overdue_now: u64,
    /// Follow-up actions planned in the period.
    pub actions_done: u64,
    pub actions_open: u64,
    pub actions_late: u64,
    /// Consultations asked in the period.
    pub consultations: u64,
    /// Of their advices: given (submitted or reported), reported back, reported back late or
    /// still owed past the date.
    pub advices_asked: u64,
    pub advices_given: u64,
    pub advices_reported: u64,
    pub reports_late: u64,
    /// Signals received in the period, per what became of them.
    pub signals: Vec<Count>,
    pub signals_total: u64,
}

/// The period asked for: `year`, or `from`..`to`, or by default the last calendar year.
pub fn period(
    today: NaiveDate,
    year: Option<i32>,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let parse = |field: &str, v: &str| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid(field, "error-date"))
    };
    let year_bounds = |y: i32| match (
        NaiveDate::from_ymd_opt(y, 1, 1),
        NaiveDate::from_ymd_opt(y, 12, 31),
    ) {
        (Some(a), Some(b)) if (2000..=2100).contains(&y) => Ok((a, b)),
        _ => Err(AppError::invalid("year", "error-year")),
    };
    let from = from.map(str::trim).filter(|s| !s.is_empty());
    let to = to.map(str::trim).filter(|s| !s.is_empty());
    let (a, b) = match (year, from, to) {
        (_, Some(f), Some(t)) => (parse("from", f)?, parse("to", t)?),
        (_, Some(f), None) => (parse("from", f)?, today),
        (Some(y), None, _) => year_bounds(y)?,
        (None, None, _) => year_bounds(today.year() - 1)?,
    };
    if b < a || (b - a).num_days() > 3660 {
        return Err(AppError::invalid("to", "error-report-period"));
    }
    Ok((a, b))
}

/// The reports kept until the zone's history moves on.
struct KeptReports;

impl Kind for KeptReports {
    type Key = super::figures::PeriodKey;
    type Value = Report;
    const NAME: &'static str = "report";
    const CAPACITY: usize = 1024;
}

/// The zone whose report `p` asks for, when they may read it: staff, council members and
/// administrators of the zone. Its `chain_seq` is the version of every report of it.
#[tracing::instrument(name = "report::zone_to_report", level = "debug", skip_all)]
pub async fn zone_to_report(app: &App, p: &Principal, zone_code: &str) -> AppResult<zones::Zone> {
    let mut c = app.db.conn().await?;
    let zone = zones::by_code(&mut c.ex(), zone_code)
        .await?
        .ok_or(AppError::NotFound)?;
    policy::view_zone(p, zone.id)?;
    if ![Role::Staff, Role::Council, Role::Admin]
        .iter()
        .any(|r| p.has_role(zone.id, *r))
    {
        return Err(AppError::Forbidden);
    }
    Ok(zone)
}

/// Staff, council members and administrators of the zone read its report.
#[tracing::instrument(name = "report::report", level = "debug", skip_all)]
pub async fn report(
    app: &App,
    p: &Principal,
    zone_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Report> {
    let zone = zone_to_report(app, p, zone_code).await?;
    let today = brussels_date(app.clock.now());
    let key = (zone.id, from, to, today);
    let memo = app.memo.of::<KeptReports>();
    if let Some(r) = memo.get(&key, zone.chain_seq) {
        return Ok((*r).clone());
    }
    let version = zone.chain_seq;
    let r = compute(app, zone, from, to, today).await?;
    memo.put(key, version, std::sync::Arc::new(r.clone()));
    Ok(r)
}

async fn compute(
    app: &App,
    zone: zones::Zone,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> AppResult<Report> {
    let mut c = app.db.conn().await?;
    let (start, end) = (brussels_start(from), brussels_start(to + Duration::days(1)));
    let in_period = |d: NaiveDate| d >= from && d <= to;

    let brought_in: Vec<PanelKind> = q::items_per_panel_kind(&mut c.ex(), zone.id, start, end)
        .await?
        .into_iter()
        .map(|r| PanelKind {
            panel: r.panel,
            kind: r.kind,
            n: r.n as u64,
        })
        .collect();
    let mut to_ack = vec![];
    let mut to_decision = vec![];
    let mut on_time = 0u64;
    for t in q::item_times(&mut c.ex(), zone.id, start, end).await? {
        let submitted = brussels_date(t.submitted_at);
        if in_period(submitted) {
            if let Some(ack) = t.acknowledged_at {
                to_ack.push((brussels_date(ack) - submitted).num_days());
            }
        }
        if let Some(decided) = t.decided_at.map(brussels_date).filter(|d| in_period(*d)) {
            to_decision.push((decided - submitted).num_days());
            if t.response_due.is_none_or(|due| decided <= due) {
                on_time += 1;
            }
        }
    }
    let decided = to_decision.len() as u64;
    let decisions = counts(q::decisions_by_outcome(&mut c.ex(), zone.id, start, end).await?);
    let (mut done, mut open, mut late) = (0, 0, 0);
    for a in q::actions(&mut c.ex(), zone.id, start, end).await? {
        if a.status == "done" {
            done += 1;
        } else if a.due_date < today {
            late += 1;
        } else {
            open += 1;
        }
    }
    let advices = q::advices(&mut c.ex(), zone.id, start, end).await?;
    let mut consultations: Vec<i64> = advices.iter().map(|a| a.consultation_id).collect();
    consultations.sort_unstable();
    consultations.dedup();
    let reports_late = advices
        .iter()
        .filter(|a| match (a.report_due, a.reported_at) {
            (Some(due), Some(at)) => brussels_date(at) > due,
            (Some(due), None) => a.status == "submitted" && due < today,
            _ => false,
        })
        .count() as u64;
    let signals = counts(q::signals_by_status(&mut c.ex(), zone.id, start, end).await?);
    drop(c);
    let (overdue_now, very_overdue_now) = super::figures::overdue_now(app, &zone).await?;
    Ok(Report {
        zone: zone.code,
        zone_name: zone.name,
        from,
        to,
        brought_in_total: brought_in.iter().map(|b| b.n).sum(),
        brought_in,
        to_acknowledgement: spread(to_ack),
        to_decision: spread(to_decision),
        decided_on_time: on_time,
        decided_on_time_percent: (decided > 0)
            .then(|| ((on_time as f64 / decided as f64) * 100.0).round() as u64),
        decisions,
        overdue_now,
        very_overdue_now,
        actions_done: done,
        actions_open: open,
        actions_late: late,
        consultations: consultations.len() as u64,
        advices_asked: advices.len() as u64,
        advices_given: advices.iter().filter(|a| a.status != "drafting").count() as u64,
        advices_reported: advices.iter().filter(|a| a.status == "reported").count() as u64,
        reports_late,
        signals_total: signals.iter().map(|s| s.n).sum(),
        signals,
    })
}

fn counts(rows: Vec<q::KeyCount>) -> Vec<Count> {
    rows.into_iter()
        .map(|r| Count {
            key: r.key,
            n: r.n as u64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_period_is_last_calendar_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            period(today, None, None, None).unwrap(),
            (d(2025, 1, 1), d(2025, 12, 31))
        );
        assert_eq!(
            period(today, Some(2026), None, None).unwrap(),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            period(today, None, Some("2026-03-01"), Some("2026-03-31")).unwrap(),
            (d(2026, 3, 1), d(2026, 3, 31))
        );
        assert!(period(today, None, Some("2026-03-31"), Some("2026-03-01")).is_err());
        assert!(period(today, None, Some("gisteren"), None).is_err());
        assert!(period(today, Some(1700), None, None).is_err());
    }
}
