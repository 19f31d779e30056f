//! The one source of "now", so tests can freeze and move time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Self {
        Clock { fixed: None }
    }

    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock {
            fixed: Some(Arc::new(Mutex::new(at))),
        }
    }

    /// Now, truncated to the microsecond (see `chain::truncate_to_micros`).
    pub fn now(&self) -> DateTime<Utc> {
        let now = match &self.fixed {
            Some(t) => *t.lock().expect("clock lock"),
            None => Utc::now(),
        };
        super::chain::truncate_to_micros(now)
    }

    /// Today's date in Brussels, which is what deadlines are counted in.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Brussels).date_naive()
    }

    /// Moves a fixed clock forward; a system clock ignores it.
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.fixed {
            let mut t = t.lock().expect("clock lock");
            *t += by;
        }
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(t) = &self.fixed {
            *t.lock().expect("clock lock") = at;
        }
    }
}

/// The local date of a UTC instant in Brussels.
pub fn brussels_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Brussels).date_naive()
}

/// Hours and minutes in Brussels, for display.
pub fn brussels_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Brussels).format("%H:%M").to_string()
}

/// The UTC instant at which a Brussels date begins (the first valid local time of that day).
pub fn brussels_start(date: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    match Brussels.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        // Brussels never skips midnight, but a date must always map somewhere.
        chrono::LocalResult::None => Utc.from_utc_datetime(&midnight),
    }
}

/// A moment as every page and API answer writes it (RFC 3339 in UTC, microseconds), so that
/// times sort as text and compare across engines.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn brussels_follows_summer_time() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        assert_eq!(brussels_time(winter), "13:00");
        assert_eq!(brussels_time(summer), "14:00");
        let late = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(
            brussels_date(late),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
        let a = c.now();
        c.advance(Duration::days(2));
        assert_eq!(c.now() - a, Duration::days(2));
    }
}
