//! The delivery worker: takes due mail from the outbox (the `notifications` table), claims each
//! row so no two workers send it, sends it, and marks it sent; a failed try goes back in the
//! queue with exponential backoff and is given up after a bounded number of tries. A worker that
//! stops mid-batch leaves its claims behind; they return to the queue when their lease ends.
//! Also composes the daily digests (one mail per person per day, grouped per item).

pub mod sender;

use crate::app::App;
use crate::db::notifications::{self as n, OutboxRow};
use crate::domain::clock::brussels_date;
use crate::error::AppResult;
use crate::i18n::I18n;
use crate::secrets::new_token;
use crate::service::notify;
use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use fluent_bundle::FluentArgs;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::Message;
pub use sender::Sender;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// How long a claim holds without renewal before another worker may take the row over. The
/// worker renews its claims before every mail it sends, and one send is bounded by the SMTP
/// timeout (30 s by default), so a live worker never loses a row; a crashed one's mail goes out
/// from another instance within this minute.
pub const LEASE_SECONDS: i64 = 60;
/// Mail is written in Dutch.
const LANG: &str = "nl";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub digests: u64,
    pub released: u64,
}

/// The delay before try `attempts + 1`: one minute, doubling, at most six hours.
pub fn backoff(attempts: i64) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    Duration::minutes(minutes.min(360))
}

pub struct Mailer {
    pub app: App,
    pub sender: Arc<Sender>,
    pub i18n: Arc<I18n>,
    pub batch: i64,
}

impl Mailer {
    pub fn new(app: App, sender: Sender) -> Mailer {
        Mailer {
            app,
            sender: Arc::new(sender),
            i18n: I18n::load(),
            batch: 50,
        }
    }

    /// One pass: hand back stale claims, make due digests, send what is due.
    pub async fn run_once(&self) -> AppResult<Report> {
        let mut report = Report::default();
        let now = self.app.clock.now();
        // Every write takes the writer's turn (`begin`), like a request's: the pool only reads.
        {
            let mut tx = self.app.db.begin().await?;
            report.released =
                n::release_stale(&mut tx.ex(), now - Duration::seconds(LEASE_SECONDS)).await?;
            tx.commit().await?;
        }
        report.digests = self.make_digests(now).await?;
        let token = new_token();
        {
            let mut tx = self.app.db.begin().await?;
            for id in n::due_ids(&mut tx.ex(), now, self.batch).await? {
                n::claim(&mut tx.ex(), id, &token, now).await?;
            }
            tx.commit().await?;
        }
        let rows = {
            let mut c = self.app.db.conn().await?;
            n::claimed(&mut c.ex(), &token).await?
        };
        for row in rows {
            // Still working on them: the claims hold for another lease.
            {
                let mut tx = self.app.db.begin().await?;
                n::renew_claims(&mut tx.ex(), &token, self.app.clock.now()).await?;
                tx.commit().await?;
            }
            let result = match self.compose(&row).await {
                Ok(msg) => self.sender.send(&format!("n{:08}", row.id), msg).await,
                Err(e) => Err(e),
            };
            let now = self.app.clock.now();
            let mut tx = self.app.db.begin().await?;
            match result {
                Ok(()) => {
                    n::mark_sent(&mut tx.ex(), row.id, &token, now).await?;
                    report.sent += 1;
                }
                Err(e) => {
                    let tries = row.attempts + 1;
                    let give_up =
                        e.permanent || tries >= self.app.settings.mail_max_attempts.max(1);
                    let next = (!give_up).then(|| now + backoff(row.attempts));
                    tracing::warn!(id = row.id, tries, give_up, error = %e.message, "mail not delivered");
                    n::mark_try_failed(&mut tx.ex(), row.id, &token, &e.message, next).await?;
                    if give_up {
                        report.failed += 1;
                    } else {
                        report.retried += 1;
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// One digest per person per day, from the digest hour on, with every line written before.
    pub async fn make_digests(&self, now: DateTime<Utc>) -> AppResult<u64> {
        let local = now.with_timezone(&Brussels);
        if local.hour() < self.app.settings.digest_hour {
            return Ok(0);
        }
        let today = brussels_date(now);
        let users = {
            let mut c = self.app.db.conn().await?;
            n::digest_users(&mut c.ex(), now).await?
        };
        let mut made = 0;
        for user_id in users {
            let mut tx = self.app.db.begin().await?;
            let lines = n::digest_lines(&mut tx.ex(), user_id, now).await?;
            if lines.is_empty() || !n::take_digest_day(&mut tx.ex(), user_id, today, now).await? {
                continue; // already made today (by us or another instance): tomorrow then
            }
            let mut groups: Vec<Value> = vec![];
            for l in &lines {
                let link = notify::link_of(&l.subject_type, l.subject_id, l.event_seq);
                let key = (l.subject_type.clone(), l.subject_id);
                let what = json!({"kind": l.kind, "link": link});
                match groups
                    .iter_mut()
                    .find(|g| g["key"] == json!([key.0, key.1]))
                {
                    Some(g) => g["lines"].as_array_mut().expect("array").push(what),
                    None => groups.push(json!({"key": [key.0, key.1], "lines": [what],
                                               "reference": l.reference, "title": l.title})),
                }
            }
            // The signed head of each zone the digest speaks of: a panel that keeps its mail
            // keeps its own copy of the checkpoints.
            let mut checkpoints: Vec<Value> = vec![];
            let mut zones_seen: Vec<i64> = vec![];
            for l in lines.iter().filter(|l| l.subject_type == "item") {
                let Some(item) = crate::db::items::get(&mut tx.ex(), l.subject_id).await? else {
                    continue;
                };
                if zones_seen.contains(&item.zone_id) {
                    continue;
                }
                zones_seen.push(item.zone_id);
                if let Some(zone) = crate::db::zones::by_id(&mut tx.ex(), item.zone_id).await? {
                    let cp = crate::service::checkpoints::head_of(&self.app, &mut tx.ex(), &zone)
                        .await?;
                    checkpoints.push(json!({"zone": zone.name, "note": cp.note}));
                }
            }
            let detail =
                json!({"day": today, "items": groups, "checkpoints": checkpoints}).to_string();
            n::insert(
                &mut tx.ex(),
                n::NewNotification {
                    user_id: Some(user_id),
                    email: None,
                    zone_id: None,
                    event_seq: None,
                    subject_type: "user",
                    subject_id: user_id,
                    kind: "digest",
                    kind_group: "digest",
                    detail: &detail,
                    secret_link: None,
                    in_inbox: false,
                    email_status: n::PENDING,
                    now,
                },
            )
            .await?;
            n::mark_digested(&mut tx.ex(), user_id, now).await?;
            tx.commit().await?;
            made += 1;
        }
        Ok(made)
    }

    fn tr(&self, key: &str, args: &[(&str, String)]) -> String {
        tr_with(&self.i18n, key, args)
    }

    fn date(&self, v: Option<&Value>) -> String {
        date_of(&self.i18n, v)
    }

    pub fn line(&self, kind: &str, reference: &str, detail: &Value) -> String {
        line(&self.i18n, kind, reference, detail)
    }

    /// The plain-text body of a notification about an item: what happened, reference, title,
    /// a link. Never the text itself.
    pub fn item_body(
        &self,
        name: &str,
        row_kind: &str,
        reference: &str,
        title: &str,
        detail: &Value,
        link: &str,
    ) -> String {
        let mut body = String::new();
        body.push_str(&self.tr("mail-greeting", &[("name", name.to_string())]));
        body.push_str("\n\n");
        body.push_str(&self.line(row_kind, reference, detail));
        body.push_str("\n\n");
        // A signal has no title, and its words never go by mail.
        if !title.is_empty() {
            body.push_str(&self.tr(
                "mail-item",
                &[
                    ("reference", reference.to_string()),
                    ("title", title.to_string()),
                ],
            ));
            body.push('\n');
        }
        body.push_str(&self.tr("mail-link", &[("link", link.to_string())]));
        body.push_str("\n\n");
        body
    }

    async fn compose(&self, row: &OutboxRow) -> Result<Message, sender::SendError> {
        let bad = |m: String| sender::SendError {
            message: m,
            permanent: true,
        };
        let settings = &self.app.settings;
        let to: Mailbox = row
            .email
            .as_deref()
            .unwrap_or("")
            .parse()
            .map_err(|e| bad(format!("address: {e}")))?;
        let name = row.name.clone().unwrap_or_default();
        let detail: Value = serde_json::from_str(&row.detail).unwrap_or(json!({}));
        let reference = row.reference.clone().unwrap_or_default();
        let title = row.title.clone().unwrap_or_default();
        let mut unsubscribe = None;
        let (subject, mut body) = match row.kind.as_str() {
            "invitation" => {
                let link = self.app.link(row.secret_link.as_deref().unwrap_or("/"));
                (
                    self.tr("mail-subject-invitation", &[]),
                    self.tr(
                        "mail-body-invitation",
                        &[
                            ("link", link),
                            ("days", settings.invitation_days.to_string()),
                        ],
                    ),
                )
            }
            "password-reset" => {
                let link = self.app.link(row.secret_link.as_deref().unwrap_or("/"));
                (
                    self.tr("mail-subject-password-reset", &[]),
                    self.tr(
                        "mail-body-password-reset",
                        &[
                            ("name", name.clone()),
                            ("link", link),
                            (
                                "minutes",
                                crate::service::account_links::RESET_MINUTES.to_string(),
                            ),
                        ],
                    ),
                )
            }
            "sign-in-link" => {
                let link = self.app.link(row.secret_link.as_deref().unwrap_or("/"));
                (
                    self.tr("mail-subject-sign-in-link", &[]),
                    self.tr(
                        "mail-body-sign-in-link",
                        &[
                            ("name", name.clone()),
                            ("link", link),
                            (
                                "minutes",
                                crate::service::account_links::SIGN_IN_MINUTES.to_string(),
                            ),
                        ],
                    ),
                )
            }
            "digest" => {
                unsubscribe = Some("digest");
                let day = self.date(detail.get("day"));
                let mut body = self.tr("mail-greeting", &[("name", name.clone())]);
                body.push_str("\n\n");
                body.push_str(&self.tr("mail-digest-intro", &[("date", day.clone())]));
                body.push_str("\n\n");
                let mut c = self.app.db.conn().await.map_err(|e| bad(e.to_string()))?;
                for g in detail["items"].as_array().cloned().unwrap_or_default() {
                    let id = g["key"][1].as_i64().unwrap_or(0);
                    // An item as it is now (its title may have changed since); anything else
                    // (a consultation, a signal) as the line was written.
                    let item = if g["key"][0] == "item" {
                        crate::db::items::get(&mut c.ex(), id).await.ok().flatten()
                    } else {
                        None
                    };
                    let (r, t) = item.map(|i| (i.reference, i.title)).unwrap_or_else(|| {
                        let text = |k: &str| g[k].as_str().unwrap_or_default().to_string();
                        (text("reference"), text("title"))
                    });
                    if t.is_empty() {
                        body.push_str(&r);
                    } else {
                        body.push_str(&self.tr("mail-item", &[("reference", r), ("title", t)]));
                    }
                    body.push('\n');
                    let mut last_link = String::new();
                    for l in g["lines"].as_array().cloned().unwrap_or_default() {
                        let kind = l["kind"].as_str().unwrap_or("");
                        body.push_str("- ");
                        body.push_str(&self.tr(&format!("event-{kind}"), &[]));
                        body.push('\n');
                        last_link = l["link"].as_str().unwrap_or("/").to_string();
                    }
                    body.push_str(&self.tr("mail-link", &[("link", self.app.link(&last_link))]));
                    body.push_str("\n\n");
                }
                for cp in detail["checkpoints"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                {
                    let zone = cp["zone"].as_str().unwrap_or_default().to_string();
                    body.push_str(&self.tr("mail-digest-checkpoint", &[("zone", zone)]));
                    body.push_str("\n\n");
                    body.push_str(cp["note"].as_str().unwrap_or_default());
                    body.push('\n');
                }
                (self.tr("mail-subject-digest", &[("date", day)]), body)
            }
            kind if row.kind_group == notify::SENDER => {
                let reference = detail["reference"].as_str().unwrap_or_default().to_string();
                let what = match kind {
                    "signal-adopted" => "mail-signal-adopted",
                    "signal-bundled" => "mail-signal-bundled",
                    "signal-answered" => "mail-signal-answered",
                    _ => "mail-signal-set-aside",
                };
                let link = self.app.link(row.secret_link.as_deref().unwrap_or("/"));
                let mut body = self.tr("mail-signal-greeting", &[]);
                body.push_str("\n\n");
                body.push_str(&self.tr(what, &[("reference", reference.clone())]));
                body.push_str("\n\n");
                body.push_str(&self.tr("mail-signal-link", &[("link", link)]));
                body.push('\n');
                body.push_str(&self.tr("mail-signal-private", &[]));
                body.push_str("\n\n");
                body.push_str(&self.tr("mail-signal-why", &[]));
                body.push_str("\n\n");
                (
                    self.tr("mail-signal-subject", &[("reference", reference)]),
                    body,
                )
            }
            kind => {
                unsubscribe = Some(row.kind_group.as_str());
                let link = self.app.link(&notify::link_of(
                    &row.subject_type,
                    row.subject_id,
                    row.event_seq,
                ));
                (
                    self.tr(
                        "mail-subject",
                        &[
                            ("reference", reference.clone()),
                            ("what", self.tr(&format!("event-{kind}"), &[])),
                        ],
                    ),
                    self.item_body(&name, kind, &reference, &title, &detail, &link),
                )
            }
        };
        let mut builder = Message::builder()
            .from(self.sender.from_address().clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!(
                "<burgerstem.n{}@{}>",
                row.id,
                host_of(&self.app.base_url())
            )));
        let retry = |e: crate::db::DbError| sender::SendError {
            message: e.to_string(),
            permanent: false,
        };
        let unsubscribe_url = match (unsubscribe, row.user_id) {
            (Some(group), Some(user_id)) => {
                let token = {
                    let mut tx = self.app.db.begin().await.map_err(retry)?;
                    let t = notify::unsubscribe_token(
                        &mut tx.ex(),
                        user_id,
                        group,
                        self.app.clock.now(),
                    )
                    .await
                    .map_err(retry)?;
                    tx.commit().await.map_err(retry)?;
                    t
                };
                let url = self.app.link(&format!("/uitschrijven/{token}"));
                body.push_str("-- \n");
                body.push_str(&self.tr("mail-unsubscribe", &[("link", url.clone())]));
                body.push('\n');
                body.push_str(&self.tr(
                    "mail-preferences",
                    &[("link", self.app.link("/berichten/voorkeuren"))],
                ));
                body.push('\n');
                Some(url)
            }
            // The sender has no account and no preferences: the link stops mail about this
            // one signal.
            (_, None) if row.kind_group == notify::SENDER => {
                let token = {
                    let mut tx = self.app.db.begin().await.map_err(retry)?;
                    let t = crate::db::signals::mail_token(
                        &mut tx.ex(),
                        row.subject_id,
                        &new_token(),
                        self.app.clock.now(),
                    )
                    .await
                    .map_err(retry)?;
                    tx.commit().await.map_err(retry)?;
                    t
                };
                // Stopped after this mail was queued: it is not sent.
                let token = token.ok_or_else(|| bad("the sender asked for no more mail".into()))?;
                let url = self.app.link(&format!("/signals/uitschrijven/{token}"));
                body.push_str("-- \n");
                body.push_str(&self.tr("mail-signal-unsubscribe", &[("link", url.clone())]));
                body.push('\n');
                Some(url)
            }
            _ => None,
        };
        if let Some(url) = unsubscribe_url {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii("List-Unsubscribe".into()).expect("header name"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii("List-Unsubscribe-Post".into())
                        .expect("header name"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        // Quoted-printable: plain Dutch stays readable in the .eml files, long links survive.
        let part = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(
            Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable)
                .map_err(|_| bad("body encoding".into()))?,
        );
        builder.singlepart(part).map_err(|e| bad(e.to_string()))
    }
}

fn tr_with(i18n: &I18n, key: &str, args: &[(&str, String)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    i18n.tr(LANG, key, Some(&a))
}

/// A stored date or time, written out in Dutch.
fn date_of(i18n: &I18n, v: Option<&Value>) -> String {
    v.and_then(|v| v.as_str())
        .and_then(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| i18n.date(LANG, d))
                .or_else(|| {
                    DateTime::parse_from_rfc3339(s)
                        .ok()
                        .map(|t| i18n.datetime(LANG, t.with_timezone(&Utc)))
                })
        })
        .unwrap_or_default()
}

/// The sentence that says what happened (mail, digest and printed letter), in plain Dutch.
pub fn line(i18n: &I18n, kind: &str, reference: &str, detail: &Value) -> String {
    let key = format!("mail-line-{kind}");
    let outcome = detail["outcome"]
        .as_str()
        .map(|o| tr_with(i18n, &format!("outcome-{o}"), &[]))
        .unwrap_or_default();
    let date = date_of(
        i18n,
        detail
            .get("meeting_at")
            .or(detail.get("closes_on"))
            .or(detail.get("due")),
    );
    let args = [
        ("reference", reference.to_string()),
        ("date", date),
        ("outcome", outcome),
        ("what", tr_with(i18n, &format!("event-{kind}"), &[])),
    ];
    if i18n.has(LANG, &key) {
        tr_with(i18n, &key, &args)
    } else {
        tr_with(i18n, "mail-line-other", &args)
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', ':']).next().unwrap_or("localhost");
    if host.is_empty() {
        "localhost".into()
    } else {
        host.to_string()
    }
}

/// Starts the worker in the server process; logs once where mail goes.
static WORKER_BEAT: AtomicI64 = AtomicI64::new(0);
static WORKER_EVERY: AtomicI64 = AtomicI64::new(15);

/// Whether this process's mail worker went round recently (for `/readyz`): within three of its
/// intervals, or a minute, whichever is longer (a slow SMTP server may hold one round).
pub fn worker_alive() -> bool {
    let beat = WORKER_BEAT.load(Ordering::Relaxed);
    let allowed = (WORKER_EVERY.load(Ordering::Relaxed) * 3).max(60) + 30;
    beat > 0 && chrono::Utc::now().timestamp() - beat <= allowed
}

/// Mail waiting to go, and mail given up on (for `/metrics`).
pub async fn outbox_counts(app: &App) -> Result<(i64, i64), crate::error::AppError> {
    let mut c = app.db.conn().await?;
    Ok(crate::db::notifications::outbox_counts(&mut c.ex()).await?)
}

pub fn spawn(app: App) -> Option<tokio::task::JoinHandle<()>> {
    if !app.settings.mail_worker {
        tracing::info!("mail worker off in this process (mail_worker = false)");
        return None;
    }
    let sender = Sender::from_settings(&app.settings);
    match sender {
        Sender::Files { .. } => tracing::warn!("{}", sender.describe()),
        Sender::Smtp { .. } => tracing::info!("{}", sender.describe()),
    }
    let every = std::time::Duration::from_secs(app.settings.mail_interval_seconds.max(1));
    WORKER_EVERY.store(every.as_secs().max(1) as i64, Ordering::Relaxed);
    let mailer = Mailer::new(app, sender);
    Some(tokio::spawn(async move {
        loop {
            WORKER_BEAT.store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
            match mailer.run_once().await {
                Ok(r) if r != Report::default() => tracing::info!(
                    sent = r.sent,
                    retried = r.retried,
                    failed = r.failed,
                    digests = r.digests,
                    "mail"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!("mail worker: {e}"),
            }
            tokio::time::sleep(every).await;
        }
    }))
}
