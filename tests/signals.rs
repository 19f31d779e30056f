//! Open intake: signals from beyond the panel. Anyone brings one in without an account and
//! follows it with a private link; a supporter records one on someone's behalf; the zone adopts,
//! bundles, answers or sets aside, each step on the signal's timeline. Abuse: floods are
//! throttled, oversized and malformed bodies get a clear 4xx, the honeypot stores nothing.

mod common;

use common::*;
use rocket::http::{ContentType, Cookie, Header, Status};
use serde_json::{json, Value};

const CSRF: &str = "csrf-test-token-0123456789abcdef0123456789abcdef";
const TRAP: &str = "bs_extra_veld";

/// Posts a form as an anonymous visitor connecting from address `ip`.
async fn form_from(
    t: &TestApp,
    ip: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (Status, Option<String>, String) {
    let mut body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect();
    body.push(format!("csrf={CSRF}"));
    let res = t
        .client
        .post(path.to_string())
        .header(ContentType::Form)
        .remote(format!("{ip}:40000").parse().unwrap())
        .private_cookie(Cookie::new("bs_csrf", CSRF))
        .body(body.join("&"))
        .dispatch()
        .await;
    let status = res.status();
    let loc = res.headers().get_one("Location").map(str::to_string);
    (status, loc, res.into_string().await.unwrap_or_default())
}

/// A JSON call from client address `ip`, with an optional bearer token and a raw body.
async fn api_from(
    t: &TestApp,
    ip: &str,
    path: &str,
    token: Option<&str>,
    body: String,
) -> (Status, Value) {
    let mut req = t
        .client
        .post(path.to_string())
        .header(ContentType::JSON)
        .remote(format!("{ip}:40000").parse().unwrap())
        .body(body);
    if let Some(tk) = token {
        req = req.header(Header::new("Authorization", format!("Bearer {tk}")));
    }
    let res = req.dispatch().await;
    let status = res.status();
    let text = res.into_string().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Brings in a signal through the public form; returns the private token.
async fn bring_in(t: &TestApp, zone: &str, ip: &str, text: &str) -> String {
    let (s, loc, html) = form_from(
        t,
        ip,
        &format!("/zones/{zone}/signals"),
        &[
            ("text", text),
            ("contact", ""),
            ("relation", ""),
            (TRAP, ""),
        ],
    )
    .await;
    assert_eq!(s, Status::SeeOther, "{}: {html}", t.engine);
    let loc = loc.expect("redirect to the thank-you page");
    loc.strip_prefix("/signals/thanks/")
        .expect("thank-you path")
        .to_string()
}

/// The signal's id, as the zone sees it, through the sender's token.
async fn id_of(t: &TestApp, token: &str) -> i64 {
    burgerstem::service::signals::follow(t.app(), token)
        .await
        .expect("a live token")
        .0
        .id
}

async fn stored(t: &TestApp, zone: &str) -> i64 {
    let mut c = t.app().db.conn().await.unwrap();
    let z = burgerstem::db::zones::by_code(&mut c.ex(), zone)
        .await
        .unwrap()
        .unwrap();
    burgerstem::db::signals::count_in_zone(&mut c.ex(), z.id)
        .await
        .unwrap()
}

async fn triage(t: &TestApp, token: &str, id: i64, body: Value) -> (Status, Value) {
    t.json(
        "POST",
        &format!("/api/v1/signals/{id}/triage"),
        Some(token),
        Some(body),
    )
    .await
}

async fn signal_kinds(t: &TestApp, token: &str, id: i64) -> Vec<String> {
    let (s, v) = t
        .json(
            "GET",
            &format!("/api/v1/signals/{id}/timeline"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn item_events(t: &TestApp, token: &str, id: i64) -> Vec<Value> {
    let (s, v) = t
        .json(
            "GET",
            &format!("/api/v1/items/{id}/timeline"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s, Status::Ok, "{v}");
    v["events"].as_array().unwrap().clone()
}

#[rocket::async_test]
async fn anonymous_signal_gets_a_reference_and_a_private_link() {
    for t in engines().await {
        seed(&t).await;
        let anon = t.anonymous();
        // The public page needs no account and explains itself.
        let (s, html) = t.get_as(&anon, "/zones/ALFA/signals/new").await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("Breng iets in") && html.contains("ELZ ALFA"));
        assert!(
            html.contains(&format!("name=\"{TRAP}\"")) && html.contains("tabindex=\"-1\""),
            "the honeypot is on the form, out of the tab order"
        );
        assert!(html.contains("aria-hidden=\"true\""));
        assert!(html.contains("for=\"field-text\"") && html.contains("for=\"field-contact\""));
        // The zone's public page leads to it.
        let (_, public) = t.get_as(&anon, "/zones/ALFA/public").await;
        assert!(public.contains("/zones/ALFA/signals/new"));
        let (s, _) = t.get_as(&anon, "/zones/NERGENS/signals/new").await;
        assert_eq!(s, Status::NotFound);

        // Through the form: a reference and a link to keep.
        let (s, loc, _) = form_from(
            &t,
            "192.0.2.10",
            "/zones/ALFA/signals",
            &[
                (
                    "text",
                    "De bus naar het ziekenhuis rijdt niet meer op zondag.",
                ),
                ("contact", "0470 12 34 56"),
                ("relation", "bewoner"),
                (TRAP, ""),
            ],
        )
        .await;
        assert_eq!(s, Status::SeeOther);
        let loc = loc.unwrap();
        let token = loc.strip_prefix("/signals/thanks/").unwrap().to_string();
        assert_eq!(token.len(), 64);
        let (s, thanks) = t.get_as(&anon, &loc).await;
        assert_eq!(s, Status::Ok);
        assert!(thanks.contains("ALFA-S-2026-0001"), "{thanks}");
        assert!(thanks.contains(&format!("http://127.0.0.1:8000/signals/{token}")));
        assert!(thanks.contains("Bewaar de link"));
        let (s, follow) = t.get_as(&anon, &format!("/signals/{token}")).await;
        assert_eq!(s, Status::Ok);
        assert!(follow.contains("De bus naar het ziekenhuis rijdt niet meer op zondag."));
        assert!(follow.contains("Nieuw") && follow.contains("Signaal ontvangen"));
        assert!(
            !follow.contains("0470 12 34 56"),
            "a forwarded link does not hand out contact details"
        );

        // Through the API: the same, numbered on.
        let (s, v) = api_from(
            &t,
            "192.0.2.11",
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": "Te weinig zitbanken in het park.", "relation": "andere"}).to_string(),
        )
        .await;
        assert_eq!(s, Status::Created, "{v}");
        assert_eq!(v["reference"], "ALFA-S-2026-0002");
        assert_eq!(v["status"], "new");
        let api_token = v["token"].as_str().unwrap();
        assert_eq!(
            v["follow_url"],
            format!("http://127.0.0.1:8000/signals/{api_token}")
        );
        let (s, f) = t
            .json("GET", &format!("/api/v1/signals/{api_token}"), None, None)
            .await;
        assert_eq!(s, Status::Ok);
        assert_eq!(f["text"], "Te weinig zitbanken in het park.");
        assert_eq!(f["events"][0]["kind"], "signal-received");
        // Each zone counts its own.
        let (_, v) = api_from(
            &t,
            "192.0.2.12",
            "/api/v1/zones/BETA/signals",
            None,
            json!({"text": "Een signaal voor BETA."}).to_string(),
        )
        .await;
        assert_eq!(v["reference"], "BETA-S-2026-0001");

        // Unknown or malformed tokens are simply not found; ids are not tokens.
        for path in [
            format!("/signals/{}", "ab".repeat(32)),
            "/signals/1".to_string(),
            format!("/signals/{}", token.to_uppercase()),
            format!("/signals/thanks/{}", "cd".repeat(32)),
        ] {
            assert_eq!(t.get_as(&anon, &path).await.0, Status::NotFound, "{path}");
        }
        let (s, v) = t.json("GET", "/api/v1/signals/1", None, None).await;
        assert_eq!(s, Status::NotFound, "{v}");
        assert_eq!(v["error"]["code"], "not-found");
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn the_follow_link_shows_status_and_answer_and_nothing_else() {
    for t in engines().await {
        seed(&t).await;
        let staff = t.token("staff@alfa.test").await;
        let a1 = t.token("a1@alfa.test").await;
        let (_, v) = api_from(
            &t,
            "192.0.2.20",
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": "Waar vind ik hulp bij mijn belastingaangifte?", "contact": "vraag@voorbeeld.be", "relation": "mantelzorger"}).to_string(),
        )
        .await;
        let token = v["token"].as_str().unwrap().to_string();
        let id = id_of(&t, &token).await;

        // The zone answers; the sender reads it, and only what is theirs.
        let (s, v) = triage(&t, &staff, id, json!({"action": "answer", "text": "  "})).await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert_eq!(v["error"]["fields"]["text"], "Vul dit in.");
        let (s, v) = triage(
            &t,
            &staff,
            id,
            json!({"action": "answer", "text": "Het dienstencentrum helpt elke dinsdag met de aangifte."}),
        )
        .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["status"], "answered");
        let (_, f) = t
            .json("GET", &format!("/api/v1/signals/{token}"), None, None)
            .await;
        assert_eq!(f["status"], "answered");
        assert_eq!(
            f["answer"],
            "Het dienstencentrum helpt elke dinsdag met de aangifte."
        );
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "answer",
                "contact_given",
                "created_at",
                "events",
                "item",
                "reason",
                "recorded",
                "reference",
                "relation",
                "status",
                "text",
                "text_lang",
                "zone"
            ],
            "the follow view holds nothing else"
        );
        for e in f["events"].as_array().unwrap() {
            let mut k: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            k.sort_unstable();
            assert_eq!(k, ["at", "item_reference", "kind", "seq"], "{e}");
        }
        let (_, page) = t.get_as(&t.anonymous(), &format!("/signals/{token}")).await;
        assert!(page.contains("Beantwoord") && page.contains("dienstencentrum helpt elke dinsdag"));
        assert!(!page.contains("vraag@voorbeeld.be"), "no contact details");
        assert!(!page.contains("staff van ALFA"), "no names of staff");
        assert!(page.contains("Waar vind ik hulp bij mijn belastingaangifte?"));

        // Re-triage: an answer is not rewritten, but the signal can still go into an item;
        // once in an item, that is final.
        let (s, v) = triage(
            &t,
            &staff,
            id,
            json!({"action": "answer", "text": "Iets anders."}),
        )
        .await;
        assert_eq!(s, Status::Conflict, "{v}");
        let (s, _) = triage(
            &t,
            &staff,
            id,
            json!({"action": "set-aside", "reason": "Toch niet."}),
        )
        .await;
        assert_eq!(s, Status::Conflict);
        let item = item(&t, &a1, "ALFA", "burgers", "Hulp bij administratie", true).await;
        let item_id = item["id"].as_i64().unwrap();
        let (s, v) = triage(&t, &staff, id, json!({"action": "bundle", "item": item_id})).await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["status"], "adopted");
        assert_eq!(
            v["answer"],
            "Het dienstencentrum helpt elke dinsdag met de aangifte."
        );
        for body in [
            json!({"action": "bundle", "item": item_id}),
            json!({"action": "adopt", "panel": "burgers", "title": "t", "text": "t"}),
            json!({"action": "set-aside", "reason": "r"}),
        ] {
            let (s, v) = triage(&t, &staff, id, body).await;
            assert_eq!(s, Status::Conflict, "{v}");
            assert_eq!(
                v["error"]["message"],
                "Dit signaal is al opgenomen in een punt. Dat blijft zo."
            );
        }
        let (_, f) = t
            .json("GET", &format!("/api/v1/signals/{token}"), None, None)
            .await;
        assert_eq!(f["status"], "adopted");
        assert_eq!(f["item"]["reference"], item["reference"]);
        assert_eq!(f["item"]["panel"], "Burgerplatform");
        assert!(f["item"].get("id").is_none());
        assert_eq!(
            f["answer"], "Het dienstencentrum helpt elke dinsdag met de aangifte.",
            "the earlier answer stays"
        );
        let kinds: Vec<&str> = f["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["signal-received", "signal-answered", "signal-bundled"]
        );
        // An unknown step is a 422 for those who may triage.
        let (s, v) = triage(&t, &staff, id, json!({"action": "delete"})).await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn other_zones_get_404_on_everything() {
    for t in engines().await {
        seed(&t).await;
        let token = bring_in(&t, "ALFA", "192.0.2.30", "Alleen voor ALFA.").await;
        let id = id_of(&t, &token).await;
        // Those of the zone who triage see it: panel members of either panel, staff, council,
        // administrators.
        for email in [
            "a1@alfa.test",
            "a3@alfa.test",
            "staff@alfa.test",
            "raad@alfa.test",
            "admin@alfa.test",
        ] {
            let web = t.web_session(email).await;
            assert_eq!(
                t.get_as(&web, &format!("/signals/id/{id}")).await.0,
                Status::Ok,
                "{email}"
            );
            assert_eq!(
                t.get_as(&web, "/zones/ALFA/signals").await.0,
                Status::Ok,
                "{email}"
            );
        }
        for email in [
            "a1@beta.test",
            "staff@beta.test",
            "raad@beta.test",
            "admin@beta.test",
            "root@platform.test",
        ] {
            let web = t.web_session(email).await;
            let api = t.token(email).await;
            for path in [
                format!("/signals/id/{id}"),
                format!("/signals/id/{id}/act/answer"),
                format!("/signals/id/{id}/act/adopt"),
                "/zones/ALFA/signals".to_string(),
                "/zones/ALFA/signals?status=new".to_string(),
                "/zones/ALFA/signals/record".to_string(),
            ] {
                assert_eq!(
                    t.get_as(&web, &path).await.0,
                    Status::NotFound,
                    "{email} {path}"
                );
            }
            for (path, fields) in [
                (
                    format!("/signals/id/{id}/triage"),
                    vec![("action", "answer"), ("text", "x")],
                ),
                (
                    "/zones/ALFA/signals/record".to_string(),
                    vec![("text", "x")],
                ),
            ] {
                assert_eq!(
                    t.post_as(&web, &path, &fields, true).await.0,
                    Status::NotFound,
                    "{email} POST {path}"
                );
            }
            for (method, path, body) in [
                ("GET", format!("/api/v1/signals/{id}/timeline"), None),
                ("GET", "/api/v1/zones/ALFA/signals".to_string(), None),
                (
                    "POST",
                    format!("/api/v1/signals/{id}/triage"),
                    Some(json!({"action": "answer", "text": "x"})),
                ),
                (
                    "POST",
                    "/api/v1/zones/ALFA/signals".to_string(),
                    Some(json!({"text": "x", "heard_at": "Markt"})),
                ),
            ] {
                let (s, v) = t.json(method, &path, Some(&api), body).await;
                assert_eq!(s, Status::NotFound, "{email} {method} {path}: {v}");
            }
        }
        // Nothing was written by any of it.
        let staff = t.token("staff@alfa.test").await;
        assert_eq!(signal_kinds(&t, &staff, id).await, ["signal-received"]);
        assert_eq!(stored(&t, "ALFA").await, 1);
    }
}

#[rocket::async_test]
async fn adopt_bundle_and_set_aside_with_their_timelines() {
    for t in engines().await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let raad = t.token("raad@alfa.test").await;
        let s1 = bring_in(
            &t,
            "ALFA",
            "192.0.2.41",
            "Mijn moeder krijgt elke dag een andere verpleegkundige.\nZe raakt in de war.",
        )
        .await;
        let s2 = bring_in(
            &t,
            "ALFA",
            "192.0.2.42",
            "Er is geen bank bij de bushalte aan het dienstencentrum.",
        )
        .await;
        let s3 = bring_in(
            &t,
            "ALFA",
            "192.0.2.43",
            "Wie slecht te been is, kan nergens rusten op weg naar de bus.",
        )
        .await;
        let s4 = bring_in(&t, "ALFA", "192.0.2.44", "De straatverlichting is kapot.").await;
        let s5 = bring_in(
            &t,
            "ALFA",
            "192.0.2.45",
            "De wachtdienst van de tandarts is onbekend.",
        )
        .await;
        let (id1, id2, id3, id4, id5) = (
            id_of(&t, &s1).await,
            id_of(&t, &s2).await,
            id_of(&t, &s3).await,
            id_of(&t, &s4).await,
            id_of(&t, &s5).await,
        );

        // Adopt, through the pages: a panel member writes the item from the signal.
        let web_a1 = t.web_session("a1@alfa.test").await;
        let (s, form) = t
            .get_as(&web_a1, &format!("/signals/id/{id1}/act/adopt"))
            .await;
        assert_eq!(s, Status::Ok);
        assert!(form.contains("Mijn moeder krijgt elke dag een andere verpleegkundige."));
        assert!(form.contains("value=\"burgers\"") && !form.contains("value=\"pzon\""));
        let (s, _, html) = t
            .post_as(
                &web_a1,
                &format!("/signals/id/{id1}/triage"),
                &[
                    ("action", "adopt"),
                    ("panel", "burgers"),
                    ("kind", "signal"),
                    ("title", ""),
                    ("text", "x"),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("id=\"error-title\"") && html.contains("Vul dit in."));
        // Not a member of that panel: refused.
        let (s, _, _) = t
            .post_as(
                &web_a1,
                &format!("/signals/id/{id1}/triage"),
                &[
                    ("action", "adopt"),
                    ("panel", "pzon"),
                    ("kind", "signal"),
                    ("title", "T"),
                    ("text", "x"),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::Forbidden);
        let (s, loc, _) = t
            .post_as(
                &web_a1,
                &format!("/signals/id/{id1}/triage"),
                &[
                    ("action", "adopt"),
                    ("panel", "burgers"),
                    ("kind", "signal"),
                    ("title", "Elke dag een andere verpleegkundige"),
                    ("text", "Een mantelzorger vertelt dat haar moeder elke dag een andere verpleegkundige krijgt."),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther);
        assert_eq!(loc.as_deref(), Some(format!("/signals/id/{id1}").as_str()));
        let (_, v) = t
            .json(
                "GET",
                &format!("/api/v1/signals/{id1}/timeline"),
                Some(&a1),
                None,
            )
            .await;
        assert_eq!(v["signal"]["status"], "adopted");
        let adopted = v["signal"]["item"]["id"].as_i64().unwrap();
        assert_eq!(v["signal"]["item"]["status"], "submitted");
        let kinds: Vec<&str> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["signal-received", "signal-adopted"]);
        assert_eq!(v["events"][1]["actor"], "a1 van ALFA");
        let ev = item_events(&t, &a1, adopted).await;
        let ik: Vec<&str> = ev.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        // Created, submitted and linked in one transaction.
        assert_eq!(ik, ["created", "submitted", "signal-linked"]);
        assert_eq!(ev[2]["data"]["signal_reference"], "ALFA-S-2026-0001");
        assert_eq!(ev[2]["link"]["href"], format!("/signals/id/{id1}"));
        let (_, it) = t
            .json(
                "GET",
                &format!("/api/v1/items/{adopted}"),
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(it["title"], "Elke dag een andere verpleegkundige");
        assert_eq!(it["kind"], "signal");
        assert_eq!(it["panel"]["slug"], "burgers");
        assert_eq!(
            it["ack_due"], "2026-03-16",
            "on the citizen agenda with its deadline"
        );

        // Staff may adopt into any panel of the zone; the council may not adopt at all.
        let (s, v) = triage(
            &t,
            &raad,
            id5,
            json!({"action": "adopt", "panel": "pzon", "title": "T", "text": "x"}),
        )
        .await;
        assert_eq!(s, Status::Forbidden, "{v}");
        let (s, v) = triage(&t, &staff, id5, json!({"action": "adopt", "panel": "pzon", "title": "Wachtdienst tandarts", "text": "Niemand weet welke tandarts van wacht is."})).await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(v["item"]["panel"], "PZON-cluster");

        // Bundle: two signals, one item (a structural bottleneck); each keeps its link.
        let bank = item(
            &t,
            &a1,
            "ALFA",
            "burgers",
            "Zitbanken op de weg naar de bus",
            true,
        )
        .await;
        let bank_id = bank["id"].as_i64().unwrap();
        let draft = item(&t, &a1, "ALFA", "burgers", "Nog een ontwerp", false).await["id"]
            .as_i64()
            .unwrap();
        let a1_beta = t.token("a1@beta.test").await;
        let beta_item = item(&t, &a1_beta, "BETA", "burgers", "Van BETA", true).await["id"]
            .as_i64()
            .unwrap();
        for bad in [json!(draft), json!(beta_item), json!(999_999), Value::Null] {
            let (s, v) = triage(&t, &staff, id2, json!({"action": "bundle", "item": bad})).await;
            assert_eq!(s, Status::UnprocessableEntity, "{bad}: {v}");
            assert_eq!(
                v["error"]["fields"]["item"],
                "Kies een ingediend punt van deze zone."
            );
        }
        let (s, v) = triage(
            &t,
            &staff,
            id2,
            json!({"action": "bundle", "item": bank_id}),
        )
        .await;
        assert_eq!(s, Status::Ok, "{v}");
        // The second through the page, by a member of the other panel.
        let web_a3 = t.web_session("a3@alfa.test").await;
        let (s, page) = t
            .get_as(&web_a3, &format!("/signals/id/{id3}/act/bundle"))
            .await;
        assert_eq!(s, Status::Ok);
        assert!(
            page.contains(&format!("value=\"{bank_id}\""))
                && !page.contains(&format!("value=\"{draft}\""))
        );
        let (s, _, html) = t
            .post_as(
                &web_a3,
                &format!("/signals/id/{id3}/triage"),
                &[("action", "bundle"), ("item", &bank_id.to_string())],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther, "{html}");
        for (sid, token) in [(id2, &s2), (id3, &s3)] {
            let (_, v) = t
                .json(
                    "GET",
                    &format!("/api/v1/signals/{sid}/timeline"),
                    Some(&staff),
                    None,
                )
                .await;
            assert_eq!(v["signal"]["item"]["id"], bank_id);
            let kinds: Vec<&str> = v["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].as_str().unwrap())
                .collect();
            assert_eq!(kinds, ["signal-received", "signal-bundled"]);
            let (_, f) = t
                .json("GET", &format!("/api/v1/signals/{token}"), None, None)
                .await;
            assert_eq!(f["item"]["reference"], bank["reference"]);
        }
        let linked: Vec<Value> = item_events(&t, &a1, bank_id)
            .await
            .into_iter()
            .filter(|e| e["kind"] == "signal-linked")
            .collect();
        assert_eq!(linked.len(), 2, "the item's timeline shows both");
        assert_eq!(linked[0]["data"]["signal_reference"], "ALFA-S-2026-0002");
        assert_eq!(linked[1]["data"]["signal_reference"], "ALFA-S-2026-0003");
        assert_eq!(linked[0]["data"]["how"], "bundle");
        // The item page lists them for those who may see signals.
        let (_, page) = t.get_as(&web_a1, &format!("/items/{bank_id}")).await;
        assert!(page.contains("Signalen bij dit punt"));
        assert!(page.contains("ALFA-S-2026-0002") && page.contains("ALFA-S-2026-0003"));
        let (_, tl) = t
            .get_as(&web_a1, &format!("/items/{bank_id}/timeline"))
            .await;
        assert!(tl.contains("Signaal gekoppeld"), "{tl}");

        // Set aside through the page: a reason is required, and the sender reads it.
        let web_staff = t.web_session("staff@alfa.test").await;
        let (s, _, html) = t
            .post_as(
                &web_staff,
                &format!("/signals/id/{id4}/triage"),
                &[("action", "set-aside"), ("reason", " ")],
                true,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("href=\"#field-reason\"") && html.contains("id=\"error-reason\""));
        let (s, _, _) = t
            .post_as(
                &web_staff,
                &format!("/signals/id/{id4}/triage"),
                &[
                    ("action", "set-aside"),
                    (
                        "reason",
                        "Straatverlichting is een zaak van de gemeente. Meld het daar.",
                    ),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther);
        let (_, follow) = t.get_as(&t.anonymous(), &format!("/signals/{s4}")).await;
        assert!(
            follow.contains("Opzijgelegd")
                && follow.contains("Straatverlichting is een zaak van de gemeente.")
        );
        assert_eq!(
            signal_kinds(&t, &staff, id4).await,
            ["signal-received", "signal-set-aside"]
        );
        let (_, page) = t.get_as(&web_staff, &format!("/signals/id/{id4}")).await;
        assert!(page.contains("staff van ALFA"), "the zone sees who did it");
        assert!(
            page.contains("/act/adopt") && !page.contains("/act/answer"),
            "set aside: can still go into an item"
        );

        // The zone's list, filtered.
        let (_, v) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/signals?status=adopted",
                Some(&raad),
                None,
            )
            .await;
        let refs: Vec<&str> = v["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["reference"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "ALFA-S-2026-0005",
                "ALFA-S-2026-0003",
                "ALFA-S-2026-0002",
                "ALFA-S-2026-0001"
            ]
        );
        assert_eq!(v["total"], 4, "the filtered list's total: {v}");
        let (_, v) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/signals?status=set-aside",
                Some(&raad),
                None,
            )
            .await;
        assert_eq!(v["signals"].as_array().unwrap().len(), 1);
        assert_eq!(v["total"], 1);
        let (s, _) = t
            .json(
                "GET",
                "/api/v1/zones/ALFA/signals?status=weg",
                Some(&raad),
                None,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        let (s, list) = t
            .get_as(&web_staff, "/zones/ALFA/signals?status=set-aside")
            .await;
        assert_eq!(s, Status::Ok);
        assert!(list.contains("ALFA-S-2026-0004") && !list.contains("ALFA-S-2026-0001"));
        let (_, zone) = t.get_as(&web_staff, "/zones/ALFA").await;
        assert!(
            zone.contains("/zones/ALFA/signals") && zone.contains("(0 nieuw)"),
            "{zone}"
        );
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn a_supporter_records_on_someones_behalf() {
    for t in engines().await {
        seed(&t).await;
        let web = t.web_session("a3@alfa.test").await;
        let (s, page) = t.get_as(&web, "/zones/ALFA/signals/record").await;
        assert_eq!(s, Status::Ok);
        assert!(
            page.contains("for=\"field-heard_at\"") && page.contains("for=\"field-may_contact\"")
        );
        // Contact details without consent are refused, and the text is kept.
        let words = "Ik durf de dokter niet te bellen: aan de telefoon praten ze te snel.";
        let (s, _, html) = t
            .post_as(
                &web,
                "/zones/ALFA/signals/record",
                &[
                    ("text", words),
                    ("heard_at", "Inloopmoment OCMW"),
                    ("person_name", "Mevrouw R."),
                    ("contact", "0470 11 22 33"),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("id=\"error-may_contact\"") && html.contains(words));
        let (s, loc, _) = t
            .post_as(
                &web,
                "/zones/ALFA/signals/record",
                &[
                    ("text", words),
                    ("heard_at", "Inloopmoment OCMW"),
                    ("person_name", "Mevrouw R."),
                    ("contact", "0470 11 22 33"),
                    ("may_contact", "yes"),
                    ("relation", "bewoner"),
                ],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther);
        let loc = loc.unwrap();
        let (_, thanks) = t.get_as(&web, &loc).await;
        assert!(thanks.contains("Geef deze link aan de persoon"), "{thanks}");
        assert!(thanks.contains("Het signaal openen"));
        let token = loc.strip_prefix("/signals/thanks/").unwrap();
        let id = id_of(&t, token).await;
        let staff = t.token("staff@alfa.test").await;
        let (_, v) = t
            .json(
                "GET",
                &format!("/api/v1/signals/{id}/timeline"),
                Some(&staff),
                None,
            )
            .await;
        let sig = &v["signal"];
        assert_eq!(sig["recorded"], true);
        assert_eq!(sig["recorded_by"]["name"], "a3 van ALFA");
        assert_eq!(sig["person_name"], "Mevrouw R.");
        assert_eq!(sig["heard_at"], "Inloopmoment OCMW");
        assert_eq!(sig["may_contact"], true);
        assert_eq!(sig["text"], words);
        assert_eq!(v["events"][0]["kind"], "signal-recorded");
        assert_eq!(v["events"][0]["actor"], "a3 van ALFA");
        // The person's words and name are personal data on the timeline, erasable later.
        assert!(!v["events"][0]["data"].to_string().contains("Mevrouw"));
        assert_eq!(v["events"][0]["personal"]["person_name"], "Mevrouw R.");
        let (_, page) = t.get_as(&web, &format!("/signals/id/{id}")).await;
        assert!(
            page.contains("Mevrouw R.")
                && page.contains("a3 van ALFA")
                && page.contains("Inloopmoment OCMW")
        );
        // The follow link shows neither name.
        let (_, follow) = t.get_as(&t.anonymous(), &format!("/signals/{token}")).await;
        assert!(!follow.contains("Mevrouw R.") && !follow.contains("a3 van ALFA"));

        // Through the API with a bearer token; not throttled like the public form.
        for n in 0..8 {
            let (s, v) = api_from(
                &t,
                "192.0.2.50",
                "/api/v1/zones/ALFA/signals",
                Some(&staff),
                json!({"text": format!("Gehoord op de markt, {n}."), "heard_at": "Markt", "may_contact": false}).to_string(),
            )
            .await;
            assert_eq!(s, Status::Created, "{n}: {v}");
            assert_eq!(v["recorded_by"]["name"], "staff van ALFA");
        }
        // Without a token, "heard at" is a claim nobody stands behind; a bad token is a 401.
        let (s, v) = api_from(
            &t,
            "192.0.2.51",
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": "x", "heard_at": "Markt"}).to_string(),
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity, "{v}");
        assert!(v["error"]["fields"]["heard_at"].is_string());
        let (s, _) = api_from(
            &t,
            "192.0.2.51",
            "/api/v1/zones/ALFA/signals",
            Some("fout"),
            json!({"text": "x"}).to_string(),
        )
        .await;
        assert_eq!(s, Status::Unauthorized);
        assert_eq!(stored(&t, "ALFA").await, 9);
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn a_flood_from_one_client_is_throttled_and_nothing_else_breaks() {
    for t in engines().await {
        seed(&t).await;
        let flood = "203.0.113.7";
        let mut codes = vec![];
        let mut last_429 = String::new();
        for n in 0..100 {
            let text = format!("Signaal nummer {n} uit een script.");
            let (s, _, html) = form_from(
                &t,
                flood,
                "/zones/ALFA/signals",
                &[("text", &text), (TRAP, "")],
            )
            .await;
            if s == Status::TooManyRequests {
                assert!(html.contains(&text), "the text is kept");
                last_429 = html;
            }
            codes.push(s.code);
        }
        let accepted = codes.iter().filter(|c| **c == 303).count();
        let throttled = codes.iter().filter(|c| **c == 429).count();
        // Five at once, then one every 20 seconds (a slow machine may see one more).
        assert!(
            (5..=7).contains(&accepted),
            "{accepted} accepted: {codes:?}"
        );
        assert_eq!(accepted + throttled, 100, "{codes:?}");
        assert!(codes[..5].iter().all(|c| *c == 303), "{codes:?}");
        assert!(
            last_429.contains("Wacht een minuut"),
            "a clear Dutch message"
        );
        assert_eq!(
            stored(&t, "ALFA").await as usize,
            accepted,
            "nothing extra stored"
        );
        // The API shares the client's limit.
        let (s, v) = api_from(
            &t,
            flood,
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": "nog één"}).to_string(),
        )
        .await;
        assert_eq!(s, Status::TooManyRequests);
        assert_eq!(v["error"]["code"], "too-many-requests");

        // Everything else answers normally.
        let anon = t.anonymous();
        assert_eq!(t.get_as(&anon, "/").await.0, Status::Ok);
        assert_eq!(t.get_as(&anon, "/login").await.0, Status::Ok);
        assert_eq!(
            t.get_as(&anon, "/zones/ALFA/signals/new").await.0,
            Status::Ok
        );
        let staff = t.token("staff@alfa.test").await;
        let (s, _) = t
            .json("GET", "/api/v1/zones/ALFA/signals", Some(&staff), None)
            .await;
        assert_eq!(s, Status::Ok);
        bring_in(&t, "ALFA", "198.51.100.2", "Een ander, gewoon signaal.").await;

        // Many clients together meet the zone's ceiling; another zone does not.
        let before = stored(&t, "ALFA").await;
        let mut ok = 0;
        for n in 0..40 {
            let (s, _, _) = form_from(
                &t,
                &format!("198.51.100.{}", 10 + n),
                "/zones/ALFA/signals",
                &[("text", "Ook van mij."), (TRAP, "")],
            )
            .await;
            match s.code {
                303 => ok += 1,
                429 => {}
                other => panic!("{other}"),
            }
        }
        let total = before + ok;
        assert!(
            (30..=31).contains(&total),
            "the zone stores about 30 at once, got {total}"
        );
        assert_eq!(stored(&t, "ALFA").await, total);
        bring_in(&t, "BETA", "198.51.100.200", "BETA hoort ons nog.").await;
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn oversized_malformed_overlong_and_trapped_get_a_clear_4xx() {
    for t in engines().await {
        seed(&t).await;
        // Oversized form: 413 with a page that says what to do.
        let big = "x".repeat(100 * 1024);
        let (s, _, html) = form_from(
            &t,
            "192.0.2.60",
            "/zones/ALFA/signals",
            &[("text", &big), (TRAP, "")],
        )
        .await;
        assert_eq!(s, Status::PayloadTooLarge);
        assert!(
            html.contains("te groot om te bewaren") && html.contains("5.000 tekens"),
            "{html}"
        );
        // Oversized JSON: 413 in JSON.
        let (s, v) = api_from(
            &t,
            "192.0.2.60",
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": "y".repeat(200 * 1024)}).to_string(),
        )
        .await;
        assert_eq!(s, Status::PayloadTooLarge, "{v}");
        assert_eq!(v["error"]["code"], "too-large");
        assert!(v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("5.000 tekens"));
        // Malformed JSON and wrong types: a 4xx in JSON.
        for body in ["{not json", "[1, 2]", "{\"text\": 5}"] {
            let (s, v) = api_from(
                &t,
                "192.0.2.61",
                "/api/v1/zones/ALFA/signals",
                None,
                body.to_string(),
            )
            .await;
            assert!(s.code == 400 || s.code == 422, "{body}: {s}");
            assert!(v["error"]["code"].is_string(), "{body}: {v}");
        }
        // Over-long text: 422, the message next to the field, the text kept.
        let long = "é".repeat(5_001);
        let (s, _, html) = form_from(
            &t,
            "192.0.2.62",
            "/zones/ALFA/signals",
            &[("text", &long), (TRAP, "")],
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("id=\"error-text\"") && html.contains("hoogstens 5.000 tekens"));
        assert!(html.contains("aria-describedby=\"hint-text error-text\""));
        assert!(
            html.contains("href=\"#field-text\""),
            "the error summary links to the field"
        );
        assert!(html.contains(&long), "the text is kept");
        let (s, v) = api_from(
            &t,
            "192.0.2.62",
            "/api/v1/zones/ALFA/signals",
            None,
            json!({"text": long}).to_string(),
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert_eq!(
            v["error"]["fields"]["text"],
            format!(
                "Dit is te lang: hoogstens 5.000 tekens; u schreef er {}.",
                long.chars().count()
            )
        );
        // Exactly 5,000 characters is fine.
        bring_in(&t, "ALFA", "192.0.2.63", &"é".repeat(5_000)).await;
        // Other field errors.
        let (s, _, html) = form_from(
            &t,
            "192.0.2.64",
            "/zones/ALFA/signals",
            &[
                ("text", "Iets."),
                ("contact", "bel me maar"),
                ("relation", "buurman"),
                (TRAP, ""),
            ],
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("id=\"error-contact\"") && html.contains("id=\"error-relation\""));
        let (s, _, html) = form_from(
            &t,
            "192.0.2.64",
            "/zones/ALFA/signals",
            &[("text", "  "), (TRAP, "")],
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("Vul dit in."));

        // The honeypot: a clear message, the text kept, the trap emptied, nothing stored.
        let words = "Mijn browser vult alles in, ook wat ik niet zie.";
        let (s, _, html) = form_from(
            &t,
            "192.0.2.65",
            "/zones/ALFA/signals",
            &[
                ("text", words),
                ("contact", "an@voorbeeld.be"),
                (TRAP, "https://spam.example"),
            ],
        )
        .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(
            html.contains("Uw bericht is nog niet verstuurd") && html.contains("verborgen veld")
        );
        assert!(html.contains(words) && html.contains("an@voorbeeld.be"));
        assert!(!html.contains("spam.example"), "the trap goes back empty");
        assert!(
            !html.contains(&format!("href=\"#field-{TRAP}\"")),
            "no link to a hidden field"
        );
        // With a CSRF token that does not match, the form is refused too.
        let res = t
            .client
            .post("/zones/ALFA/signals")
            .header(ContentType::Form)
            .private_cookie(Cookie::new("bs_csrf", CSRF))
            .body(format!("text=x&{TRAP}=&csrf=not-the-token"))
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Forbidden);
        assert_eq!(
            stored(&t, "ALFA").await,
            1,
            "only the 5,000-character signal"
        );
        assert!(verify(&t).await.is_ok());
    }
}

/// The demo zone has a signal in every state, and every signal page renders for every role
/// (a template error would be a 500): lists, each signal, each triage form that fits.
#[rocket::async_test]
async fn the_demo_signals_render_for_every_role() {
    let t = sqlite().await;
    burgerstem::fixtures::demo::fill(t.app(), PASSWORD)
        .await
        .expect("demo fills");
    assert!(verify(&t).await.is_ok());
    let staff = t.token("medewerker@demostreek.example").await;
    let (_, v) = t
        .json("GET", "/api/v1/zones/DEMO/signals", Some(&staff), None)
        .await;
    let list = v["signals"].as_array().unwrap().clone();
    let statuses: Vec<&str> = list.iter().map(|s| s["status"].as_str().unwrap()).collect();
    for s in ["new", "adopted", "answered", "set-aside"] {
        assert!(statuses.contains(&s), "demo lacks a signal in state {s}");
    }
    assert!(
        list.iter().any(|s| s["recorded"] == true),
        "a recorded signal"
    );
    let bundled: Vec<&Value> = list.iter().filter(|s| s["status"] == "adopted").collect();
    let mut items: Vec<i64> = bundled
        .iter()
        .map(|s| s["item"]["id"].as_i64().unwrap())
        .collect();
    items.sort_unstable();
    assert!(
        items.windows(2).any(|w| w[0] == w[1]),
        "two signals bundled into one item"
    );
    for email in [
        "platform@demostreek.example",
        "beheerder@demostreek.example",
        "medewerker@demostreek.example",
        "zorgraad@demostreek.example",
        "an@demostreek.example",
        "dirk@demostreek.example",
    ] {
        let web = t.web_session(email).await;
        let mut pages = vec![
            "/zones/DEMO".to_string(),
            "/zones/DEMO/public".into(),
            "/zones/DEMO/signals".into(),
            "/zones/DEMO/signals?status=adopted".into(),
            "/zones/DEMO/signals/new".into(),
            "/zones/DEMO/signals/record".into(),
        ];
        for s in &list {
            let id = s["id"].as_i64().unwrap();
            pages.push(format!("/signals/id/{id}"));
            for a in ["adopt", "bundle", "answer", "set-aside"] {
                pages.push(format!("/signals/id/{id}/act/{a}"));
            }
            if let Some(item) = s["item"]["id"].as_i64() {
                pages.push(format!("/items/{item}"));
                pages.push(format!("/items/{item}/timeline"));
            }
        }
        for p in pages {
            let (s, html) = t.get_as(&web, &p).await;
            assert!(
                [200, 404, 409].contains(&s.code),
                "{email} {p}: {s}\n{html}"
            );
            if email == "medewerker@demostreek.example" && !p.contains("/act/") {
                assert_eq!(s, Status::Ok, "{p}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Signals reach people (issue 19, part 4): the zone's triagers hear of a new signal, the sender
// hears once of each outcome, and a signal waiting too long is overdue on the overview.

use burgerstem::db::notifications as n;
use burgerstem::mail::{Mailer, Sender};

/// (kind, mail status, reference, subject) of everything in a person's inbox, oldest first.
async fn inbox_of(t: &TestApp, email: &str) -> Vec<(String, String, String, String)> {
    let id = t.user_id(email).await;
    let mut c = t.app().db.conn().await.unwrap();
    let mut v: Vec<_> = n::inbox(&mut c.ex(), id, false, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.kind,
                r.email_status,
                r.reference.unwrap_or_default(),
                format!("{}/{}", r.subject_type, r.subject_id),
            )
        })
        .collect();
    v.reverse();
    v
}

/// The mail queued for a signal's sender: (kind, address, status), oldest first.
async fn sender_mail(t: &TestApp, signal: i64) -> Vec<(String, String, String)> {
    let sql = "SELECT kind, COALESCE(email, ''), email_status FROM notifications
               WHERE subject_type = 'signal' AND subject_id = $1 AND user_id IS NULL ORDER BY id";
    match &t.app().db {
        burgerstem::db::Db::Sqlite(p, _) => sqlx::query_as(sql).bind(signal).fetch_all(p).await,
        burgerstem::db::Db::Postgres(p) => sqlx::query_as(sql).bind(signal).fetch_all(p).await,
    }
    .unwrap()
}

/// Sends what is due into `.eml` files; returns every mail written so far, decoded.
async fn deliver(t: &TestApp, dir: &std::path::Path) -> Vec<String> {
    let settings = burgerstem::settings::Settings {
        data_dir: dir.to_path_buf(),
        ..Default::default()
    };
    Mailer::new(t.app().clone(), Sender::from_settings(&settings))
        .run_once()
        .await
        .unwrap();
    let Ok(files) = std::fs::read_dir(dir.join("outbox")) else {
        return vec![];
    };
    files
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| decode_qp(&std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// Brings in a signal with contact details through the public form; returns its follow token.
async fn bring_in_with(t: &TestApp, zone: &str, ip: &str, text: &str, contact: &str) -> String {
    let (s, loc, html) = form_from(
        t,
        ip,
        &format!("/zones/{zone}/signals"),
        &[
            ("text", text),
            ("contact", contact),
            ("relation", ""),
            (TRAP, ""),
        ],
    )
    .await;
    assert_eq!(s, Status::SeeOther, "{}: {html}", t.engine);
    loc.unwrap()
        .strip_prefix("/signals/thanks/")
        .unwrap()
        .to_string()
}

#[rocket::async_test]
async fn a_new_signal_reaches_every_triager_of_its_zone_and_nobody_else() {
    for t in engines_with(vec![("mail_worker", json!(false))]).await {
        seed(&t).await;
        // a2 wants new signals at once, a3 only in Burgerstem; the others keep the default.
        let a2 = t.token("a2@alfa.test").await;
        let a3 = t.token("a3@alfa.test").await;
        for (token, mode) in [(&a2, "immediate"), (&a3, "inbox")] {
            let (s, v) = t
                .json(
                    "PUT",
                    "/api/v1/me/preferences",
                    Some(token),
                    Some(json!({"signals": mode})),
                )
                .await;
            assert_eq!(s, Status::Ok, "{v}");
        }
        let (_, v) = t
            .json("GET", "/api/v1/me/preferences", Some(&a3), None)
            .await;
        assert_eq!(v["preferences"]["signals"], "inbox");
        let a1 = t.token("a1@alfa.test").await;
        let (_, v) = t
            .json("GET", "/api/v1/me/preferences", Some(&a1), None)
            .await;
        assert_eq!(
            v["preferences"]["signals"], "digest",
            "the daily digest by default"
        );

        let words = "De apotheek in het dorp sluit op zaterdag.";
        let token = bring_in_with(&t, "ALFA", "192.0.2.90", words, "").await;
        let id = id_of(&t, &token).await;
        let subject = format!("signal/{id}");
        // Panel members of both panels, staff, council and the administrator of the zone.
        for (email, status) in [
            ("a1@alfa.test", "digest"),
            ("a2@alfa.test", "pending"),
            ("a3@alfa.test", "skipped"),
            ("staff@alfa.test", "digest"),
            ("raad@alfa.test", "digest"),
            ("admin@alfa.test", "digest"),
        ] {
            let inbox = inbox_of(&t, email).await;
            let got: Vec<_> = inbox.iter().filter(|e| e.3 == subject).collect();
            assert_eq!(got.len(), 1, "{}: {email}: {inbox:?}", t.engine);
            assert_eq!(got[0].0, "signal-received");
            assert_eq!(got[0].1, status, "{email}");
            assert_eq!(got[0].2, "ALFA-S-2026-0001");
        }
        // Nobody of another zone, and nobody without a zone.
        for email in [
            "a1@beta.test",
            "staff@beta.test",
            "admin@beta.test",
            "root@platform.test",
        ] {
            let inbox = inbox_of(&t, email).await;
            assert!(
                inbox.iter().all(|e| !e.0.starts_with("signal")),
                "{email}: {inbox:?}"
            );
        }
        // The inbox says what to do, and leads to the signal.
        let web = t.web_session("staff@alfa.test").await;
        let (_, html) = t.get_as(&web, "/berichten").await;
        assert!(html.contains("ALFA-S-2026-0001"), "{html}");
        assert!(html.contains("Lees het signaal en beslis wat ermee gebeurt."));
        assert!(html.contains(&format!("/signals/id/{id}")));

        // One recorded by staff: everyone else hears of it, not the one who recorded it.
        let staff = t.token("staff@alfa.test").await;
        let (s, v) = api_from(
            &t,
            "192.0.2.91",
            "/api/v1/zones/ALFA/signals",
            Some(&staff),
            json!({"text": "Gehoord op de markt: de bus is te duur."}).to_string(),
        )
        .await;
        assert_eq!(s, Status::Created, "{v}");
        let recorded = format!("signal/{}", v["id"].as_i64().unwrap());
        for (email, heard) in [
            ("staff@alfa.test", 0),
            ("a1@alfa.test", 1),
            ("raad@alfa.test", 1),
        ] {
            let inbox = inbox_of(&t, email).await;
            let got: Vec<_> = inbox.iter().filter(|e| e.3 == recorded).collect();
            assert_eq!(got.len(), heard, "{email}: {inbox:?}");
            assert!(got.iter().all(|e| e.0 == "signal-recorded"));
        }

        // Delivery: a2 at once, the others in their daily digest; never the sender's words.
        let dir = tempfile::tempdir().unwrap();
        let mails = deliver(&t, dir.path()).await;
        let to = |who: &str| -> Vec<&String> {
            mails
                .iter()
                .filter(|m| header(m, "To").contains(who))
                .collect()
        };
        let now = to("a2@alfa.test");
        assert!(
            now.iter()
                .any(|m| header(m, "Subject").contains("ALFA-S-2026-0001")
                    && m.contains("Er kwam een nieuw signaal binnen in uw zone: ALFA-S-2026-0001")
                    && m.contains(&format!("/signals/id/{id}"))
                    && !header(m, "List-Unsubscribe").is_empty()),
            "{now:?}"
        );
        let digest = to("a1@alfa.test");
        let digest: Vec<_> = digest
            .iter()
            .filter(|m| m.contains("ALFA-S-2026-0001"))
            .collect();
        assert_eq!(digest.len(), 1, "{:?}", to("a1@alfa.test"));
        assert!(
            digest[0].contains(&format!("/signals/id/{id}")),
            "{}",
            digest[0]
        );
        assert!(
            !digest[0].contains("Punt ALFA-S"),
            "a signal is no item: {}",
            digest[0]
        );
        assert!(to("a3@alfa.test")
            .iter()
            .all(|m| !m.contains("ALFA-S-2026")));
        assert!(to("beta.test").iter().all(|m| !m.contains("ALFA-S-2026")));
        assert!(mails.iter().all(|m| !m.contains(words)), "never the words");
    }
}

#[rocket::async_test]
async fn a_sender_with_an_address_hears_once_of_each_outcome() {
    for t in engines_with(vec![("mail_worker", json!(false))]).await {
        seed(&t).await;
        let staff = t.token("staff@alfa.test").await;
        let a1 = t.token("a1@alfa.test").await;
        let words = "Het loket van het OCMW is enkel open in de voormiddag.";
        let mailed = bring_in_with(&t, "ALFA", "192.0.2.70", words, "zender@example.org").await;
        let by_phone =
            bring_in_with(&t, "ALFA", "192.0.2.71", "Een telefoon.", "0470 12 34 56").await;
        let silent = bring_in_with(&t, "ALFA", "192.0.2.72", "Geen adres.", "").await;
        let stops = bring_in_with(
            &t,
            "ALFA",
            "192.0.2.73",
            "Wil maar één mail.",
            "stop@example.org",
        )
        .await;
        let (mailed, by_phone, silent, stops) = (
            id_of(&t, &mailed).await,
            id_of(&t, &by_phone).await,
            id_of(&t, &silent).await,
            id_of(&t, &stops).await,
        );
        // Bringing in is not an outcome: nothing goes to the sender yet.
        assert!(sender_mail(&t, mailed).await.is_empty());

        let answer = json!({"action": "answer", "text": "Vanaf mei ook op donderdagavond."});
        assert_eq!(
            triage(&t, &staff, mailed, answer.clone()).await.0,
            Status::Ok
        );
        assert_eq!(
            triage(&t, &staff, by_phone, answer.clone()).await.0,
            Status::Ok
        );
        let aside = json!({"action": "set-aside", "reason": "Dat is geen zaak van de zorgraad."});
        assert_eq!(
            triage(&t, &staff, silent, aside.clone()).await.0,
            Status::Ok
        );
        assert_eq!(triage(&t, &staff, stops, aside).await.0, Status::Ok);
        // A second answer is refused, and mails nobody.
        assert_eq!(triage(&t, &staff, mailed, answer).await.0, Status::Conflict);
        assert_eq!(
            sender_mail(&t, mailed).await,
            vec![(
                "signal-answered".to_string(),
                "zender@example.org".to_string(),
                "pending".to_string()
            )],
            "{}",
            t.engine
        );
        assert!(sender_mail(&t, by_phone).await.is_empty(), "a phone number");
        assert!(sender_mail(&t, silent).await.is_empty(), "no address");
        assert_eq!(sender_mail(&t, stops).await.len(), 1);

        let dir = tempfile::tempdir().unwrap();
        let mails = deliver(&t, dir.path()).await;
        let to_sender: Vec<&String> = mails
            .iter()
            .filter(|m| header(m, "To").contains("zender@example.org"))
            .collect();
        assert_eq!(to_sender.len(), 1, "{}: {mails:?}", t.engine);
        let mail = to_sender[0];
        assert!(
            header(mail, "Subject").contains("ALFA-S-2026-0001"),
            "{mail}"
        );
        assert!(mail.contains("De zone heeft uw bericht ALFA-S-2026-0001 beantwoord."));
        assert!(!mail.contains(words), "never the words themselves");
        // Its own follow link, which works like the one from the thank-you page.
        let page_at = mail.find("Uw eigen pagina: ").expect("a follow link");
        let at = mail[page_at..].find("/signals/").unwrap() + page_at;
        let follow: String = mail[at + 9..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        assert_eq!(follow.len(), 64, "{mail}");
        let (s, page) = t
            .get_as(&t.anonymous(), &format!("/signals/{follow}"))
            .await;
        assert_eq!(s, Status::Ok);
        assert!(page.contains("Vanaf mei ook op donderdagavond."));
        // One-click unsubscribe, as every other mail has.
        assert_eq!(
            header(mail, "List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
        let lu = header(mail, "List-Unsubscribe");
        assert!(lu.contains("/signals/uitschrijven/"), "{lu}");
        assert!(mail.contains(lu.trim_start_matches('<').trim_end_matches('>')));
        // The link is not kept once the mail is sent.
        {
            let mut c = t.app().db.conn().await.unwrap();
            assert_eq!(n::count_status(&mut c.ex(), "pending").await.unwrap(), 0);
        }
        let leftover = match &t.app().db {
            burgerstem::db::Db::Sqlite(p, _) => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notifications WHERE subject_type = 'signal' AND secret_link IS NOT NULL",
            )
            .fetch_one(p)
            .await,
            burgerstem::db::Db::Postgres(p) => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notifications WHERE subject_type = 'signal' AND secret_link IS NOT NULL",
            )
            .fetch_one(p)
            .await,
        }
        .unwrap();
        assert_eq!(leftover, 0);

        // Sending again sends nothing new: exactly once.
        let again = deliver(&t, dir.path()).await;
        assert_eq!(
            again
                .iter()
                .filter(|m| header(m, "To").contains("zender@example.org"))
                .count(),
            1
        );

        // Later taken up in an item: one more outcome, one more mail.
        let it = item(&t, &a1, "ALFA", "burgers", "Loket langer open", true).await;
        let bundle = json!({"action": "bundle", "item": it["id"]});
        assert_eq!(
            triage(&t, &staff, mailed, bundle.clone()).await.0,
            Status::Ok
        );
        let kinds: Vec<String> = sender_mail(&t, mailed)
            .await
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(kinds, ["signal-answered", "signal-bundled"]);
        let mails = deliver(&t, dir.path()).await;
        let to_sender: Vec<&String> = mails
            .iter()
            .filter(|m| header(m, "To").contains("zender@example.org"))
            .collect();
        assert_eq!(to_sender.len(), 2);
        assert!(to_sender
            .iter()
            .any(|m| m.contains("bij een punt dat de zorgraad al behandelt")));

        // The other sender stops mail with one click: the page asks, the POST does it.
        let stop_mail = mails
            .iter()
            .find(|m| header(m, "To").contains("stop@example.org"))
            .expect("a mail to the second sender");
        let lu = header(stop_mail, "List-Unsubscribe");
        let url = lu.trim_start_matches('<').trim_end_matches('>');
        let path = &url[url.find("/signals/uitschrijven/").unwrap()..];
        let (s, html) = t.get_as(&t.anonymous(), path).await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("method=\"post\"") && html.contains("ALFA-S-2026-0004"));
        let res = t
            .client
            .post(path.to_string())
            .header(ContentType::Form)
            .body("List-Unsubscribe=One-Click")
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::Ok);
        assert_eq!(triage(&t, &staff, stops, bundle).await.0, Status::Ok);
        assert_eq!(
            sender_mail(&t, stops).await.len(),
            1,
            "no mail after stopping"
        );
        // Made-up unsubscribe links are not found.
        let res = t
            .client
            .post(format!("/signals/uitschrijven/{}", "ef".repeat(32)))
            .dispatch()
            .await;
        assert_eq!(res.status(), Status::NotFound);
        assert!(verify(&t).await.is_ok());
    }
}

#[rocket::async_test]
async fn a_signal_waiting_past_the_acknowledgement_deadline_is_overdue_on_the_overview() {
    for t in engines().await {
        seed(&t).await;
        let staff = t.token("staff@alfa.test").await;
        let waiting = bring_in_with(&t, "ALFA", "192.0.2.80", "Niemand belt terug.", "").await;
        let answered = bring_in_with(&t, "ALFA", "192.0.2.81", "Al beantwoord.", "").await;
        let beta = bring_in_with(&t, "BETA", "192.0.2.82", "In een andere zone.", "").await;
        let (waiting, answered, _) = (
            id_of(&t, &waiting).await,
            id_of(&t, &answered).await,
            id_of(&t, &beta).await,
        );
        let answer = json!({"action": "answer", "text": "Dank u."});
        assert_eq!(triage(&t, &staff, answered, answer).await.0, Status::Ok);
        let overdue = |v: &Value| -> Vec<(i64, i64)> {
            v["signals_overdue"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["signal"].as_i64().unwrap(),
                        s["overdue_days"].as_i64().unwrap(),
                    )
                })
                .collect()
        };
        // The zone gives 14 days to acknowledge (Monday 2 March: due Monday 16 March).
        t.clock.advance(chrono::Duration::days(14));
        let (_, v) = t
            .json("GET", "/api/v1/zones/ALFA/overview", Some(&staff), None)
            .await;
        assert!(overdue(&v).is_empty(), "on the due date itself: {v}");
        t.clock.advance(chrono::Duration::days(3));
        let (s, v) = t
            .json("GET", "/api/v1/zones/ALFA/overview", Some(&staff), None)
            .await;
        assert_eq!(s, Status::Ok, "{v}");
        assert_eq!(overdue(&v), vec![(waiting, 3)], "{}: {v}", t.engine);
        assert_eq!(v["signals_overdue"][0]["reference"], "ALFA-S-2026-0001");
        assert_eq!(v["signals_overdue"][0]["due"], "2026-03-16");
        let web = t.web_session("raad@alfa.test").await;
        let (s, html) = t.get_as(&web, "/zones/ALFA/overview").await;
        assert_eq!(s, Status::Ok);
        assert!(html.contains("Signalen die te lang wachten"));
        assert!(
            html.contains(&format!("/signals/id/{waiting}")) && html.contains("ALFA-S-2026-0001")
        );
        assert!(!html.contains("ALFA-S-2026-0002") && !html.contains("BETA-S-"));
        // Once triaged, it is no longer overdue.
        let aside = json!({"action": "set-aside", "reason": "Doorgegeven aan de huisartsen."});
        assert_eq!(triage(&t, &staff, waiting, aside).await.0, Status::Ok);
        let (_, v) = t
            .json("GET", "/api/v1/zones/ALFA/overview", Some(&staff), None)
            .await;
        assert!(overdue(&v).is_empty(), "{v}");
    }
}
