//! Settings read from Rocket's figment (Rocket.toml, `ROCKET_*` environment variables).

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `sqlite://data/burgerstem.db` (the default) or a `postgres://` URL.
    pub database_url: String,
    /// Where the SQLite file, the generated secret key and the mail outbox live.
    pub data_dir: PathBuf,
    /// The address people use to reach this server; links in invitations start with it.
    pub public_url: String,
    /// Set when a TLS proxy sits in front: cookies get `Secure` and responses carry HSTS.
    pub behind_tls: bool,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub api_token_days: i64,
    pub invitation_days: i64,
    pub static_dir: PathBuf,
    /// How often the deadline keeper looks for passed deadlines (seconds).
    pub deadline_interval_seconds: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: "sqlite://data/burgerstem.db".into(),
            data_dir: "data".into(),
            public_url: "http://127.0.0.1:8000".into(),
            behind_tls: false,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            api_token_days: 30,
            invitation_days: 14,
            static_dir: "static".into(),
            deadline_interval_seconds: 60,
        }
    }
}

impl Settings {
    pub fn from_figment(figment: &rocket::figment::Figment) -> Result<Settings, String> {
        figment
            .extract::<Settings>()
            .map_err(|e| format!("configuration: {e}"))
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.public_url.trim_end_matches('/'), path)
    }
}
