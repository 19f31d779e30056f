//! Deadlines in calendar days or in working days. Working days skip Saturdays, Sundays, the
//! Belgian public holidays (the Easter-based ones computed) and the zone's own closing days.
//! A date computed once is stored: a later change of the calendar never moves a deadline that
//! was already given.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a zone counts the days of its deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    Calendar,
    Working,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Calendar => "calendar",
            DayKind::Working => "working",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "calendar" => Some(DayKind::Calendar),
            "working" => Some(DayKind::Working),
            _ => None,
        }
    }
}

/// Easter Sunday of a year (the anonymous Gregorian algorithm, valid for every Gregorian year).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("a valid Easter date")
}

/// The ten Belgian public holidays of a year, each with its name's key (`holiday-…` in the
/// message files).
pub fn belgian_holidays(year: i32) -> [(NaiveDate, &'static str); 10] {
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(year, m, day).expect("a valid date");
    let e = easter(year);
    [
        (d(1, 1), "new-year"),
        (e + Duration::days(1), "easter-monday"),
        (d(5, 1), "labour-day"),
        (e + Duration::days(39), "ascension"),
        (e + Duration::days(50), "whit-monday"),
        (d(7, 21), "national-day"),
        (d(8, 15), "assumption"),
        (d(11, 1), "all-saints"),
        (d(11, 11), "armistice"),
        (d(12, 25), "christmas"),
    ]
}

/// A zone's way of counting days: the kind, and its own closing days.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub kind: DayKind,
    pub closing_days: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            kind: DayKind::Calendar,
            closing_days: BTreeSet::new(),
        }
    }
}

impl Calendar {
    pub fn working(closing_days: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            kind: DayKind::Working,
            closing_days: closing_days.into_iter().collect(),
        }
    }

    /// The same closing days, counted in working days whatever the zone's deadlines use: the
    /// margins around a deadline (reminders, very overdue, the panel's time to judge) are
    /// working days in every zone.
    pub fn in_working_days(&self) -> Calendar {
        Calendar::working(self.closing_days.iter().copied())
    }

    /// Whether a day counts as a working day (weekdays that are no public holiday and no closing
    /// day of the zone).
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.closing_days.contains(&day)
            && !belgian_holidays(day.year()).iter().any(|(h, _)| *h == day)
    }

    /// `days` days after `from`, in the zone's kind of days. With working days the result is
    /// always a working day (a deadline never falls on a Sunday or on Easter Monday).
    pub fn add(&self, from: NaiveDate, days: i64) -> NaiveDate {
        match self.kind {
            DayKind::Calendar => from + Duration::days(days),
            DayKind::Working => {
                let mut d = from;
                let mut left = days.max(0);
                while left > 0 {
                    d += Duration::days(1);
                    if self.is_working_day(d) {
                        left -= 1;
                    }
                }
                while !self.is_working_day(d) {
                    d += Duration::days(1);
                }
                d
            }
        }
    }

    /// `days` days before `to`, counted the same way (for reminders ahead of a deadline).
    pub fn subtract(&self, to: NaiveDate, days: i64) -> NaiveDate {
        match self.kind {
            DayKind::Calendar => to - Duration::days(days),
            DayKind::Working => {
                let mut d = to;
                let mut left = days.max(0);
                while left > 0 {
                    d -= Duration::days(1);
                    if self.is_working_day(d) {
                        left -= 1;
                    }
                }
                d
            }
        }
    }

    /// Whether `today` is at least `days` (one or more) days after `due`, counted this way:
    /// `between(due, today) >= days`, but found by counting `days` ahead of `due` instead of
    /// every day since (an item late for years is checked every minute by the keeper).
    pub fn late_by(&self, due: NaiveDate, today: NaiveDate, days: i64) -> bool {
        debug_assert!(days >= 1);
        // `add` lands on the `days`-th counted day after `due`: a day counts only once it is
        // reached.
        today > due && self.add(due, days.max(1)) <= today
    }

    /// Days from `from` to `to` in the zone's kind (0 when `to` is not after `from`).
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        match self.kind {
            DayKind::Calendar => (to - from).num_days(),
            DayKind::Working => {
                let mut n = 0;
                let mut d = from;
                while d < to {
                    d += Duration::days(1);
                    if self.is_working_day(d) {
                        n += 1;
                    }
                }
                n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_by_agrees_with_counting_every_day() {
        let d0 = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
        let closing = [NaiveDate::from_ymd_opt(2026, 4, 8).unwrap()];
        for cal in [Calendar::default(), Calendar::working(closing)] {
            for offset in 0..40 {
                let due = d0 + Duration::days(offset);
                for later in 0..60 {
                    let today = due + Duration::days(later);
                    for days in [1, 3, 5, 20] {
                        assert_eq!(
                            cal.late_by(due, today, days),
                            cal.between(due, today) >= days,
                            "{:?} {due} {today} {days}",
                            cal.kind
                        );
                    }
                }
            }
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_falls_where_the_church_calendar_says() {
        assert_eq!(easter(2024), ymd(2024, 3, 31));
        assert_eq!(easter(2025), ymd(2025, 4, 20));
        assert_eq!(easter(2026), ymd(2026, 4, 5));
        assert_eq!(easter(2027), ymd(2027, 3, 28));
        assert_eq!(easter(2038), ymd(2038, 4, 25));
        let h = belgian_holidays(2026);
        assert!(h.contains(&(ymd(2026, 4, 6), "easter-monday")));
        assert!(h.contains(&(ymd(2026, 5, 14), "ascension")));
        assert!(h.contains(&(ymd(2026, 5, 25), "whit-monday")));
    }

    #[test]
    fn working_days_skip_weekends_easter_monday_and_closing_days() {
        let c = Calendar::working([ymd(2026, 4, 9)]);
        // Thursday 2 April 2026 + 3 working days: Fri 3, (weekend), (Easter Monday 6), Tue 7,
        // Wed 8 -> Wednesday 8 April.
        assert_eq!(c.add(ymd(2026, 4, 2), 3), ymd(2026, 4, 8));
        // One more lands past the zone's own closing day (Thu 9) on Friday 10.
        assert_eq!(c.add(ymd(2026, 4, 2), 4), ymd(2026, 4, 10));
        assert_eq!(c.between(ymd(2026, 4, 2), ymd(2026, 4, 10)), 4);
        assert_eq!(c.subtract(ymd(2026, 4, 10), 3), ymd(2026, 4, 3));
        // Calendar days count everything.
        let cal = Calendar::default();
        assert_eq!(cal.add(ymd(2026, 4, 2), 3), ymd(2026, 4, 5));
        // Zero working days from a Saturday is the next working day.
        assert_eq!(c.add(ymd(2026, 4, 4), 0), ymd(2026, 4, 7));
    }
}
