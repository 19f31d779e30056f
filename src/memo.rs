//! Answers computed from a zone's data, kept until the zone's history moves on.
//!
//! Every change to a zone records an event on its hash chain in the same transaction, so the
//! chain's length (`zones.chain_seq`) is a version number of everything the zone shows: an answer
//! stored with the version it was computed at is fresh exactly while the version is unchanged.
//! That makes figures and lists that read a whole zone cost one small lookup per request, with
//! no invalidation to forget, and stays correct with several servers on one PostgreSQL database
//! (each compares against the version it reads).
//!
//! When the zone changes while many people read it (a council meeting, a press article), the
//! first reader recomputes and the others are served the previous answer meanwhile, for at most
//! [`RECOMPUTE_WINDOW`]; one after another, every reader sees the change at once.
//!
//! The store ([`Memos`]) knows no kind of answer: each kind is declared ([`Kind`]) beside the
//! code that computes it, which reads and fills its memo (`app.memo.of::<Kind>()`).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long others are served the previous answer while one request recomputes it.
pub const RECOMPUTE_WINDOW: Duration = Duration::from_secs(1);

tokio::task_local! {
    static FRESH_ONLY: ();
}

/// Runs `work` so that every memo it reads answers only at the version asked for, never with
/// the previous answer while another request recomputes it. For work whose result is kept in turn
/// under the version read before it began (a page's rendered body): a part served from before
/// that version would otherwise stay in the kept result for as long as the zone stays unchanged.
pub async fn fresh<F: std::future::Future>(work: F) -> F::Output {
    FRESH_ONLY.scope((), work).await
}

fn fresh_only() -> bool {
    FRESH_ONLY.try_with(|_| ()).is_ok()
}

struct Entry<V> {
    version: i64,
    value: Arc<V>,
    /// Since when a request is computing a newer answer.
    computing: Option<Instant>,
}

pub struct Memo<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    capacity: usize,
    /// Its name in `/metrics`.
    name: &'static str,
}

impl<K: Eq + Hash, V> Memo<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self::named("answer", capacity)
    }

    pub fn named(name: &'static str, capacity: usize) -> Self {
        Memo {
            entries: Mutex::new(HashMap::new()),
            capacity,
            name,
        }
    }

    /// The answer for `key` if it was computed at `version`; or the previous answer while
    /// another request computes the new one. `None` asks the caller to compute and `put` it.
    pub fn get(&self, key: &K, version: i64) -> Option<Arc<V>> {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let m = &crate::metrics::get().memo;
        let Some(e) = map.get_mut(key) else {
            m.with_label_values(&[self.name, "miss"]).inc();
            return None;
        };
        if e.version == version {
            m.with_label_values(&[self.name, "hit"]).inc();
            return Some(e.value.clone());
        }
        m.with_label_values(&[self.name, "stale"]).inc();
        if fresh_only() {
            return None;
        }
        match e.computing {
            Some(since) if since.elapsed() < RECOMPUTE_WINDOW && e.version < version => {
                Some(e.value.clone())
            }
            _ => {
                e.computing = Some(Instant::now());
                None
            }
        }
    }

    pub fn put(&self, key: K, version: i64, value: Arc<V>) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded without bookkeeping: a full table starts over (entries are cheap to recompute).
        if map.len() >= self.capacity && !map.contains_key(&key) {
            map.clear();
        }
        // An answer computed from older data never replaces a newer one.
        if map.get(&key).is_some_and(|e| e.version > version) {
            return;
        }
        map.insert(
            key,
            Entry {
                version,
                value,
                computing: None,
            },
        );
    }
}

/// One kind of kept answer, declared by the module that computes it (a type of its own, so no
/// other module's memo can be mistaken for it).
pub trait Kind: 'static {
    type Key: Eq + Hash + Send + 'static;
    type Value: Send + Sync + 'static;
    /// Its name in `/metrics`.
    const NAME: &'static str;
    /// How many answers it keeps.
    const CAPACITY: usize;
}

/// The memos the server keeps, one per kind of answer, each made on first use.
#[derive(Default)]
pub struct Memos {
    kinds: RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Memos {
    /// The memo of answers of kind `K`.
    pub fn of<K: Kind>(&self) -> Arc<Memo<K::Key, K::Value>> {
        let id = TypeId::of::<K>();
        let kept = self
            .kinds
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned();
        let memo = match kept {
            Some(m) => m,
            None => self
                .kinds
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .entry(id)
                .or_insert_with(|| Arc::new(Memo::<K::Key, K::Value>::named(K::NAME, K::CAPACITY)))
                .clone(),
        };
        memo.downcast()
            .expect("a kind's memo has the kind's key and value types")
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
    fn while_one_recomputes_the_others_get_the_previous_answer() {
        let m: Memo<&str, u32> = Memo::new(10);
        m.put("a", 1, Arc::new(7));
        assert!(
            m.get(&"a", 2).is_none(),
            "the first reader after a change recomputes"
        );
        assert_eq!(
            m.get(&"a", 2).as_deref(),
            Some(&7),
            "the next one is not kept waiting"
        );
        m.put("a", 2, Arc::new(8));
        assert_eq!(m.get(&"a", 2).as_deref(), Some(&8));
        // A late answer from older data does not replace the newer one.
        m.put("a", 1, Arc::new(6));
        assert_eq!(m.get(&"a", 2).as_deref(), Some(&8));
        // A reader asking for an older version than the one held gets a recomputation.
        assert!(m.get(&"a", 1).is_none());
    }

    #[tokio::test]
    async fn work_that_is_kept_in_turn_never_gets_the_previous_answer() {
        let m: Memo<&str, u32> = Memo::new(10);
        m.put("a", 1, Arc::new(7));
        assert!(m.get(&"a", 2).is_none(), "one request recomputes");
        assert!(
            fresh(async { m.get(&"a", 2) }).await.is_none(),
            "inside `fresh`, a reader meanwhile recomputes too"
        );
        assert_eq!(
            m.get(&"a", 2).as_deref(),
            Some(&7),
            "outside it, the previous answer is still served meanwhile"
        );
        m.put("a", 2, Arc::new(8));
        assert_eq!(fresh(async { m.get(&"a", 2) }).await.as_deref(), Some(&8));
    }

    struct Small;
    impl Kind for Small {
        type Key = u32;
        type Value = u32;
        const NAME: &'static str = "small";
        const CAPACITY: usize = 2;
    }

    struct Other;
    impl Kind for Other {
        type Key = u32;
        type Value = u32;
        const NAME: &'static str = "other";
        const CAPACITY: usize = 2;
    }

    #[test]
    fn each_kind_has_its_own_memo_kept_across_calls() {
        let memos = Memos::default();
        memos.of::<Small>().put(1, 1, Arc::new(10));
        assert_eq!(memos.of::<Small>().get(&1, 1).as_deref(), Some(&10));
        assert!(
            memos.of::<Other>().get(&1, 1).is_none(),
            "the same key and value types, another kind"
        );
        assert!(
            Memos::default().of::<Small>().get(&1, 1).is_none(),
            "another server"
        );
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
