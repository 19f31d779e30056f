//! The `burgerstem` command line.

use burgerstem::app::App;
use burgerstem::db::events::Verification;
use burgerstem::db::Db;
use burgerstem::domain::clock::Clock;
use burgerstem::service::accounts::{self, NewAccount};
use burgerstem::settings::Settings;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

// A page is built from many small allocations (rows, JSON, template output) on several threads;
// glibc's allocator spent a quarter of the server's time on them under load (bench/RESULTS.md).
// The `override` feature also serves SQLite's own allocations (every column of every row read).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "burgerstem",
    version,
    about = "Citizens' items to the care council, on deadlines, verifiably."
)]
struct Cli {
    /// Database URL (sqlite://… or postgres://…); defaults to the configuration's `database_url`.
    #[arg(long, global = true, env = "BURGERSTEM_DATABASE_URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Fill an empty database with the demo zone "ELZ Demostreek".
    #[cfg(feature = "fixtures")]
    Demo {
        /// The password every demo account gets.
        #[arg(long, default_value = burgerstem::fixtures::demo::DEFAULT_PASSWORD)]
        password: String,
    },
    /// Recompute every zone's hash chain; exit 1 at the first broken event. With --proof, check
    /// a proof file (from `burgerstem proof` or an item's dossier) without the database.
    /// With --checkpoint, check that today's history still extends signed checkpoints kept
    /// earlier (one or more in FILE, as downloaded from a zone's page).
    Verify {
        /// A proof file to check offline instead of the database.
        #[arg(long, value_name = "FILE", conflicts_with = "checkpoint")]
        proof: Option<std::path::PathBuf>,
        /// A file of signed checkpoints to check the database against.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<std::path::PathBuf>,
    },
    /// Print (or write) the proof of one item: its events and the zone's hash chain up to the head.
    Proof {
        /// The item's reference, e.g. DEMO-2026-0003.
        reference: String,
        /// Write the proof to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// Fill an empty database with a large generated installation (for the benchmark).
    #[cfg(feature = "fixtures")]
    BenchData {
        #[arg(long, default_value_t = 100)]
        zones: usize,
        #[arg(long, default_value_t = 200_000)]
        items: usize,
        /// Years of history, ending now.
        #[arg(long, default_value_t = 10)]
        years: u32,
        #[arg(long, default_value_t = 8)]
        seed: u64,
        /// The password every generated account gets.
        #[arg(long, default_value = burgerstem::fixtures::bench::BENCH_PASSWORD)]
        password: String,
    },
    /// Write a consistent copy of the live SQLite database to PATH.
    Backup { path: String },
    /// Ask the running server whether it is ready (`/readyz` on this machine); exit 0 when it is.
    Health,
    /// Replace the live SQLite database with a backup, after checking it (integrity, migrations,
    /// every zone's hash chain); the old file is kept beside it. Stop the server first.
    Restore { backup: std::path::PathBuf },
    /// Administration without a browser.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Only `platform-admin` for now: other roles come with an invitation to a zone.
        #[arg(long, default_value = "platform-admin")]
        role: String,
    },
    /// A new one-time link to create the first platform administrator.
    SetupLink,
}

/// Logs go to standard error, one line per event: plain text (colours only on a terminal), or
/// one JSON object per line for log collectors (`BURGERSTEM_LOG=json`, or `log_format = "json"`
/// in the configuration). `BURGERSTEM_LOG` may also hold a filter (`warn`, `json,debug`).
fn init_tracing() {
    use std::io::IsTerminal;
    let env = std::env::var("BURGERSTEM_LOG").unwrap_or_default();
    let mut json = env.split(',').any(|p| p.trim() == "json");
    if !json {
        json = burgerstem::figment()
            .extract_inner::<String>("log_format")
            .is_ok_and(|f| f == "json");
    }
    let filter: Vec<&str> = env
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "json")
        .collect();
    let mut filter = if filter.is_empty() {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn")
    } else {
        tracing_subscriber::EnvFilter::new(filter.join(","))
    };
    // Rocket's own lines repeat request paths (which carry link secrets) and failed bodies
    // (which carry passwords); Burgerstem logs each request itself (`web::observe`). Whoever
    // debugs Rocket names it: BURGERSTEM_LOG=rocket=info.
    if !env.contains("rocket") {
        for d in ["rocket=off", "_=off"] {
            if let Ok(d) = d.parse() {
                filter = filter.add_directive(d);
            }
        }
    }
    // Each use case (`service::…`, a span of its own at debug level, so
    // `BURGERSTEM_LOG=info,burgerstem::service=debug` shows them) logs one line when it ends, with
    // the time it worked (`time.busy`) and the time it waited (`time.idle`: on the database, or
    // on a worker thread such as password hashing).
    let base = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    if json {
        base.json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        base.with_target(false)
            .with_ansi(std::io::stderr().is_terminal())
            .init();
    }
}

fn settings(cli: &Cli) -> Result<Settings, String> {
    let mut s = Settings::from_figment(&burgerstem::figment())?;
    if let Some(url) = &cli.database {
        s.database_url = url.clone();
    }
    Ok(s)
}

async fn open(cli: &Cli) -> Result<App, String> {
    let s = settings(cli)?;
    let db = Db::connect(&s.database_url)
        .await
        .map_err(|e| burgerstem::db::startup_message(&e, &s.database_url))?;
    Ok(App::new(db, Clock::system(), s))
}

#[rocket::main]
async fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let result = match &cli.command {
        None | Some(Command::Serve) => serve(&cli).await,
        #[cfg(feature = "fixtures")]
        Some(Command::Demo { password }) => demo(&cli, password).await,
        Some(Command::Verify {
            proof: None,
            checkpoint: None,
        }) => return verify(&cli).await,
        Some(Command::Verify {
            proof: Some(file), ..
        }) => return verify_proof(file),
        Some(Command::Verify {
            checkpoint: Some(file),
            ..
        }) => return verify_checkpoints(&cli, file).await,
        Some(Command::Proof { reference, out }) => proof(&cli, reference, out.as_deref()).await,
        #[cfg(feature = "fixtures")]
        Some(Command::BenchData {
            zones,
            items,
            years,
            seed,
            password,
        }) => {
            let opts = burgerstem::fixtures::bench::Options {
                zones: *zones,
                items: *items,
                years: *years,
                seed: *seed,
                password: password.clone(),
                ..Default::default()
            };
            bench_data(&cli, opts).await
        }
        Some(Command::Backup { path }) => backup(&cli, path).await,
        Some(Command::Restore { backup }) => restore(&cli, backup).await,
        Some(Command::Health) => health(&cli),
        Some(Command::Admin { command }) => admin(&cli, command).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("burgerstem: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The server. Every way a start can fail ends in one line naming the setting and what to do,
/// and a non-zero exit: no panic, no backtrace.
async fn serve(cli: &Cli) -> Result<(), String> {
    let mut figment = burgerstem::with_secret_key(burgerstem::figment())?;
    if let Some(url) = &cli.database {
        figment = figment.merge(("database_url", url.clone()));
    }
    let s = Settings::from_figment(&figment)?;
    s.check()?;
    let db = Db::connect(&s.database_url)
        .await
        .map_err(|e| burgerstem::db::startup_message(&e, &s.database_url))?;
    let opts = burgerstem::Options {
        db: Some(db),
        ..Default::default()
    };
    let rocket = burgerstem::build(figment, opts)?;
    let rocket = match rocket.launch().await {
        Ok(r) => r,
        Err(e) => {
            // A stop that ran out of time: some requests were still being answered after the
            // grace and mercy periods. They are cut off (their callers heard nothing, so nothing
            // acknowledged is lost), but what was committed is still closed properly.
            if let rocket::error::ErrorKind::Shutdown(rocket, _) = e.kind() {
                let running = burgerstem::metrics::get().in_flight.get();
                if let Some(app) = rocket.state::<App>() {
                    app.db.close().await;
                }
                return Err(format!(
                    "stopped, but {running} request(s) were still being answered {} s after the \
                     stop signal and were cut off; the database was closed properly. If requests \
                     may take longer, raise shutdown.grace or shutdown.mercy",
                    rocket.config().shutdown.grace + rocket.config().shutdown.mercy
                ));
            }
            return Err(launch_message(e, &s));
        }
    };
    // Closed only after Rocket has let requests in flight finish (its grace period), so a
    // shutdown never turns a request that was being answered into an error.
    if let Some(app) = rocket.state::<App>() {
        app.db.close().await;
    }
    Ok(())
}

/// Why Rocket did not start, in one line (reading `kind()` also tells Rocket the error was
/// handled, so it does not panic when dropped).
fn launch_message(e: rocket::Error, s: &Settings) -> String {
    use rocket::error::ErrorKind;
    match e.kind() {
        ErrorKind::Bind(io) => format!(
            "cannot listen on {}:{}: {io}. Is another server using it? Set another port with ROCKET_PORT (or `port` in Rocket.toml), or stop the other server",
            s.address, s.port
        ),
        ErrorKind::Io(io) => format!("cannot start the server: {io}"),
        ErrorKind::Config(c) => format!("configuration: {c}"),
        ErrorKind::FailedFairings(f) => format!(
            "cannot start: {} failed (the line above says why)",
            f.iter().map(|x| x.name).collect::<Vec<_>>().join(", ")
        ),
        ErrorKind::InsecureSecretKey(_) => {
            "configuration: secret_key is not set or not secure; set ROCKET_SECRET_KEY to 64 hex characters, or remove it to have one generated in data_dir".into()
        }
        other => format!("cannot start the server: {other}"),
    }
}

#[cfg(feature = "fixtures")]
async fn demo(cli: &Cli, password: &str) -> Result<(), String> {
    let app = open(cli).await?;
    burgerstem::fixtures::demo::fill(&app, password)
        .await
        .map_err(|e| format!("demo: {e} (the demo needs an empty database)"))?;
    println!("Demo zone DEMO (ELZ Demostreek) created. Every account's password: {password}");
    println!(
        "  {}  platform administrator",
        burgerstem::fixtures::demo::PLATFORM_ADMIN.0
    );
    for (email, _, role, panel) in burgerstem::fixtures::demo::ACCOUNTS {
        println!(
            "  {email}  {role}{}",
            panel.map(|p| format!(" ({p})")).unwrap_or_default()
        );
    }
    app.db.close().await;
    Ok(())
}

async fn verify(cli: &Cli) -> ExitCode {
    let app = match open(cli).await {
        Ok(a) => a,
        Err(e) => {
            eprintln!("burgerstem: {e}");
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let result = burgerstem::db::events::verify_all_parallel(&app.db, workers).await;
    app.db.close().await;
    match result {
        Ok(Verification::Ok { zones, events }) => {
            let secs = started.elapsed().as_secs_f64();
            println!("ok: {zones} zones, {events} events verified in {secs:.2} s");
            ExitCode::SUCCESS
        }
        Ok(Verification::Broken { zone, seq, why }) => {
            println!("BROKEN: zone {zone}, event {seq}: {why}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("burgerstem: {e}");
            ExitCode::from(2)
        }
    }
}

/// `verify --checkpoint FILE`: exit 0 when today's history extends every checkpoint in FILE, 1
/// when one no longer matches (naming the event) or a chain is broken, 2 when the file cannot be
/// read or is not a checkpoint signed by this installation.
async fn verify_checkpoints(cli: &Cli, file: &std::path::Path) -> ExitCode {
    use burgerstem::service::checkpoints::{verify_kept, ZoneVerdict};
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("burgerstem: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let app = match open(cli).await {
        Ok(a) => a,
        Err(e) => {
            eprintln!("burgerstem: {e}");
            return ExitCode::from(2);
        }
    };
    let result = verify_kept(&app, &text).await;
    app.db.close().await;
    let verdicts = match result {
        Ok(v) => v,
        Err(burgerstem::error::AppError::Invalid(f)) => {
            let i18n = burgerstem::i18n::I18n::load();
            let why: Vec<String> = f
                .iter()
                .map(|e| {
                    format!(
                        "{} / {}",
                        i18n.tr("nl", e.key, None),
                        i18n.tr("en", e.key, None)
                    )
                })
                .collect();
            let why = why.join("; ");
            println!("REFUSED: {}: {why}", file.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("burgerstem: {e}");
            return ExitCode::from(2);
        }
    };
    let mut code = ExitCode::SUCCESS;
    for v in verdicts {
        match v {
            ZoneVerdict::Extends { zone, seq, events } => println!(
                "ok: zone {zone}: the history ({events} events) extends the checkpoint at event {seq}"
            ),
            ZoneVerdict::Rewritten { zone, seq, at, signed, now, since } => {
                code = ExitCode::FAILURE;
                println!(
                    "REWRITTEN: zone {zone}, event {seq}{}: the checkpoint says hash {signed}, the history now {}; the first event that differs from it is event {seq} or one before it{}",
                    at.map(|a| format!(" (recorded {a})")).unwrap_or_default(),
                    now.as_deref().unwrap_or("has no such event"),
                    since
                        .map(|s| format!(", after event {s} (an older checkpoint still matches)"))
                        .unwrap_or_default()
                );
            }
            ZoneVerdict::Broken { zone, seq, why } => {
                code = ExitCode::FAILURE;
                println!("BROKEN: zone {zone}, event {seq}: {why}");
            }
        }
    }
    code
}

/// `verify --proof FILE`: checks a proof file without the database. Exit 0 when it verifies, 1
/// when it does not (naming the event), 2 when the file cannot be read.
fn verify_proof(file: &std::path::Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("burgerstem: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    match burgerstem::domain::proof::verify_text(&text) {
        Ok(v) => {
            println!(
                "ok: het bewijs klopt / the proof verifies: {} (zone {}), {} events of the item, {} events up to head {} {}; {} payloads match their commitments{}",
                v.reference,
                v.zone,
                v.item_events,
                v.events,
                v.head_seq,
                v.head,
                v.payloads,
                if v.erased > 0 {
                    format!(", {} erased on request", v.erased)
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            println!(
                "BROKEN: het bewijs klopt niet / the proof does not verify: {}: {why}",
                file.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// `proof REFERENCE [--out FILE]`: the same proof as in the item's dossier.
async fn proof(cli: &Cli, reference: &str, out: Option<&std::path::Path>) -> Result<(), String> {
    let app = open(cli).await?;
    let result = burgerstem::service::dossier::proof_by_reference(&app, reference).await;
    app.db.close().await;
    let proof = result.map_err(|e| match e {
        burgerstem::error::AppError::NotFound => format!("no item with reference {reference}"),
        other => other.to_string(),
    })?;
    let text = serde_json::to_string_pretty(&proof).map_err(|e| e.to_string())?;
    match out {
        Some(path) => {
            std::fs::write(path, format!("{text}\n"))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "proof of {} written to {} ({} events, head {})",
                proof.item.reference,
                path.display(),
                proof.events.len(),
                proof.head.seq
            );
        }
        None => println!("{text}"),
    }
    Ok(())
}

#[cfg(feature = "fixtures")]
async fn bench_data(cli: &Cli, opts: burgerstem::fixtures::bench::Options) -> Result<(), String> {
    let app = open(cli).await?;
    let report = burgerstem::fixtures::bench::generate(&app.db, &opts).await;
    app.db.close().await;
    let report = report?;
    println!(
        "bench-data: {} zones, {} items over {} years in {:.1} s (seed {}; every account's password: {})",
        opts.zones, opts.items, opts.years, report.seconds, opts.seed, opts.password
    );
    for (table, n) in &report.counts {
        println!("  {table:<20} {n:>10}");
    }
    Ok(())
}

async fn backup(cli: &Cli, path: &str) -> Result<(), String> {
    if std::path::Path::new(path).exists() {
        return Err(format!("{path} exists already; choose a new file"));
    }
    let app = open(cli).await?;
    app.db.backup_to(path).await.map_err(|e| e.to_string())?;
    app.db.close().await;
    println!("backup written to {path}");
    Ok(())
}

/// `GET /readyz` on this machine's configured port, for container health checks (the image has
/// no curl).
fn health(cli: &Cli) -> Result<(), String> {
    use std::io::{Read, Write};
    let s = settings(cli)?;
    let host = match s.address.as_str() {
        "0.0.0.0" | "::" => "127.0.0.1".to_string(),
        a => a.to_string(),
    };
    let mut conn = std::net::TcpStream::connect((host.as_str(), s.port))
        .map_err(|e| format!("not answering on {host}:{}: {e}", s.port))?;
    let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    write!(
        conn,
        "GET /readyz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    let status = answer.lines().next().unwrap_or("").to_string();
    if status.contains(" 200 ") {
        println!("ready");
        Ok(())
    } else {
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
        Err(format!("not ready: {status} {body}"))
    }
}

async fn restore(cli: &Cli, backup: &std::path::Path) -> Result<(), String> {
    let s = settings(cli)?;
    let Some(live) = burgerstem::backups::sqlite_file(&s.database_url) else {
        return Err(format!(
            "restore works on a SQLite database; {} is PostgreSQL: use pg_restore with the pg_dump file",
            burgerstem::db::redacted(&s.database_url)
        ));
    };
    let r = burgerstem::backups::restore(&live, backup).await?;
    println!(
        "restored {} into {}: {} zones, {} events verified{}",
        backup.display(),
        live.display(),
        r.zones,
        r.events,
        r.kept_old
            .map(|o| format!("; the previous database is kept as {}", o.display()))
            .unwrap_or_default()
    );
    Ok(())
}

async fn admin(cli: &Cli, command: &AdminCommand) -> Result<(), String> {
    let app = open(cli).await?;
    match command {
        AdminCommand::CreateUser { email, name, role } => {
            if role != "platform-admin" {
                return Err("only --role platform-admin can be created here; invite everyone else to a zone".into());
            }
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| e.to_string())?;
            let password = password.trim_end_matches(['\n', '\r']);
            let id = accounts::create_user(
                &app,
                NewAccount {
                    email,
                    name,
                    password,
                },
                true,
            )
            .await
            .map_err(|e| match e {
                burgerstem::error::AppError::Invalid(f) => format!(
                    "invalid input: {}",
                    f.iter()
                        .map(|e| format!("{} ({})", e.field, e.key))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => other.to_string(),
            })?;
            println!(
                "created platform administrator {} (id {id})",
                email.trim().to_lowercase()
            );
        }
        AdminCommand::SetupLink => {
            let token = accounts::new_setup_link(&app)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", app.link(&format!("/setup/{token}")));
        }
    }
    app.db.close().await;
    Ok(())
}
