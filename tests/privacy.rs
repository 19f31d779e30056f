//! People's own data: the one-time "Mijn gegevens" download, erasure on request (afterwards no
//! stored row, export, outbox mail or page holds the person's name, address or words, and the
//! chain still verifies), and the retention job.

mod common;

use burgerstem::db::Db;
use burgerstem::service::deadlines::run_due_jobs;
use chrono::{Duration, TimeZone, Utc};
use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

const EMAIL: &str = "miekevds@alfa.test";
/// Every string that is the person's: name, address, and one distinctive word per kind of text.
const TRACES: &[&str] = &[
    "Mieke",
    "Vandersteenhoven",
    "miekevds",
    "Kwadeplas",
    "Zilverberk",
    "Merelhof",
    "Lindeboom",
    "Beukenlaan",
    "Eikenpad",
    "Meidoornhof",
    "Vlierbes",
];

/// Mieke joins ALFA's panel, writes something of every kind, gets mail and signs in. Returns
/// (her id, her item id, a2's item id, the consultation id, her token).
async fn mieke_leaves_traces(t: &TestApp) -> (i64, i64, i64, i64, String) {
    let app = t.app();
    let root = t.principal("root@platform.test").await;
    let inv = burgerstem::service::accounts::invite(
        app,
        &root,
        "ALFA",
        burgerstem::service::accounts::InvitationInput {
            email: EMAIL,
            name: "Mieke Vandersteenhoven",
            role: "citizen",
            panel: Some("burgers"),
        },
    )
    .await
    .unwrap();
    burgerstem::service::accounts::accept_invitation(app, &inv.token, PASSWORD)
        .await
        .unwrap();
    let me = t.token(EMAIL).await;
    let a2 = t.token("a2@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let mine = item(t, &me, "ALFA", "burgers", "Wachtlijst Kwadeplas", true).await;
    let mine = mine["id"].as_i64().unwrap();
    let theirs = item(t, &a2, "ALFA", "burgers", "Bushalte aan de kerk", true).await;
    let theirs = theirs["id"].as_i64().unwrap();
    let base = format!("/api/v1/items/{mine}");
    ok(
        t,
        "POST",
        &format!("{base}/addenda"),
        &me,
        Some(json!({"text": "Aanvulling Zilverberk"})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("/api/v1/items/{theirs}/reactions"),
        &me,
        Some(json!({"text": "Reactie Merelhof", "own_view": true})),
    )
    .await;
    // Staff acknowledge her item: a notification for her, with a mail in the outbox.
    ok(
        t,
        "POST",
        &format!("{base}/transitions"),
        &staff,
        Some(json!({"action": "acknowledge"})),
    )
    .await;
    // A meeting, minutes, and her correction of them.
    let m = ok(
        t,
        "POST",
        "/api/v1/zones/ALFA/meetings",
        &staff,
        Some(json!({"starts_at": "2026-03-10T19:00", "place": "Zaal 1"})),
    )
    .await;
    let m = m["id"].as_i64().unwrap();
    ok(
        t,
        "POST",
        &format!("{base}/transitions"),
        &staff,
        Some(json!({"action": "schedule", "meeting": m})),
    )
    .await;
    t.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 11, 9, 0, 0).unwrap());
    ok(
        t,
        "POST",
        &format!("/api/v1/meetings/{m}/minutes"),
        &staff,
        Some(json!({"item": mine, "summary": "De raad bespreekt de wachtlijst."})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("/api/v1/meetings/{m}/held"),
        &staff,
        None,
    )
    .await;
    ok(
        t,
        "POST",
        &format!("{base}/minutes-responses"),
        &me,
        Some(json!({"correction": "Correctie Meidoornhof"})),
    )
    .await;
    // The council answers; she says the panel got no answer, and why.
    ok(
        t,
        "POST",
        &format!("{base}/transitions"),
        &staff,
        Some(json!({"action": "decide", "outcome": "not-accepted", "reasons": "Geen plaats."})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("{base}/verdict"),
        &me,
        Some(json!({"verdict": "not-answered", "reason": "Oordeel Vlierbes"})),
    )
    .await;
    // A consultation: her advice version, a note beside it, a reaction.
    let c = ok(
        t,
        "POST",
        "/api/v1/zones/ALFA/consultations",
        &staff,
        Some(json!({
        "title": "Openingsuren", "question": "Wanneer moet het onthaal open zijn?",
        "advice_due": "2026-04-30", "panels": ["burgers"]})),
    )
    .await;
    let c = c["id"].as_i64().unwrap();
    ok(
        t,
        "PUT",
        &format!("/api/v1/consultations/{c}/advice"),
        &me,
        Some(json!({"panel": "burgers", "text": "Advies Lindeboom", "base_version": 0})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("/api/v1/consultations/{c}/notes"),
        &me,
        Some(json!({"panel": "burgers", "kind": "dissent", "text": "Notitie Beukenlaan"})),
    )
    .await;
    ok(
        t,
        "POST",
        &format!("/api/v1/consultations/{c}/reactions"),
        &me,
        Some(json!({"text": "Reactie Eikenpad"})),
    )
    .await;
    let id = t.user_id(EMAIL).await;
    (id, mine, theirs, c, me)
}

/// Every stored string anywhere in the database that contains one of the traces.
async fn traces_in_database(t: &TestApp) -> Vec<String> {
    let mut found = vec![];
    match &t.app().db {
        Db::Sqlite(_, _) => {
            let path = t
                .db_url
                .trim_start_matches("sqlite://")
                .split('?')
                .next()
                .unwrap()
                .to_string();
            for file in [
                path.clone(),
                format!("{path}-wal"),
                format!("{path}-journal"),
            ] {
                let Ok(bytes) = std::fs::read(&file) else {
                    continue;
                };
                for tr in TRACES {
                    let needle = tr.as_bytes();
                    if bytes
                        .windows(needle.len())
                        .any(|w| w.eq_ignore_ascii_case(needle))
                    {
                        found.push(format!("{tr} in {file}"));
                    }
                }
            }
        }
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            assert!(tables.len() > 20, "all tables seen: {tables:?}");
            for table in tables {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT t::text FROM \"{table}\" t"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                for row in rows {
                    for tr in TRACES {
                        if row.to_lowercase().contains(&tr.to_lowercase()) {
                            found.push(format!("{tr} in {table}: {row}"));
                        }
                    }
                }
            }
        }
    }
    found
}

fn traces_in(text: &str) -> Vec<&'static str> {
    TRACES
        .iter()
        .copied()
        .filter(|tr| text.to_lowercase().contains(&tr.to_lowercase()))
        .collect()
}

#[rocket::async_test]
async fn an_erased_person_leaves_no_trace_and_the_chain_still_verifies() {
    for t in engines().await {
        seed(&t).await;
        let (id, mine, theirs, c, token) = mieke_leaves_traces(&t).await;
        let before = traces_in_database(&t).await;
        for tr in TRACES {
            assert!(
                before.iter().any(|f| f.starts_with(&format!("{tr} in"))),
                "[{}] the search must see {tr} before erasure: {before:?}",
                t.engine
            );
        }

        // Search finds her words before (issue 19), and not after.
        let a2_token = t.token("a2@alfa.test").await;
        let found = |q: &'static str| {
            let t = &t;
            let token = a2_token.clone();
            async move {
                let (s, v) = t
                    .json(
                        "GET",
                        &format!("/api/v1/zones/ALFA/search?q={q}"),
                        Some(&token),
                        None,
                    )
                    .await;
                assert_eq!(s, Status::Ok, "{v}");
                v["total"].as_u64().unwrap()
            }
        };
        assert_eq!(found("Kwadeplas").await, 1);
        assert_eq!(found("Zilverberk").await, 1);

        // Only an administrator of her zone, and only on her request.
        let a1 = t.web_session("a1@alfa.test").await;
        let beta = t.web_session("admin@beta.test").await;
        let admin = t.web_session("admin@alfa.test").await;
        let page = format!("/zones/ALFA/people/{id}/erase");
        assert_eq!(t.get_as(&a1, &page).await.0, Status::Forbidden);
        assert_eq!(t.get_as(&beta, &page).await.0, Status::NotFound);
        let (s, manage) = t.get_as(&admin, "/zones/ALFA/manage").await;
        assert_eq!(s, Status::Ok);
        assert!(manage.contains(&format!("/zones/ALFA/people/{id}/erase")));
        let own = t.user_id("admin@alfa.test").await;
        assert!(
            !manage.contains(&format!("/zones/ALFA/people/{own}/erase")),
            "no erase link for oneself"
        );
        let (s, body) = t.get_as(&admin, &page).await;
        assert_eq!(s, Status::Ok);
        assert!(body.contains("Mieke Vandersteenhoven") && body.contains(EMAIL));
        let (s, _, body) = t.post_as(&admin, &page, &[("texts", "remove")], true).await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(
            body.contains("Bevestig dat de persoon dit zelf vroeg."),
            "{body}"
        );
        let admin_id = t.user_id("admin@alfa.test").await;
        let (s, _, body) = t
            .post_as(
                &admin,
                &format!("/zones/ALFA/people/{admin_id}/erase"),
                &[("texts", "remove"), ("requested_by_person", "yes")],
                true,
            )
            .await;
        assert_eq!(s, Status::Conflict, "no erasing oneself");
        assert!(body.contains("andere beheerder"));
        let (s, loc, _) = t
            .post_as(
                &admin,
                &page,
                &[("texts", "remove"), ("requested_by_person", "yes")],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther, "[{}]", t.engine);
        assert_eq!(loc.as_deref(), Some("/zones/ALFA/manage"));

        // Nothing of her is stored anywhere: not in a row, a free page, the log or the outbox.
        let after = traces_in_database(&t).await;
        assert!(after.is_empty(), "[{}] left behind: {after:#?}", t.engine);
        verify(&t)
            .await
            .expect("the chain still verifies after erasure");
        for word in ["Kwadeplas", "Zilverberk", "Vlierbes"] {
            assert_eq!(
                found(word).await,
                0,
                "[{}] erased words are not found: {word}",
                t.engine
            );
        }

        // She cannot sign in, and her old token is dead.
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": EMAIL, "password": PASSWORD})),
            )
            .await;
        assert_eq!(s, Status::Unauthorized);
        assert_eq!(
            t.json("GET", "/api/v1/me", Some(&token), None).await.0,
            Status::Unauthorized
        );

        // The pages keep the events, under "verwijderde deelnemer", with a redaction line.
        let a2 = t.web_session("a2@alfa.test").await;
        let (s, item_page) = t.get_as(&a2, &format!("/items/{mine}")).await;
        assert_eq!(s, Status::Ok);
        assert!(item_page.contains("verwijderd op verzoek"), "{item_page}");
        assert!(item_page.contains("verwijderde deelnemer"));
        assert!(
            traces_in(&item_page).is_empty(),
            "{:?}",
            traces_in(&item_page)
        );
        let (_, other_page) = t.get_as(&a2, &format!("/items/{theirs}")).await;
        assert!(
            traces_in(&other_page).is_empty(),
            "{:?}",
            traces_in(&other_page)
        );
        let a2t = t.token("a2@alfa.test").await;
        let tl = ok(
            &t,
            "GET",
            &format!("/api/v1/items/{mine}/timeline"),
            &a2t,
            None,
        )
        .await;
        let kinds: Vec<&str> = tl["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(
            kinds.contains(&"submitted") && kinds.contains(&"words-erased"),
            "{kinds:?}"
        );
        let (_, consultation_page) = t.get_as(&a2, &format!("/consultations/{c}")).await;
        assert!(
            traces_in(&consultation_page).is_empty(),
            "{:?}",
            traces_in(&consultation_page)
        );

        // Nor do the staff exports, the open data or the feed.
        let staff = t.token("staff@alfa.test").await;
        for what in ["items", "consultations", "signals", "actions"] {
            for ext in ["csv", "json"] {
                let (s, v) = t
                    .json(
                        "GET",
                        &format!("/api/v1/zones/ALFA/export/{what}.{ext}"),
                        Some(&staff),
                        None,
                    )
                    .await;
                assert_eq!(s, Status::Ok);
                let text = v.to_string();
                assert!(
                    traces_in(&text).is_empty(),
                    "{what}.{ext}: {:?}",
                    traces_in(&text)
                );
            }
        }
        for path in [
            "/zones/ALFA/opendata/items.json",
            "/zones/ALFA/opendata/items.csv",
            "/zones/ALFA/feed.atom",
        ] {
            let (s, body) = t.get_as(&t.anonymous(), path).await;
            assert_eq!(s, Status::Ok, "{path}");
            assert!(traces_in(&body).is_empty(), "{path}");
        }
        // Erased once: the person is no longer the zone's to erase.
        assert_eq!(t.get_as(&admin, &page).await.0, Status::NotFound);
    }
}

#[rocket::async_test]
async fn texts_left_under_the_panel_stay_but_the_name_goes() {
    for t in engines().await {
        seed(&t).await;
        let (id, mine, _, _, _) = mieke_leaves_traces(&t).await;
        let admin = t.token("admin@alfa.test").await;
        let path = format!("/api/v1/zones/ALFA/people/{id}/erasure");
        let (s, v) = t
            .json(
                "POST",
                &path,
                Some(&admin),
                Some(json!({"texts": "keep", "requested_by_person": false})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(
            v["error"]["fields"]["requested_by_person"].is_string(),
            "{v}"
        );
        let beta = t.token("admin@beta.test").await;
        let (s, _) = t
            .json(
                "POST",
                &path,
                Some(&beta),
                Some(json!({"texts": "keep", "requested_by_person": true})),
            )
            .await;
        assert_eq!(s, Status::NotFound, "another zone's administrator");
        let v = ok(
            &t,
            "POST",
            &path,
            &admin,
            Some(json!({"texts": "keep", "requested_by_person": true})),
        )
        .await;
        assert_eq!(v["texts"], "keep");
        assert_eq!(v["items"], 0);

        let left = traces_in_database(&t).await;
        for who in ["Mieke", "Vandersteenhoven", "miekevds"] {
            assert!(
                !left.iter().any(|f| f.starts_with(&format!("{who} in"))),
                "[{}] {who} left: {left:#?}",
                t.engine
            );
        }
        assert!(
            left.iter().any(|f| f.starts_with("Kwadeplas in")),
            "her words stay: {left:?}"
        );
        verify(&t).await.expect("chain verifies");
        let a2 = t.token("a2@alfa.test").await;
        let v = ok(&t, "GET", &format!("/api/v1/items/{mine}"), &a2, None).await;
        assert_eq!(v["title"], "Wachtlijst Kwadeplas");
        assert!(!v.to_string().contains("Mieke"), "{v}");
    }
}

#[rocket::async_test]
async fn an_administrator_of_one_zone_cannot_erase_someone_of_two() {
    for t in engines().await {
        seed(&t).await;
        let root = t.principal("root@platform.test").await;
        // a1 of ALFA is invited into BETA too.
        let inv = burgerstem::service::accounts::invite(
            t.app(),
            &root,
            "BETA",
            burgerstem::service::accounts::InvitationInput {
                email: "a1@alfa.test",
                name: "a1 van ALFA",
                role: "citizen",
                panel: Some("burgers"),
            },
        )
        .await
        .unwrap();
        // She accepts it signed in as herself.
        let mut c = t.app().db.conn().await.unwrap();
        let me = burgerstem::db::people::user_by_email(&mut c.ex(), "a1@alfa.test")
            .await
            .unwrap()
            .unwrap();
        drop(c);
        burgerstem::service::accounts::accept_invitation_as(t.app(), &inv.token, &me)
            .await
            .unwrap();
        let id = t.user_id("a1@alfa.test").await;
        let admin = t.token("admin@alfa.test").await;
        let body = json!({"texts": "remove", "requested_by_person": true});
        let path = format!("/api/v1/zones/ALFA/people/{id}/erasure");
        let (s, v) = t
            .json("POST", &path, Some(&admin), Some(body.clone()))
            .await;
        assert_eq!(s, Status::Conflict, "{v}");
        assert_eq!(v["error"]["code"], "conflict");
        let root_token = t.token("root@platform.test").await;
        ok(&t, "POST", &path, &root_token, Some(body.clone())).await;
        let (s, _) = t.json("POST", &path, Some(&root_token), Some(body)).await;
        assert_eq!(s, Status::NotFound, "nobody left to erase");
        verify(&t).await.unwrap();
    }
}

#[rocket::async_test]
async fn my_data_downloads_once_for_its_owner_until_it_expires() {
    for t in engines().await {
        seed(&t).await;
        let (_, _, _, _, token) = mieke_leaves_traces(&t).await;
        let me = t.web_session(EMAIL).await;
        let (s, page) = t.get_as(&me, "/mijn-gegevens").await;
        assert_eq!(s, Status::Ok);
        assert!(page.contains("Maak mijn download klaar"));
        let (s, _, page) = t.post_as(&me, "/mijn-gegevens", &[], true).await;
        assert_eq!(s, Status::Ok);
        let link = page
            .split("href=\"")
            .find_map(|p| p.strip_prefix("/mijn-gegevens/"))
            .and_then(|p| p.split('"').next())
            .map(|tok| format!("/mijn-gegevens/{tok}"))
            .expect("a download link");

        // Someone else's session does not open it, and does not use it up either.
        let other = t.web_session("a2@alfa.test").await;
        let (s, body) = t.get_as(&other, &link).await;
        assert_eq!(s, Status::NotFound);
        assert!(body.contains("Deze link werkt niet meer"));
        let (s, body) = t.get_as(&me, &link).await;
        assert_eq!(s, Status::Ok, "{body}");
        let doc: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(doc["format"], "burgerstem-personal-data/1");
        assert_eq!(doc["profile"]["email"], EMAIL);
        assert_eq!(doc["profile"]["name"], "Mieke Vandersteenhoven");
        assert_eq!(doc["memberships"][0]["zone"], "ALFA");
        assert_eq!(doc["panels"][0]["panel"], "Burgerplatform");
        assert_eq!(doc["items"][0]["title"], "Wachtlijst Kwadeplas");
        assert_eq!(doc["addenda"][0]["text"], "Aanvulling Zilverberk");
        assert_eq!(doc["reactions_and_notes"][0]["text"], "Reactie Merelhof");
        assert_eq!(doc["minutes_responses"][0]["text"], "Correctie Meidoornhof");
        assert_eq!(doc["advice_versions"][0]["text"], "Advies Lindeboom");
        assert_eq!(doc["advice_notes"][0]["text"], "Notitie Beukenlaan");
        assert_eq!(doc["consultation_reactions"][0]["text"], "Reactie Eikenpad");
        assert!(
            !doc["notifications"].as_array().unwrap().is_empty(),
            "{doc}"
        );
        assert!(
            doc["login_history"].as_array().unwrap().len() >= 2,
            "api token and web session"
        );
        assert!(doc["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "submitted"));
        assert!(
            !body.contains("password"),
            "no password hash in the download"
        );
        // Once only.
        assert_eq!(t.get_as(&me, &link).await.0, Status::NotFound);

        // Over the API, and a link that has expired.
        let v = ok(&t, "POST", "/api/v1/me/data", &token, None).await;
        let url = v["download"].as_str().unwrap().to_string();
        t.clock.advance(Duration::minutes(31));
        let (s, v) = t.json("GET", &url, Some(&token), None).await;
        assert_eq!(s, Status::NotFound, "{v}");
        let v = ok(&t, "POST", "/api/v1/me/data", &token, None).await;
        let doc = ok(&t, "GET", v["download"].as_str().unwrap(), &token, None).await;
        assert_eq!(doc["data_downloads"].as_array().unwrap().len(), 3);
    }
}

#[rocket::async_test]
async fn retention_removes_a_closed_items_personal_data_once() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let it = item(
            &t,
            &a1,
            "ALFA",
            "burgers",
            "Parking aan het ziekenhuis",
            true,
        )
        .await;
        let id = it["id"].as_i64().unwrap();
        ok(&t, "POST", &format!("/api/v1/items/{id}/cosign"), &a2, None).await;
        let staff = t.token("staff@alfa.test").await;
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            &staff,
            Some(json!({"action": "acknowledge"})),
        )
        .await;
        let withdrawn = ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            &a1,
            Some(json!({"action": "withdraw"})),
        )
        .await;
        assert_eq!(withdrawn["status"], "withdrawn", "{withdrawn}");

        // Default: nothing is removed, however long ago.
        t.clock.advance(Duration::days(400));
        assert_eq!(run_due_jobs(t.app()).await.unwrap().retention_applied, 0);

        let admin = t.web_session("admin@alfa.test").await;
        let settings = |days: &'static str| {
            [
                ("ack_days", "14"),
                ("response_days", "60"),
                ("max_response_days", "120"),
                ("report_days", "60"),
                ("retention_days", days),
            ]
        };
        let (s, _, body) = t
            .post_as(&admin, "/zones/ALFA/settings", &settings("5"), true)
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(body.contains("tussen 30 en 3650"), "{body}");
        let (s, _, _) = t
            .post_as(&admin, "/zones/ALFA/settings", &settings("500"), true)
            .await;
        assert_eq!(s, Status::SeeOther);
        assert_eq!(
            run_due_jobs(t.app()).await.unwrap().retention_applied,
            0,
            "not yet 500 days"
        );
        let (s, _, _) = t
            .post_as(&admin, "/zones/ALFA/settings", &settings("365"), true)
            .await;
        assert_eq!(s, Status::SeeOther);
        let (_, manage) = t.get_as(&admin, "/zones/ALFA/manage").await;
        assert!(manage.contains("value=\"365\""));

        assert_eq!(run_due_jobs(t.app()).await.unwrap().retention_applied, 1);
        assert_eq!(
            run_due_jobs(t.app()).await.unwrap().retention_applied,
            0,
            "once"
        );
        let v = ok(&t, "GET", &format!("/api/v1/items/{id}"), &a1, None).await;
        assert_eq!(v["title"], "Parking aan het ziekenhuis", "the words stay");
        assert!(!v.to_string().contains("a1 van ALFA"), "{v}");
        assert!(!v.to_string().contains("a2 van ALFA"), "{v}");
        let tl = ok(
            &t,
            "GET",
            &format!("/api/v1/items/{id}/timeline"),
            &a1,
            None,
        )
        .await;
        let last = tl["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "personal-data-removed", "{last}");
        assert_eq!(last["data"]["supporters"], 1, "{last}");
        assert!(!tl.to_string().contains("a1 van ALFA"));
        let (_, page) = t
            .get_as(
                &t.web_session("a1@alfa.test").await,
                &format!("/items/{id}/timeline"),
            )
            .await;
        assert!(page.contains("Persoonsgegevens verwijderd"), "{page}");
        assert!(!page.contains("a2 van ALFA"));
        verify(&t).await.unwrap();
    }
}

/// The one edit the append-only text tables accept is the erasure marker in place of the words,
/// with every other column as it was.
#[rocket::async_test]
async fn the_database_accepts_only_the_erasure_marker_as_an_edit() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let it = item(&t, &a1, "ALFA", "burgers", "Bankjes in het park", true).await;
        let id = it["id"].as_i64().unwrap();
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/reactions"),
            &a1,
            Some(json!({"text": "Eerste reactie"})),
        )
        .await;
        let attempts = [
            (format!("UPDATE item_notes SET body = 'andere woorden' WHERE item_id = {id}"), false),
            (format!("UPDATE item_notes SET body = 'verwijderd op verzoek', kind = 'closing-note' WHERE item_id = {id}"), false),
            (format!("UPDATE items SET title = 'andere titel' WHERE id = {id}"), false),
            (format!("UPDATE items SET title = 'verwijderd op verzoek', kind = 'question' WHERE id = {id}"), false),
            (format!("UPDATE item_notes SET body = 'verwijderd op verzoek' WHERE item_id = {id}"), true),
            (format!("UPDATE items SET title = 'verwijderd op verzoek', body = 'verwijderd op verzoek' WHERE id = {id}"), true),
        ];
        for (sql, allowed) in attempts {
            let r = match &t.app().db {
                // Its own connection: the pool's only read.
                Db::Sqlite(_, w) => {
                    let mut c = w.side_connection().await.unwrap();
                    sqlx::query(&sql).execute(&mut c).await.map(|_| ())
                }
                Db::Postgres(p) => sqlx::query(&sql).execute(p).await.map(|_| ()),
            };
            assert_eq!(r.is_ok(), allowed, "[{}] {sql}: {r:?}", t.engine);
        }
    }
}
