//! Throttles kept in the database, so that every instance of a deployment counts together.
//!
//! Two shapes:
//! - [`Failures`]: password and code checks. A few failures are free; after that each new try
//!   must wait longer (1 s, 2 s, 4 s … up to a ceiling). A try is counted *before* the check and
//!   given back on success, so a burst of parallel guesses cannot slip past the count.
//! - [`Rate`]: the generic cell rate algorithm (a burst, then one every interval), for anonymous
//!   signals.
//!
//! Keys are stored as SHA-256 hashes: the table holds no address and no e-mail in the clear.

use crate::db::account::{self as db, Throttle};
use crate::db::{DbResult, Ex};
use chrono::{DateTime, Duration, Utc};

/// How long to wait before trying again, in whole seconds (at least 1), for `Retry-After`.
pub fn seconds(d: Duration) -> u64 {
    (d.num_milliseconds().max(0) as u64).div_ceil(1000).max(1)
}

fn key_hash(key: &str) -> String {
    crate::secrets::token_hash(key)
}

/// Growing delays after repeated failures.
#[derive(Debug, Clone, Copy)]
pub struct Failures {
    /// Failures in a row that cost nothing.
    pub free: i64,
    /// The first delay after the free failures; each further failure doubles it.
    pub first: Duration,
    pub ceiling: Duration,
    /// A key nobody tried for this long starts again from zero.
    pub forget_after: Duration,
}

impl Failures {
    /// Per e-mail address (or per device that signed in before): five free tries, then 1, 2, 4 …
    /// seconds up to 15 minutes.
    pub const ACCOUNT: Failures = Failures {
        free: 5,
        first: Duration::seconds(1),
        ceiling: Duration::minutes(15),
        forget_after: Duration::hours(24),
    };
    /// Per client address: many people may share one (an office, a care home's Wi-Fi).
    pub const CLIENT: Failures = Failures {
        free: 20,
        first: Duration::seconds(1),
        ceiling: Duration::minutes(15),
        forget_after: Duration::hours(1),
    };

    /// The wait after `failures` failures in a row.
    pub fn delay(&self, failures: i64) -> Duration {
        if failures <= self.free {
            return Duration::zero();
        }
        let doublings = (failures - self.free - 1).min(30) as u32;
        let ms = self
            .first
            .num_milliseconds()
            .saturating_mul(1i64 << doublings);
        Duration::milliseconds(ms).min(self.ceiling)
    }
}

/// One failure-counted key of an attempt.
pub struct Attempt<'a> {
    pub key: &'a str,
    pub policy: Failures,
}

/// Counts an attempt on every key before the check is made. Returns how long to wait when any
/// key is still blocked (nothing is counted then).
#[tracing::instrument(name = "throttle::begin_attempt", level = "debug", skip_all)]
pub async fn begin_attempt(
    ex: &mut Ex<'_>,
    keys: &[Attempt<'_>],
    now: DateTime<Utc>,
) -> DbResult<Result<(), Duration>> {
    let mut rows = Vec::with_capacity(keys.len());
    let mut wait = Duration::zero();
    for k in keys {
        let h = key_hash(k.key);
        let mut t = db::lock_throttle(ex, &h, now).await?;
        if t.blocked_until.is_some_and(|b| b > now) {
            wait = wait.max(t.blocked_until.unwrap_or(now) - now);
        }
        forget_if_stale(&mut t, k.policy, now);
        rows.push((h, t, k.policy));
    }
    if wait > Duration::zero() {
        return Ok(Err(wait));
    }
    for (h, mut t, policy) in rows {
        t.failures += 1;
        let delay = policy.delay(t.failures);
        t.blocked_until = (delay > Duration::zero()).then(|| now + delay);
        db::save_throttle(ex, &h, &t, now).await?;
    }
    Ok(Ok(()))
}

/// A key nobody tried for a while starts again from zero.
fn forget_if_stale(t: &mut Throttle, policy: Failures, now: DateTime<Utc>) {
    let last = t.updated_at.max(t.blocked_until.unwrap_or(t.updated_at));
    if now - last > policy.forget_after {
        t.failures = 0;
        t.blocked_until = None;
    }
}

/// The check passed: the keys of the person start again from zero. Keys shared with others (a
/// client address) only give back the one try this attempt counted.
#[tracing::instrument(name = "throttle::succeeded", level = "debug", skip_all)]
pub async fn succeeded(
    ex: &mut Ex<'_>,
    own: &[&str],
    shared: &[&str],
    now: DateTime<Utc>,
) -> DbResult<()> {
    for k in own {
        let h = key_hash(k);
        db::save_throttle(ex, &h, &Throttle::fresh(now), now).await?;
    }
    for k in shared {
        let h = key_hash(k);
        let mut t = db::lock_throttle(ex, &h, now).await?;
        t.failures = (t.failures - 1).max(0);
        if t.failures == 0 {
            t.blocked_until = None;
        }
        db::save_throttle(ex, &h, &t, now).await?;
    }
    Ok(())
}

/// A burst, then one every `interval`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: i32,
    pub interval: Duration,
}

impl Rate {
    /// A person sends one signal, perhaps a few (a family at one computer, a group on one Wi-Fi):
    /// five at once, then one every 20 seconds. A script gets nowhere.
    pub const SIGNALS_PER_CLIENT: Rate = Rate {
        burst: 5,
        interval: Duration::seconds(20),
    };
    /// A zone hears a few signals a week; thirty at once, then one a minute, is far above that and
    /// still bounds what a flood from many addresses can store.
    pub const SIGNALS_PER_ZONE: Rate = Rate {
        burst: 30,
        interval: Duration::minutes(1),
    };
}

/// Takes one cell of `key`'s rate, or says how long to wait. Runs inside the caller's write
/// transaction, so a request that is rolled back gives its cell back.
#[tracing::instrument(name = "throttle::take", level = "debug", skip_all)]
pub async fn take(
    ex: &mut Ex<'_>,
    key: &str,
    rate: Rate,
    now: DateTime<Utc>,
) -> DbResult<Result<(), Duration>> {
    let h = key_hash(key);
    let mut t = db::lock_throttle(ex, &h, now).await?;
    let tolerance = rate.interval * (rate.burst - 1);
    let tat = t.tat.map_or(now, |tat| tat.max(now));
    if tat - now > tolerance {
        return Ok(Err(tat - now - tolerance));
    }
    t.tat = Some(tat + rate.interval);
    db::save_throttle(ex, &h, &t, now).await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_the_free_failures_and_stop_at_the_ceiling() {
        let p = Failures::ACCOUNT;
        assert_eq!(p.delay(5), Duration::zero());
        assert_eq!(p.delay(6), Duration::seconds(1));
        assert_eq!(p.delay(7), Duration::seconds(2));
        assert_eq!(p.delay(10), Duration::seconds(16));
        assert_eq!(p.delay(40), Duration::minutes(15));
        assert_eq!(p.delay(1000), Duration::minutes(15));
        assert_eq!(seconds(Duration::milliseconds(1500)), 2);
        assert_eq!(seconds(Duration::zero()), 1);
    }
}
