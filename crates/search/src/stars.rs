//! "At least N stars": the listings of a segment with that many, kept as a set of documents
//! per segment and floor ([`crate::filters::kept`]). tantivy's range over the stars column
//! decodes a block of the column at every step and every seek; a segment never changes, so
//! its set serves every search filtering by stars, with words ([`crate::filters`]) or alone.

use std::sync::Arc;

use tantivy::query::{
    AllScorer, BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

use crate::filters::Key;

/// Listings with at least `stars` stars in the u64 column `field`, each scoring one (as
/// tantivy's range query on the column scores).
#[derive(Clone, Debug)]
pub struct AtLeastStars {
    field: Field,
    stars: u64,
}

impl AtLeastStars {
    pub fn new(field: Field, stars: u8) -> Self {
        Self { field, stars: u64::from(stars) }
    }
}

impl Query for AtLeastStars {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl AtLeastStars {
    /// The listings of `reader`'s segment with at least so many stars.
    pub(crate) fn set(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        crate::filters::kept(reader, Key::AtLeast(self.field, self.stars), || {
            let name = reader.schema().get_field_name(self.field);
            let column = reader.fast_fields().column_opt::<u64>(name)?;
            let mut set = BitSet::with_max_value(reader.max_doc());
            if let Some(column) = column {
                for doc in 0..reader.max_doc() {
                    if column.values_for_doc(doc).any(|stars| stars >= self.stars) {
                        set.insert(doc);
                    }
                }
            }
            Ok(set)
        })
    }
}

impl Weight for AtLeastStars {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let set = self.set(reader)?;
        // As tantivy's range does: a floor every listing passes (OCOP stars start at three)
        // is no filter at all, and the boolean query around drops it rather than seeking it
        // once per match; one no listing passes ends the search at once.
        Ok(match set.len() {
            0 => Box::new(EmptyScorer),
            n if n == reader.max_doc() as usize => Box::new(AllScorer::new(reader.max_doc())),
            _ => Box::new(ConstScorer::new(BitSetDocSet::from(BitSet::clone(&*set)), boost)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new_with_string(format!("at least {} stars", self.stars), scorer.score()))
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use tantivy::Term;
    use tantivy::query::{AllScorer, EnableScoring, Query, RangeQuery};

    use super::AtLeastStars;
    use crate::term::tests::{scored, two_segments};

    /// Over two segments, each floor finds the documents tantivy's range over the column
    /// finds, with its score, asked twice (the second time from the sets kept).
    #[test]
    fn at_least_stars_finds_what_the_range_query_finds() {
        let index = two_segments();
        let searcher = index.searcher();
        let f = crate::document::schema().1;
        let mut everyone = 0;
        for stars in 0..=6_u8 {
            let range = RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(f.stars, u64::from(stars))),
                std::ops::Bound::Included(Term::from_field_u64(f.stars, 5)),
            );
            let expected = scored(&searcher, &range, true);
            if (3..=5).contains(&stars) {
                assert!(!expected.is_empty(), "{stars}");
            }
            for _ in 0..2 {
                assert_eq!(scored(&searcher, &AtLeastStars::new(f.stars, stars), true), expected, "{stars}");
            }
            // Where every listing passes, the scorer says so as the range's does, so that the
            // boolean query around drops it instead of seeking it at every match.
            let scoring = EnableScoring::enabled_from_searcher(&searcher);
            for reader in searcher.segment_readers() {
                let ours = AtLeastStars::new(f.stars, stars).weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
                let theirs = range.weight(scoring).unwrap().scorer(reader, 1.0).unwrap();
                assert_eq!(ours.is::<AllScorer>(), theirs.is::<AllScorer>(), "{stars}");
                everyone += usize::from(ours.is::<AllScorer>());
            }
        }
        assert!(everyone > 0);
    }
}
