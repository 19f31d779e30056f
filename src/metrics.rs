//! What an operator watches, in the Prometheus text format (`GET /metrics`): requests per route
//! and status with their latency, the database pool, how long SQLite writers wait for their turn,
//! the outbox, the deadline keeper and the kept answers. One registry per process: each instance
//! of a deployment is scraped on its own.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::sync::OnceLock;

pub struct Metrics {
    pub registry: Registry,
    pub requests: IntCounterVec,
    pub request_seconds: HistogramVec,
    /// Requests being answered now: what a stop that ran out of time cut off.
    pub in_flight: IntGauge,
    pub write_wait_seconds: Histogram,
    /// SQLite write transactions made durable by one COMMIT.
    pub write_group_size: Histogram,
    pub keeper_runs: IntCounter,
    pub memo: IntCounterVec,
    /// Set at each scrape: pool size and idle connections, outbox by state.
    pub gauges: IntGaugeVec,
}

/// Buckets from half a millisecond to ten seconds: pages answer in milliseconds, a queued write
/// may take seconds when something is wrong.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

pub fn get() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(|| {
        let registry = Registry::new_custom(Some("burgerstem".into()), None).expect("registry");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route and status"),
            &["method", "route", "status"],
        )
        .expect("metric");
        let request_seconds = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route")
                .buckets(BUCKETS.to_vec()),
            &["method", "route"],
        )
        .expect("metric");
        let in_flight =
            IntGauge::new("http_requests_in_flight", "Requests being answered").expect("metric");
        let write_wait_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "sqlite_write_wait_seconds",
                "Time a SQLite writer waited for its turn",
            )
            .buckets(BUCKETS.to_vec()),
        )
        .expect("metric");
        let write_group_size = Histogram::with_opts(
            HistogramOpts::new(
                "sqlite_write_group_size",
                "SQLite write transactions committed together (one fsync)",
            )
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
        )
        .expect("metric");
        let keeper_runs = IntCounter::new("keeper_runs_total", "Deadline keeper runs").expect("m");
        let memo = IntCounterVec::new(
            Opts::new("kept_answers_total", "Kept answers used or recomputed"),
            &["answer", "result"],
        )
        .expect("metric");
        let gauges = IntGaugeVec::new(
            Opts::new("state", "Database pool and outbox, read at each scrape"),
            &["what"],
        )
        .expect("metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(request_seconds.clone()),
            Box::new(in_flight.clone()),
            Box::new(write_wait_seconds.clone()),
            Box::new(write_group_size.clone()),
            Box::new(keeper_runs.clone()),
            Box::new(memo.clone()),
            Box::new(gauges.clone()),
        ] {
            registry.register(c).expect("register");
        }
        Metrics {
            registry,
            requests,
            request_seconds,
            in_flight,
            write_wait_seconds,
            write_group_size,
            keeper_runs,
            memo,
            gauges,
        }
    })
}

/// The text exposition of every metric.
pub fn render() -> String {
    let mut out = vec![];
    let _ = TextEncoder::new().encode(&get().registry.gather(), &mut out);
    String::from_utf8(out).unwrap_or_default()
}
