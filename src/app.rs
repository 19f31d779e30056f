//! The state every request and command shares.

use crate::db::Db;
use crate::domain::clock::Clock;
use crate::secrets::Passwords;
use crate::settings::Settings;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Login throttles: per account (whether or not it exists) and per client address.
pub struct Limits {
    pub login_per_account: DefaultKeyedRateLimiter<String>,
    pub login_per_client: DefaultKeyedRateLimiter<String>,
}

impl Limits {
    pub fn new() -> Limits {
        let n = |v: u32| NonZeroU32::new(v).expect("non-zero");
        Limits {
            login_per_account: RateLimiter::keyed(Quota::per_minute(n(5)).allow_burst(n(10))),
            login_per_client: RateLimiter::keyed(Quota::per_minute(n(30)).allow_burst(n(30))),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    pub passwords: Passwords,
    pub limits: Arc<Limits>,
}

impl App {
    pub fn new(db: Db, clock: Clock, settings: Settings) -> App {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        App {
            db,
            clock,
            settings: Arc::new(settings),
            passwords: Passwords::new(cores),
            limits: Arc::new(Limits::new()),
        }
    }
}
