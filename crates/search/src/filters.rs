//! What every match must pass besides its words: a group, a province, a shop, a floor of
//! stars, the places asked for. The words' query ([`crate::words`]) tests them posting by
//! posting against one set of documents per segment, so that the words of listings outside
//! them are never counted, and adds their scores itself; no boolean query around has to
//! intersect the matches with each filter again (seeking one list in the other at every
//! step was a third of the most asked search's work).
//!
//! A segment never changes, so the documents of a term or a floor of stars are read once
//! into a set that later searches share ([`kept`]), as are the places asked for, with their
//! scores ([`crate::scored`]).

use std::sync::{Arc, LazyLock};

use tantivy::index::SegmentId;
use tantivy::query::{AllScorer, EnableScoring, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::kept::Kept;
use crate::scored::{ScoredFilter, ScoredSet, Scores};
use crate::stars::AtLeastStars;

/// One filter.
#[derive(Debug, Clone)]
pub(crate) enum Filter {
    /// Listings with this term of a one-word field (a group, a province, a shop): each
    /// scores as its `TermQuery` scores, one value for all (one word each, one length).
    Term(Term),
    /// At least so many stars, scoring one (as tantivy's range over the column does).
    Stars(AtLeastStars),
    /// Anything else (the places asked for): its documents are read for every search with
    /// their scores, which differ between listings, and the words' query adds them.
    /// Read once per segment and kept ([`crate::scored`]).
    Scored(ScoredFilter),
    /// A [`Self::Scored`] filter whose scores the query around adds: where two words'
    /// queries are added up, as a loosened query's headed and half ones are, each passing
    /// only, so that a listing in both counts its place once.
    Passed(ScoredFilter),
}

impl Filter {
    pub(crate) fn term(field: Field, value: &str) -> Self {
        Self::Term(Term::from_field_text(field, value))
    }

    /// Listings of `query`, scored by it; `key` tells it from any other such query.
    pub(crate) fn scored(query: Box<dyn Query>, key: String) -> Self {
        Self::Scored(ScoredFilter { query: Arc::from(query), key: Arc::from(key) })
    }

    /// The filter as a query of its own: for the query around the words when they do not
    /// score it ([`Self::Passed`]), and where a filter alone is asked (the kin of a group).
    pub(crate) fn query(&self) -> Box<dyn Query> {
        match self {
            Self::Term(term) => Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
            Self::Stars(stars) => Box::new(stars.clone()),
            Self::Scored(scored) | Self::Passed(scored) => scored.query.box_clone(),
        }
    }

    /// The filter, its score left to the query around when it differs between listings.
    pub(crate) fn passed(&self) -> Self {
        match self {
            Self::Scored(scored) => Self::Passed(scored.clone()),
            other => other.clone(),
        }
    }

    pub(crate) fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<FilterWeight> {
        // Only scores read per listing are kept under the index state.
        let state = match self {
            Self::Scored(_) | Self::Passed(_) => crate::scored::state_of(&enable_scoring),
            _ => None,
        };
        Ok(FilterWeight { weight: self.query().weight(enable_scoring)?, filter: self.clone(), state })
    }
}

pub(crate) struct FilterWeight {
    filter: Filter,
    weight: Box<dyn Weight>,
    /// The index state the scores are read under ([`crate::scored::state_of`]).
    state: Option<u64>,
}

/// The documents of a segment passing every filter, a bit each (document `d` is bit
/// `d % 64` of word `d / 64`), and what the filters add to each one's score.
pub(crate) struct Passing {
    /// None: every document passes.
    pub bits: Option<Vec<u64>>,
    /// What the filters scoring every passing listing alike add.
    pub score: Score,
    /// What each [`Filter::Scored`] adds, listing by listing.
    pub scored: Vec<Scores>,
}

impl Passing {
    #[inline]
    pub fn has(bits: &[u64], doc: u32) -> bool {
        bits.get(doc as usize / 64).is_some_and(|word| word >> (doc % 64) & 1 != 0)
    }

    /// What the filters add to passing document `doc`'s score; asked of documents in
    /// increasing order.
    #[inline]
    pub fn score_of(&mut self, doc: DocId) -> Score {
        self.score + self.scored.iter_mut().map(|s| s.of(doc)).sum::<Score>()
    }
}

/// What passes every filter in `reader`'s segment; None when nothing does.
pub(crate) fn passing(
    filters: &[FilterWeight],
    reader: &SegmentReader,
    boost: Score,
) -> tantivy::Result<Option<Passing>> {
    let mut bits: Option<Vec<u64>> = None;
    let mut score = 0.0;
    let mut scored = Vec::new();
    let words = (reader.max_doc() as usize).div_ceil(64);
    for FilterWeight { filter, weight, state } in filters {
        let set = match filter {
            Filter::Stars(stars) => {
                let set = stars.set(reader)?;
                match set.len() {
                    0 => return Ok(None),
                    // As the boolean query drops an all-passing floor (an `AllScorer`), with
                    // its score.
                    n if n == reader.max_doc() as usize => continue,
                    _ => score += boost,
                }
                Set::Kept(set)
            }
            Filter::Scored(query) | Filter::Passed(query) => {
                let read = crate::scored::kept(reader, query, *state, boost, || {
                    Ok(ScoredSet::read(weight.scorer(reader, boost)?.as_mut(), reader))
                })?;
                if read.set.len() == 0 {
                    return Ok(None);
                }
                if matches!(filter, Filter::Scored(_)) {
                    scored.push(Scores::new(Arc::clone(&read)));
                }
                Set::Scored(read)
            }
            Filter::Term(term) => {
                let mut scorer = weight.scorer(reader, boost)?;
                if scorer.doc() == TERMINATED {
                    return Ok(None);
                }
                // Every listing passes (a term without scoring): as the boolean query drops it.
                if scorer.is::<AllScorer>() {
                    continue;
                }
                score += scorer.score();
                Set::Kept(kept(reader, Key::Term(term.clone()), || Ok(set_of(scorer.as_mut(), reader)))?)
            }
        };
        let set = match &set {
            Set::Kept(set) => set.as_ref(),
            Set::Scored(read) => &read.set,
        };
        let all = bits.get_or_insert_with(|| vec![u64::MAX; words]);
        for (k, word) in all.iter_mut().enumerate() {
            *word &= u64::from_le_bytes(set.tinyset(k as u32).into_bytes());
        }
    }
    Ok(Some(Passing { bits, score, scored }))
}

/// A filter's documents as kept.
enum Set {
    Kept(Arc<BitSet>),
    Scored(Arc<ScoredSet>),
}

fn set_of(docs: &mut dyn Scorer, reader: &SegmentReader) -> BitSet {
    let mut set = BitSet::with_max_value(reader.max_doc());
    let mut doc = docs.doc();
    while doc != TERMINATED {
        set.insert(doc);
        doc = docs.advance();
    }
    set
}

/// What a kept set is the documents of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Term(Term),
    AtLeast(Field, u64),
}

/// Kept sets take at most this many bytes (12.5 KB per 100,000 listings each): a province,
/// a group or a floor of stars is asked again and again, a shop's now and then.
const KEPT_BYTES: usize = 16 << 20;

static KEPT: LazyLock<Kept<(SegmentId, Key), BitSet>> = LazyLock::new(|| Kept::new(KEPT_BYTES));

/// The set of `reader`'s segment under `key`, built by `build` the first time.
pub(crate) fn kept(
    reader: &SegmentReader,
    key: Key,
    build: impl FnOnce() -> tantivy::Result<BitSet>,
) -> tantivy::Result<Arc<BitSet>> {
    KEPT.get_or_read((reader.segment_id(), key), build)
}
