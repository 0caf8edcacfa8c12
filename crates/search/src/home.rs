//! Where a good is from when its name does not say: where most of its listings come from.
//! A Hà Nội shop reselling "Chè Shan tuyết hộp 100g", whose other listings are from Hà
//! Giang (by their names or their shops), is not selling a Hà Nội good to a shopper asking
//! for "đặc sản Hà Nội": it ranks with the other goods resold there, after Hà Nội's own.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::{DocId, Score, Searcher};

use crate::per_doc::{SearcherTables, SegmentTable};
use crate::places::Place;

/// Each good's home province (hashed), for goods more than half of whose live listings
/// come from one province.
pub(crate) type Homes = FxHashMap<u64, u64>;

/// The homes of the goods in `searcher`, whose segments' arrays are `tables`.
pub(crate) fn homes(searcher: &Searcher, tables: &SearcherTables) -> Homes {
    let mut counts: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    let mut totals: FxHashMap<u64, u32> = FxHashMap::default();
    for (reader, table) in searcher.segment_readers().iter().zip(tables.iter()) {
        let alive = reader.alive_bitset();
        for (doc, origin) in (0..).zip(&table.origins) {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            *counts.entry((origin.good, origin.from)).or_default() += 1;
            *totals.entry(origin.good).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|((good, _), n)| totals.get(good).is_some_and(|total| 2 * n > *total))
        .map(|((good, from), _)| (good, from))
        .collect()
}

/// For a query naming places: listings whose names say nothing of where they are from,
/// sold by a shop in a place asked for, whose good's home is elsewhere.
pub(crate) struct Resold {
    asked: Vec<u64>,
    homes: Arc<Homes>,
}

impl Resold {
    /// None when `places` is empty.
    pub fn new(places: &[Place], homes: Arc<Homes>) -> Option<Self> {
        let asked: Vec<u64> =
            places.iter().flat_map(|p| &p.provinces).map(|code| crate::document::hash(code)).collect();
        (!asked.is_empty()).then_some(Self { asked, homes })
    }

    /// What listing `doc` of `table` loses: the credit of a good of the shop's own, which
    /// the query gave it for being sold there ([`crate::query::SOLD_THERE_OWN`]).
    pub fn penalty(&self, table: &SegmentTable, doc: DocId) -> Score {
        let origin = table.origin(doc);
        let elsewhere = !origin.named
            && self.asked.contains(&origin.from)
            && self.homes.get(&origin.good).is_some_and(|home| !self.asked.contains(home));
        if elsewhere { crate::query::SOLD_THERE_OWN } else { 0.0 }
    }
}
