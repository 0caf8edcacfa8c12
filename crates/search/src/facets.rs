//! Facet counts (group, province, stars) over every match: a matching document costs one
//! read of its segment's [`crate::per_doc`] array and three increments into arrays indexed
//! by term ordinal; strings are looked up once per segment for the values seen.
//! (tantivy's general aggregation collector does the same job several times slower.)

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::per_doc::{SearcherTables, SegmentTable};
use crate::types::Facets;

/// The facets asked for, with how many values each keeps (most frequent first).
const TEXT_FACETS: [(&str, usize); 2] = [("category", 10), ("province", 40)];
const STARS_FACET: &str = "ocop_stars";
/// Stars are 0 (none) to 5.
const STARS: usize = 6;

/// Counts over the segments of the searcher `tables` were read for.
pub struct FacetCollector {
    pub tables: SearcherTables,
}

pub struct FacetSegment {
    table: Arc<SegmentTable>,
    category: Vec<u64>,
    province: Vec<u64>,
    star_counts: [u64; STARS],
}

/// One segment's counts, by value.
pub struct SegmentFacets {
    text: Vec<BTreeMap<String, u64>>,
    stars: [u64; STARS],
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegment;

    fn for_segment(&self, ord: SegmentOrdinal, _segment: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let table = crate::per_doc::segment(&self.tables, ord)?;
        let terms = |values: &[String]| vec![0; values.len()];
        Ok(FacetSegment {
            category: terms(&table.category),
            province: terms(&table.province),
            table,
            star_counts: [0; STARS],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacets>) -> tantivy::Result<Facets> {
        let mut merged: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); TEXT_FACETS.len()];
        let mut stars = [0_u64; STARS];
        for s in segments {
            for (into, from) in merged.iter_mut().zip(s.text) {
                for (value, n) in from {
                    *into.entry(value).or_insert(0) += n;
                }
            }
            for (into, n) in stars.iter_mut().zip(s.stars) {
                *into += n;
            }
        }
        let mut out = Facets::new();
        for ((name, size), counts) in TEXT_FACETS.iter().zip(merged) {
            out.insert((*name).to_owned(), top(counts, *size));
        }
        let star_counts =
            (1..STARS).filter(|s| stars[*s] > 0).map(|s| (s.to_string(), stars[s])).collect::<BTreeMap<_, _>>();
        out.insert(STARS_FACET.to_owned(), star_counts);
        Ok(out)
    }
}

/// The `size` most frequent values (ties: the smaller value first), as tantivy's terms
/// aggregation keeps them.
pub(crate) fn top(counts: BTreeMap<String, u64>, size: usize) -> BTreeMap<String, u64> {
    if counts.len() <= size {
        return counts;
    }
    let mut all: Vec<(String, u64)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(size);
    all.into_iter().collect()
}

impl SegmentCollector for FacetSegment {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(v) = self.table.facets.get(doc as usize) else { return };
        if let Some(n) = self.category.get_mut(v.category as usize) {
            *n += 1;
        }
        if let Some(n) = self.province.get_mut(v.province as usize) {
            *n += 1;
        }
        if let Some(n) = self.star_counts.get_mut(usize::from(v.stars)) {
            *n += 1;
        }
    }

    fn harvest(self) -> SegmentFacets {
        let by_value = |values: &[String], counts: Vec<u64>| {
            counts
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .filter_map(|(ord, n)| values.get(ord).map(|v| (v.clone(), n)))
                .collect::<BTreeMap<_, _>>()
        };
        let text = vec![by_value(&self.table.category, self.category), by_value(&self.table.province, self.province)];
        SegmentFacets { text, stars: self.star_counts }
    }
}
