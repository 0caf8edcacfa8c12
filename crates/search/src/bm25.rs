//! BM25 with the very arithmetic of tantivy's term scorer, for less set-up per clause.
//! tantivy's `Bm25Weight` builds, for every term of every query, a table of 256 length
//! factors and an explanation of three strings, then copies both for a boost. The table
//! depends only on the field's average length, the same for every term of the field until
//! the index changes, so here it is built once and shared.

use std::cell::RefCell;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::{Score, Term};

const K1: Score = 1.2;
const B: Score = 0.75;

/// How many fields' tables a thread keeps (a few fields are scored by BM25; a new index
/// generation brings new averages).
const KEPT: usize = 32;

/// Per field length code: the length factor, and the term's share at one occurrence, the
/// usual case in a name (one division fewer per posting, the same result to the bit).
#[derive(Debug)]
struct Factors {
    lengths: [Score; 256],
    once: [Score; 256],
}

type Lengths = Arc<Factors>;

#[derive(Clone, Debug)]
pub(crate) struct Bm25 {
    weight: Score,
    lengths: Lengths,
}

impl Bm25 {
    /// `term` scored as tantivy's term query scores it, times `boost`.
    pub(crate) fn of(statistics: &dyn Bm25StatisticsProvider, term: &Term, boost: Score) -> tantivy::Result<Self> {
        let documents = statistics.total_num_docs()?;
        let average = statistics.total_num_tokens(term.field())? as Score / documents as Score;
        let idf = idf(statistics.doc_freq(term)?, documents);
        Ok(Self { weight: idf * (1.0 + K1), lengths: lengths(average) }.boost_by(boost))
    }

    pub(crate) fn boost_by(&self, boost: Score) -> Self {
        Self { weight: self.weight * boost, lengths: Arc::clone(&self.lengths) }
    }

    #[inline]
    pub(crate) fn score(&self, fieldnorm_id: u8, term_freq: u32) -> Score {
        let id = usize::from(fieldnorm_id);
        if term_freq == 1 {
            return self.weight * self.lengths.once[id];
        }
        let term_freq = term_freq as Score;
        self.weight * (term_freq / (term_freq + self.lengths.lengths[id]))
    }
}

fn idf(doc_freq: u64, documents: u64) -> Score {
    let x = (documents.saturating_sub(doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

thread_local! {
    static KEPT_LENGTHS: RefCell<Vec<(u32, Lengths)>> = const { RefCell::new(Vec::new()) };
}

/// The length factor of each field length code for a field of `average` length.
fn lengths(average: Score) -> Lengths {
    let key = average.to_bits();
    KEPT_LENGTHS.with_borrow_mut(|kept| {
        if let Some((_, table)) = kept.iter().find(|(k, _)| *k == key) {
            return Arc::clone(table);
        }
        let mut table = Factors { lengths: [0.0; 256], once: [0.0; 256] };
        for (id, (factor, once)) in (0..=u8::MAX).zip(table.lengths.iter_mut().zip(table.once.iter_mut())) {
            *factor = K1 * (1.0 - B + B * FieldNormReader::id_to_fieldnorm(id) as Score / average);
            *once = 1.0 / (1.0 + *factor);
        }
        let table = Arc::new(table);
        if kept.len() == KEPT {
            kept.remove(0);
        }
        kept.push((key, Arc::clone(&table)));
        table
    })
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use tantivy::query::{Bm25Weight, EnableScoring};

    use super::Bm25;

    /// Bit for bit what tantivy's weight scores, for every length code and a range of
    /// frequencies, common and rare terms, with and without a boost.
    #[test]
    fn scores_bit_for_bit_as_tantivy_does() {
        let index = crate::term::tests::two_segments();
        let searcher = index.searcher();
        let f = crate::document::schema().1;
        let EnableScoring::Enabled { statistics_provider, .. } = EnableScoring::enabled_from_searcher(&searcher) else {
            unreachable!()
        };
        for (field, text) in
            [(f.name_folded, "mat"), (f.desc_folded, "la"), (f.name_exact, "mật"), (f.name_folded, "khong co")]
        {
            let term = tantivy::Term::from_field_text(field, text);
            for boost in [1.0, 0.3, 2.5] {
                let theirs =
                    Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(&term)).unwrap().boost_by(boost);
                let ours = Bm25::of(statistics_provider, &term, boost).unwrap();
                for id in 0..=u8::MAX {
                    for freq in [1, 2, 3, 7, 40] {
                        assert_eq!(
                            ours.score(id, freq).to_bits(),
                            theirs.score(id, freq).to_bits(),
                            "{text} {boost} {id} {freq}"
                        );
                    }
                }
                let twice = ours.boost_by(1.5);
                assert_eq!(twice.score(9, 2).to_bits(), theirs.boost_by(1.5).score(9, 2).to_bits());
            }
        }
    }
}
