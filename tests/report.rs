//! The zone report against a hand-counted fixture, its page with charts and tables, and who may
//! read it.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

async fn ok(t: &TestApp, method: &str, path: &str, token: Option<&str>, body: Value) -> Value {
    let (s, v) = t.json(method, path, token, Some(body.clone())).await;
    assert!(
        s == Status::Ok || s == Status::Created,
        "{}: {method} {path} {body} -> {s}: {v}",
        t.engine
    );
    v
}

async fn mv(t: &TestApp, token: &str, id: i64, body: Value) {
    ok(
        t,
        "POST",
        &format!("/api/v1/items/{id}/transitions"),
        Some(token),
        body,
    )
    .await;
}

async fn last_action(t: &TestApp, token: &str, item: i64) -> i64 {
    let (_, it) = t
        .json("GET", &format!("/api/v1/items/{item}"), Some(token), None)
        .await;
    it["actions"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The fixture, counted by hand (period 1 January to 30 June 2026, report read on 12 March):
///
/// | item | panel   | submitted | acknowledged | decided            | response due |
/// |------|---------|-----------|--------------|--------------------|--------------|
/// | e    | burgers | 2025-12-20| 2025-12-22   | 2026-01-29 not-acc | 2026-02-15   |
/// | a    | burgers | 2026-01-05| 2026-01-12 (7)| 2026-01-15 acc (10)| 2026-01-20  |
/// | b    | burgers | 2026-01-10| 2026-01-12 (2)| 2026-03-11 ref (60)| 2026-02-09  |
/// | c    | pzon    | 2026-02-01| –            | –                  | (ack due 02-15: overdue) |
/// | d    | burgers | 2026-03-01| 2026-03-11 (10)| –                |              |
///
/// Brought in: burgers 3, pzon 1. To acknowledgement: 2, 7, 10 → median 7, p90 10. To decision
/// (decided in the period: e 40, a 10, b 60) → median 40, p90 60; on time e and a: 2 of 3, 67 %.
/// Decisions: accepted, not-accepted, referred, 1 each. Overdue now: c. Actions planned in the
/// period, all on a (the only accepted one): done, due 1 March (late), due 1 April (open). One consultation
/// asked of two panels: burgers gave advice and got a report back, pzon did not answer; one asked
/// in December is outside. Signals: two received in February, one set aside.
#[rocket::async_test]
async fn the_report_matches_a_hand_count() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a3 = t.token("a3@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap();
        let submit = |when, token: String, panel: &'static str| {
            let t = &t;
            async move {
                t.clock.set(when);
                item(t, &token, "ALFA", panel, "Cijfer", true).await["id"]
                    .as_i64()
                    .unwrap()
            }
        };
        let ask = |due: &'static str| json!({"title": "Vraag", "question": "Wat vindt u?", "advice_due": due, "panels": ["burgers", "pzon"]});

        t.clock.set(at(2025, 12, 1));
        ok(
            &t,
            "POST",
            "/api/v1/zones/ALFA/consultations",
            Some(&staff),
            ask("2025-12-20"),
        )
        .await;
        let e = submit(at(2025, 12, 20), a1.clone(), "burgers").await;
        t.clock.set(at(2025, 12, 22));
        mv(
            &t,
            &staff,
            e,
            json!({"action": "acknowledge", "due": "2026-02-15"}),
        )
        .await;
        let a = submit(at(2026, 1, 5), a1.clone(), "burgers").await;
        let b = submit(at(2026, 1, 10), a1.clone(), "burgers").await;
        t.clock.set(at(2026, 1, 12));
        mv(
            &t,
            &staff,
            a,
            json!({"action": "acknowledge", "due": "2026-01-20"}),
        )
        .await;
        mv(
            &t,
            &staff,
            b,
            json!({"action": "acknowledge", "due": "2026-02-09"}),
        )
        .await;
        t.clock.set(at(2026, 1, 15));
        mv(
            &t,
            &staff,
            a,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Ja."}),
        )
        .await;
        t.clock.set(at(2026, 1, 16));
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{a}/actions"),
            Some(&staff),
            json!({"what": "Bank plaatsen", "responsible": "Gemeente", "due": "2026-02-01"}),
        )
        .await;
        let action_a = last_action(&t, &staff, a).await;
        ok(
            &t,
            "POST",
            &format!("/api/v1/actions/{action_a}/updates"),
            Some(&staff),
            json!({"percent": 100, "note": "Geplaatst.", "done": true}),
        )
        .await;
        // Two more actions on a: one due 1 March (late by the 12th), one due 1 April (open).
        for due in ["2026-03-01", "2026-04-01"] {
            ok(
                &t,
                "POST",
                &format!("/api/v1/items/{a}/actions"),
                Some(&staff),
                json!({"what": "Nog iets", "responsible": "ELZ", "due": due}),
            )
            .await;
        }
        t.clock.set(at(2026, 1, 29));
        mv(&t, &staff, e, json!({"action": "decide", "outcome": "not-accepted", "reasons": "Nee, omdat het niet kan."})).await;
        let _c = submit(at(2026, 2, 1), a3.clone(), "pzon").await;
        t.clock.set(at(2026, 2, 2));
        let cons = ok(
            &t,
            "POST",
            "/api/v1/zones/ALFA/consultations",
            Some(&staff),
            ask("2026-02-28"),
        )
        .await;
        let cid = cons["id"].as_i64().unwrap();
        t.clock.set(at(2026, 2, 5));
        for text in [
            "Te weinig parkeerplaats bij het wijkgezondheidscentrum.",
            "Niemand neemt de telefoon op.",
        ] {
            ok(
                &t,
                "POST",
                "/api/v1/zones/ALFA/signals",
                None,
                json!({"text": text}),
            )
            .await;
        }
        t.clock.set(at(2026, 2, 10));
        ok(
            &t,
            "PUT",
            &format!("/api/v1/consultations/{cid}/advice"),
            Some(&a1),
            json!({"panel": "burgers", "text": "Meer uren."}),
        )
        .await;
        ok(
            &t,
            "POST",
            &format!("/api/v1/consultations/{cid}/submit"),
            Some(&a1),
            json!({"panel": "burgers"}),
        )
        .await;
        let (_, signals) = t
            .json("GET", "/api/v1/zones/ALFA/signals", Some(&staff), None)
            .await;
        let sid = signals["signals"][0]["id"].as_i64().expect("signal id");
        ok(
            &t,
            "POST",
            &format!("/api/v1/signals/{sid}/triage"),
            Some(&staff),
            json!({"action": "set-aside", "reason": "Dat regelt de gemeente."}),
        )
        .await;
        let d = submit(at(2026, 3, 1), a1.clone(), "burgers").await;
        t.clock.set(at(2026, 3, 1) + chrono::Duration::hours(2));
        ok(&t, "POST", &format!("/api/v1/consultations/{cid}/report-back"), Some(&staff),
           json!({"panel": "burgers", "points": [{"point": 1, "outcome": "followed", "reasons": "Vanaf april."}]})).await;
        t.clock.set(at(2026, 3, 11));
        mv(&t, &staff, b, json!({"action": "decide", "outcome": "referred", "reasons": "Dit is voor de gemeente.", "referred_to": "Gemeente"})).await;
        mv(&t, &staff, d, json!({"action": "acknowledge"})).await;
        t.clock.set(at(2026, 3, 12));

        let (s, r) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/report?from=2026-01-01&to=2026-06-30",
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{r}");
        let e = &t.engine;
        assert_eq!(r["brought_in_total"], 4, "{e}: {r}");
        assert_eq!(
            r["brought_in"],
            json!([{"panel": "Burgerplatform", "kind": "proposal", "n": 3},
                   {"panel": "PZON-cluster", "kind": "proposal", "n": 1}]),
            "{e}"
        );
        assert_eq!(
            r["to_acknowledgement"],
            json!({"count": 3, "median_days": 7.0, "p90_days": 10})
        );
        assert_eq!(
            r["to_decision"],
            json!({"count": 3, "median_days": 40.0, "p90_days": 60})
        );
        assert_eq!(r["decided_on_time"], 2);
        assert_eq!(r["decided_on_time_percent"], 67);
        assert_eq!(
            r["decisions"],
            json!([{"key": "accepted", "n": 1}, {"key": "not-accepted", "n": 1}, {"key": "referred", "n": 1}])
        );
        assert_eq!(r["overdue_now"], 1);
        assert_eq!(
            (
                r["actions_done"].clone(),
                r["actions_open"].clone(),
                r["actions_late"].clone()
            ),
            (json!(1), json!(1), json!(1))
        );
        assert_eq!(r["consultations"], 1);
        assert_eq!(r["advices_asked"], 2);
        assert_eq!(r["advices_given"], 1);
        assert_eq!(r["advices_reported"], 1);
        assert_eq!(r["reports_late"], 0);
        assert_eq!(r["signals_total"], 2);
        assert_eq!(
            r["signals"],
            json!([{"key": "new", "n": 1}, {"key": "set-aside", "n": 1}])
        );

        // December alone: one item brought in, one consultation, nothing decided.
        let (_, dec) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/report?from=2025-12-01&to=2025-12-31",
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(dec["brought_in_total"], 1);
        assert_eq!(dec["consultations"], 1);
        assert_eq!(dec["to_decision"]["count"], 0);
        assert_eq!(dec["decided_on_time_percent"], Value::Null);

        // The default period is last calendar year (2025 on 12 March 2026).
        let (_, last_year) = t
            .json("GET", "/api/v1/zones/ALFA/report", Some(&staff), None)
            .await;
        assert_eq!(
            (last_year["from"].clone(), last_year["to"].clone()),
            (json!("2025-01-01"), json!("2025-12-31"))
        );
        assert_eq!(last_year["brought_in_total"], 1);

        // Citizens and other zones do not read it; a bad period is a clear 422.
        let (s, _) = t
            .json("GET", "/api/v1/zones/ALFA/report", Some(&a1), None)
            .await;
        assert_eq!(s, Status::Forbidden);
        let beta = t.token("staff@beta.test").await;
        let (s, _) = t
            .json("GET", "/api/v1/zones/ALFA/report", Some(&beta), None)
            .await;
        assert_eq!(s, Status::NotFound);
        let (s, v) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/report?from=2026-06-30&to=2026-01-01",
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");
    }
}

#[rocket::async_test]
async fn the_report_page_draws_charts_beside_tables() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    item(&t, &a1, "ALFA", "burgers", "Een <b>titel</b>", true).await;
    item(&t, &a1, "ALFA", "burgers", "Nog een", true).await;
    let staff = t.web_session("staff@alfa.test").await;
    let (s, page) = t.get_as(&staff, "/zones/ALFA/report?year=2026").await;
    assert_eq!(s, Status::Ok);
    assert!(
        page.contains("Van 1 januari 2026 tot en met 31 december 2026."),
        "{page}"
    );
    assert!(page.contains("2 punten ingediend"));
    assert_eq!(
        page.matches("<svg class=\"chart\"").count(),
        4,
        "four charts"
    );
    assert!(page.contains("role=\"img\" aria-labelledby=\"chart-panels-title\""));
    assert!(page.contains("<caption>Ingediende punten per panel en soort</caption>"));
    assert!(
        page.contains("<td>Burgerplatform</td><td>voorstel</td><td>2</td>"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no inline script for charts");
    let (s, page) = t.get_as(&staff, "/zones/ALFA/report?from=gisteren").await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(page.contains("Vul een datum in"), "{page}");
    let a1_web = t.web_session("a1@alfa.test").await;
    assert_eq!(
        t.get_as(&a1_web, "/zones/ALFA/report").await.0,
        Status::Forbidden
    );
}
