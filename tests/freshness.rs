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

/// The part of a page between `<main` and `</main>`: what a kept page keeps.
fn main_part(page: &str) -> &str {
    let start = page.find("<main").expect("a page has a main part");
    let end = page.find("</main>").expect("a page has a main part");
    &page[start..end]
}

/// Pages whose own part is rendered once and kept (an item's timeline, the zone report, the
/// public page) show each change and the new day at once, lay each reader's own layout around
/// the part, in the reader's language, and never show a reader outside the zone the names only
/// the zone may read.
#[rocket::async_test]
async fn kept_pages_follow_every_change_and_each_reader() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let it = item(&t, &a1, "ALFA", "burgers", "Bankjes", true).await;
        let id = it["id"].as_i64().unwrap();
        make_public(&t, &a1, id).await;
        let timeline = format!("/items/{id}/timeline");
        let citizen = t.web_session("a1@alfa.test").await;
        let clerk = t.web_session("staff@alfa.test").await;

        // Kept, then changed: the next reader sees the change.
        let (s, before) = t.get_as(&citizen, &timeline).await;
        assert_eq!(s, Status::Ok, "{before}");
        assert!(!before.contains("Ontvangst bevestigd"));
        let (_, again) = t.get_as(&citizen, &timeline).await;
        assert_eq!(
            main_part(&again),
            main_part(&before),
            "no change, same part"
        );
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            &staff,
            Some(json!({"action": "acknowledge"})),
        )
        .await;
        let (_, after) = t.get_as(&citizen, &timeline).await;
        assert!(
            after.contains("Ontvangst bevestigd"),
            "[{}] the timeline follows",
            t.engine
        );

        // The same part, each reader's own layout (their name).
        let (_, theirs) = t.get_as(&clerk, &timeline).await;
        assert_eq!(main_part(&theirs), main_part(&after));
        assert!(after.contains("Afmelden (a1 van ALFA)"));
        assert!(theirs.contains("Afmelden (staff van ALFA)"));
        assert!(!theirs.contains("Afmelden (a1 van ALFA)"));

        // In the reader's language, title included.
        let french = t
            .client
            .get(timeline.clone())
            .header(rocket::http::Header::new("Accept-Language", "fr"))
            .private_cookie(rocket::http::Cookie::new(
                "bs_session",
                citizen.session.clone().unwrap(),
            ))
            .dispatch()
            .await
            .into_string()
            .await
            .unwrap();
        assert!(french.contains("Réception confirmée"), "{french}");
        assert!(french.contains("<title>Ligne du temps de "), "{french}");
        let (_, dutch) = t.get_as(&citizen, &timeline).await;
        assert!(dutch.contains("<title>Tijdlijn van "));

        // Someone from another zone reads the public item's timeline without the zone's names,
        // although a reader in the zone had it kept with them.
        assert!(after.contains("a1 van ALFA"));
        let outsider = t.web_session("a1@beta.test").await;
        let (s, outside) = t.get_as(&outsider, &timeline).await;
        assert_eq!(s, Status::Ok);
        assert!(
            !main_part(&outside).contains("a1 van ALFA"),
            "[{}] {outside}",
            t.engine
        );

        // The report: a new item changes it at once.
        let report = "/zones/ALFA/report?year=2026";
        let (s, r0) = t.get_as(&clerk, report).await;
        assert_eq!(s, Status::Ok, "{r0}");
        assert_eq!(main_part(&t.get_as(&clerk, report).await.1), main_part(&r0));
        item(&t, &a1, "ALFA", "burgers", "Lantaarns", true).await;
        let (_, r1) = t.get_as(&clerk, report).await;
        assert_ne!(
            main_part(&r1),
            main_part(&r0),
            "[{}] the report follows",
            t.engine
        );

        // The public page: late once the day passes the answer's date, without any change.
        let anon = t.anonymous();
        let (_, p0) = t.get_as(&anon, "/zones/ALFA/public").await;
        assert!(p0.contains("Bankjes") && !p0.contains("Te laat"), "{p0}");
        t.clock.advance(Duration::days(400));
        let (_, p1) = t.get_as(&anon, "/zones/ALFA/public").await;
        assert!(p1.contains("Te laat"), "[{}] the new day shows", t.engine);
    }
}

/// The zone page and the overview are kept too: per standing in the zone (what one may see and
/// do), per day and per next meeting. Each person still sees exactly their own.
#[rocket::async_test]
async fn kept_zone_pages_follow_each_standing_and_the_day() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let w1 = t.web_session("a1@alfa.test").await;
        let w2 = t.web_session("a2@alfa.test").await;
        let w3 = t.web_session("a3@alfa.test").await;
        let clerk = t.web_session("staff@alfa.test").await;

        // A panel's draft: its members see it on the zone page, another panel's do not, in
        // whichever order they ask.
        let (s, _) = t.get_as(&w3, "/zones/ALFA").await;
        assert_eq!(s, Status::Ok);
        item(&t, &a1, "ALFA", "burgers", "Geheimpje", false).await;
        let (_, p3) = t.get_as(&w3, "/zones/ALFA").await;
        let (_, p1) = t.get_as(&w1, "/zones/ALFA").await;
        let (_, p2) = t.get_as(&w2, "/zones/ALFA").await;
        assert!(p1.contains("Geheimpje"), "[{}] {p1}", t.engine);
        assert!(!p3.contains("Geheimpje"), "[{}] {p3}", t.engine);
        assert_eq!(
            main_part(&p2),
            main_part(&p1),
            "the same standing, the same part"
        );
        assert!(p1.contains("items/new?panel=burgers") && !p1.contains("panel=pzon"));
        assert!(p3.contains("items/new?panel=pzon") && !p3.contains("panel=burgers"));
        let (_, ps) = t.get_as(&clerk, "/zones/ALFA").await;
        assert!(ps.contains("/zones/ALFA/overview"));
        assert!(!p1.contains("/zones/ALFA/overview"));
        assert!(
            !ps.contains("Geheimpje"),
            "staff do not read a panel's drafts"
        );

        // The overview: late once the day passes, no longer once acknowledged.
        let it = item(&t, &a1, "ALFA", "burgers", "Bankjes", true).await;
        let id = it["id"].as_i64().unwrap();
        let (s, o0) = t.get_as(&clerk, "/zones/ALFA/overview").await;
        assert_eq!(s, Status::Ok, "{o0}");
        // `class="late"` marks a late item ("Te laat" is also the section's heading).
        assert!(!o0.contains("class=\"late\""), "{o0}");
        t.clock.advance(Duration::days(20));
        // Twenty days idle end a web session: a new one.
        let clerk = t.web_session("staff@alfa.test").await;
        let w1 = t.web_session("a1@alfa.test").await;
        let (_, o1) = t.get_as(&clerk, "/zones/ALFA/overview").await;
        assert!(
            o1.contains("Bankjes") && o1.contains("class=\"late\""),
            "[{}] the new day shows",
            t.engine
        );
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            &staff,
            Some(json!({"action": "acknowledge"})),
        )
        .await;
        let (_, o2) = t.get_as(&clerk, "/zones/ALFA/overview").await;
        assert!(
            !o2.contains("class=\"late\""),
            "[{}] the change shows",
            t.engine
        );
        let (s, _) = t.get_as(&w1, "/zones/ALFA/overview").await;
        assert_eq!(
            s,
            Status::Forbidden,
            "a citizen may not read it, kept or not"
        );
    }
}
