//! Burgerstem: citizens put their own items to the care council of a Flemish first-line zone
//! (eerstelijnszone), and hold the council to its answers.

pub mod app;
pub mod assets;
pub mod backups;
pub mod db;
pub mod domain;
pub mod error;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod i18n;
#[cfg(test)]
mod import_loops;
pub mod mail;
pub mod memo;
pub mod metrics;
pub mod secrets;
pub mod service;
pub mod settings;
pub mod web;

use app::App;
use db::Db;
use domain::clock::Clock;
use i18n::I18n;
use rocket::fairing::AdHoc;
use rocket::figment::providers::{Env, Format, Serialized, Toml};
use rocket::figment::{Figment, Profile};
use rocket::{Build, Rocket};
use settings::Settings;
use std::path::Path;
use web::template::Templates;

/// Rocket's configuration (Rocket.toml, `ROCKET_*`), with Burgerstem's defaults underneath.
pub fn figment() -> Figment {
    let defaults = Figment::new()
        .merge(Serialized::default("limits.form", "64 KiB"))
        .merge(Serialized::default("limits.json", "64 KiB"))
        .merge(Serialized::default("limits.data-form", "256 KiB"))
        .merge(Serialized::default("limits.string", "64 KiB"))
        // Rocket would take the client's address from `X-Real-IP` for any client; Burgerstem
        // believes forwarded addresses only from `trusted_proxies` (see `web::guards::ClientAddr`).
        .merge(Serialized::default("ip_header", false))
        // Burgerstem logs every request itself (`web::observe`: route, status, length, time,
        // request id; never a body). Rocket's own lines would print request bodies that fail to
        // parse and call its launch messages warnings; ROCKET_LOG_LEVEL=normal brings them back
        // for debugging.
        .merge(Serialized::default("log_level", "off"))
        // On SIGTERM, requests in flight get 5 s to finish (Rocket's default 2 s was exceeded by
        // a burst of durable writes on a busy machine, and the stop then counted as failed) and
        // their connections 5 s more to close; well inside systemd's 90 s.
        .merge(Serialized::default("shutdown.grace", 5))
        .merge(Serialized::default("shutdown.mercy", 5))
        .merge(Serialized::default("cli_colors", false));
    // Rocket's own figment starts from its defaults; laid over ours, they undid every line above
    // (for a binary started without Rocket.toml). So: Rocket's defaults, then ours, then the
    // settings file and the environment, as `rocket::Config::figment` reads them.
    Figment::from(rocket::Config::default())
        .merge(defaults)
        .merge(Toml::file(Env::var_or("ROCKET_CONFIG", "Rocket.toml")).nested())
        .merge(Env::prefixed("ROCKET_").ignore(&["PROFILE"]).global())
        .select(Profile::from_env_or(
            "ROCKET_PROFILE",
            rocket::Config::DEFAULT_PROFILE,
        ))
}

/// Uses the configured secret key, or one generated on first start and kept in the data folder,
/// so sessions survive restarts and `cargo run --release` needs no set-up.
pub fn with_secret_key(figment: Figment) -> Result<Figment, String> {
    // Rocket's own defaults carry an all-zero key, so "is there a key" means "is it non-zero".
    let configured = figment
        .extract::<rocket::Config>()
        .map(|c| !c.secret_key.is_zero())
        .unwrap_or(false);
    if configured {
        return Ok(figment);
    }
    let settings = Settings::from_figment(&figment)?;
    let key = load_or_create_key(&settings.data_dir.join("secret.key"))?;
    Ok(figment.merge(("secret_key", key)))
}

pub(crate) fn load_or_create_key(path: &Path) -> Result<String, String> {
    if let Ok(k) = std::fs::read_to_string(path) {
        return Ok(k.trim().to_string());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // 256 bits, hex encoded: the form Rocket's `secret_key` accepts.
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    let key = hex::encode(bytes);
    write_private(path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // The session secret and the checkpoint key are both made this way; the path says which.
    tracing::info!(path = %path.display(), "generated a new key");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

/// What tests (and the CLI) can choose when building the server.
#[derive(Default)]
pub struct Options {
    pub clock: Clock,
    /// An already connected database; otherwise `database_url` from the configuration.
    pub db: Option<Db>,
}

/// A folder setting, relative to the configuration file when set there (as Rocket resolves
/// paths); `None` when unset.
fn folder(figment: &Figment, key: &str) -> Option<std::path::PathBuf> {
    figment
        .extract_inner::<rocket::figment::value::magic::RelativePathBuf>(key)
        .ok()
        .map(|p| p.relative())
}

/// Builds the Rocket instance: routes, templates, state, fairings. Every setting is checked
/// here, so that a wrong one stops the start with one line that names it.
pub fn build(figment: Figment, opts: Options) -> Result<Rocket<Build>, String> {
    let i18n = I18n::load();
    let settings = Settings::from_figment(&figment)?;
    settings.check()?;
    let statics = std::sync::Arc::new(assets::StaticFiles::load(&assets::Source::from_setting(
        "static_dir",
        folder(&figment, "static_dir"),
    )?)?);
    let templates = Templates::load(
        &assets::Source::from_setting("template_dir", folder(&figment, "template_dir"))?,
        i18n.clone(),
        statics.clone(),
    )?;
    // A key that cannot be read or made stops the start here, with its name, not at the first
    // checkpoint someone asks for.
    secrets::load_key(&settings)?;
    let hsts = settings.behind_tls;
    let Options { clock, db } = opts;
    Ok(rocket::custom(figment)
        .manage(i18n)
        .manage(templates)
        .manage(statics)
        .attach(AdHoc::try_on_ignite("database", move |rocket| async move {
            let db = match db {
                Some(db) => db,
                None => match Db::connect(&settings.database_url).await {
                    Ok(db) => db,
                    Err(e) => {
                        tracing::error!("cannot open the database: {e}");
                        return Err(rocket);
                    }
                },
            };
            tracing::info!(engine = db.engine(), "database ready");
            let app = App::new(db, clock, settings);
            Ok(rocket.manage(app))
        }))
        .attach(AdHoc::on_liftoff("deadline keeper", |rocket| {
            Box::pin(async move {
                if let Some(app) = rocket.state::<App>() {
                    // Only now is the port known (0 in the configuration: a free one).
                    app.listening_on(rocket.config().port);
                    tracing::info!(
                        address = %format!("{}:{}", rocket.config().address, rocket.config().port),
                        links = %app.base_url(),
                        engine = app.db.engine(),
                        version = env!("CARGO_PKG_VERSION"),
                        "Burgerstem is listening"
                    );
                    match service::accounts::first_start_link(app).await {
                        Ok(Some(token)) => {
                            let link = app.link(&format!("/setup/{token}"));
                            // Printed once, on the first start of an empty installation.
                            println!("\nBurgerstem is new here. Create the first platform administrator with this one-time link:\n\n    {link}\n\n(It expires in 7 days. A new one: `burgerstem admin setup-link`.)\n");
                        }
                        Ok(None) => {}
                        Err(e) => tracing::warn!("could not check for a first start: {e}"),
                    }
                    let every = std::time::Duration::from_secs(app.settings.deadline_interval_seconds.max(1));
                    service::deadlines::spawn(app.clone(), every);
                    mail::spawn(app.clone());
                    backups::spawn(app.clone());
                }
            })
        }))
        .attach(web::observe::Observe)
        .attach(web::query_contract::QueryContract)
        .attach(web::compress::Compression)
        .attach(web::headers::SecurityHeaders { hsts })
        .mount("/", web::pages::routes())
        .mount("/", web::api::routes())
        .mount("/", web::openapi::routes())
        .mount("/", web::statics::routes())
        .mount("/", web::observe::routes())
        .mount("/", web::query_contract::routes())
        .register("/", rocket::catchers![web::catchers::page])
        .register("/api", rocket::catchers![web::catchers::api]))
}

/// The server as `burgerstem serve` runs it.
pub fn rocket() -> Result<Rocket<Build>, String> {
    build(with_secret_key(figment())?, Options::default())
}

#[cfg(test)]
mod defaults {
    /// Burgerstem's defaults hold where Rocket has defaults of its own, and yield to a setting.
    #[test]
    fn burgerstem_defaults_beat_rockets_and_settings_beat_both() {
        let f = super::figment();
        assert_eq!(f.extract_inner::<u32>("shutdown.grace").ok(), Some(5));
        assert_eq!(f.extract_inner::<u32>("shutdown.mercy").ok(), Some(5));
        assert_eq!(
            f.extract_inner::<String>("limits.data-form")
                .ok()
                .as_deref(),
            Some("256 KiB")
        );
        assert_eq!(f.extract_inner::<bool>("ip_header").ok(), Some(false));
        let set = super::figment().merge(rocket::figment::providers::Serialized::global(
            "shutdown.grace",
            9,
        ));
        assert_eq!(set.extract_inner::<u32>("shutdown.grace").ok(), Some(9));
    }
}
