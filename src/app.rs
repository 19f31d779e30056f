//! The state every request and command shares.

use crate::db::Db;
use crate::domain::clock::Clock;
use crate::domain::net::Network;
use crate::secrets::Passwords;
use crate::settings::Settings;
use std::sync::Arc;

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    pub passwords: Passwords,
    /// The proxies whose forwarded-address headers are believed (`trusted_proxies`).
    pub proxies: Arc<Vec<Network>>,
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
            passwords: Passwords::new(cores),
            proxies: Arc::new(
                settings
                    .trusted_proxies
                    .iter()
                    .filter_map(|p| Network::parse(p).ok())
                    .collect(),
            ),
            memo: Arc::default(),
            settings: Arc::new(settings),
        }
    }
}
