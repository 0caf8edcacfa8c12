//! What the collectors read of every match (its group, province and stars for the facets,
//! its good for thinning copies) and what re-ranking reads of the best (its standing and
//! shop), decoded once per segment into plain arrays. Read from
//! tantivy's columns instead, each match cost four column lookups through their generic
//! index and bit-unpacking, a tenth of a query's work; a segment never changes once
//! written, so its arrays serve every query until the segment is merged away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentOrdinal, SegmentReader};

/// The facet values of one document: term ordinals in the segment's group and province
/// columns ([`NONE`] for none) and its stars.
#[derive(Clone, Copy)]
pub(crate) struct FacetValues {
    pub category: u32,
    pub province: u32,
    pub stars: u8,
}

/// No value in a column.
pub(crate) const NONE: u32 = u32::MAX;

/// One segment's arrays, indexed by document.
pub(crate) struct SegmentTable {
    pub facets: Vec<FacetValues>,
    /// The good a listing is a copy of; one of its own without the column.
    copies: Vec<u64>,
    /// The group and province columns' values by ordinal, for the facets' text.
    pub category: Vec<String>,
    pub province: Vec<String>,
    /// What a listing's stars, stock, sales and rating multiply its score by
    /// ([`crate::index::standing`]), and its shop: what re-ranking reads.
    standings: Vec<f32>,
    shops: Vec<u64>,
    /// Where each listing's good comes from, by its name or its shop.
    pub origins: Vec<Origin>,
}

/// A listing's good whatever place its name says, and the province it is from: the one its
/// name says, else its shop's ([`crate::document::hash`] of the province code).
#[derive(Clone, Copy, Default)]
pub(crate) struct Origin {
    pub good: u64,
    pub from: u64,
    /// The name says where the good is from.
    pub named: bool,
}

impl SegmentTable {
    fn read(segment: &SegmentReader) -> tantivy::Result<Self> {
        let ff = segment.fast_fields();
        let (category, province) = (ff.str("category")?, ff.str("province")?);
        let stars = ff.column_opt::<u64>("stars")?;
        let copy = ff.column_opt::<u64>("copy_hash")?;
        let ord = |column: &Option<StrColumn>, doc: DocId| {
            column.as_ref().and_then(|c| c.ords().first(doc)).and_then(|o| u32::try_from(o).ok()).unwrap_or(NONE)
        };
        let docs = 0..segment.max_doc();
        let facets = docs
            .clone()
            .map(|doc| FacetValues {
                category: ord(&category, doc),
                province: ord(&province, doc),
                stars: first(&stars, doc).and_then(|s| u8::try_from(s).ok()).unwrap_or(0),
            })
            .collect();
        let copies = docs.clone().map(|doc| first(&copy, doc).unwrap_or_else(|| alone(doc))).collect();
        let provinces = values(province.as_ref())?;
        let origins = Self::origins(segment, &province, &provinces, docs.clone())?;
        let (in_stock, sales) = (ff.column_opt::<u64>("in_stock")?, ff.column_opt::<i64>("sales")?);
        let (rating, shop) = (ff.column_opt::<i64>("rating")?, ff.column_opt::<u64>("shop_hash")?);
        let standings = docs
            .clone()
            .map(|doc| {
                crate::index::standing(
                    first(&stars, doc).unwrap_or(0),
                    first(&in_stock, doc).unwrap_or(0) > 0,
                    first(&sales, doc).unwrap_or(0),
                    first(&rating, doc).unwrap_or(0),
                )
            })
            .collect();
        let shops = docs.map(|doc| first(&shop, doc).unwrap_or(0)).collect();
        Ok(Self {
            facets,
            copies,
            category: values(category.as_ref())?,
            province: provinces,
            origins,
            standings,
            shops,
        })
    }

    /// Listing `doc`'s standing and shop, for re-ranking.
    pub fn rank(&self, doc: DocId) -> (f32, u64) {
        (self.standings.get(doc as usize).copied().unwrap_or(1.0), self.shops.get(doc as usize).copied().unwrap_or(0))
    }

    /// `provinces`: the values of the `province` column, by ordinal.
    fn origins(
        segment: &SegmentReader,
        province: &Option<StrColumn>,
        provinces: &[String],
        docs: std::ops::Range<DocId>,
    ) -> tantivy::Result<Vec<Origin>> {
        let ff = segment.fast_fields();
        let (good, named_from) = (ff.column_opt::<u64>("good_hash")?, ff.column_opt::<u64>("named_from")?);
        // Each province code's hash once, by its ordinal in the segment's column.
        let hashes: Vec<u64> = provinces.iter().map(|code| crate::document::hash(code)).collect();
        let shop_province = |doc: DocId| -> u64 {
            let ord = province.as_ref().and_then(|c| c.ords().first(doc));
            ord.and_then(|o| hashes.get(usize::try_from(o).ok()?)).copied().unwrap_or(0)
        };
        Ok(docs
            .map(|doc| {
                let named = first(&named_from, doc).unwrap_or(0);
                Origin {
                    good: first(&good, doc).unwrap_or_else(|| alone(doc)),
                    from: if named != 0 { named } else { shop_province(doc) },
                    named: named != 0,
                }
            })
            .collect())
    }

    /// Where listing `doc`'s good is from.
    pub fn origin(&self, doc: DocId) -> Origin {
        self.origins.get(doc as usize).copied().unwrap_or_default()
    }

    /// The good listing `doc` is a copy of.
    pub fn copy(&self, doc: DocId) -> u64 {
        self.copies.get(doc as usize).copied().unwrap_or_else(|| alone(doc))
    }
}

/// Document `doc`'s first value in `column`, if the segment has the column and `doc` a value.
fn first<T>(column: &Option<Column<T>>, doc: DocId) -> Option<T>
where
    T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static,
{
    column.as_ref().and_then(|c| c.first(doc))
}

/// Every value of a text column, by ordinal.
fn values(column: Option<&StrColumn>) -> tantivy::Result<Vec<String>> {
    let Some(column) = column else { return Ok(Vec::new()) };
    let mut all = Vec::new();
    let mut text = String::new();
    for ord in 0..column.num_terms() as u64 {
        text.clear();
        column.ord_to_str(ord, &mut text)?;
        all.push(text.clone());
    }
    Ok(all)
}

/// A good of its own, for a listing without a copy key.
fn alone(doc: DocId) -> u64 {
    u64::MAX - u64::from(doc)
}

/// The arrays of every segment an index's searchers have, kept for the newest generation.
#[derive(Default)]
pub(crate) struct Tables {
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    /// The newest reader generation asked for.
    generation: u64,
    by_segment: HashMap<SegmentId, Arc<SegmentTable>>,
    /// The goods' homes over the newest generation, once a query asked for them.
    homes: Option<(u64, Arc<crate::home::Homes>)>,
}

/// A searcher's tables, by segment ordinal.
pub(crate) type SearcherTables = Arc<[Arc<SegmentTable>]>;

/// The table of segment `ord` of the searcher `tables` were read for.
pub(crate) fn segment(tables: &SearcherTables, ord: SegmentOrdinal) -> tantivy::Result<Arc<SegmentTable>> {
    tables
        .get(ord as usize)
        .cloned()
        .ok_or_else(|| tantivy::TantivyError::InternalError(format!("no per-document arrays for segment {ord}")))
}

impl Tables {
    /// `searcher`'s tables, read now for segments new to it. A newer generation drops the
    /// tables of segments it no longer has; an older one (a search that started before a
    /// reload) reads what it lacks without keeping it.
    pub fn of(&self, searcher: &Searcher) -> tantivy::Result<SearcherTables> {
        let generation = searcher.generation().generation_id();
        let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if generation > held.generation {
            held.generation = generation;
            let live: Vec<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
            held.by_segment.retain(|id, _| live.contains(id));
        }
        let newest = generation == held.generation;
        let mut tables = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let table = match held.by_segment.get(&segment.segment_id()) {
                Some(table) => Arc::clone(table),
                None => {
                    let table = Arc::new(SegmentTable::read(segment)?);
                    if newest {
                        held.by_segment.insert(segment.segment_id(), Arc::clone(&table));
                    }
                    table
                }
            };
            tables.push(table);
        }
        Ok(tables.into())
    }

    /// The homes of the goods in `searcher` ([`crate::home`]), whose arrays are `tables`:
    /// worked out on the first query naming a place after a change, then kept.
    pub fn homes(&self, searcher: &Searcher, tables: &SearcherTables) -> Arc<crate::home::Homes> {
        let generation = searcher.generation().generation_id();
        {
            let held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((at, homes)) = &held.homes
                && *at == generation
            {
                return Arc::clone(homes);
            }
        }
        // Worked out without the lock: other queries go on meanwhile.
        let homes = Arc::new(crate::home::homes(searcher, tables));
        let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if generation >= held.generation {
            held.homes = Some((generation, Arc::clone(&homes)));
        }
        homes
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use std::collections::BTreeMap;
    use std::sync::Arc;

    use tantivy::collector::Count;
    use tantivy::query::AllQuery;

    use super::Tables;
    use crate::facets::{FacetCollector, top};

    /// Over two segments with deleted listings, the facets counted from the arrays are the
    /// listings' own groups, provinces and stars; a newer generation keeps only its own
    /// segments' arrays, and a search still on an older one does not bring theirs back.
    #[test]
    fn facets_from_the_arrays_count_what_the_listings_say() {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let index = crate::eval::index_catalogue(&catalogue).unwrap();
        let first = index.searcher();
        let tables = Tables::default();
        tables.of(&first).unwrap();
        let mut half: Vec<_> = catalogue.listings.iter().filter(|l| l.id % 2 == 0).cloned().collect();
        for l in &mut half {
            l.province_code = "HN".into();
            l.stars = Some(5);
        }
        let ids: Vec<i64> = half.iter().map(|l| l.id).collect();
        index.replace_some(&ids, &half).unwrap();
        let second = index.searcher();
        assert_eq!(second.segment_readers().len(), 2);

        let now = tables.of(&second).unwrap();
        let (total, facets) = second.search(&AllQuery, &(Count, FacetCollector { tables: Arc::clone(&now) })).unwrap();
        assert_eq!(total, catalogue.listings.len());
        let mut provinces: BTreeMap<String, u64> = BTreeMap::new();
        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        let mut stars: BTreeMap<String, u64> = BTreeMap::new();
        for l in &catalogue.listings {
            let (province, star) =
                if l.id % 2 == 0 { ("HN".to_owned(), Some(5)) } else { (l.province_code.clone(), l.stars) };
            *provinces.entry(province).or_default() += 1;
            *groups.entry(l.category.clone()).or_default() += 1;
            if let Some(s) = star.filter(|s| *s > 0) {
                *stars.entry(s.to_string()).or_default() += 1;
            }
        }
        assert_eq!(facets["province"], top(provinces, 40));
        assert_eq!(facets["category"], top(groups, 10));
        assert_eq!(facets["ocop_stars"], stars);

        let held = |t: &Tables| t.held.lock().unwrap().by_segment.len();
        assert_eq!(held(&tables), 2, "the first segment's arrays are kept, the new one's added");
        // A search that started before the change: served, and nothing of it kept.
        let old = tables.of(&first).unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!(held(&tables), 2);
        let ids: Vec<i64> = catalogue.listings.iter().map(|l| l.id).collect();
        index.replace_some(&ids, &catalogue.listings).unwrap();
        index.replace_all(&catalogue.listings).unwrap();
        let merged = index.searcher();
        tables.of(&merged).unwrap();
        assert_eq!(held(&tables), merged.segment_readers().len(), "segments merged away are dropped");
    }
}
