//! Every page renders for every role on the demo data (a template error would be a 500), and
//! the citizen agenda works through the forms: staff acknowledge and schedule, the council
//! meets, the panel confirms or corrects the minutes.

mod common;

use common::*;
use rocket::http::Status;

/// The demo, filled once for all tests of this file (a dozen argon2 hashes and hundreds of events
/// each time add up), each test on its own copy.
async fn demo() -> TestApp {
    static PREPARED: tokio::sync::OnceCell<(tempfile::TempDir, std::path::PathBuf)> =
        tokio::sync::OnceCell::const_new();
    let (_, file) = PREPARED
        .get_or_init(|| async {
            let t = sqlite().await;
            burgerstem::fixtures::demo::fill(t.app(), PASSWORD)
                .await
                .expect("demo fills");
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("demo.db");
            t.app()
                .db
                .backup_to(&file.to_string_lossy())
                .await
                .expect("a copy of the demo");
            (dir, file)
        })
        .await;
    sqlite_copy_of(file).await
}

async fn ids(t: &TestApp) -> Vec<i64> {
    let mut c = t.app().db.conn().await.unwrap();
    match c.ex() {
        burgerstem::db::Ex::Sqlite(c) => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM items ORDER BY id")
                .fetch_all(&mut *c)
                .await
                .unwrap()
        }
        burgerstem::db::Ex::Pg(c) => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM items ORDER BY id")
                .fetch_all(&mut *c)
                .await
                .unwrap()
        }
    }
}

#[rocket::async_test]
async fn the_demo_has_every_state_and_verifies() {
    let t = demo().await;
    let (zones, events) = verify(&t).await.expect("demo history verifies");
    assert_eq!(zones, 1);
    assert!(events > 50);
    let mut c = t.app().db.conn().await.unwrap();
    let statuses: Vec<String> = match c.ex() {
        burgerstem::db::Ex::Sqlite(c) => sqlx::query_scalar("SELECT DISTINCT status FROM items")
            .fetch_all(&mut *c)
            .await
            .unwrap(),
        _ => unreachable!(),
    };
    for s in burgerstem::domain::lifecycle::Status::ALL {
        assert!(
            statuses.iter().any(|x| x == s.as_str()),
            "demo lacks an item in state {}",
            s.as_str()
        );
    }
    drop(c);
    let staff = t.token("medewerker@demostreek.example").await;
    let (_, o) = t
        .json("GET", "/api/v1/zones/DEMO/overview", Some(&staff), None)
        .await;
    assert!(
        !o["overdue"].as_array().unwrap().is_empty(),
        "at least one overdue item"
    );
    let held = t
        .json("GET", "/api/v1/meetings/1", Some(&staff), None)
        .await
        .1;
    assert_eq!(held["status"], "held");
    let any_item = held["agenda"][0]["id"].as_i64().unwrap();
    let (_, item) = t
        .json(
            "GET",
            &format!("/api/v1/items/{any_item}"),
            Some(&staff),
            None,
        )
        .await;
    assert!(
        !item["minutes"][0]["corrections"]
            .as_array()
            .unwrap()
            .is_empty(),
        "a correction to the minutes"
    );
    assert!(item["decision"].is_object());
    // Consultations: one open, one waiting on the council's report back, one reported.
    let (_, list) = t
        .json(
            "GET",
            "/api/v1/zones/DEMO/consultations",
            Some(&staff),
            None,
        )
        .await;
    let states: Vec<&str> = list["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    for s in ["open", "waiting-report", "reported"] {
        assert!(
            states.contains(&s),
            "demo lacks a consultation {s}: {states:?}"
        );
    }
    assert!(
        !o["reports_due"].as_array().unwrap().is_empty(),
        "the overview shows the report back the council owes"
    );
}

#[rocket::async_test]
async fn every_page_renders_for_every_role() {
    let t = demo().await;
    let items = ids(&t).await;
    let accounts = [
        "platform@demostreek.example",
        "beheerder@demostreek.example",
        "medewerker@demostreek.example",
        "zorgraad@demostreek.example",
        "an@demostreek.example",
        "dirk@demostreek.example",
    ];
    let mut pages = vec![
        "/".to_string(),
        "/login".into(),
        "/admin".into(),
        "/zones/DEMO".into(),
        "/zones/DEMO?status=scheduled".into(),
        "/zones/DEMO/manage".into(),
        "/zones/DEMO/meetings".into(),
        "/zones/DEMO/overview".into(),
        "/zones/DEMO/public".into(),
        "/zones/DEMO/items/new?panel=burgerplatform".into(),
        "/meetings/1".into(),
        "/meetings/1/print".into(),
        "/meetings/2".into(),
        "/zones/DEMO/consultations".into(),
        "/zones/DEMO/consultations/new".into(),
        "/zones/DEMO/report".into(),
        "/zones/DEMO/report?year=2026".into(),
    ];
    for c in 1..=3 {
        pages.push(format!("/consultations/{c}"));
        pages.push(format!("/consultations/{c}/timeline"));
        for panel in ["burgerplatform", "pzon-cluster"] {
            pages.push(format!("/consultations/{c}/advice/{panel}"));
            pages.push(format!(
                "/consultations/{c}/advice/{panel}/notes?kind=dissent"
            ));
            pages.push(format!("/consultations/{c}/report/{panel}"));
        }
    }
    for id in &items {
        pages.push(format!("/items/{id}"));
        pages.push(format!("/items/{id}/timeline"));
        pages.push(format!("/items/{id}/edit"));
        for a in [
            "acknowledge",
            "schedule",
            "decide",
            "correct-decision",
            "react",
            "own-view",
            "comment",
            "correct-minutes",
            "add-action",
            "reopen",
            "withdraw",
            "answer-clarification",
            "object-closure",
            "propose-closure",
            "request-clarification",
        ] {
            pages.push(format!("/items/{id}/act/{a}"));
        }
    }
    let mut ok = 0;
    for email in accounts {
        let id = t.user_id(email).await;
        let token = burgerstem::service::accounts::start_session(t.app(), id, "web")
            .await
            .unwrap();
        let who = WebAs {
            session: Some(token),
            csrf: "x".repeat(64),
        };
        for lang in ["nl", "fr", "en"] {
            for p in &pages {
                let (status, body) = t.get_as_in(&who, p, Some(lang)).await;
                assert!(
                    [
                        Status::Ok,
                        Status::NotFound,
                        Status::Forbidden,
                        Status::Conflict,
                        Status::SeeOther
                    ]
                    .contains(&status),
                    "{email} {lang} {p}: {status}"
                );
                assert!(!body.contains("Foutcode 500"), "{email} {p}");
                if status == Status::Ok {
                    assert!(
                        body.contains(&format!("lang=\"{lang}\"")),
                        "{email} {p} in {lang}"
                    );
                    ok += 1;
                }
            }
        }
    }
    let anon = t.anonymous();
    for p in ["/", "/login", "/zones/DEMO/public"] {
        assert_eq!(t.get_as(&anon, p).await.0, Status::Ok, "{p}");
    }
    eprintln!("{ok} pages rendered with 200");
    assert!(ok > 300, "{ok}");
}

#[rocket::async_test]
async fn the_agenda_through_the_forms() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    let id = item(&t, &a1, "ALFA", "burgers", "Via de formulieren", true).await["id"]
        .as_i64()
        .unwrap();
    let staff = t.web_session("staff@alfa.test").await;
    let citizen = t.web_session("a1@alfa.test").await;
    let (_, html) = t.get_as(&staff, &format!("/items/{id}")).await;
    assert!(
        html.contains(&format!("/items/{id}/act/acknowledge")),
        "staff are offered to acknowledge"
    );
    let (_, html) = t.get_as(&citizen, &format!("/items/{id}")).await;
    assert!(!html.contains("/act/acknowledge"), "citizens are not");
    // A meeting, through its form.
    let (s, _, html) = t
        .post_as(
            &staff,
            "/zones/ALFA/meetings",
            &[("starts_at", "morgen"), ("place", "")],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(html.contains("id=\"error-starts_at\"") && html.contains("id=\"error-place\""));
    let (s, loc, _) = t
        .post_as(
            &staff,
            "/zones/ALFA/meetings",
            &[("starts_at", "2026-04-15T19:30"), ("place", "Zaal 1")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let meeting = loc.unwrap().trim_start_matches("/meetings/").to_string();
    // Acknowledge with a date in the past: the form comes back with the error and the value.
    let (s, _, html) = t
        .post_as(
            &staff,
            &format!("/items/{id}/transitions"),
            &[("action", "acknowledge"), ("due", "2026-01-01")],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(html.contains("Deze datum is al voorbij.") && html.contains("value=\"2026-01-01\""));
    let (s, _, _) = t
        .post_as(
            &staff,
            &format!("/items/{id}/transitions"),
            &[("action", "acknowledge"), ("meeting", &meeting)],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, _, _) = t
        .post_as(
            &staff,
            &format!("/items/{id}/transitions"),
            &[("action", "schedule"), ("meeting", &meeting)],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, html) = t.get_as(&citizen, &format!("/items/{id}")).await;
    assert!(
        html.contains("Antwoord uiterlijk op 15 april 2026"),
        "the panel sees the due date"
    );
    assert!(
        html.contains("Op de agenda van de zorgraad van 15 april 2026, 19:30"),
        "and the meeting"
    );
    // Minutes through the meeting page, once the meeting has begun (before: a clear refusal,
    // the words kept); the citizen confirms them with one button.
    let (s, _, html) = t
        .post_as(
            &staff,
            &format!("/meetings/{meeting}/minutes"),
            &[
                ("item", &id.to_string()),
                ("summary", "Te vroeg besproken."),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::Conflict);
    assert!(html.contains("nog niet begonnen"), "{html}");
    assert!(
        html.contains("Te vroeg besproken."),
        "the words are kept: {html}"
    );
    t.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 4, 15, 19, 0, 0).unwrap());
    // Six weeks later: both sign in again.
    let staff = t.web_session("staff@alfa.test").await;
    let citizen = t.web_session("a1@alfa.test").await;
    let (s, loc, _) = t
        .post_as(
            &staff,
            &format!("/meetings/{meeting}/minutes"),
            &[("item", &id.to_string()), ("summary", "Besproken.")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    assert_eq!(
        loc.as_deref(),
        Some(format!("/meetings/{meeting}").as_str())
    );
    let (_, html) = t.get_as(&citizen, &format!("/items/{id}")).await;
    assert!(html.contains("Dit geeft weer wat we zeiden"));
    let (s, _, _) = t
        .post_as(
            &citizen,
            &format!("/items/{id}/minutes-responses"),
            &[("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, _, _) = t
        .post_as(
            &citizen,
            &format!("/items/{id}/minutes-responses"),
            &[("correction", "Wij zeiden meer.")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, html) = t.get_as(&citizen, &format!("/items/{id}")).await;
    assert!(html.contains("Wij zeiden meer.") && html.contains("a1 van ALFA"));
    // The panel makes it public; the public page shows it without names of people.
    let (s, _, _) = t
        .post_as(
            &citizen,
            &format!("/items/{id}/visibility"),
            &[("public", "true")],
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (s, html) = t.get_as(&t.anonymous(), "/zones/ALFA/public").await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("Via de formulieren") && !html.contains("a1 van ALFA"));
    let (_, html) = t
        .get_as(&staff, &format!("/meetings/{meeting}/print"))
        .await;
    // The printed agenda gives the council the substance: who brought it in and when, the
    // citizens' own words, how long it waited; the decision only once the meeting has begun.
    assert!(
        html.contains("Ingebracht door a1 van ALFA (Burgerplatform) op 2 maart 2026"),
        "printable agenda names the person, panel and date: {html}"
    );
    assert!(html.contains("De woorden van het panel, zoals ingediend"));
    assert!(
        html.contains("Wacht al 44 dagen sinds het indienen"),
        "{html}"
    );
    let (_, tl) = t
        .json(
            "GET",
            &format!("/api/v1/items/{id}/timeline"),
            Some(&a1),
            None,
        )
        .await;
    let kinds: Vec<&str> = tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "submitted",
            "acknowledged",
            "scheduled",
            "minutes-recorded",
            "minutes-confirmed",
            "minutes-corrected",
            "made-public"
        ]
    );
}

#[rocket::async_test]
async fn bringing_in_an_item_step_by_step() {
    let t = sqlite().await;
    seed(&t).await;
    let who = t.web_session("a1@alfa.test").await;
    let (s, html) = t.get_as(&who, "/zones/ALFA/items/new?panel=burgers").await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("Stap 1 van 4") && html.contains("Waarover gaat het?"));
    let url = "/zones/ALFA/items/new";
    // Step 1 without a title: back to step 1 with the error.
    let (s, _, html) = t
        .post_as(
            &who,
            url,
            &[
                ("step", "1"),
                ("go", "next"),
                ("panel", "burgers"),
                ("kind", "proposal"),
                ("title", ""),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::UnprocessableEntity);
    assert!(html.contains("Stap 1 van 4") && html.contains("id=\"error-title\""));
    let base = [
        ("panel", "burgers"),
        ("kind", "proposal"),
        ("title", "Meer licht in het park"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        base.iter().chain(extra.iter()).cloned().collect()
    };
    let (s, _, html) = t
        .post_as(&who, url, &with(&[("step", "1"), ("go", "next")]), true)
        .await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("Stap 2 van 4") && html.contains("Wat stelt u voor?"));
    let (_, _, html) = t
        .post_as(
            &who,
            url,
            &with(&[
                ("step", "2"),
                ("go", "next"),
                (
                    "text",
                    "Het park is \u{201c}s avonds donker.\nMeer lampen, graag.",
                ),
            ]),
            true,
        )
        .await;
    assert!(html.contains("Stap 3 van 4"));
    let (_, _, html) = t
        .post_as(
            &who,
            url,
            &with(&[
                ("step", "3"),
                ("go", "next"),
                ("text", "Het park is donker.\nMeer lampen, graag."),
                ("heard_at", "Buurtfeest"),
            ]),
            true,
        )
        .await;
    assert!(html.contains("Stap 4 van 4") && html.contains("Controleer en verstuur"));
    assert!(
        html.contains("Het park is donker.\nMeer lampen, graag.") && html.contains("Buurtfeest"),
        "the review shows everything"
    );
    // Going back keeps every answer.
    let (_, _, html) = t
        .post_as(
            &who,
            url,
            &with(&[
                ("step", "4"),
                ("go", "step-2"),
                ("text", "Het park is donker.\nMeer lampen, graag."),
                ("heard_at", "Buurtfeest"),
            ]),
            true,
        )
        .await;
    assert!(
        html.contains("Stap 2 van 4")
            && html.contains(">Het park is donker.\nMeer lampen, graag.</textarea>")
    );
    assert!(html.contains("value=\"Buurtfeest\""));
    // Send.
    let (s, loc, _) = t
        .post_as(
            &who,
            url,
            &with(&[
                ("step", "4"),
                ("go", "submit"),
                ("text", "Het park is donker.\nMeer lampen, graag."),
                ("heard_at", "Buurtfeest"),
                ("public", "yes"),
            ]),
            true,
        )
        .await;
    assert_eq!(s, Status::SeeOther);
    let (_, html) = t.get_as(&who, &loc.unwrap()).await;
    assert!(
        html.contains("ingediend")
            && html.contains("Meer licht in het park")
            && html.contains("iedereen (openbaar)")
    );
}

/// The ids of the `.error-summary` links and whether each names an existing element id.
fn summary_links_exist(html: &str) -> Vec<(String, bool)> {
    let Some(start) = html.find("class=\"error-summary\"") else {
        return vec![];
    };
    let end = html[start..]
        .find("</div>")
        .map_or(html.len(), |e| start + e);
    html[start..end]
        .split("href=\"#")
        .skip(1)
        .map(|p| {
            let id = p.split('"').next().unwrap().to_string();
            let exists = html.contains(&format!("id=\"{id}\""));
            (id, exists)
        })
        .collect()
}

#[rocket::async_test]
async fn a_language_or_reading_switch_keeps_what_was_typed_on_the_same_step() {
    let t = demo().await;
    let an = t.web_session("an@demostreek.example").await;
    let words = "Een bank bij de bushalte, want wachten valt zwaar.";
    let (s, _, html) = t
        .post_as(
            &an,
            "/zones/DEMO/items/new",
            &[
                ("step", "2"),
                ("panel", "burgerplatform"),
                ("kind", "proposal"),
                ("title", "Een bank bij de halte"),
                ("text", words),
                ("ctl.lang", "fr"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("<html lang=\"fr\""), "in French now");
    assert!(html.contains("Étape 2 sur 4"), "the same step: {html}");
    assert!(html.contains(words), "the words are kept");
    let (s, _, html) = t
        .post_as(
            &an,
            "/zones/DEMO/items/new",
            &[
                ("step", "2"),
                ("panel", "burgerplatform"),
                ("kind", "proposal"),
                ("title", "Een bank bij de halte"),
                ("text", words),
                ("ctl.large", "yes"),
                ("ctl.contrast", "yes"),
                ("ctl.display", "save"),
            ],
            true,
        )
        .await;
    assert_eq!(s, Status::Ok);
    assert!(html.contains("text-large") && html.contains("high-contrast"));
    assert!(
        html.contains(words) && html.contains("id=\"field-text\""),
        "step 2, kept"
    );
    // Every language and reading control on the page belongs to the guided form.
    assert!(html.contains("form=\"guided-form\" name=\"ctl.lang\" value=\"nl\""));
    assert!(html.contains("form=\"guided-form\" name=\"ctl.large\""));
}

#[rocket::async_test]
async fn error_summaries_name_the_field_state_the_limit_and_point_at_real_fields() {
    let t = demo().await;
    let an = t.web_session("an@demostreek.example").await;
    let staff = t.web_session("medewerker@demostreek.example").await;
    let long = "x".repeat(312);
    // (who, where, the form sent, a line the summary must hold)
    type Case<'a> = (&'a WebAs, &'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            &an,
            "/zones/DEMO/items/new",
            vec![("step", "1"), ("kind", ""), ("title", "")],
            "Titel: vul dit in.",
        ),
        (
            &an,
            "/zones/DEMO/items/new",
            vec![("step", "1"), ("kind", "proposal"), ("title", &long)],
            "Titel: dit is te lang: hoogstens 200 tekens; u schreef er 312.",
        ),
        (
            &staff,
            "/zones/DEMO/meetings",
            vec![("starts_at", ""), ("place", "")],
            "Plaats: vul dit in.",
        ),
        (
            &staff,
            "/zones/DEMO/consultations",
            vec![("title", &long), ("question", "")],
            "Titel: dit is te lang: hoogstens 200 tekens; u schreef er 312.",
        ),
    ];
    for (who, path, fields, expected) in cases {
        let (s, _, html) = t.post_as(who, path, &fields, true).await;
        assert_eq!(s, Status::UnprocessableEntity, "{path}");
        assert!(
            html.contains("id=\"error-summary\" autofocus"),
            "{path}: the summary takes focus"
        );
        assert!(html.contains(expected), "{path}: {expected:?} in\n{html}");
        let links = summary_links_exist(&html);
        assert!(!links.is_empty(), "{path}");
        for (id, exists) in links {
            assert!(
                exists,
                "{path}: the summary links to #{id}, which is not on the page"
            );
        }
        assert!(
            html.contains("aria-invalid=\"true\""),
            "{path}: the field is marked"
        );
    }
    // A date past the zone's limit says the latest allowed one.
    let ids = ids(&t).await;
    let mut asked = false;
    for id in ids {
        let (s, _) = t
            .get_as(&staff, &format!("/items/{id}/act/acknowledge"))
            .await;
        if s != Status::Ok {
            continue;
        }
        let (s, _, html) = t
            .post_as(
                &staff,
                &format!("/items/{id}/transitions"),
                &[("action", "acknowledge"), ("due", "2099-12-31")],
                true,
            )
            .await;
        assert_eq!(s, Status::UnprocessableEntity);
        assert!(html.contains("kies uiterlijk "), "{html}");
        assert!(html.contains("value=\"2099-12-31\""), "the date is kept");
        asked = true;
        break;
    }
    assert!(asked, "the demo has an item to acknowledge");
}

#[rocket::async_test]
async fn each_role_lands_on_what_waits_for_them() {
    let t = demo().await;
    let an = t.web_session("an@demostreek.example").await;
    let (_, html) = t.get_as(&an, "/").await;
    assert!(html.contains("Wat er van u gevraagd wordt"));
    assert!(
        html.contains("maak bezwaar vóór") || html.contains("Bevestig of verbeter"),
        "{html}"
    );
    assert!(html.contains("De punten van uw panel") && html.contains("Wacht op:"));
    let staff = t.web_session("medewerker@demostreek.example").await;
    // French puts a no-break space before a colon, which the template cannot know: the colon
    // between a label and its value comes from the language's messages.
    let (_, html) = t.get_as_in(&staff, "/", Some("fr")).await;
    assert!(
        html.contains("En attente de\u{a0}:") && !html.contains("En attente de:"),
        "{html}"
    );
    let (_, html) = t.get_as(&staff, "/").await;
    assert!(
        html.contains("Te laat") && html.contains("Deze week"),
        "{html}"
    );
    let council = t.web_session("zorgraad@demostreek.example").await;
    let (_, html) = t.get_as(&council, "/").await;
    assert!(html.contains("De volgende vergadering"), "{html}");
    // The inbox: one line per item, decisions say what was decided, requests say so.
    let (_, html) = t.get_as(&an, "/berichten").await;
    let groups = html.matches("class=\"inbox-subject\"").count();
    let entries = html.matches("/berichten/").count();
    assert!(
        groups > 0 && groups < entries,
        "grouped per item: {groups} of {entries}"
    );
    assert!(html.contains("Besluit: "), "a decision names its outcome");
    assert!(html.contains("Gevraagd van u:"), "{html}");
}

#[rocket::async_test]
async fn a_visitor_reaches_the_signal_form_and_opens_public_items_without_names() {
    let t = demo().await;
    let anon = t.anonymous();
    let (_, html) = t.get_as(&anon, "/").await;
    assert!(html.contains("href=\"/zones/DEMO/signals/new\""));
    assert!(html.contains("href=\"/zones/DEMO/public\""));
    let (_, public) = t.get_as(&anon, "/zones/DEMO/public").await;
    let first = public
        .split("href=\"/items/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("public items are links")
        .to_string();
    let (s, page) = t.get_as(&anon, &format!("/items/{first}")).await;
    assert_eq!(s, Status::Ok, "opens without login");
    for name in ["An Peeters", "Bram Janssens", "Karim Medewerker"] {
        assert!(!page.contains(name), "{name} shown to a visitor");
    }
    let (s, _) = t.get_as(&anon, &format!("/items/{first}/timeline")).await;
    assert_eq!(s, Status::Ok);
    // A non-public item asks the visitor to sign in.
    let ids = ids(&t).await;
    let mut asked = false;
    for id in ids {
        let res = t.client.get(format!("/items/{id}")).dispatch().await;
        if res.status() == Status::SeeOther {
            let to = res.headers().get_one("Location").unwrap().to_string();
            assert!(to.starts_with("/login?next=/items/"), "{to}");
            asked = true;
            break;
        }
    }
    assert!(asked);
}

#[rocket::async_test]
async fn links_use_the_public_address_or_the_real_one() {
    let t = sqlite_with(vec![("port", serde_json::json!(8321))]).await;
    seed(&t).await;
    let admin = t.token("admin@alfa.test").await;
    let v = ok(
        &t,
        "POST",
        "/api/v1/zones/ALFA/invitations",
        &admin,
        Some(serde_json::json!({"email": "nieuw@alfa.test", "name": "Nieuw", "role": "staff"})),
    )
    .await;
    assert!(
        v["accept_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8321/invitations/"),
        "{v}"
    );
    let t = sqlite_with(vec![(
        "public_url",
        serde_json::json!("https://burgerstem.example.org/"),
    )])
    .await;
    seed(&t).await;
    let admin = t.token("admin@alfa.test").await;
    let v = ok(
        &t,
        "POST",
        "/api/v1/zones/ALFA/invitations",
        &admin,
        Some(serde_json::json!({"email": "nieuw@alfa.test", "name": "Nieuw", "role": "staff"})),
    )
    .await;
    assert!(
        v["accept_url"]
            .as_str()
            .unwrap()
            .starts_with("https://burgerstem.example.org/invitations/"),
        "{v}"
    );
}

#[rocket::async_test]
async fn the_report_opens_on_a_period_with_data() {
    let t = sqlite().await;
    seed(&t).await;
    let a1 = t.token("a1@alfa.test").await;
    item(&t, &a1, "ALFA", "burgers", "Dit jaar ingediend", true).await;
    let staff = t.web_session("staff@alfa.test").await;
    // Nothing last year, something this year: it opens on this year and says why.
    let (s, html) = t.get_as(&staff, "/zones/ALFA/report").await;
    assert_eq!(s, Status::Ok);
    assert!(
        html.contains("Vorig jaar bevat nog geen gegevens"),
        "{html}"
    );
    assert!(!html.contains("In deze periode werd niets ingediend"));
    // A year without anything says so plainly.
    let (_, html) = t.get_as(&staff, "/zones/ALFA/report?year=2020").await;
    assert!(
        html.contains("In deze periode werd niets ingediend"),
        "an empty year says so"
    );
}

/// An item's page reads only the parts the item has (`db::items::parts`): on the demo, with items
/// in every state, each part of each item is exactly what reading it on its own gives, and every
/// kind of part occurs somewhere (or this test could not fail).
#[rocket::async_test]
async fn an_item_shows_exactly_the_parts_it_has() {
    use burgerstem::db::{agenda, items, verdicts};
    let t = demo().await;
    // The demo has no verdict yet: An's panel gives one on an answer, the day after it came.
    let an = t.token("an@demostreek.example").await;
    let an_p = t.principal("an@demostreek.example").await;
    let mut judged = false;
    for id in ids(&t).await {
        let Ok(d) = burgerstem::service::items::detail(t.app(), &an_p, id).await else {
            continue;
        };
        let Some(answer) = d.decisions.last() else {
            continue;
        };
        t.clock.set(answer.created_at + chrono::Duration::days(1));
        let path = format!("/api/v1/items/{id}/verdict");
        let body = serde_json::json!({"verdict": "partly-answered", "reason": "Half."});
        if t.json("POST", &path, Some(&an), Some(body)).await.0 == Status::Created {
            judged = true;
            break;
        }
    }
    assert!(judged, "no answer in the demo that An's panel may judge");
    let staff = t.principal("medewerker@demostreek.example").await;
    let mut seen = std::collections::BTreeSet::new();
    for id in ids(&t).await {
        // Drafts are their panel's alone.
        let Ok(d) = burgerstem::service::items::detail(t.app(), &staff, id).await else {
            continue;
        };
        let mut c = t.app().db.conn().await.unwrap();
        let mut check = |name: &'static str, shown: String, read: String, empty: bool| {
            assert_eq!(shown, read, "item {id}: {name}");
            if !empty {
                seen.insert(name);
            }
        };
        let read = items::cosigns(&mut c.ex(), id).await.unwrap();
        check(
            "cosigns",
            format!("{:?}", d.cosigns),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = items::addenda(&mut c.ex(), id).await.unwrap();
        check(
            "addenda",
            format!("{:?}", d.addenda),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::decisions(&mut c.ex(), id).await.unwrap();
        check(
            "decisions",
            format!("{:?}", d.decisions),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::actions_of_item(&mut c.ex(), id).await.unwrap();
        check(
            "actions",
            format!("{:?}", d.actions),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::action_updates(&mut c.ex(), id).await.unwrap();
        check(
            "action_updates",
            format!("{:?}", d.action_updates),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::notes(&mut c.ex(), id).await.unwrap();
        check(
            "notes",
            format!("{:?}", d.notes),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::minutes_of_item(&mut c.ex(), id).await.unwrap();
        check(
            "minutes",
            format!("{:?}", d.minutes),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = agenda::minutes_responses(&mut c.ex(), id).await.unwrap();
        check(
            "minutes_responses",
            format!("{:?}", d.minutes_responses),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = verdicts::of_item(&mut c.ex(), id).await.unwrap();
        check(
            "verdicts",
            format!("{:?}", d.verdicts),
            format!("{read:?}"),
            read.is_empty(),
        );
        let read = verdicts::due_of(&mut c.ex(), id).await.unwrap();
        check(
            "verdict_due",
            format!("{:?}", d.verdict_due),
            format!("{read:?}"),
            read.is_none(),
        );
    }
    let all = [
        "cosigns",
        "addenda",
        "decisions",
        "actions",
        "action_updates",
        "notes",
        "minutes",
        "minutes_responses",
        "verdicts",
        "verdict_due",
    ];
    let missing: Vec<&str> = all.into_iter().filter(|p| !seen.contains(p)).collect();
    assert!(missing.is_empty(), "the demo has no item with {missing:?}");
}
