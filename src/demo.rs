//! `burgerstem demo`: a believable demo zone, built through the same services people use, so
//! every demo item has its real, verifiable history.

use crate::app::App;
use crate::db::people;
use crate::domain::policy::Principal;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, InvitationInput, NewAccount};
use crate::service::items::{self as item_service, ItemInput};
use crate::service::zones as zone_service;

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

/// Fills an empty database. Refuses when there are already people or zones.
pub async fn fill(app: &App, password: &str) -> AppResult<()> {
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

    let item = |kind, title, text, heard_at| ItemInput {
        kind,
        title,
        text,
        heard_at,
    };
    // A draft the panel is still writing.
    let draft = item_service::create(
        app,
        &an,
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
    item_service::cosign(app, &bram, draft.id).await?;

    // Submitted, co-signed, with an addendum.
    let s1 = item_service::create(
        app,
        &dirk,
        ZONE,
        "pzon-cluster",
        item(
            "question",
            "Wie helpt ons bij de aanvraag van een persoonsvolgend budget?",
            "Wij weten niet bij wie we terecht kunnen voor hulp met de aanvraag. Elke dienst stuurt ons door.\nWie is in onze zone het aanspreekpunt?",
            None,
        ),
    )
    .await?;
    item_service::cosign(app, &fatima, s1.id).await?;
    item_service::submit(app, &dirk, s1.id).await?;
    item_service::add_addendum(
        app,
        &fatima,
        s1.id,
        "Na ons overleg: het gaat ook over de aanvraag van een zorgbudget voor mensen met een handicap.",
    )
    .await?;

    let s2 = item_service::create(
        app,
        &chloe,
        ZONE,
        "burgerplatform",
        item(
            "signal",
            "Lange wachttijd bij de huisartsenwachtpost in het weekend",
            "Verschillende mensen vertellen ons dat ze op zaterdag meer dan twee uur wachten. Vooral ouders met jonge kinderen.",
            Some("Oudercafé van de gemeente"),
        ),
    )
    .await?;
    item_service::cosign(app, &an, s2.id).await?;
    item_service::cosign(app, &bram, s2.id).await?;
    item_service::submit(app, &chloe, s2.id).await?;

    let s3 = item_service::create(
        app,
        &fatima,
        ZONE,
        "pzon-cluster",
        item(
            "proposal",
            "Eén telefoonnummer voor alle vragen over thuiszorg",
            "Maak één nummer waar je met al je vragen over thuiszorg terecht kunt. Iemand die je verder helpt, niet doorstuurt.",
            None,
        ),
    )
    .await?;
    item_service::submit(app, &fatima, s3.id).await?;
    Ok(())
}
