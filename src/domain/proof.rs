//! A proof file: one item's events and the piece of its zone's hash chain that ties them to the
//! zone's current head, so anyone can check the item's history offline, without the database.
//!
//! Format `burgerstem-proof/1` (JSON):
//!
//! ```text
//! {
//!   "format": "burgerstem-proof/1",
//!   "hashing": "…",                              // a reminder of the encoding, not checked
//!   "zone":  {"id": 1, "code": "DEMO"},
//!   "item":  {"id": 3, "reference": "DEMO-2026-0003"},
//!   "head":  {"seq": 57, "hash": "…"},           // the zone's chain head when the file was made
//!   "events": [                                  // every event of the zone from the item's first
//!     {"zone_id", "seq", "at", "subject_type",    // event up to and including the head, in order
//!      "subject_id", "kind", "actor_id", "data",
//!      "commitment", "prev_hash", "hash",
//!      "personal": {"salt", "payload"}}          // only on the item's own events, while held
//!   ]
//! }
//! ```
//!
//! Each event's fields are exactly what the chain hashes (`data` and `payload` are the stored
//! JSON text, byte for byte; `at` is RFC 3339 in UTC with microseconds). Events of other subjects
//! in the segment carry only those hashed fields: their people's words are not in the chain (only
//! a salted commitment is), so they are not in the file either. The item's own events carry their
//! personal payload with its salt, so a reader can check that the words shown are the words the
//! chain committed to. A payload erased on request is left out (`personal` absent): the chain
//! still verifies, as it does in the database.
//!
//! Verification recomputes every hash with [`chain::event_hash`], checks that every event links to
//! the one before it and that the sequence has no gaps, that the last event is the stated head,
//! that the segment starts with an event of the item (whose `created` event names the item's
//! reference), and that every personal payload matches its commitment.

use super::chain::{self, ChainBreak, ChainedFields};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The version tag of the file format.
pub const FORMAT: &str = "burgerstem-proof/1";

/// How the hashes are computed, for a reader who checks without this program.
pub const HASHING: &str = "hash = SHA-256 over the fields, each as an 8-byte big-endian length then its UTF-8 bytes: \"burgerstem-event-v1\", zone_id, seq, at (RFC 3339, UTC, microseconds, Z), subject_type, subject_id, kind, actor_id (empty when null), data, commitment, prev_hash; lowercase hex. commitment = SHA-256 over \"burgerstem-personal-v1\", salt, payload in the same encoding.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub format: String,
    #[serde(default)]
    pub hashing: String,
    pub zone: ProofZone,
    pub item: ProofItem,
    pub head: ProofHead,
    pub events: Vec<ProofEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofZone {
    pub id: i64,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofItem {
    pub id: i64,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofEvent {
    pub zone_id: i64,
    pub seq: i64,
    /// RFC 3339, UTC, microseconds: the form that is hashed.
    pub at: String,
    pub subject_type: String,
    pub subject_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    /// The stored JSON text of the event's facts, byte for byte.
    pub data: String,
    pub commitment: String,
    pub prev_hash: String,
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<ProofPersonal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofPersonal {
    pub salt: String,
    /// The stored JSON text of the person's words, byte for byte.
    pub payload: String,
}

/// The form of a timestamp that the chain hashes.
pub fn canonical_at(at: DateTime<Utc>) -> String {
    chain::truncate_to_micros(at).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl ProofEvent {
    /// Whether this event is one of the item's own.
    pub fn is_of(&self, item: &ProofItem) -> bool {
        self.subject_type == "item" && self.subject_id == item.id
    }

    fn describe(&self) -> String {
        format!(
            "event {} ({} {}, {})",
            self.seq, self.subject_type, self.subject_id, self.kind
        )
    }
}

/// What a verified proof covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub zone: String,
    pub reference: String,
    /// Events in the segment, and how many of them are the item's.
    pub events: usize,
    pub item_events: usize,
    /// The item's payloads checked against their commitments, and those erased.
    pub payloads: usize,
    pub erased: usize,
    pub head_seq: i64,
    pub head: String,
}

/// Why a proof does not verify. Every message names the event it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("not a proof file: {0}")]
    Unreadable(String),
    #[error("unknown format {0:?} (expected {FORMAT:?})")]
    Format(String),
    #[error("the file holds no events")]
    Empty,
    #[error("{event}: belongs to zone {zone_id}, the proof is about zone {expected}")]
    Zone {
        event: String,
        zone_id: i64,
        expected: i64,
    },
    #[error("{event}: its time {at:?} is not an RFC 3339 timestamp")]
    Time { event: String, at: String },
    #[error("{event}: {}", what_broke(.why))]
    Chain { event: String, why: ChainBreak },
    #[error("{event}: the segment must start with an event of item {item}")]
    Start { event: String, item: i64 },
    #[error(
        "{event}: the item's first event names reference {found:?}, the proof says {expected:?}"
    )]
    Reference {
        event: String,
        found: String,
        expected: String,
    },
    #[error(
        "{event}: the chain ends here, but the stated head is event {head_seq} with hash {head}"
    )]
    Head {
        event: String,
        head_seq: i64,
        head: String,
    },
}

/// A chain break without its event number (the message names the event already).
fn what_broke(why: &ChainBreak) -> String {
    match why {
        ChainBreak::Gap { expected, .. } => {
            format!("expected sequence number {expected} (an event is missing or out of order)")
        }
        ChainBreak::Link { .. } => {
            "prev_hash does not match the hash of the event before it".into()
        }
        ChainBreak::Content { .. } => {
            "its hash does not match its content (the event or its hash was changed)".into()
        }
        ChainBreak::Personal { .. } => {
            "personal payload does not match its commitment (the words were changed)".into()
        }
        ChainBreak::Head { .. } => why.to_string(),
    }
}

impl ProofError {
    /// The sequence number of the event at fault, when there is one.
    pub fn seq(&self) -> Option<i64> {
        match self {
            ProofError::Chain { why, .. } => Some(why.seq()),
            _ => None,
        }
    }
}

/// Reads and verifies a proof file's text.
pub fn verify_text(text: &str) -> Result<Verified, ProofError> {
    let proof: Proof =
        serde_json::from_str(text).map_err(|e| ProofError::Unreadable(e.to_string()))?;
    verify(&proof)
}

/// Verifies a proof with the chain's own hash functions; see the module documentation.
pub fn verify(p: &Proof) -> Result<Verified, ProofError> {
    if p.format != FORMAT {
        return Err(ProofError::Format(p.format.clone()));
    }
    let first = p.events.first().ok_or(ProofError::Empty)?;
    if !first.is_of(&p.item) {
        return Err(ProofError::Start {
            event: first.describe(),
            item: p.item.id,
        });
    }
    // The first event's reference binds the item's id to its reference number.
    if let Ok(data) = serde_json::from_str::<serde_json::Value>(&first.data) {
        if let Some(found) = data.get("reference").and_then(|r| r.as_str()) {
            if found != p.item.reference {
                return Err(ProofError::Reference {
                    event: first.describe(),
                    found: found.to_string(),
                    expected: p.item.reference.clone(),
                });
            }
        }
    }
    // The first event's own link cannot be checked here (the events before it are not in the
    // file), except at the very start of a zone's chain.
    let mut prev: Option<&ProofEvent> = None;
    let (mut item_events, mut payloads, mut erased) = (0, 0, 0);
    for e in &p.events {
        let fail = |why: ChainBreak| ProofError::Chain {
            event: e.describe(),
            why,
        };
        if e.zone_id != p.zone.id {
            return Err(ProofError::Zone {
                event: e.describe(),
                zone_id: e.zone_id,
                expected: p.zone.id,
            });
        }
        match prev {
            Some(before) => {
                if e.seq != before.seq + 1 {
                    return Err(fail(ChainBreak::Gap {
                        seq: e.seq,
                        expected: before.seq + 1,
                    }));
                }
                if e.prev_hash != before.hash {
                    return Err(fail(ChainBreak::Link { seq: e.seq }));
                }
            }
            None if e.seq == 1 && e.prev_hash != chain::GENESIS => {
                return Err(fail(ChainBreak::Link { seq: e.seq }));
            }
            None if e.seq < 1 => {
                return Err(fail(ChainBreak::Gap {
                    seq: e.seq,
                    expected: 1,
                }));
            }
            None => {}
        }
        let at = DateTime::parse_from_rfc3339(&e.at)
            .map_err(|_| ProofError::Time {
                event: e.describe(),
                at: e.at.clone(),
            })?
            .with_timezone(&Utc);
        let fields = ChainedFields {
            zone_id: e.zone_id,
            seq: e.seq,
            at,
            subject_type: &e.subject_type,
            subject_id: e.subject_id,
            kind: &e.kind,
            actor_id: e.actor_id,
            data: &e.data,
            commitment: &e.commitment,
            prev_hash: &e.prev_hash,
        };
        if chain::event_hash(&fields) != e.hash {
            return Err(fail(ChainBreak::Content { seq: e.seq }));
        }
        let own = e.is_of(&p.item);
        if own {
            item_events += 1;
        }
        match &e.personal {
            Some(x) => {
                if chain::commitment(&x.salt, &x.payload) != e.commitment {
                    return Err(fail(ChainBreak::Personal { seq: e.seq }));
                }
                payloads += 1;
            }
            // An event without personal words commits to the empty payload; anything else was
            // erased on request (or, for other subjects, never part of this file).
            None if own && e.commitment != chain::empty_commitment() => erased += 1,
            None => {}
        }
        prev = Some(e);
    }
    let last = prev.expect("at least one event");
    if last.seq != p.head.seq || last.hash != p.head.hash {
        return Err(ProofError::Head {
            event: last.describe(),
            head_seq: p.head.seq,
            head: p.head.hash.clone(),
        });
    }
    Ok(Verified {
        zone: p.zone.code.clone(),
        reference: p.item.reference.clone(),
        events: p.events.len(),
        item_events,
        payloads,
        erased,
        head_seq: p.head.seq,
        head: p.head.hash.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A zone chain of `n` events where events 3, 5 and 6 belong to item 9 (the others to item
    /// 8); the proof covers item 9 from event 3 to the head.
    fn proof(n: i64) -> Proof {
        built(n, &[3, 5, 6], chain::GENESIS)
    }

    /// A chain of `n` events starting from `genesis`; the events in `own` are item 9's, and the
    /// proof starts at the first of them.
    fn built(n: i64, own: &[i64], genesis: &str) -> Proof {
        let mut prev = genesis.to_string();
        let mut all = vec![];
        for seq in 1..=n {
            let item = if own.contains(&seq) { 9 } else { 8 };
            let data = if seq == own[0] {
                "{\"reference\":\"ALFA-2026-0002\",\"status\":\"draft\"}".to_string()
            } else {
                format!("{{\"n\":{seq}}}")
            };
            let salt = chain::new_salt();
            let payload = format!("{{\"text\":\"woorden {seq}\"}}");
            let mut e = ProofEvent {
                zone_id: 2,
                seq,
                at: canonical_at(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, seq as u32).unwrap()),
                subject_type: "item".into(),
                subject_id: item,
                kind: if seq == own[0] {
                    "created"
                } else {
                    "reaction-added"
                }
                .into(),
                actor_id: if seq == 4 { None } else { Some(5) },
                data,
                commitment: chain::commitment(&salt, &payload),
                prev_hash: prev.clone(),
                hash: String::new(),
                personal: (item == 9).then_some(ProofPersonal { salt, payload }),
            };
            let at = DateTime::parse_from_rfc3339(&e.at)
                .unwrap()
                .with_timezone(&Utc);
            e.hash = chain::event_hash(&ChainedFields {
                zone_id: e.zone_id,
                seq: e.seq,
                at,
                subject_type: &e.subject_type,
                subject_id: e.subject_id,
                kind: &e.kind,
                actor_id: e.actor_id,
                data: &e.data,
                commitment: &e.commitment,
                prev_hash: &e.prev_hash,
            });
            prev = e.hash.clone();
            all.push(e);
        }
        let events: Vec<ProofEvent> = all.into_iter().skip(own[0] as usize - 1).collect();
        Proof {
            format: FORMAT.into(),
            hashing: HASHING.into(),
            zone: ProofZone {
                id: 2,
                code: "ALFA".into(),
            },
            item: ProofItem {
                id: 9,
                reference: "ALFA-2026-0002".into(),
            },
            head: ProofHead { seq: n, hash: prev },
            events,
        }
    }

    fn chain_seq(r: Result<Verified, ProofError>) -> Option<i64> {
        r.err().and_then(|e| e.seq())
    }

    #[test]
    fn an_intact_proof_verifies_and_survives_a_round_trip() {
        let p = proof(7);
        let v = verify(&p).unwrap();
        assert_eq!(
            (v.events, v.item_events, v.payloads, v.erased),
            (5, 3, 3, 0)
        );
        let text = serde_json::to_string_pretty(&p).unwrap();
        assert_eq!(verify_text(&text).unwrap(), v);
    }

    #[test]
    fn changed_data_is_found_at_its_event() {
        let mut p = proof(7);
        p.events[1].data = "{\"n\":5}".into();
        let e = verify(&p).unwrap_err();
        assert_eq!(e.seq(), Some(4));
        assert!(
            e.to_string()
                .starts_with("event 4 (item 8, reaction-added)"),
            "{e}"
        );
    }

    #[test]
    fn a_changed_hash_is_found() {
        let mut p = proof(7);
        p.events[2].hash.replace_range(0..1, "x");
        assert_eq!(chain_seq(verify(&p)), Some(5));
        // The last one: its content no longer matches.
        let mut p = proof(7);
        let last = p.events.len() - 1;
        p.events[last].hash.replace_range(0..1, "x");
        assert_eq!(chain_seq(verify(&p)), Some(7));
    }

    #[test]
    fn a_changed_payload_is_found_and_an_erased_one_is_allowed() {
        let mut p = proof(7);
        p.events[3].personal.as_mut().unwrap().payload = "{\"text\":\"andere\"}".into();
        assert!(matches!(
            verify(&p),
            Err(ProofError::Chain {
                why: ChainBreak::Personal { seq: 6 },
                ..
            })
        ));
        let mut p = proof(7);
        p.events[3].personal = None;
        let v = verify(&p).unwrap();
        assert_eq!((v.payloads, v.erased), (2, 1));
    }

    #[test]
    fn a_missing_or_reordered_event_is_found() {
        let mut p = proof(7);
        p.events.remove(2);
        assert!(matches!(
            verify(&p),
            Err(ProofError::Chain {
                why: ChainBreak::Gap {
                    seq: 6,
                    expected: 5
                },
                ..
            })
        ));
        let mut p = proof(7);
        p.events.swap(1, 2);
        assert!(verify(&p).is_err());
    }

    #[test]
    fn the_head_must_match() {
        let mut p = proof(7);
        p.head.seq = 8;
        assert!(matches!(verify(&p), Err(ProofError::Head { .. })));
        let mut p = proof(7);
        p.events.pop();
        assert!(matches!(verify(&p), Err(ProofError::Head { .. })));
    }

    #[test]
    fn the_segment_starts_at_the_item_with_its_reference() {
        let mut p = proof(7);
        p.item.reference = "ALFA-2026-0001".into();
        assert!(matches!(verify(&p), Err(ProofError::Reference { .. })));
        let mut p = proof(7);
        p.item.id = 8;
        assert!(matches!(verify(&p), Err(ProofError::Start { .. })));
        let mut p = proof(7);
        p.format = "burgerstem-proof/0".into();
        assert!(matches!(verify(&p), Err(ProofError::Format(_))));
        let mut p = proof(7);
        p.events.clear();
        assert_eq!(verify(&p), Err(ProofError::Empty));
        assert!(matches!(
            verify_text("{\"format\": 1"),
            Err(ProofError::Unreadable(_))
        ));
    }

    #[test]
    fn another_zones_event_or_a_changed_time_is_refused() {
        let mut p = proof(7);
        p.events[2].zone_id = 3;
        assert!(matches!(verify(&p), Err(ProofError::Zone { .. })));
        let mut p = proof(7);
        p.events[2].at = "2026-03-02T08:00:06.000000Z".into();
        assert_eq!(chain_seq(verify(&p)), Some(5));
        let mut p = proof(7);
        p.events[2].at = "gisteren".into();
        assert!(matches!(verify(&p), Err(ProofError::Time { .. })));
    }

    #[test]
    fn a_proof_from_the_start_of_the_chain_checks_the_genesis_link() {
        assert!(verify(&built(3, &[1, 3], chain::GENESIS)).is_ok());
        // Hashes that are consistent among themselves, but do not start at the genesis.
        let p = built(3, &[1, 3], &"1".repeat(64));
        assert_eq!(chain_seq(verify(&p)), Some(1));
        // Later in the chain, the first link cannot be checked from the file alone.
        assert!(verify(&built(4, &[2, 4], &"1".repeat(64))).is_ok());
    }
}
