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
        let Some(info) = self.term.info(reader)? else {
            // No word: only its near spellings.
            return self.near_only(reader, &found, &mut callback);
        };
        let others: Vec<_> = found.iter().filter(|f| **f != info).cloned().collect();
        let plus = if others.len() < found.len() { self.near.score() } else { 0.0 };
        if others.is_empty() {
            return self.term.postings_of(reader, &info, plus, callback);
        }
        let mut rest = self.near.bitset(reader, &others)?;
        self.term.postings_of(reader, &info, plus, |doc, posting| {
            rest.remove(doc);
            callback(doc, posting);
        })?;
        let mut rest = BitSetDocSet::from(rest);
        while rest.doc() != TERMINATED {
            callback(rest.doc(), Posting::Constant(self.near.score()));
            rest.advance();
        }
        Ok(())
    }

    fn near_only(
        &self,
        reader: &SegmentReader,
        found: &[tantivy::postings::TermInfo],
        callback: &mut impl FnMut(DocId, Posting<'_>),
    ) -> tantivy::Result<()> {
        if found.is_empty() {
            return Ok(());
        }
        let mut docs = BitSetDocSet::from(self.near.bitset(reader, found)?);
        while docs.doc() != TERMINATED {
            callback(docs.doc(), Posting::Constant(self.near.score()));
            docs.advance();
        }
        Ok(())
    }
}
