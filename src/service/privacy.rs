//! People's own data: "Mijn gegevens" (a one-time download of everything held about someone),
//! erasure on request by a zone's administrator, and the retention job.

use super::Recorded;
use crate::app::App;
use crate::db::{people, privacy, zones};
use crate::domain::event_kind::{EventKind, Subject};
use crate::domain::policy::Principal;
use crate::domain::privacy::{self as rules, Texts};
use crate::domain::validate::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::secrets::{new_token, token_hash};
use chrono::Duration;
use serde_json::{json, Value};

/// Issues a download link for the person's own data; returns the secret for the URL.
#[tracing::instrument(name = "privacy::request_export", level = "debug", skip_all)]
pub async fn request_export(app: &App, user_id: i64) -> AppResult<String> {
    let token = new_token();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    privacy::create_export_link(
        &mut tx.ex(),
        user_id,
        &token_hash(&token),
        now,
        now + Duration::minutes(rules::EXPORT_LINK_MINUTES),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Uses a download link (once, by its owner, before it expires) and gathers the data.
#[tracing::instrument(name = "privacy::take_export", level = "debug", skip_all)]
pub async fn take_export(app: &App, user_id: i64, token: &str) -> AppResult<Value> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !privacy::use_export_link(&mut tx.ex(), user_id, &token_hash(token), now).await? {
        return Err(AppError::NotFound);
    }
    let sections = privacy::everything_about(&mut tx.ex(), user_id).await?;
    tx.commit().await?;
    let mut doc = json!({
        "format": "burgerstem-personal-data/1",
        "generated_at": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "about": "Everything Burgerstem holds about you. Texts are as you wrote them; other people's words on your items are not included.",
    });
    if let Value::Object(o) = &mut doc {
        o.extend(sections);
    }
    Ok(doc)
}

/// Who can be erased from a zone's administration page: the person, if still there.
pub struct ErasureTarget {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub is_platform_admin: bool,
    /// The zones where the person is a member now (an erasure covers all of them).
    pub member_zones: std::collections::BTreeSet<i64>,
}

async fn find_target(
    ex: &mut crate::db::Ex<'_>,
    zone_id: i64,
    user_id: i64,
) -> AppResult<ErasureTarget> {
    let member_zones = privacy::member_zones(ex, user_id).await?;
    match people::user_by_id(ex, user_id).await? {
        // Only people of this zone; anyone else is not this administrator's to see. An erased
        // person is a member nowhere, so they are not found either.
        Some(u) if member_zones.contains(&zone_id) => Ok(ErasureTarget {
            user_id: u.id,
            name: u.display_name,
            email: u.email,
            is_platform_admin: u.is_platform_admin,
            member_zones,
        }),
        _ => Err(AppError::NotFound),
    }
}

#[tracing::instrument(name = "privacy::erasure_target", level = "debug", skip_all)]
pub async fn erasure_target(
    app: &App,
    p: &Principal,
    zone_code: &str,
    user_id: i64,
) -> AppResult<(zones::Zone, ErasureTarget)> {
    let zone = super::zones::zone_to_manage(app, p, zone_code).await?;
    let mut c = app.db.conn().await?;
    let target = find_target(&mut c.ex(), zone.id, user_id).await?;
    Ok((zone, target))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErasureReport {
    /// `remove` or `keep`.
    pub texts: String,
    /// Items whose words were replaced.
    pub items: usize,
    /// Consultations whose words were replaced.
    pub consultations: usize,
    /// Personal payloads taken out of the history (the chain keeps their commitments).
    pub payloads_removed: u64,
}

/// An erasure as asked for: what to do with the texts (`remove` or `keep`), and whether the
/// person asked for it themselves (it is only done on their request).
pub struct ErasureRequest<'a> {
    pub texts: Option<&'a str>,
    pub requested_by_person: bool,
}

/// Erases a person on their request. Their name and contact data go everywhere; their texts are
/// replaced by the erasure marker unless they chose to leave them under the panel's name; their
/// events stay (the chain holds commitments, so it still verifies) and each zone gets a
/// redaction event. All in one transaction: an erasure is whole or not at all.
#[tracing::instrument(name = "privacy::erase", level = "debug", skip_all)]
pub async fn erase(
    app: &App,
    p: &Principal,
    zone_code: &str,
    user_id: i64,
    request: ErasureRequest<'_>,
) -> AppResult<ErasureReport> {
    let zone = super::zones::zone_to_manage(app, p, zone_code).await?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let target = find_target(&mut tx.ex(), zone.id, user_id).await?;
    let texts = request.texts.and_then(Texts::parse);
    let mut e = FieldErrors::default();
    if texts.is_none() {
        e.add("texts", "error-erase-texts");
    }
    if !request.requested_by_person {
        e.add("requested_by_person", "error-erase-requested");
    }
    e.into_result()?;
    let texts = texts.ok_or_else(|| AppError::invalid("texts", "error-erase-texts"))?;
    if let Some(why) =
        rules::erasure_refused(p, user_id, target.is_platform_admin, &target.member_zones)
    {
        return Err(AppError::Conflict(why));
    }
    let touched = privacy::zones_of_person(&mut tx.ex(), user_id).await?;
    let removed = match texts {
        Texts::Remove => privacy::remove_texts(&mut tx.ex(), user_id).await?,
        Texts::KeepUnderPanel => privacy::Removed::default(),
    };
    let candidates = privacy::candidate_payloads(&mut tx.ex(), user_id, &target.email).await?;
    let doomed: Vec<i64> = candidates
        .into_iter()
        .filter(|r| {
            serde_json::from_str::<Value>(&r.payload)
                .map(|v| rules::payload_must_go(&v, &target.email, &removed.texts))
                .unwrap_or(true)
        })
        .map(|r| r.event_id)
        .collect();
    let payloads_removed = privacy::delete_payloads(&mut tx.ex(), &doomed).await?;
    privacy::erase_account(&mut tx.ex(), user_id, &target.email, now).await?;
    let erased = removed
        .items
        .iter()
        .map(|&(z, id)| (z, Subject::Item(id)))
        .chain(
            removed
                .consultations
                .iter()
                .map(|&(z, id)| (z, Subject::Consultation(id))),
        );
    for (zone_id, subject) in erased {
        super::record(
            &mut tx.ex(),
            Recorded {
                zone_id,
                subject,
                kind: EventKind::WordsErased,
                actor: Some(p.user_id),
                at: now,
                data: json!({"person": user_id}),
                personal: None,
            },
        )
        .await?;
    }
    let report = ErasureReport {
        texts: texts.as_str().to_string(),
        items: removed.items.len(),
        consultations: removed.consultations.len(),
        payloads_removed,
    };
    let mut all_zones = touched;
    all_zones.insert(zone.id);
    for zone_id in &all_zones {
        super::record(
            &mut tx.ex(),
            Recorded {
                zone_id: *zone_id,
                subject: Subject::Zone(*zone_id),
                kind: EventKind::PersonErased,
                actor: Some(p.user_id),
                at: now,
                data: json!({"person": user_id, "texts": texts.as_str(), "items": report.items,
                   "consultations": report.consultations, "payloads_removed": payloads_removed}),
                personal: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    // Old versions of the erased rows must not linger in the write-ahead log.
    app.db.checkpoint().await?;
    tracing::info!(person = user_id, zone = %zone.code, "person erased on request");
    Ok(report)
}

/// Applies every zone's retention period to its closed items; returns how many items it cleared.
#[tracing::instrument(name = "privacy::apply_retention", level = "debug", skip_all)]
pub async fn apply_retention(app: &App) -> AppResult<u64> {
    let now = app.clock.now();
    let candidates = {
        let mut c = app.db.conn().await?;
        privacy::retention_candidates(&mut c.ex()).await?
    };
    let mut done = 0;
    for item in candidates
        .into_iter()
        .filter(|i| rules::retention_due(i.closed_at, i.retention_days, now))
    {
        let mut tx = app.db.begin().await?;
        if let Some(counts) = privacy::remove_item_personal(&mut tx.ex(), item.id, now).await? {
            super::record(
&mut tx.ex(),
Recorded {
zone_id: item.zone_id,
subject: Subject::Item(item.id),
kind: EventKind::PersonalDataRemoved,
actor: None,
at: now,
data: json!({"retention_days": item.retention_days, "notifications": counts.notifications,
                       "supporters": counts.supporters, "signal_contacts": counts.signal_contacts}),
personal: None,
},
)
            .await?;
            tx.commit().await?;
            done += 1;
        }
    }
    Ok(done)
}
