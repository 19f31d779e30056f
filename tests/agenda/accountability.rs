//! Holding the council to account (issue 18), with a fixed clock: deadlines in working days,
//! reminders and escalation once each to the right people, the panel's verdict, and every zone
//! side by side against a hand-counted fixture.

use super::*;
use burgerstem::db::notifications as n;
use burgerstem::service::zones::{self as zone_service, ZoneSettingsInput};
use chrono::{NaiveDate, TimeZone, Utc};

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

/// The kinds of everything in a person's inbox, oldest first, with whether each went by mail.
async fn inbox_of(t: &TestApp, email: &str) -> Vec<(String, bool)> {
    let id = t.user_id(email).await;
    let mut c = t.app().db.conn().await.unwrap();
    let mut v: Vec<(String, bool)> = n::inbox(&mut c.ex(), id, false, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.kind, r.email_status != "skipped"))
        .collect();
    v.reverse();
    v
}

async fn count_of(t: &TestApp, email: &str, kind: &str) -> usize {
    inbox_of(t, email)
        .await
        .iter()
        .filter(|(k, _)| k == kind)
        .count()
}

async fn settings(t: &TestApp, zone: &str, s: ZoneSettingsInput) -> Result<(), String> {
    let admin = t
        .principal(&format!("admin@{}.test", zone.to_lowercase()))
        .await;
    zone_service::update_settings(t.app(), &admin, zone, s)
        .await
        .map_err(|e| format!("{e:?}"))
}

fn working(ack_days: i64) -> ZoneSettingsInput {
    ZoneSettingsInput {
        ack_days,
        response_days: 60,
        max_response_days: 120,
        report_days: None,
        retention_days: None,
        day_kind: Some("working".into()),
        reminder_days: Some(3),
        very_overdue_days: None,
    }
}

#[rocket::async_test]
async fn a_deadline_in_working_days_skips_easter_monday_and_the_weekend() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        settings(&t, "ALFA", working(4)).await.unwrap();
        // Thursday 2 April 2026: Friday counts, the weekend and Easter Monday (6 April) do not.
        t.clock.set(at(2026, 4, 2));
        let it = item(&t, &a1, "ALFA", "burgers", "Over Pasen", true).await;
        assert_eq!(it["ack_due"], "2026-04-09", "{}: {it}", t.engine);
        let id = it["id"].as_i64().unwrap();

        // The zone's own closing day is skipped too.
        let admin = t.principal("admin@alfa.test").await;
        zone_service::add_closing_day(t.app(), &admin, "ALFA", "2026-04-08", "Brugdag")
            .await
            .unwrap();
        let second = item(&t, &a1, "ALFA", "burgers", "Met brugdag", true).await;
        assert_eq!(second["ack_due"], "2026-04-10");

        // Back to calendar days: the deadlines already given stay; a new one counts every day.
        let mut s = working(4);
        s.day_kind = Some("calendar".into());
        settings(&t, "ALFA", s).await.unwrap();
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a1), None)
            .await;
        assert_eq!(v["ack_due"], "2026-04-09", "a given deadline never moves");
        let third = item(&t, &a1, "ALFA", "burgers", "Kalenderdagen", true).await;
        assert_eq!(third["ack_due"], "2026-04-06");

        // Bad input: named beside the field, nothing written.
        let before = t
            .get_as(
                &t.web_session("admin@alfa.test").await,
                "/zones/ALFA/manage",
            )
            .await
            .1;
        let err = zone_service::add_closing_day(t.app(), &admin, "ALFA", "1999-12-25", "Kerst")
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("closing_day"), "{err:?}");
        let mut s = working(4);
        s.reminder_days = Some(4);
        let err = settings(&t, "ALFA", s).await.unwrap_err();
        assert!(
            err.contains("reminder_days") && err.contains("error-reminder-margin"),
            "{err}"
        );
        let after = t
            .get_as(
                &t.web_session("admin@alfa.test").await,
                "/zones/ALFA/manage",
            )
            .await
            .1;
        assert!(!after.contains("1999-12-25") && before.contains("Brugdag"));
        // The manage page keeps the holiday table in view, Easter Monday included.
        assert!(
            after.contains("Paasmaandag"),
            "the computed holidays are shown"
        );
    }
}

#[rocket::async_test]
async fn reminder_overdue_and_very_overdue_each_once_to_the_right_people() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let admin = t.principal("admin@alfa.test").await;
        settings(&t, "ALFA", working(4)).await.unwrap();
        let raad = t.user_id("raad@alfa.test").await;
        zone_service::set_chair(t.app(), &admin, "ALFA", raad, true)
            .await
            .unwrap();
        let staff = t.token("staff@alfa.test").await;
        let m = meeting(&t, &staff, "2026-06-10T19:30").await;
        t.clock.set(at(2026, 4, 2));
        let id = item(&t, &a1, "ALFA", "burgers", "Niemand antwoordt", true).await["id"]
            .as_i64()
            .unwrap();
        let _ = m;

        // Day by day through the keeper, as the server runs it (every minute, many times a day).
        let mut day = NaiveDate::from_ymd_opt(2026, 4, 2).unwrap();
        let mut seen: Vec<(NaiveDate, &'static str)> = vec![];
        let mut last = (0, 0, 0);
        while day <= NaiveDate::from_ymd_opt(2026, 5, 12).unwrap() {
            for hour in [6, 14] {
                t.clock
                    .set(Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap()));
                run_due_jobs(t.app()).await.unwrap();
            }
            let now = (
                count_of(&t, "staff@alfa.test", "reminder").await,
                count_of(&t, "a2@alfa.test", "overdue").await,
                count_of(&t, "admin@alfa.test", "very-overdue").await,
            );
            if now.0 > last.0 {
                seen.push((day, "reminder"));
            }
            if now.1 > last.1 {
                seen.push((day, "overdue"));
            }
            if now.2 > last.2 {
                seen.push((day, "very-overdue"));
            }
            last = now;
            day = day.succ_opt().unwrap();
        }
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // Due Thursday 9 April. Reminder three working days before (8, 7, Easter Monday
        // skipped, 3): Friday 3 April. Overdue the day after. Very overdue at 20 working days
        // late, Labour Day (1 May) skipped: Friday 8 May.
        assert_eq!(
            seen,
            vec![
                (d(4, 3), "reminder"),
                (d(4, 10), "overdue"),
                (d(5, 8), "very-overdue")
            ],
            "{}",
            t.engine
        );
        // Each once, to the right people, by mail where it asks them to act.
        let staff_box = inbox_of(&t, "staff@alfa.test").await;
        assert!(staff_box.contains(&("reminder".into(), true)));
        for who in ["a1@alfa.test", "a2@alfa.test"] {
            assert_eq!(count_of(&t, who, "overdue").await, 1, "{who}");
            assert!(inbox_of(&t, who).await.contains(&("overdue".into(), true)));
            assert_eq!(count_of(&t, who, "reminder").await, 0, "{who}");
        }
        for who in ["admin@alfa.test", "raad@alfa.test"] {
            assert!(
                inbox_of(&t, who)
                    .await
                    .contains(&("very-overdue".into(), true)),
                "{who} hears by mail"
            );
            assert_eq!(count_of(&t, who, "very-overdue").await, 1, "{who}");
        }
        assert_eq!(count_of(&t, "raad@alfa.test", "overdue").await, 0);
        for who in ["a3@alfa.test", "admin@beta.test", "raad@beta.test"] {
            assert!(inbox_of(&t, who).await.is_empty(), "{who}");
        }
        let tl = kinds(&t, &a1, id).await;
        for k in ["reminder", "overdue", "very-overdue"] {
            assert_eq!(tl.iter().filter(|x| *x == k).count(), 1, "{k} in {tl:?}");
        }
        // The council prepares its next meeting with the item in view.
        let raad_token = t.token("raad@alfa.test").await;
        let (_, mj) = t
            .json(
                "GET",
                &format!("/api/v1/meetings/{m}"),
                Some(&raad_token),
                None,
            )
            .await;
        assert_eq!(mj["very_overdue"][0]["id"], id, "{mj}");
        let page = t
            .get_as(
                &t.web_session("raad@alfa.test").await,
                &format!("/meetings/{m}"),
            )
            .await
            .1;
        assert!(page.contains("Te laat, nog niet beantwoord"));
        assert!(page.contains("Niemand antwoordt"));
        // The administrator sees who chairs, and can hand it on.
        let admin_web = t.web_session("admin@alfa.test").await;
        let manage = t.get_as(&admin_web, "/zones/ALFA/manage").await.1;
        assert!(manage.contains("raad van ALFA is niet langer voorzitter"));
        zone_service::set_chair(t.app(), &admin, "ALFA", raad, false)
            .await
            .unwrap();
        let manage = t.get_as(&admin_web, "/zones/ALFA/manage").await.1;
        assert!(manage.contains("raad van ALFA voorzitter maken"));
    }
}

#[rocket::async_test]
async fn a_question_to_the_panel_is_reminded_after_five_working_days() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let id = item(&t, &a1, "ALFA", "burgers", "Onduidelijk", true).await["id"]
            .as_i64()
            .unwrap();
        // Monday 2 March: asked. Five working days later: Monday 9 March.
        ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "request-clarification", "text": "Welke straat?"}),
        )
        .await;
        for (day, expect) in [(6, 0), (8, 0), (9, 1), (10, 1), (16, 1)] {
            t.clock.set(at(2026, 3, day));
            run_due_jobs(t.app()).await.unwrap();
            assert_eq!(
                count_of(&t, "a2@alfa.test", "clarification-reminder").await,
                expect,
                "{}: 2026-03-{day}",
                t.engine
            );
        }
        let tl = kinds(&t, &a1, id).await;
        assert_eq!(
            tl.iter().filter(|k| *k == "clarification-reminder").count(),
            1
        );
    }
}

async fn verdict(t: &TestApp, token: &str, id: i64, body: Value) -> (Status, Value) {
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/verdict"),
        Some(token),
        Some(body),
    )
    .await
}

async fn figures(t: &TestApp) -> Value {
    let (s, f) = t
        .json(
            "GET",
            "/api/v1/zones/ALFA/figures?from=2026-01-01&to=2026-12-31",
            None,
            None,
        )
        .await;
    assert_eq!(s, Status::Ok);
    f
}

#[rocket::async_test]
async fn the_panels_verdict_counts_and_the_council_can_reply() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let raad = t.token("raad@alfa.test").await;
        let id = item(&t, &a1, "ALFA", "burgers", "Een oordeel", true).await["id"]
            .as_i64()
            .unwrap();
        make_public(&t, &a1, id).await;
        let (s, _) = verdict(&t, &a1, id, json!({"verdict": "answered"})).await;
        assert_eq!(s, Status::Conflict, "nothing answered yet");
        ok_mv(&t, &staff, id, json!({"action": "acknowledge"})).await;
        ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "not-accepted", "reasons": "Geen budget."}),
        )
        .await;
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a1), None)
            .await;
        assert_eq!(v["verdict"]["state"], "open", "{v}");
        // 2 March + 15 working days (no holidays in March 2026): 23 March.
        assert_eq!(v["verdict"]["due"], "2026-03-23");

        // Outsiders and nonsense: a field message, nothing written.
        let before = kinds(&t, &a1, id).await.len();
        for (token, body) in [
            (&staff, json!({"verdict": "answered"})),
            (
                &t.token("a3@alfa.test").await,
                json!({"verdict": "answered"}),
            ),
            (&a2, json!({"verdict": "ja"})),
        ] {
            let (s, v) = verdict(&t, token, id, body).await;
            assert_eq!(s, Status::UnprocessableEntity, "{}: {v}", t.engine);
            assert!(v["error"]["fields"]["verdict"].is_string(), "{v}");
        }
        assert_eq!(kinds(&t, &a1, id).await.len(), before);

        // "Not answered": the council owes a reply; once per answer.
        let (s, v) = verdict(
            &t,
            &a2,
            id,
            json!({"verdict": "not-answered", "reason": "Waarom geen budget?"}),
        )
        .await;
        assert_eq!(s, Status::Created, "{v}");
        assert_eq!(v["state"], "awaiting-reply");
        assert_eq!(v["latest"]["reason"], "Waarom geen budget?");
        assert_eq!(
            v["latest"]["reply_due"], "2026-03-16",
            "14 days, as an acknowledgement"
        );
        let (s, _) = verdict(&t, &a1, id, json!({"verdict": "answered"})).await;
        assert_eq!(s, Status::Conflict);
        assert!(count_of(&t, "staff@alfa.test", "verdict-given").await == 1);
        let f = figures(&t).await;
        assert_eq!(f["verdicts"]["not_answered"], 1, "{f}");
        assert_eq!(f["answered_percent"], 0);

        // The council replies; the panel judges again, and the figures follow.
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/verdict-reply"),
                Some(&a1),
                Some(json!({"reply": "x"})),
            )
            .await;
        assert_eq!(s, Status::Forbidden, "{v}");
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/verdict-reply"),
                Some(&raad),
                Some(json!({"reply": " "})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(v["error"]["fields"]["reply"].is_string());
        t.clock.advance(Duration::days(2));
        let (s, v) = t
            .json("POST", &format!("/api/v1/items/{id}/verdict-reply"), Some(&raad), Some(json!({"reply": "De gemeente heeft dit jaar geen ruimte; volgend jaar opnieuw."})))
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["state"], "open");
        assert_eq!(count_of(&t, "a2@alfa.test", "verdict-answered").await, 1);
        let (s, v) = verdict(&t, &a1, id, json!({"verdict": "answered"})).await;
        assert_eq!(s, Status::Created, "{v}");
        assert_eq!(v["state"], "given");
        assert_eq!(v["history"].as_array().unwrap().len(), 2);
        let f = figures(&t).await;
        assert_eq!(f["verdicts"]["answered"], 1, "{f}");
        assert_eq!(
            f["verdicts"]["not_answered"], 0,
            "the latest verdict counts"
        );
        assert_eq!(f["answered_percent"], 100);
        // The item page shows it to a visitor too, in words.
        let page = t.get_as(&t.anonymous(), &format!("/items/{id}")).await.1;
        assert!(
            page.contains("De gemeente heeft dit jaar geen ruimte"),
            "the reply is public with the item"
        );

        // A second item nobody judges: after 15 working days it keeps "geen oordeel".
        let other = item(&t, &a1, "ALFA", "burgers", "Zonder oordeel", true).await["id"]
            .as_i64()
            .unwrap();
        ok_mv(&t, &staff, other, json!({"action": "acknowledge"})).await;
        ok_mv(
            &t,
            &staff,
            other,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Goed."}),
        )
        .await;
        assert_eq!(figures(&t).await["verdicts"]["pending"], 1);
        t.clock.advance(Duration::days(22));
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{other}"), Some(&a1), None)
            .await;
        assert_eq!(v["verdict"]["state"], "no-verdict");
        let (s, _) = verdict(&t, &a1, other, json!({"verdict": "answered"})).await;
        assert_eq!(s, Status::Conflict, "too late to judge");
        let f = figures(&t).await;
        assert_eq!(f["verdicts"]["no_verdict"], 1, "{f}");
        assert_eq!(f["answered_percent"], 100, "no verdict is no judgement");
    }
}

/// ALFA, five items brought in on Monday 5 January 2026 (hand count, working days):
/// P acknowledged at once (0), decided Friday 9 January (4), judged answered;
/// Q acknowledged at once (0), decided Monday 19 January (10), judged partly answered;
/// R acknowledged Wednesday 7 January (2); S acknowledged Monday 12 January (5);
/// T never acknowledged: due 19 January, on 2 March 30 working days late (very overdue).
/// Medians: acknowledgement [0, 0, 2, 5] = 1, decision [4, 10] = 7; on time 2 of 2 = 100 %;
/// answered 1 of 2 judged = 50 %. BETA: two items today, too few for rates.
#[rocket::async_test]
async fn every_zone_side_by_side_as_counted_by_hand() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        t.clock.set(at(2026, 1, 5));
        let mut ids = vec![];
        for title in ["P", "Q", "R", "S", "T"] {
            ids.push(
                item(&t, &a1, "ALFA", "burgers", title, true).await["id"]
                    .as_i64()
                    .unwrap(),
            );
        }
        let [p, q, r, s, _t] = ids[..] else {
            unreachable!()
        };
        let ack = json!({"action": "acknowledge"});
        ok_mv(&t, &staff, p, ack.clone()).await;
        ok_mv(&t, &staff, q, ack.clone()).await;
        t.clock.set(at(2026, 1, 7));
        ok_mv(&t, &staff, r, ack.clone()).await;
        t.clock.set(at(2026, 1, 9));
        ok_mv(
            &t,
            &staff,
            p,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Ja."}),
        )
        .await;
        t.clock.set(at(2026, 1, 12));
        ok_mv(&t, &staff, s, ack.clone()).await;
        let (st, v) = verdict(&t, &a1, p, json!({"verdict": "answered"})).await;
        assert_eq!(st, Status::Created, "{v}");
        t.clock.set(at(2026, 1, 19));
        ok_mv(
            &t,
            &staff,
            q,
            json!({"action": "decide", "outcome": "partly-accepted", "reasons": "Deels."}),
        )
        .await;
        let (st, v) = verdict(&t, &a1, q, json!({"verdict": "partly-answered"})).await;
        assert_eq!(st, Status::Created, "{v}");
        t.clock.set(at(2026, 3, 2));
        let b = t.token("a1@beta.test").await;
        for title in ["B1", "B2"] {
            item(&t, &b, "BETA", "burgers", title, true).await;
        }

        let (st, v) = t
            .json("GET", "/api/v1/zones/figures?year=2026", None, None)
            .await;
        assert_eq!(st, Status::Ok, "public: {v}");
        assert_eq!(v["sort"], "name");
        let z = &v["zones"];
        assert_eq!(z[0]["code"], "ALFA", "by name: {v}");
        let alfa = &z[0];
        assert_eq!(alfa["submitted"], 5, "{}: {alfa}", t.engine);
        assert_eq!(alfa["median_working_days_to_acknowledgement"], 1.0);
        assert_eq!(alfa["median_working_days_to_decision"], 7.0);
        assert_eq!(alfa["decided_on_time_percent"], 100);
        assert_eq!(alfa["overdue_now"], 1);
        assert_eq!(alfa["very_overdue_now"], 1);
        assert_eq!(alfa["verdicts"]["answered"], 1);
        assert_eq!(alfa["verdicts"]["partly_answered"], 1);
        assert_eq!(alfa["answered_percent"], 50);
        assert_eq!(alfa["enough_data"], true);
        assert_eq!(z[1]["code"], "BETA");
        assert_eq!(z[1]["submitted"], 2);
        assert_eq!(z[1]["enough_data"], false);

        // Sorted by a figure, best first: fewer late items first.
        let (_, v) = t
            .json(
                "GET",
                "/api/v1/zones/figures?year=2026&sort=overdue-now",
                None,
                None,
            )
            .await;
        assert_eq!(v["zones"][0]["code"], "BETA", "{v}");
        let (_, v) = t
            .json(
                "GET",
                "/api/v1/zones/figures?year=2026&sort=answered",
                None,
                None,
            )
            .await;
        assert_eq!(
            v["zones"][0]["code"], "ALFA",
            "a zone with too few items sorts last"
        );
        for bad in ["year=1999", "year=2027", "year=twee", "sort=x"] {
            let (st, v) = t
                .json("GET", &format!("/api/v1/zones/figures?{bad}"), None, None)
                .await;
            assert_eq!(st, Status::UnprocessableEntity, "{bad}: {v}");
            let field = bad.split('=').next().unwrap();
            assert!(v["error"]["fields"][field].is_string(), "{bad}: {v}");
        }

        // The page for everyone, and the open data.
        let (st, page) = t.get_as(&t.anonymous(), "/zones?year=2026").await;
        assert_eq!(st, Status::Ok);
        assert!(page.contains("ELZ ALFA") && page.contains("ELZ BETA"));
        assert!(page.contains("Te weinig gegevens"), "BETA has two items");
        assert!(
            page.contains("50 %") || page.contains("50&nbsp;%"),
            "answered share shown"
        );
        let (st, csv) = t
            .get_as(&t.anonymous(), "/zones/figures.csv?year=2026")
            .await;
        assert_eq!(st, Status::Ok);
        let mut lines = csv.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .split(',')
            .collect();
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(col("zone"), "ALFA");
        assert_eq!(col("brought_in"), "5");
        assert_eq!(col("median_working_days_to_decision"), "7");
        assert_eq!(col("answered_percent"), "50");
        assert_eq!(col("very_overdue_now"), "1");
    }
}
