//! What a search reads from a segment and later searches share: a segment never changes,
//! so the documents a filter lets through there are read once. Bounded in bytes, the
//! least recently used dropped first.

use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// How many bytes a kept value takes.
pub(crate) trait Bytes {
    fn bytes(&self) -> usize;
}

impl Bytes for tantivy::BitSet {
    fn bytes(&self) -> usize {
        (self.max_value() as usize).div_ceil(8)
    }
}

/// Values under keys, at most `limit` bytes in all (but always the newest).
pub(crate) struct Kept<K: Hash + Eq, V> {
    values: Mutex<(lru::LruCache<K, Arc<V>>, usize)>,
    limit: usize,
}

impl<K: Hash + Eq, V: Bytes> Kept<K, V> {
    pub(crate) fn new(limit: usize) -> Self {
        Self { values: Mutex::new((lru::LruCache::unbounded(), 0)), limit }
    }

    /// The value under `key`, read by `read` the first time (outside the lock: another
    /// search may read it meanwhile, and the later one is kept).
    pub(crate) fn get_or_read(&self, key: K, read: impl FnOnce() -> tantivy::Result<V>) -> tantivy::Result<Arc<V>> {
        if let Some(value) = self.lock().0.get(&key) {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(read()?);
        let mut kept = self.lock();
        let (values, bytes) = &mut *kept;
        *bytes += value.bytes();
        if let Some(old) = values.put(key, Arc::clone(&value)) {
            *bytes -= old.bytes();
        }
        while *bytes > self.limit && values.len() > 1 {
            if let Some((_, old)) = values.pop_lru() {
                *bytes -= old.bytes();
            }
        }
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (lru::LruCache<K, Arc<V>>, usize)> {
        self.values.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
