//! Answers to searches already made, kept while the index they were read from is the one
//! serving. An answer is filed under everything that shapes it (the query's words as the
//! index reads them, every filter, the sort and the page) and under the index and reader
//! generation it came from: the first search on a newer generation (an outbox commit, a
//! swapped-in rebuild) empties the cache, so an answer is never older than the index. The
//! least recently used answers go first once the cache holds its budget of bytes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::types::{Results, SearchParams, SearchSort};

/// An index and the reader generation a search ran on; both only grow.
pub(crate) type Stamp = (u64, u64);

/// A search as asked of one generation of one index.
pub(crate) type SearchId = (Stamp, Key);

/// Everything about a search that can change its answer.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Key {
    /// The query as the index reads it (see [`crate::query::normalized`]).
    words: String,
    /// Nothing but spaces typed: no "did you mean" is offered then.
    blank: bool,
    category: Option<String>,
    province: Option<String>,
    shop: Option<String>,
    min_stars: Option<u8>,
    min_price: Option<i64>,
    max_price: Option<i64>,
    sort: SearchSort,
    page: usize,
    per_page: usize,
}

impl Key {
    pub(crate) fn of(params: &SearchParams) -> Self {
        Self {
            words: crate::query::normalized(&params.q),
            blank: params.q.trim().is_empty(),
            category: params.category.clone(),
            province: params.province.clone(),
            shop: params.shop.clone(),
            min_stars: params.min_stars,
            min_price: params.min_price,
            max_price: params.max_price,
            sort: params.sort,
            page: params.page,
            per_page: params.per_page,
        }
    }

    fn bytes(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        std::mem::size_of::<Self>() + self.words.len() + text(&self.category) + text(&self.province) + text(&self.shop)
    }
}

/// Roughly what an answer takes in memory.
fn results_bytes(r: &Results) -> usize {
    let hits: usize = r
        .hits
        .iter()
        .map(|h| {
            std::mem::size_of_val(h)
                + h.sku.len()
                + h.slug.len()
                + h.name.len()
                + h.shop.len()
                + h.shop_name.len()
                + h.province.len()
                + h.category.len()
                + h.thumb.as_ref().map_or(0, String::len)
                + h.name_marks.len() * std::mem::size_of::<(usize, usize)>()
        })
        .sum();
    let facets: usize =
        r.facets.iter().map(|(k, v)| k.len() + v.keys().map(|k| k.len() + 48).sum::<usize>() + 48).sum();
    let suggestions: usize = r.suggestions.iter().map(|s| s.text.len() + s.slug.len() + 48).sum();
    std::mem::size_of::<Results>() + hits + facets + suggestions
}

/// How the cache has done since the gateway started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
    pub bytes: usize,
}

struct Entries {
    stamp: Stamp,
    answers: lru::LruCache<Key, (Arc<Results>, usize)>,
    bytes: usize,
}

impl Entries {
    /// Moves on to `stamp` if it is newer (emptying the cache); false for an older one.
    fn current(&mut self, stamp: Stamp) -> bool {
        if stamp > self.stamp {
            self.answers.clear();
            self.bytes = 0;
            self.stamp = stamp;
        }
        stamp == self.stamp
    }
}

pub struct ResultCache {
    max_bytes: usize,
    entries: Mutex<Entries>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ResultCache {
    /// A cache holding up to `max_bytes` of answers.
    pub fn new(max_bytes: usize) -> Self {
        Self {
            max_bytes,
            entries: Mutex::new(Entries { stamp: (0, 0), answers: lru::LruCache::unbounded(), bytes: 0 }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The answer filed under `key` for the index generation `stamp`, if any, counted as a
    /// hit or a miss.
    pub(crate) fn get(&self, stamp: Stamp, key: &Key) -> Option<Arc<Results>> {
        let found = self.find(stamp, key);
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// [`Self::get`], counting only a hit (the search that follows a miss counts it).
    pub(crate) fn peek(&self, stamp: Stamp, key: &Key) -> Option<Arc<Results>> {
        let found = self.find(stamp, key);
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    fn find(&self, stamp: Stamp, key: &Key) -> Option<Arc<Results>> {
        self.entries.lock().ok().and_then(|mut entries| {
            if entries.current(stamp) { entries.answers.get(key).map(|(r, _)| Arc::clone(r)) } else { None }
        })
    }

    /// Files `results`, read from generation `stamp`, unless a newer generation serves by now.
    pub(crate) fn put(&self, stamp: Stamp, key: Key, results: Arc<Results>) {
        let size = key.bytes() + results_bytes(&results);
        if size > self.max_bytes {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else { return };
        if !entries.current(stamp) {
            return;
        }
        if let Some((_, old)) = entries.answers.put(key, (results, size)) {
            entries.bytes -= old;
        }
        entries.bytes += size;
        while entries.bytes > self.max_bytes {
            let Some((_, (_, freed))) = entries.answers.pop_lru() else { break };
            entries.bytes -= freed;
        }
    }

    pub fn stats(&self) -> CacheStats {
        let (entries, bytes) = self.entries.lock().map_or((0, 0), |e| (e.answers.len(), e.bytes));
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries,
            bytes,
        }
    }
}

/// A number for each index opened in this process, so answers from a replaced index are
/// never taken for the new one's.
pub(crate) fn next_index_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
