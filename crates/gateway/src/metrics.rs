//! Prometheus metrics: requests by route, method and status, and their latency.

use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route pattern (`/san-pham/{slug}`), never the raw path, to bound cardinality.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("ocop");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", latency.clone());
        registry.register_collector(Box::new(PasswordChecks));
        Self { registry: Mutex::new(registry), requests, latency }
    }

    /// Reports the search answer cache's hits, misses, entries and bytes on each scrape.
    pub fn watch_search_cache(&self, search: std::sync::Arc<ocop_search::LiveIndex>) {
        if let Ok(mut registry) = self.registry.lock() {
            registry.register_collector(Box::new(SearchCache(search)));
        }
    }

    /// Reports the guest page cache's counters at each scrape.
    pub fn watch_page_cache(&self, cache: std::sync::Arc<crate::page_cache::PageCache>) {
        if let Ok(mut registry) = self.registry.lock() {
            registry.register_collector(Box::new(PageCache(cache)));
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Ok(registry) = self.registry.lock()
            && encode(&mut out, &registry).is_err()
        {
            out.clear();
        }
        out
    }
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16();
    state.metrics.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.clone(), status }).inc();
    state.metrics.latency.get_or_create(&RouteLabels { method, route }).observe(started.elapsed().as_secs_f64());
    response
}

/// Password checks (argon2id runs) this process computed: refused logins must not add to it.
#[derive(Debug)]
struct PasswordChecks;

impl prometheus_client::collector::Collector for PasswordChecks {
    fn encode(&self, mut encoder: prometheus_client::encoding::DescriptorEncoder) -> Result<(), std::fmt::Error> {
        use prometheus_client::encoding::EncodeMetric as _;
        let metric = prometheus_client::metrics::counter::ConstCounter::new(ocop_accounts::password::verifications());
        metric.encode(encoder.encode_descriptor(
            "password_verifications",
            "Passwords checked against their argon2id hash",
            None,
            metric.metric_type(),
        )?)
    }
}

/// The search answer cache's counters, read from the index serving at each scrape.
struct SearchCache(std::sync::Arc<ocop_search::LiveIndex>);

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchCache")
    }
}

impl prometheus_client::collector::Collector for SearchCache {
    fn encode(&self, mut encoder: prometheus_client::encoding::DescriptorEncoder) -> Result<(), std::fmt::Error> {
        use prometheus_client::encoding::EncodeMetric as _;
        use prometheus_client::metrics::counter::ConstCounter;
        let joined = ConstCounter::new(self.0.joined_searches());
        joined.encode(encoder.encode_descriptor(
            "search_joined",
            "Searches answered by joining the same search already running",
            None,
            joined.metric_type(),
        )?)?;
        let Some(stats) = self.0.cache_stats() else { return Ok(()) };
        encode_cache(
            &mut encoder,
            [
                ("search_cache_hits", "Searches answered from the cache", stats.hits),
                ("search_cache_misses", "Searches the index had to answer", stats.misses),
            ],
            [
                ("search_cache_entries", "Answers held by the search cache", stats.entries),
                ("search_cache_bytes", "Memory held by the search cache's answers (estimate)", stats.bytes),
            ],
        )
    }
}

/// A cache's two counters and two gauges, as each cache collector reports them.
fn encode_cache(
    encoder: &mut prometheus_client::encoding::DescriptorEncoder,
    counters: [(&str, &str, u64); 2],
    gauges: [(&str, &str, usize); 2],
) -> Result<(), std::fmt::Error> {
    use prometheus_client::encoding::EncodeMetric as _;
    use prometheus_client::metrics::counter::ConstCounter;
    use prometheus_client::metrics::gauge::ConstGauge;
    for (name, help, value) in counters {
        let metric = ConstCounter::new(value);
        metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)?;
    }
    for (name, help, value) in gauges {
        let metric = ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
        metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)?;
    }
    Ok(())
}

/// The guest page cache's counters (`page_cache`).
struct PageCache(std::sync::Arc<crate::page_cache::PageCache>);

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

impl prometheus_client::collector::Collector for PageCache {
    fn encode(&self, mut encoder: prometheus_client::encoding::DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let stats = self.0.stats();
        encode_cache(
            &mut encoder,
            [
                ("page_cache_hits", "Guest pages served from the page cache", stats.hits),
                ("page_cache_misses", "Guest pages that had to be built", stats.misses),
            ],
            [
                ("page_cache_entries", "Pages held by the page cache", stats.entries),
                ("page_cache_bytes", "Memory held by the page cache's pages", stats.bytes),
            ],
        )
    }
}
