//! Consultations (adviesvragen): from the council's question to its report back, with a shared
//! advice in versions, a dissenting note, a point turned into an item; a klankbordgroep question
//! to people without an account; the pages; and a report back that comes too late.

mod common;

use burgerstem::service::deadlines::run_due_jobs;
use burgerstem::service::zones as zone_service;
use chrono::Duration;
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

async fn ask(t: &TestApp, token: &str, body: Value) -> Value {
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/consultations",
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(s, Status::Created, "{}: {v}", t.engine);
    v
}

async fn get(t: &TestApp, token: &str, id: i64) -> (Status, Value) {
    t.json(
        "GET",
        &format!("/api/v1/consultations/{id}"),
        Some(token),
        None,
    )
    .await
}

async fn kinds(t: &TestApp, token: &str, path: &str) -> Vec<String> {
    let (s, tl) = t.json("GET", path, Some(token), None).await;
    assert_eq!(s, Status::Ok, "{tl}");
    tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn inbox_kinds(t: &TestApp, token: &str) -> Vec<String> {
    let (s, v) = t
        .json("GET", "/api/v1/me/notifications", Some(token), None)
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    v["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

/// The burgers panel writes its advice in one version and submits it.
async fn write_and_submit(t: &TestApp, token: &str, id: i64, text: &str) {
    for (m, p, b) in [
        ("PUT", "advice", json!({"panel": "burgers", "text": text})),
        ("POST", "submit", json!({"panel": "burgers"})),
    ] {
        let (s, v) = t
            .json(
                m,
                &format!("/api/v1/consultations/{id}/{p}"),
                Some(token),
                Some(b),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
    }
}

const ADVICE_V1: &str = "- Langer open in de namiddag\n- Een folder in eenvoudige taal";
const ADVICE_V2: &str = "Wij vinden het plan goed.\n\n- Langer open in de namiddag, ook op woensdag\n- Een folder in eenvoudige taal\n- Een vast aanspreekpunt voor mantelzorgers";

#[rocket::async_test]
async fn a_consultation_from_question_to_report_back() {
    for t in engines().await {
        seed(&t).await;
        let (a1, a2, a3) = (
            t.token("a1@alfa.test").await,
            t.token("a2@alfa.test").await,
            t.token("a3@alfa.test").await,
        );
        let (staff, raad) = (
            t.token("staff@alfa.test").await,
            t.token("raad@alfa.test").await,
        );
        let beta_staff = t.token("staff@beta.test").await;

        // Citizens do not ask; the council side does.
        let body = json!({"title": "Openingsuren van het onthaal", "question": "Wanneer moet het onthaal open zijn?",
                          "background": "We hebben budget voor 10 uur extra.", "links": ["https://voorbeeld.be/plan"],
                          "advice_due": "2026-03-30", "panels": ["burgers"]});
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/consultations",
                Some(&a1),
                Some(body.clone()),
            )
            .await;
        assert_eq!(s, Status::Forbidden);
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/consultations",
                Some(&staff),
                Some(
                    json!({"title": "", "question": "", "advice_due": "2026-03-01", "panels": []}),
                ),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");
        for f in ["title", "question", "advice_due", "panels"] {
            assert!(v["error"]["fields"][f].is_string(), "{f}: {v}");
        }
        assert_eq!(
            v["error"]["fields"]["advice_due"],
            "Kies een datum na vandaag."
        );
        let c = ask(&t, &raad, body).await;
        let id = c["id"].as_i64().unwrap();
        assert_eq!(c["reference"], "ALFA-ADV-2026-0001");
        assert_eq!(c["status"], "open");
        assert_eq!(c["links"], json!(["https://voorbeeld.be/plan"]));

        // Who sees it: the asked panel and the council side; not another panel, not another zone.
        assert_eq!(get(&t, &a1, id).await.0, Status::Ok);
        assert_eq!(get(&t, &staff, id).await.0, Status::Ok);
        assert_eq!(get(&t, &a3, id).await.0, Status::NotFound);
        assert_eq!(get(&t, &beta_staff, id).await.0, Status::NotFound);
        let (_, list) = t
            .json("GET", "/api/v1/zones/ALFA/consultations", Some(&a3), None)
            .await;
        assert_eq!(list["consultations"], json!([]), "a3 is not asked");

        // The shared advice, written in versions; a stale version is refused, never overwritten.
        let put = |token: String, body: Value| {
            let t = &t;
            async move {
                t.json(
                    "PUT",
                    &format!("/api/v1/consultations/{id}/advice"),
                    Some(&token),
                    Some(body),
                )
                .await
            }
        };
        let (s, v) = put(
            a1.clone(),
            json!({"panel": "burgers", "text": ADVICE_V1, "base_version": 0}),
        )
        .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["saved_version"], 1);
        let (s, v) = put(
            a2.clone(),
            json!({"panel": "burgers", "text": "Iets anders", "base_version": 0}),
        )
        .await;
        assert_eq!(s, Status::Conflict, "{v}");
        let (s, v) = put(
            a2.clone(),
            json!({"panel": "burgers", "text": ADVICE_V2, "base_version": 1}),
        )
        .await;
        assert_eq!(s, Status::Ok, "{v}");
        let advice = &v["advices"][0];
        assert_eq!(advice["version"], 2);
        assert_eq!(advice["text"], ADVICE_V2);
        assert_eq!(advice["points"].as_array().unwrap().len(), 4);
        let versions = advice["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2, "every version is kept");
        assert_eq!(versions[1]["text"], ADVICE_V1);
        assert_eq!(versions[1]["by"], "a1 van ALFA");
        assert_eq!(versions[0]["by"], "a2 van ALFA");
        // Only the people asked write it.
        let (s, _) = put(
            staff.clone(),
            json!({"panel": "burgers", "text": "x", "base_version": 2}),
        )
        .await;
        assert_eq!(s, Status::Forbidden);
        let (s, _) = put(
            a3.clone(),
            json!({"panel": "burgers", "text": "x", "base_version": 2}),
        )
        .await;
        assert_eq!(s, Status::NotFound);

        // A dissenting view beside it, and the discussion.
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/notes"),
                Some(&a2),
                Some(json!({"panel": "burgers", "kind": "dissent", "text": "Ik vind woensdag niet nodig."})),
            )
            .await;
        assert_eq!(s, Status::Created, "{v}");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/reactions"),
                Some(&staff),
                Some(json!({"text": "Woensdag kan alleen in de voormiddag."})),
            )
            .await;
        assert_eq!(s, Status::Created);

        // The council cannot report back before the advice is in.
        let report = json!({"panel": "burgers", "summary": "Dank u.", "points": [
            {"point": 1, "outcome": "followed", "reasons": "Fijn."},
            {"point": 2, "outcome": "partly-followed", "reasons": "Woensdag alleen in de voormiddag."},
            {"point": 3, "outcome": "followed", "reasons": "Komt er in mei."},
            {"point": 4, "outcome": "not-followed", "reasons": "Daar is een ander project voor."}]});
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/report-back"),
                Some(&staff),
                Some(report.clone()),
            )
            .await;
        assert_eq!(s, Status::Conflict);

        // Submitted: frozen, and the council owes a report back in 60 days.
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/submit"),
                Some(&a1),
                Some(json!({"panel": "burgers"})),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["status"], "waiting-report");
        assert_eq!(v["advices"][0]["report_due"], "2026-05-01");
        let (s, _) = put(
            a1.clone(),
            json!({"panel": "burgers", "text": "Toch anders", "base_version": 2}),
        )
        .await;
        assert_eq!(s, Status::Conflict, "a submitted advice is frozen");
        let (_, list) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/consultations",
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(list["consultations"][0]["status"], "waiting-report");
        assert_eq!(list["consultations"][0]["due"], "2026-05-01");
        assert!(inbox_kinds(&t, &a2)
            .await
            .contains(&"consultation-asked".to_string()));
        assert!(inbox_kinds(&t, &staff)
            .await
            .contains(&"advice-submitted".to_string()));

        // A point becomes an item of its own, in one step; both timelines link.
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/items"),
                Some(&a2),
                Some(json!({"panel": "burgers", "point": 4})),
            )
            .await;
        assert_eq!(s, Status::Created, "{v}");
        let item_id = v["item"]["id"].as_i64().unwrap();
        let (_, it) = t
            .json("GET", &format!("/api/v1/items/{item_id}"), Some(&a1), None)
            .await;
        assert_eq!(it["status"], "submitted");
        assert_eq!(it["title"], "Een vast aanspreekpunt voor mantelzorgers");
        assert_eq!(
            it["original_text"], "- Een vast aanspreekpunt voor mantelzorgers",
            "the panel's words, verbatim"
        );
        let item_events = kinds(&t, &a1, &format!("/api/v1/items/{item_id}/timeline")).await;
        assert_eq!(
            item_events,
            ["created", "submitted", "made-from-advice"],
            "{item_events:?}"
        );
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/items"),
                Some(&a1),
                Some(json!({"panel": "burgers", "point": 4})),
            )
            .await;
        assert_eq!(s, Status::Conflict, "one item per point");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/items"),
                Some(&a1),
                Some(json!({"panel": "burgers", "point": 9})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);

        // A report back must answer every point, with reasons; a partial one writes nothing.
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/report-back"),
                Some(&staff),
                Some(json!({"panel": "burgers", "points": [{"point": 1, "outcome": "followed", "reasons": "Fijn."}]})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");
        assert!(v["error"]["fields"]["outcome-2"].is_string(), "{v}");
        assert!(v["error"]["fields"]["reasons-4"].is_string(), "{v}");
        assert_eq!(get(&t, &a1, id).await.1["status"], "waiting-report");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/report-back"),
                Some(&a1),
                Some(report.clone()),
            )
            .await;
        assert_eq!(s, Status::Forbidden, "panels do not report back");
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/report-back"),
                Some(&staff),
                Some(report.clone()),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["status"], "reported");
        let points = v["advices"][0]["points"].as_array().unwrap();
        assert_eq!(points[1]["report"]["outcome"], "partly-followed");
        assert_eq!(
            points[1]["report"]["reasons"],
            "Woensdag alleen in de voormiddag."
        );
        assert_eq!(points[3]["item"]["id"], item_id);
        assert_eq!(v["advices"][0]["notes"][0]["kind"], "dissent");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/report-back"),
                Some(&staff),
                Some(report),
            )
            .await;
        assert_eq!(s, Status::Conflict, "once");
        assert!(inbox_kinds(&t, &a1)
            .await
            .contains(&"reported-back".to_string()));

        let events = kinds(&t, &a1, &format!("/api/v1/consultations/{id}/timeline")).await;
        assert_eq!(
            events,
            [
                "consultation-asked",
                "advice-saved",
                "advice-saved",
                "advice-dissent-added",
                "consultation-reaction-added",
                "advice-submitted",
                "point-made-item",
                "reported-back"
            ]
        );
        let (s, _) = t
            .json(
                "GET",
                &format!("/api/v1/consultations/{id}/timeline"),
                Some(&beta_staff),
                None,
            )
            .await;
        assert_eq!(s, Status::NotFound);
        let (zones, n) = verify(&t).await.expect("the chain verifies");
        assert!(zones >= 2 && n > 20, "{zones} zones, {n} events");
    }
}

#[rocket::async_test]
async fn a_submitted_advice_is_frozen_in_the_database_too() {
    let t = sqlite().await;
    seed(&t).await;
    let staff = t.token("staff@alfa.test").await;
    let a1 = t.token("a1@alfa.test").await;
    let c = ask(
        &t,
        &staff,
        json!({"title": "T", "question": "V?", "advice_due": "2026-04-01", "panels": ["burgers"]}),
    )
    .await;
    let id = c["id"].as_i64().unwrap();
    write_and_submit(&t, &a1, id, "Punt een").await;
    let burgerstem::db::Db::Sqlite(_, writer) = &t.app().db else {
        unreachable!()
    };
    // Its own connection: the pool's only read.
    let mut conn = writer.side_connection().await.unwrap();
    let pool = &mut conn;
    let err = sqlx::query("INSERT INTO advice_versions (advice_id, version, body, author_id, created_at) VALUES (1, 2, 'x', 1, '2026-03-02T08:00:00Z')")
        .execute(&mut *pool)
        .await
        .expect_err("the trigger refuses a version after submission");
    assert!(err.to_string().contains("frozen"), "{err}");
    let err = sqlx::query("UPDATE advice_versions SET body = 'x'")
        .execute(&mut *pool)
        .await
        .expect_err("versions are never edited");
    assert!(err.to_string().contains("kept"), "{err}");
}

#[rocket::async_test]
async fn a_klankbordgroep_question_to_two_people_without_accounts() {
    for t in engines().await {
        seed(&t).await;
        let root = t.principal("root@platform.test").await;
        zone_service::create_panel(
            t.app(),
            &root,
            "ALFA",
            "klankbord",
            "Klankbordgroep thuiszorg",
            "klankbordgroep",
        )
        .await
        .unwrap();
        let staff = t.token("staff@alfa.test").await;
        let a1 = t.token("a1@alfa.test").await;
        let c = ask(
            &t,
            &staff,
            json!({"title": "Thuisverpleging 's avonds", "question": "Wat missen jullie?",
                   "advice_due": "2026-04-15", "panels": ["klankbord"],
                   "invite": [{"name": "Nadia El Amrani", "email": "nadia@voorbeeld.test"},
                              {"name": "Jef Peeters", "email": "jef@voorbeeld.test"}]}),
        )
        .await;
        let id = c["id"].as_i64().unwrap();
        let links: Vec<String> = c["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["link"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(links.len(), 2, "{c}");
        assert_eq!(c["participants"], json!([]));
        assert_eq!(c["invited"].as_array().unwrap().len(), 2);
        // The invitation link works without an account: the page asks only for a password.
        for link in &links {
            let (s, page) = t.get_as(&t.anonymous(), link).await;
            assert_eq!(s, Status::Ok);
            assert!(page.contains("@voorbeeld.test"), "{page}");
            let (s, _, body) = t
                .post_as(&t.anonymous(), link, &[("password", PASSWORD)], true)
                .await;
            assert_eq!(s, Status::SeeOther, "{body}");
            // The browser is now signed in as this person; the next link is someone else's.
            t.post_as(&t.anonymous(), "/logout", &[], true).await;
        }
        let nadia = t.token("nadia@voorbeeld.test").await;
        let jef = t.token("jef@voorbeeld.test").await;
        let (s, v) = get(&t, &nadia, id).await;
        assert_eq!(s, Status::Ok, "{v}");
        let names: Vec<&str> = v["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Jef Peeters", "Nadia El Amrani"]);
        assert_eq!(v["invited"], json!([]), "both signed up");
        // Not a member of the panel asked: not for a1.
        assert_eq!(get(&t, &a1, id).await.0, Status::NotFound);

        // A second question to the same klankbordgroep asks only Jef: Nadia does not see it.
        let jef_id = t.user_id("jef@voorbeeld.test").await;
        let second = ask(&t, &staff, json!({"title": "Vervoer", "question": "Hoe komt u bij de dokter?",
                                            "advice_due": "2026-04-15", "panels": ["klankbord"], "participants": [jef_id]})).await;
        let second_id = second["id"].as_i64().unwrap();
        assert_eq!(get(&t, &jef, second_id).await.0, Status::Ok);
        assert_eq!(get(&t, &nadia, second_id).await.0, Status::NotFound);
        // Someone who is not in the klankbordgroep cannot be chosen.
        let a1_id = t.user_id("a1@alfa.test").await;
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/consultations",
                Some(&staff),
                Some(
                    json!({"title": "X", "question": "Y?", "advice_due": "2026-04-15",
                             "panels": ["klankbord"], "participants": [a1_id]}),
                ),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");

        // Nadia and Jef write the advice together and submit it.
        let (s, v) = t
            .json(
                "PUT",
                &format!("/api/v1/consultations/{id}/advice"),
                Some(&nadia),
                Some(json!({"panel": "klankbord", "text": "Na 20 uur is er niemand.", "base_version": 0})),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/consultations/{id}/submit"),
                Some(&jef),
                Some(json!({"panel": "klankbord"})),
            )
            .await;
        assert_eq!(s, Status::Ok);
        let events = kinds(&t, &staff, &format!("/api/v1/consultations/{id}/timeline")).await;
        assert_eq!(
            events,
            [
                "consultation-asked",
                "participant-invited",
                "participant-invited",
                "participant-joined",
                "participant-joined",
                "advice-saved",
                "advice-submitted"
            ]
        );
        verify(&t).await.expect("the chain verifies");
    }
}

#[rocket::async_test]
async fn a_late_report_back_shows_as_overdue() {
    let t = sqlite().await;
    seed(&t).await;
    let staff = t.token("staff@alfa.test").await;
    let a1 = t.token("a1@alfa.test").await;
    let admin = t.token("admin@alfa.test").await;
    let c = ask(
        &t,
        &staff,
        json!({"title": "T", "question": "V?", "advice_due": "2026-03-20", "panels": ["burgers"]}),
    )
    .await;
    let id = c["id"].as_i64().unwrap();
    // Open and past the advice date: shown late to the panel.
    t.clock.advance(Duration::days(20));
    let (_, v) = get(&t, &a1, id).await;
    assert_eq!(v["advice_late"], true);
    assert_eq!(v["advice_late_days"], 2);
    write_and_submit(&t, &a1, id, "Een\n\nTwee").await;
    // Submitted on 22 March: the report back is due on 21 May.
    let (_, v) = get(&t, &a1, id).await;
    assert_eq!(v["advices"][0]["report_due"], "2026-05-21");
    t.clock.advance(Duration::days(60));
    run_due_jobs(t.app()).await.unwrap();
    assert!(
        !kinds(&t, &a1, &format!("/api/v1/consultations/{id}/timeline"))
            .await
            .contains(&"report-overdue".to_string())
    );
    t.clock.advance(Duration::days(3));
    run_due_jobs(t.app()).await.unwrap();
    run_due_jobs(t.app()).await.unwrap();
    let events = kinds(&t, &a1, &format!("/api/v1/consultations/{id}/timeline")).await;
    assert_eq!(
        events.iter().filter(|k| *k == "report-overdue").count(),
        1,
        "marked once: {events:?}"
    );
    let (_, v) = get(&t, &a1, id).await;
    assert_eq!(v["advices"][0]["report_late"], true);
    assert_eq!(v["advices"][0]["report_late_days"], 3);
    let (_, list) = t
        .json("GET", "/api/v1/zones/ALFA/consultations", Some(&a1), None)
        .await;
    assert_eq!(list["consultations"][0]["late"], true);
    assert!(inbox_kinds(&t, &admin)
        .await
        .contains(&"report-overdue".to_string()));
}

#[rocket::async_test]
async fn the_pages_carry_the_whole_consultation() {
    let t = sqlite().await;
    seed(&t).await;
    let staff = t.web_session("staff@alfa.test").await;
    let a1 = t.web_session("a1@alfa.test").await;
    let a2 = t.web_session("a2@alfa.test").await;
    let a3 = t.web_session("a3@alfa.test").await;

    let (s, page) = t.get_as(&staff, "/zones/ALFA/consultations/new").await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("Burgerplatform"));
    let (s, _) = t.get_as(&a1, "/zones/ALFA/consultations/new").await;
    assert_eq!(s, Status::Forbidden);
    let (s, _, page) = t
        .post_as(
            &staff,
            "/zones/ALFA/consultations",
            &[("title", ""), ("question", "")],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(page.contains("Kies minstens één panel."), "{page}");
    let (s, loc, _) = t
        .post_as(
            &staff,
            "/zones/ALFA/consultations",
            &[
                ("title", "Wachtzaal <script>"),
                ("question", "Wat vindt u van de wachtzaal?"),
                ("advice_due", "2026-04-01"),
                ("panels", "burgers"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let at = loc.unwrap();
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();

    let (s, page) = t.get_as(&a1, &at).await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("Wat vindt u van de wachtzaal?"));
    assert!(page.contains("Wachtzaal &lt;script&gt;") && !page.contains("<script>"));
    assert!(page.contains("Het advies schrijven"));
    assert_eq!(t.get_as(&a3, &at).await.0, Status::NotFound);

    // Writing the advice; a stale base keeps the writer's text and shows the newer version.
    let advice = format!("/consultations/{id}/advice/burgers");
    let (s, page) = t.get_as(&a1, &advice).await;
    assert_eq!(s, Status::Ok, "{page}");
    let (s, _, _) = t
        .post_as(
            &a1,
            &advice,
            &[("text", "Meer licht.\n\nMinder lawaai."), ("base", "0")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, _, page) = t
        .post_as(
            &a2,
            &advice,
            &[("text", "Mijn eigen versie"), ("base", "0")],
            true,
        )
        .await;
    assert_eq!(s, Status::Conflict);
    assert!(
        page.contains("Iemand anders bewaarde intussen versie 1"),
        "{page}"
    );
    assert!(
        page.contains("Mijn eigen versie"),
        "the writer's text is kept"
    );
    assert!(page.contains("name=\"base\" value=\"1\""));

    // A dissent through its own small page.
    let notes = format!("/consultations/{id}/advice/burgers/notes");
    let (s, page) = t.get_as(&a2, &format!("{notes}?kind=dissent")).await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("Ik denk er anders over"));
    let (s, _, page) = t
        .post_as(&a2, &notes, &[("kind", "dissent"), ("text", " ")], true)
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(page.contains("error-summary"));
    let (s, _, _) = t
        .post_as(
            &a2,
            &notes,
            &[("kind", "dissent"), ("text", "Lawaai stoort mij niet.")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);

    let (s, _, _) = t
        .post_as(
            &a1,
            &format!("/consultations/{id}/advice/burgers/submit"),
            &[],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, page) = t.get_as(&staff, &at).await;
    assert!(page.contains("Wacht op de zorgraad"));
    assert!(page.contains("Lawaai stoort mij niet."));
    assert!(
        page.contains("1 mei 2026") || page.contains("2026-05-01"),
        "report due shown"
    );

    // The report back, point by point; a missing answer is marked next to its point.
    let report = format!("/consultations/{id}/report/burgers");
    let (s, page) = t.get_as(&staff, &report).await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("Punt 2") && page.contains("Minder lawaai."));
    assert_eq!(t.get_as(&a1, &report).await.0, Status::Forbidden);
    let (s, _, page) = t
        .post_as(
            &staff,
            &report,
            &[
                ("answers[outcome-1]", "followed"),
                ("answers[reasons-1]", "Er komen lampen."),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(page.contains("href=\"#field-outcome-2\""), "{page}");
    assert!(page.contains("Er komen lampen."), "answers are kept");
    let (s, _, _) = t
        .post_as(
            &staff,
            &report,
            &[
                ("answers[outcome-1]", "followed"),
                ("answers[reasons-1]", "Er komen lampen."),
                ("answers[outcome-2]", "not-followed"),
                ("answers[reasons-2]", "De straat is van de stad."),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, page) = t.get_as(&a1, &at).await;
    assert!(page.contains("De zorgraad volgt dit advies niet"));
    assert!(page.contains("De straat is van de stad."));

    // Point 2 becomes an item through the page.
    let (s, loc, _) = t
        .post_as(
            &a1,
            &format!("/consultations/{id}/advice/burgers/items"),
            &[("point", "2")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let item_page = loc.unwrap();
    assert!(item_page.starts_with("/items/"));
    let (_, tl) = t.get_as(&a1, &format!("{item_page}/timeline")).await;
    assert!(tl.contains("Gemaakt uit een advies"));
    assert!(tl.contains(&format!("href=\"/consultations/{id}\"")));
    let (s, tl) = t
        .get_as(&a1, &format!("/consultations/{id}/timeline"))
        .await;
    assert_eq!(s, Status::Ok);
    assert!(tl.contains("Punt werd agendapunt"));
    assert!(tl.contains(&format!("href=\"{item_page}\"")));
    let (s, list) = t.get_as(&a1, "/zones/ALFA/consultations").await;
    assert_eq!(s, Status::Ok);
    assert!(list.contains("Terugkoppeling gegeven"));
}
