//! Signed checkpoints: a hash chain shows tampering only to someone holding an earlier head, so
//! each zone's head (event number, hash, time) is published signed by the installation's key.
//! Whoever keeps one (a panel, a journalist, the region) can later prove that today's history
//! still extends it: the same hash at that event, under a valid signature. A history rewritten
//! after it, every hash recomputed, no longer does.

use crate::app::App;
use crate::db::{events, zones};
use crate::domain::clock::stamp;
use crate::domain::signed_note::{self, Checkpoint};
use crate::error::{AppError, AppResult};
use crate::memo::Kind;
use crate::secrets::installation_name;
use serde::Serialize;
use utoipa::ToSchema;

/// A zone's signed checkpoint, as the public page, the feed, the digest and the API give it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneCheckpoint {
    /// The zone's code.
    pub zone: String,
    /// `<installation>/zones/<code>`: which history this is.
    pub origin: String,
    /// The number of events in the zone's history (the last one's number).
    pub seq: i64,
    /// The hash of that event (hex).
    pub hash: String,
    /// When that event was recorded.
    pub at: Option<String>,
    /// The checkpoint as a C2SP signed note: keep this text.
    pub note: String,
    /// The installation's verifier key (`name+id+key`), for checking the signature with any
    /// signed-note tool.
    pub verifier_key: String,
}

/// A zone's signed checkpoint, kept until its history moves on (signing costs more than reading
/// it).
struct KeptCheckpoints;

impl Kind for KeptCheckpoints {
    type Key = i64;
    type Value = ZoneCheckpoint;
    const NAME: &'static str = "checkpoints";
    const CAPACITY: usize = 1024;
}

/// The zone's current head, signed. Zones and their histories' heads are public.
#[tracing::instrument(name = "checkpoints::of_zone", level = "debug", skip_all)]
pub async fn of_zone(app: &App, code: &str) -> AppResult<ZoneCheckpoint> {
    let zone = super::zones::named(app, code).await?;
    of(app, &zone).await
}

/// The checkpoint of a zone the caller has read already.
#[tracing::instrument(name = "checkpoints::of", level = "debug", skip_all)]
pub async fn of(app: &App, zone: &zones::Zone) -> AppResult<ZoneCheckpoint> {
    let mut c = app.db.conn().await?;
    head_of(app, &mut c.ex(), zone).await
}

/// The checkpoint of `zone` as read through `ex` (inside a caller's transaction, too).
#[tracing::instrument(name = "checkpoints::head_of", level = "debug", skip_all)]
pub async fn head_of(
    app: &App,
    ex: &mut crate::db::Ex<'_>,
    zone: &zones::Zone,
) -> AppResult<ZoneCheckpoint> {
    let memo = app.memo.of::<KeptCheckpoints>();
    if let Some(cp) = memo.get(&zone.id, zone.chain_seq) {
        return Ok((*cp).clone());
    }
    let link = events::link_at(ex, zone.id, zone.chain_seq).await?;
    let key = app.checkpoint_key().map_err(AppError::Internal)?;
    let installation = installation_name(&app.settings);
    let cp = Checkpoint {
        origin: format!("{installation}/zones/{}", zone.code),
        seq: zone.chain_seq,
        hash: link
            .as_ref()
            .map_or(zone.chain_head.clone(), |l| l.hash.clone()),
        at: link.map(|l| stamp(l.at)),
    };
    let signed = ZoneCheckpoint {
        zone: zone.code.clone(),
        note: key.sign(&cp.text()),
        origin: cp.origin,
        seq: cp.seq,
        hash: cp.hash,
        at: cp.at,
        verifier_key: key.verifier().encode(),
    };
    memo.put(zone.id, zone.chain_seq, std::sync::Arc::new(signed.clone()));
    Ok(signed)
}

/// How one kept checkpoint compares with the history as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CheckpointCheck {
    pub zone: String,
    pub seq: i64,
    /// The hash the checkpoint states for event `seq`.
    pub hash: String,
    pub at: Option<String>,
    /// Whether today's history still has that hash at that event.
    pub matches: bool,
    /// The hash event `seq` has now (absent when the history no longer reaches it).
    pub hash_now: Option<String>,
}

/// Reads one or more signed checkpoints and compares each with today's history. A text that is
/// not a checkpoint, not signed by this installation's key (forged or edited), or of a zone this
/// installation does not have is refused, naming the field `checkpoint`.
#[tracing::instrument(name = "checkpoints::check", level = "debug", skip_all)]
pub async fn check(app: &App, text: &str) -> AppResult<Vec<CheckpointCheck>> {
    let key = app.checkpoint_key().map_err(AppError::Internal)?;
    let verifier = key.verifier();
    let installation = installation_name(&app.settings);
    let notes = signed_note::parse_notes(text)
        .map_err(|_| AppError::invalid("checkpoint", "error-checkpoint-form"))?;
    let mut out = vec![];
    let mut c = app.db.conn().await?;
    for note in notes {
        if !verifier.verifies(&note) {
            return Err(AppError::invalid(
                "checkpoint",
                "error-checkpoint-signature",
            ));
        }
        let cp = Checkpoint::parse(&note.text)
            .map_err(|_| AppError::invalid("checkpoint", "error-checkpoint-form"))?;
        let zone = match cp.zone_code(&installation) {
            Some(code) => zones::by_code(&mut c.ex(), code).await?,
            None => None,
        }
        .ok_or_else(|| AppError::invalid("checkpoint", "error-checkpoint-zone"))?;
        let now = if cp.seq == 0 {
            Some(zone.chain_head.clone()).filter(|_| zone.chain_seq == 0)
        } else {
            events::link_at(&mut c.ex(), zone.id, cp.seq)
                .await?
                .map(|l| l.hash)
        };
        out.push(CheckpointCheck {
            zone: zone.code,
            seq: cp.seq,
            matches: now.as_deref() == Some(cp.hash.as_str()),
            hash: cp.hash,
            at: cp.at,
            hash_now: now,
        });
    }
    Ok(out)
}

/// What `burgerstem verify --checkpoint` concludes for one zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneVerdict {
    /// Today's history verifies and extends every kept checkpoint.
    Extends { zone: String, seq: i64, events: u64 },
    /// The history no longer has the checkpointed hash at `seq`: it was rewritten at or before
    /// that event. `since` is the newest kept checkpoint that still matches (the change lies
    /// after it).
    Rewritten {
        zone: String,
        seq: i64,
        at: Option<String>,
        signed: String,
        now: Option<String>,
        since: Option<i64>,
    },
    /// Today's history does not verify on its own (plain `verify` names the event).
    Broken { zone: String, seq: i64, why: String },
}

/// The full check: every checkpoint against today's history, and each zone's chain recomputed.
/// Per zone, the oldest checkpoint that no longer matches is the one named: the first event
/// known to differ.
#[tracing::instrument(name = "checkpoints::verify_kept", level = "debug", skip_all)]
pub async fn verify_kept(app: &App, text: &str) -> AppResult<Vec<ZoneVerdict>> {
    let mut checks = check(app, text).await?;
    checks.sort_by(|a, b| (&a.zone, a.seq).cmp(&(&b.zone, b.seq)));
    let mut out = vec![];
    let mut c = app.db.conn().await?;
    for zone_checks in checks.chunk_by(|a, b| a.zone == b.zone) {
        let zone = zone_checks[0].zone.clone();
        if let Some(bad) = zone_checks.iter().find(|k| !k.matches) {
            let since = zone_checks
                .iter()
                .take_while(|k| k.matches)
                .map(|k| k.seq)
                .last();
            out.push(ZoneVerdict::Rewritten {
                zone,
                seq: bad.seq,
                at: bad.at.clone(),
                signed: bad.hash.clone(),
                now: bad.hash_now.clone(),
                since,
            });
            continue;
        }
        out.push(match events::verify_one(&mut c.ex(), &zone).await? {
            Some(events::Verification::Ok { events, .. }) => ZoneVerdict::Extends {
                seq: zone_checks.last().map_or(0, |k| k.seq),
                zone,
                events,
            },
            Some(events::Verification::Broken { seq, why, .. }) => ZoneVerdict::Broken {
                zone,
                seq,
                why: why.to_string(),
            },
            None => return Err(AppError::NotFound),
        });
    }
    Ok(out)
}
