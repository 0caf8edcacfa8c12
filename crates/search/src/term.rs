//! A term clause, boosted, that hands its postings to the words' arrays a block at a time.
//! tantivy's `BoostQuery` over a `TermQuery` scores the same, but walks its postings through
//! a boxed scorer: two dynamic calls and a cursor step per posting, a fifth of a query's
//! work once every other step was cut. Here a block of up to 128 postings is decoded and
//! scored in one loop, with the same arithmetic as tantivy's term scorer.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

use crate::bm25::Bm25;

/// `term`'s documents; with `Bm25`, scored as tantivy's `TermQuery` scores them, times the
/// boost; with `Constant`, that score each.
#[derive(Clone, Debug)]
pub struct TermClause {
    term: Term,
    scoring: Scoring,
}

#[derive(Clone, Copy, Debug)]
pub enum Scoring {
    Bm25 { boost: Score },
    Constant(Score),
}

impl TermClause {
    pub fn new(term: Term, scoring: Scoring) -> Self {
        Self { term, scoring }
    }

    pub fn term(&self) -> &Term {
        &self.term
    }

    /// The clause's weight as itself, for [`crate::words`] to hand postings on without a
    /// dynamic call each.
    pub(crate) fn term_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<TermClauseWeight> {
        let field = enable_scoring.schema().get_field_entry(self.term.field());
        if !field.is_indexed() {
            return Err(TantivyError::SchemaError(format!("Field {:?} is not indexed.", field.name())));
        }
        let (bm25, option) = match (self.scoring, enable_scoring) {
            (Scoring::Bm25 { boost }, EnableScoring::Enabled { statistics_provider, .. }) => {
                (Some(Bm25::of(statistics_provider, &self.term, boost)?), IndexRecordOption::WithFreqs)
            }
            _ => (None, IndexRecordOption::Basic),
        };
        let constant = match self.scoring {
            Scoring::Constant(score) => score,
            Scoring::Bm25 { .. } => 1.0,
        };
        Ok(TermClauseWeight { term: self.term.clone(), bm25, constant, option })
    }
}

impl Query for TermClause {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.term_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

pub(crate) struct TermClauseWeight {
    term: Term,
    /// None: every document scores `constant`.
    bm25: Option<Bm25>,
    constant: Score,
    option: IndexRecordOption,
}

impl TermClauseWeight {
    fn norms(&self, reader: &SegmentReader) -> tantivy::Result<FieldNormReader> {
        Ok(reader
            .fieldnorms_readers()
            .get_field(self.term.field())?
            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)))
    }
}

impl Weight for TermClauseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inverted = reader.inverted_index(self.term.field())?;
        let Some(info) = inverted.get_term_info(&self.term)? else { return Ok(Box::new(EmptyScorer)) };
        let postings = inverted.read_postings_from_terminfo(&info, self.option)?;
        Ok(match &self.bm25 {
            Some(bm25) => Box::new(Bm25Scorer { postings, norms: self.norms(reader)?, bm25: bm25.boost_by(boost) }),
            None => Box::new(ConstScorer::new(postings, self.constant * boost)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new_with_string(format!("{:?}", self.term), scorer.score()))
    }

    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        self.postings(reader, |doc, posting| callback(doc, posting.score()))
    }
}

impl TermClauseWeight {
    /// Every posting of the term in `reader`'s segment, a block at a time, with its score
    /// to work out if wanted.
    #[inline]
    pub(crate) fn postings(
        &self,
        reader: &SegmentReader,
        callback: impl FnMut(DocId, Posting<'_>),
    ) -> tantivy::Result<()> {
        match self.info(reader)? {
            Some(info) => self.postings_of(reader, &info, 0.0, callback),
            None => Ok(()),
        }
    }

    /// The term's entry in `reader`'s segment, if it has the term.
    pub(crate) fn info(&self, reader: &SegmentReader) -> tantivy::Result<Option<TermInfo>> {
        Ok(reader.inverted_index(self.term.field())?.get_term_info(&self.term)?)
    }

    /// [`Self::postings`] of the term's entry `info`, each scoring `plus` more.
    #[inline]
    pub(crate) fn postings_of(
        &self,
        reader: &SegmentReader,
        info: &TermInfo,
        plus: Score,
        mut callback: impl FnMut(DocId, Posting<'_>),
    ) -> tantivy::Result<()> {
        let inverted = reader.inverted_index(self.term.field())?;
        let mut block = inverted.read_block_postings_from_terminfo(info, self.option)?;
        match &self.bm25 {
            Some(bm25) => {
                let norms = self.norms(reader)?;
                while !block.docs().is_empty() {
                    // `freq` is 1 throughout when the field keeps no frequencies.
                    for (i, &doc) in block.docs().iter().enumerate() {
                        callback(doc, Posting::Bm25 { bm25, norms: &norms, doc, freq: block.freq(i), plus });
                    }
                    block.advance();
                }
            }
            None => {
                while !block.docs().is_empty() {
                    for &doc in block.docs() {
                        callback(doc, Posting::Constant(self.constant + plus));
                    }
                    block.advance();
                }
            }
        }
        Ok(())
    }
}

/// A posting's score, worked out only when asked for: a document that can no longer match
/// is passed over without reading its field length.
#[derive(Clone, Copy)]
pub(crate) enum Posting<'a> {
    /// `plus` is added to the term's score: what the term's near spellings, the term
    /// itself among them, score ([`crate::words`]).
    Bm25 {
        bm25: &'a Bm25,
        norms: &'a FieldNormReader,
        doc: DocId,
        freq: u32,
        plus: Score,
    },
    Constant(Score),
}

impl Posting<'_> {
    #[inline]
    pub(crate) fn score(self) -> Score {
        match self {
            Self::Bm25 { bm25, norms, doc, freq, plus } => bm25.score(norms.fieldnorm_id(doc), freq) + plus,
            Self::Constant(score) => score,
        }
    }
}

/// What tantivy's term scorer computes, for a document at a time (tantivy keeps its own
/// to itself).
struct Bm25Scorer {
    postings: SegmentPostings,
    norms: FieldNormReader,
    bm25: Bm25,
}

impl DocSet for Bm25Scorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25Scorer {
    fn score(&mut self) -> Score {
        self.bm25.score(self.norms.fieldnorm_id(self.postings.doc()), self.postings.term_freq())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use std::collections::BTreeMap;

    use tantivy::query::{BoostQuery, ConstScoreQuery, EnableScoring, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Searcher, Term};

    use super::{Scoring, TermClause};

    /// Every document a query's weight hands out, through `for_each` or through its scorer,
    /// each once.
    pub(crate) fn scored(searcher: &Searcher, query: &dyn Query, through_scorer: bool) -> BTreeMap<DocAddress, f32> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher)).unwrap();
        let mut all = BTreeMap::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut add = |doc, score| {
                assert!(all.insert(DocAddress::new(ord as u32, doc), score).is_none(), "a document twice");
            };
            if through_scorer {
                let mut scorer = weight.scorer(reader, 1.0).unwrap();
                while scorer.doc() != tantivy::TERMINATED {
                    add(scorer.doc(), scorer.score());
                    scorer.advance();
                }
            } else {
                weight.for_each(reader, &mut add).unwrap();
            }
        }
        all
    }

    /// The development catalogue in two segments, half of its listings indexed again.
    pub(crate) fn two_segments() -> crate::SearchIndex {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let index = crate::eval::index_catalogue(&catalogue).unwrap();
        let half: Vec<_> = catalogue.listings.iter().filter(|l| l.id % 2 == 0).cloned().collect();
        let ids: Vec<i64> = half.iter().map(|l| l.id).collect();
        index.replace_some(&ids, &half).unwrap();
        index
    }

    /// Over two segments, a boosted term (with frequencies, and a field without) and a
    /// constant one find the same documents with the very same scores as tantivy's boosted
    /// term and constant-score queries, block by block and through the scorer alike.
    #[test]
    fn scores_what_tantivy_scores() {
        let index = two_segments();
        let searcher = index.searcher();
        let f = crate::document::schema().1;
        let mut compared = 0;
        for (field, text) in [
            (f.name_folded, "mat"),
            (f.name_folded, "ong"),
            (f.desc_folded, "la"),
            (f.meta_folded, "thuc"),
            (f.name_exact, "mật"),
            (f.province, "HN"),
            (f.name_folded, "khong co tu nay"),
        ] {
            let term = Term::from_field_text(field, text);
            for boost in [1.0, 0.3, 2.5] {
                let ours = TermClause::new(term.clone(), Scoring::Bm25 { boost });
                let tantivy =
                    BoostQuery::new(Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)), boost);
                let expected = scored(&searcher, &tantivy, true);
                assert_eq!(scored(&searcher, &ours, false), expected, "{text} × {boost}");
                assert_eq!(scored(&searcher, &ours, true), expected, "{text} × {boost}");
                let constant = TermClause::new(term.clone(), Scoring::Constant(boost));
                let tantivy =
                    ConstScoreQuery::new(Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)), boost);
                let expected_constant = scored(&searcher, &tantivy, true);
                assert_eq!(scored(&searcher, &constant, false), expected_constant, "{text} = {boost}");
                assert_eq!(scored(&searcher, &constant, true), expected_constant, "{text} = {boost}");
                compared += expected.len();
            }
        }
        assert!(compared > 300, "{compared} scores compared");
    }
}
