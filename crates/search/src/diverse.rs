//! The best-scored listings with no more than a few copies of any one good, collected in
//! the same pass as the counts. On a large catalogue one good listed by hundreds of shops
//! would otherwise fill the whole re-ranking window (see [`crate::index`]), and the goods
//! after it would never be looked at; keeping the few best of each while collecting (as
//! Lucene's DiversifiedTopDocsCollector does) costs a hash lookup per document that could
//! still make the page, where widening the window costs a second pass's worth.
//!
//! What it keeps is what a greedy walk down the scores would take: a listing whose good
//! already has `per_copy` better listings waits; if fewer than `limit` listings are taken
//! that way, the best of those that waited fill up, so a query matching a handful of
//! goods in many copies still pages through all of them.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::home::Resold;
use crate::per_doc::{SearcherTables, SegmentTable};

/// Top `limit` by score, at most `per_copy` of each `copy_hash` before the rest fill up,
/// over the segments of the searcher `tables` were read for.
pub(crate) struct DiverseTop {
    limit: usize,
    per_copy: usize,
    tables: SearcherTables,
    /// Goods resold in the places a query asks for, whose scores come down.
    resold: Option<Arc<Resold>>,
}

impl DiverseTop {
    /// `limit` and `per_copy` at least one.
    pub fn new(limit: usize, per_copy: usize, tables: SearcherTables, resold: Option<Arc<Resold>>) -> Self {
        Self { limit: limit.max(1), per_copy: per_copy.max(1), tables, resold }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    score: Score,
    copy: u64,
    address: DocAddress,
}

/// Higher score first; the earlier document on a tie, as tantivy's own top docs.
fn better(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then_with(|| a.address.cmp(&b.address))
}

/// [`better`] for listings of one segment.
fn ahead(a: &(Score, DocId), b: &(Score, DocId)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

/// What one segment (or, merged, the whole index) kept: `firsts` are within their good's
/// allowance, `waiting` are the best of the rest.
pub(crate) struct Kept {
    firsts: Vec<Entry>,
    waiting: Vec<Entry>,
}

impl Kept {
    /// The final order: the firsts, then as many waiting as fill `limit`.
    fn into_ranked(mut self, limit: usize) -> Vec<(Score, DocAddress)> {
        self.firsts.sort_by(better);
        self.firsts.truncate(limit);
        self.waiting.sort_by(better);
        let fill = limit - self.firsts.len();
        self.firsts.extend(self.waiting.into_iter().take(fill));
        self.firsts.into_iter().map(|e| (e.score, e.address)).collect()
    }
}

impl Collector for DiverseTop {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = DiverseSegment;

    fn for_segment(&self, segment: SegmentOrdinal, _reader: &SegmentReader) -> tantivy::Result<DiverseSegment> {
        let table = crate::per_doc::segment(&self.tables, segment)?;
        Ok(DiverseSegment {
            segment,
            table,
            resold: self.resold.clone(),
            limit: self.limit,
            per_copy: self.per_copy,
            goods: FxHashMap::default(),
            slots: Vec::new(),
            firsts: 0,
            floor: Score::NEG_INFINITY,
            waiting: Vec::new(),
            waiting_floor: Score::NEG_INFINITY,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Kept>) -> tantivy::Result<Self::Fruit> {
        // A good may have copies in several segments: the allowance is counted again over
        // all of them, and what it pushes out joins the waiting.
        let limit = self.limit;
        let mut all = Vec::new();
        let mut waiting = Vec::new();
        for kept in segments {
            all.extend(kept.firsts);
            waiting.extend(kept.waiting);
        }
        all.sort_by(better);
        let mut taken: FxHashMap<u64, usize> = FxHashMap::default();
        let mut firsts = Vec::with_capacity(limit.min(all.len()));
        for e in all {
            let n = taken.entry(e.copy).or_insert(0);
            if *n < self.per_copy && firsts.len() < limit {
                *n += 1;
                firsts.push(e);
            } else {
                waiting.push(e);
            }
        }
        Ok(Kept { firsts, waiting }.into_ranked(limit))
    }
}

pub(crate) struct DiverseSegment {
    segment: SegmentOrdinal,
    table: Arc<SegmentTable>,
    resold: Option<Arc<Resold>>,
    limit: usize,
    per_copy: usize,
    /// Where each good's best listings so far stand in `slots`.
    goods: FxHashMap<u64, Good>,
    /// `per_copy` places per good, one allocation for them all.
    slots: Vec<(Score, DocId)>,
    /// How many listings the goods hold.
    firsts: usize,
    /// Once set, `limit` firsts score at least this and came earlier: nothing scoring
    /// this or less can make the answer.
    floor: Score,
    waiting: Vec<Entry>,
    waiting_floor: Score,
}

#[derive(Clone, Copy)]
struct Good {
    start: u32,
    len: u32,
    /// The lowest score it holds: what a further copy has to beat once it is full.
    low: Score,
}

impl DiverseSegment {
    fn added(&mut self) {
        self.firsts += 1;
        if self.firsts >= 2 * self.limit {
            self.prune();
        }
    }

    fn wait(&mut self, entry: Entry) {
        // Only needed while the firsts may still fall short of the limit.
        if self.floor > Score::NEG_INFINITY || entry.score < self.waiting_floor {
            return;
        }
        self.waiting.push(entry);
        if self.waiting.len() >= 2 * self.limit {
            self.waiting.select_nth_unstable_by(self.limit - 1, better);
            self.waiting.truncate(self.limit);
            self.waiting_floor = self.waiting.iter().map(|e| e.score).fold(Score::INFINITY, Score::min);
        }
    }

    /// Keeps the best `limit` firsts once there are twice as many, and raises the floor to
    /// the lowest of them: a later listing scoring the same comes after all of them.
    fn prune(&mut self) {
        let mut held: Vec<(Score, DocId)> = self
            .goods
            .values()
            .flat_map(|g| self.slots[g.start as usize..][..g.len as usize].iter().copied())
            .collect();
        let (floor, floor_doc) = *held.select_nth_unstable_by(self.limit - 1, ahead).1;
        let kept = |&(s, d): &(Score, DocId)| s > floor || (s == floor && d <= floor_doc);
        let mut slots = Vec::with_capacity(2 * self.limit * self.per_copy);
        let old = std::mem::take(&mut self.slots);
        let per_copy = self.per_copy;
        self.goods.retain(|_, good| {
            let start = slots.len();
            slots.extend(old[good.start as usize..][..good.len as usize].iter().filter(|e| kept(e)));
            let len = slots.len() - start;
            if len == 0 {
                slots.truncate(start);
                return false;
            }
            *good = Good { start: start as u32, len: len as u32, low: lowest(&slots[start..]) };
            slots.resize(start + per_copy, (Score::NEG_INFINITY, 0));
            true
        });
        self.firsts = self.limit;
        self.slots = slots;
        self.floor = floor;
        self.waiting = Vec::new();
    }
}

fn lowest(listings: &[(Score, DocId)]) -> Score {
    listings.iter().map(|(s, _)| *s).fold(Score::INFINITY, Score::min)
}

impl SegmentCollector for DiverseSegment {
    type Fruit = Kept;

    fn collect(&mut self, doc: DocId, score: Score) {
        let score = match &self.resold {
            Some(resold) => score - resold.penalty(&self.table, doc),
            None => score,
        };
        if score <= self.floor {
            return;
        }
        let copy = self.table.copy(doc);
        let Some(good) = self.goods.get_mut(&copy) else {
            let start = self.slots.len();
            self.slots.resize(start + self.per_copy, (Score::NEG_INFINITY, 0));
            self.slots[start] = (score, doc);
            self.goods.insert(copy, Good { start: start as u32, len: 1, low: score });
            self.added();
            return;
        };
        let held = &mut self.slots[good.start as usize..][..self.per_copy];
        if (good.len as usize) < self.per_copy {
            held[good.len as usize] = (score, doc);
            good.len += 1;
            good.low = good.low.min(score);
            self.added();
            return;
        }
        // The good has its allowance: this one waits, or the weakest it holds (the later
        // listing of equal ones) makes way for it.
        if score <= good.low {
            self.wait(Entry { score, copy, address: DocAddress::new(self.segment, doc) });
            return;
        }
        let weakest = held.iter().enumerate().max_by(|a, b| ahead(a.1, b.1)).map_or(0, |(i, _)| i);
        let (low, low_doc) = std::mem::replace(&mut held[weakest], (score, doc));
        good.low = lowest(held);
        self.wait(Entry { score: low, copy, address: DocAddress::new(self.segment, low_doc) });
    }

    fn harvest(self) -> Kept {
        let segment = self.segment;
        let slots = self.slots;
        let firsts = self
            .goods
            .into_iter()
            .flat_map(|(copy, good)| {
                slots[good.start as usize..][..good.len as usize].iter().map(move |&(score, doc)| Entry {
                    score,
                    copy,
                    address: DocAddress::new(segment, doc),
                })
            })
            .collect();
        Kept { firsts, waiting: self.waiting }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(score: Score, copy: u64, doc: DocId) -> Entry {
        Entry { score, copy, address: DocAddress::new(0, doc) }
    }

    #[test]
    fn copies_past_the_allowance_wait_behind_other_goods_and_fill_what_is_left() {
        #![expect(clippy::unwrap_used, reason = "tests fail loudly")]
        let top = DiverseTop::new(4, 2, Arc::from(Vec::new()), None);
        // Good 1 in five copies scoring 10..6, good 2 once at 3, good 3 once at 2.
        let mut firsts: Vec<Entry> = (0..5).map(|i| entry(10.0 - i as f32, 1, i)).collect();
        firsts.push(entry(3.0, 2, 5));
        firsts.push(entry(2.0, 3, 6));
        let ranked = top.merge_fruits(vec![Kept { firsts, waiting: Vec::new() }]).unwrap();
        let docs: Vec<DocId> = ranked.iter().map(|(_, a)| a.doc_id).collect();
        assert_eq!(docs, vec![0, 1, 5, 6]);

        let wide = DiverseTop::new(6, 2, Arc::from(Vec::new()), None);
        let firsts: Vec<Entry> = (0..5).map(|i| entry(10.0 - i as f32, 1, i)).collect();
        let ranked = wide.merge_fruits(vec![Kept { firsts, waiting: Vec::new() }]).unwrap();
        let docs: Vec<DocId> = ranked.iter().map(|(_, a)| a.doc_id).collect();
        assert_eq!(docs, vec![0, 1, 2, 3, 4], "a query of one good still shows every copy");
    }

    /// What the collector must keep, worked out over every listing at once.
    fn greedy(all: &[Entry], limit: usize, per_copy: usize) -> Vec<DocAddress> {
        let mut sorted = all.to_vec();
        sorted.sort_by(better);
        let mut taken: FxHashMap<u64, usize> = FxHashMap::default();
        let (mut firsts, mut rest) = (Vec::new(), Vec::new());
        for e in sorted {
            let n = taken.entry(e.copy).or_insert(0);
            if *n < per_copy {
                *n += 1;
                firsts.push(e.address);
            } else {
                rest.push(e.address);
            }
        }
        firsts.extend(rest);
        firsts.truncate(limit);
        firsts
    }

    #[test]
    fn collecting_segment_by_segment_keeps_what_one_walk_over_everything_would() {
        #![expect(clippy::unwrap_used, reason = "tests fail loudly")]
        use tantivy::schema::{FAST, Schema};
        let mut schema = Schema::builder();
        let copy = schema.add_u64_field("copy_hash", FAST);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        // Three segments; goods of very different sizes, some spread over several segments.
        for segment in 0..3u64 {
            for i in 0..400u64 {
                let good = if i % 3 == 0 { 1 } else { (i * 7 + segment) % (5 + 40 * segment) };
                writer.add_document(tantivy::doc!(copy => good)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let tables = crate::per_doc::Tables::default().of(&searcher).unwrap();
        // Scores that rise, fall and repeat, so floors move both ways; and best first in
        // tied pairs, so the first floor is already the last.
        let patterns: [fn(DocId, u32) -> Score; 2] = [
            |doc, ord| ((doc * 37 + ord * 11) % 101) as Score + (doc % 3) as Score * 0.25,
            |doc, ord| ((1_000 - doc) / 2 + ord) as Score,
        ];
        for (pattern, (limit, per_copy)) in
            patterns.iter().flat_map(|p| [(1, 1), (10, 1), (20, 3), (70, 3), (150, 4), (2_000, 3)].map(|c| (p, c)))
        {
            let top = DiverseTop::new(limit, per_copy, Arc::clone(&tables), None);
            let mut everything = Vec::new();
            let mut fruits = Vec::new();
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let ord = ord as SegmentOrdinal;
                let column = reader.fast_fields().u64("copy_hash").unwrap();
                let mut child = top.for_segment(ord, reader).unwrap();
                for doc in 0..reader.max_doc() {
                    let score = pattern(doc, ord);
                    child.collect(doc, score);
                    let good = column.first(doc).unwrap();
                    everything.push(Entry { score, copy: good, address: DocAddress::new(ord, doc) });
                }
                fruits.push(child.harvest());
            }
            let kept: Vec<DocAddress> = top.merge_fruits(fruits).unwrap().into_iter().map(|(_, a)| a).collect();
            assert_eq!(kept, greedy(&everything, limit, per_copy), "limit {limit}, per_copy {per_copy}");
        }
    }

    /// Through the whole index: one good listed by 80 shops does not hide the eight other
    /// goods a shopper asked for, and paging still reaches every listing.
    #[test]
    fn a_good_listed_by_many_shops_leaves_the_first_page_to_other_goods_too() {
        #![expect(clippy::unwrap_used, reason = "tests fail loudly")]
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let template = catalogue.listings[0].clone();
        let listing = |id: i64, name: &str, sales: i64| crate::document::Listing {
            id,
            slug: format!("l-{id}"),
            sku: format!("S-{id}"),
            name: name.to_owned(),
            description: String::new(),
            shop_slug: format!("shop-{id}"),
            shop_name: format!("Cửa hàng {id}"),
            sales,
            rating: 0,
            ..template.clone()
        };
        let mut listings: Vec<_> = (1..=80).map(|id| listing(id, "Mật ong bạc hà", 500)).collect();
        let others = ["rừng U Minh", "hoa cà phê", "nhãn Hưng Yên", "keo lai", "hoa vải", "sú vẹt", "chân đá", "ruồi"];
        listings.extend(others.iter().zip(81..).map(|(o, id)| listing(id, &format!("Mật ong {o} loại đặc biệt"), 0)));
        let index = crate::SearchIndex::in_memory().unwrap();
        index.replace_all(&listings).unwrap();
        let page = |page: usize| {
            let params = crate::SearchParams { q: "mật ong".into(), page, per_page: 10, ..Default::default() };
            index.search(&params).unwrap()
        };
        let first = page(1);
        assert_eq!(first.total, 88);
        let names: std::collections::HashSet<String> = first.hits.iter().map(|h| h.name.clone()).collect();
        assert!(names.len() >= 6, "the first page shows {} goods: {names:?}", names.len());
        let mut seen = std::collections::HashSet::new();
        for n in 1..=9 {
            let hits = page(n).hits;
            assert_eq!(hits.len(), if n < 9 { 10 } else { 8 }, "page {n}");
            seen.extend(hits.into_iter().map(|h| h.slug));
        }
        assert_eq!(seen.len(), 88, "every listing is on some page");
    }
}
