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

fn put(buf: &mut Vec<u8>, field: &[u8]) {
    // Length-prefixing every field makes the encoding unambiguous.
    buf.extend_from_slice(&(field.len() as u64).to_be_bytes());
    buf.extend_from_slice(field);
}

fn put_int(buf: &mut Vec<u8>, n: i64) {
    put(buf, itoa::Buffer::new().format(n).as_bytes());
}

/// SHA-256 over the fields `encode` lays out. The encoding is laid out in one buffer and hashed
/// in one call: fed field by field, the hasher copied every small piece into its block buffer
/// first, which cost more than the hashing (`verify`'s profile).
fn hash_encoded(encode: impl FnOnce(&mut Vec<u8>)) -> [u8; 32] {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        encode(buf);
        Sha256::digest(buf.as_slice()).into()
    })
}

/// The length of an event time in the hashed form, `2026-01-02T03:04:05.000000Z`.
pub const AT_LEN: usize = 27;

/// An event time in the form the hash covers (RFC 3339, microseconds, `Z`).
pub fn at_text(at: DateTime<Utc>) -> String {
    truncate_to_micros(at).to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The hashed form of a time as SQLite stores it (`2026-01-02T03:04:05.123+00:00`, the fraction
/// 0 to 9 digits), without parsing it into a date first: `verify` reads millions of them. Any
/// other form goes the long way, through chrono; `None` if it is not a time at all.
pub fn at_text_of_stored(stored: &str) -> Option<[u8; AT_LEN]> {
    let b = stored.as_bytes();
    let rest = b.get(19..)?;
    let (fraction, tail) = match rest.first() {
        Some(b'.') => {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            (&rest[1..1 + digits], &rest[1 + digits..])
        }
        _ => (&rest[..0], rest),
    };
    let shape_ok = b[..19].iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        10 => *c == b'T',
        13 | 16 => *c == b':',
        _ => c.is_ascii_digit(),
    });
    let fast = shape_ok && matches!(tail, b"+00:00" | b"Z") && fraction.len() <= 9 && {
        // Only what chrono would accept as a real time may take the short cut.
        let n = |r: std::ops::Range<usize>| -> u32 {
            b[r].iter().fold(0, |a, c| a * 10 + u32::from(c - b'0'))
        };
        let (year, month, day) = (n(0..4), n(5..7), n(8..10));
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (1..=12).contains(&month)
            && (1..=days).contains(&day)
            && n(11..13) < 24
            && n(14..16) < 60
            && n(17..19) < 60
    };
    let mut out = [b'0'; AT_LEN];
    if fast {
        out[..19].copy_from_slice(&b[..19]);
        out[19] = b'.';
        let kept = fraction.len().min(6);
        out[20..20 + kept].copy_from_slice(&fraction[..kept]);
        out[26] = b'Z';
    } else {
        let at = DateTime::parse_from_rfc3339(stored)
            .ok()?
            .with_timezone(&Utc);
        let text = at_text(at);
        out.copy_from_slice(text.as_bytes().get(..AT_LEN)?);
    }
    Some(out)
}

/// An event's chained fields as borrowed text, its time already in the hashed form.
#[derive(Debug, Clone, Copy)]
pub struct EventRef<'a> {
    pub zone_id: i64,
    pub seq: i64,
    pub at: &'a [u8],
    pub subject_type: &'a [u8],
    pub subject_id: i64,
    pub kind: &'a [u8],
    pub actor_id: Option<i64>,
    pub data: &'a [u8],
    pub commitment: &'a [u8],
    pub prev_hash: &'a [u8],
}

/// SHA-256 over the canonical encoding of an event.
pub fn digest(e: &EventRef<'_>) -> [u8; 32] {
    hash_encoded(|buf| {
        put(buf, b"burgerstem-event-v1");
        put_int(buf, e.zone_id);
        put_int(buf, e.seq);
        put(buf, e.at);
        put(buf, e.subject_type);
        put_int(buf, e.subject_id);
        put(buf, e.kind);
        match e.actor_id {
            Some(a) => put_int(buf, a),
            None => put(buf, b""),
        }
        put(buf, e.data);
        put(buf, e.commitment);
        put(buf, e.prev_hash);
    })
}

fn hex_eq(digest: &[u8; 32], stored_hex: &[u8]) -> bool {
    let mut buf = [0u8; 64];
    hex::encode_to_slice(digest, &mut buf).is_ok() && buf.as_slice() == stored_hex
}

/// The checks of one event that need no other event: its stored hash matches its content, and
/// a personal payload still held matches its commitment.
pub fn check_content(
    e: &EventRef<'_>,
    stored_hash: &[u8],
    personal: Option<(&[u8], &[u8])>,
) -> Result<(), ChainBreak> {
    if !hex_eq(&digest(e), stored_hash) {
        return Err(ChainBreak::Content { seq: e.seq });
    }
    if let Some((salt, payload)) = personal {
        if !hex_eq(&commitment_digest(salt, payload), e.commitment) {
            return Err(ChainBreak::Personal { seq: e.seq });
        }
    }
    Ok(())
}

/// SHA-256 over the canonical encoding of the fields, as lowercase hex.
pub fn event_hash(f: &ChainedFields<'_>) -> String {
    let at = at_text(f.at);
    hex::encode(digest(&f.with_at(&at)))
}

impl<'a> ChainedFields<'a> {
    /// The fields as the hash reads them, with `at` already in the hashed form (`at_text`).
    fn with_at(&self, at: &'a str) -> EventRef<'a> {
        EventRef {
            zone_id: self.zone_id,
            seq: self.seq,
            at: at.as_bytes(),
            subject_type: self.subject_type.as_bytes(),
            subject_id: self.subject_id,
            kind: self.kind.as_bytes(),
            actor_id: self.actor_id,
            data: self.data.as_bytes(),
            commitment: self.commitment.as_bytes(),
            prev_hash: self.prev_hash.as_bytes(),
        }
    }
}

/// A fresh random salt for a commitment, as hex.
pub fn new_salt() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The commitment to a personal payload.
pub fn commitment(salt: &str, payload: &str) -> String {
    hex::encode(commitment_digest(salt.as_bytes(), payload.as_bytes()))
}

fn commitment_digest(salt: &[u8], payload: &[u8]) -> [u8; 32] {
    hash_encoded(|buf| {
        put(buf, b"burgerstem-personal-v1");
        put(buf, salt);
        put(buf, payload);
    })
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

/// The outcome of verifying every zone.
#[derive(Debug)]
pub enum Verification {
    Ok {
        zones: u64,
        events: u64,
    },
    Broken {
        zone: String,
        seq: i64,
        why: ChainBreak,
    },
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
        let at = at_text(e.at);
        check_content(
            &e.fields().with_at(&at),
            e.hash.as_bytes(),
            e.personal
                .as_ref()
                .map(|(salt, payload)| (salt.as_bytes(), payload.as_bytes())),
        )?;
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

    /// An event written by an earlier version (the benchmark database): the encoding must never
    /// change, or every stored chain stops verifying.
    #[test]
    fn hash_and_commitment_of_a_stored_event_are_stable() {
        let at = DateTime::parse_from_rfc3339("2016-11-06T00:35:19.963629+00:00")
            .unwrap()
            .with_timezone(&Utc);
        let f = ChainedFields {
            zone_id: 1,
            seq: 2,
            at,
            subject_type: "zone",
            subject_id: 1,
            kind: "zone-created",
            actor_id: Some(1),
            data: r#"{"code":"ZB001"}"#,
            commitment: "f960178e256c11fdcf00a993bbef249d24a80157fa553313cfdcb13d0f899434",
            prev_hash: "72ddd4a4d5e3805eb5543bf22c366112e8481a2d517efba728e43d939a5952c7",
        };
        let stored = "1d52ffb2f499212bc3317d66f24fc5f70a8aa5e2af19e5be8d3ee90f7e446b48";
        assert_eq!(event_hash(&f), stored);
        let (salt, payload) = (
            "32399a8494d449802617254c603e98cc",
            r#"{"name":"ELZ Aalst 1"}"#,
        );
        assert_eq!(commitment(salt, payload), f.commitment);
        let at_text = at_text_of_stored("2016-11-06T00:35:19.963629+00:00").unwrap();
        let e = EventRef {
            zone_id: 1,
            seq: 2,
            at: &at_text,
            subject_type: b"zone",
            subject_id: 1,
            kind: b"zone-created",
            actor_id: Some(1),
            data: f.data.as_bytes(),
            commitment: f.commitment.as_bytes(),
            prev_hash: f.prev_hash.as_bytes(),
        };
        let personal = Some((salt.as_bytes(), payload.as_bytes()));
        assert_eq!(check_content(&e, stored.as_bytes(), personal), Ok(()));
        assert_eq!(
            check_content(&e, &stored.replace('1', "2").into_bytes(), personal),
            Err(ChainBreak::Content { seq: 2 })
        );
        assert_eq!(
            check_content(&e, stored.as_bytes(), Some((salt.as_bytes(), b"{}"))),
            Err(ChainBreak::Personal { seq: 2 })
        );
    }

    /// The short cut for stored times gives exactly what parsing and formatting would.
    #[test]
    fn stored_times_take_the_short_cut_to_the_same_text() {
        for stored in [
            "2016-11-06T00:35:19.963629+00:00",
            "2016-10-30T12:30:00+00:00",
            "2024-02-29T23:59:59.5+00:00",
            "2023-12-31T01:02:03.123+00:00",
            "2023-12-31T01:02:03.123456789+00:00",
            "2023-12-31T01:02:03Z",
            "2023-12-31T01:02:03.1+02:00",
            "2023-04-30T10:00:00-05:30",
        ] {
            let slow = at_text(
                DateTime::parse_from_rfc3339(stored)
                    .unwrap()
                    .with_timezone(&Utc),
            );
            let fast = at_text_of_stored(stored).unwrap();
            assert_eq!(std::str::from_utf8(&fast).unwrap(), slow, "{stored}");
        }
        for not_a_time in [
            "",
            "2023-02-29T00:00:00+00:00",
            "2023-04-31T00:00:00+00:00",
            "2023-13-01T00:00:00+00:00",
            "2023-01-01T24:00:00+00:00",
            "2023-01-01 00:00:00",
            "yesterday",
        ] {
            assert_eq!(at_text_of_stored(not_a_time), None, "{not_a_time}");
        }
    }
}
