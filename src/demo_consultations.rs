//! Consultations in the demo zone: one reported back, one waiting on the council (with a
//! dissenting note and a point that became an item, and by now overdue), and one still open.
//! They happen in the demo's first days, before the items' history, so that the zone's chain
//! stays in time order.

use crate::app::App;
use crate::domain::clock::brussels_date;
use crate::domain::policy::Principal;
use crate::error::AppResult;
use crate::service::consultations::{self as service, AskInput, ReportInput};
use chrono::{DateTime, Duration, Utc};

fn ask<'a>(title: &'a str, question: &'a str, due: &'a str, panels: &[&str]) -> AskInput<'a> {
    AskInput {
        title,
        question,
        background: "",
        links: "",
        advice_due: due,
        panels: panels.iter().map(|p| p.to_string()).collect(),
        participants: vec![],
        invite: "",
    }
}

/// The consultations, written by the demo's people: the panel members, the zone's staff and its
/// council (`demo::fill` looks them up).
pub async fn history(
    app: &App,
    zone: &str,
    now: DateTime<Utc>,
    [an, bram, chloe, dirk, fatima]: [&Principal; 5],
    staff: &Principal,
    raad: &Principal,
) -> AppResult<()> {
    let day = |d: i64| now - Duration::days(d);
    let date = |d: i64| {
        brussels_date(now - Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };

    // Day 89-83: the PZON-cluster is asked about transport to the GP, and gets an answer.
    app.clock.set(day(89));
    let due = date(50);
    let transport = service::ask(
        app,
        staff,
        zone,
        AskInput {
            background:
                "De gemeente wil een belbus inleggen. We willen weten wat mensen nodig hebben.",
            links: "https://www.vlaanderen.be/basisbereikbaarheid",
            ..ask(
                "Vervoer naar de huisarts",
                "Hoe geraakt u bij de huisarts of de apotheek? Wat zou helpen?",
                &due,
                &["pzon-cluster"],
            )
        },
    )
    .await?
    .consultation;
    app.clock.set(day(88));
    service::save_advice(
        app,
        dirk,
        transport.id,
        "pzon-cluster",
        "- Een belbus die ook tot aan de deur komt, niet alleen tot de halte.\n- Bellen moet kunnen zonder app, met een gewone telefoon.\n- Chauffeurs die helpen met instappen.",
        Some(0),
    )
    .await?;

    // Day 87-82: the Burgerplatform on the opening hours of the reception desk. The council has
    // not reported back since: by now that is overdue, and shown so.
    app.clock.set(day(87));
    let due = date(60);
    let hours = service::ask(
        app,
        raad,
        zone,
        ask(
            "Openingsuren van het onthaal",
            "Het onthaal van het dienstencentrum is nu open van 9 tot 12 uur. Wanneer moet het open zijn om voor u nuttig te zijn?",
            &due,
            &["burgerplatform"],
        ),
    )
    .await?
    .consultation;
    app.clock.set(day(86));
    service::submit_advice(app, fatima, transport.id, "pzon-cluster").await?;
    app.clock.set(day(85));
    service::react(
        app,
        chloe,
        hours.id,
        "Voor wie werkt, is 's avonds belangrijk. Eén avond per week zou al veel helpen.",
    )
    .await?;
    app.clock.set(day(84));
    service::save_advice(
        app,
        an,
        hours.id,
        "burgerplatform",
        "- Ook open in de namiddag, tot 17 uur.\n- Eén avond per week open tot 20 uur.",
        Some(0),
    )
    .await?;
    app.clock.set(day(84) + Duration::hours(1));
    service::save_advice(
        app,
        bram,
        hours.id,
        "burgerplatform",
        "- Ook open in de namiddag, tot 17 uur.\n- Eén avond per week open tot 20 uur.\n- Een vast telefoonnummer waar altijd iemand opneemt, ook als het onthaal dicht is.",
        Some(1),
    )
    .await?;
    app.clock.set(day(83));
    service::add_note(
        app,
        chloe,
        hours.id,
        "burgerplatform",
        "dissent",
        "Ik vind de namiddag minder belangrijk dan de avond. Liever twee avonden dan elke namiddag.",
    )
    .await?;
    app.clock.set(day(83) + Duration::hours(2));
    service::report_back(
        app,
        raad,
        transport.id,
        ReportInput {
            panel: "pzon-cluster",
            summary: "Dank voor het heldere advies. De belbus start in september.",
            points: vec![
                (1, "partly-followed".into(), "De bus komt tot aan de deur voor wie slecht te been is. Anderen stappen op aan de halte.".into()),
                (2, "followed".into(), "Reserveren kan met een gewoon telefoonnummer, elke werkdag van 8 tot 18 uur.".into()),
                (3, "followed".into(), "Alle chauffeurs krijgen een opleiding in mei.".into()),
            ],
        },
    )
    .await?;
    app.clock.set(day(82));
    service::submit_advice(app, an, hours.id, "burgerplatform").await?;
    app.clock.set(day(82) + Duration::hours(1));
    service::point_to_item(app, bram, hours.id, "burgerplatform", 3, None).await?;

    // Day 81: both panels are asked about a health fair; the advice is still being written.
    app.clock.set(day(81));
    let due = date(-14);
    let fair = service::ask(
        app,
        staff,
        zone,
        ask(
            "Een gezondheidsbeurs in het voorjaar",
            "We willen een beurs houden waar mensen de zorg in hun buurt leren kennen. Wat moet er zeker zijn, en waar houden we ze best?",
            &due,
            &["burgerplatform", "pzon-cluster"],
        ),
    )
    .await?
    .consultation;
    app.clock.set(day(81) + Duration::hours(1));
    service::react(
        app,
        fatima,
        fair.id,
        "Zorg dat er plaats is om te zitten, en dat alles gelijkvloers is.",
    )
    .await?;
    app.clock.set(day(81) + Duration::hours(2));
    service::save_advice(
        app,
        dirk,
        fair.id,
        "pzon-cluster",
        "- Alles gelijkvloers en met rustplekken.\n- Een tolk Vlaamse Gebarentaal.",
        Some(0),
    )
    .await?;
    Ok(())
}
