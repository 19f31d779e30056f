//! `burgerstem demo`: a believable demo zone, built through the same services people use, so
//! every demo item has its real, verifiable history.

use crate::app::App;
use crate::db::people;
use crate::domain::clock::{brussels_date, Clock};
use crate::domain::policy::Principal;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, InvitationInput, NewAccount};
use crate::service::agenda::{self, ActionInput, ActionUpdateInput, TransitionInput};
use crate::service::items::{self as item_service, ItemInput};
use crate::service::meetings::{self, MeetingInput};
use crate::service::zones as zone_service;
use chrono::{DateTime, Duration, Utc};

pub const DEFAULT_PASSWORD: &str = "demostreek-2026";
pub const ZONE: &str = "DEMO";

/// (email, name, role, panel slug)
pub const ACCOUNTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "beheerder@demostreek.example",
        "Sofie Beheerder",
        "admin",
        None,
    ),
    (
        "medewerker@demostreek.example",
        "Karim Medewerker",
        "staff",
        None,
    ),
    (
        "zorgraad@demostreek.example",
        "Dr. Els Raadslid",
        "council",
        None,
    ),
    (
        "an@demostreek.example",
        "An Peeters",
        "citizen",
        Some("burgerplatform"),
    ),
    (
        "bram@demostreek.example",
        "Bram Janssens",
        "citizen",
        Some("burgerplatform"),
    ),
    (
        "chloe@demostreek.example",
        "Chloé Dubois",
        "citizen",
        Some("burgerplatform"),
    ),
    (
        "dirk@demostreek.example",
        "Dirk Willems",
        "citizen",
        Some("pzon-cluster"),
    ),
    (
        "fatima@demostreek.example",
        "Fatima El Amrani",
        "citizen",
        Some("pzon-cluster"),
    ),
];

pub const PLATFORM_ADMIN: (&str, &str) = ("platform@demostreek.example", "Pieter Platformbeheer");

async fn principal_of(app: &App, email: &str) -> AppResult<Principal> {
    let mut c = app.db.conn().await?;
    let user = people::user_by_email(&mut c.ex(), email)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(people::principal(&mut c.ex(), &user).await?)
}

/// Fills an empty database. Refuses when there are already people or zones. The history is
/// written with a clock that walks from ninety days ago to now, through the same services.
pub async fn fill(app: &App, password: &str) -> AppResult<()> {
    let real_now = app.clock.now();
    let mut walking = app.clone();
    walking.clock = Clock::fixed(real_now - Duration::days(90));
    let app = &walking;
    {
        let mut c = app.db.conn().await?;
        if people::count_users(&mut c.ex()).await? > 0 {
            return Err(AppError::Conflict("error-demo-not-empty"));
        }
    }
    let platform = accounts::create_user(
        app,
        NewAccount {
            email: PLATFORM_ADMIN.0,
            name: PLATFORM_ADMIN.1,
            password,
        },
        true,
    )
    .await?;
    let root = principal_of(app, PLATFORM_ADMIN.0).await?;
    debug_assert_eq!(root.user_id, platform);
    zone_service::create_zone(app, &root, ZONE, "ELZ Demostreek").await?;
    zone_service::create_panel(
        app,
        &root,
        ZONE,
        "burgerplatform",
        "Burgerplatform Demostreek",
        "burgerplatform",
    )
    .await?;
    zone_service::create_panel(
        app,
        &root,
        ZONE,
        "pzon-cluster",
        "PZON-cluster Demostreek",
        "pzon-cluster",
    )
    .await?;
    for (email, name, role, panel) in ACCOUNTS {
        let inv = accounts::invite(
            app,
            &root,
            ZONE,
            InvitationInput {
                email,
                name,
                role,
                panel: *panel,
            },
        )
        .await?;
        accounts::accept_invitation(app, &inv.token, password).await?;
    }
    let an = principal_of(app, "an@demostreek.example").await?;
    let bram = principal_of(app, "bram@demostreek.example").await?;
    let chloe = principal_of(app, "chloe@demostreek.example").await?;
    let dirk = principal_of(app, "dirk@demostreek.example").await?;
    let fatima = principal_of(app, "fatima@demostreek.example").await?;
    let staff = principal_of(app, "medewerker@demostreek.example").await?;
    let raad = principal_of(app, "zorgraad@demostreek.example").await?;
    history(
        app,
        real_now,
        [&an, &bram, &chloe, &dirk, &fatima],
        &staff,
        &raad,
    )
    .await?;
    // Back to the present: mark what is late now, as the server would.
    app.clock.set(real_now);
    crate::service::deadlines::run_due_jobs(app).await?;
    Ok(())
}

fn item<'a>(
    kind: &'a str,
    title: &'a str,
    text: &'a str,
    heard_at: Option<&'a str>,
) -> ItemInput<'a> {
    ItemInput {
        kind,
        title,
        text,
        heard_at,
        lang: Some("nl"),
    }
}

fn mv(action: &str) -> TransitionInput {
    TransitionInput {
        action: action.to_string(),
        ..Default::default()
    }
}

async fn submitted(
    app: &App,
    who: &Principal,
    panel: &str,
    input: ItemInput<'_>,
) -> AppResult<i64> {
    let it = item_service::create(app, who, ZONE, panel, input).await?;
    item_service::submit(app, who, it.id).await?;
    Ok(it.id)
}

/// Ninety days of a zone's life, ending today: items in every state, one overdue, a held
/// meeting with minutes, a correction and decisions, and a planned one.
async fn history(
    app: &App,
    now: DateTime<Utc>,
    [an, bram, chloe, dirk, fatima]: [&Principal; 5],
    staff: &Principal,
    raad: &Principal,
) -> AppResult<()> {
    let day = |d: i64| now - Duration::days(d);
    let days = |d: i64| {
        brussels_date(now + Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    // The council asks the panels: consultations in every state (days 89 to 81).
    crate::demo_consultations::history(
        app,
        ZONE,
        now,
        [an, bram, chloe, dirk, fatima],
        staff,
        raad,
    )
    .await?;
    app.clock.set(day(80));
    let held = meetings::create(
        app,
        staff,
        ZONE,
        MeetingInput {
            starts_at: &local(day(50)),
            place: "Woonzorgcentrum De Linde, zaal 1",
            other_points: Some("Jaarplan eerstelijnszorg\nBegroting"),
        },
    )
    .await?;

    // Accepted, with follow-up underway; public.
    let wachtpost = submitted(
        app,
        chloe,
        "burgerplatform",
        item(
            "signal",
            "Lange wachttijd bij de huisartsenwachtpost in het weekend",
            "Verschillende mensen vertellen ons dat ze op zaterdag meer dan twee uur wachten. Vooral ouders met jonge kinderen.",
            Some("Oudercafé van de gemeente"),
        ),
    )
    .await?;
    item_service::cosign(app, an, wachtpost).await?;
    agenda::set_public(app, chloe, wachtpost, true).await?;
    // Postponed, review date passed: overdue.
    let telefoon = submitted(
        app,
        fatima,
        "pzon-cluster",
        item("proposal", "Eén telefoonnummer voor alle vragen over thuiszorg", "Maak één nummer waar je met al je vragen over thuiszorg terecht kunt. Iemand die je verder helpt, niet doorstuurt.", None),
    )
    .await?;
    agenda::set_public(app, fatima, telefoon, true).await?;
    // Not accepted; closure proposed.
    let parking = submitted(
        app,
        bram,
        "burgerplatform",
        item(
            "proposal",
            "Gratis parkeren aan het ziekenhuis voor mantelzorgers",
            "Mantelzorgers komen elke dag. Het parkeren kost hen veel geld.",
            None,
        ),
    )
    .await?;
    // Referred, then closed.
    let vervoer = submitted(
        app,
        an,
        "burgerplatform",
        item("question", "Wie regelt vervoer naar de kinesist voor wie niet met de bus kan?", "Wij horen dat mensen afspraken afzeggen omdat ze er niet geraken. Wie kan dit regelen?", Some("Seniorenraad")),
    )
    .await?;
    // Decided (accepted), no actions yet.
    let folder = submitted(
        app,
        dirk,
        "pzon-cluster",
        item("proposal", "Een folder in eenvoudige taal over de eerstelijnszone", "Veel mensen weten niet wat de eerstelijnszone doet. Maak een folder die iedereen begrijpt.", None),
    )
    .await?;
    app.clock.set(day(75));
    for id in [wachtpost, telefoon, parking, vervoer, folder] {
        agenda::transition(
            app,
            staff,
            id,
            TransitionInput {
                meeting: Some(held.id),
                ..mv("acknowledge")
            },
        )
        .await?;
        agenda::transition(
            app,
            staff,
            id,
            TransitionInput {
                meeting: Some(held.id),
                ..mv("schedule")
            },
        )
        .await?;
    }
    agenda::react(
        app,
        raad,
        wachtpost,
        "Dit herkennen we ook van andere zones. Goed dat jullie het aankaarten.",
        false,
    )
    .await?;
    agenda::react(app, bram, parking, "Ik sta hier niet helemaal achter: parkeren moet betaalbaar zijn voor iedereen, niet alleen voor mantelzorgers.", true).await?;

    // The meeting is held: minutes, confirmed, one corrected; decisions.
    app.clock.set(held.starts_at + Duration::hours(2));
    meetings::add_minutes(app, staff, held.id, wachtpost, "De zorgraad herkent het probleem. De huisartsenkring bekijkt een extra arts op zaterdagvoormiddag.").await?;
    meetings::add_minutes(
        app,
        staff,
        held.id,
        telefoon,
        "Goed idee. De zorgraad wil eerst weten wat het kost en wie het betaalt.",
    )
    .await?;
    meetings::add_minutes(
        app,
        staff,
        held.id,
        parking,
        "Het ziekenhuis beslist zelf over parkeren. De zorgraad kan dit niet regelen.",
    )
    .await?;
    meetings::add_minutes(
        app,
        staff,
        held.id,
        vervoer,
        "Dit is een vraag voor de gemeente: zij organiseert het minder mobielen vervoer.",
    )
    .await?;
    meetings::add_minutes(
        app,
        staff,
        held.id,
        folder,
        "Iedereen vindt dit een goed idee.",
    )
    .await?;
    meetings::mark_held(app, staff, held.id).await?;
    app.clock.set(day(48));
    meetings::respond_to_minutes(app, an, wachtpost, true, None).await?;
    meetings::respond_to_minutes(
        app,
        chloe,
        wachtpost,
        false,
        Some("We zeiden ook dat het vooral om gezinnen met jonge kinderen gaat. Dat staat niet in het verslag."),
    )
    .await?;
    meetings::respond_to_minutes(app, fatima, telefoon, true, None).await?;
    let decide = |outcome: &str, reasons: &str| TransitionInput {
        outcome: Some(outcome.into()),
        reasons: Some(reasons.into()),
        ..mv("decide")
    };
    agenda::transition(app, staff, wachtpost, decide("accepted", "De zorgraad vraagt de huisartsenkring om op zaterdagvoormiddag een extra arts in te zetten. Zo wacht u minder lang.")).await?;
    agenda::transition(
        app,
        staff,
        telefoon,
        TransitionInput { review_date: Some(days(-3)), ..decide("postponed", "We willen eerst weten wat één nummer kost. We bekijken het opnieuw als we een prijs hebben.") },
    )
    .await?;
    agenda::transition(app, staff, parking, decide("not-accepted", "Het ziekenhuis beslist zelf over parkeren. De zorgraad kan hier niets aan veranderen. We geven uw vraag wel door aan het ziekenhuis.")).await?;
    agenda::transition(
        app,
        staff,
        vervoer,
        TransitionInput { referred_to: Some("Gemeente Demostreek, dienst Welzijn".into()), ..decide("referred", "Vervoer is een taak van de gemeente. We gaven uw vraag door en vragen hen u te antwoorden.") },
    )
    .await?;
    agenda::transition(
        app,
        staff,
        folder,
        decide(
            "accepted",
            "De folder komt er. We maken hem samen met het PZON-cluster.",
        ),
    )
    .await?;
    app.clock.set(day(45));
    let action = agenda::add_action(
        app,
        staff,
        wachtpost,
        ActionInput {
            what: "Extra arts op zaterdagvoormiddag",
            responsible: "Huisartsenkring Demostreek",
            due: &days(30),
        },
    )
    .await?;
    app.clock.set(day(20));
    agenda::update_action(
        app,
        staff,
        action,
        ActionUpdateInput {
            percent: Some(40),
            note: "Twee huisartsen zeiden al ja. We zoeken er nog één.",
            done: false,
        },
    )
    .await?;
    agenda::transition(
        app,
        staff,
        vervoer,
        TransitionInput {
            note: Some("De gemeente antwoordde en regelt het vervoer. We ronden af.".into()),
            ..mv("propose-closure")
        },
    )
    .await?;
    agenda::transition(app, an, vervoer, mv("confirm-closure")).await?;
    app.clock.set(day(5));
    agenda::transition(
        app,
        staff,
        parking,
        TransitionInput {
            note: Some("Het besluit is genomen en doorgegeven aan het ziekenhuis.".into()),
            ..mv("propose-closure")
        },
    )
    .await?;

    // Recent items: waiting on staff (one overdue), asked for clarification, scheduled, withdrawn.
    app.clock.set(day(20));
    let pbb = item_service::create(
        app,
        dirk,
        ZONE,
        "pzon-cluster",
        item("question", "Wie helpt ons bij de aanvraag van een persoonsvolgend budget?", "Wij weten niet bij wie we terecht kunnen voor hulp met de aanvraag. Elke dienst stuurt ons door.\nWie is in onze zone het aanspreekpunt?", None),
    )
    .await?;
    item_service::cosign(app, fatima, pbb.id).await?;
    item_service::submit(app, dirk, pbb.id).await?;
    item_service::add_addendum(app, fatima, pbb.id, "Na ons overleg: het gaat ook over de aanvraag van een zorgbudget voor mensen met een handicap.").await?;
    app.clock.set(day(12));
    let next = meetings::create(
        app,
        staff,
        ZONE,
        MeetingInput {
            starts_at: &local(now + Duration::days(14)),
            place: "Gemeentehuis Demostreek, raadzaal",
            other_points: Some("Verslag van de vorige vergadering"),
        },
    )
    .await?;
    let apotheek = submitted(
        app,
        fatima,
        "pzon-cluster",
        item(
            "signal",
            "De wachtdienst van de apotheek is moeilijk te vinden",
            "Mensen weten niet welke apotheek open is. De website is niet duidelijk.",
            None,
        ),
    )
    .await?;
    agenda::transition(app, staff, apotheek, mv("acknowledge")).await?;
    agenda::transition(
        app,
        staff,
        apotheek,
        TransitionInput {
            meeting: Some(next.id),
            ..mv("schedule")
        },
    )
    .await?;
    let bus = submitted(
        app,
        bram,
        "burgerplatform",
        item(
            "proposal",
            "Een bushalte dichter bij het dienstencentrum",
            "De halte ligt te ver voor wie slecht te been is.",
            Some("Wandeling met de buurtgroep"),
        ),
    )
    .await?;
    agenda::transition(app, staff, bus, mv("acknowledge")).await?;
    agenda::transition(
        app,
        staff,
        bus,
        TransitionInput {
            text: Some("Welke bushalte bedoelt u precies, en welk dienstencentrum?".into()),
            ..mv("request-clarification")
        },
    )
    .await?;
    app.clock.set(day(6));
    let eenzaam = submitted(app, chloe, "burgerplatform", item("signal", "Eenzaamheid bij oudere mannen", "In de buurt zien we oudere mannen die niemand meer zien. Ze komen niet naar activiteiten.", Some("Buurtrestaurant"))).await?;
    agenda::transition(app, staff, eenzaam, mv("acknowledge")).await?;
    let dubbel = submitted(
        app,
        an,
        "burgerplatform",
        item(
            "question",
            "Waar vind ik de lijst van huisartsen die nog patiënten aannemen?",
            "Nieuwe inwoners vinden geen huisarts.",
            None,
        ),
    )
    .await?;
    agenda::transition(
        app,
        an,
        dubbel,
        TransitionInput {
            text: Some("We brachten dit al in via de gemeente.".into()),
            ..mv("withdraw")
        },
    )
    .await?;

    // A draft the panel is still writing.
    app.clock.set(day(1));
    let draft = item_service::create(
        app,
        an,
        ZONE,
        "burgerplatform",
        item(
            "proposal",
            "Zitbanken op de weg naar het dienstencentrum",
            "Veel oudere mensen wandelen naar het dienstencentrum. Onderweg kunnen ze nergens rusten.\nWe stellen voor: zet om de 200 meter een bank.",
            Some("Koffiemoment in het dienstencentrum"),
        ),
    )
    .await?;
    item_service::cosign(app, bram, draft.id).await?;

    // Signals from beyond the panel, and what the zone did with them.
    crate::demo_signals::history(app, ZONE, now).await?;
    Ok(())
}

/// A Brussels-local `YYYY-MM-DDTHH:MM` for the meeting form, at 19:30.
fn local(at: DateTime<Utc>) -> String {
    format!("{}T19:30", brussels_date(at).format("%Y-%m-%d"))
}
