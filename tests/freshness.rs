//! Answers that read a whole zone (figures, the public list, the overview, the report) are kept
//! between requests and must still follow every change at once: each of them is asked, the zone
//! changes, and the next answer shows the change.

mod common;

use chrono::Duration;
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

async fn get(t: &TestApp, path: &str, token: Option<&str>) -> Value {
    let (s, v) = t.json("GET", path, token, None).await;
    assert_eq!(s, Status::Ok, "{path}: {v}");
    v
}

#[rocket::async_test]
async fn kept_answers_follow_every_change() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let figures = "/api/v1/zones/ALFA/figures";
        let report = "/api/v1/zones/ALFA/report?year=2026";
        let overview = "/api/v1/zones/ALFA/overview";

        let f0 = get(&t, figures, None).await;
        let r0 = get(&t, report, Some(&staff)).await;
        let o0 = get(&t, overview, Some(&staff)).await;
        assert_eq!(f0["submitted"], 0);
        assert_eq!(r0["brought_in_total"], 0);
        assert_eq!(o0["overdue"], json!([]));
        // Asked twice without a change: the same answer.
        assert_eq!(get(&t, figures, None).await, f0);

        let it = item(&t, &a1, "ALFA", "burgers", "Bankjes", true).await;
        let id = it["id"].as_i64().unwrap();
        assert_eq!(
            get(&t, figures, None).await["submitted"],
            1,
            "[{}]",
            t.engine
        );
        assert_eq!(get(&t, report, Some(&staff)).await["brought_in_total"], 1);

        // The day moves on: the acknowledgement is late without any change in the zone.
        t.clock.advance(Duration::days(20));
        let o = get(&t, overview, Some(&staff)).await;
        assert_eq!(o["overdue"].as_array().unwrap().len(), 1, "{o}");
        assert_eq!(get(&t, figures, None).await["overdue_now"], 1);

        // Another zone's change leaves this zone's answers as they were, and vice versa.
        let b1 = t.token("a1@beta.test").await;
        item(&t, &b1, "BETA", "burgers", "Elders", true).await;
        assert_eq!(get(&t, figures, None).await["submitted"], 1);

        // Made public: the public page lists it at once; acknowledged: no longer late.
        let anon = t.anonymous();
        let (_, page) = t.get_as(&anon, "/zones/ALFA/public").await;
        assert!(!page.contains("Bankjes"));
        make_public(&t, &a1, id).await;
        let (_, page) = t.get_as(&anon, "/zones/ALFA/public").await;
        assert!(
            page.contains("Bankjes"),
            "[{}] the public page follows",
            t.engine
        );
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/transitions"),
                Some(&staff),
                Some(json!({"action": "acknowledge"})),
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(get(&t, overview, Some(&staff)).await["overdue"], json!([]));
        assert_eq!(get(&t, figures, None).await["overdue_now"], 0);
    }
}

#[rocket::async_test]
async fn the_public_list_comes_in_pages() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    for n in 0..31 {
        let it = item(
            &t,
            &a1,
            "ALFA",
            "burgers",
            &format!("Punt nummer {n:02}"),
            true,
        )
        .await;
        let id = it["id"].as_i64().unwrap();
        make_public(&t, &a1, id).await;
    }
    let anon = t.anonymous();
    let (_, first) = t.get_as(&anon, "/zones/ALFA/public").await;
    assert!(first.contains("Punt nummer 30") && first.contains("Punt nummer 01"));
    assert!(!first.contains("Punt nummer 00"), "the oldest is on page 2");
    assert!(first.contains("/zones/ALFA/public?page=2"));
    let (_, second) = t.get_as(&anon, "/zones/ALFA/public?page=2").await;
    assert!(second.contains("Punt nummer 00") && !second.contains("Punt nummer 01"));
    assert!(second.contains("/zones/ALFA/public?page=1") && !second.contains("page=3"));
}
