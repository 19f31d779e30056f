//! Answers computed from a zone's data, kept until the zone's history moves on.
//!
//! Every change to a zone records an event on its hash chain in the same transaction, so the
//! chain's length (`zones.chain_seq`) is a version number of everything the zone shows: an answer
//! stored with the version it was computed at is fresh exactly while the version is unchanged.
//! That makes figures and lists that read a whole zone cost one small lookup per request, with
//! no invalidation to forget, and stays correct with several servers on one PostgreSQL database
//! (each compares against the version it reads).

use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct Memo<K, V> {
    entries: Mutex<HashMap<K, (i64, Arc<V>)>>,
    capacity: usize,
}

impl<K: Eq + Hash, V> Memo<K, V> {
    pub fn new(capacity: usize) -> Self {
        Memo {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The answer for `key` if it was computed at `version`.
    pub fn get(&self, key: &K, version: i64) -> Option<Arc<V>> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, a)| a.clone())
    }

    pub fn put(&self, key: K, version: i64, value: Arc<V>) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded without bookkeeping: a full table starts over (entries are cheap to recompute).
        if map.len() >= self.capacity && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (version, value));
    }
}

/// A zone, a period and the day it was asked on (figures count "late" against today).
pub type PeriodKey = (i64, NaiveDate, NaiveDate, NaiveDate);

/// The memos the server keeps, one per kind of answer.
pub struct Memos {
    pub figures: Memo<PeriodKey, super::deadlines::Figures>,
    pub report: Memo<PeriodKey, super::report::Report>,
    /// A zone's public items, per page.
    pub public_items: Memo<(i64, i64), Vec<crate::db::items::Item>>,
    /// What is late and due in a zone (keyed by zone and today).
    pub overview: Memo<PeriodKey, super::deadlines::Overview>,
}

impl Default for Memos {
    fn default() -> Self {
        Memos {
            figures: Memo::new(4096),
            report: Memo::new(1024),
            public_items: Memo::new(1024),
            overview: Memo::new(1024),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_fresh_only_at_its_version() {
        let m: Memo<&str, u32> = Memo::new(10);
        assert!(m.get(&"a", 1).is_none());
        m.put("a", 1, Arc::new(7));
        assert_eq!(m.get(&"a", 1).as_deref(), Some(&7));
        assert!(m.get(&"a", 2).is_none(), "the zone moved on");
        m.put("a", 2, Arc::new(8));
        assert_eq!(m.get(&"a", 2).as_deref(), Some(&8));
    }

    #[test]
    fn a_full_table_starts_over() {
        let m: Memo<u32, u32> = Memo::new(2);
        m.put(1, 1, Arc::new(1));
        m.put(2, 1, Arc::new(2));
        m.put(2, 2, Arc::new(3));
        assert!(m.get(&1, 1).is_some(), "replacing a key does not clear");
        m.put(3, 1, Arc::new(3));
        assert!(m.get(&1, 1).is_none());
        assert!(m.get(&3, 1).is_some());
    }
}
