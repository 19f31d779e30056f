//! Random tokens, their stored hashes, password hashing, and the key that signs checkpoints.

use crate::domain::signed_note::{self, NoteKey};
use crate::settings::Settings;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// A random 256-bit token, hex encoded, for links, sessions and API tokens.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Only this is stored: a leaked database does not hand out live links or sessions.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn argon2() -> Argon2<'static> {
    // argon2id, m=19456 KiB, t=2, p=1: OWASP's recommended minimum.
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Password hashing off the async workers, with a cap on how many run at once so a burst of
/// logins cannot exhaust memory (each hash takes 19 MiB).
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl Passwords {
    pub fn new(max_parallel: usize) -> Passwords {
        let salt = SaltString::generate(&mut OsRng);
        let dummy = argon2()
            .hash_password(b"burgerstem-dummy-password", &salt)
            .expect("hash")
            .to_string();
        Passwords {
            permits: Arc::new(Semaphore::new(max_parallel.max(1))),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        let password = password.to_string();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Checks a password. With no stored hash (unknown account) it still does the work, so the
    /// answer takes as long either way and does not tell which emails exist.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let known = stored.is_some();
        let stored = stored
            .map(str::to_string)
            .unwrap_or_else(|| (*self.dummy).clone());
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&stored)
                .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        ok && known
    }
}

/// The name the installation signs with and puts in each checkpoint's origin.
pub fn installation_name(s: &Settings) -> String {
    if let Some(n) = s.checkpoint_name.as_deref().map(str::trim) {
        if !n.is_empty() {
            return n.to_string();
        }
    }
    s.public_url
        .as_deref()
        .map(|u| {
            u.trim()
                .trim_start_matches("https://")
                .trim_start_matches("http://")
        })
        .and_then(|u| u.split('/').next())
        .filter(|h| signed_note::valid_key_name(h))
        .unwrap_or("burgerstem")
        .to_string()
}

/// The configured key, or the one in `<data_dir>/checkpoint.key` (made on first use).
pub fn load_key(s: &Settings) -> Result<NoteKey, String> {
    let name = installation_name(s);
    let hex_seed = match s.checkpoint_key.as_deref().map(str::trim) {
        Some(k) if !k.is_empty() => k.to_string(),
        _ => crate::load_or_create_key(&s.data_dir.join("checkpoint.key"))
            .map_err(|e| format!("checkpoint key: {e}"))?,
    };
    let seed: [u8; 32] = hex::decode(&hex_seed)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("configuration: checkpoint_key must be 64 hex characters (32 bytes); remove it to have one generated in data_dir")?;
    NoteKey::from_seed(&name, &seed).map_err(|e| format!("configuration: checkpoint_name: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &new_token()));
    }

    #[tokio::test]
    async fn passwords_round_trip_with_owasp_parameters() {
        let p = Passwords::new(2);
        let h = p.hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(p.verify("correct horse battery", Some(&h)).await);
        assert!(!p.verify("wrong horse battery", Some(&h)).await);
        assert!(!p.verify("burgerstem-dummy-password", None).await);
    }
}
