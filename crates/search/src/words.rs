//! The words of a query, matched a clause at a time. Each word is a handful of clauses
//! (exact, folded, group/province, description, slips, fuzzy, prefix) and most of the words
//! must match. tantivy's boolean query answers that by merging every clause's postings
//! document by document through heaps and buffered unions, which costs far more than
//! reading the postings. Here each clause's matches are added straight into two arrays
//! over the segment (score so far, which words matched), then the documents with enough
//! words are read off in order. Every clause is scored by tantivy itself, and a document's
//! score is the same sum the boolean query computes.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use crate::term::{Posting, TermClause, TermClauseWeight};

/// At most this many words take part (a query keeps 12 syllables).
pub const MAX_WORDS: usize = 16;

/// A read-off threshold no document's count reaches (words and filters count well under
/// it), still under 128 as the read-off needs.
const ABOVE_EVERY_COUNT: u8 = 127;

#[derive(Debug)]
pub struct WordsQuery {
    /// Each word's clauses: one matching is enough for the word.
    words: Vec<Vec<Box<dyn Query>>>,
    /// Clauses that only add to the score of a document matching anyway.
    optional: Vec<Box<dyn Query>>,
    /// How many words a document must match.
    required: usize,
    /// Filters every match must pass besides (a group, a province, stars, places asked
    /// for), scoring nothing here: documents outside a narrow one are passed over before any
    /// word is scored. The query around this one asks them too, for their scores.
    within: Vec<Box<dyn Query>>,
}

impl WordsQuery {
    /// Words beyond [`MAX_WORDS`] are left out; `required` is kept between 1 and the words.
    pub fn new(mut words: Vec<Vec<Box<dyn Query>>>, optional: Vec<Box<dyn Query>>, required: usize) -> Self {
        words.truncate(MAX_WORDS);
        let required = required.clamp(1, words.len().max(1));
        Self { words, optional, required, within: Vec::new() }
    }

    /// The words are matched only among documents passing `filters` (those narrow enough to
    /// spare work: a broad one may be left out, so the query around this one asks them all).
    pub fn within(mut self, filters: Vec<Box<dyn Query>>) -> Self {
        self.within = filters;
        self
    }

    /// The same query written as tantivy's boolean query: what this one must agree with.
    #[cfg(test)]
    pub fn as_boolean(&self) -> Box<dyn Query> {
        use tantivy::query::{BooleanQuery, Occur};
        let words: Vec<(Occur, Box<dyn Query>)> = self
            .words
            .iter()
            .map(|clauses| -> (Occur, Box<dyn Query>) {
                let any = clauses.iter().map(|c| (Occur::Should, c.box_clone())).collect();
                (Occur::Should, Box::new(BooleanQuery::new(any)))
            })
            .collect();
        let mut all: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::with_minimum_required_clauses(words, self.required)))];
        all.extend(self.optional.iter().map(|c| (Occur::Should, c.box_clone())));
        all.extend(self.within.iter().map(|c| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(tantivy::query::ConstScoreQuery::new(c.box_clone(), 0.0)))
        }));
        Box::new(BooleanQuery::new(all))
    }
}

impl Clone for WordsQuery {
    fn clone(&self) -> Self {
        let all = |clauses: &[Box<dyn Query>]| clauses.iter().map(|c| c.box_clone()).collect();
        Self {
            words: self.words.iter().map(|w| all(w)).collect(),
            optional: all(&self.optional),
            required: self.required,
            within: all(&self.within),
        }
    }
}

impl Query for WordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weigh =
            |clauses: &[Box<dyn Query>]| clauses.iter().map(|c| Clause::of(c.as_ref(), enable_scoring)).collect();
        let words = self.words.iter().map(|clauses| weigh(clauses)).collect::<tantivy::Result<Vec<_>>>()?;
        let optional = weigh(&self.optional)?;
        let within = self.within.iter().map(|q| q.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(WordsWeight { words, optional, required: self.required, within }))
    }
}

/// A clause's weight: a term's as itself, so that its postings are added without a
/// dynamic call each (most of a query's postings are terms'), any other's boxed.
enum Clause {
    Term(TermClauseWeight),
    Other(Box<dyn Weight>),
}

impl Clause {
    fn of(query: &dyn Query, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Self> {
        Ok(match query.downcast_ref::<TermClause>() {
            Some(term) => Self::Term(term.term_weight(enable_scoring)?),
            None => Self::Other(query.weight(enable_scoring)?),
        })
    }

    #[inline]
    fn for_each(&self, reader: &SegmentReader, mut callback: impl FnMut(DocId, Posting<'_>)) -> tantivy::Result<()> {
        match self {
            Self::Term(term) => term.postings(reader, callback),
            Self::Other(weight) => weight.for_each(reader, &mut |doc, score| callback(doc, Posting::Constant(score))),
        }
    }
}

struct WordsWeight {
    words: Vec<Vec<Clause>>,
    optional: Vec<Clause>,
    required: usize,
    within: Vec<Box<dyn Weight>>,
}

/// Per-document arrays over a segment, kept per thread between queries (a query on 100,000
/// listings would otherwise allocate and zero 700 KB). All zero between uses: a query sets
/// only the documents its clauses reach and clears exactly those again.
#[derive(Default)]
struct Scratch {
    /// Documents `8 * k .. 8 * k + 8` in `eights[k]`: a posting costs one bounds check for
    /// its three values, and the read-off takes eight counts as one number.
    eights: Vec<Eight>,
}

#[derive(Default, Clone, Copy)]
struct Eight {
    scores: [f32; 8],
    /// Which words matched, a bit each.
    words: [u16; 8],
    /// How many words matched.
    count: [u8; 8],
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl WordsWeight {
    fn matches(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Matches> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.matches_into(&mut scratch, reader, boost),
            // Only if a clause searched words itself: not this query's case, still correct.
            Err(_) => self.matches_into(&mut Scratch::default(), reader, boost),
        })
    }

    fn matches_into(&self, s: &mut Scratch, reader: &SegmentReader, boost: Score) -> tantivy::Result<Matches> {
        let eights = (reader.max_doc() as usize).div_ceil(8);
        if s.eights.len() < eights {
            s.eights.resize(eights, Eight::default());
        }
        let eights = &mut s.eights[..eights];
        // Between 1 and MAX_WORDS (see `WordsQuery::new`), with the filters (a handful) well
        // under 128, as the read-off below needs.
        let words = u8::try_from(self.required.clamp(1, MAX_WORDS)).unwrap_or(1);
        let filtered = self.filter(eights, reader);
        let (required, added) = match filtered {
            Ok(Some(filtered)) => (filtered + words, self.accumulate(eights, reader, filtered, words)),
            // No document passes every filter (or one failed): no word is read, and the
            // read-off below only clears what the filters touched.
            Ok(None) => (ABOVE_EVERY_COUNT, Ok(())),
            Err(e) => (ABOVE_EVERY_COUNT, Err(e)),
        };
        // Read off the matches and clear what was touched, whether or not a clause failed.
        // Eight counts at a time: a group of zeros is skipped, and in the others the counts
        // reaching `required` are found with one subtraction rather than a branch per
        // document (which documents have enough words is unpredictable). Each count is at
        // most MAX_WORDS < 128, so with its byte's top bit set first no byte borrows from the
        // next: the top bit survives exactly where count ≥ required.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let spread = u64::from(required) * 0x0101_0101_0101_0101;
        let (mut docs, mut scores) = (Vec::new(), Vec::new());
        for (k, eight) in eights.iter_mut().enumerate() {
            let counts = u64::from_le_bytes(eight.count);
            if counts == 0 {
                continue;
            }
            let mut enough = ((counts | HIGH) - spread) & HIGH;
            while enough != 0 {
                let i = (enough.trailing_zeros() / 8) as usize;
                docs.push(DocId::try_from(k * 8 + i).unwrap_or(TERMINATED));
                scores.push(eight.scores[i] * boost);
                enough &= enough - 1;
            }
            *eight = Eight::default();
        }
        added?;
        Ok(Matches { docs, scores, at: 0 })
    }

    /// Counts into `eights` the filters narrow enough to spare work (a broad one is left to
    /// the query around this one): how many of them every match must pass, or none when no
    /// document passes them all.
    fn filter(&self, eights: &mut [Eight], reader: &SegmentReader) -> tantivy::Result<Option<u8>> {
        let mut filtered = 0;
        for filter in &self.within {
            match filter_into(eights, reader, filter.as_ref(), filtered)? {
                Some(0) => return Ok(None),
                Some(_) => filtered += 1,
                None => {}
            }
        }
        Ok(Some(filtered))
    }

    /// Adds the words' clauses to the documents that passed the `filtered` filters, then the
    /// optional clauses to those with `required` words besides.
    fn accumulate(
        &self,
        eights: &mut [Eight],
        reader: &SegmentReader,
        filtered: u8,
        required: u8,
    ) -> tantivy::Result<()> {
        let words = self.words.len();
        for (i, clauses) in self.words.iter().enumerate() {
            let bit = 1_u16 << i;
            // A document that would not have enough words even if it matched every word from
            // here on is passed over: neither counted nor scored (it is never read off, and
            // having been passed over once, it is passed over by every later word too). A
            // document that does match is never passed over, so its score is the same sum.
            let floor = (usize::from(required) + i).saturating_sub(words) + usize::from(filtered);
            let floor = u8::try_from(floor).unwrap_or(u8::MAX);
            for clause in clauses {
                clause.for_each(reader, |doc, posting| {
                    if let Some(e) = eights.get_mut(doc as usize / 8) {
                        let d = doc as usize % 8;
                        // The word's earlier clauses let in only documents at the floor
                        // before this word, so its own count is no way round it. (At floor 0
                        // every document counts: a branch-free copy was measured no faster.)
                        if e.count[d] >= floor {
                            add(e, d, posting, bit);
                        }
                    }
                })?;
            }
        }
        // Only to documents that match anyway.
        let required = filtered + required;
        for clause in &self.optional {
            clause.for_each(reader, |doc, posting| {
                if let Some(e) = eights.get_mut(doc as usize / 8) {
                    let d = doc as usize % 8;
                    if e.count[d] >= required {
                        e.scores[d] += posting.score();
                    }
                }
            })?;
        }
        Ok(())
    }
}

/// A word's clause matched document `d` of `e`.
#[inline]
fn add(e: &mut Eight, d: usize, posting: Posting<'_>, bit: u16) {
    e.scores[d] += posting.score();
    e.count[d] += u8::from(e.words[d] & bit == 0);
    e.words[d] |= bit;
}

/// Counts one more filter passed for the documents of `filter` that passed the `passed`
/// before it, unless it is broad (half the segment or more: reading it twice would cost
/// more than it spares). How many documents have passed every filter so far, none if it
/// was left out.
fn filter_into(
    eights: &mut [Eight],
    reader: &SegmentReader,
    filter: &dyn Weight,
    passed: u8,
) -> tantivy::Result<Option<usize>> {
    let mut docs = filter.scorer(reader, 1.0)?;
    if docs.size_hint() > reader.max_doc() / 2 {
        return Ok(None);
    }
    let mut now = 0;
    let mut doc = docs.doc();
    while doc != TERMINATED {
        if let Some(e) = eights.get_mut(doc as usize / 8) {
            let d = doc as usize % 8;
            let through = e.count[d] == passed;
            e.count[d] += u8::from(through);
            now += usize::from(through);
        }
        doc = docs.advance();
    }
    Ok(Some(now))
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.matches(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut m = self.matches(reader, 1.0)?;
        if m.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new("sum of the matching clauses of enough words", m.score()))
    }
}

/// The matching documents of one segment in order, with their scores.
struct Matches {
    docs: Vec<DocId>,
    scores: Vec<Score>,
    at: usize,
}

impl DocSet for Matches {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            self.at += self.docs[self.at..].partition_point(|d| *d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len() - self.at).unwrap_or(u32::MAX)
    }
}

impl Scorer for Matches {
    fn score(&mut self) -> Score {
        self.scores.get(self.at).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use std::collections::HashMap;

    use tantivy::collector::{Count, TopDocs};
    use tantivy::{DocAddress, Searcher};

    use crate::eval;
    use crate::term::tests::two_segments;

    fn scored(searcher: &Searcher, query: &dyn tantivy::query::Query) -> (usize, HashMap<DocAddress, f32>) {
        let (count, top) = searcher.search(query, &(Count, TopDocs::with_limit(100_000).order_by_score())).unwrap();
        (count, top.into_iter().map(|(score, address)| (address, score)).collect())
    }

    /// `ours` finds the documents `theirs` finds with the same scores (but for the order
    /// floats were added in); how many documents that is.
    fn agree(
        searcher: &Searcher,
        ours: &dyn tantivy::query::Query,
        theirs: &dyn tantivy::query::Query,
        q: &str,
    ) -> usize {
        let (count, ours) = scored(searcher, ours);
        let (expected_count, theirs) = scored(searcher, theirs);
        assert_eq!(count, expected_count, "{q}");
        assert_eq!(ours.len(), theirs.len(), "{q}");
        for (address, score) in &theirs {
            let mine = ours.get(address).unwrap();
            assert!((mine - score).abs() <= 1e-4 * score.abs().max(1.0), "{q}: {mine} ≠ {score}");
        }
        count
    }

    /// The same documents with the same scores (but for the order floats were added in) as
    /// tantivy's boolean query, for every judged query typed strictly and loosely, on an index
    /// of several segments with deletions.
    #[test]
    fn words_match_and_score_as_the_boolean_query_does() {
        let (_, judgments) = eval::dev_set().unwrap();
        let index = two_segments();
        let searcher = index.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let fields = crate::document::schema().1;
        let mut compared = 0;
        for j in &judgments.queries {
            for loose in [false, true] {
                let parsed = crate::query::parse(&j.q);
                let Some(words) = crate::query::words_query(&fields, &parsed, loose) else { continue };
                agree(&searcher, &words, words.as_boolean().as_ref(), &j.q);
                compared += 1;
            }
        }
        assert!(compared >= 150, "{compared}");
    }

    /// Words matched within filters (narrow and broad, several at once, one that nothing
    /// passes) find and score what the words and the filters asked side by side find, for
    /// every judged query typed strictly and loosely, over several segments.
    #[test]
    fn words_within_filters_find_what_words_and_filters_find() {
        use tantivy::Term;
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        use tantivy::schema::IndexRecordOption;

        let (catalogue, judgments) = eval::dev_set().unwrap();
        let index = two_segments();
        let searcher = index.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let f = crate::document::schema().1;
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let first = &catalogue.listings[0];
        let last = &catalogue.listings[catalogue.listings.len() - 1];
        let stars = |n| -> Box<dyn Query> { Box::new(crate::stars::AtLeastStars::new(f.stars, n)) };
        let filter_sets: Vec<Vec<Box<dyn Query>>> = vec![
            vec![stars(4)],
            vec![term(f.category, &first.category)],
            vec![term(f.province, &last.province_code), stars(3)],
            vec![stars(1), term(f.category, &last.category), term(f.province, &first.province_code)],
            vec![term(f.category, "khong-co-nhom-nay")],
            vec![stars(5)],
        ];
        let mut compared = 0;
        for (i, j) in judgments.queries.iter().enumerate() {
            for loose in [false, true] {
                let parsed = crate::query::parse(&j.q);
                let Some(words) = crate::query::words_query(&f, &parsed, loose) else { continue };
                let filters = &filter_sets[i % filter_sets.len()];
                let side_by_side = |first: Box<dyn Query>| {
                    let mut all = vec![(Occur::Must, first)];
                    all.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
                    BooleanQuery::new(all)
                };
                let within = filters.iter().map(|q| q.box_clone()).collect();
                let ours = side_by_side(Box::new(words.clone().within(within)));
                let count = agree(&searcher, &ours, &side_by_side(words.as_boolean()), &format!("{} {i}", j.q));
                compared += usize::from(count > 0);
            }
        }
        assert!(compared >= 80, "{compared}");
    }
}
