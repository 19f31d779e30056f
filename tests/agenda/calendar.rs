//! Calendar feeds (issue 19, part 3): a zone's meetings for anyone, with only the public items
//! of the agenda, and a person's own feed behind a link they can revoke. Every feed is read back
//! with an iCalendar parser; the meetings sit on both sides of the change to summer time.

use super::*;
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};

/// GET without a session or token, as a calendar program fetches: status, type and body.
async fn fetch(t: &TestApp, path: &str) -> (Status, String, String) {
    let res = t.client.get(path.to_string()).dispatch().await;
    let status = res.status();
    let kind = res
        .headers()
        .get_one("Content-Type")
        .unwrap_or_default()
        .to_string();
    (status, kind, res.into_string().await.unwrap_or_default())
}

/// The feed parsed back, after checking the lines themselves: CRLF, at most 75 octets.
fn parse(text: &str) -> icalendar::Calendar {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    text.parse::<icalendar::Calendar>()
        .expect("the feed parses")
}

fn events(cal: &icalendar::Calendar) -> Vec<&icalendar::Event> {
    cal.components.iter().filter_map(|c| c.as_event()).collect()
}

fn by_uid<'a>(cal: &'a icalendar::Calendar, prefix: &str) -> Vec<&'a icalendar::Event> {
    events(cal)
        .into_iter()
        .filter(|e| e.get_uid().is_some_and(|u| u.starts_with(prefix)))
        .collect()
}

/// A meeting's start or end as the feed gives it: a Brussels local time.
fn local(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            assert_eq!(tzid, "Europe/Brussels");
            date_time.format("%Y%m%dT%H%M%S").to_string()
        }
        other => panic!("not a time in Europe/Brussels: {other:?}"),
    }
}

fn day(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.format("%Y%m%d").to_string(),
        other => panic!("not a whole day: {other:?}"),
    }
}

/// The one VTIMEZONE: Europe/Brussels, summer time +0200 from the last Sunday of March, winter
/// time +0100 from the last Sunday of October.
fn check_timezone(cal: &icalendar::Calendar, text: &str) {
    let zones: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Other(o) if o.component_kind() == "VTIMEZONE" => Some(o),
            _ => None,
        })
        .collect();
    assert_eq!(zones.len(), 1, "{text}");
    let tz = zones[0];
    assert_eq!(tz.property_value("TZID"), Some("Europe/Brussels"));
    assert!(tz.property_value("DTSTAMP").is_none() && tz.property_value("UID").is_none());
    let part = |kind: &str| {
        let parts: Vec<_> = tz
            .components()
            .iter()
            .filter(|c| c.component_kind() == kind)
            .collect();
        assert_eq!(parts.len(), 1, "one {kind}");
        parts[0]
    };
    let summer = part("DAYLIGHT");
    assert_eq!(summer.property_value("TZOFFSETFROM"), Some("+0100"));
    assert_eq!(summer.property_value("TZOFFSETTO"), Some("+0200"));
    assert_eq!(summer.property_value("TZNAME"), Some("CEST"));
    assert_eq!(
        summer.property_value("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    );
    let winter = part("STANDARD");
    assert_eq!(winter.property_value("TZOFFSETFROM"), Some("+0200"));
    assert_eq!(winter.property_value("TZOFFSETTO"), Some("+0100"));
    assert_eq!(winter.property_value("TZNAME"), Some("CET"));
    assert_eq!(
        winter.property_value("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
    );
    // The VTIMEZONE comes before the events that refer to it.
    assert!(text.find("BEGIN:VTIMEZONE").unwrap() < text.find("BEGIN:VEVENT").unwrap());
}

/// Two meetings around the change to summer time (Sunday 29 March 2026), a public item and a
/// private one on the first agenda, and an item still waiting for its acknowledgement.
struct Fixture {
    before: i64,
    after: i64,
    public_title: String,
    private_title: String,
    public_ref: String,
    private_ref: String,
    waiting: i64,
}

async fn fixture(t: &TestApp) -> Fixture {
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    // Thursday 26 March 19:30 is winter time (UTC+1); Thursday 2 April 19:30 summer time (UTC+2).
    let before = meeting(t, &staff, "2026-03-26T19:30").await;
    let after = meeting(t, &staff, "2026-04-02T19:30").await;
    let (_, m) = t
        .json(
            "GET",
            &format!("/api/v1/meetings/{before}"),
            Some(&staff),
            None,
        )
        .await;
    let utc = |m: &Value| m["starts_at"].as_str().unwrap_or_default()[..19].to_string();
    assert_eq!(utc(&m), "2026-03-26T18:30:00", "{}: {m}", t.engine);
    let (_, m) = t
        .json(
            "GET",
            &format!("/api/v1/meetings/{after}"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(utc(&m), "2026-04-02T17:30:00", "{}: {m}", t.engine);

    let public_title = "Een bank, met leuning; bij de bushalte".to_string();
    let open = item(t, &a1, "ALFA", "burgers", &public_title, true).await;
    let open_id = open["id"].as_i64().unwrap();
    make_public(t, &a1, open_id).await;
    let private_title = "Besloten vraag over de wachtlijst".to_string();
    let closed = item(t, &a1, "ALFA", "burgers", &private_title, true).await;
    let closed_id = closed["id"].as_i64().unwrap();
    for id in [open_id, closed_id] {
        ok_mv(t, &staff, id, json!({"action": "acknowledge"})).await;
        ok_mv(
            t,
            &staff,
            id,
            json!({"action": "schedule", "meeting": before}),
        )
        .await;
    }
    let waiting = item(t, &a1, "ALFA", "burgers", "Wacht op ontvangst", true).await;
    assert_eq!(waiting["ack_due"], "2026-03-16");
    Fixture {
        before,
        after,
        public_ref: open["reference"].as_str().unwrap().to_string(),
        private_ref: closed["reference"].as_str().unwrap().to_string(),
        public_title,
        private_title,
        waiting: waiting["id"].as_i64().unwrap(),
    }
}

#[rocket::async_test]
async fn a_zone_feed_has_its_meetings_in_brussels_time_across_summer_time() {
    for t in engines().await {
        seed(&t).await;
        let f = fixture(&t).await;
        let (s, kind, text) = fetch(&t, "/zones/ALFA/meetings.ics").await;
        assert_eq!(s, Status::Ok, "{}: {text}", t.engine);
        assert!(kind.starts_with("text/calendar"), "{kind}");
        let cal = parse(&text);
        check_timezone(&cal, &text);
        let flat = text.replace("\r\n ", "");
        assert!(
            flat.contains("DTSTART;TZID=Europe/Brussels:20260326T193000"),
            "{flat}"
        );
        assert!(flat.contains("DTSTART;TZID=Europe/Brussels:20260402T193000"));

        let first = by_uid(&cal, &format!("meeting-{}@", f.before));
        let second = by_uid(&cal, &format!("meeting-{}@", f.after));
        assert_eq!((first.len(), second.len()), (1, 1), "{}: {flat}", t.engine);
        let (first, second) = (first[0], second[0]);
        assert_eq!(local(first.get_start()), "20260326T193000");
        // No end is stored: two hours.
        assert_eq!(local(first.get_end()), "20260326T213000");
        assert_eq!(local(second.get_start()), "20260402T193000");
        assert_eq!(local(second.get_end()), "20260402T213000");
        assert!(first.get_timestamp().is_some(), "DTSTAMP");
        assert_eq!(first.get_location(), Some("Gemeentehuis, zaal 2"));
        assert!(first.get_summary().unwrap().contains("ELZ ALFA"));
        // The citizen agenda: public items only, their reference and title.
        let agenda = first.get_description().unwrap();
        assert!(
            agenda.contains(&format!("{} {}", f.public_ref, f.public_title)),
            "{agenda}"
        );
        assert!(!agenda.contains(&f.private_ref) && !agenda.contains(&f.private_title));
        assert!(
            !flat.contains(&f.private_title),
            "nowhere in the public feed"
        );
        assert!(
            !flat.contains("Begroting"),
            "the other points are for the zone"
        );
        assert!(
            !flat.contains(&format!("item-{}-", f.waiting)),
            "no deadlines"
        );

        // The same event keeps its UID from fetch to fetch: calendars update, not duplicate.
        let (_, _, again) = fetch(&t, "/zones/ALFA/meetings.ics").await;
        let again = parse(&again);
        assert_eq!(
            by_uid(&again, &format!("meeting-{}@", f.before))[0].get_uid(),
            first.get_uid()
        );
        // Another zone's feed has none of this; an unknown zone is not found.
        let (s, _, beta) = fetch(&t, "/zones/BETA/meetings.ics").await;
        assert_eq!(s, Status::Ok);
        assert!(events(&parse(&beta)).is_empty(), "{beta}");
        assert_eq!(
            fetch(&t, "/zones/NOPE/meetings.ics").await.0,
            Status::NotFound
        );

        // Linked from the public page and from the meeting list.
        let (_, public) = t.get_as(&t.anonymous(), "/zones/ALFA/public").await;
        assert!(public.contains("/zones/ALFA/meetings.ics"));
        let raad = t.web_session("raad@alfa.test").await;
        let (_, list) = t.get_as(&raad, "/zones/ALFA/meetings").await;
        assert!(list.contains("/zones/ALFA/meetings.ics") && list.contains("/account/kalender"));
    }
}

/// The path of the feed link shown on the page (or returned by the API).
fn feed_path(text: &str) -> String {
    let at = text.find("/me/calendar/").expect("a feed link");
    let end = text[at..].find(".ics").expect("ending in .ics") + at + 4;
    text[at..end].to_string()
}

#[rocket::async_test]
async fn a_personal_feed_has_my_meetings_and_deadlines_and_a_revoked_link_is_gone() {
    for t in engines().await {
        seed(&t).await;
        let f = fixture(&t).await;

        // Staff make their link on the page: shown once, then only that it exists.
        let staff = t.web_session("staff@alfa.test").await;
        let (s, page) = t.get_as(&staff, "/account/kalender").await;
        assert_eq!(s, Status::Ok);
        assert!(!page.contains("/me/calendar/"));
        let (s, _, made) = t.post_as(&staff, "/account/kalender", &[], true).await;
        assert_eq!(s, Status::Ok, "{made}");
        let staff_feed = feed_path(&made);
        let token = staff_feed
            .trim_start_matches("/me/calendar/")
            .trim_end_matches(".ics");
        assert_eq!(token.len(), 64);
        let (_, page) = t.get_as(&staff, "/account/kalender").await;
        assert!(!page.contains(&staff_feed), "not shown again");
        assert!(page.contains("/account/kalender/intrekken"));
        // Only the hash is kept.
        {
            let mut c = t.app().db.conn().await.unwrap();
            let id = t.user_id("staff@alfa.test").await;
            assert!(
                burgerstem::db::calendars::user_of_link(&mut c.ex(), token)
                    .await
                    .unwrap()
                    .is_none(),
                "the token itself is not stored"
            );
            assert_eq!(
                burgerstem::db::calendars::user_of_link(
                    &mut c.ex(),
                    &burgerstem::secrets::token_hash(token)
                )
                .await
                .unwrap(),
                Some(id)
            );
        }

        let (s, kind, text) = fetch(&t, &staff_feed).await;
        assert_eq!(s, Status::Ok, "{}: {text}", t.engine);
        assert!(kind.starts_with("text/calendar"));
        let cal = parse(&text);
        check_timezone(&cal, &text);
        let first = by_uid(&cal, &format!("meeting-{}@", f.before));
        assert_eq!(local(first[0].get_start()), "20260326T193000");
        let second = by_uid(&cal, &format!("meeting-{}@", f.after));
        assert_eq!(local(second[0].get_start()), "20260402T193000");
        // Staff see the whole agenda of their zone.
        let agenda = first[0].get_description().unwrap();
        assert!(agenda.contains(&f.public_ref) && agenda.contains(&f.private_ref));
        // What the zone owes: the acknowledgement, a whole day (DTEND the day after).
        let due = by_uid(&cal, &format!("item-{}-acknowledgement@", f.waiting));
        assert_eq!(due.len(), 1, "{}: {text}", t.engine);
        assert_eq!(day(due[0].get_start()), "20260316");
        assert_eq!(day(due[0].get_end()), "20260317");
        assert!(due[0].get_summary().unwrap().contains("ALFA-2026-"));

        // A panel member, through the API: their meetings and their own items' dates.
        let a1 = t.token("a1@alfa.test").await;
        let (s, v) = t
            .json("POST", "/api/v1/me/calendar-link", Some(&a1), None)
            .await;
        assert_eq!(s, Status::Created, "{v}");
        let a1_feed = v["path"].as_str().unwrap().to_string();
        assert!(v["url"].as_str().unwrap().ends_with(&a1_feed));
        let (s, _, text) = fetch(&t, &a1_feed).await;
        assert_eq!(s, Status::Ok);
        let cal = parse(&text);
        assert_eq!(by_uid(&cal, &format!("meeting-{}@", f.after)).len(), 1);
        assert_eq!(
            by_uid(&cal, &format!("item-{}-acknowledgement@", f.waiting)).len(),
            1
        );
        // Someone of another panel waits on none of these items; another zone sees none of it.
        for (email, meetings) in [("a3@alfa.test", 2), ("staff@beta.test", 0)] {
            let token = t.token(email).await;
            let (_, v) = t
                .json("POST", "/api/v1/me/calendar-link", Some(&token), None)
                .await;
            let (s, _, text) = fetch(&t, v["path"].as_str().unwrap()).await;
            assert_eq!(s, Status::Ok);
            let cal = parse(&text);
            assert_eq!(by_uid(&cal, "meeting-").len(), meetings, "{email}: {text}");
            assert!(by_uid(&cal, "item-").is_empty(), "{email}: {text}");
        }

        // A new link revokes the old one; revoking ends the new one too.
        let (_, _, made) = t.post_as(&staff, "/account/kalender", &[], true).await;
        let newer = feed_path(&made);
        assert_ne!(newer, staff_feed);
        assert_eq!(fetch(&t, &staff_feed).await.0, Status::NotFound);
        assert_eq!(fetch(&t, &newer).await.0, Status::Ok);
        let (s, loc, _) = t
            .post_as(&staff, "/account/kalender/intrekken", &[], true)
            .await;
        assert_eq!(s, Status::SeeOther);
        assert_eq!(loc.as_deref(), Some("/account/kalender"));
        assert_eq!(fetch(&t, &newer).await.0, Status::NotFound);
        // The API's revoke: 204, then the link is gone, and a second revoke finds nothing.
        let (s, _) = t
            .json("DELETE", "/api/v1/me/calendar-link", Some(&a1), None)
            .await;
        assert_eq!(s, Status::NoContent);
        assert_eq!(fetch(&t, &a1_feed).await.0, Status::NotFound);
        let (s, _) = t
            .json("DELETE", "/api/v1/me/calendar-link", Some(&a1), None)
            .await;
        assert_eq!(s, Status::NotFound);
        // Made-up and malformed links: not found. Without a token the API says who is asking.
        let unknown = format!("/me/calendar/{}.ics", "ab".repeat(32));
        assert_eq!(fetch(&t, &unknown).await.0, Status::NotFound);
        assert_eq!(fetch(&t, "/me/calendar/abc.ics").await.0, Status::NotFound);
        assert_eq!(
            fetch(&t, &newer.replace(".ics", "")).await.0,
            Status::NotFound
        );
        let (s, _) = t.json("POST", "/api/v1/me/calendar-link", None, None).await;
        assert_eq!(s, Status::Unauthorized);
        // The account's log says when a link was made and revoked.
        let (_, account) = t.get_as(&staff, "/account").await;
        assert!(
            account.contains("Agenda-link gemaakt") && account.contains("Agenda-link ingetrokken")
        );
    }
}
