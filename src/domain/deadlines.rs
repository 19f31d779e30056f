//! Deadlines are data: which date an item is waiting on, and how late it is.

use super::lifecycle::Status;
use super::working_days::Calendar;
use chrono::NaiveDate;
use serde::Serialize;

/// What an item (or action) is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = DeadlineKind)]
pub enum Deadline {
    /// Staff must confirm receipt.
    Acknowledgement,
    /// The council must answer (decide).
    Response,
    /// A postponed item comes back on its review date.
    Review,
    /// A follow-up action is due.
    FollowUp,
}

impl Deadline {
    pub fn as_str(self) -> &'static str {
        match self {
            Deadline::Acknowledgement => "acknowledgement",
            Deadline::Response => "response",
            Deadline::Review => "review",
            Deadline::FollowUp => "follow-up",
        }
    }
}

/// The dates an item carries.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemDates {
    pub ack_due: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
}

/// The deadline the item is waiting on now, if the council or staff owe something.
/// While the panel is asked for clarification, the clock stands still: no deadline.
pub fn current(status: Status, d: &ItemDates) -> Option<(Deadline, NaiveDate)> {
    match status {
        Status::Submitted => d.ack_due.map(|x| (Deadline::Acknowledgement, x)),
        Status::Acknowledged | Status::Scheduled => d.response_due.map(|x| (Deadline::Response, x)),
        Status::Postponed => d.review_date.map(|x| (Deadline::Review, x)),
        _ => None,
    }
}

/// Days late on `today`: 0 on the due date itself, 1 the day after.
pub fn days_late(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

/// The zone's days are counted its way: calendar days, or working days (`Calendar`).
pub fn ack_due(cal: &Calendar, submitted: NaiveDate, ack_days: i64) -> NaiveDate {
    cal.add(submitted, ack_days)
}

/// The latest response date the zone allows for an item submitted on `submitted`.
pub fn latest_response(cal: &Calendar, submitted: NaiveDate, max_response_days: i64) -> NaiveDate {
    cal.add(submitted, max_response_days)
}

/// The default response date set at acknowledgement.
pub fn default_response(
    cal: &Calendar,
    acknowledged: NaiveDate,
    response_days: i64,
    latest: NaiveDate,
) -> NaiveDate {
    cal.add(acknowledged, response_days).min(latest)
}

/// Why a chosen response date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueError {
    InPast,
    AfterMaximum,
}

/// A response date chosen by staff (a date, or a meeting's date): not in the past, never later
/// than the zone's maximum.
pub fn check_response(
    due: NaiveDate,
    today: NaiveDate,
    latest: NaiveDate,
) -> Result<NaiveDate, DueError> {
    if due < today {
        Err(DueError::InPast)
    } else if due > latest {
        Err(DueError::AfterMaximum)
    } else {
        Ok(due)
    }
}

/// After a clarification round, the deadlines move by the days the clock stood still.
pub fn shift_for_pause(
    cal: &Calendar,
    d: ItemDates,
    paused_from: NaiveDate,
    answered: NaiveDate,
) -> ItemDates {
    // The pause counts in the zone's kind of days, and so does the shift.
    let days = cal.between(paused_from, answered);
    let shift = |x: Option<NaiveDate>| x.map(|v| cal.add(v, days));
    ItemDates {
        ack_due: shift(d.ack_due),
        response_due: shift(d.response_due),
        review_date: d.review_date,
    }
}

/// Median of whole days, rounding half up; None for no values.
/// The nearest-rank percentile (`p` in 1..=100): the smallest value with at least p% of the
/// values at or below it. A value that really occurred, as a report should show.
pub fn percentile(values: &mut [i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (p.clamp(1, 100) as usize * values.len()).div_ceil(100);
    Some(values[rank.max(1) - 1])
}

pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut v = vec![15, 20, 35, 40, 50];
        assert_eq!(percentile(&mut v, 90), Some(50));
        assert_eq!(percentile(&mut v, 40), Some(20));
        let mut v: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(percentile(&mut v, 90), Some(9));
        assert_eq!(percentile(&mut v, 50), Some(5));
        assert_eq!(percentile(&mut [], 90), None);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_current_deadline_follows_the_state() {
        let dates = ItemDates {
            ack_due: Some(d("2026-03-16")),
            response_due: Some(d("2026-05-01")),
            review_date: Some(d("2026-09-01")),
        };
        assert_eq!(
            current(Status::Submitted, &dates),
            Some((Deadline::Acknowledgement, d("2026-03-16")))
        );
        assert_eq!(
            current(Status::Scheduled, &dates),
            Some((Deadline::Response, d("2026-05-01")))
        );
        assert_eq!(
            current(Status::Postponed, &dates),
            Some((Deadline::Review, d("2026-09-01")))
        );
        assert_eq!(
            current(Status::ClarificationRequested, &dates),
            None,
            "the clock stands still"
        );
        assert_eq!(current(Status::Decided, &dates), None);
        assert_eq!(current(Status::Draft, &dates), None);
    }

    #[test]
    fn lateness_counts_from_the_day_after() {
        assert_eq!(days_late(d("2026-03-16"), d("2026-03-16")), 0);
        assert_eq!(days_late(d("2026-03-16"), d("2026-03-17")), 1);
        assert_eq!(days_late(d("2026-03-16"), d("2026-03-01")), 0);
    }

    #[test]
    fn response_dates_stay_within_the_maximum() {
        let cal = Calendar::default();
        let latest = latest_response(&cal, d("2026-03-02"), 120);
        assert_eq!(latest, d("2026-06-30"));
        assert_eq!(
            default_response(&cal, d("2026-03-05"), 60, latest),
            d("2026-05-04")
        );
        assert_eq!(default_response(&cal, d("2026-03-05"), 200, latest), latest);
        assert_eq!(
            check_response(d("2026-07-01"), d("2026-03-05"), latest),
            Err(DueError::AfterMaximum)
        );
        assert_eq!(
            check_response(d("2026-03-04"), d("2026-03-05"), latest),
            Err(DueError::InPast)
        );
        assert_eq!(check_response(latest, d("2026-03-05"), latest), Ok(latest));
    }

    #[test]
    fn a_clarification_pause_moves_the_deadlines() {
        let dates = ItemDates {
            ack_due: Some(d("2026-03-16")),
            response_due: None,
            review_date: None,
        };
        let moved = shift_for_pause(
            &Calendar::default(),
            dates,
            d("2026-03-05"),
            d("2026-03-12"),
        );
        assert_eq!(moved.ack_due, Some(d("2026-03-23")));
        // In working days: Thu 5 to Thu 12 March is five working days; Mon 16 + 5 = Mon 23.
        let moved = shift_for_pause(
            &Calendar::working([]),
            dates,
            d("2026-03-05"),
            d("2026-03-12"),
        );
        assert_eq!(moved.ack_due, Some(d("2026-03-23")));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 10]), Some(3.5));
    }
}
