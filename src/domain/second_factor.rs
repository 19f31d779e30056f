//! The second factor: time-based one-time codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, the
//! parameters every authenticator app accepts) and one-time recovery codes.

use rand::RngCore;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: i64 = 30;
/// Recovery codes given at enrolment; each works once.
pub const RECOVERY_CODES: usize = 10;

/// A new random secret of 160 bits (RFC 4226's recommendation), base32 as apps expect it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
    }
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS as u64, bytes).ok()
}

/// The code for a moment (for tests and the enrolment page's check).
pub fn code_at(secret: &str, unix_seconds: i64) -> Option<String> {
    Some(totp(secret)?.generate(unix_seconds.max(0) as u64))
}

/// The time step a code belongs to, accepting one step of clock drift either way; `None` when the
/// code is wrong. The caller refuses a step it has seen before, so a code works once.
pub fn matching_step(secret: &str, code: &str, unix_seconds: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret)?;
    let now_step = unix_seconds.div_euclid(STEP_SECONDS);
    (now_step - 1..=now_step + 1).find(|step| {
        let expected = t.generate((step * STEP_SECONDS).max(0) as u64);
        bool::from(expected.as_bytes().ct_eq(code.as_bytes()))
    })
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, issuer: &str, account: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// The secret in groups of four, easier to type by hand than one long string.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// New recovery codes, as shown once to the person ("abcde-fghjk").
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| {
                    RECOVERY_ALPHABET[(rng.next_u32() as usize) % RECOVERY_ALPHABET.len()] as char
                })
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A recovery code as typed (any case, with or without the dash or spaces), normalised; `None`
/// when it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let c: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (c.len() == 10 && c.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &c[..5], &c[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082
        // (8 digits); its last six digits are the 6-digit code.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            _ => unreachable!(),
        };
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1_111_111_109).unwrap(), "081804");
    }

    #[test]
    fn a_code_matches_its_step_and_one_step_of_drift_only() {
        let s = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&s, now).unwrap();
        assert_eq!(matching_step(&s, &code, now), Some(now / 30));
        assert_eq!(matching_step(&s, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&s, &code, now + 90), None);
        assert_eq!(
            matching_step(&s, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(now / 30)
        );
        assert_eq!(matching_step(&s, "12345", now), None);
        assert_eq!(matching_step(&s, "abcdef", now), None);
    }

    #[test]
    fn recovery_codes_normalise_as_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(normalise_recovery_code(c).as_deref(), Some(c.as_str()));
        assert_eq!(
            normalise_recovery_code(&c.to_uppercase().replace('-', " ")).as_deref(),
            Some(c.as_str())
        );
        assert_eq!(normalise_recovery_code("0000-11111"), None);
    }

    #[test]
    fn the_app_address_names_issuer_and_account() {
        let u = otpauth_url("ABCD", "Burgerstem", "an@example.be");
        assert_eq!(
            u,
            "otpauth://totp/Burgerstem:an@example.be?secret=ABCD&issuer=Burgerstem&algorithm=SHA1&digits=6&period=30"
        );
    }
}
