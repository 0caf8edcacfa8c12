//! What every match must pass besides its words: a group, a province, a shop, a floor of
//! stars, the places asked for. The words' query ([`crate::words`]) tests them posting by
//! posting against one set of documents per segment, so that the words of listings outside
//! them are never counted, and adds their scores itself; no boolean query around has to
//! intersect the matches with each filter again (seeking one list in the other at every
//! step was a third of the most asked search's work).
//!
//! A segment never changes, so the documents of a term or a floor of stars are read once
//! into a set that later searches share ([`kept`]).

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{AllScorer, EnableScoring, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::stars::AtLeastStars;

/// One filter.
#[derive(Debug)]
pub(crate) enum Filter {
    /// Listings with this term of a one-word field (a group, a province, a shop): each
    /// scores as its `TermQuery` scores, one value for all (one word each, one length).
    Term(Term),
    /// At least so many stars, scoring one (as tantivy's range over the column does).
    Stars(AtLeastStars),
    /// Anything else (the places asked for): its documents are read for every search, and
    /// its scores, which differ between listings, are added by the query around.
    Scored(Box<dyn Query>),
}

impl Clone for Filter {
    fn clone(&self) -> Self {
        match self {
            Self::Term(term) => Self::Term(term.clone()),
            Self::Stars(stars) => Self::Stars(stars.clone()),
            Self::Scored(query) => Self::Scored(query.box_clone()),
        }
    }
}

impl Filter {
    pub(crate) fn term(field: Field, value: &str) -> Self {
        Self::Term(Term::from_field_text(field, value))
    }

    /// The filter as a query of its own: for a search without words, and for the query
    /// around the words when they do not score it ([`Self::scored_within`]).
    pub(crate) fn query(&self) -> Box<dyn Query> {
        match self {
            Self::Term(term) => Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
            Self::Stars(stars) => Box::new(stars.clone()),
            Self::Scored(query) => query.box_clone(),
        }
    }

    /// Whether the words' query adds this filter's score (one value per segment) itself.
    pub(crate) fn scored_within(&self) -> bool {
        !matches!(self, Self::Scored(_))
    }

    pub(crate) fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<FilterWeight> {
        Ok(FilterWeight { weight: self.query().weight(enable_scoring)?, filter: self.clone() })
    }
}

pub(crate) struct FilterWeight {
    filter: Filter,
    weight: Box<dyn Weight>,
}

/// The documents of a segment passing every filter, a bit each (document `d` is bit
/// `d % 64` of word `d / 64`), and what the filters add to each one's score.
pub(crate) struct Passing {
    /// None: every document passes.
    pub bits: Option<Vec<u64>>,
    pub score: Score,
}

impl Passing {
    #[inline]
    pub fn has(bits: &[u64], doc: u32) -> bool {
        bits.get(doc as usize / 64).is_some_and(|word| word >> (doc % 64) & 1 != 0)
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
    let words = (reader.max_doc() as usize).div_ceil(64);
    for FilterWeight { filter, weight } in filters {
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
                set
            }
            Filter::Term(_) | Filter::Scored(_) => {
                let mut scorer = weight.scorer(reader, boost)?;
                if scorer.doc() == TERMINATED {
                    return Ok(None);
                }
                // Every listing passes (a term without scoring): as the boolean query drops it.
                if scorer.is::<AllScorer>() {
                    continue;
                }
                match filter {
                    Filter::Term(term) => {
                        score += scorer.score();
                        kept(reader, Key::Term(term.clone()), || Ok(set_of(scorer.as_mut(), reader)))?
                    }
                    _ => Arc::new(set_of(scorer.as_mut(), reader)),
                }
            }
        };
        let all = bits.get_or_insert_with(|| vec![u64::MAX; words]);
        for (k, word) in all.iter_mut().enumerate() {
            *word &= u64::from_le_bytes(set.tinyset(k as u32).into_bytes());
        }
    }
    Ok(Some(Passing { bits, score }))
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

struct Kept {
    sets: lru::LruCache<(SegmentId, Key), Arc<BitSet>>,
    bytes: usize,
}

static KEPT: LazyLock<Mutex<Kept>> = LazyLock::new(|| Mutex::new(Kept { sets: lru::LruCache::unbounded(), bytes: 0 }));

fn bytes(set: &BitSet) -> usize {
    (set.max_value() as usize).div_ceil(8)
}

/// The set of `reader`'s segment under `key`, built by `build` the first time.
pub(crate) fn kept(
    reader: &SegmentReader,
    key: Key,
    build: impl FnOnce() -> tantivy::Result<BitSet>,
) -> tantivy::Result<Arc<BitSet>> {
    let key = (reader.segment_id(), key);
    if let Some(set) = KEPT.lock().unwrap_or_else(PoisonError::into_inner).sets.get(&key) {
        return Ok(Arc::clone(set));
    }
    let set = Arc::new(build()?);
    let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
    kept.bytes += bytes(&set);
    if let Some(old) = kept.sets.put(key, Arc::clone(&set)) {
        kept.bytes -= bytes(&old);
    }
    while kept.bytes > KEPT_BYTES && kept.sets.len() > 1 {
        if let Some((_, old)) = kept.sets.pop_lru() {
            kept.bytes -= bytes(&old);
        }
    }
    Ok(set)
}
