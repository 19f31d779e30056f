//! The demo zone's signals from beyond the panel: one new, one adopted into a new item, two
//! bundled into one existing item, one answered, one set aside, and one recorded by a supporter.
//! Written through the same services people use, on the demo's walking clock, so each has its
//! real, verifiable timeline.

use crate::app::App;
use crate::db::people;
use crate::domain::lifecycle::Status;
use crate::domain::policy::Principal;
use crate::error::{AppError, AppResult};
use crate::service::signals::{self as signals, PublicInput, RecordInput, TriageInput};
use chrono::{DateTime, Duration, Utc};

async fn who(app: &App, email: &str) -> AppResult<Principal> {
    let mut c = app.db.conn().await?;
    let user = people::user_by_email(&mut c.ex(), email)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(people::principal(&mut c.ex(), &user).await?)
}

/// An anonymous signal, as the public form brings it in. Each demo sender is its own client, so
/// the demo never meets the per-client rate limit.
async fn anonymous(
    app: &App,
    zone: &str,
    client: &str,
    text: &str,
    contact: Option<&str>,
    relation: Option<&str>,
) -> AppResult<i64> {
    let b = signals::bring_in(
        app,
        zone,
        PublicInput {
            text,
            contact,
            relation,
            lang: Some("nl"),
            honeypot: None,
            via: "web",
        },
        client,
    )
    .await?;
    Ok(b.signal.id)
}

fn step(action: &str) -> TriageInput {
    TriageInput {
        action: action.to_string(),
        ..Default::default()
    }
}

/// Adds the signals to zone `zone`, with `now` the demo's present. Needs the demo's accounts and
/// its item about the pharmacy on duty (the bottleneck two signals are bundled into).
pub async fn history(app: &App, zone: &str, now: DateTime<Utc>) -> AppResult<()> {
    let day = |d: i64| now - Duration::days(d);
    let staff = who(app, "medewerker@demostreek.example").await?;
    let an = who(app, "an@demostreek.example").await?;
    let dirk = who(app, "dirk@demostreek.example").await?;
    let zone_id = {
        let mut c = app.db.conn().await?;
        crate::db::zones::by_code(&mut c.ex(), zone)
            .await?
            .ok_or(AppError::NotFound)?
            .id
    };

    // Two people notice the same thing: bundled into the item about the pharmacy on duty.
    let open_items = {
        let mut c = app.db.conn().await?;
        crate::db::items::in_states(
            &mut c.ex(),
            Some(zone_id),
            &[Status::Acknowledged, Status::Scheduled, Status::Submitted],
        )
        .await?
    };
    let apotheek = open_items
        .iter()
        .find(|i| i.title.contains("apotheek"))
        .map(|i| i.id);

    app.clock.set(day(11));
    let zondag = anonymous(
        app,
        zone,
        "demo-1",
        "Ik vond zondag geen open apotheek. Op de website stond een apotheek die dicht bleek te zijn. Ik heb een uur rondgereden met een ziek kind.",
        None,
        Some("bewoner"),
    )
    .await?;
    app.clock.set(day(10));
    let thuisverpleging = anonymous(
        app,
        zone,
        "demo-2",
        "Als thuisverpleegkundige krijg ik vaak de vraag welke apotheek van wacht is. Ik weet het zelf ook niet altijd.",
        None,
        Some("hulpverlener"),
    )
    .await?;
    if let Some(item) = apotheek {
        app.clock.set(day(9));
        for id in [zondag, thuisverpleging] {
            signals::triage(
                app,
                &staff,
                id,
                TriageInput {
                    item: Some(item),
                    ..step("bundle")
                },
            )
            .await?;
        }
    }

    // Answered directly: a question the zone can answer itself.
    app.clock.set(day(8));
    let dementie = anonymous(
        app,
        zone,
        "demo-3",
        "Waar kan ik terecht voor een gesprek over de dementie van mijn vader? Ik weet niet waar te beginnen.",
        Some("0470 12 34 56"),
        Some("mantelzorger"),
    )
    .await?;
    app.clock.set(day(7));
    signals::triage(
        app,
        &staff,
        dementie,
        TriageInput {
            text: Some("U kunt elke dinsdagvoormiddag zonder afspraak terecht in het dienstencentrum. Een maatschappelijk werker luistert naar uw vragen en helpt u verder. We belden u ook even op.".into()),
            ..step("answer")
        },
    )
    .await?;

    // Set aside, with a reason the sender can read.
    app.clock.set(day(6));
    let verlichting = anonymous(
        app,
        zone,
        "demo-4",
        "De straatverlichting in de Kerkstraat is al weken kapot. 's Avonds durf ik niet meer naar buiten.",
        None,
        None,
    )
    .await?;
    signals::triage(
        app,
        &staff,
        verlichting,
        TriageInput {
            reason: Some("Straatverlichting is een taak van de gemeente, niet van de zorgraad. Meld het bij het meldpunt van de gemeente Demostreek: zij kunnen het herstellen.".into()),
            ..step("set-aside")
        },
    )
    .await?;

    // Adopted: a panel member writes an item from it, which goes to the council.
    app.clock.set(day(4));
    let verpleging = anonymous(
        app,
        zone,
        "demo-5",
        "Mijn moeder krijgt thuisverpleging. Bijna elke dag komt er iemand anders. Ze raakt in de war en moet telkens alles opnieuw uitleggen.",
        Some("mantelzorger@voorbeeld.be"),
        Some("mantelzorger"),
    )
    .await?;
    app.clock.set(day(3));
    signals::triage(
        app,
        &an,
        verpleging,
        TriageInput {
            panel: Some("burgerplatform".into()),
            kind: Some("signal".into()),
            title: Some("Elke dag een andere thuisverpleegkundige".into()),
            text: Some("Een mantelzorger vertelt: haar moeder krijgt bijna elke dag een andere thuisverpleegkundige. Ze raakt in de war en moet telkens alles opnieuw uitleggen.\nWe vragen de zorgraad: kan een vaste ploeg per persoon de regel worden?".into()),
            ..step("adopt")
        },
    )
    .await?;

    // Recorded on someone's behalf by a supporter, still waiting for triage.
    app.clock.set(day(2));
    signals::record_for(
        app,
        &dirk,
        zone,
        RecordInput {
            text: "Ik durf de dokter niet te bellen. Aan de telefoon praten ze snel en ik begrijp niet wat ze zeggen. Dan blijf ik liever thuis.",
            contact: None,
            relation: Some("bewoner"),
            heard_at: Some("Inloopmoment van het OCMW"),
            person_name: Some("Mevrouw R."),
            may_contact: false,
            lang: Some("nl"),
        },
    )
    .await?;

    // New, not triaged yet.
    app.clock.set(day(1));
    anonymous(
        app,
        zone,
        "demo-6",
        "Aan het station is de lift al drie weken stuk. Met een rolstoel of een kinderwagen geraak je niet op het perron, dus ook niet naar het ziekenhuis.",
        None,
        Some("bewoner"),
    )
    .await?;
    Ok(())
}
