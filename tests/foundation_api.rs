//! The foundation through the JSON API: zones, panels, invitations, items, timelines.

mod common;

use common::*;
use rocket::http::Status;
use serde_json::{json, Value};

#[rocket::async_test]
async fn citizens_bring_in_items_and_the_history_verifies() {
    for t in engines().await {
        let e = t.engine;
        // Bootstrap: a platform admin creates a zone; its admin a panel and an invitation.
        burgerstem::service::accounts::create_user(
            t.app(),
            burgerstem::service::accounts::NewAccount {
                email: "root@platform.test",
                name: "Root",
                password: PASSWORD,
            },
            true,
        )
        .await
        .unwrap();
        let root = t.token("root@platform.test").await;
        let (s, z) = t
            .json(
                "POST",
                "/api/v1/zones",
                Some(&root),
                Some(json!({"code": "DEMO", "name": "ELZ Demostreek"})),
            )
            .await;
        assert_eq!(s, Status::Created, "{e}: {z}");
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/zones",
                Some(&root),
                Some(json!({"code": "DEMO", "name": "Nog eens"})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{e}: duplicate zone code");
        let (s, p) = t
            .json(
                "POST",
                "/api/v1/zones/DEMO/panels",
                Some(&root),
                Some(
                    json!({"slug": "burgers", "name": "Burgerplatform", "kind": "burgerplatform"}),
                ),
            )
            .await;
        assert_eq!(s, Status::Created, "{e}: {p}");
        let (s, bad) = t
            .json(
                "POST",
                "/api/v1/zones/DEMO/panels",
                Some(&root),
                Some(json!({"slug": "x y", "name": "", "kind": "club"})),
            )
            .await;
        // A kind outside the documented choices is refused as it is read, naming the field.
        assert_eq!(s, Status::UnprocessableEntity);
        assert_eq!(bad["error"]["code"], "invalid");
        assert!(bad["error"]["fields"]["kind"].is_string(), "{bad}");
        let (s, bad) = t
            .json(
                "POST",
                "/api/v1/zones/DEMO/panels",
                Some(&root),
                Some(json!({"slug": "x y", "name": "", "kind": "burgerplatform"})),
            )
            .await;
        // Of the right shape: every field that is wrong is named at once.
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(
            bad["error"]["fields"]["slug"].is_string()
                && bad["error"]["fields"]["name"].is_string(),
            "{bad}"
        );

        let mut tokens = vec![];
        for who in ["an", "bo"] {
            let (s, inv) = t
                .json(
                    "POST",
                    "/api/v1/zones/DEMO/invitations",
                    Some(&root),
                    Some(json!({"email": format!("{who}@demo.test"), "name": who.to_uppercase(), "role": "citizen", "panel": "burgers"})),
                )
                .await;
            assert_eq!(s, Status::Created, "{e}: {inv}");
            let url = inv["accept_url"].as_str().unwrap();
            assert!(
                url.starts_with("http://127.0.0.1:8000/invitations/"),
                "{url}"
            );
            let token = url.rsplit('/').next().unwrap();
            let (s, acc) = t
                .json(
                    "POST",
                    &format!("/api/v1/invitations/{token}"),
                    None,
                    Some(json!({"password": PASSWORD})),
                )
                .await;
            assert_eq!(s, Status::Created, "{e}: {acc}");
            // Single use.
            let (s, _) = t
                .json(
                    "POST",
                    &format!("/api/v1/invitations/{token}"),
                    None,
                    Some(json!({"password": PASSWORD})),
                )
                .await;
            assert_eq!(s, Status::NotFound, "{e}: an invitation works once");
            tokens.push(t.token(&format!("{who}@demo.test")).await);
        }
        let (an, bo) = (&tokens[0], &tokens[1]);

        let (s, me) = t.json("GET", "/api/v1/me", Some(an), None).await;
        assert_eq!(s, Status::Ok);
        assert_eq!(me["memberships"][0]["zone"]["code"], "DEMO");
        assert_eq!(me["memberships"][0]["panels"][0]["slug"], "burgers");

        // A draft with a reference number given at once.
        let text = "Wij willen  meer banken.\n\nOok   in de winter!  ";
        let (s, it) = t
            .json(
                "POST",
                "/api/v1/zones/DEMO/items",
                Some(an),
                Some(json!({"panel": "burgers", "kind": "proposal", "title": "Zitbanken", "text": text, "heard_at": "koffiemoment"})),
            )
            .await;
        assert_eq!(s, Status::Created, "{e}: {it}");
        assert_eq!(it["reference"], "DEMO-2026-0001");
        assert_eq!(it["status"], "draft");
        assert_eq!(it["original_text"], text, "words are kept exactly");
        let id = it["id"].as_i64().unwrap();
        let (_, second) = t
            .json(
                "POST",
                "/api/v1/zones/DEMO/items",
                Some(bo),
                Some(json!({"panel": "burgers", "kind": "question", "title": "Twee", "text": "x"})),
            )
            .await;
        assert_eq!(second["reference"], "DEMO-2026-0002");

        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/cosign"),
                Some(bo),
                None,
            )
            .await;
        assert_eq!(s, Status::Created);
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/cosign"),
                Some(bo),
                None,
            )
            .await;
        assert_eq!(s, Status::Conflict, "co-sign once");
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/addenda"),
                Some(an),
                Some(json!({"text": "te vroeg"})),
            )
            .await;
        assert_eq!(s, Status::Forbidden, "no addendum on a draft");

        let (s, sub) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/submit"),
                Some(an),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{sub}");
        assert_eq!(sub["status"], "submitted");
        let (s, again) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/submit"),
                Some(an),
                None,
            )
            .await;
        assert_eq!(s, Status::Conflict, "{again}");
        assert!(
            again["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Dat kan niet"),
            "{again}"
        );

        let (s, add) = t
            .json(
                "POST",
                &format!("/api/v1/items/{id}/addenda"),
                Some(bo),
                Some(json!({"text": "Ook aan de bushalte."})),
            )
            .await;
        assert_eq!(s, Status::Created, "{add}");
        assert_eq!(add["addenda"][0]["text"], "Ook aan de bushalte.");
        assert_eq!(
            add["original_text"], text,
            "the addendum sits beside the text"
        );

        let (s, list) = t
            .json(
                "GET",
                "/api/v1/zones/DEMO/items?status=submitted",
                Some(bo),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok);
        let refs: Vec<_> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].clone())
            .collect();
        assert_eq!(refs, vec![json!("DEMO-2026-0001")]);
        let (s, _) = t
            .json(
                "GET",
                "/api/v1/zones/DEMO/items?status=bestaat-niet",
                Some(bo),
                None,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);

        let (s, tl) = t
            .json(
                "GET",
                &format!("/api/v1/items/{id}/timeline"),
                Some(bo),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok);
        let events = tl["events"].as_array().unwrap();
        let kinds: Vec<_> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["created", "cosigned", "submitted", "addendum-added"],
            "{e}"
        );
        assert_eq!(events[0]["actor"], "AN");
        assert_eq!(events[1]["actor"], "BO");
        let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order: {seqs:?}");
        for e in events {
            assert_eq!(e["hash"].as_str().unwrap().len(), 64);
            assert!(
                e["at"].as_str().unwrap().ends_with('Z'),
                "stored and sent in UTC"
            );
        }
        let (zones, n) = verify(&t).await.expect("chain verifies");
        assert_eq!(zones, 1);
        assert!(n >= 10, "{n}");

        // Revoking the token ends it.
        let (s, _) = t
            .json("DELETE", "/api/v1/tokens/current", Some(bo), None)
            .await;
        assert_eq!(s, Status::NoContent);
        let (s, err) = t.json("GET", "/api/v1/me", Some(bo), None).await;
        assert_eq!(s, Status::Unauthorized);
        assert_eq!(err["error"]["code"], "unauthorized");
    }
}

#[rocket::async_test]
async fn api_errors_are_json_with_the_right_status() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let (s, v) = t.json("GET", "/api/v1/me", None, None).await;
    assert_eq!(s, Status::Unauthorized);
    assert_eq!(v["error"]["code"], "unauthorized");
    let (s, v) = t.json("GET", "/api/v1/items/99999", Some(&a1), None).await;
    assert_eq!(s, Status::NotFound);
    assert_eq!(v["error"]["code"], "not-found");
    assert!(v["error"]["message"].is_string());
    // Malformed JSON.
    let res = t
        .client
        .post("/api/v1/zones/ALFA/items")
        .header(rocket::http::Header::new(
            "Authorization",
            format!("Bearer {a1}"),
        ))
        .header(rocket::http::ContentType::JSON)
        .body("{not json")
        .dispatch()
        .await;
    assert!(
        res.status().code == 400 || res.status().code == 422,
        "{}",
        res.status()
    );
    let v: serde_json::Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert!(v["error"]["code"].is_string());
    // Too large.
    let big = "x".repeat(200 * 1024);
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&a1),
            Some(json!({"panel": "burgers", "kind": "proposal", "title": "t", "text": big})),
        )
        .await;
    assert_eq!(s, Status::PayloadTooLarge, "{v}");
    assert_eq!(v["error"]["code"], "too-large");
    // Empty title.
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&a1),
            Some(json!({"panel": "burgers", "kind": "proposal", "title": "  ", "text": "x"})),
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert_eq!(v["error"]["fields"]["title"], "Vul dit in.");
    // A citizen cannot create zones.
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/zones",
            Some(&a1),
            Some(json!({"code": "GAMMA", "name": "x"})),
        )
        .await;
    assert_eq!(s, Status::Forbidden);
    // A citizen may not bring in for another panel of the zone.
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&a1),
            Some(json!({"panel": "pzon", "kind": "proposal", "title": "t", "text": "x"})),
        )
        .await;
    assert_eq!(s, Status::Forbidden);
}

#[rocket::async_test]
async fn login_is_rate_limited_without_revealing_accounts() {
    let t = sqlite().await;
    seed(&t).await;
    let mut statuses = vec![];
    for _ in 0..12 {
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": "a1@alfa.test", "password": "fout wachtwoord"})),
            )
            .await;
        statuses.push(s.code);
        if s == Status::Unauthorized {
            assert_eq!(
                v["error"]["message"],
                "Het e-mailadres of het wachtwoord klopt niet."
            );
        }
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses[0], 401);
    // An unknown email gets the very same answer.
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "niemand@alfa.test", "password": "fout wachtwoord"})),
        )
        .await;
    assert_eq!(s, Status::Unauthorized);
    assert_eq!(
        v["error"]["message"],
        "Het e-mailadres of het wachtwoord klopt niet."
    );
    // The throttled account is still throttled even with the right password.
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "a1@alfa.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(s, Status::TooManyRequests);
    // Another account from the same client still works.
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "a2@alfa.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(s, Status::Created);
}

#[rocket::async_test]
async fn drafts_belong_to_the_panel_until_submitted() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let a3 = t.token("a3@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let draft = item(&t, &a1, "ALFA", "burgers", "Ontwerp", false).await;
    let id = draft["id"].as_i64().unwrap();
    for who in [&a3, &staff] {
        let (s, _) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(who), None)
            .await;
        assert_eq!(s, Status::NotFound, "a draft is the panel's alone");
        let (_, list) = t
            .json("GET", "/api/v1/zones/ALFA/items", Some(who), None)
            .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0);
    }
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/submit"),
        Some(&a1),
        None,
    )
    .await;
    for who in [&a3, &staff] {
        let (s, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(who), None)
            .await;
        assert_eq!(s, Status::Ok);
        assert_eq!(v["status"], "submitted");
    }
}

#[rocket::async_test]
async fn invitations_expire() {
    let t = sqlite().await;
    seed(&t).await;
    let admin = t.token("admin@alfa.test").await;
    let (s, inv) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/invitations",
            Some(&admin),
            Some(json!({"email": "laat@alfa.test", "name": "Laat", "role": "staff"})),
        )
        .await;
    assert_eq!(s, Status::Created);
    let token = inv["token"].as_str().unwrap().to_string();
    t.clock.advance(chrono::Duration::days(15));
    let (s, _) = t
        .json(
            "POST",
            &format!("/api/v1/invitations/{token}"),
            None,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(s, Status::NotFound, "expired after 14 days");
    // A citizen invitation needs a panel; a staff member of another zone cannot invite here.
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/invitations",
            Some(&admin),
            Some(json!({"email": "x@alfa.test", "name": "X", "role": "citizen"})),
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity, "{v}");
    let beta_admin = t.token("admin@beta.test").await;
    let (s, _) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/invitations",
            Some(&beta_admin),
            Some(json!({"email": "x@alfa.test", "name": "X", "role": "staff"})),
        )
        .await;
    assert_eq!(s, Status::NotFound);
}

/// What a generated client sends wrong gets the status that says what: the path exists, so not 404.
#[rocket::async_test]
async fn a_wrong_method_or_media_type_is_named_not_a_missing_page() {
    use rocket::http::{ContentType, Header};
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let bearer = || Header::new("Authorization", format!("Bearer {a1}"));
    let body = r#"{"kind":"proposal","title":"Bankjes","body":"Meer bankjes in het park","panel":"burgers"}"#;
    // No Content-Type, and the wrong one: 415, and nothing written.
    let res = t
        .client
        .post("/api/v1/zones/ALFA/items")
        .header(bearer())
        .body(body)
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::UnsupportedMediaType);
    let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert_eq!(v["error"]["code"], "unsupported-media-type", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("application/json"),
        "{v}"
    );
    let res = t
        .client
        .post("/api/v1/zones/ALFA/items")
        .header(bearer())
        .header(ContentType::Form)
        .body(body)
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::UnsupportedMediaType);
    let (_, list) = t
        .json("GET", "/api/v1/zones/ALFA/items", Some(&a1), None)
        .await;
    assert!(!list.to_string().contains("Bankjes"), "{list}");
    // A method the path does not take: 405 with the ones it does.
    let res = t
        .client
        .delete("/api/v1/zones/ALFA/items")
        .header(bearer())
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::MethodNotAllowed);
    assert_eq!(res.headers().get_one("Allow"), Some("GET, HEAD, POST"));
    let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert_eq!(v["error"]["code"], "method-not-allowed", "{v}");
    // A path that does not exist stays 404.
    let (s, _) = t.json("DELETE", "/api/v1/nergens", Some(&a1), None).await;
    assert_eq!(s, Status::NotFound);
}

/// A query value that does not fit its documented type is refused naming the parameter, not
/// read as "absent" (page "2x" used to give page 1, `unread=null` everything).
#[rocket::async_test]
async fn query_values_that_do_not_fit_the_document_are_named() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    for (path, field) in [
        ("/api/v1/me/notifications?unread=null", "unread"),
        (
            "/api/v1/me/notifications?unread=true&unread=false",
            "unread",
        ),
        ("/api/v1/zones/ALFA/items?page=2x", "page"),
        ("/api/v1/zones/ALFA/items?status=zoek", "status"),
        ("/api/v1/zones/ALFA/search?q=bank&page=0", "page"),
        ("/api/v1/zones/ALFA/report?from=gisteren", "from"),
    ] {
        let (s, v) = t.json("GET", path, Some(&a1), None).await;
        assert_eq!(s, Status::UnprocessableEntity, "{path}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{path}: {v}");
    }
    let (s, v) = t
        .json(
            "GET",
            "/api/v1/me/notifications?unread=true",
            Some(&a1),
            None,
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    let (s, v) = t
        .json("GET", "/api/v1/zones/ALFA/items?page=1", Some(&a1), None)
        .await;
    assert_eq!(s, Status::Ok, "{v}");
}

/// Credentials are one of two shapes; what is neither names the field.
#[rocket::async_test]
async fn credentials_that_are_neither_shape_name_the_field() {
    let t = sqlite().await;
    seed(&t).await;
    for (body, field) in [
        (json!({}), "email"),
        (json!({"email": "a1@alfa.test"}), "password"),
        (
            json!({"sign_in_link": "abc", "email": "a1@alfa.test"}),
            "sign_in_link",
        ),
    ] {
        let (s, v) = t
            .json("POST", "/api/v1/tokens", None, Some(body.clone()))
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{body}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{body}: {v}");
    }
}

/// A move's body is one of the moves, each with exactly its fields: what is missing or unknown is
/// named.
#[rocket::async_test]
async fn a_move_names_what_it_lacks() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let id = item(&t, &a1, "ALFA", "burgers", "Bankjes", true).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/items/{id}/transitions");
    for (body, field) in [
        (json!({"action": "fly"}), "action"),
        (json!({}), "action"),
        (json!({"action": "decide", "reasons": "Goed."}), "outcome"),
        (json!({"action": "schedule"}), "meeting"),
        (json!({"action": "request-clarification"}), "text"),
    ] {
        let (s, v) = t
            .json("POST", &path, Some(&staff), Some(body.clone()))
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{body}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{body}: {v}");
    }
    let (s, v) = t
        .json(
            "POST",
            &path,
            Some(&staff),
            Some(json!({"action": "acknowledge"})),
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    assert_eq!(v["status"], "acknowledged", "{v}");
}

/// A meeting in year 0026 is a typing error, not a meeting: refused, naming the field and the
/// dates that can be.
#[rocket::async_test]
async fn a_meeting_date_far_from_today_is_refused() {
    let t = sqlite().await;
    seed(&t).await;
    let staff = t.token("staff@alfa.test").await;
    for when in ["0026-04-15T19:30", "2099-04-15T19:30"] {
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/meetings",
                Some(&staff),
                Some(json!({"starts_at": when, "place": "Zaal 1"})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{when}: {v}");
        let msg = v["error"]["fields"]["starts_at"]
            .as_str()
            .unwrap_or_default();
        assert!(msg.contains(" en "), "{when}: {v}");
    }
    let next_month = (t.app().clock.now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT19:30")
        .to_string();
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/meetings",
            Some(&staff),
            Some(json!({"starts_at": next_month, "place": "Zaal 1"})),
        )
        .await;
    assert_eq!(s, Status::Created, "{v}");
}

/// A new item, meeting or consultation answers 201 with `Location`, where a client finds it.
#[rocket::async_test]
async fn a_new_resource_says_where_it_is() {
    use rocket::http::{ContentType, Header};
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let staff = t.token("staff@alfa.test").await;
    let next_month = (t.app().clock.now() + chrono::Duration::days(30))
        .format("%Y-%m-%dT19:30")
        .to_string();
    let due = (t.app().clock.now() + chrono::Duration::days(20))
        .format("%Y-%m-%d")
        .to_string();
    for (token, path, body, prefix) in [
        (
            &a1,
            "/api/v1/zones/ALFA/items",
            json!({"panel": "burgers", "kind": "proposal", "title": "Bankjes", "text": "Meer bankjes"}),
            "/api/v1/items/",
        ),
        (
            &staff,
            "/api/v1/zones/ALFA/meetings",
            json!({"starts_at": next_month, "place": "Zaal 1"}),
            "/api/v1/meetings/",
        ),
        (
            &staff,
            "/api/v1/zones/ALFA/consultations",
            json!({"title": "Vervoer", "question": "Wat vindt u?", "advice_due": due, "panels": ["burgers"]}),
            "/api/v1/consultations/",
        ),
    ] {
        let res = t
            .client
            .post(path)
            .header(Header::new("Authorization", format!("Bearer {token}")))
            .header(ContentType::JSON)
            .body(body.to_string())
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Created, "{path}");
        let location = res
            .headers()
            .get_one("Location")
            .unwrap_or_default()
            .to_string();
        let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
        assert_eq!(location, format!("{prefix}{}", v["id"]), "{path}: {v}");
        let (s, again) = t.json("GET", &location, Some(token), None).await;
        assert_eq!(s, Status::Ok, "{location}");
        assert_eq!(again["id"], v["id"], "{location}");
    }
}

/// A list says where its next page is, in the body and in `Link`, and the last page says none.
#[rocket::async_test]
async fn a_list_says_where_its_next_page_is() {
    use rocket::http::Header;
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    for i in 0..51 {
        item(&t, &a1, "ALFA", "burgers", &format!("Punt {i}"), false).await;
    }
    let get = |path: &'static str| {
        t.client
            .get(path)
            .header(Header::new("Authorization", format!("Bearer {a1}")))
            .dispatch()
    };
    let res = get("/api/v1/zones/ALFA/items?status=draft").await;
    assert_eq!(res.status(), Status::Ok);
    let link = res.headers().get_one("Link").map(str::to_string);
    let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 50);
    assert_eq!(
        (
            v["page"].as_i64(),
            v["per_page"].as_i64(),
            v["total"].as_i64()
        ),
        (Some(1), Some(50), Some(51))
    );
    let next = "/api/v1/zones/ALFA/items?status=draft&page=2";
    assert_eq!(v["next"], next, "{v}");
    assert_eq!(
        link.as_deref(),
        Some(format!("<{next}>; rel=\"next\"").as_str())
    );
    let res = get("/api/v1/zones/ALFA/items?status=draft&page=2").await;
    assert!(res.headers().get_one("Link").is_none());
    let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert!(v["next"].is_null(), "{v}");
    assert_eq!(
        v["total"], 51,
        "the total is the whole list's, on every page"
    );
    // The total counts what the caller may list: another panel's drafts are not theirs.
    let a3 = t.token("a3@alfa.test").await;
    let res = t
        .client
        .get("/api/v1/zones/ALFA/items?status=draft")
        .header(Header::new("Authorization", format!("Bearer {a3}")))
        .dispatch()
        .await;
    let v: Value = serde_json::from_str(&res.into_string().await.unwrap()).unwrap();
    assert_eq!(
        (v["total"].as_i64(), v["items"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
}
