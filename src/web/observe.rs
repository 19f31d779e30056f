//! One log line per request (method, route, status, length, time, request id: never a body, a
//! query or a path's secret part) and the request metrics; `/healthz`, `/readyz` and `/metrics`
//! for load balancers, systemd and Prometheus.

use crate::app::App;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Status};
use rocket::request::{FromRequest, Outcome};
use rocket::serde::json::Json;
use rocket::{get, routes, Data, Request, Response, State};
use serde_json::{json, Value};
use std::time::Instant;

pub fn routes() -> Vec<rocket::Route> {
    routes![healthz, readyz, metrics]
}

/// Set on every request, sent back as `X-Request-Id`, named on its log line.
#[derive(Clone)]
pub struct RequestId(pub String, pub Instant);

pub struct Observe;

#[rocket::async_trait]
impl Fairing for Observe {
    fn info(&self) -> Info {
        Info {
            name: "request log and metrics",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        // A proxy's id is kept, so one request can be followed through both logs.
        let id = req
            .headers()
            .get_one("X-Request-Id")
            .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .map(str::to_string)
            .unwrap_or_else(|| crate::secrets::new_token()[..16].to_string());
        req.local_cache(|| RequestId(id, Instant::now()));
        crate::metrics::get().in_flight.inc();
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let RequestId(id, started) = req.local_cache(|| RequestId(String::new(), Instant::now()));
        let elapsed = started.elapsed();
        // The route's pattern (`/wachtwoord/<token>`), never the path itself: links carry secrets.
        let route = req
            .route()
            .map(|r| r.uri.path().to_string())
            .unwrap_or_else(|| "(none)".into());
        let method = req.method().as_str();
        let status = res.status().code;
        let m = crate::metrics::get();
        m.in_flight.dec();
        m.requests
            .with_label_values(&[method, &route, &status.to_string()])
            .inc();
        m.request_seconds
            .with_label_values(&[method, &route])
            .observe(elapsed.as_secs_f64());
        let length = res.body().preset_size().unwrap_or(0);
        if route != "/healthz" && route != "/metrics" {
            tracing::info!(
                request = %id,
                method,
                route = %route,
                status,
                length,
                ms = elapsed.as_secs_f64() * 1000.0,
                "request"
            );
        }
        res.set_header(Header::new("X-Request-Id", id.clone()));
    }
}

/// The process runs (nothing else is asked: a load balancer's liveness probe).
#[get("/healthz")]
fn healthz() -> &'static str {
    "ok\n"
}

/// Ready to serve: the database answers, its migrations are this binary's, the mail worker is
/// alive. 503 otherwise, with what is wrong.
#[get("/readyz")]
async fn readyz(app: &State<App>) -> (Status, Json<Value>) {
    let mut problems = vec![];
    match app.db.readiness().await {
        Ok(()) => {}
        Err(e) => problems.push(format!("database: {e}")),
    }
    if app.settings.mail_worker && !crate::mail::worker_alive() {
        problems.push("mail worker: not running".into());
    }
    if problems.is_empty() {
        (Status::Ok, Json(json!({"status": "ready"})))
    } else {
        (
            Status::ServiceUnavailable,
            Json(json!({"status": "not ready", "problems": problems})),
        )
    }
}

/// Who may read `/metrics`: this machine, or whoever holds `metrics_token`.
pub struct MetricsReader;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for MetricsReader {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let Some(app) = req.rocket().state::<App>() else {
            return Outcome::Error((Status::NotFound, ()));
        };
        if let Some(token) = app.settings.metrics_token.as_deref() {
            let given = req
                .headers()
                .get_one("Authorization")
                .and_then(|h| h.strip_prefix("Bearer "));
            if given.is_some_and(|g| crate::secrets::same_secret(g.trim(), token)) {
                return Outcome::Success(MetricsReader);
            }
        }
        // A proxy on this machine forwards everyone; only a direct local connection counts.
        let direct = req.headers().get_one("X-Forwarded-For").is_none()
            && req.headers().get_one("X-Real-IP").is_none();
        match req.remote().map(|r| r.ip()) {
            Some(ip) if ip.is_loopback() && direct => Outcome::Success(MetricsReader),
            _ => Outcome::Error((Status::NotFound, ())),
        }
    }
}

#[get("/metrics")]
async fn metrics(_r: MetricsReader, app: &State<App>) -> (rocket::http::ContentType, String) {
    let m = crate::metrics::get();
    let (size, idle) = app.db.pool_use();
    m.gauges
        .with_label_values(&["db_pool_connections"])
        .set(size as i64);
    m.gauges
        .with_label_values(&["db_pool_idle"])
        .set(idle as i64);
    if let Ok((pending, failed)) = crate::mail::outbox_counts(app).await {
        m.gauges.with_label_values(&["outbox_pending"]).set(pending);
        m.gauges.with_label_values(&["outbox_failed"]).set(failed);
    }
    (
        rocket::http::ContentType::new("text", "plain").with_params(("version", "0.0.4")),
        crate::metrics::render(),
    )
}
