//! The state every request and command shares.

use crate::db::Db;
use crate::domain::clock::Clock;
use crate::secrets::Passwords;
use crate::settings::Settings;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Login throttles: per account (whether or not it exists) and per client address. Signal
/// throttles for the public "Breng iets in" form and its API: per client address, and a ceiling
/// per zone so that many addresses together cannot bury a zone's triagers either.
pub struct Limits {
    pub login_per_account: DefaultKeyedRateLimiter<String>,
    pub login_per_client: DefaultKeyedRateLimiter<String>,
    pub signals_per_client: DefaultKeyedRateLimiter<String>,
    pub signals_per_zone: DefaultKeyedRateLimiter<i64>,
}

impl Limits {
    pub fn new() -> Limits {
        let n = |v: u32| NonZeroU32::new(v).expect("non-zero");
        Limits {
            login_per_account: RateLimiter::keyed(Quota::per_minute(n(5)).allow_burst(n(10))),
            login_per_client: RateLimiter::keyed(Quota::per_minute(n(30)).allow_burst(n(30))),
            // A person sends one signal, perhaps a few (a family at one computer, a group on one
            // Wi-Fi): five at once, then one every 20 seconds. A script gets nowhere.
            signals_per_client: RateLimiter::keyed(Quota::per_minute(n(3)).allow_burst(n(5))),
            // A zone hears a few signals a week; thirty at once, then one a minute, is far above
            // that and still bounds what a flood from many addresses can store (about 1,500 a day).
            signals_per_zone: RateLimiter::keyed(Quota::per_hour(n(60)).allow_burst(n(30))),
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
    pub memo: Arc<crate::service::memo::Memos>,
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
            memo: Arc::default(),
        }
    }
}
