//! The citizen agenda: one item through the whole loop, every kind of overdue with a frozen
//! clock, and the zone's figures against a hand-counted fixture.

mod common;

#[path = "agenda/accountability.rs"]
mod accountability;
#[path = "agenda/calendar.rs"]
mod calendar;
#[path = "agenda/search.rs"]
mod search;

use burgerstem::service::deadlines::run_due_jobs;
use chrono::Duration;
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

async fn mv(t: &TestApp, token: &str, id: i64, body: Value) -> (Status, Value) {
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/transitions"),
        Some(token),
        Some(body),
    )
    .await
}

async fn ok_mv(t: &TestApp, token: &str, id: i64, body: Value) -> Value {
    let (s, v) = mv(t, token, id, body.clone()).await;
    assert_eq!(s, Status::Ok, "{}: {body} -> {v}", t.engine);
    v
}

async fn kinds(t: &TestApp, token: &str, id: i64) -> Vec<String> {
    let (_, tl) = t
        .json(
            "GET",
            &format!("/api/v1/items/{id}/timeline"),
            Some(token),
            None,
        )
        .await;
    tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn meeting(t: &TestApp, staff: &str, at: &str) -> i64 {
    let (s, m) = t
        .json("POST", "/api/v1/zones/ALFA/meetings", Some(staff), Some(json!({"starts_at": at, "place": "Gemeentehuis, zaal 2", "other_points": "Begroting"})))
        .await;
    assert_eq!(s, Status::Created, "{m}");
    m["id"].as_i64().unwrap()
}

#[rocket::async_test]
async fn one_item_through_the_whole_loop() {
    for t in engines().await {
        seed(&t).await;
        let (a1, a2) = (t.token("a1@alfa.test").await, t.token("a2@alfa.test").await);
        let staff = t.token("staff@alfa.test").await;
        let raad = t.token("raad@alfa.test").await;
        // Monday 2 March 2026: submitted; acknowledgement due 14 days later.
        let it = item(&t, &a1, "ALFA", "burgers", "Een bank bij de bushalte", true).await;
        let id = it["id"].as_i64().unwrap();
        assert_eq!(it["ack_due"], "2026-03-16");
        assert_eq!(it["deadline"]["deadline"], "acknowledgement");

        // Wrong roles and wrong states: 409/403 with a clear message, nothing changes.
        let before = kinds(&t, &a1, id).await.len();
        let (s, v) = mv(&t, &a1, id, json!({"action": "acknowledge"})).await;
        assert_eq!(s, Status::Forbidden, "{v}");
        let (s, _) = mv(&t, &staff, id, json!({"action": "withdraw"})).await;
        assert_eq!(s, Status::Forbidden);
        let (s, v) = mv(&t, &staff, id, json!({"action": "schedule", "meeting": 1})).await;
        assert_eq!(s, Status::Conflict, "not acknowledged yet: {v}");
        assert_eq!(
            v["error"]["message"],
            "Dat kan niet in de huidige stand van dit punt."
        );
        let (s, _) = mv(&t, &staff, id, json!({"action": "fly"})).await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert_eq!(kinds(&t, &a1, id).await.len(), before, "nothing written");

        // Acknowledge, due at a chosen council meeting.
        let m1 = meeting(&t, &staff, "2026-04-15T19:30").await;
        let (s, v) = mv(
            &t,
            &staff,
            id,
            json!({"action": "acknowledge", "due": "2027-01-01"}),
        )
        .await;
        assert_eq!(
            s,
            Status::UnprocessableEntity,
            "beyond the zone's maximum: {v}"
        );
        t.clock.advance(Duration::days(3));
        let v = ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "acknowledge", "meeting": m1}),
        )
        .await;
        assert_eq!(v["status"], "acknowledged");
        assert_eq!(v["response_due"], "2026-04-15");

        // A clarification round: the clock stands still for the five days the panel takes.
        let v = ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "request-clarification", "text": "Welke bushalte bedoelt u?"}),
        )
        .await;
        assert_eq!(v["status"], "clarification-requested");
        assert!(
            v["deadline"].is_null(),
            "no deadline while waiting on the panel"
        );
        t.clock.advance(Duration::days(5));
        let (s, _) = mv(
            &t,
            &staff,
            id,
            json!({"action": "answer-clarification", "text": "x"}),
        )
        .await;
        assert_eq!(s, Status::Forbidden);
        let v = ok_mv(
            &t,
            &a2,
            id,
            json!({"action": "answer-clarification", "text": "De halte aan de kerk."}),
        )
        .await;
        assert_eq!(v["status"], "acknowledged");
        assert_eq!(v["response_due"], "2026-04-20");

        // Scheduled on the meeting; council sees it on the agenda.
        let v = ok_mv(&t, &staff, id, json!({"action": "schedule", "meeting": m1})).await;
        assert_eq!(v["meeting"]["id"], m1);
        let (s, mj) = t
            .json("GET", &format!("/api/v1/meetings/{m1}"), Some(&raad), None)
            .await;
        assert_eq!(s, Status::Ok);
        assert_eq!(mj["agenda"][0]["reference"], it["reference"]);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/reactions"),
                Some(&raad),
                Some(json!({"text": "Goed punt."})),
            )
            .await;
        assert_eq!(s, Status::Created, "council members comment");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/reactions"),
                Some(&a2),
                Some(json!({"text": "Ik zie het anders.", "own_view": true})),
            )
            .await;
        assert_eq!(s, Status::Created);

        // Before the meeting has begun there is nothing to write up: no minutes, no "held".
        for (path, body) in [
            (
                format!("/api/v1/meetings/{m1}/minutes"),
                Some(json!({"item": id, "summary": "Te vroeg."})),
            ),
            (format!("/api/v1/meetings/{m1}/held"), None),
        ] {
            let (s, v) = t.json("POST", &path, Some(&staff), body).await;
            assert_eq!(
                s,
                Status::Conflict,
                "{}: {path} before the meeting: {v}",
                t.engine
            );
            assert!(v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("nog niet begonnen"));
        }
        let (s, _) = mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Te vroeg."}),
        )
        .await;
        assert_eq!(
            s,
            Status::Conflict,
            "{}: a decision waits for the meeting",
            t.engine
        );

        // The meeting: minutes, confirmed by one, corrected by another.
        t.clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 4, 15, 20, 0, 0).unwrap());
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/meetings/{m1}/minutes"),
                Some(&a1),
                Some(json!({"item": id, "summary": "x"})),
            )
            .await;
        assert_eq!(s, Status::Forbidden);
        let (s, v) = t
            .json("POST", &format!("/api/v1/meetings/{m1}/minutes"), Some(&staff), Some(json!({"item": id, "summary": "De zorgraad vindt het een goed idee maar wil eerst de kosten kennen."})))
            .await;
        assert_eq!(s, Status::Created, "{v}");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/meetings/{m1}/held"),
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/minutes-responses"),
                Some(&a1),
                Some(json!({"confirm": true})),
            )
            .await;
        assert_eq!(s, Status::Created);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/minutes-responses"),
                Some(&a1),
                Some(json!({"confirm": true})),
            )
            .await;
        assert_eq!(s, Status::Conflict, "confirmed once");
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/minutes-responses"),
                Some(&a2),
                Some(json!({"correction": "We zeiden ook dat de halte geen schaduw heeft."})),
            )
            .await;
        assert_eq!(s, Status::Created);
        assert_eq!(
            v["minutes"][0]["corrections"][0]["text"],
            "We zeiden ook dat de halte geen schaduw heeft."
        );
        assert_eq!(
            v["minutes"][0]["confirmations"].as_array().unwrap().len(),
            1
        );

        // Postponed: a review date is required, and the item comes back as due then.
        let (s, v) = mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "postponed", "reasons": "Eerst de kosten."}),
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(v["error"]["fields"]["review_date"].is_string());
        let (s, v) = mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "accepted", "reasons": " "}),
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity, "reasons are required: {v}");
        let v = ok_mv(&t, &staff, id, json!({"action": "decide", "outcome": "postponed", "reasons": "We vragen eerst een prijs aan de gemeente.", "review_date": "2026-05-20"})).await;
        assert_eq!(v["status"], "postponed");
        assert_eq!(v["due"], "2026-05-20");
        assert_eq!(v["deadline"]["deadline"], "review");
        t.clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 5, 22, 8, 0, 0).unwrap());
        let r = run_due_jobs(t.app()).await.unwrap();
        assert!(r.marked_overdue >= 1);
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a1), None)
            .await;
        assert_eq!(v["overdue_days"], 2, "due 20 May, on 22 May two days late");

        // Back on an agenda, decided, the decision corrected: both stay visible.
        let m2 = meeting(&t, &staff, "2026-06-03T19:30").await;
        ok_mv(&t, &staff, id, json!({"action": "schedule", "meeting": m2})).await;
        t.clock
            .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 6, 3, 19, 0, 0).unwrap());
        let v = ok_mv(&t, &staff, id, json!({"action": "decide", "outcome": "accepted", "reasons": "De gemeente betaalt de bank."})).await;
        assert_eq!(v["status"], "decided");
        let (s, _) = mv(
            &t,
            &staff,
            id,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Nog eens"}),
        )
        .await;
        assert_eq!(
            s,
            Status::Conflict,
            "a decision is final; corrections are their own move"
        );
        let v = ok_mv(&t, &staff, id, json!({"action": "correct-decision", "outcome": "partly-accepted", "reasons": "De gemeente betaalt de bank, niet het afdak."})).await;
        assert_eq!(v["decision"]["outcome"], "partly-accepted");
        let ds = v["decisions"].as_array().unwrap();
        assert_eq!(ds.len(), 3);
        assert_eq!(ds[1]["superseded"], true);
        assert_eq!(ds[2]["supersedes"], ds[1]["id"]);

        // Follow-up with progress updates the citizens see.
        let (s, v) = t
            .json("POST", &format!("/api/v1/items/{id}/actions"), Some(&staff), Some(json!({"what": "Bank plaatsen", "responsible": "Technische dienst gemeente", "due": "2026-07-01"})))
            .await;
        assert_eq!(s, Status::Created, "{v}");
        assert_eq!(v["status"], "in-follow-up");
        let action = v["action_id"].as_i64().unwrap();
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/actions/{action}/updates"),
                Some(&staff),
                Some(json!({"percent": 50, "note": "Bank besteld."})),
            )
            .await;
        assert_eq!(s, Status::Created);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/actions/{action}/updates"),
                Some(&staff),
                Some(json!({"percent": 150, "note": "x"})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/actions/{action}/updates"),
                Some(&staff),
                Some(json!({"done": true, "note": "De bank staat er."})),
            )
            .await;
        assert_eq!(s, Status::Created);
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a1), None)
            .await;
        assert_eq!(v["actions"][0]["status"], "done");
        assert_eq!(v["actions"][0]["updates"].as_array().unwrap().len(), 2);

        // Closure: an objection keeps it open; the next proposal closes by itself after 14 days.
        let v = ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "propose-closure", "note": "De bank staat er. We sluiten af."}),
        )
        .await;
        assert_eq!(v["status"], "closure-proposed");
        let v = ok_mv(
            &t,
            &a1,
            id,
            json!({"action": "object-closure", "text": "Het afdak ontbreekt nog."}),
        )
        .await;
        assert_eq!(v["status"], "in-follow-up");
        ok_mv(&t, &staff, id, json!({"action": "propose-closure", "note": "Het afdak komt er niet; zie het besluit."})).await;
        t.clock.advance(Duration::days(13));
        assert_eq!(run_due_jobs(t.app()).await.unwrap().auto_closed, 0);
        t.clock.advance(Duration::days(1));
        assert_eq!(run_due_jobs(t.app()).await.unwrap().auto_closed, 1);
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a1), None)
            .await;
        assert_eq!(v["status"], "closed");
        // A closed item's follow-up is history: no update until it is reopened.
        let update = json!({"percent": 100, "note": "Nog een foto van de bank."});
        let path = format!("/api/v1/actions/{action}/updates");
        let (s, v) = t
            .json("POST", &path, Some(&staff), Some(update.clone()))
            .await;
        assert_eq!(s, Status::Conflict, "{}: {v}", t.engine);

        // Reopened by the panel with reasons, answered, closed for good.
        let (s, _) = mv(&t, &a1, id, json!({"action": "reopen"})).await;
        assert_eq!(s, Status::UnprocessableEntity, "reasons needed");
        let v = ok_mv(
            &t,
            &a1,
            id,
            json!({"action": "reopen", "text": "De bank is weer weg."}),
        )
        .await;
        assert_eq!(v["status"], "acknowledged");
        let (s, _) = t.json("POST", &path, Some(&staff), Some(update)).await;
        assert_eq!(s, Status::Created, "reopened, the follow-up is live again");
        ok_mv(&t, &staff, id, json!({"action": "decide", "outcome": "accepted", "reasons": "Een nieuwe bank komt er."})).await;
        ok_mv(
            &t,
            &staff,
            id,
            json!({"action": "propose-closure", "note": "Nieuwe bank geplaatst."}),
        )
        .await;
        let v = ok_mv(&t, &a2, id, json!({"action": "confirm-closure"})).await;
        assert_eq!(v["status"], "closed");

        let got = kinds(&t, &a1, id).await;
        let expected = [
            "created",
            "submitted",
            "acknowledged",
            "clarification-requested",
            "clarification-answered",
            "scheduled",
            "comment-added",
            "own-view-added",
            "minutes-recorded",
            "minutes-confirmed",
            "minutes-corrected",
            "decided",
            "overdue",
            "scheduled",
            "decided",
            "decision-corrected",
            "action-added",
            "action-updated",
            "action-updated",
            "closure-proposed",
            "closure-objected",
            "closure-proposed",
            "auto-closed",
            "reopened",
            "action-updated",
            "decided",
            "closure-proposed",
            "closed",
        ];
        assert_eq!(got, expected, "{}", t.engine);
        let (_, tl) = t
            .json(
                "GET",
                &format!("/api/v1/items/{id}/timeline"),
                Some(&a1),
                None,
            )
            .await;
        let auto = tl["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "auto-closed")
            .unwrap();
        assert!(
            auto["actor"].is_null(),
            "closed by the system, named as such"
        );
        verify(&t)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.engine));
    }
}

#[rocket::async_test]
async fn every_kind_of_overdue_with_a_frozen_clock() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    // Monday 2 March 2026.
    let not_acked = item(&t, &a1, "ALFA", "burgers", "Niet ontvangen", true).await["id"]
        .as_i64()
        .unwrap();
    let not_answered = item(&t, &a1, "ALFA", "burgers", "Niet beantwoord", true).await["id"]
        .as_i64()
        .unwrap();
    let paused = item(&t, &a1, "ALFA", "burgers", "Verduidelijking", true).await["id"]
        .as_i64()
        .unwrap();
    let postponed = item(&t, &a1, "ALFA", "burgers", "Uitgesteld", true).await["id"]
        .as_i64()
        .unwrap();
    let followed = item(&t, &a1, "ALFA", "burgers", "Opvolging", true).await["id"]
        .as_i64()
        .unwrap();
    ok_mv(
        &t,
        &staff,
        not_answered,
        json!({"action": "acknowledge", "due": "2026-03-20"}),
    )
    .await;
    ok_mv(
        &t,
        &staff,
        paused,
        json!({"action": "acknowledge", "due": "2026-03-20"}),
    )
    .await;
    ok_mv(
        &t,
        &staff,
        paused,
        json!({"action": "request-clarification", "text": "Wat bedoelt u?"}),
    )
    .await;
    ok_mv(&t, &staff, postponed, json!({"action": "acknowledge"})).await;
    ok_mv(&t, &staff, postponed, json!({"action": "decide", "outcome": "postponed", "reasons": "Later.", "review_date": "2026-03-10"})).await;
    ok_mv(&t, &staff, followed, json!({"action": "acknowledge"})).await;
    ok_mv(
        &t,
        &staff,
        followed,
        json!({"action": "decide", "outcome": "accepted", "reasons": "Ja."}),
    )
    .await;
    t.json(
        "POST",
        &format!("/api/v1/items/{followed}/actions"),
        Some(&staff),
        Some(json!({"what": "Doen", "responsible": "ELZ", "due": "2026-03-12"})),
    )
    .await;

    // On the due dates themselves nothing is late.
    t.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 10, 12, 0, 0).unwrap());
    assert_eq!(run_due_jobs(t.app()).await.unwrap().marked_overdue, 0);
    // 25 March: every deadline passed, except the paused one.
    t.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 25, 12, 0, 0).unwrap());
    let r = run_due_jobs(t.app()).await.unwrap();
    assert_eq!(
        r.marked_overdue, 4,
        "acknowledgement, response, review, follow-up"
    );
    assert_eq!(
        run_due_jobs(t.app()).await.unwrap().marked_overdue,
        0,
        "marked once, not every run"
    );
    let late = |v: &Value| v["overdue_days"].as_i64().unwrap();
    let (_, v) = t
        .json(
            "GET",
            &format!("/api/v1/items/{not_acked}"),
            Some(&a1),
            None,
        )
        .await;
    assert_eq!(
        (v["deadline"]["deadline"].as_str().unwrap(), late(&v)),
        ("acknowledgement", 9)
    );
    let (_, v) = t
        .json(
            "GET",
            &format!("/api/v1/items/{not_answered}"),
            Some(&a1),
            None,
        )
        .await;
    assert_eq!(
        (v["deadline"]["deadline"].as_str().unwrap(), late(&v)),
        ("response", 5)
    );
    let (_, v) = t
        .json(
            "GET",
            &format!("/api/v1/items/{postponed}"),
            Some(&a1),
            None,
        )
        .await;
    assert_eq!(
        (v["deadline"]["deadline"].as_str().unwrap(), late(&v)),
        ("review", 15)
    );
    let (_, v) = t
        .json("GET", &format!("/api/v1/items/{followed}"), Some(&a1), None)
        .await;
    assert_eq!(v["actions"][0]["overdue_days"], 13);
    let (_, v) = t
        .json("GET", &format!("/api/v1/items/{paused}"), Some(&a1), None)
        .await;
    assert_eq!(
        late(&v),
        0,
        "waiting on the panel is never the council's lateness"
    );
    // The timeline says when each became overdue.
    let (_, tl) = t
        .json(
            "GET",
            &format!("/api/v1/items/{not_acked}/timeline"),
            Some(&a1),
            None,
        )
        .await;
    let ev = tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "overdue")
        .unwrap()
        .clone();
    assert_eq!(ev["data"]["overdue_since"], "2026-03-17");
    assert_eq!(ev["data"]["deadline"], "acknowledgement");
    // The overview lists the late ones, latest first, with days late.
    let (s, o) = t
        .json("GET", "/api/v1/zones/ALFA/overview", Some(&staff), None)
        .await;
    assert_eq!(s, Status::Ok);
    let days: Vec<i64> = o["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["overdue_days"].as_i64().unwrap())
        .collect();
    assert_eq!(days, vec![15, 9, 5]);
    assert_eq!(o["actions_overdue"][0]["overdue_days"], 13);
    let (s, _) = t
        .json("GET", "/api/v1/zones/ALFA/overview", Some(&a1), None)
        .await;
    assert_eq!(
        s,
        Status::Forbidden,
        "the overview is for staff and council"
    );
    // The panel answers after 30 days: the deadline moves by the pause and is not yet due.
    let a2 = t.token("a2@alfa.test").await;
    let v = ok_mv(
        &t,
        &a2,
        paused,
        json!({"action": "answer-clarification", "text": "Dit bedoelen we."}),
    )
    .await;
    assert_eq!(v["response_due"], "2026-04-12", "20 March + 23 days paused");
    assert_eq!(late(&v), 0);
    verify(&t).await.unwrap();
}

/// The figures, checked against this hand count (period 1 January – 30 June 2026):
/// submitted in the period: A (5 Jan), B (10 Jan), C (1 Feb), D (1 Mar) = 4; E was submitted
/// on 20 Dec 2025, outside. Decided in the period: A after 10 days (by its due date), B after 60
/// days (late: due after 30), E after 40 days (due date met) = 3; median of 10, 40, 60 = 40;
/// on time: A and E = 2 of 3 = 67 %. C waits, past its acknowledgement date: overdue now 1.
/// D was acknowledged and is not yet due.
#[rocket::async_test]
async fn figures_match_a_hand_count() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let at =
            |y, m, d| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, y, m, d, 10, 0, 0).unwrap();
        let submit_on = |when| {
            let t = &t;
            let a1 = a1.clone();
            async move {
                t.clock.set(when);
                item(t, &a1, "ALFA", "burgers", "Cijfer", true).await["id"]
                    .as_i64()
                    .unwrap()
            }
        };
        let e = submit_on(at(2025, 12, 20)).await;
        t.clock.set(at(2025, 12, 22));
        ok_mv(
            &t,
            &staff,
            e,
            json!({"action": "acknowledge", "due": "2026-02-15"}),
        )
        .await;
        let a = submit_on(at(2026, 1, 5)).await;
        let b = submit_on(at(2026, 1, 10)).await;
        t.clock.set(at(2026, 1, 12));
        ok_mv(
            &t,
            &staff,
            a,
            json!({"action": "acknowledge", "due": "2026-01-20"}),
        )
        .await;
        ok_mv(
            &t,
            &staff,
            b,
            json!({"action": "acknowledge", "due": "2026-02-09"}),
        )
        .await;
        t.clock.set(at(2026, 1, 15));
        ok_mv(
            &t,
            &staff,
            a,
            json!({"action": "decide", "outcome": "accepted", "reasons": "Ja."}),
        )
        .await;
        t.clock.set(at(2026, 1, 29));
        ok_mv(&t, &staff, e, json!({"action": "decide", "outcome": "not-accepted", "reasons": "Nee, omdat het niet kan."})).await;
        let c = submit_on(at(2026, 2, 1)).await;
        let _ = c;
        let d = submit_on(at(2026, 3, 1)).await;
        t.clock.set(at(2026, 3, 11));
        ok_mv(&t, &staff, b, json!({"action": "decide", "outcome": "referred", "reasons": "Dit is voor de gemeente.", "referred_to": "Gemeente"})).await;
        ok_mv(&t, &staff, d, json!({"action": "acknowledge"})).await;
        t.clock.set(at(2026, 3, 12));
        let (s, f) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/figures?from=2026-01-01&to=2026-06-30",
                None,
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "figures are public");
        assert_eq!(f["submitted"], 4, "{}: {f}", t.engine);
        assert_eq!(f["acknowledged"], 3);
        assert_eq!(f["decided"], 3);
        assert_eq!(f["median_days_to_decision"], 40.0);
        assert_eq!(f["decided_on_time"], 2);
        assert_eq!(f["decided_on_time_percent"], 67);
        assert_eq!(f["overdue_now"], 1);
        let (s, _) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/figures?from=2026-07-01&to=2026-01-01",
                None,
                None,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        let (s, _) = t
            .json("GET", "/api/v1/zones/GEEN/figures", None, None)
            .await;
        assert_eq!(s, Status::NotFound);
    }
}

/// Submitting answers with the item as it is stored, on both engines: the answer is made from
/// what the submission changed instead of reading the item again inside the writer's turn, so
/// every field must equal a fresh read (times included, to the microsecond PostgreSQL keeps).
#[rocket::async_test]
async fn a_submission_answers_with_the_item_as_stored() {
    for t in engines().await {
        seed(&t).await;
        let citizen = t.token("a1@alfa.test").await;
        let draft = item(
            &t,
            &citizen,
            "ALFA",
            "burgers",
            "Een bank in het park",
            false,
        )
        .await;
        let id = draft["id"].as_i64().unwrap();
        // Later than the draft, so that every time the submission sets differs from the draft's.
        t.clock
            .set(t.app().clock.now() + Duration::minutes(90) + Duration::microseconds(7));
        let who = t.principal("a1@alfa.test").await;
        let answered = burgerstem::service::items::submit(t.app(), &who, id)
            .await
            .unwrap();
        let mut c = t.app().db.conn().await.unwrap();
        let stored = burgerstem::db::items::get(&mut c.ex(), id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, "submitted", "{}", t.engine);
        assert_eq!(
            format!("{answered:?}"),
            format!("{stored:?}"),
            "{}",
            t.engine
        );
    }
}
