//! Pages as a guest sees them, kept for a moment (issue 20). The storefront's busiest pages
//! (home, a group, a province, a shop, a product) are the same for every guest but for the
//! CSRF token in their forms, and cost a dozen or more queries to build. A guest without a
//! cart is served the page rendered for the last guest, with their own token put in.
//!
//! Fresh enough: an entry is filed under the search index's stamp, which moves with every
//! change the outbox brings in (a listing approved, repriced, out of stock, reviewed; a
//! rebuild), so the next view after such a change builds the page again; what the outbox
//! does not carry shows on the next view after any write this instance answered (a POST,
//! PUT, PATCH or DELETE that succeeded: a new question, a shop going on vacation), and
//! within `page_cache_ms` when another instance took it.
//! Signed-in people and guests with a cart never get a kept page. Each instance keeps its
//! own (its index follows the same outbox), so several instances agree within that time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::i18n::Lang;

/// The search index's stamp and this instance's count of writes when a page's data was
/// read: a page is served again only under the same mark.
pub type Mark = (u64, u64, u64);

/// What a kept page is filed under: the language and the path with its query.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Key {
    lang: Lang,
    path: String,
}

struct Entry {
    stamp: Mark,
    at: Instant,
    html: std::sync::Arc<str>,
    /// Since when one request has been building this page again: the others are served
    /// this copy meanwhile rather than all building it at once when it ages.
    rebuilding: Option<Instant>,
}

/// How long the others wait on one request rebuilding a page before another tries.
const REBUILD_PATIENCE: Duration = Duration::from_secs(2);

/// How the cache has done since the gateway started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
    pub bytes: usize,
}

struct Entries {
    pages: lru::LruCache<Key, Entry>,
    bytes: usize,
}

pub struct PageCache {
    ttl: Duration,
    max_bytes: usize,
    /// Rendered where the CSRF token goes; letters and digits only, so escaping leaves it
    /// as it is, and unguessable, so no page text can contain it.
    slot: String,
    entries: Mutex<Entries>,
    /// Writes this instance answered: each makes every kept page out of date.
    writes: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PageCache {
    /// Keeps pages for `ttl` (zero: never) in up to `max_bytes`.
    pub fn new(ttl: Duration, max_bytes: usize) -> Self {
        Self {
            ttl,
            max_bytes,
            slot: format!("csrfslot{}", uuid::Uuid::new_v4().simple()),
            entries: Mutex::new(Entries { pages: lru::LruCache::unbounded(), bytes: 0 }),
            writes: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.max_bytes > 0
    }

    /// A write went through on this instance: kept pages are built again on their next view.
    pub fn touch(&self) {
        self.writes.fetch_add(1, Ordering::Release);
    }

    /// What a page's data read now is filed under: the search index's `stamp` and the
    /// writes so far. Take it before reading the data.
    pub fn mark(&self, stamp: (u64, u64)) -> Mark {
        (stamp.0, stamp.1, self.writes.load(Ordering::Acquire))
    }

    /// What a page rendered for keeping carries instead of a CSRF token.
    pub fn slot(&self) -> &str {
        &self.slot
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The kept page for `path` in `lang` if it was rendered under `stamp` less than the
    /// time to keep ago, with `csrf_token` in its forms; counted as a hit or a miss. When
    /// the kept page is out of date, the first caller gets `None` and builds it again while
    /// the next ones are served the old copy, for at most [`REBUILD_PATIENCE`]: a page ages
    /// under load without every request building it at the same moment.
    pub fn get(&self, lang: Lang, path: &str, stamp: Mark, csrf_token: &str) -> Option<String> {
        let key = Key { lang, path: path.to_owned() };
        let html = {
            let mut entries = self.lock();
            match entries.pages.get_mut(&key) {
                Some(e) if e.stamp == stamp && e.at.elapsed() < self.ttl => Some(std::sync::Arc::clone(&e.html)),
                Some(e) if e.rebuilding.is_some_and(|since| since.elapsed() < REBUILD_PATIENCE) => {
                    Some(std::sync::Arc::clone(&e.html))
                }
                Some(e) => {
                    e.rebuilding = Some(Instant::now());
                    None
                }
                None => None,
            }
        };
        match html {
            Some(html) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(html.replace(&self.slot, csrf_token))
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Drops the kept page for `path` in `lang`: its rebuild ended without a page (the
    /// product was taken down, the shop closed), so nobody may be served the old copy.
    pub fn forget(&self, lang: Lang, path: &str) {
        let key = Key { lang, path: path.to_owned() };
        let mut entries = self.lock();
        if let Some(old) = entries.pages.pop(&key) {
            entries.bytes -= old.html.len() + key.path.len();
        }
    }

    /// Keeps `html` (rendered with [`Self::slot`] for the token) for `path` in `lang`,
    /// read under `stamp`; the least recently served pages go first past the budget.
    pub fn put(&self, lang: Lang, path: &str, stamp: Mark, html: &str) {
        let size = html.len() + path.len();
        if size > self.max_bytes / 4 {
            return;
        }
        let key = Key { lang, path: path.to_owned() };
        let entry = Entry { stamp, at: Instant::now(), html: std::sync::Arc::from(html), rebuilding: None };
        let mut entries = self.lock();
        if let Some(old) = entries.pages.put(key, entry) {
            entries.bytes -= old.html.len() + path.len();
        }
        entries.bytes += size;
        while entries.bytes > self.max_bytes {
            match entries.pages.pop_lru() {
                Some((k, e)) => entries.bytes -= e.html.len() + k.path.len(),
                None => break,
            }
        }
    }

    pub fn stats(&self) -> PageCacheStats {
        let entries = self.lock();
        PageCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: entries.pages.len(),
            bytes: entries.bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_with_the_readers_token_until_the_stamp_moves_or_it_ages() {
        let cache = PageCache::new(Duration::from_secs(60), 1 << 20);
        let html = format!("<input name=csrf_token value=\"{}\"><p>Trà</p>", cache.slot());
        cache.put(Lang::Vi, "/san-pham/tra", (1, 1, 0), &html);
        let served = cache.get(Lang::Vi, "/san-pham/tra", (1, 1, 0), "abc");
        assert_eq!(served.as_deref(), Some("<input name=csrf_token value=\"abc\"><p>Trà</p>"));
        assert_eq!(cache.get(Lang::En, "/san-pham/tra", (1, 1, 0), "abc"), None, "another language is another page");
        assert_eq!(cache.get(Lang::Vi, "/san-pham/tra?dg=2", (1, 1, 0), "abc"), None, "the query is part of the page");
        assert_eq!(cache.get(Lang::Vi, "/san-pham/tra", (1, 2, 0), "abc"), None, "the index moved on: build it again");
        assert!(cache.get(Lang::Vi, "/san-pham/tra", (1, 2, 0), "xyz").is_some(), "others get the old copy meanwhile");
        cache.forget(Lang::Vi, "/san-pham/tra");
        assert_eq!(cache.get(Lang::Vi, "/san-pham/tra", (1, 2, 0), "xyz"), None, "a failed rebuild leaves no copy");
        cache.put(Lang::Vi, "/san-pham/tra", (1, 2, 0), "<p>Trà mới</p>");
        assert_eq!(cache.get(Lang::Vi, "/san-pham/tra", (1, 2, 0), "abc").as_deref(), Some("<p>Trà mới</p>"));
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (3, 4, 1));

        let aged = PageCache::new(Duration::from_millis(1), 1 << 20);
        aged.put(Lang::Vi, "/", (1, 1, 0), "<p>home</p>");
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(aged.get(Lang::Vi, "/", (1, 1, 0), "abc"), None, "kept only for the time to keep");
    }

    #[test]
    fn the_least_recently_served_pages_go_first_past_the_budget() {
        let cache = PageCache::new(Duration::from_secs(60), 400);
        let page = "x".repeat(90);
        for path in ["/a", "/b", "/c", "/d"] {
            cache.put(Lang::Vi, path, (1, 1, 0), &page);
        }
        assert!(cache.get(Lang::Vi, "/a", (1, 1, 0), "t").is_some());
        cache.put(Lang::Vi, "/e", (1, 1, 0), &page);
        assert!(cache.get(Lang::Vi, "/b", (1, 1, 0), "t").is_none(), "the least recently served went");
        assert!(cache.get(Lang::Vi, "/a", (1, 1, 0), "t").is_some());
        assert!(cache.stats().bytes <= 400);
        assert!(!PageCache::new(Duration::ZERO, 1 << 20).enabled());
    }

    #[test]
    fn a_write_on_this_instance_makes_kept_pages_out_of_date() {
        let cache = PageCache::new(Duration::from_secs(60), 1 << 20);
        let before = cache.mark((1, 1));
        cache.put(Lang::Vi, "/", before, "<p>home</p>");
        assert!(cache.get(Lang::Vi, "/", cache.mark((1, 1)), "t").is_some());
        cache.touch();
        assert_ne!(cache.mark((1, 1)), before);
        assert!(cache.get(Lang::Vi, "/", cache.mark((1, 1)), "t").is_none(), "built again after the write");
    }
}
