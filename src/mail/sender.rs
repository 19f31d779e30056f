//! Where mail goes: an SMTP server (lettre), or `.eml` files in `<data_dir>/outbox/` when no
//! SMTP server is configured.

use crate::settings::Settings;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

pub enum Sender {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
        host: String,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

/// A failed send: `permanent` when trying again cannot help (a malformed address).
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
}

impl Sender {
    /// From the configuration: SMTP when `smtp_host` is set, files otherwise.
    pub fn from_settings(s: &Settings) -> Sender {
        let from: Mailbox = s.mail_from.parse().unwrap_or_else(|e| {
            tracing::error!(mail_from = %s.mail_from, "mail_from is not an address ({e}); using a placeholder");
            "Burgerstem <burgerstem@localhost>".parse().expect("placeholder address")
        });
        let host = s.smtp_host.as_deref().map(str::trim).unwrap_or("");
        if host.is_empty() {
            return Sender::Files {
                dir: s.data_dir.join("outbox"),
                from,
            };
        }
        let builder = if s.smtp_tls {
            // Port 465 speaks TLS from the first byte; any other port must upgrade with
            // STARTTLS, and refuses to send if the server cannot.
            let b = if s.smtp_port == 465 {
                AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            } else {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            };
            match b {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!("smtp_tls: cannot set up TLS for {host} ({e}); mail is written to files instead");
                    return Sender::Files {
                        dir: s.data_dir.join("outbox"),
                        from,
                    };
                }
            }
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        };
        let mut b = builder
            .port(s.smtp_port)
            .timeout(Some(Duration::from_secs(s.smtp_timeout_seconds.max(1))));
        if let (Some(u), Some(p)) = (&s.smtp_user, &s.smtp_password) {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Sender::Smtp {
            transport: b.build(),
            from,
            host: format!("{host}:{}", s.smtp_port),
        }
    }

    pub fn from_address(&self) -> &Mailbox {
        match self {
            Sender::Smtp { from, .. } | Sender::Files { from, .. } => from,
        }
    }

    /// For the start-up log line.
    pub fn describe(&self) -> String {
        match self {
            Sender::Smtp { host, .. } => format!("mail is sent over SMTP to {host}"),
            Sender::Files { dir, .. } => format!(
                "no SMTP server configured: mail is written as .eml files to {} (nothing is sent)",
                dir.display()
            ),
        }
    }

    /// Sends one message. `name` identifies it (the file name in the outbox folder), so sending
    /// the same notification twice to files overwrites instead of duplicating.
    pub async fn send(&self, name: &str, msg: Message) -> Result<(), SendError> {
        match self {
            Sender::Smtp { transport, .. } => {
                transport
                    .send(msg)
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError {
                        permanent: e.is_permanent(),
                        message: e.to_string(),
                    })
            }
            Sender::Files { dir, .. } => {
                let bytes = msg.formatted();
                let dir = dir.clone();
                let name = name.to_string();
                tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
                    .await
                    .map_err(|e| SendError {
                        message: e.to_string(),
                        permanent: false,
                    })?
                    .map_err(|e| SendError {
                        message: e.to_string(),
                        permanent: false,
                    })
            }
        }
    }
}

/// Writes `<dir>/<name>.eml` through a temporary file, so a crash never leaves half a message.
fn write_atomically(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dir.join(format!("{name}.eml")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(port: u16, tls: bool) -> Settings {
        Settings {
            smtp_host: Some("smtp.example.org".into()),
            smtp_port: port,
            smtp_tls: tls,
            ..Settings::default()
        }
    }

    #[test]
    fn tls_settings_choose_an_encrypted_transport() {
        for port in [465, 587] {
            let s = Sender::from_settings(&settings(port, true));
            assert!(
                s.describe().contains("SMTP"),
                "port {port}: {}",
                s.describe()
            );
        }
        let none = Sender::from_settings(&Settings::default());
        assert!(none.describe().contains(".eml"));
    }
}
