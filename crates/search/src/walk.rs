//! A word's near spellings and a word's or pair's continuations: the terms of a field within
//! one letter of a word, or starting with it, each matching document scoring one constant
//! (however many of the terms it has). tantivy's fuzzy query walks the field's whole term
//! dictionary with a Levenshtein automaton (built anew each query) and gathers the postings
//! in a bitset over the segment, which a sixth of a query's work went to. A segment's terms
//! never change, so which of them a walk finds is kept per segment and walk; the automaton
//! is built only when a segment has not been walked for it, and the postings of a walk that
//! found one term (the usual case) are handed on as read.

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use tantivy::BitSet;
use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::query::{
    AutomatonWeight, BitSetDocSet, ConstScorer, EnableScoring, Explanation, FuzzyTermQuery, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// The terms of `term`'s field within `distance` letters of it (a swap of two neighbours
/// counting one), or starting with it when `prefix`, each matching document scoring `score`.
#[derive(Clone, Debug)]
pub struct WalkClause {
    walk: Walk,
    score: Score,
}

/// What a walk finds, whatever it scores.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Walk {
    term: Term,
    distance: u8,
    prefix: bool,
}

impl WalkClause {
    pub fn near(term: Term, distance: u8, score: Score) -> Self {
        Self { walk: Walk { term, distance, prefix: false }, score }
    }

    pub fn prefix(term: Term, score: Score) -> Self {
        Self { walk: Walk { term, distance: 0, prefix: true }, score }
    }
}

impl Walk {
    fn automaton(&self) -> tantivy::Result<AutomatonWeight<tantivy::query::DfaWrapper>> {
        let query = if self.prefix {
            FuzzyTermQuery::new_prefix(self.term.clone(), self.distance, true)
        } else {
            FuzzyTermQuery::new(self.term.clone(), self.distance, true)
        };
        Ok(AutomatonWeight::new(self.term.field(), query.automaton()?))
    }
}

impl Query for WalkClause {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.walk_weight()?))
    }
}

impl WalkClause {
    /// The clause's weight as itself, for [`crate::words`] to read a term and its near
    /// spellings together.
    pub(crate) fn walk_weight(&self) -> tantivy::Result<WalkWeight> {
        if !self.walk.term.typ().eq(&tantivy::schema::Type::Str) {
            return Err(TantivyError::InvalidArgument("a walk needs a text term".into()));
        }
        Ok(WalkWeight { walk: self.walk.clone(), score: self.score, automaton: Mutex::new(None) })
    }
}

pub(crate) struct WalkWeight {
    walk: Walk,
    score: Score,
    /// Built the first time a segment is walked, for this query's other segments.
    automaton: Mutex<Option<Arc<AutomatonWeight<tantivy::query::DfaWrapper>>>>,
}

/// How many walks are kept (segment and walk, with the terms found): a few hundred bytes
/// each, the words of some thousands of searches.
const KEPT: usize = 8_192;

type Found = Arc<[TermInfo]>;

static FOUND: LazyLock<Mutex<lru::LruCache<(SegmentId, Walk), Found>>> = LazyLock::new(|| {
    Mutex::new(lru::LruCache::new(std::num::NonZeroUsize::new(KEPT).unwrap_or(std::num::NonZeroUsize::MIN)))
});

impl WalkWeight {
    fn field(&self) -> Field {
        self.walk.term.field()
    }

    /// What each document found scores.
    pub(crate) fn score(&self) -> Score {
        self.score
    }

    /// The terms the walk finds in `reader`'s segment.
    pub(crate) fn found(&self, reader: &SegmentReader) -> tantivy::Result<Found> {
        let key = (reader.segment_id(), self.walk.clone());
        if let Some(found) = FOUND.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return Ok(Arc::clone(found));
        }
        let automaton = {
            let mut built = self.automaton.lock().unwrap_or_else(PoisonError::into_inner);
            match &*built {
                Some(a) => Arc::clone(a),
                None => Arc::clone(built.insert(Arc::new(self.walk.automaton()?))),
            }
        };
        let found: Found = automaton.get_match_term_infos(reader)?.into();
        FOUND.lock().unwrap_or_else(PoisonError::into_inner).put(key, Arc::clone(&found));
        Ok(found)
    }

    /// Every matching document once, in order, into a bitset over the segment.
    pub(crate) fn bitset(&self, reader: &SegmentReader, found: &[TermInfo]) -> tantivy::Result<BitSet> {
        let mut all = BitSet::with_max_value(reader.max_doc());
        for info in found {
            self.docs_of(reader, info, |doc| {
                all.insert(doc);
            })?;
        }
        Ok(all)
    }

    /// The documents of one term found, a block at a time.
    fn docs_of(&self, reader: &SegmentReader, info: &TermInfo, mut each: impl FnMut(DocId)) -> tantivy::Result<()> {
        let inverted = reader.inverted_index(self.field())?;
        let mut block = inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        while !block.docs().is_empty() {
            block.docs().iter().for_each(|&doc| each(doc));
            block.advance();
        }
        Ok(())
    }
}

impl Weight for WalkWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let found = self.found(reader)?;
        let docs = BitSetDocSet::from(self.bitset(reader, &found)?);
        Ok(Box::new(ConstScorer::new(docs, self.score * boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new_with_string(format!("{:?}", self.walk), scorer.score()))
    }

    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        let found = self.found(reader)?;
        match &*found {
            [] => {}
            // One term: its postings are each document once already.
            [info] => self.docs_of(reader, info, |doc| callback(doc, self.score))?,
            many => {
                let mut docs = BitSetDocSet::from(self.bitset(reader, many)?);
                while docs.doc() != tantivy::TERMINATED {
                    callback(docs.doc(), self.score);
                    docs.advance();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::Term;
    use tantivy::query::{BoostQuery, FuzzyTermQuery};

    use super::WalkClause;
    use crate::term::tests::{scored, two_segments};

    /// Over two segments, near spellings and continuations (of one term, of several, of
    /// none) find each document once with the very score of tantivy's boosted fuzzy query,
    /// asked twice (the second time from what the first walk kept).
    #[test]
    fn walks_find_what_tantivys_fuzzy_query_finds() {
        let index = two_segments();
        let searcher = index.searcher();
        let f = crate::document::schema().1;
        let mut compared = 0;
        for (field, text, prefix) in [
            (f.name_folded, "ngon", false),
            (f.name_folded, "mang", false),
            (f.name_folded, "tuong", false),
            (f.name_folded, "khong co", false),
            (f.name_folded, "ch", true),
            (f.name_folded, "nuocmamx", true),
            (f.name_bigrams, "mat o", true),
            (f.name_bigrams, "keo d", true),
        ] {
            let term = Term::from_field_text(field, text);
            let (ours, theirs) = if prefix {
                (WalkClause::prefix(term.clone(), 0.8), FuzzyTermQuery::new_prefix(term, 0, true))
            } else {
                (WalkClause::near(term.clone(), 1, 2.5), FuzzyTermQuery::new(term, 1, true))
            };
            let expected = scored(&searcher, &BoostQuery::new(Box::new(theirs), if prefix { 0.8 } else { 2.5 }), true);
            for _ in 0..2 {
                assert_eq!(scored(&searcher, &ours, false), expected, "{text}");
                assert_eq!(scored(&searcher, &ours, true), expected, "{text}");
            }
            compared += expected.len();
        }
        assert!(compared > 100, "{compared} documents compared");
    }
}
