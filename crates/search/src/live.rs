//! The index a running gateway serves, swappable while it serves: a new generation is put
//! in place atomically; queries already running finish on the one they started with. It
//! may keep answers to repeated searches ([`ResultCache`]), dropped on every index change,
//! and runs a search asked again while it runs only once ([`crate::flights`]).

use std::sync::{Arc, RwLock};

use ocop_core::Error;
use sea_orm::ConnectionTrait;

use crate::cache::{CacheStats, ResultCache, SearchId};
use crate::flights::Flights;
use crate::index::SearchIndex;
use crate::types::{Results, SearchParams, Suggestion};

struct Current {
    index: Arc<SearchIndex>,
    generation: Option<String>,
}

pub struct LiveIndex {
    current: RwLock<Current>,
    cache: Option<ResultCache>,
    flights: Flights,
}

impl LiveIndex {
    /// Serves `index`, which belongs to no on-disk generation.
    pub fn new(index: SearchIndex) -> Self {
        Self::with_cache(index, 0)
    }

    /// Serves `index`, keeping up to `cache_bytes` of answers to repeated searches (0: none).
    pub fn with_cache(index: SearchIndex, cache_bytes: usize) -> Self {
        Self {
            current: RwLock::new(Current { index: Arc::new(index), generation: None }),
            cache: (cache_bytes > 0).then(|| ResultCache::new(cache_bytes)),
            flights: Flights::default(),
        }
    }

    /// How the answer cache has done, if there is one.
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.cache.as_ref().map(ResultCache::stats)
    }

    /// The index serving now.
    pub fn get(&self) -> Arc<SearchIndex> {
        match self.current.read() {
            Ok(c) => Arc::clone(&c.index),
            Err(poisoned) => Arc::clone(&poisoned.into_inner().index),
        }
    }

    /// The stamp of the index serving now ([`SearchIndex::stamp`]): a swapped-in rebuild
    /// gets a newer index id, an outbox commit a newer reader generation.
    pub fn stamp(&self) -> (u64, u64) {
        self.get().stamp()
    }

    /// The on-disk generation serving now, if any.
    pub fn generation(&self) -> Option<String> {
        match self.current.read() {
            Ok(c) => c.generation.clone(),
            Err(poisoned) => poisoned.into_inner().generation.clone(),
        }
    }

    /// Serves `index` (of `generation`) from now on; returns the one it replaces.
    pub fn swap(&self, index: SearchIndex, generation: Option<String>) -> Arc<SearchIndex> {
        let mut next = Current { index: Arc::new(index), generation };
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::mem::swap(&mut *guard, &mut next);
        next.index
    }

    /// The cached answer to `params`, if the cache holds one for the index serving now.
    /// Nothing is counted when there is none: [`Self::search`] counts that miss.
    pub fn cached(&self, params: &SearchParams) -> Option<Arc<Results>> {
        self.peek(&self.get().search_id(params)?)
    }

    fn peek(&self, (stamp, key): &SearchId) -> Option<Arc<Results>> {
        self.cache.as_ref()?.peek(*stamp, key)
    }

    /// # Errors
    /// See [`SearchIndex::search`].
    pub fn search(&self, params: &SearchParams) -> Result<Arc<Results>, Error> {
        let index = self.get();
        match &self.cache {
            Some(cache) => index.search_cached(params, cache),
            None => index.search(params).map(Arc::new),
        }
    }

    /// The answer to `params`: from the cache, or from the same search already running
    /// (answered once for everyone asking it meanwhile), or else from `run`, which is handed
    /// `params` and searches this index ([`Self::search`]), on whatever thread it likes.
    ///
    /// # Errors
    /// What `run` returns.
    pub async fn search_shared<Fut>(
        &self,
        params: SearchParams,
        run: impl FnOnce(SearchParams) -> Fut,
    ) -> Result<Arc<Results>, Error>
    where
        Fut: Future<Output = Result<Arc<Results>, Error>>,
    {
        // Refused parameters: `run` says why.
        let Some(id) = self.get().search_id(&params) else { return run(params).await };
        if let Some(found) = self.peek(&id) {
            return Ok(found);
        }
        self.flights.share(id, || run(params)).await
    }

    /// Searches answered by joining the same search already running.
    pub fn joined_searches(&self) -> u64 {
        self.flights.joined()
    }

    /// # Errors
    /// See [`SearchIndex::suggest`].
    pub fn suggest(&self, q: &str) -> Result<Vec<Suggestion>, Error> {
        self.get().suggest(q)
    }

    pub fn documents(&self) -> u64 {
        self.get().documents()
    }

    /// # Errors
    /// See [`SearchIndex::refresh`].
    pub async fn refresh<C: ConnectionTrait>(&self, db: &C, product_ids: &[i64]) -> Result<(), Error> {
        self.get().refresh(db, product_ids).await
    }

    /// # Errors
    /// See [`SearchIndex::rebuild`].
    pub async fn rebuild<C: ConnectionTrait>(&self, db: &C) -> Result<usize, Error> {
        self.get().rebuild(db).await
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::sync::Semaphore;

    use super::*;
    use crate::eval;
    use crate::types::SearchSort;

    fn params(q: &str) -> SearchParams {
        SearchParams { q: q.to_owned(), page: 1, per_page: 20, ..SearchParams::default() }
    }

    fn slugs(r: &Results) -> Vec<&str> {
        r.hits.iter().map(|h| h.slug.as_str()).collect()
    }

    fn live() -> (LiveIndex, Vec<crate::Listing>) {
        let (catalogue, _) = eval::dev_set().unwrap();
        (LiveIndex::with_cache(eval::index_catalogue(&catalogue).unwrap(), 1 << 20), catalogue.listings)
    }

    /// Lets every spawned task run up to where it waits (a current-thread runtime).
    async fn settle() {
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
    }

    type Asked = tokio::task::JoinHandle<Result<Arc<Results>, Error>>;

    /// Asks `q` on a task; the search it runs (if it runs one) is counted in `runs`, waits
    /// for a permit of `gate`, then fails if `fail` is set or else searches.
    fn ask(live: &Arc<LiveIndex>, q: &str, runs: &Arc<AtomicUsize>, gate: &Arc<Semaphore>, fail: bool) -> Asked {
        let (live, runs, gate, q) = (Arc::clone(live), Arc::clone(runs), Arc::clone(gate), q.to_owned());
        tokio::spawn(async move {
            let searching = Arc::clone(&live);
            live.search_shared(params(&q), |p| async move {
                runs.fetch_add(1, Ordering::SeqCst);
                drop(gate.acquire().await.unwrap());
                if fail { Err(Error::Internal("the search broke".into())) } else { searching.search(&p) }
            })
            .await
        })
    }

    #[tokio::test]
    async fn a_search_asked_again_while_it_runs_runs_once_and_everyone_gets_its_answer() {
        let live = Arc::new(live().0);
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        let same: Vec<Asked> = (0..6).map(|_| ask(&live, "nước mắm", &runs, &gate, false)).collect();
        let other = ask(&live, "mật ong", &runs, &gate, false);
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "one search for each question");
        assert_eq!(live.flights.in_flight(), 2);
        gate.add_permits(1);
        let mut answers = Vec::new();
        for asked in same {
            answers.push(asked.await.unwrap().unwrap());
        }
        assert!(answers.iter().all(|a| Arc::ptr_eq(a, &answers[0])), "one answer, shared");
        assert!(!answers[0].hits.is_empty());
        assert!(!Arc::ptr_eq(&other.await.unwrap().unwrap(), &answers[0]));
        assert_eq!((live.joined_searches(), live.flights.in_flight()), (5, 0));
        // Landed and cached: asked again, it is neither run nor joined.
        let again = ask(&live, "nước mắm", &runs, &gate, false).await.unwrap().unwrap();
        assert!(Arc::ptr_eq(&again, &answers[0]));
        assert_eq!((runs.load(Ordering::SeqCst), live.joined_searches()), (2, 5));
    }

    #[tokio::test]
    async fn whoever_joined_a_search_that_failed_or_went_away_runs_their_own() {
        let live = Arc::new(live().0);
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        // The request running the search goes away (its client hung up).
        let gone = ask(&live, "nước mắm", &runs, &gate, false);
        let joined = ask(&live, "nước mắm", &runs, &gate, false);
        settle().await;
        gone.abort();
        settle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "the one who joined searched anew");
        gate.add_permits(1);
        assert!(!joined.await.unwrap().unwrap().hits.is_empty());
        // The search fails: its error is its own, the one who joined searches anew.
        let failing = ask(&live, "mật ong", &runs, &gate, true);
        let joined = ask(&live, "mật ong", &runs, &gate, false);
        settle().await;
        assert!(failing.await.unwrap().is_err());
        assert!(!joined.await.unwrap().unwrap().hits.is_empty());
        assert_eq!((runs.load(Ordering::SeqCst), live.joined_searches(), live.flights.in_flight()), (4, 0, 0));
    }

    #[test]
    fn a_repeated_search_is_answered_from_the_cache_with_the_same_answer() {
        let (live, _) = live();
        assert!(live.cached(&params("nước mắm")).is_none());
        assert_eq!(live.cache_stats().unwrap(), CacheStats::default(), "a look that finds nothing counts nothing");
        let first = live.search(&params("nước mắm")).unwrap();
        // Typed otherwise but read alike by the index: the same search.
        let again = live.search(&params("  NƯỚC   mắm!")).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(Arc::ptr_eq(&first, &live.cached(&params("nước mắm")).unwrap()));
        let stats = live.cache_stats().unwrap();
        assert_eq!((stats.hits, stats.misses, stats.entries), (2, 1, 1));
        let uncached = live.get().search(&params("nước mắm")).unwrap();
        assert_eq!(slugs(&first), slugs(&uncached));
        assert_eq!((first.total, &first.facets), (uncached.total, &uncached.facets));
    }

    #[test]
    fn every_filter_sort_and_page_is_a_search_of_its_own() {
        let (live, _) = live();
        let base = params("trà");
        let variants = [
            SearchParams { category: Some("do-uong".into()), ..base.clone() },
            SearchParams { province: Some("quang-ninh".into()), ..base.clone() },
            SearchParams { shop: Some("htx-tra-hoa-vang-ba-che".into()), ..base.clone() },
            SearchParams { min_stars: Some(4), ..base.clone() },
            SearchParams { min_price: Some(100_000), ..base.clone() },
            SearchParams { max_price: Some(100_000), ..base.clone() },
            SearchParams { sort: SearchSort::PriceAsc, ..base.clone() },
            SearchParams { page: 2, ..base.clone() },
            SearchParams { per_page: 5, ..base.clone() },
            SearchParams { q: "trà xanh".into(), ..base.clone() },
            base.clone(),
        ];
        for p in &variants {
            let cached = live.search(p).unwrap();
            let direct = live.get().search(p).unwrap();
            assert_eq!((slugs(&cached), cached.total), (slugs(&direct), direct.total), "{p:?}");
        }
        let stats = live.cache_stats().unwrap();
        assert_eq!((stats.hits, stats.misses), (0, variants.len() as u64));
        // Nothing typed and only punctuation typed read alike, but only the second may offer
        // "did you mean": two searches.
        live.search(&params("")).unwrap();
        live.search(&params("?!")).unwrap();
        assert_eq!(live.cache_stats().unwrap().hits, 0);
    }

    #[test]
    fn a_commit_to_the_index_drops_every_cached_answer() {
        let (live, listings) = live();
        let before = live.search(&params("nước mắm")).unwrap();
        let gone = listings.iter().find(|l| l.slug == before.hits[0].slug).unwrap().clone();
        // What the outbox worker does when a listing is taken down.
        live.get().replace_some(&[gone.id], &[]).unwrap();
        let after = live.search(&params("nước mắm")).unwrap();
        assert!(!slugs(&after).contains(&gone.slug.as_str()), "a cached answer outlived the change");
        assert_eq!(after.total + 1, before.total);
        let stats = live.cache_stats().unwrap();
        assert_eq!((stats.hits, stats.misses, stats.entries), (0, 2, 1));
        // A new price, the same way.
        let mut cheaper = gone.clone();
        cheaper.price_vnd = 1_000;
        live.get().replace_some(&[], &[cheaper]).unwrap();
        let back = live.search(&params("nước mắm")).unwrap();
        assert_eq!(back.hits.iter().find(|h| h.slug == gone.slug).unwrap().price_vnd, 1_000);
    }

    #[test]
    fn a_swapped_in_index_never_serves_the_old_ones_answers() {
        let (live, listings) = live();
        live.search(&params("mật ong")).unwrap();
        let fewer: Vec<_> = listings.iter().filter(|l| !l.name.to_lowercase().contains("mật ong")).cloned().collect();
        let next = SearchIndex::in_memory().unwrap();
        next.replace_all(&fewer).unwrap();
        drop(live.swap(next, Some("gen-next".into())));
        let after = live.search(&params("mật ong")).unwrap();
        assert!(after.hits.iter().all(|h| !h.name.to_lowercase().contains("mật ong")));
        assert_eq!(live.cache_stats().unwrap().hits, 0);
    }

    #[test]
    fn the_cache_keeps_to_its_budget_and_an_older_generation_files_nothing() {
        let (catalogue, judgments) = eval::dev_set().unwrap();
        let live = LiveIndex::with_cache(eval::index_catalogue(&catalogue).unwrap(), 40_000);
        for j in &judgments.queries {
            live.search(&params(&j.q)).unwrap();
        }
        let stats = live.cache_stats().unwrap();
        assert!(stats.bytes <= 40_000 && stats.entries > 0 && stats.entries < judgments.queries.len(), "{stats:?}");
        // The least recently used went first: the last query is still there.
        live.search(&params(&judgments.queries.last().unwrap().q)).unwrap();
        assert_eq!(live.cache_stats().unwrap().hits, 1);

        let cache = ResultCache::new(1 << 20);
        let answer = Arc::new(live.get().search(&params("trà")).unwrap());
        let key = crate::cache::Key::of(&params("trà"));
        assert!(cache.get((1, 5), &key).is_none());
        // Read before generation 5 was seen, filed after: not kept.
        cache.put((1, 4), key.clone(), Arc::clone(&answer));
        assert!(cache.get((1, 5), &key).is_none());
        cache.put((1, 5), key.clone(), answer);
        assert!(cache.get((1, 5), &key).is_some());
        assert!(cache.get((1, 6), &key).is_none(), "a newer generation empties the cache");
        assert_eq!(cache.stats().entries, 0);
    }
}
