//! Signed checkpoints of a zone's history, in the formats transparency logs share, so that anyone
//! can check them with their own tools: the text is a C2SP checkpoint
//! (<https://c2sp.org/tlog-checkpoint>: origin, tree size, root hash, extension lines), signed as
//! a C2SP signed note (<https://c2sp.org/signed-note>) with Ed25519.
//!
//! ```text
//! burgerstem.example/zones/ALFA          origin: the installation and the zone
//! 57                                     the chain's length: events 1 to 57
//! 3q2+7w…=                               the hash of event 57 (base64 of its 32 bytes)
//! time 2026-03-02T08:00:00.000000Z       when event 57 was recorded
//!
//! — burgerstem.example Ab3x…             key id (4 bytes) and signature, base64
//! ```
//!
//! Our chain is a hash chain, not a Merkle tree: the "root hash" is the hash of the last event,
//! which commits to every event before it.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature algorithm byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// A key that signs notes: its name (the installation) and the Ed25519 key.
pub struct NoteKey {
    name: String,
    key: SigningKey,
}

/// The public half, as anyone checking a note holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    pub name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

/// A key name must be non-empty, without spaces or `+` (the verifier key's separator).
pub fn valid_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public.as_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

impl NoteKey {
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<NoteKey, String> {
        if !valid_key_name(name) {
            return Err(format!(
                "{name:?} cannot name a key: no spaces, no '+', not empty"
            ));
        }
        Ok(NoteKey {
            name: name.to_string(),
            key: SigningKey::from_bytes(seed),
        })
    }

    pub fn verifier(&self) -> VerifierKey {
        let key = self.key.verifying_key();
        VerifierKey {
            name: self.name.clone(),
            id: key_id(&self.name, &key),
            key,
        }
    }

    /// The signed note: the text (ending in a newline), a blank line, the signature line.
    pub fn sign(&self, text: &str) -> String {
        debug_assert!(text.ends_with('\n'));
        let sig = self.key.sign(text.as_bytes());
        let mut blob = self.verifier().id.to_vec();
        blob.extend_from_slice(&sig.to_bytes());
        format!("{text}\n\u{2014} {} {}\n", self.name, B64.encode(blob))
    }
}

impl VerifierKey {
    /// The verifier key in the signed-note form: `name+keyid+base64(0x01 ‖ public key)`.
    pub fn encode(&self) -> String {
        let mut k = vec![ED25519];
        k.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, hex::encode(self.id), B64.encode(k))
    }

    pub fn parse(s: &str) -> Result<VerifierKey, String> {
        let mut parts = s.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err("not a verifier key (name+id+key)".into());
        };
        let raw = B64.decode(key).map_err(|_| "the key is not base64")?;
        let [alg, rest @ ..] = raw.as_slice() else {
            return Err("empty key".into());
        };
        let bytes: [u8; 32] = rest.try_into().map_err(|_| "not an Ed25519 key")?;
        if *alg != ED25519 {
            return Err("not an Ed25519 key".into());
        }
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| "not an Ed25519 key")?;
        let v = VerifierKey {
            name: name.to_string(),
            id: key_id(name, &key),
            key,
        };
        if !valid_key_name(name) || hex::encode(v.id) != id {
            return Err("the key id does not belong to this name and key".into());
        }
        Ok(v)
    }

    /// Whether one of the note's signatures is this key's, over exactly this text.
    pub fn verifies(&self, note: &Note) -> bool {
        note.signatures.iter().any(|s| {
            s.name == self.name
                && s.id == self.id
                && ed25519_dalek::Signature::from_slice(&s.signature)
                    .is_ok_and(|sig| self.key.verify(note.text.as_bytes(), &sig).is_ok())
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    id: [u8; 4],
    signature: Vec<u8>,
}

/// A note as read: its text (with the final newline) and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub signatures: Vec<NoteSignature>,
}

/// Reads one or more signed notes, one after the other (a panel keeps them in one file, the
/// newest appended). Windows line ends are accepted; anything else out of form is refused.
pub fn parse_notes(input: &str) -> Result<Vec<Note>, String> {
    let input = input.replace("\r\n", "\n");
    let mut lines = input.split('\n').peekable();
    let mut notes = vec![];
    loop {
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        if lines.peek().is_none() {
            break;
        }
        let mut text = String::new();
        while let Some(l) = lines.next_if(|l| !l.is_empty()) {
            if l.starts_with('\u{2014}') {
                return Err("a signature line without a blank line before it".into());
            }
            text.push_str(l);
            text.push('\n');
        }
        let mut signatures = vec![];
        lines.next(); // the blank line between text and signatures
        while let Some(l) = lines.next_if(|l| l.starts_with("\u{2014} ")) {
            signatures.push(parse_signature(l)?);
        }
        if signatures.is_empty() {
            return Err(format!(
                "no signature after {:?}",
                text.lines().next().unwrap_or("")
            ));
        }
        notes.push(Note { text, signatures });
    }
    if notes.is_empty() {
        return Err("no checkpoint in it".into());
    }
    Ok(notes)
}

fn parse_signature(line: &str) -> Result<NoteSignature, String> {
    let rest = &line["\u{2014} ".len()..];
    let (name, blob) = rest
        .split_once(' ')
        .ok_or_else(|| format!("signature line {line:?} has no key name"))?;
    let raw = B64
        .decode(blob.trim())
        .map_err(|_| format!("signature of {name:?} is not base64"))?;
    if raw.len() < 5 {
        return Err(format!("signature of {name:?} is too short"));
    }
    Ok(NoteSignature {
        name: name.to_string(),
        id: [raw[0], raw[1], raw[2], raw[3]],
        signature: raw[4..].to_vec(),
    })
}

/// What a checkpoint states: the zone's history up to event `seq` ends in `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// `<installation>/zones/<code>`.
    pub origin: String,
    pub seq: i64,
    /// The hash of event `seq`, lowercase hex as the chain stores it.
    pub hash: String,
    /// When event `seq` was recorded (RFC 3339, UTC), when the checkpoint says.
    pub at: Option<String>,
}

impl Checkpoint {
    pub fn text(&self) -> String {
        let hash = hex::decode(&self.hash).unwrap_or_default();
        let mut t = format!("{}\n{}\n{}\n", self.origin, self.seq, B64.encode(hash));
        if let Some(at) = &self.at {
            t.push_str(&format!("time {at}\n"));
        }
        t
    }

    pub fn parse(text: &str) -> Result<Checkpoint, String> {
        let mut lines = text.lines();
        let origin = lines.next().filter(|l| !l.is_empty()).ok_or("no origin")?;
        let seq: i64 = lines
            .next()
            .and_then(|l| l.parse().ok())
            .filter(|n| *n >= 0)
            .ok_or("the second line is not a number of events")?;
        let hash = lines
            .next()
            .and_then(|l| B64.decode(l).ok())
            .filter(|h| h.len() == 32)
            .ok_or("the third line is not a hash")?;
        let at = lines
            .find_map(|l| l.strip_prefix("time "))
            .map(str::to_string);
        Ok(Checkpoint {
            origin: origin.to_string(),
            seq,
            hash: hex::encode(hash),
            at,
        })
    }

    /// The zone's code, when the origin is this installation's.
    pub fn zone_code<'a>(&'a self, installation: &str) -> Option<&'a str> {
        self.origin
            .strip_prefix(installation)?
            .strip_prefix("/zones/")
            .filter(|c| !c.is_empty() && !c.contains('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> NoteKey {
        NoteKey::from_seed("zorg.example", &[7u8; 32]).unwrap()
    }

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: "zorg.example/zones/ALFA".into(),
            seq: 57,
            hash: hex::encode([0xab; 32]),
            at: Some("2026-03-02T08:00:00.000000Z".into()),
        }
    }

    #[test]
    fn a_signed_checkpoint_reads_back_and_verifies() {
        let k = key();
        let note = k.sign(&checkpoint().text());
        assert!(note.contains("\n\n\u{2014} zorg.example "));
        let notes = parse_notes(&note).unwrap();
        assert_eq!(notes.len(), 1);
        assert!(k.verifier().verifies(&notes[0]));
        assert_eq!(Checkpoint::parse(&notes[0].text).unwrap(), checkpoint());
        assert_eq!(checkpoint().zone_code("zorg.example"), Some("ALFA"));
        assert_eq!(checkpoint().zone_code("other.example"), None);
        // The verifier key travels as text and comes back the same.
        let v = VerifierKey::parse(&k.verifier().encode()).unwrap();
        assert_eq!(v, k.verifier());
    }

    #[test]
    fn an_edited_or_foreign_note_does_not_verify() {
        let k = key();
        let note = k.sign(&checkpoint().text());
        let edited = note.replace("\n57\n", "\n58\n");
        assert!(!k.verifier().verifies(&parse_notes(&edited).unwrap()[0]));
        let other = NoteKey::from_seed("zorg.example", &[8u8; 32]).unwrap();
        let forged = other.sign(&checkpoint().text());
        assert!(!k.verifier().verifies(&parse_notes(&forged).unwrap()[0]));
        assert!(
            parse_notes("zorg.example/zones/ALFA\n57\n").is_err(),
            "unsigned"
        );
        assert!(parse_notes("").is_err());
    }

    #[test]
    fn several_notes_in_one_file_with_windows_line_ends() {
        let k = key();
        let mut c = checkpoint();
        let mut file = k.sign(&c.text());
        c.seq = 60;
        file.push_str(&k.sign(&c.text()).replace('\n', "\r\n"));
        let notes = parse_notes(&file).unwrap();
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().all(|n| k.verifier().verifies(n)));
    }

    #[test]
    fn the_key_id_follows_the_signed_note_rule() {
        // SHA-256("zorg.example\n\x01" ‖ public key), first four bytes: independent of our code.
        let k = key();
        let v = k.verifier();
        let mut h = Sha256::new();
        h.update(b"zorg.example\n\x01");
        h.update(v.key.as_bytes());
        assert_eq!(v.id, h.finalize()[..4]);
        assert!(!valid_key_name("zorg example") && !valid_key_name("a+b"));
    }

    #[test]
    fn verifies_the_example_of_the_go_note_package() {
        // From golang.org/x/mod/sumdb/note's documentation: another implementation's note.
        let v = VerifierKey::parse(
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        )
        .unwrap();
        let note = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
        let notes = parse_notes(note).unwrap();
        assert!(v.verifies(&notes[0]));
        let seed = B64
            .decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
            .unwrap();
        let k = NoteKey::from_seed("PeterNeumann", seed[1..].try_into().unwrap()).unwrap();
        assert_eq!(k.verifier(), v);
        assert_eq!(
            k.sign(&notes[0].text),
            note,
            "Ed25519 signs deterministically"
        );
    }
}
