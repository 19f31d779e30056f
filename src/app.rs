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
    pub memo: Arc<crate::memo::Memos>,
    /// Where links point (`public_url`, or the address and port this server really listens on,
    /// known once it has started).
    base_url: Arc<std::sync::RwLock<String>>,
    /// The key that signs checkpoints, read on first use (most processes never sign).
    checkpoint_key: Arc<std::sync::OnceLock<Arc<crate::domain::signed_note::NoteKey>>>,
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
            base_url: Arc::new(std::sync::RwLock::new(settings.base_url(settings.port))),
            settings: Arc::new(settings),
            checkpoint_key: Arc::default(),
        }
    }

    /// The installation's checkpoint key (see [`crate::secrets::load_key`]).
    pub fn checkpoint_key(&self) -> Result<Arc<crate::domain::signed_note::NoteKey>, String> {
        if let Some(k) = self.checkpoint_key.get() {
            return Ok(k.clone());
        }
        let k = Arc::new(crate::secrets::load_key(&self.settings)?);
        Ok(self.checkpoint_key.get_or_init(|| k).clone())
    }

    /// The server listens on `port` (port 0 in the configuration means a free one): links say so,
    /// unless `public_url` names the address people use.
    pub fn listening_on(&self, port: u16) {
        let url = self.settings.base_url(port);
        *self.base_url.write().unwrap_or_else(|e| e.into_inner()) = url;
    }

    pub fn base_url(&self) -> String {
        self.base_url
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A full link to `path` on this server, for mail, printed letters and API answers.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url(), path)
    }
}
