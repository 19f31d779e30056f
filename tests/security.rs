//! What an outside probe found (issue 16), each with the test that would have caught it, and
//! sign-in for everyone: sign-in links, a second factor, sessions one can end. On both engines
//! where the database decides.

mod common;

use burgerstem::db::Db;
use burgerstem::domain::second_factor;
use chrono::Duration;
use common::*;
use rocket::http::{ContentType, Cookie, Header, Status};
use serde_json::json;

const CSRF: &str = "csrf-test-token-0123456789abcdef0123456789abcdef";

/// The secret link of the last mail of `kind` to `email` (as the mail would carry it).
async fn last_link(t: &TestApp, email: &str, kind: &str) -> String {
    let sql = "SELECT n.secret_link FROM notifications n JOIN users u ON u.id = n.user_id
               WHERE u.email = $1 AND n.kind = $2 ORDER BY n.id DESC LIMIT 1";
    let link: Option<String> = match &t.app().db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql)
            .bind(email)
            .bind(kind)
            .fetch_one(p)
            .await
            .unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql)
            .bind(email)
            .bind(kind)
            .fetch_one(p)
            .await
            .unwrap(),
    };
    link.expect("a link")
}

async fn scalar_i64(t: &TestApp, sql: &str, arg: &str) -> i64 {
    match &t.app().db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql)
            .bind(arg)
            .fetch_one(p)
            .await
            .unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql)
            .bind(arg)
            .fetch_one(p)
            .await
            .unwrap(),
    }
}

async fn zones_of(t: &TestApp, email: &str) -> i64 {
    scalar_i64(
        t,
        "SELECT COUNT(DISTINCT m.zone_id) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
        email,
    )
    .await
}

/// A form posted from a browser at `ip` with these cookies (name, value; private ones encrypted).
struct Browser {
    ip: &'static str,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn at(ip: &'static str) -> Browser {
        Browser {
            ip,
            cookies: vec![],
        }
    }

    async fn post(
        &mut self,
        t: &TestApp,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (Status, Option<String>, String) {
        let mut body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect();
        body.push(format!("csrf={CSRF}"));
        let mut req = t
            .client
            .post(path.to_string())
            .header(ContentType::Form)
            .remote(format!("{}:50000", self.ip).parse().unwrap())
            .private_cookie(Cookie::new("bs_csrf", CSRF))
            .body(body.join("&"));
        for (k, v) in &self.cookies {
            req = req.private_cookie(Cookie::new(k.clone(), v.clone()));
        }
        let res = req.dispatch().await;
        self.keep(&res);
        let status = res.status();
        let loc = res.headers().get_one("Location").map(str::to_string);
        (status, loc, res.into_string().await.unwrap_or_default())
    }

    async fn get(&mut self, t: &TestApp, path: &str) -> (Status, Option<String>, String) {
        let mut req = t
            .client
            .get(path.to_string())
            .remote(format!("{}:50000", self.ip).parse().unwrap());
        for (k, v) in &self.cookies {
            req = req.private_cookie(Cookie::new(k.clone(), v.clone()));
        }
        let res = req.dispatch().await;
        self.keep(&res);
        let status = res.status();
        let loc = res.headers().get_one("Location").map(str::to_string);
        (status, loc, res.into_string().await.unwrap_or_default())
    }

    /// Keeps the private cookies the server set (decrypted, as the local client sees them).
    fn keep(&mut self, res: &rocket::local::asynchronous::LocalResponse<'_>) {
        for c in res.cookies().iter() {
            if c.name() == "bs_csrf" || c.name() == "bs_lang" {
                continue;
            }
            let name = c.name().to_string();
            self.cookies.retain(|(k, _)| *k != name);
            if let Some(p) = res.cookies().get_private(&name) {
                if !p.value().is_empty() {
                    self.cookies.push((name, p.value().to_string()));
                }
            }
        }
    }

    fn has(&self, name: &str) -> bool {
        self.cookies.iter().any(|(k, _)| k == name)
    }

    fn forget(&mut self, name: &str) {
        self.cookies.retain(|(k, _)| k != name);
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Invitations are not a password oracle

#[rocket::async_test]
async fn an_invitation_never_tries_an_existing_accounts_password() {
    for t in engines_with(vec![UNTRACKED]).await {
        seed(&t).await;
        let beta_admin = t.token("admin@beta.test").await;
        let invite = |email: &'static str, name: &'static str| {
            let t = &t;
            let beta_admin = beta_admin.clone();
            async move {
                ok(
                    t,
                    "POST",
                    "/api/v1/zones/BETA/invitations",
                    &beta_admin,
                    Some(json!({"email": email, "name": name, "role": "staff"})),
                )
                .await
            }
        };
        // An address with an account (in ALFA) and one without.
        let known = invite("a1@alfa.test", "Iemand").await;
        let fresh = invite("nieuw@elders.test", "Iemand").await;
        let known_path = format!("/invitations/{}", known["token"].as_str().unwrap());
        let fresh_path = format!("/invitations/{}", fresh["token"].as_str().unwrap());
        let anon = t.anonymous();
        let (s1, page_known) = t.get_as(&anon, &known_path).await;
        let (s2, page_fresh) = t.get_as(&anon, &fresh_path).await;
        assert_eq!((s1, s2), (Status::Ok, Status::Ok));
        // The same page but for the link, the address and this request's CSRF token.
        let neutral = |page: &str, path: &str, email: &str| {
            let page = page.replace(path, "/invitations/X").replace(email, "X");
            page.split("name=\"csrf\" value=\"")
                .map(|part| part.get(64..).unwrap_or(part).to_string())
                .collect::<Vec<_>>()
                .join("csrf")
        };
        assert_eq!(
            neutral(&page_known, &known_path, "a1@alfa.test"),
            neutral(&page_fresh, &fresh_path, "nieuw@elders.test"),
            "{}: the page must not tell whether the address has an account",
            t.engine
        );
        // Forty passwords, the right one among them: none is ever checked, nothing joins.
        for i in 0..40 {
            let pw = if i == 39 {
                PASSWORD.to_string()
            } else {
                format!("gok nummer {i}")
            };
            let (s, _, _) = t
                .post_as(&anon, &known_path, &[("password", &pw)], true)
                .await;
            assert_eq!(s, Status::Conflict, "{}: try {i}", t.engine);
        }
        let (s, v) = t
            .json(
                "POST",
                &format!("/api/v1/invitations/{}", known["token"].as_str().unwrap()),
                None,
                Some(json!({"password": PASSWORD})),
            )
            .await;
        assert_eq!(s, Status::Conflict, "{}: {v}", t.engine);
        assert_eq!(zones_of(&t, "a1@alfa.test").await, 1, "{}", t.engine);
        // Another signed-in person cannot take it either.
        let other = t.token("a2@alfa.test").await;
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/invitations/{}", known["token"].as_str().unwrap()),
                Some(&other),
                Some(json!({})),
            )
            .await;
        assert_eq!(s, Status::Conflict, "{}", t.engine);
        // The owner, signed in as themselves, accepts.
        let owner = t.web_session("a1@alfa.test").await;
        let (s, page) = t.get_as(&owner, &known_path).await;
        assert_eq!(s, Status::Ok);
        assert!(
            page.contains("Neem de uitnodiging aan met dit account"),
            "{page}"
        );
        let (s, _, _) = t.post_as(&owner, &known_path, &[], true).await;
        assert_eq!(s, Status::SeeOther, "{}", t.engine);
        assert_eq!(zones_of(&t, "a1@alfa.test").await, 2, "{}", t.engine);
        // Someone new chooses a password and is in.
        let (s, _, _) = t
            .post_as(&anon, &fresh_path, &[("password", PASSWORD)], true)
            .await;
        assert_eq!(s, Status::SeeOther, "{}", t.engine);
        assert_eq!(zones_of(&t, "nieuw@elders.test").await, 1);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. One link used, the others void

#[rocket::async_test]
async fn using_one_link_voids_every_other_link_of_the_account() {
    for t in engines_with(vec![UNTRACKED]).await {
        seed(&t).await;
        let mut b = Browser::at("192.0.2.10");
        // Two reset links, one after the other.
        b.post(&t, "/wachtwoord-vergeten", &[("email", "a1@alfa.test")])
            .await;
        let first = last_link(&t, "a1@alfa.test", "password-reset").await;
        b.post(&t, "/wachtwoord-vergeten", &[("email", "a1@alfa.test")])
            .await;
        let second = last_link(&t, "a1@alfa.test", "password-reset").await;
        assert_ne!(first, second);
        b.post(&t, "/aanmelden/link", &[("email", "a1@alfa.test")])
            .await;
        let sign_in = last_link(&t, "a1@alfa.test", "sign-in-link").await;
        let (s, _, _) = b
            .post(&t, &second, &[("password", "een heel nieuw wachtwoord")])
            .await;
        assert_eq!(s, Status::SeeOther, "{}", t.engine);
        for stale in [&first, &sign_in] {
            let (s, _, _) = b.get(&t, stale).await;
            assert_eq!(s, Status::NotFound, "{}: {stale} must be void", t.engine);
        }
        let (s, _, _) = b
            .post(&t, &first, &[("password", "nog een ander wachtwoord")])
            .await;
        assert_eq!(s, Status::NotFound, "{}", t.engine);

        // The same invitation twice: accepting one closes the other.
        let admin = t.token("admin@alfa.test").await;
        let body = json!({"email": "dubbel@alfa.test", "name": "Dubbel", "role": "citizen", "panel": "burgers"});
        let one = ok(
            &t,
            "POST",
            "/api/v1/zones/ALFA/invitations",
            &admin,
            Some(body.clone()),
        )
        .await;
        let two = ok(
            &t,
            "POST",
            "/api/v1/zones/ALFA/invitations",
            &admin,
            Some(body),
        )
        .await;
        let (s, _) = t
            .json(
                "POST",
                &format!("/api/v1/invitations/{}", one["token"].as_str().unwrap()),
                None,
                Some(json!({"password": PASSWORD})),
            )
            .await;
        assert_eq!(s, Status::Created);
        let (s, _) = t
            .get_as(
                &t.anonymous(),
                &format!("/invitations/{}", two["token"].as_str().unwrap()),
            )
            .await;
        assert_eq!(s, Status::NotFound, "{}", t.engine);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. `next` is a same-site path without control characters

#[rocket::async_test]
async fn next_with_control_characters_leads_home() {
    let t = sqlite_with(vec![UNTRACKED]).await;
    seed(&t).await;
    let web = t.web_session("a1@alfa.test").await;
    for bad in [
        "%2F%09%2Fevil.example",
        "%2F%0D%0ALocation:%20x",
        "%2F%5Cevil.example",
        "%2F%2Fevil.example",
    ] {
        let (s, _) = t.get_as(&web, &format!("/login?next={bad}")).await;
        assert_eq!(s, Status::SeeOther, "{bad}");
        let res = t
            .client
            .get(format!("/login?next={bad}"))
            .private_cookie(Cookie::new("bs_session", web.session.clone().unwrap()))
            .dispatch()
            .await;
        assert_eq!(res.headers().get_one("Location"), Some("/"), "{bad}");
    }
    let raw = "/\t/evil.example";
    for path in ["/language", "/display"] {
        let (s, loc, _) = t
            .post_as(
                &web,
                path,
                &[("next", raw), ("lang", "fr"), ("large", "yes")],
                true,
            )
            .await;
        assert_eq!(s, Status::SeeOther, "{path}");
        assert_eq!(loc.as_deref(), Some("/"), "{path}");
    }
    // Logging in with such a `next` gives a working session and a way home.
    let mut b = Browser::at("192.0.2.11");
    let (s, loc, _) = b
        .post(
            &t,
            "/login",
            &[
                ("email", "a2@alfa.test"),
                ("password", PASSWORD),
                ("next", raw),
            ],
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    assert_eq!(loc.as_deref(), Some("/"));
    assert!(b.has("bs_session"), "the session cookie arrives");
}

// ---------------------------------------------------------------------------------------------
// 4. One mailbox per address, one line per name

#[rocket::async_test]
async fn addresses_are_one_mailbox_and_names_one_line() {
    let t = sqlite_with(vec![UNTRACKED]).await;
    seed(&t).await;
    let admin = t.token("admin@alfa.test").await;
    for (email, name, field) in [
        ("a@x.example,b@y.example", "Twee", "email"),
        ("An <an@x.example>", "An", "email"),
        ("an@x.example", "An\r\nBcc: b@y.example", "name"),
        ("an@x.example", "An\u{7}", "name"),
    ] {
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/zones/ALFA/invitations",
                Some(&admin),
                Some(json!({"email": email, "name": name, "role": "staff"})),
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{email:?} {name:?}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{v}");
    }
    // The page says it beside the field.
    let web = t.web_session("admin@alfa.test").await;
    let (s, _, html) = t
        .post_as(
            &web,
            "/zones/ALFA/invitations",
            &[
                ("email", "a@x.example,b@y.example"),
                ("name", "Twee"),
                ("role", "staff"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(html.contains("id=\"error-email\""), "{html}");
}

// ---------------------------------------------------------------------------------------------
// 5. Failures slow the guesser down, never lock the owner out

#[rocket::async_test]
async fn failed_logins_slow_a_guesser_and_never_lock_the_owner_out() {
    for t in engines_with(vec![UNTRACKED]).await {
        seed(&t).await;
        // The owner signed in on her phone before: it is a known device now.
        let mut phone = Browser::at("198.51.100.20");
        let (s, _, _) = phone
            .post(
                &t,
                "/login",
                &[("email", "a1@alfa.test"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(s, Status::SeeOther, "{}", t.engine);
        assert!(phone.has("bs_device"));
        phone.forget("bs_session");
        // Someone else guesses, from elsewhere.
        let mut guesser = Browser::at("203.0.113.66");
        let mut statuses = vec![];
        let mut retry_after = None;
        for i in 0..30 {
            let res = t
                .client
                .post("/api/v1/tokens")
                .header(ContentType::JSON)
                .remote("203.0.113.66:40000".parse().unwrap())
                .body(json!({"email": "a1@alfa.test", "password": format!("gok {i}")}).to_string())
                .dispatch()
                .await;
            statuses.push(res.status().code);
            if res.status() == Status::TooManyRequests {
                retry_after = res.headers().get_one("Retry-After").map(str::to_string);
            }
            if res.status() == Status::Unauthorized {
                assert!(
                    res.headers()
                        .get_one("WWW-Authenticate")
                        .is_some_and(|h| h.starts_with("Bearer")),
                    "a 401 names its scheme"
                );
            }
        }
        assert_eq!(&statuses[..5], &[401; 5], "{}: five free tries", t.engine);
        assert!(statuses.contains(&429), "{}: {statuses:?}", t.engine);
        let wait: u64 = retry_after.expect("a 429 says when").parse().unwrap();
        assert!(wait >= 1, "Retry-After {wait}");
        // Even the right password waits, for the guesser's browser.
        let (s, _, _) = guesser
            .post(
                &t,
                "/login",
                &[("email", "a1@alfa.test"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(s, Status::TooManyRequests, "{}", t.engine);
        // The owner, on her own phone, signs in at once.
        let (s, loc, body) = phone
            .post(
                &t,
                "/login",
                &[("email", "a1@alfa.test"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(s, Status::SeeOther, "{}: {loc:?} {body}", t.engine);
        assert!(phone.has("bs_session"));
        // A sign-in link works for her from any browser.
        let mut other = Browser::at("198.51.100.21");
        let (s, _, _) = other
            .post(&t, "/aanmelden/link", &[("email", "a1@alfa.test")])
            .await;
        assert_eq!(s, Status::Ok);
        let link = last_link(&t, "a1@alfa.test", "sign-in-link").await;
        let (s, _, page) = other.get(&t, &link).await;
        assert_eq!(s, Status::Ok);
        assert!(
            page.contains(&format!("action=\"{link}\"")),
            "the link asks for a click: {page}"
        );
        let (s, loc, _) = other.post(&t, &link, &[]).await;
        assert_eq!(s, Status::SeeOther);
        assert_eq!(loc.as_deref(), Some("/"));
        assert!(other.has("bs_session"));
        // Once the delay has passed, the right password works again, from anywhere.
        t.clock.advance(Duration::minutes(16));
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": "a1@alfa.test", "password": PASSWORD})),
            )
            .await;
        assert_eq!(s, Status::Created, "{}: the delay ends", t.engine);
    }
}

#[rocket::async_test]
async fn failures_count_across_two_servers_on_one_database() {
    // Two server processes share nothing but the database: the count lives there.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/two.db", dir.path().display());
    let one = common::sqlite_at(&url).await;
    seed(&one).await;
    let two = common::sqlite_at(&url).await;
    let mut statuses = vec![];
    for i in 0..20 {
        let t = if i % 2 == 0 { &one } else { &two };
        let (s, _) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": "a2@alfa.test", "password": format!("gok {i}")})),
            )
            .await;
        statuses.push(s.code);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

// ---------------------------------------------------------------------------------------------
// 6. The world reads roles, not names

#[rocket::async_test]
async fn public_items_name_panels_and_zones_not_people_to_the_world() {
    for t in engines_with(vec![UNTRACKED]).await {
        seed(&t).await;
        let a1 = t.token("a1@alfa.test").await;
        let a2 = t.token("a2@alfa.test").await;
        let staff = t.token("staff@alfa.test").await;
        let it = item(&t, &a1, "ALFA", "burgers", "Een bank bij de halte", false).await;
        let id = it["id"].as_i64().unwrap();
        ok(&t, "POST", &format!("/api/v1/items/{id}/cosign"), &a2, None).await;
        ok(&t, "POST", &format!("/api/v1/items/{id}/submit"), &a1, None).await;
        ok(
            &t,
            "POST",
            &format!("/api/v1/items/{id}/transitions"),
            &staff,
            Some(json!({"action": "acknowledge", "due": "2026-04-01"})),
        )
        .await;
        make_public(&t, &a1, id).await;
        let names = ["a1 van ALFA", "a2 van ALFA", "staff van ALFA"];
        // Inside the zone: names.
        let (_, inside) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&a2), None)
            .await;
        assert!(inside.to_string().contains("a1 van ALFA"), "{inside}");
        // Another zone, and the dossier: the panel and the zone, no person.
        let beta = t.token("a1@beta.test").await;
        for path in [
            format!("/api/v1/items/{id}"),
            format!("/api/v1/items/{id}/timeline"),
            format!("/api/v1/items/{id}/dossier"),
        ] {
            let (s, v) = t.json("GET", &path, Some(&beta), None).await;
            assert_eq!(s, Status::Ok, "{}: {path}", t.engine);
            let text = v.to_string();
            for n in names {
                assert!(!text.contains(n), "{}: {path} shows {n}: {text}", t.engine);
            }
            assert!(text.contains("Burgerplatform"), "{path}: {text}");
        }
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&beta), None)
            .await;
        assert_eq!(v["author"]["name"], "Burgerplatform");
        // Whoever chose to be named is named.
        let web = t.web_session("a1@alfa.test").await;
        let (s, _, _) = t
            .post_as(&web, "/account/naam", &[("public_name", "true")], true)
            .await;
        assert_eq!(s, Status::SeeOther);
        let (_, v) = t
            .json("GET", &format!("/api/v1/items/{id}"), Some(&beta), None)
            .await;
        assert_eq!(v["author"]["name"], "a1 van ALFA", "{}", t.engine);
        assert!(!v.to_string().contains("a2 van ALFA"));
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Who the client is

#[rocket::async_test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    async fn eight_signals(t: &TestApp, remote: &str, header: &'static str) -> Vec<u16> {
        let mut out = vec![];
        for i in 0..8 {
            let res = t
                .client
                .post("/api/v1/zones/ALFA/signals")
                .header(ContentType::JSON)
                .remote(format!("{remote}:40000").parse().unwrap())
                .header(Header::new(header, format!("198.51.100.{}", 100 + i)))
                .body(json!({"text": format!("Signaal nummer {i} over de wachttijd.")}).to_string())
                .dispatch()
                .await;
            out.push(res.status().code);
        }
        out
    }
    // Straight to the server: the headers are the client's own words, and count for nothing.
    let t = sqlite_with(vec![UNTRACKED]).await;
    seed(&t).await;
    let direct = eight_signals(&t, "203.0.113.5", "X-Real-IP").await;
    assert_eq!(
        direct.iter().filter(|s| **s == 201).count(),
        5,
        "{direct:?}"
    );
    let direct = eight_signals(&t, "203.0.113.6", "X-Forwarded-For").await;
    assert_eq!(
        direct.iter().filter(|s| **s == 201).count(),
        5,
        "{direct:?}"
    );
    // Behind a configured proxy, the proxy names each client.
    let t = sqlite_with(vec![UNTRACKED, ("trusted_proxies", json!(["127.0.0.1"]))]).await;
    seed(&t).await;
    let proxied = eight_signals(&t, "127.0.0.1", "X-Forwarded-For").await;
    assert_eq!(proxied, vec![201; 8], "{proxied:?}");
}

// ---------------------------------------------------------------------------------------------
// 8. Smaller ones

#[rocket::async_test]
async fn cookies_behind_tls_are_secure_and_errors_carry_their_headers() {
    let t = sqlite_with(vec![UNTRACKED, ("behind_tls", json!(true))]).await;
    let res = t.client.get("/login").dispatch().await;
    let csrf = res
        .headers()
        .get("Set-Cookie")
        .find(|c| c.starts_with("bs_csrf="))
        .expect("a CSRF cookie")
        .to_string();
    assert!(csrf.contains("Secure"), "{csrf}");
    let t = sqlite_with(vec![UNTRACKED]).await;
    let res = t.client.get("/api/v1/me").dispatch().await;
    assert_eq!(res.status(), Status::Unauthorized);
    assert!(res
        .headers()
        .get_one("WWW-Authenticate")
        .is_some_and(|h| h.starts_with("Bearer")));
    // 429 with Retry-After: the sixth signal of a client.
    seed(&t).await;
    let mut last = None;
    for i in 0..6 {
        let res = t
            .client
            .post("/api/v1/zones/ALFA/signals")
            .header(ContentType::JSON)
            .remote("203.0.113.9:1".parse().unwrap())
            .body(json!({"text": format!("Signaal {i}, lang genoeg.")}).to_string())
            .dispatch()
            .await;
        last = Some((
            res.status(),
            res.headers().get_one("Retry-After").map(str::to_string),
        ));
    }
    let (s, retry) = last.unwrap();
    assert_eq!(s, Status::TooManyRequests);
    let retry: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
}

#[rocket::async_test]
async fn csv_exports_make_look_alike_formulas_inert() {
    let t = sqlite_with(vec![UNTRACKED]).await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    item(
        &t,
        &a1,
        "ALFA",
        "burgers",
        "＝HYPERLINK(\"http://x.example\")",
        true,
    )
    .await;
    item(&t, &a1, "ALFA", "burgers", "－2+3", true).await;
    let staff = t.token("staff@alfa.test").await;
    let res = t
        .client
        .get("/api/v1/zones/ALFA/export/items.csv")
        .header(Header::new("Authorization", format!("Bearer {staff}")))
        .dispatch()
        .await;
    let csv = res.into_string().await.unwrap();
    assert!(csv.contains("\"'＝HYPERLINK("), "{csv}");
    assert!(csv.contains("'－2+3"), "{csv}");
}

// ---------------------------------------------------------------------------------------------
// Sign-in for everyone: the second factor

/// Sets up a second factor for `email` through the pages; returns (secret, recovery codes).
async fn enrol(t: &TestApp, b: &mut Browser) -> (String, Vec<String>) {
    let (s, _, page) = b.get(t, "/account/tweede-factor").await;
    assert_eq!(s, Status::Ok, "{page}");
    assert!(page.contains("<svg"), "a QR code drawn on the server");
    let start =
        page.find("class=\"secret\">").expect("the key in text") + "class=\"secret\">".len();
    let secret: String = page[start..]
        .chars()
        .take_while(|c| *c != '<')
        .filter(|c| !c.is_whitespace())
        .collect();
    // A wrong code first: a message beside the field, and the same key again.
    let (s, _, page) = b
        .post(t, "/account/tweede-factor", &[("code", "000000")])
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(page.contains("id=\"error-code\""));
    assert!(
        page.contains(&second_factor::grouped(&secret)),
        "the key stays the same"
    );
    let code = second_factor::code_at(&secret, t.clock.now().timestamp()).unwrap();
    let (s, _, page) = b
        .post(t, "/account/tweede-factor", &[("code", &code)])
        .await;
    assert_eq!(s, Status::Ok, "{page}");
    let codes: Vec<String> = page
        .split("<code>")
        .skip(1)
        .map(|p| p.split("</code>").next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    (secret, codes)
}

#[rocket::async_test]
async fn a_second_factor_guards_the_password_and_each_code_works_once() {
    for t in engines_with(vec![UNTRACKED]).await {
        seed(&t).await;
        let mut b = Browser::at("198.51.100.30");
        b.post(
            &t,
            "/login",
            &[("email", "staff@alfa.test"), ("password", PASSWORD)],
        )
        .await;
        let (secret, codes) = enrol(&t, &mut b).await;
        t.clock.advance(Duration::seconds(60));
        // Password alone: the second step, no session yet.
        let mut c = Browser::at("198.51.100.31");
        let (s, loc, _) = c
            .post(
                &t,
                "/login",
                &[
                    ("email", "staff@alfa.test"),
                    ("password", PASSWORD),
                    ("next", "/zones/ALFA"),
                ],
            )
            .await;
        assert_eq!(
            (s, loc.as_deref()),
            (Status::SeeOther, Some("/aanmelden/tweede-factor"))
        );
        assert!(!c.has("bs_session"));
        let (s, _, _) = c.get(&t, "/berichten").await;
        assert_ne!(s, Status::Ok, "not in without the code");
        let (s, _, page) = c
            .post(&t, "/aanmelden/tweede-factor", &[("code", "123456")])
            .await;
        assert_eq!(s, Status::UnprocessableEntity, "{}", t.engine);
        assert!(page.contains("id=\"error-code\""));
        let code = second_factor::code_at(&secret, t.clock.now().timestamp()).unwrap();
        let (s, loc, _) = c
            .post(&t, "/aanmelden/tweede-factor", &[("code", &code)])
            .await;
        assert_eq!(
            (s, loc.as_deref()),
            (Status::SeeOther, Some("/zones/ALFA")),
            "{}",
            t.engine
        );
        assert!(c.has("bs_session"));
        // The same code again, elsewhere: refused (it was used).
        let mut d = Browser::at("198.51.100.32");
        d.post(
            &t,
            "/login",
            &[("email", "staff@alfa.test"), ("password", PASSWORD)],
        )
        .await;
        let (s, _, _) = d
            .post(&t, "/aanmelden/tweede-factor", &[("code", &code)])
            .await;
        assert_eq!(
            s,
            Status::UnprocessableEntity,
            "{}: a code works once",
            t.engine
        );
        // A recovery code works, once.
        let (s, _, _) = d
            .post(
                &t,
                "/aanmelden/tweede-factor",
                &[("code", &codes[3].to_uppercase())],
            )
            .await;
        assert_eq!(s, Status::SeeOther, "{}", t.engine);
        let mut e = Browser::at("198.51.100.33");
        e.post(
            &t,
            "/login",
            &[("email", "staff@alfa.test"), ("password", PASSWORD)],
        )
        .await;
        let (s, _, _) = e
            .post(&t, "/aanmelden/tweede-factor", &[("code", &codes[3])])
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        // The API: 401 second-factor-required without the code, a token with it.
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": "staff@alfa.test", "password": PASSWORD})),
            )
            .await;
        assert_eq!(s, Status::Unauthorized);
        assert_eq!(v["error"]["code"], "second-factor-required");
        t.clock.advance(Duration::seconds(30));
        let code = second_factor::code_at(&secret, t.clock.now().timestamp()).unwrap();
        let (s, v) = t
            .json(
                "POST",
                "/api/v1/tokens",
                None,
                Some(json!({"email": "staff@alfa.test", "password": PASSWORD, "code": code})),
            )
            .await;
        assert_eq!(s, Status::Created, "{}: {v}", t.engine);
        // A sign-in link leads to the second step too.
        let mut f = Browser::at("198.51.100.34");
        f.post(&t, "/aanmelden/link", &[("email", "staff@alfa.test")])
            .await;
        let link = last_link(&t, "staff@alfa.test", "sign-in-link").await;
        let (s, loc, _) = f.post(&t, &link, &[]).await;
        assert_eq!(
            (s, loc.as_deref()),
            (Status::SeeOther, Some("/aanmelden/tweede-factor"))
        );
        assert!(!f.has("bs_session"));
    }
}

#[rocket::async_test]
async fn administrators_set_up_a_second_factor_before_anything_else() {
    let t = sqlite_with(vec![UNTRACKED, ("require_second_factor", json!(true))]).await;
    seed(&t).await;
    let mut admin = Browser::at("198.51.100.40");
    let (s, _, _) = admin
        .post(
            &t,
            "/login",
            &[("email", "admin@alfa.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    for path in ["/", "/zones/ALFA/manage", "/berichten", "/account"] {
        let (s, loc, _) = admin.get(&t, path).await;
        assert_eq!(
            (s, loc.as_deref()),
            (Status::SeeOther, Some("/account/tweede-factor")),
            "{path}"
        );
    }
    // No API token without it either.
    let (s, v) = t
        .json(
            "POST",
            "/api/v1/tokens",
            None,
            Some(json!({"email": "admin@alfa.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(s, Status::Forbidden, "{v}");
    // A citizen is not asked.
    let mut citizen = Browser::at("198.51.100.41");
    citizen
        .post(
            &t,
            "/login",
            &[("email", "a1@alfa.test"), ("password", PASSWORD)],
        )
        .await;
    let (s, _, _) = citizen.get(&t, "/").await;
    assert_eq!(s, Status::Ok);
    // Once set up, everything opens.
    let (secret, _) = enrol(&t, &mut admin).await;
    let (s, _, _) = admin.get(&t, "/zones/ALFA/manage").await;
    assert_eq!(s, Status::Ok);
    // It cannot be turned off by its owner; the platform administrator resets a lost one.
    let (s, _, _) = admin.post(&t, "/account/tweede-factor/uit", &[]).await;
    assert_eq!(s, Status::Conflict);
    let mut root = Browser::at("198.51.100.42");
    root.post(
        &t,
        "/login",
        &[("email", "root@platform.test"), ("password", PASSWORD)],
    )
    .await;
    let _ = enrol(&t, &mut root).await;
    let (s, _, html) = root
        .post(&t, "/admin/tweede-factor", &[("email", "admin@alfa.test")])
        .await;
    assert_eq!(s, Status::SeeOther, "{html}");
    // Every session of the account ended; the account's log says who did it.
    let (s, loc, _) = admin.get(&t, "/zones/ALFA/manage").await;
    assert_eq!(
        (s, loc.as_deref().map(|l| l.starts_with("/login"))),
        (Status::SeeOther, Some(true))
    );
    let mut again = Browser::at("198.51.100.43");
    again
        .post(
            &t,
            "/login",
            &[("email", "admin@alfa.test"), ("password", PASSWORD)],
        )
        .await;
    let (_, loc, _) = again.get(&t, "/account").await;
    assert_eq!(loc.as_deref(), Some("/account/tweede-factor"));
    let _ = secret;
    let log = scalar_i64(
        &t,
        "SELECT COUNT(*) FROM account_events e JOIN users u ON u.id = e.user_id JOIN users a ON a.id = e.actor_id
         WHERE u.email = $1 AND e.kind = 'second-factor-reset' AND a.email = 'root@platform.test'",
        "admin@alfa.test",
    )
    .await;
    assert_eq!(log, 1);
}

#[rocket::async_test]
async fn sessions_are_listed_and_ended_one_by_one() {
    let t = sqlite_with(vec![UNTRACKED]).await;
    seed(&t).await;
    let mut phone = Browser::at("198.51.100.50");
    let mut laptop = Browser::at("198.51.100.51");
    for b in [&mut phone, &mut laptop] {
        b.post(
            &t,
            "/login",
            &[("email", "a1@alfa.test"), ("password", PASSWORD)],
        )
        .await;
    }
    let token = t.token("a1@alfa.test").await;
    let (s, v) = t
        .json("GET", "/api/v1/me/sessions", Some(&token), None)
        .await;
    assert_eq!(s, Status::Ok);
    let sessions = v["sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 3, "{v}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let (s, _, page) = laptop.get(&t, "/account").await;
    assert_eq!(s, Status::Ok);
    assert!(page.contains("dit toestel"), "{page}");
    // The laptop ends the phone's session (the phone signed in first: the lower id).
    let phone_id = sessions
        .iter()
        .filter(|s| s["kind"] == "web")
        .map(|s| s["id"].as_i64().unwrap())
        .min()
        .unwrap();
    let (s, _, _) = laptop
        .post(&t, &format!("/account/sessies/{phone_id}/afmelden"), &[])
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, loc, _) = phone.get(&t, "/berichten").await;
    assert_eq!(s, Status::SeeOther);
    assert!(loc.is_some_and(|l| l.starts_with("/login")));
    let (s, _, _) = laptop.get(&t, "/berichten").await;
    assert_eq!(s, Status::Ok, "the laptop stays signed in");
    // Someone else's session id: 404.
    let other = t.token("a2@alfa.test").await;
    let (s, _) = t
        .json(
            "DELETE",
            &format!("/api/v1/me/sessions/{}", sessions[0]["id"]),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(s, Status::NotFound);
}

/// A session is resumed with its person's standing read in the same statement: the same roles
/// and panels, in every zone, as the standing read on its own (which every check relies on).
#[rocket::async_test]
async fn a_resumed_session_carries_exactly_the_persons_standing() {
    use burgerstem::service::accounts;
    for t in engines().await {
        seed(&t).await;
        for email in [
            "a1@alfa.test",
            "a3@alfa.test",
            "staff@alfa.test",
            "admin@beta.test",
            "root@platform.test",
        ] {
            let id = t.user_id(email).await;
            for kind in [accounts::WEB, accounts::API] {
                let token = accounts::start_session(t.app(), id, kind).await.unwrap();
                let resumed = accounts::resume(t.app(), &token, kind)
                    .await
                    .unwrap()
                    .expect("a live session");
                let alone = t.principal(email).await;
                let sorted = |p: &burgerstem::domain::policy::Principal| {
                    let mut r: Vec<(i64, &str)> =
                        p.roles.iter().map(|&(z, r)| (z, r.as_str())).collect();
                    r.sort();
                    let mut panels = p.panels.clone();
                    panels.sort();
                    (p.user_id, p.platform_admin, r, panels)
                };
                assert_eq!(
                    sorted(&resumed.principal),
                    sorted(&alone),
                    "[{}] {email} ({kind})",
                    t.engine
                );
                assert!(!alone.roles.is_empty() || alone.platform_admin, "{email}");
            }
        }
    }
}
