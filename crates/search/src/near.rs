//! A typed word in a name and its near spellings, read together. The walk for the near
//! spellings finds the word itself (it is within a letter of itself), so a common word's
//! postings, the longest of a query, were read twice: once scored, once for the near
//! spellings' constant. Here they are read once, scoring both, and the other spellings'
//! postings only add the documents without the word.

use tantivy::query::{BitSetDocSet, BooleanQuery, EnableScoring, Occur, Query, Weight};
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED};

use crate::term::{Posting, TermClause, TermClauseWeight};
use crate::walk::{WalkClause, WalkWeight};

/// `term` and `near`, scoring what the two as clauses of one boolean query score together;
/// `near` walks from the very word `term` looks up.
#[derive(Clone, Debug)]
pub struct TermNear {
    term: TermClause,
    near: WalkClause,
}

impl TermNear {
    pub fn new(term: TermClause, near: WalkClause) -> Self {
        Self { term, near }
    }

    pub(crate) fn term_near_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<TermNearWeight> {
        Ok(TermNearWeight { term: self.term.term_weight(enable_scoring)?, near: self.near.walk_weight()? })
    }

    /// The same as two clauses of tantivy's boolean query: what this one must agree with.
    fn as_boolean(&self) -> BooleanQuery {
        BooleanQuery::new(vec![
            (Occur::Should, Box::new(self.term.clone())),
            (Occur::Should, Box::new(self.near.clone())),
        ])
    }
}

impl Query for TermNear {
    // Outside the words' query (an explanation, a comparison) it is the boolean query.
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.as_boolean().weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.term.query_terms(visitor);
    }
}

pub(crate) struct TermNearWeight {
    term: TermClauseWeight,
    near: WalkWeight,
}

impl TermNearWeight {
    /// Every document with the word or a near spelling, once, with the sum of what the two
    /// score (not in document order).
    #[inline]
    pub(crate) fn postings(
        &self,
        reader: &SegmentReader,
        mut callback: impl FnMut(DocId, Posting<'_>),
    ) -> tantivy::Result<()> {
        let found = self.near.found(reader)?;
        let info = self.term.info(reader)?;
        let others: Vec<_> = found.iter().filter(|f| Some(*f) != info.as_ref()).cloned().collect();
        // Those with only another spelling: what is left once the word's postings are read.
        let mut rest = if others.is_empty() { None } else { Some(self.near.bitset(reader, &others)?) };
        if let Some(info) = &info {
            let plus = if others.len() < found.len() { self.near.score() } else { 0.0 };
            self.term.postings_of(reader, info, plus, |doc, posting| {
                if let Some(rest) = rest.as_mut() {
                    rest.remove(doc);
                }
                callback(doc, posting);
            })?;
        }
        if let Some(rest) = rest {
            let mut rest = BitSetDocSet::from(rest);
            while rest.doc() != TERMINATED {
                callback(rest.doc(), Posting::Constant(self.near.score()));
                rest.advance();
            }
        }
        Ok(())
    }
}
