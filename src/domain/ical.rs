//! Calendar feeds in iCalendar (RFC 5545): meetings at a Brussels time, deadlines as whole days.
//!
//! The events come from the `icalendar` crate, which escapes text and folds lines at 75 octets.
//! The calendar around them and its VTIMEZONE are written here: the crate has no time zone
//! component, and it gives every other component a DTSTAMP and a random UID, which a VTIMEZONE
//! may not carry (and which would change the feed on every fetch).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use icalendar::{CalendarDateTime, Component, Event, EventLike};

/// The time zone every meeting time is given in.
pub const TZID: &str = "Europe/Brussels";

/// Meetings have a start and no end: calendars get this long a slot.
pub const MEETING_HOURS: i64 = 2;

/// Europe/Brussels with the EU rules (in force since 1996): summer time (CEST, UTC+2) from the
/// last Sunday of March at 02:00, standard time (CET, UTC+1) from the last Sunday of October at
/// 03:00. Each DTSTART is a local time when the rule first applied, as RFC 5545 asks.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Brussels",
    "X-LIC-LOCATION:Europe/Brussels",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// When an entry happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// From a moment to another, shown in Brussels time.
    Between(DateTime<Utc>, DateTime<Utc>),
    /// A whole day (a deadline).
    Day(NaiveDate),
}

/// One event of a feed. The texts are plain; escaping is the writer's job.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable across fetches, so a calendar updates an event instead of adding a new one.
    pub uid: String,
    pub when: When,
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
}

/// A meeting's slot: from its start, for [`MEETING_HOURS`].
pub fn meeting_slot(starts_at: DateTime<Utc>) -> When {
    When::Between(starts_at, starts_at + Duration::hours(MEETING_HOURS))
}

/// `meeting-12@burgerstem.example`: the host keeps two installations' events apart.
pub fn uid(what: &str, host: &str) -> String {
    format!("{what}@{host}")
}

/// A local Brussels time with its zone. In the hour that occurs twice at the end of summer
/// time the TZID form cannot say which is meant; RFC 5545 then takes the first, as chrono's
/// local time does.
fn brussels(at: DateTime<Utc>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&Brussels).naive_local(),
        tzid: TZID.to_string(),
    }
}

/// Text as one calendar value: no carriage returns (line breaks stay, as `\n`).
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn event(e: &Entry, stamp: DateTime<Utc>) -> Event {
    let mut ev = Event::new();
    ev.uid(&e.uid).timestamp(stamp).summary(&clean(&e.summary));
    match e.when {
        When::Between(start, end) => {
            ev.starts(brussels(start)).ends(brussels(end));
        }
        // DTEND of a day is the day after: it is exclusive (RFC 5545, 3.6.1).
        When::Day(d) => {
            ev.starts(d).ends(d + Duration::days(1));
        }
    }
    if let Some(l) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
        ev.location(&clean(l));
    }
    if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
        ev.description(&clean(d));
    }
    if let Some(u) = &e.url {
        ev.url(u);
    }
    ev.done()
}

/// The whole feed: a VCALENDAR with its name, the Brussels VTIMEZONE and the entries. `stamp`
/// is the DTSTAMP of every event (when the feed was made: it is published, not sent).
pub fn calendar(name: &str, stamp: DateTime<Utc>, entries: &[Entry]) -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Burgerstem//Burgerstem//NL\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    out.push_str(&folded(&format!("X-WR-CALNAME:{}", escape(&clean(name)))));
    out.push_str("X-WR-TIMEZONE:Europe/Brussels\r\n");
    // Ask calendar programs to look again every hour (agendas change until the meeting).
    out.push_str("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n");
    for line in VTIMEZONE {
        out.push_str(line);
        out.push_str("\r\n");
    }
    for e in entries {
        out.push_str(&event(e, stamp).to_string());
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// A TEXT value (RFC 5545, 3.3.11), for the one calendar-level text the crate does not write.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// A content line folded at 75 octets, never inside a character (RFC 5545, 3.1).
fn folded(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut room = 75;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts.
            room = 74;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn times_are_brussels_local_on_both_sides_of_summer_time() {
        // 19:30 in Brussels: 18:30 UTC in winter time, 17:30 UTC in summer time.
        let before = Utc.with_ymd_and_hms(2026, 3, 26, 18, 30, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 4, 2, 17, 30, 0).unwrap();
        let stamp = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let entries = [before, after].map(|at| Entry {
            uid: uid(&format!("meeting-{}", at.timestamp()), "example.org"),
            when: meeting_slot(at),
            summary: "Zorgraad".into(),
            location: Some("Zaal 1".into()),
            description: None,
            url: None,
        });
        let text = calendar("ELZ", stamp, &entries);
        let flat = unfold(&text);
        assert!(flat.contains("DTSTART;TZID=Europe/Brussels:20260326T193000"));
        assert!(flat.contains("DTEND;TZID=Europe/Brussels:20260326T213000"));
        assert!(flat.contains("DTSTART;TZID=Europe/Brussels:20260402T193000"));
        assert!(flat.contains("DTSTAMP:20260301T090000Z"));
        assert_eq!(flat.matches("BEGIN:VTIMEZONE").count(), 1);
        assert_eq!(flat.matches("\r\nUID:meeting-").count(), 2);
    }

    #[test]
    fn text_is_escaped_and_lines_are_folded_at_75_octets() {
        let stamp = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let long = "Één zin, met; komma's en puntkomma's\\ en een regel\r\nerbij. ".repeat(6);
        let e = Entry {
            uid: "x@y".into(),
            when: When::Day(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()),
            summary: "Termijn: ontvangst".into(),
            location: None,
            description: Some(long),
            url: None,
        };
        let text = calendar("Mijn agenda, van; mij", stamp, &[e]);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let flat = unfold(&text);
        assert!(
            flat.contains("X-WR-CALNAME:Mijn agenda\\, van\\; mij"),
            "{flat}"
        );
        assert!(flat.contains("Één zin\\, met\\; komma's en puntkomma's\\\\ en een regel\\nerbij."));
        assert!(flat.contains("DTSTART;VALUE=DATE:20260316"));
        assert!(flat.contains("DTEND;VALUE=DATE:20260317"));
        assert!(
            !text.replace("\r\n", "").contains('\r'),
            "no bare carriage return"
        );
    }
}
