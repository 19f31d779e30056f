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
    /// The address people use to reach this server; links in invitations start with it. When
    /// unset, the server's own address and port (fine on one machine; behind a proxy, set it).
    pub public_url: Option<String>,
    /// Rocket's own `address` and `port`, to derive links when `public_url` is unset.
    pub address: String,
    pub port: u16,
    /// Set when a TLS proxy sits in front: cookies get `Secure` and responses carry HSTS.
    pub behind_tls: bool,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub api_token_days: i64,
    pub invitation_days: i64,
    /// Folders that replace the templates and static files built into the binary.
    pub template_dir: Option<PathBuf>,
    pub static_dir: Option<PathBuf>,
    /// How often the deadline keeper looks for passed deadlines (seconds).
    pub deadline_interval_seconds: u64,
    /// SMTP server for outgoing mail; without it, mail is written to `<data_dir>/outbox/`.
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_tls: bool,
    pub smtp_timeout_seconds: u64,
    /// The sender of every mail, e.g. `Burgerstem <noreply@example.org>`.
    pub mail_from: String,
    /// Whether this process runs the mail worker (several instances may each run one).
    pub mail_worker: bool,
    /// How often the mail worker looks for mail to send (seconds).
    pub mail_interval_seconds: u64,
    /// Tries before a mail is given up as failed (shown to zone administrators).
    pub mail_max_attempts: i64,
    /// From which hour (Brussels time) the daily digest goes out.
    pub digest_hour: u32,
    /// Platform and zone administrators must set up a second factor before anything else.
    pub require_second_factor: bool,
    /// Addresses (or networks, `10.0.0.0/8`) of proxies whose `X-Forwarded-For` / `X-Real-IP`
    /// headers name the client. Empty (the default): the connection's own address counts.
    pub trusted_proxies: Vec<String>,
    /// A bearer token that opens `/metrics` from elsewhere than this machine.
    pub metrics_token: Option<String>,
    /// SQLite: a consistent copy in `<data_dir>/backups/` this often (0: never).
    pub backup_every_hours: u64,
    /// How many of those copies are kept (the oldest go first).
    pub backup_keep: usize,
    /// The Ed25519 key that signs each zone's checkpoints: 64 hex characters. Unset: one is
    /// generated on first start in `<data_dir>/checkpoint.key`. Several instances on one
    /// database must share it.
    pub checkpoint_key: Option<String>,
    /// The installation's name in checkpoints (their origin and key name). Unset: the host of
    /// `public_url`, else `burgerstem`.
    pub checkpoint_name: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: "sqlite://data/burgerstem.db".into(),
            data_dir: "data".into(),
            public_url: None,
            address: "127.0.0.1".into(),
            port: 8000,
            behind_tls: false,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            api_token_days: 30,
            invitation_days: 14,
            template_dir: None,
            static_dir: None,
            deadline_interval_seconds: 60,
            smtp_host: None,
            smtp_port: 25,
            smtp_user: None,
            smtp_password: None,
            smtp_tls: false,
            smtp_timeout_seconds: 30,
            mail_from: "Burgerstem <burgerstem@localhost>".into(),
            mail_worker: true,
            mail_interval_seconds: 15,
            mail_max_attempts: 10,
            digest_hour: 7,
            require_second_factor: true,
            trusted_proxies: vec![],
            metrics_token: None,
            backup_every_hours: 24,
            backup_keep: 7,
            checkpoint_key: None,
            checkpoint_name: None,
        }
    }
}

impl Settings {
    pub fn from_figment(figment: &rocket::figment::Figment) -> Result<Settings, String> {
        figment
            .extract::<Settings>()
            .map_err(|e| format!("configuration: {e}"))
    }

    /// Where links point: `public_url`, or else this server's own address and `port` (an
    /// address that listens everywhere, such as `0.0.0.0`, is reached on this machine as
    /// 127.0.0.1).
    pub fn base_url(&self, port: u16) -> String {
        match self
            .public_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => {
                let host = match self.address.as_str() {
                    "0.0.0.0" | "::" | "[::]" | "" => "127.0.0.1".to_string(),
                    a if a.contains(':') && !a.starts_with('[') => format!("[{a}]"),
                    a => a.to_string(),
                };
                format!("http://{host}:{port}")
            }
        }
    }

    /// A link with the configured port (see [`crate::app::App::link`] for the running server).
    /// Values that parse but cannot work, named so the operator knows what to change.
    pub fn check(&self) -> Result<(), String> {
        for p in &self.trusted_proxies {
            crate::domain::net::Network::parse(p)
                .map_err(|e| format!("configuration: trusted_proxies: {e}"))?;
        }
        if let Some(u) = &self.public_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(format!(
                    "configuration: public_url = {u:?} must start with http:// or https://"
                ));
            }
        }
        if !self.database_url.starts_with("sqlite:")
            && !self.database_url.starts_with("postgres:")
            && !self.database_url.starts_with("postgresql:")
        {
            return Err(format!(
                "configuration: database_url = {:?} must be a sqlite:// or postgres:// URL",
                self.database_url
            ));
        }
        if self.session_idle_minutes < 1 || self.session_absolute_hours < 1 {
            return Err(
                "configuration: session_idle_minutes and session_absolute_hours must be at least 1"
                    .into(),
            );
        }
        Ok(())
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url(self.port), path)
    }
}
