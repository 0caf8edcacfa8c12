//! A filter whose listings score differently: the places asked for. Its documents and
//! their scores are read from its query once per segment, and later searches naming the
//! same places share them: a province is asked again and again, and reading its query
//! (a union of its terms) cost as much as matching the words within it. The scores are
//! BM25 over the whole index (the place's words in names), so the state of the index they
//! were read under is part of what they are kept under.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{BitSet, DocId, Score, SegmentReader, TERMINATED};

use crate::kept::{Bytes, Kept};

/// A filter's query and what tells it from another one (the places it was built from).
#[derive(Clone, Debug)]
pub(crate) struct ScoredFilter {
    pub query: Arc<dyn Query>,
    pub key: Arc<str>,
}

/// A segment's documents passing a [`ScoredFilter`], a bit each and in order with their scores.
pub(crate) struct ScoredSet {
    pub set: BitSet,
    docs: Vec<DocId>,
    scores: Vec<Score>,
}

impl ScoredSet {
    /// Every document of `scorer`, with its score.
    pub(crate) fn read(scorer: &mut dyn Scorer, reader: &SegmentReader) -> Self {
        let mut read = Self { set: BitSet::with_max_value(reader.max_doc()), docs: Vec::new(), scores: Vec::new() };
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            read.set.insert(doc);
            read.docs.push(doc);
            read.scores.push(scorer.score());
            doc = scorer.advance();
        }
        read
    }
}

impl Bytes for ScoredSet {
    fn bytes(&self) -> usize {
        self.set.bytes() + self.docs.len() * 8
    }
}

/// The scores of a [`ScoredSet`], asked for documents in increasing order.
pub(crate) struct Scores {
    read: Arc<ScoredSet>,
    /// Where the last document asked for was.
    at: usize,
}

impl Scores {
    pub(crate) fn new(read: Arc<ScoredSet>) -> Self {
        Self { read, at: 0 }
    }

    /// `doc`'s score, 0 if it does not pass.
    #[inline]
    pub(crate) fn of(&mut self, doc: DocId) -> Score {
        let docs = &self.read.docs;
        self.at += docs[self.at..].partition_point(|d| *d < doc);
        match docs.get(self.at) {
            Some(d) if *d == doc => self.read.scores[self.at],
            _ => 0.0,
        }
    }
}

/// What the scores of a search depend on besides the filter and the boost: the index's
/// state (its segments and their deletions, which make its statistics). None when scoring
/// is off (nothing is kept then).
pub(crate) fn state_of(enable_scoring: &EnableScoring<'_>) -> Option<u64> {
    match enable_scoring {
        // The statistics are the searcher's own: no search here brings others.
        EnableScoring::Enabled { searcher, .. } => {
            let mut hasher = DefaultHasher::new();
            searcher.generation().segments().hash(&mut hasher);
            Some(hasher.finish())
        }
        EnableScoring::Disabled { .. } => None,
    }
}

/// Kept sets take at most this many bytes: a province's is about 40 KB on 100,000
/// listings (its bits and a few thousand listings with their scores).
const KEPT_BYTES: usize = 16 << 20;

/// The segment, the index state, the boost's bits and the filter's key.
type Key = (SegmentId, u64, u32, Arc<str>);

static KEPT: LazyLock<Kept<Key, ScoredSet>> = LazyLock::new(|| Kept::new(KEPT_BYTES));

/// The documents and scores of `filter` in `reader`'s segment, under the index state
/// `state` and `boost`; read by `read` the first time.
pub(crate) fn kept(
    reader: &SegmentReader,
    filter: &ScoredFilter,
    state: Option<u64>,
    boost: Score,
    read: impl FnOnce() -> tantivy::Result<ScoredSet>,
) -> tantivy::Result<Arc<ScoredSet>> {
    match state {
        Some(state) => KEPT.get_or_read((reader.segment_id(), state, boost.to_bits(), Arc::clone(&filter.key)), read),
        None => Ok(Arc::new(read()?)),
    }
}
