//! The foundation through the web pages: sessions, CSRF, escaping, headers, errors, and the
//! tenant wall between zones.

mod common;

use common::*;
use rocket::http::{ContentType, Status};
use serde_json::json;

fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..at + 64].to_string()
}

#[rocket::async_test]
async fn logging_in_and_out_through_the_form() {
    let t = sqlite().await;
    seed(&t).await;
    let c = &t.client;
    // A protected page sends you to the login page and back.
    let res = c.get("/zones/ALFA").dispatch().await;
    assert_eq!(res.status(), Status::SeeOther);
    assert_eq!(
        res.headers().get_one("Location"),
        Some("/login?next=/zones/ALFA")
    );
    let page = c
        .get("/login?next=/zones/ALFA")
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    // Wrong password: the form again, with the message, no session.
    let res = c
        .post("/login")
        .header(ContentType::Form)
        .body(format!(
            "csrf={csrf}&email=a1%40alfa.test&password=fout&next=%2Fzones%2FALFA"
        ))
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::Unauthorized);
    let html = res.into_string().await.unwrap();
    assert!(html.contains("Het e-mailadres of het wachtwoord klopt niet."));
    assert!(
        html.contains("value=\"a1@alfa.test\""),
        "the email stays filled in"
    );
    // Without the CSRF token: refused.
    let res = c
        .post("/login")
        .header(ContentType::Form)
        .body("email=a1%40alfa.test&password=x")
        .dispatch()
        .await;
    assert!(
        res.status() == Status::Forbidden || res.status() == Status::UnprocessableEntity,
        "{}",
        res.status()
    );
    let res = c
        .post("/login")
        .header(ContentType::Form)
        .body(format!(
            "csrf={}&email=a1%40alfa.test&password=x",
            "0".repeat(64)
        ))
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::Forbidden);
    assert!(res
        .into_string()
        .await
        .unwrap()
        .contains("Het formulier is verlopen"));
    // Right password: a session cookie and back to where we were going.
    let res = c
        .post("/login")
        .header(ContentType::Form)
        .body(format!(
            "csrf={csrf}&email=a1%40alfa.test&password={}&next=%2Fzones%2FALFA",
            urlencode(PASSWORD)
        ))
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::SeeOther);
    assert_eq!(res.headers().get_one("Location"), Some("/zones/ALFA"));
    let set_cookie: Vec<_> = res
        .headers()
        .get("Set-Cookie")
        .filter(|c| c.starts_with("bs_session="))
        .collect();
    assert_eq!(set_cookie.len(), 1);
    assert!(
        set_cookie[0].contains("HttpOnly") && set_cookie[0].contains("SameSite=Lax"),
        "{}",
        set_cookie[0]
    );
    let stolen = c
        .cookies()
        .get_private("bs_session")
        .expect("session")
        .value()
        .to_string();
    let res = c.get("/zones/ALFA").dispatch().await;
    assert_eq!(res.status(), Status::Ok);
    // Logout ends the session on the server: the old cookie no longer works.
    let page = c.get("/").dispatch().await.into_string().await.unwrap();
    let csrf = csrf_in(&page);
    let res = c
        .post("/logout")
        .header(ContentType::Form)
        .body(format!("csrf={csrf}"))
        .dispatch()
        .await;
    assert_eq!(res.status(), Status::SeeOther);
    let res = c
        .get("/zones/ALFA")
        .private_cookie(rocket::http::Cookie::new("bs_session", stolen))
        .dispatch()
        .await;
    assert_eq!(
        res.status(),
        Status::SeeOther,
        "a logged-out session is dead"
    );
    // GET never logs out.
    assert_eq!(c.get("/logout").dispatch().await.status(), Status::NotFound);
}

#[rocket::async_test]
async fn sessions_time_out_when_idle_and_absolutely() {
    let t = sqlite().await;
    seed(&t).await;
    let who = t.web_session("a1@alfa.test").await;
    assert_eq!(t.get_as(&who, "/zones/ALFA").await.0, Status::Ok);
    t.clock.advance(chrono::Duration::minutes(50));
    assert_eq!(
        t.get_as(&who, "/zones/ALFA").await.0,
        Status::Ok,
        "active within the idle limit"
    );
    t.clock.advance(chrono::Duration::minutes(61));
    assert_eq!(
        t.get_as(&who, "/zones/ALFA").await.0,
        Status::SeeOther,
        "idle for over an hour"
    );
    let who = t.web_session("a1@alfa.test").await;
    for _ in 0..14 {
        t.clock.advance(chrono::Duration::minutes(55));
        let _ = t.get_as(&who, "/").await;
    }
    assert_eq!(
        t.get_as(&who, "/zones/ALFA").await.0,
        Status::SeeOther,
        "12 hours at most"
    );
}

#[rocket::async_test]
async fn people_s_words_are_shown_as_text_everywhere() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let evil = "<script>alert(1)</script>";
    let (s, it) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/items",
            Some(&a1),
            Some(json!({"panel": "burgers", "kind": "proposal", "title": evil, "text": format!("{evil} <img src=x onerror=alert(2)>"), "heard_at": evil})),
        )
        .await;
    assert_eq!(s, Status::Created);
    let id = it["id"].as_i64().unwrap();
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/submit"),
        Some(&a1),
        None,
    )
    .await;
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/addenda"),
        Some(&a1),
        Some(json!({"text": evil})),
    )
    .await;
    // A display name with markup, too.
    let admin = t.token("admin@alfa.test").await;
    let (_, inv) = t
        .json("POST", "/api/v1/zones/ALFA/invitations", Some(&admin), Some(json!({"email": "x@alfa.test", "name": "<b onmouseover=alert(3)>X</b>", "role": "citizen", "panel": "burgers"})))
        .await;
    let token = inv["token"].as_str().unwrap();
    t.json(
        "POST",
        &format!("/api/v1/invitations/{token}"),
        None,
        Some(json!({"password": PASSWORD})),
    )
    .await;
    let x = t.token("x@alfa.test").await;
    t.json(
        "POST",
        &format!("/api/v1/items/{id}/cosign"),
        Some(&x),
        None,
    )
    .await;

    let who = t.web_session("a2@alfa.test").await;
    let admin_web = t.web_session("admin@alfa.test").await;
    for (as_, path) in [
        (&who, "/zones/ALFA".to_string()),
        (&who, format!("/items/{id}")),
        (&who, format!("/items/{id}/timeline")),
        (&admin_web, "/zones/ALFA/manage".to_string()),
    ] {
        let (s, html) = t.get_as(as_, &path).await;
        assert_eq!(s, Status::Ok, "{path}");
        assert!(
            !html.contains("<script>alert"),
            "{path} renders markup from people's words"
        );
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(!html.contains("<b onmouseover"), "{path}");
        assert!(
            html.contains("&lt;script&gt;") || html.contains("&lt;b onmouseover"),
            "{path} shows it as text"
        );
    }
}

#[rocket::async_test]
async fn every_response_carries_security_headers_and_friendly_errors() {
    let t = sqlite().await;
    seed(&t).await;
    for path in [
        "/",
        "/login",
        "/bestaat-niet",
        "/api/v1/me",
        "/static/style.css",
    ] {
        let res = t.client.get(path).dispatch().await;
        let h = res.headers();
        let csp = h.get_one("Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(
            h.get_one("X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(h.get_one("Referrer-Policy"), Some("same-origin"), "{path}");
        assert_eq!(h.get_one("X-Frame-Options"), Some("DENY"), "{path}");
    }
    let res = t.client.get("/bestaat-niet").dispatch().await;
    assert_eq!(res.status(), Status::NotFound);
    let html = res.into_string().await.unwrap();
    assert!(html.contains("Deze pagina bestaat niet") && html.contains("lang=\"nl\""));
    // An oversized form: 413 with a clear page, nothing stored.
    let who = t.web_session("a1@alfa.test").await;
    let big = "x".repeat(100 * 1024);
    let (s, _, html) = t
        .post_as(
            &who,
            "/zones/ALFA/items",
            &[
                ("panel", "burgers"),
                ("kind", "proposal"),
                ("title", "Groot"),
                ("text", &big),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::PayloadTooLarge);
    assert!(html.contains("te groot"), "{html}");
    let a1 = t.token("a1@alfa.test").await;
    let (_, list) = t
        .json("GET", "/api/v1/zones/ALFA/items", Some(&a1), None)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    // Invalid input: 422, the message next to the field and summarised at the top.
    let (s, _, html) = t
        .post_as(
            &who,
            "/zones/ALFA/items",
            &[
                ("panel", "burgers"),
                ("kind", "proposal"),
                ("title", ""),
                ("text", "iets"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(
        html.contains("error-summary") && html.contains("href=\"#field-title\""),
        "summary links to the field"
    );
    assert!(
        html.contains("id=\"error-title\""),
        "error next to the field"
    );
    assert!(
        html.contains(">iets</textarea>") || html.contains("name=\"text\" value=\"iets\""),
        "nothing typed is lost"
    );
    // The French page.
    let res = t
        .client
        .get("/login")
        .header(rocket::http::Header::new(
            "Accept-Language",
            "fr-BE,fr;q=0.9",
        ))
        .dispatch()
        .await;
    assert!(res.into_string().await.unwrap().contains("lang=\"fr\""));
}

#[rocket::async_test]
async fn the_web_flow_from_draft_to_addendum() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.web_session("a1@alfa.test").await;
    let a2 = t.web_session("a2@alfa.test").await;
    let (s, html) = t.get_as(&a1, "/zones/ALFA/items/new?panel=burgers").await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("<label for=\"field-title\">"));
    let (s, loc, _) = t
        .post_as(
            &a1,
            "/zones/ALFA/items",
            &[
                ("panel", "burgers"),
                ("kind", "question"),
                ("title", "Waar is de wachtpost?"),
                ("text", "We vinden hem niet.\nEr is geen bord."),
                ("heard_at", ""),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let path = loc.unwrap();
    let id: i64 = path.trim_start_matches("/items/").parse().unwrap();
    let (_, html) = t.get_as(&a1, &path).await;
    assert!(html.contains("ALFA-2026-0001") && html.contains("ontwerp"));
    assert!(
        html.contains("We vinden hem niet.\nEr is geen bord."),
        "the text as written"
    );
    // Edit the draft, co-sign, submit.
    let (s, _, _) = t
        .post_as(
            &a1,
            &format!("/items/{id}/edit"),
            &[
                ("kind", "question"),
                ("title", "Waar is de wachtpost nu?"),
                ("text", "Nog altijd geen bord."),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, _, _) = t
        .post_as(
            &a2,
            &format!("/items/{id}/edit"),
            &[
                ("kind", "question"),
                ("title", "Overgenomen"),
                ("text", "x"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::Forbidden, "only the author edits the draft");
    let (s, _, _) = t
        .post_as(&a2, &format!("/items/{id}/cosign"), &[], true)
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, _, _) = t
        .post_as(&a2, &format!("/items/{id}/cosign"), &[], false)
        .await;
    assert!(
        s == Status::Forbidden || s == Status::UnprocessableEntity,
        "no CSRF token, no change: {s}"
    );
    let (s, _, _) = t
        .post_as(&a1, &format!("/items/{id}/submit"), &[], true)
        .await;
    assert_eq!(s, Status::SeeOther);
    // Frozen: editing now is a conflict with a plain message, through the page too.
    let (s, _, html) = t
        .post_as(
            &a1,
            &format!("/items/{id}/edit"),
            &[("kind", "question"), ("title", "Later"), ("text", "y")],
            true,
        )
        .await;
    assert_eq!(s, Status::Conflict);
    assert!(html.contains("De tekst kan niet meer veranderen"), "{html}");
    let (s, _, _) = t
        .post_as(
            &a2,
            &format!("/items/{id}/addenda"),
            &[("text", "Het bord staat er nu wel.")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, html) = t.get_as(&a1, &format!("/items/{id}")).await;
    assert!(html.contains("Nog altijd geen bord.") && html.contains("Het bord staat er nu wel."));
    assert!(html.contains("ingediend"));
    let a1_api = t.token("a1@alfa.test").await;
    let (_, v) = t
        .json("GET", &format!("/api/v1/items/{id}"), Some(&a1_api), None)
        .await;
    assert_eq!(v["original_text"], "Nog altijd geen bord.");
    assert_eq!(v["title"], "Waar is de wachtpost nu?");
}

#[rocket::async_test]
async fn the_first_administrator_comes_from_a_one_time_link() {
    let t = sqlite().await;
    let token = burgerstem::service::accounts::new_setup_link(t.app())
        .await
        .unwrap();
    let who = t.anonymous();
    let (s, _) = t.get_as(&who, &format!("/setup/{token}")).await;
    assert_eq!(s, Status::Ok);
    let (s, _, html) = t
        .post_as(
            &who,
            &format!("/setup/{token}"),
            &[
                ("email", "root@x.test"),
                ("name", "Root"),
                ("password", "kort"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(html.contains("minstens 8 tekens"));
    let (s, loc, _) = t
        .post_as(
            &who,
            &format!("/setup/{token}"),
            &[
                ("email", "root@x.test"),
                ("name", "Root"),
                ("password", PASSWORD),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    assert_eq!(loc.as_deref(), Some("/admin"));
    let (s, _, _) = t
        .post_as(
            &who,
            &format!("/setup/{token}"),
            &[
                ("email", "root2@x.test"),
                ("name", "Root"),
                ("password", PASSWORD),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::NotFound, "the link works once");
    // The platform admin creates a zone through the page.
    let root = t.web_session("root@x.test").await;
    let (s, loc, _) = t
        .post_as(
            &root,
            "/admin/zones",
            &[("code", "NOORD"), ("name", "ELZ Noord")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther, "{loc:?}");
    let (s, _, html) = t
        .post_as(
            &root,
            "/zones/NOORD/panels",
            &[
                ("slug", "bp"),
                ("name", "Burgerplatform Noord"),
                ("kind", "burgerplatform"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther, "{html}");
    let (s, _, html) = t
        .post_as(
            &root,
            "/zones/NOORD/invitations",
            &[
                ("email", "lid@noord.test"),
                ("name", "Lid"),
                ("role", "citizen"),
                ("panel", "bp"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    let at = html
        .find("/invitations/")
        .expect("the link is shown to pass on");
    let link = &html[at..at + 13 + 64];
    // The person invited opens it in their own browser, not signed in as the administrator.
    t.post_as(&root, "/logout", &[], true).await;
    let (s, page) = t.get_as(&t.anonymous(), link).await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("lid@noord.test"));
    let (s, _, _) = t
        .post_as(&t.anonymous(), link, &[("password", PASSWORD)], true)
        .await;
    assert_eq!(s, Status::SeeOther);
}

/// Every mounted route with a path parameter, called by every role of zone BETA against zone
/// ALFA's objects, through pages and API alike, answers 404.
#[rocket::async_test]
async fn no_route_lets_one_zone_see_another() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let submitted = item(&t, &a1, "ALFA", "burgers", "Alleen voor ALFA", true).await["id"]
        .as_i64()
        .unwrap();
    let draft = item(&t, &a1, "ALFA", "burgers", "Ontwerp van ALFA", false).await["id"]
        .as_i64()
        .unwrap();
    // A consultation of ALFA with the same id as the items, so `<id>` hits it too.
    let alfa_staff = t.token("staff@alfa.test").await;
    let (s, c) = t
        .json(
            "POST",
            "/api/v1/zones/ALFA/consultations",
            Some(&alfa_staff),
            Some(json!({"title": "Alleen voor ALFA", "question": "V?", "advice_due": "2026-04-01", "panels": ["burgers"]})),
        )
        .await;
    assert_eq!(s, Status::Created, "{c}");
    assert_eq!(
        c["id"].as_i64(),
        Some(submitted),
        "ids line up with the items"
    );
    let routes: Vec<(String, String)> = t
        .client
        .rocket()
        .routes()
        .map(|r| (r.method.as_str().to_string(), r.uri.path().to_string()))
        .filter(|(_, p)| p.contains('<') && !p.starts_with("/static"))
        // Public by design: a zone's public page and its figures (no personal data).
        .filter(|(_, p)| p != "/zones/<code>/public" && p != "/api/v1/zones/<code>/figures")
        // Public by design: anyone brings in a signal (the form, its POST and the anonymous
        // API), and its sender follows it with the private token.
        .filter(|(m, p)| {
            !(p == "/zones/<code>/signals/new"
                || (m == "POST"
                    && (p == "/zones/<code>/signals" || p == "/api/v1/zones/<code>/signals"))
                || p == "/signals/<token>"
                || p == "/signals/thanks/<token>"
                || p == "/api/v1/signals/<token>"
                // Open data: what panels made public, for anyone.
                || p == "/zones/<code>/opendata/<file>"
                || p == "/api/v1/zones/<code>/opendata/<file>"
                || p == "/zones/<code>/feed.atom"
                // Each zone's signed checkpoint, and checking a kept one (issue 18).
                || p.starts_with("/zones/<code>/checkpoint")
                || p == "/api/v1/zones/<code>/checkpoint"
                // Search and similar items: open to all, each finds only what they may read
                // (tests/agenda/search.rs); the zone's meetings as a calendar (issue 19).
                || p == "/zones/<code>/zoeken"
                || p == "/api/v1/zones/<code>/search"
                || p == "/api/v1/zones/<code>/items/similar"
                || p == "/zones/<code>/meetings.ics"
                // A person's calendar and a sender's unsubscribe: by their secret token.
                || p == "/me/calendar/<file>"
                || p == "/signals/uitschrijven/<token>")
        })
        .collect();
    assert!(routes.len() >= 20, "{routes:?}");
    let roles = [
        "a1@beta.test",
        "staff@beta.test",
        "raad@beta.test",
        "admin@beta.test",
    ];
    // A superset of every form's fields and every JSON body's keys, all plausible.
    let fields = [
        ("email", "x@beta.test"),
        ("name", "X"),
        ("password", PASSWORD),
        ("code", "ALFA"),
        ("slug", "nieuw"),
        ("kind", "proposal"),
        ("role", "staff"),
        ("panel", "burgers"),
        ("title", "T"),
        ("text", "T"),
        ("heard_at", ""),
        ("ack_days", "14"),
        ("response_days", "60"),
        ("max_response_days", "90"),
        ("lang", "nl"),
        ("next", "/"),
        ("action", "decide"),
        ("outcome", "accepted"),
        ("reasons", "Omdat."),
        ("item", "1"),
        ("summary", "S"),
        ("note", "N"),
        ("starts_at", "2026-05-01T10:00"),
        ("place", "P"),
        ("what", "W"),
        ("responsible", "R"),
        ("due", "2026-05-01"),
        ("public", "true"),
        ("correction", "C"),
        ("percent", "10"),
        ("confirm", "yes"),
        ("step", "1"),
        ("go", "next"),
        ("person", "1"),
        ("contact", "x@beta.test"),
        ("relation", "bewoner"),
        ("person_name", "P"),
        ("may_contact", "yes"),
        ("reason", "R"),
        ("bs_extra_veld", ""),
        ("texts", "remove"),
        ("requested_by_person", "yes"),
        ("closing_day", "2026-05-01"),
        ("closing_label", "Brugdag"),
        ("day", "2026-05-01"),
        ("user", "1"),
        ("chair", "true"),
        ("verdict", "answered"),
        ("reply", "R"),
    ];
    let mut body: serde_json::Value = fields
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    // JSON bodies carry numbers and booleans where the API expects them.
    body["item"] = json!(1);
    body["percent"] = json!(10);
    body["confirm"] = json!(true);
    body["public"] = json!(true);
    body["meeting"] = json!(1);
    body["may_contact"] = json!(true);
    body["question"] = json!("V?");
    body["advice_due"] = json!("2026-04-01");
    body["panels"] = json!(["burgers"]);
    body["points"] = json!([]);
    body["point"] = json!(1);
    body["requested_by_person"] = json!(true);
    let mut checked = 0;
    for email in roles {
        let web = t.web_session(email).await;
        let api = t.token(email).await;
        for id in [submitted, draft] {
            for (method, pattern) in &routes {
                let path = pattern
                    .replace("<code>", "ALFA")
                    .replace("<id>", &id.to_string())
                    .replace("<token>", &"ab".repeat(32))
                    .replace("<action>", "decide")
                    .replace("<aid>", &id.to_string());
                // Any other parameter (a sequence number, a kind) gets a plausible value.
                let path = replace_params(&path);
                let payload = (*method != "GET" && *method != "DELETE").then(|| body.clone());
                let status = if path.starts_with("/api/") {
                    let status = t.json(method, &path, Some(&api), payload.clone()).await.0;
                    // A body refused by its type is refused alike for an id that does not exist:
                    // the answer then says nothing about the other zone's object.
                    let elsewhere = path
                        .replace(&format!("/{id}"), "/987654321")
                        .replace("/ALFA", "/NERGENS");
                    let nowhere = t.json(method, &elsewhere, Some(&api), payload).await.0;
                    if status == Status::UnprocessableEntity && nowhere == status {
                        Status::NotFound
                    } else {
                        status
                    }
                } else if method == "GET" {
                    t.get_as(&web, &path).await.0
                } else {
                    t.post_as(&web, &path, &fields, true).await.0
                };
                assert_eq!(status, Status::NotFound, "{email} {method} {path}");
                checked += 1;
            }
        }
    }
    eprintln!(
        "cross-zone walk: {} routes x {} roles x 2 items = {checked} requests, all 404",
        routes.len(),
        roles.len()
    );
}

fn replace_params(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(a) = rest.find('<') {
        let b = rest[a..].find('>').map(|b| a + b).unwrap_or(rest.len() - 1);
        out.push_str(&rest[..a]);
        out.push('1');
        rest = &rest[b + 1..];
    }
    out.push_str(rest);
    out
}
