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

use crate::filters::{Filter, FilterWeight, Passing};
use crate::near::{TermNear, TermNearWeight};
use crate::term::{Posting, TermClause, TermClauseWeight};

/// At most this many words take part (a query keeps 12 syllables).
pub const MAX_WORDS: usize = 16;

#[derive(Debug)]
pub struct WordsQuery {
    /// Each word's clauses: one matching is enough for the word.
    words: Vec<Vec<Box<dyn Query>>>,
    /// Clauses that only add to the score of a document matching anyway.
    optional: Vec<Box<dyn Query>>,
    /// How many words a document must match.
    required: usize,
    /// Filters every match must pass besides (a group, a province, stars, places asked
    /// for): documents outside them are passed over before any word is scored. Their
    /// scores are added here, but for [`Filter::Passed`] ones, which the query
    /// around this one adds.
    within: Vec<Filter>,
}

impl WordsQuery {
    /// Words beyond [`MAX_WORDS`] are left out; `required` is kept between 1 and the words.
    pub fn new(mut words: Vec<Vec<Box<dyn Query>>>, optional: Vec<Box<dyn Query>>, required: usize) -> Self {
        words.truncate(MAX_WORDS);
        let required = required.clamp(1, words.len().max(1));
        Self { words, optional, required, within: Vec::new() }
    }

    /// No words: every listing passing the filters ([`Self::within`]), scored by them. A
    /// search by place, group or stars alone is then read from the filters' kept sets
    /// rather than by a boolean query over their postings.
    pub(crate) fn none() -> Self {
        Self { words: Vec::new(), optional: Vec::new(), required: 0, within: Vec::new() }
    }

    /// The first `head` words each required, the others together one word that any of
    /// them matches, each adding its score: what names a good and one more word.
    pub(crate) fn headed(&self, head: usize) -> Self {
        let mut headed = self.clone();
        if head < headed.words.len() {
            let rest = headed.words.drain(head..).flatten().collect();
            headed.words.push(rest);
        }
        headed.required = headed.words.len();
        headed
    }

    /// The words are matched only among documents passing `filters`.
    pub(crate) fn within(mut self, filters: Vec<Filter>) -> Self {
        self.within = filters;
        self
    }

    /// The same query, without its filters, written as tantivy's boolean query: what this
    /// one must agree with.
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
            within: self.within.clone(),
        }
    }
}

impl Query for WordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weigh =
            |clauses: &[Box<dyn Query>]| clauses.iter().map(|c| Clause::of(c.as_ref(), enable_scoring)).collect();
        let words = self.words.iter().map(|clauses| weigh(clauses)).collect::<tantivy::Result<Vec<_>>>()?;
        let optional = weigh(&self.optional)?;
        let within = self.within.iter().map(|f| f.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(WordsWeight { words, optional, required: self.required, within }))
    }
}

/// A clause's weight: a term's (alone or with its near spellings) as itself, so that its
/// postings are added without a dynamic call each (most of a query's postings are terms'),
/// any other's boxed.
enum Clause {
    Term(TermClauseWeight),
    TermNear(TermNearWeight),
    Other(Box<dyn Weight>),
}

impl Clause {
    fn of(query: &dyn Query, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Self> {
        if let Some(term) = query.downcast_ref::<TermClause>() {
            return Ok(Self::Term(term.term_weight(enable_scoring)?));
        }
        Ok(match query.downcast_ref::<TermNear>() {
            Some(both) => Self::TermNear(both.term_near_weight(enable_scoring)?),
            None => Self::Other(query.weight(enable_scoring)?),
        })
    }

    #[inline]
    fn for_each(&self, reader: &SegmentReader, mut callback: impl FnMut(DocId, Posting<'_>)) -> tantivy::Result<()> {
        match self {
            Self::Term(term) => term.postings(reader, callback),
            Self::TermNear(both) => both.postings(reader, callback),
            Self::Other(weight) => weight.for_each(reader, &mut |doc, score| callback(doc, Posting::Constant(score))),
        }
    }
}

struct WordsWeight {
    words: Vec<Vec<Clause>>,
    optional: Vec<Clause>,
    required: usize,
    within: Vec<FilterWeight>,
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
        let Some(mut passing) = crate::filters::passing(&self.within, reader, boost)? else {
            // Nothing passes every filter: no word is read.
            return Ok(Matches { docs: Vec::new(), scores: Vec::new(), at: 0 });
        };
        if self.words.is_empty() {
            return Ok(passing_only(&mut passing, reader.max_doc()));
        }
        let eights = (reader.max_doc() as usize).div_ceil(8);
        if s.eights.len() < eights {
            s.eights.resize(eights, Eight::default());
        }
        let eights = &mut s.eights[..eights];
        // Between 1 and MAX_WORDS (see `WordsQuery::new`), under 128 as the read-off needs.
        let required = u8::try_from(self.required.clamp(1, MAX_WORDS)).unwrap_or(1);
        let added = self.accumulate(eights, reader, passing.bits.as_deref(), required);
        // Read off the matches and clear what was touched, whether or not a clause failed.
        // Eight counts at a time: a group of zeros is skipped (marking the groups a word
        // reached instead cost a tenth more instructions and no time), and in the others the
        // counts reaching `required` are found with one subtraction rather than a branch per
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
                let doc = DocId::try_from(k * 8 + i).unwrap_or(TERMINATED);
                docs.push(doc);
                scores.push(eight.scores[i] * boost + passing.score_of(doc));
                enough &= enough - 1;
            }
            *eight = Eight::default();
        }
        added?;
        Ok(Matches { docs, scores, at: 0 })
    }

    /// Adds the words' clauses to the documents in `passing` (all if None), then the
    /// optional clauses to those with `required` words.
    fn accumulate(
        &self,
        eights: &mut [Eight],
        reader: &SegmentReader,
        passing: Option<&[u64]>,
        required: u8,
    ) -> tantivy::Result<()> {
        let words = self.words.len();
        for (i, clauses) in self.words.iter().enumerate() {
            let bit = 1_u16 << i;
            // A document that would not have enough words even if it matched every word from
            // here on is passed over: neither counted nor scored (it is never read off, and
            // having been passed over once, it is passed over by every later word too). A
            // document that does match is never passed over, so its score is the same sum.
            let floor = (usize::from(required) + i).saturating_sub(words);
            let floor = u8::try_from(floor).unwrap_or(u8::MAX);
            for clause in clauses {
                clause.for_each(reader, |doc, posting| {
                    if let Some(e) = eights.get_mut(doc as usize / 8) {
                        let d = doc as usize % 8;
                        // The word's earlier clauses let in only documents at the floor
                        // before this word, so its own count is no way round it. Above
                        // floor 0 a document counted already passed the filters.
                        if e.count[d] >= floor && (floor > 0 || passing.is_none_or(|bits| Passing::has(bits, doc))) {
                            add(e, d, posting, bit);
                        }
                    }
                })?;
            }
        }
        // Only to documents that match anyway.
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

/// Every document passing the filters, scored by them.
fn passing_only(passing: &mut Passing, max_doc: DocId) -> Matches {
    let (mut docs, mut scores) = (Vec::new(), Vec::new());
    let mut take = |doc: DocId, passing: &mut Passing| {
        docs.push(doc);
        scores.push(passing.score_of(doc));
    };
    match passing.bits.take() {
        Some(bits) => {
            for (k, &word) in bits.iter().enumerate() {
                let mut left = word;
                while left != 0 {
                    let doc = DocId::try_from(k * 64).unwrap_or(TERMINATED) + left.trailing_zeros();
                    // The last word's bits beyond the segment are set.
                    if doc >= max_doc {
                        break;
                    }
                    take(doc, passing);
                    left &= left - 1;
                }
            }
        }
        None => (0..max_doc).for_each(|doc| take(doc, passing)),
    }
    Matches { docs, scores, at: 0 }
}

/// A word's clause matched document `d` of `e`.
#[inline]
fn add(e: &mut Eight, d: usize, posting: Posting<'_>, bit: u16) {
    e.scores[d] += posting.score();
    e.count[d] += u8::from(e.words[d] & bit == 0);
    e.words[d] |= bit;
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.matches(reader, boost)?))
    }

    // The matches are at hand in order: handed on straight from them rather than through a
    // scorer's dynamic calls, three per match (a search can match tens of thousands).
    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        let m = self.matches(reader, 1.0)?;
        for (&doc, &score) in m.docs.iter().zip(&m.scores) {
            callback(doc, score);
        }
        Ok(())
    }

    fn for_each_no_score(&self, reader: &SegmentReader, callback: &mut dyn FnMut(&[DocId])) -> tantivy::Result<()> {
        for block in self.matches(reader, 1.0)?.docs.chunks(tantivy::COLLECT_BLOCK_BUFFER_LEN) {
            callback(block);
        }
        Ok(())
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
    /// passes, places scored within or by the query around), and no words at all, find and
    /// score what the words and the filters asked side by side find, for every judged query
    /// typed strictly and loosely, over several segments, twice (the second time from the
    /// sets kept).
    #[test]
    fn words_within_filters_find_what_words_and_filters_find() {
        use tantivy::query::{BooleanQuery, Occur, Query};

        use crate::filters::Filter;

        let (catalogue, judgments) = eval::dev_set().unwrap();
        let index = two_segments();
        let searcher = index.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let f = crate::document::schema().1;
        let first = &catalogue.listings[0];
        let last = &catalogue.listings[catalogue.listings.len() - 1];
        let stars = |n| Filter::Stars(crate::stars::AtLeastStars::new(f.stars, n));
        let places = crate::query::parse(&format!("đặc sản {}", first.province_input)).places;
        assert!(!places.is_empty(), "{}", first.province_input);
        let place = || crate::query::places_filter(&f, &places);
        let filter_sets: Vec<Vec<Filter>> = vec![
            vec![stars(4)],
            vec![Filter::term(f.category, &first.category)],
            vec![Filter::term(f.province, &last.province_code), stars(3)],
            vec![stars(1), Filter::term(f.category, &last.category), Filter::term(f.province, &first.province_code)],
            vec![Filter::term(f.category, "khong-co-nhom-nay")],
            vec![stars(5)],
            vec![place()],
            vec![place(), stars(4), Filter::term(f.category, &first.category)],
            vec![place().passed(), stars(3)],
        ];
        let mut compared = 0;
        let side_by_side = |first: Box<dyn Query>, filters: &mut dyn Iterator<Item = &Filter>| {
            let mut all = vec![(Occur::Must, first)];
            all.extend(filters.map(|q| (Occur::Must, q.query())));
            BooleanQuery::new(all)
        };
        for round in 0..2 {
            // No words: what passes the filters, scored by them.
            for (i, filters) in filter_sets.iter().enumerate() {
                let ours = side_by_side(
                    Box::new(crate::words::WordsQuery::none().within(filters.clone())),
                    &mut filters.iter().filter(|q| matches!(q, Filter::Passed(_))),
                );
                let theirs = BooleanQuery::new(filters.iter().map(|q| (Occur::Must, q.query())).collect());
                agree(&searcher, &ours, &theirs, &format!("no words {i}"));
            }
            for (i, j) in judgments.queries.iter().enumerate() {
                for loose in [false, true] {
                    let parsed = crate::query::parse(&j.q);
                    let Some(words) = crate::query::words_query(&f, &parsed, loose) else { continue };
                    let filters = &filter_sets[i % filter_sets.len()];
                    let ours = side_by_side(
                        Box::new(words.clone().within(filters.clone())),
                        &mut filters.iter().filter(|q| matches!(q, Filter::Passed(_))),
                    );
                    let theirs = side_by_side(words.as_boolean(), &mut filters.iter());
                    let count = agree(&searcher, &ours, &theirs, &format!("{} {i}", j.q));
                    compared += usize::from(count > 0 && round == 0);
                }
            }
        }
        assert!(compared >= 80, "{compared}");
    }
}
