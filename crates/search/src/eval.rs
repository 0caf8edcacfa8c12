//! Measuring ranking quality: a catalogue, queries with graded judgments tagged by how they
//! were typed, and nDCG@10, MRR@10 and recall@10 overall and by kind. Two sets ship inside
//! the crate, so the metrics can be printed anywhere and tests can hold floors on them: the
//! development set (relevance/, grades 0–3), which ranking changes were tuned on, and the
//! held-back set (relevance-heldout/, grades 0–2, issue 17), written apart from it and
//! never tuned on: a change that lifts the first and drops the second is rejected.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::document::Listing;
use crate::index::SearchIndex;
use crate::types::SearchParams;

/// The cut-off every metric uses: the first page a shopper sees.
pub const K: usize = 10;

const DEV_CATALOGUE: &str = include_str!("../relevance/catalogue.csv");
const DEV_JUDGMENTS: &str = include_str!("../relevance/judgments.toml");
const HELDOUT_CATALOGUE: &str = include_str!("../relevance-heldout/catalogue.csv");
const HELDOUT_JUDGMENTS: &str = include_str!("../relevance-heldout/judgments.toml");

/// One judged query.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Judged {
    pub q: String,
    /// How it was typed: full, none, partial, telex, vni, typo, prefix, intent, homograph,
    /// phrase, or category (a kind of good asked for by what it is).
    pub kind: String,
    /// Product slug → grade; others 0. On the 0–3 scale 3 is what was asked, 2 clearly
    /// relevant, 1 related; on the 0–2 scale 2 is what was asked, 1 related.
    pub grades: BTreeMap<String, u8>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Judgments {
    /// "0-3" (the default, the development set) or "0-2" (the held-back set). nDCG divides
    /// by the ideal ranking of the same grades, so both scales give 0–1; the scale only
    /// bounds the grades a file may hold.
    #[serde(default)]
    pub scale: Option<String>,
    #[serde(rename = "query")]
    pub queries: Vec<Judged>,
}

/// A catalogue to evaluate on: the listings, and for each slug the good it is a copy of
/// (other shops, sizes, packs), so duplicates can be collapsed.
pub struct Catalogue {
    pub listings: Vec<Listing>,
    pub canonical: HashMap<String, String>,
}

#[derive(Debug, serde::Deserialize)]
struct CatalogueRow {
    slug: String,
    name: String,
    #[serde(default)]
    description: String,
    category: String,
    #[serde(default)]
    subcategory: String,
    province: String,
    shop: String,
    shop_name: String,
    stars: u8,
    price_vnd: i64,
    stock: i64,
    #[serde(default)]
    sales: i64,
    #[serde(default)]
    canonical: String,
}

/// Reads a catalogue CSV (slug, name, description, category, subcategory, province, shop,
/// shop_name, stars, price_vnd, stock, sales, optional canonical).
///
/// # Errors
/// A row that does not parse, or a province that is not a current or former one.
pub fn read_catalogue(reader: impl std::io::Read) -> Result<Catalogue, String> {
    let mut rows = csv::Reader::from_reader(reader);
    let mut listings = Vec::new();
    let mut canonical = HashMap::new();
    for (i, row) in rows.deserialize::<CatalogueRow>().enumerate() {
        let row = row.map_err(|e| format!("catalogue row {}: {e}", i + 2))?;
        let province = ocop_core::provinces::find(&row.province)
            .ok_or_else(|| format!("catalogue row {}: province {}", i + 2, row.province))?;
        let id = i64::try_from(i).unwrap_or(i64::MAX - 1) + 1;
        if !row.canonical.is_empty() {
            canonical.insert(row.slug.clone(), row.canonical);
        }
        listings.push(Listing {
            id,
            slug: row.slug,
            sku: format!("SKU-{id}"),
            name: row.name,
            description: row.description,
            category: row.category,
            subcategory: Some(row.subcategory).filter(|s| !s.is_empty()),
            province_code: province.code.to_owned(),
            province_input: row.province,
            shop_slug: row.shop,
            shop_name: row.shop_name,
            stars: (row.stars > 0).then_some(i16::from(row.stars)),
            price_vnd: row.price_vnd,
            in_stock: row.stock > 0,
            thumb: None,
            approved_at: id,
            rating: 0,
            sales: row.sales,
        });
    }
    Ok(Catalogue { listings, canonical })
}

/// # Errors
/// The TOML does not parse.
pub fn read_judgments(text: &str) -> Result<Judgments, String> {
    let judgments: Judgments = toml::from_str(text).map_err(|e| format!("judgments: {e}"))?;
    let top = match judgments.scale.as_deref() {
        None | Some("0-3") => 3,
        Some("0-2") => 2,
        Some(other) => return Err(format!("judgments: scale {other:?} is neither \"0-3\" nor \"0-2\"")),
    };
    for j in &judgments.queries {
        if let Some((slug, g)) = j.grades.iter().find(|(_, g)| **g > top) {
            return Err(format!("judgments: {:?}: {slug} = {g} is above the scale's {top}", j.q));
        }
    }
    Ok(judgments)
}

/// The development set shipped with the crate.
///
/// # Errors
/// Only if the shipped files were broken, which the tests catch.
pub fn dev_set() -> Result<(Catalogue, Judgments), String> {
    Ok((read_catalogue(DEV_CATALOGUE.as_bytes())?, read_judgments(DEV_JUDGMENTS)?))
}

/// The held-back set shipped with the crate (issue 17): not to be tuned on.
///
/// # Errors
/// Only if the shipped files were broken, which the tests catch.
pub fn heldout_set() -> Result<(Catalogue, Judgments), String> {
    Ok((read_catalogue(HELDOUT_CATALOGUE.as_bytes())?, read_judgments(HELDOUT_JUDGMENTS)?))
}

/// A set from a folder holding catalogue.csv and judgments.toml.
///
/// # Errors
/// A file is missing or does not parse.
pub fn load_set(dir: &Path) -> Result<(Catalogue, Judgments), String> {
    let open = |name: &str| dir.join(name);
    let catalogue = std::fs::File::open(open("catalogue.csv"))
        .map_err(|e| format!("{}: {e}", open("catalogue.csv").display()))
        .and_then(|f| read_catalogue(std::io::BufReader::new(f)))?;
    let judgments = std::fs::read_to_string(open("judgments.toml"))
        .map_err(|e| format!("{}: {e}", open("judgments.toml").display()))
        .and_then(|t| read_judgments(&t))?;
    Ok((catalogue, judgments))
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    pub ndcg: f64,
    pub mrr: f64,
    pub recall: f64,
    pub queries: usize,
}

impl Metrics {
    fn mean(scores: &[&QueryScore]) -> Self {
        let n = scores.len().max(1) as f64;
        Self {
            ndcg: scores.iter().map(|s| s.metrics.ndcg).sum::<f64>() / n,
            mrr: scores.iter().map(|s| s.metrics.mrr).sum::<f64>() / n,
            recall: scores.iter().map(|s| s.metrics.recall).sum::<f64>() / n,
            queries: scores.len(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct QueryScore {
    pub q: String,
    pub kind: String,
    pub metrics: Metrics,
    /// The first page as slugs, for reading what went wrong.
    pub top: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub overall: Metrics,
    pub by_kind: BTreeMap<String, Metrics>,
    pub queries: Vec<QueryScore>,
}

/// nDCG@K (gain 2^grade − 1, log2 discount), MRR@K and recall@K for one ranked list.
/// "Relevant" means grade ≥ 1; recall is over min(K, relevant), so a query with 30
/// relevant listings can still reach 1.
pub fn score(ranked: &[String], grades: &BTreeMap<String, u8>) -> Metrics {
    let gain = |g: u8| f64::from((1u32 << g.min(8)) - 1);
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let top: Vec<u8> = ranked.iter().take(K).map(|s| grades.get(s).copied().unwrap_or(0)).collect();
    let dcg: f64 = top.iter().enumerate().map(|(i, g)| gain(*g) * discount(i)).sum();
    let mut ideal: Vec<u8> = grades.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(K).enumerate().map(|(i, g)| gain(*g) * discount(i)).sum();
    let relevant = ideal.len();
    let mrr = top.iter().position(|g| *g > 0).map_or(0.0, |i| 1.0 / (i + 1) as f64);
    let found = top.iter().filter(|g| **g > 0).count();
    Metrics {
        ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        mrr,
        recall: if relevant > 0 { found as f64 / relevant.min(K) as f64 } else { 0.0 },
        queries: 1,
    }
}

/// Runs every judged query against `index`. With `collapse`, hits that are copies of a
/// good already shown (same canonical slug) are dropped before scoring, and judgments
/// name canonical slugs.
///
/// # Errors
/// A query the index refuses.
pub fn evaluate(
    index: &SearchIndex,
    judgments: &Judgments,
    canonical: Option<&HashMap<String, String>>,
) -> Result<Report, ocop_core::Error> {
    let mut queries = Vec::with_capacity(judgments.queries.len());
    for j in &judgments.queries {
        let per_page = if canonical.is_some() { 100 } else { K };
        let results = index.search(&SearchParams { q: j.q.clone(), page: 1, per_page, ..SearchParams::default() })?;
        let mut seen = HashSet::new();
        let ranked: Vec<String> = results
            .hits
            .into_iter()
            .map(|h| canonical.and_then(|c| c.get(&h.slug).cloned()).unwrap_or(h.slug))
            .filter(|s| seen.insert(s.clone()))
            .take(K)
            .collect();
        queries.push(QueryScore {
            q: j.q.clone(),
            kind: j.kind.clone(),
            metrics: score(&ranked, &j.grades),
            top: ranked,
        });
    }
    let all: Vec<&QueryScore> = queries.iter().collect();
    let mut by_kind = BTreeMap::new();
    let kinds: Vec<String> =
        queries.iter().map(|q| q.kind.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    for kind in kinds {
        let of_kind: Vec<&QueryScore> = queries.iter().filter(|q| q.kind == kind).collect();
        by_kind.insert(kind, Metrics::mean(&of_kind));
    }
    Ok(Report { overall: Metrics::mean(&all), by_kind, queries })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<12} {:>7} {:>8} {:>8} {:>10}", "kind", "queries", "nDCG@10", "MRR@10", "recall@10")?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, m: &Metrics| {
            writeln!(f, "{:<12} {:>7} {:>8.3} {:>8.3} {:>10.3}", name, m.queries, m.ndcg, m.mrr, m.recall)
        };
        for (kind, m) in &self.by_kind {
            row(f, kind, m)?;
        }
        row(f, "overall", &self.overall)
    }
}

/// Builds an in-memory index over a catalogue.
///
/// # Errors
/// tantivy cannot build it.
pub fn index_catalogue(catalogue: &Catalogue) -> Result<SearchIndex, ocop_core::Error> {
    let index = SearchIndex::in_memory()?;
    index.replace_all(&catalogue.listings)?;
    Ok(index)
}

/// Speed on a catalogue: a full build, searches and suggestions over the judged queries,
/// and this process's memory.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Bench {
    pub listings: usize,
    pub rebuild_per_second: f64,
    pub query_median_ms: f64,
    pub query_p99_ms: f64,
    pub suggest_median_ms: f64,
    pub suggest_p99_ms: f64,
    /// Resident memory now and at its peak (Linux; 0 elsewhere), catalogue rows included.
    pub rss_mb: f64,
    pub peak_rss_mb: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn memory_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Builds the index, then times `rounds` passes over the judged queries (first page of
/// 20, facets included, as the API asks) and suggestions for their first 3, 5 and 8
/// characters.
///
/// # Errors
/// The index cannot be built or a query is refused.
pub fn bench(
    catalogue: &Catalogue,
    judgments: &Judgments,
    rounds: usize,
) -> Result<(SearchIndex, Bench), ocop_core::Error> {
    use std::time::Instant;
    let started = Instant::now();
    let index = index_catalogue(catalogue)?;
    let build = started.elapsed().as_secs_f64();
    let mut query_ms = Vec::new();
    let mut suggest_ms = Vec::new();
    for _ in 0..rounds.max(1) {
        for j in &judgments.queries {
            let params = SearchParams { q: j.q.clone(), page: 1, per_page: 20, ..SearchParams::default() };
            let t = Instant::now();
            index.search(&params)?;
            query_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            for n in [3, 5, 8] {
                let prefix: String = j.q.chars().take(n).collect();
                let t = Instant::now();
                index.suggest(&prefix)?;
                suggest_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    query_ms.sort_by(f64::total_cmp);
    suggest_ms.sort_by(f64::total_cmp);
    let bench = Bench {
        listings: catalogue.listings.len(),
        rebuild_per_second: catalogue.listings.len() as f64 / build.max(1e-9),
        query_median_ms: percentile(&query_ms, 0.5),
        query_p99_ms: percentile(&query_ms, 0.99),
        suggest_median_ms: percentile(&suggest_ms, 0.5),
        suggest_p99_ms: percentile(&suggest_ms, 0.99),
        rss_mb: memory_mb("VmRSS:"),
        peak_rss_mb: memory_mb("VmHWM:"),
    };
    Ok((index, bench))
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    #[test]
    fn perfect_and_empty_rankings_score_one_and_zero() {
        let grades: BTreeMap<String, u8> = [("a".to_owned(), 3), ("b".to_owned(), 1)].into();
        let perfect = score(&["a".into(), "b".into()], &grades);
        assert!((perfect.ndcg - 1.0).abs() < 1e-9 && (perfect.mrr - 1.0).abs() < 1e-9);
        assert!((perfect.recall - 1.0).abs() < 1e-9);
        let swapped = score(&["b".into(), "a".into()], &grades);
        assert!(swapped.ndcg < 1.0 && swapped.ndcg > 0.5);
        let none = score(&["x".into()], &grades);
        assert_eq!((none.ndcg, none.mrr, none.recall), (0.0, 0.0, 0.0));
    }

    #[test]
    fn both_sets_read_and_every_judged_slug_exists() {
        for (name, (catalogue, judgments), min_queries, min_listings) in
            [("development", dev_set().unwrap(), 80, 150), ("held-back", heldout_set().unwrap(), 300, 500)]
        {
            assert!(judgments.queries.len() >= min_queries, "{name}");
            assert!(catalogue.listings.len() >= min_listings, "{name}");
            let slugs: HashSet<&str> = catalogue.listings.iter().map(|l| l.slug.as_str()).collect();
            assert_eq!(slugs.len(), catalogue.listings.len(), "{name}: slugs are unique");
            for j in &judgments.queries {
                assert!(j.grades.values().any(|g| *g > 0), "{name}: {} has nothing relevant", j.q);
                for slug in j.grades.keys() {
                    assert!(slugs.contains(slug.as_str()), "{name}: {}: {slug}", j.q);
                }
            }
        }
        let (_, heldout) = heldout_set().unwrap();
        assert_eq!(heldout.scale.as_deref(), Some("0-2"));
        let kinds: std::collections::BTreeSet<&str> = heldout.queries.iter().map(|j| j.kind.as_str()).collect();
        for kind in ["full", "none", "partial", "telex", "vni", "typo", "prefix", "intent", "homograph", "phrase"] {
            assert!(kinds.contains(kind), "held-back set lacks {kind}");
        }
    }

    #[test]
    fn grades_above_the_scale_are_refused() {
        let text = "scale = \"0-2\"\n[[query]]\nq = \"x\"\nkind = \"full\"\ngrades = { \"a\" = 3 }\n";
        assert!(read_judgments(text).unwrap_err().contains("above the scale"));
        assert!(read_judgments(&text.replace("0-2", "0-3")).is_ok());
        assert!(read_judgments(&text.replace("0-2", "1-5")).is_err());
    }
}
