//! The hash chain that makes a zone's history verifiable.
//!
//! Each event stores `hash = SHA-256(canonical content)`, and the canonical content includes the
//! previous event's hash. Personal data is not hashed directly: the chain holds a salted
//! commitment `SHA-256(salt || payload)`, so the payload can later be erased (GDPR) while the
//! chain still verifies.

use chrono::{DateTime, SecondsFormat, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The `prev_hash` of a zone's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an event that the chain covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedFields<'a> {
    pub zone_id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub subject_type: &'a str,
    pub subject_id: i64,
    pub kind: &'a str,
    pub actor_id: Option<i64>,
    pub data: &'a str,
    pub commitment: &'a str,
    pub prev_hash: &'a str,
}

/// Timestamps are kept to the microsecond: PostgreSQL stores no more, and the hash of a timestamp
/// must survive a round trip through either engine.
pub fn truncate_to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    let micros = at.timestamp_micros();
    DateTime::from_timestamp_micros(micros).expect("timestamp in range")
}

fn put(hasher: &mut Sha256, field: &str) {
    // Length-prefixing every field makes the encoding unambiguous.
    hasher.update((field.len() as u64).to_be_bytes());
    hasher.update(field.as_bytes());
}

/// SHA-256 over the canonical encoding of the fields, as lowercase hex.
pub fn event_hash(f: &ChainedFields<'_>) -> String {
    let mut h = Sha256::new();
    put(&mut h, "burgerstem-event-v1");
    put(&mut h, &f.zone_id.to_string());
    put(&mut h, &f.seq.to_string());
    put(
        &mut h,
        &truncate_to_micros(f.at).to_rfc3339_opts(SecondsFormat::Micros, true),
    );
    put(&mut h, f.subject_type);
    put(&mut h, &f.subject_id.to_string());
    put(&mut h, f.kind);
    put(
        &mut h,
        &f.actor_id.map(|a| a.to_string()).unwrap_or_default(),
    );
    put(&mut h, f.data);
    put(&mut h, f.commitment);
    put(&mut h, f.prev_hash);
    hex::encode(h.finalize())
}

/// A fresh random salt for a commitment, as hex.
pub fn new_salt() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The commitment to a personal payload.
pub fn commitment(salt: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    put(&mut h, "burgerstem-personal-v1");
    put(&mut h, salt);
    put(&mut h, payload);
    hex::encode(h.finalize())
}

/// The commitment used when an event carries no personal payload.
pub fn empty_commitment() -> String {
    commitment("", "")
}

/// One stored event as `verify` reads it back.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub zone_id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub subject_type: String,
    pub subject_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub data: String,
    pub commitment: String,
    pub prev_hash: String,
    pub hash: String,
    /// (salt, payload) when the personal payload is still held.
    pub personal: Option<(String, String)>,
}

impl StoredEvent {
    pub fn fields(&self) -> ChainedFields<'_> {
        ChainedFields {
            zone_id: self.zone_id,
            seq: self.seq,
            at: self.at,
            subject_type: &self.subject_type,
            subject_id: self.subject_id,
            kind: &self.kind,
            actor_id: self.actor_id,
            data: &self.data,
            commitment: &self.commitment,
            prev_hash: &self.prev_hash,
        }
    }
}

/// Why a chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error(
        "event {seq}: expected sequence number {expected} (an event is missing or out of order)"
    )]
    Gap { seq: i64, expected: i64 },
    #[error("event {seq}: prev_hash does not match the hash of the event before it")]
    Link { seq: i64 },
    #[error("event {seq}: stored hash does not match its content (the row was changed)")]
    Content { seq: i64 },
    #[error("event {seq}: personal payload does not match its commitment")]
    Personal { seq: i64 },
    #[error(
        "zone head says {head_seq} events ending in {head}, but the chain ends at event {last_seq}"
    )]
    Head {
        head_seq: i64,
        head: String,
        last_seq: i64,
    },
}

impl ChainBreak {
    /// The sequence number of the first broken event.
    pub fn seq(&self) -> i64 {
        match self {
            ChainBreak::Gap { seq, .. }
            | ChainBreak::Link { seq }
            | ChainBreak::Content { seq }
            | ChainBreak::Personal { seq } => *seq,
            ChainBreak::Head { last_seq, .. } => last_seq + 1,
        }
    }
}

/// Incremental verifier: feed a zone's events in `seq` order, then call `finish` with the head
/// recorded on the zone.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            checked: 0,
        }
    }

    pub fn push(&mut self, e: &StoredEvent) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak::Gap {
                seq: e.seq,
                expected: self.expected_seq,
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak::Link { seq: e.seq });
        }
        if event_hash(&e.fields()) != e.hash {
            return Err(ChainBreak::Content { seq: e.seq });
        }
        if let Some((salt, payload)) = &e.personal {
            if commitment(salt, payload) != e.commitment {
                return Err(ChainBreak::Personal { seq: e.seq });
            }
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&e.hash);
        self.checked += 1;
        Ok(())
    }

    pub fn finish(self, head_seq: i64, head: &str) -> Result<u64, ChainBreak> {
        let last_seq = self.expected_seq - 1;
        if head_seq != last_seq || head != self.prev_hash {
            return Err(ChainBreak::Head {
                head_seq,
                head: head.to_string(),
                last_seq,
            });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<StoredEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let salt = new_salt();
                let payload = format!("{{\"text\":\"woord {seq}\"}}");
                let mut e = StoredEvent {
                    zone_id: 3,
                    seq,
                    at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, seq as u32).unwrap(),
                    subject_type: "item".into(),
                    subject_id: 9,
                    kind: "submitted".into(),
                    actor_id: Some(4),
                    data: "{}".into(),
                    commitment: commitment(&salt, &payload),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                    personal: Some((salt, payload)),
                };
                e.hash = event_hash(&e.fields());
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn run(events: &[StoredEvent], head_seq: i64, head: &str) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::new();
        for e in events {
            v.push(e)?;
        }
        v.finish(head_seq, head)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(run(&c, 5, &c[4].hash), Ok(5));
    }

    #[test]
    fn changed_content_is_found() {
        let mut c = chain(5);
        c[2].data = "{\"x\":1}".into();
        assert_eq!(
            run(&c, 5, &c[4].hash.clone()),
            Err(ChainBreak::Content { seq: 3 })
        );
    }

    #[test]
    fn changed_time_is_found() {
        let mut c = chain(3);
        c[1].at += chrono::Duration::seconds(1);
        assert_eq!(
            run(&c, 3, &c[2].hash.clone()),
            Err(ChainBreak::Content { seq: 2 })
        );
    }

    #[test]
    fn deleted_event_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            run(&c, 5, &c[3].hash.clone()),
            Err(ChainBreak::Gap {
                seq: 3,
                expected: 2
            })
        );
    }

    #[test]
    fn deleted_last_event_is_found_by_the_head() {
        let c = chain(5);
        let head = c[4].hash.clone();
        assert!(matches!(
            run(&c[..4], 5, &head),
            Err(ChainBreak::Head { .. })
        ));
    }

    #[test]
    fn swapped_events_are_found() {
        let mut c = chain(4);
        c.swap(1, 2);
        assert!(run(&c, 4, &c[3].hash.clone()).is_err());
        // Swapping the sequence numbers too still breaks the links.
        let mut c = chain(4);
        let (a, b) = (c[1].seq, c[2].seq);
        c[1].seq = b;
        c[2].seq = a;
        c.swap(1, 2);
        assert!(matches!(
            run(&c, 4, &c[3].hash.clone()),
            Err(ChainBreak::Link { .. } | ChainBreak::Content { .. })
        ));
    }

    #[test]
    fn erased_payload_still_verifies_but_changed_payload_does_not() {
        let mut c = chain(3);
        c[1].personal = None;
        assert_eq!(run(&c, 3, &c[2].hash.clone()), Ok(3));
        let mut c = chain(3);
        c[1].personal.as_mut().unwrap().1 = "{\"text\":\"andere woorden\"}".into();
        assert_eq!(
            run(&c, 3, &c[2].hash.clone()),
            Err(ChainBreak::Personal { seq: 2 })
        );
    }

    #[test]
    fn truncation_keeps_micros() {
        let t = Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(truncate_to_micros(t).timestamp_subsec_nanos(), 123_456_000);
    }
}
