//! Staff exports (CSV with BOM and inert formulas, JSON), open data and the Atom feed: what
//! panels made public, with no people's names or contact data.

mod common;

use common::*;
use rocket::http::{Header, Status};
use serde_json::{json, Value};

async fn download(t: &TestApp, path: &str, token: Option<&str>) -> (Status, String, String) {
    let mut req = t.client.get(path.to_string());
    if let Some(tok) = token {
        req = req.header(Header::new("Authorization", format!("Bearer {tok}")));
    }
    let res = req.dispatch().await;
    let status = res.status();
    let disposition = res
        .headers()
        .get_one("Content-Disposition")
        .unwrap_or("")
        .to_string();
    (
        status,
        disposition,
        res.into_string().await.unwrap_or_default(),
    )
}

#[rocket::async_test]
async fn exports_open_in_a_spreadsheet_and_open_data_is_public_only() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        // A title a spreadsheet would run as a formula, with accents.
        let public = item(
            &t,
            &a1,
            "ALFA",
            "burgers",
            "=HYPERLINK(\"http://x\";\"Klik\") café",
            true,
        )
        .await;
        let id = public["id"].as_i64().unwrap();
        make_public(&t, &a1, id).await;
        item(&t, &a1, "ALFA", "burgers", "Alleen voor de zone", true).await;
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/signals",
                None,
                Some(json!({"text": "+32 zegt: bel mij", "contact": "geheim@voorbeeld.test"})),
            )
            .await;
        assert_eq!(s, Status::Created);

        let (s, disp, csv) =
            download(&t, "/api/v1/zones/ALFA/export/items.csv", Some(&staff)).await;
        assert_eq!(s, Status::Ok);
        assert!(disp.contains("alfa-items.csv"), "{disp}");
        assert!(csv.starts_with('\u{feff}'), "BOM first");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"Klik\"\") café\""),
            "{csv}"
        );
        assert!(csv.contains("Alleen voor de zone"));
        assert_eq!(csv.matches("\r\n").count(), 3, "header and two rows: {csv}");
        let (_, _, signals) =
            download(&t, "/api/v1/zones/ALFA/export/signals.csv", Some(&staff)).await;
        assert!(signals.contains("'+32 zegt: bel mij"), "{signals}");
        assert!(
            !signals.contains("geheim@voorbeeld.test"),
            "no contact data in exports"
        );
        let (s, _, json) = download(&t, "/api/v1/zones/ALFA/export/items.json", Some(&staff)).await;
        assert_eq!(s, Status::Ok);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["items"].as_array().unwrap().len(), 2);
        for what in ["consultations", "actions"] {
            let (s, _, body) = download(
                &t,
                &format!("/api/v1/zones/ALFA/export/{what}.csv"),
                Some(&staff),
            )
            .await;
            assert_eq!(s, Status::Ok, "{what}");
            assert!(body.starts_with('\u{feff}'));
        }
        // Only staff and administrators of the zone export.
        assert_eq!(
            download(&t, "/api/v1/zones/ALFA/export/items.csv", Some(&a1))
                .await
                .0,
            Status::Forbidden
        );
        let beta = t.token("staff@beta.test").await;
        assert_eq!(
            download(&t, "/api/v1/zones/ALFA/export/items.csv", Some(&beta))
                .await
                .0,
            Status::NotFound
        );
        assert_eq!(
            download(&t, "/api/v1/zones/ALFA/export/people.csv", Some(&staff))
                .await
                .0,
            Status::NotFound
        );

        // Open data: the public item only, no names.
        let (s, _, body) = download(&t, "/zones/ALFA/opendata/items.json", None).await;
        assert_eq!(s, Status::Ok);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
        assert_eq!(v["items"][0]["panel"], "Burgerplatform");
        assert!(!body.contains("a1 van ALFA") && !body.contains("@alfa.test"));
        let (_, _, csv) = download(&t, "/zones/ALFA/opendata/items.csv", None).await;
        assert!(csv.starts_with('\u{feff}') && !csv.contains("Alleen voor de zone"));
        let (s, feed) = t.get_as(&t.anonymous(), "/zones/ALFA/feed.atom").await;
        assert_eq!(s, Status::Ok);
        assert!(
            feed.starts_with("<?xml")
                && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
        );
        // One public item, and the history's signed checkpoint (issue 18).
        assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
        assert_eq!(feed.matches("<category term=\"checkpoint\"/>").count(), 1);
        assert!(
            feed.contains("=HYPERLINK(&quot;http://x&quot;;&quot;Klik&quot;) café"),
            "escaped: {feed}"
        );
        assert!(!feed.contains("Alleen voor de zone") && !feed.contains("a1 van ALFA"));
        assert_eq!(
            t.get_as(&t.anonymous(), "/zones/GEEN/feed.atom").await.0,
            Status::NotFound
        );
    }
}
