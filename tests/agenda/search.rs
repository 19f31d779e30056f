//! Search and "was this raised before?" (issue 19), on both engines: what is found, by whom, and
//! nothing anyone types breaks it.

use super::*;

async fn search(t: &TestApp, token: Option<&str>, query: &str) -> (Status, Value) {
    t.json(
        "GET",
        &format!("/api/v1/zones/ALFA/search?{query}"),
        token,
        None,
    )
    .await
}

fn references(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| h["reference"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn decided_item(t: &TestApp, token: &str, staff: &str, title: &str, reasons: &str) -> Value {
    let it = item(t, token, "ALFA", "burgers", title, true).await;
    let id = it["id"].as_i64().unwrap();
    ok_mv(t, staff, id, json!({"action": "acknowledge"})).await;
    ok_mv(
        t,
        staff,
        id,
        json!({"action": "decide", "outcome": "accepted", "reasons": reasons}),
    )
    .await;
    it
}

#[rocket::async_test]
async fn search_finds_what_each_person_may_read_and_nothing_breaks_it() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a3 = t.token("a3@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let beta = t.token("a1@beta.test").await;
        let it = decided_item(
            &t,
            &a1,
            &staff,
            "Wachtlijst thuisverpleging",
            "De zorgraad vraagt één coördinator voor de wachtlijsten in het Waasland.",
        )
        .await;
        let reference = it["reference"].as_str().unwrap().to_string();

        // A word of the decision's reasons, and an accent-free spelling of another.
        for q in ["Waasland", "coordinator", "COÖRDINATOR wachtlijst"] {
            let q = format!("q={}", urlencode(q));
            let (s, v) = search(&t, Some(&a3), &q).await;
            assert_eq!(s, Status::Ok, "{}: {q}: {v}", t.engine);
            assert_eq!(
                references(&v),
                std::slice::from_ref(&reference),
                "{}: {q}: {v}",
                t.engine
            );
            assert_eq!(v["hits"][0]["found_in"], "decision");
            let pieces = v["hits"][0]["fragment"].as_array().unwrap();
            assert!(
                pieces.iter().any(|p| p["hit"] == true),
                "the matching word is marked: {v}"
            );
        }
        // A word begins longer ones; the citizen's own words are found too.
        let (_, v) = search(&t, Some(&a3), "q=thuisverpleg").await;
        assert_eq!(references(&v), std::slice::from_ref(&reference));

        // Another zone's citizen, and a visitor, find it only once the panel made it public.
        for who in [Some(beta.as_str()), None] {
            let (s, v) = search(&t, who, "q=Waasland").await;
            assert_eq!(s, Status::Ok);
            assert_eq!(v["total"], 0, "{}: not public yet: {v}", t.engine);
        }
        make_public(&t, &a1, it["id"].as_i64().unwrap()).await;
        let (_, v) = search(&t, None, "q=Waasland").await;
        assert_eq!(
            references(&v),
            std::slice::from_ref(&reference),
            "public now"
        );

        // A draft is its panel's alone.
        let draft = item(&t, &a1, "ALFA", "burgers", "Ontwerp over Kruibeke", false).await;
        let (_, v) = search(&t, Some(&a3), "q=Kruibeke").await;
        assert_eq!(v["total"], 0, "another panel does not find a draft: {v}");
        let (_, v) = search(&t, Some(&t.token("a2@alfa.test").await), "q=Kruibeke").await;
        assert_eq!(references(&v), [draft["reference"].as_str().unwrap()]);

        // Signals: for those who triage them only.
        burgerstem::service::signals::bring_in(
            t.app(),
            "ALFA",
            burgerstem::service::signals::PublicInput {
                text: "De vuilnisbakken aan het station puilen uit.",
                contact: None,
                relation: None,
                lang: None,
                honeypot: None,
                via: "api",
            },
            "192.0.2.7",
        )
        .await
        .unwrap();
        let (_, v) = search(&t, Some(&staff), "q=vuilnisbakken").await;
        assert_eq!(v["hits"][0]["kind"], "signal", "{v}");
        let (_, v) = search(&t, None, "q=vuilnisbakken").await;
        assert_eq!(v["total"], 0);
        let (_, v) = search(&t, Some(&staff), "q=vuilnisbakken&type=item").await;
        assert_eq!(v["total"], 0, "filtered to items");

        // Nothing anyone types is an error; filters that are not filters are named.
        let long = "wachtlijst ".repeat(50);
        for q in [
            String::new(),
            "q=".to_string(),
            format!("q={}", urlencode(&long)),
            format!("q={}", urlencode("\"wacht* NEAR(lijst) -zorg: ^x")),
            format!("q={}", urlencode("'; DROP TABLE items; --")),
            format!("q={}", urlencode("médecin généraliste")),
            format!("q={}", urlencode("waiting list")),
        ] {
            let (s, v) = search(&t, Some(&a1), &q).await;
            assert_eq!(s, Status::Ok, "{}: {q}: {v}", t.engine);
        }
        let (_, v) = search(&t, Some(&a1), &format!("q={}", urlencode(&long))).await;
        assert_eq!(
            references(&v),
            std::slice::from_ref(&reference),
            "a long query still finds"
        );
        for (q, field) in [
            ("q=x&type=huis", "type"),
            ("q=x&from=gisteren", "from"),
            ("q=x&status=blij", "status"),
        ] {
            let (s, v) = search(&t, Some(&a1), q).await;
            assert_eq!(s, Status::UnprocessableEntity, "{q}: {v}");
            assert!(v["error"]["fields"][field].is_string(), "{q}: {v}");
        }

        // The page: the box, the marked words, and a way out of filters that hide everything.
        let web = t.anonymous();
        let (s, page) = t.get_as(&web, "/zones/ALFA/zoeken?q=waasland").await;
        assert_eq!(s, Status::Ok);
        assert!(page.contains("<mark>Waasland</mark>"), "{page}");
        let (_, page) = t
            .get_as(&web, "/zones/ALFA/zoeken?q=waasland&type=consultation")
            .await;
        assert!(page.contains("Niets gevonden voor"));
        assert!(page.contains("Zoek opnieuw zonder filters"));
        let (s, page) = t.get_as(&web, "/zones/ALFA/zoeken?q=x&from=morgen").await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(page.contains("error-from"), "the message beside the field");
    }
}

#[rocket::async_test]
async fn similar_items_show_at_the_second_step_and_in_the_api() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let earlier = decided_item(
            &t,
            &a1,
            &staff,
            "Te lange wachttijd bij de huisartsenwachtpost",
            "De zorgraad vraagt de wachtpost om een terugbelsysteem.",
        )
        .await;
        item(
            &t,
            &a1,
            "ALFA",
            "burgers",
            "Meer zitbanken in het park",
            true,
        )
        .await;

        let text = "Wie in het weekend de huisartsenwachtpost belt, heeft een lange wachttijd.";
        let (s, v) = t
            .json(
                "GET",
                &format!("/api/v1/zones/ALFA/items/similar?text={}", urlencode(text)),
                Some(&t.token("a3@alfa.test").await),
                None,
            )
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        let found = v["items"].as_array().unwrap();
        assert_eq!(
            found.len(),
            1,
            "{}: only the one that shares its words: {v}",
            t.engine
        );
        assert_eq!(found[0]["reference"], earlier["reference"]);
        assert_eq!(found[0]["outcome"], "accepted");

        // The guided flow: after the text, step 3 shows it, and the words stay in the form.
        let web = t.web_session("a2@alfa.test").await;
        let (s, _, page) = t
            .post_as(
                &web,
                "/zones/ALFA/items/new",
                &[
                    ("step", "2"),
                    ("go", "next"),
                    ("kind", "question"),
                    ("title", "Wachttijd wachtpost"),
                    ("text", text),
                    ("panel", "burgers"),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::Ok, "{page}");
        assert!(page.contains("Werd dit al eerder gevraagd?"), "{page}");
        assert!(page.contains(earlier["reference"].as_str().unwrap()));
        assert!(page.contains("aanvaard"), "with the council's answer");
        assert!(!page.contains("Meer zitbanken"));
        assert!(
            page.contains("heeft een lange wachttijd."),
            "the text is carried along"
        );
        // A signal waiting to be triaged shows the same, so it can go with that item.
        let brought = burgerstem::service::signals::bring_in(
            t.app(),
            "ALFA",
            burgerstem::service::signals::PublicInput {
                text: "Zaterdag een uur gewacht aan de telefoon van de huisartsenwachtpost: wat een wachttijd.",
                contact: None,
                relation: None,
                lang: None,
                honeypot: None,
                via: "api",
            },
            "192.0.2.8",
        )
        .await
        .unwrap();
        let staff_web = t.web_session("staff@alfa.test").await;
        let (s, page) = t
            .get_as(&staff_web, &format!("/signals/id/{}", brought.signal.id))
            .await;
        assert_eq!(s, Status::Ok);
        assert!(page.contains("Werd dit al eerder gevraagd?"), "{page}");
        assert!(page.contains(earlier["reference"].as_str().unwrap()));

        // A text that shares nothing shows nothing.
        let (_, _, page) = t
            .post_as(
                &web,
                "/zones/ALFA/items/new",
                &[
                    ("step", "2"),
                    ("go", "next"),
                    ("kind", "question"),
                    ("title", "Parkeren"),
                    ("text", "Te weinig parkeerplaatsen aan het ziekenhuis."),
                    ("panel", "burgers"),
                ],
                true,
            )
            .await;
        assert!(!page.contains("Werd dit al eerder gevraagd?"));
    }
}
