//! A page its full matches do not fill: a query nothing matches mostly is asked again more
//! loosely, a long one goes on with what matches part of it, and any that found a few
//! goods goes on with their kin (the same good elsewhere, its other sorts).

use std::collections::HashSet;

use ocop_core::Error;
use tantivy::{DocAddress, Searcher, Term};

use super::SearchIndex;
use crate::query::{self, Parsed};
use crate::types::{Facets, SearchParams};

/// From this many words a query whose full matches do not fill the page shows listings
/// matching half of them after those: a long query still answers with more than the one
/// good that happens to use most of its words. Two words would be any one of them.
const FILLED_FROM_WORDS: usize = 3;

/// The page a search asks for: its parameters, its words as parsed, where the page starts
/// and how many listings it holds.
#[derive(Clone, Copy)]
pub(super) struct Asked<'a> {
    pub params: &'a SearchParams,
    pub parsed: &'a Parsed,
    pub offset: usize,
    pub per_page: usize,
}

/// What a search found for one page.
pub(super) struct Found {
    pub total: usize,
    pub facets: Facets,
    pub addresses: Vec<DocAddress>,
    /// Nothing matched most of the words: every hit matches only some.
    pub partial: bool,
    /// Where on the page the hits matching only part of the query begin.
    pub partial_from: Option<usize>,
    /// Where on the page the kin of what was found begin ([`SearchIndex::with_kin`]).
    pub kin_from: Option<usize>,
}

impl SearchIndex {
    /// The page at `offset` of what matches `parsed`: its full matches, then, when those are
    /// fewer than a page, what matches part of it (see [`Self::loosened`]).
    pub(super) fn matches(&self, searcher: &Searcher, asked: Asked<'_>) -> Result<Found, Error> {
        let Asked { params, parsed, offset, per_page } = asked;
        let query = query::build_parsed(&self.fields, params, parsed, false);
        let (total, facets, addresses) =
            self.run(searcher, params, query.as_ref(), &parsed.places, offset, per_page)?;
        let found = Found { total, facets, addresses, partial: false, partial_from: None, kin_from: None };
        if total == 0 && parsed.word_count() >= 2 {
            // A query that no listing matches mostly ("quà biếu Tết cho sếp", a word the
            // catalogue does not have) is asked again needing half its words, or what it
            // names first and one more word, descriptions included, rather than leaving an
            // empty page.
            let relaxed = query::build_required(&self.fields, params, parsed, self.loosened(searcher, parsed));
            let (total, facets, addresses) =
                self.run(searcher, params, relaxed.as_ref(), &parsed.places, offset, per_page)?;
            let partial_from = (!addresses.is_empty()).then_some(0);
            return Ok(Found { total, facets, addresses, partial: total > 0, partial_from, kin_from: None });
        }
        if total >= per_page || parsed.word_count() < FILLED_FROM_WORDS {
            return Ok(found);
        }
        // A long query whose full matches do not fill a page goes on, after all of them,
        // with listings matching what it names and one more word, or half its words,
        // descriptions included.
        let full = if offset == 0 {
            found.addresses.clone()
        } else {
            self.run(searcher, params, query.as_ref(), &parsed.places, 0, per_page)?.2
        };
        let relaxed = query::build_required(&self.fields, params, parsed, self.loosened(searcher, parsed));
        // Enough of the looser ranking for this page once the full matches are left out.
        let (more_total, more_facets, more) =
            self.run(searcher, params, relaxed.as_ref(), &parsed.places, 0, offset + per_page)?;
        if more_total <= total {
            return Ok(found);
        }
        let full_set: HashSet<DocAddress> = full.iter().copied().collect();
        let merged = full.iter().copied().chain(more.into_iter().filter(|a| !full_set.contains(a)));
        let addresses: Vec<DocAddress> = merged.skip(offset).take(per_page).collect();
        let partial_from = Some(full.len().saturating_sub(offset)).filter(|at| *at < addresses.len());
        // The full matches are among the looser ones: these count and facet both.
        Ok(Found { total: more_total, facets: more_facets, addresses, partial: false, partial_from, kin_from: None })
    }

    /// How a query with too few full matches is loosened: a described query
    /// ([`query::DESCRIBED_WORDS`] words or more, no kind asked for) ranks first what has the
    /// words it starts with that stand together in names ("cà phê", "chè xanh": what it
    /// names) and any one more, then what has half of its words; any other query, half of
    /// its words. Descriptions are searched either way.
    fn loosened(&self, searcher: &Searcher, parsed: &Parsed) -> query::Required {
        let words = &parsed.words;
        if parsed.kinds.is_empty() && words.len() >= query::DESCRIBED_WORDS {
            let pairs = crate::document::bigrams(words);
            let together = pairs
                .iter()
                .take_while(|pair| {
                    searcher.doc_freq(&Term::from_field_text(self.fields.name_bigrams, pair)).is_ok_and(|n| n > 0)
                })
                .count();
            // Words that all stand together name one good: half of them is the looser ask.
            if together + 1 < words.len() {
                return query::Required::Head(together + 1);
            }
        }
        query::Required::Half
    }

    /// `found`, and when a query of words found fewer than a page, after all of it on
    /// the first page, as many kin of its best match as fill the page
    /// ([`crate::kin::kin_query`]): "nước mắm Kiên Giang" goes on with nước mắm from
    /// elsewhere, "mắm tôm" with mắm ruốc, rather than a half-empty page. Those sharing its
    /// first two syllables come first; those sharing only the first are looked for when
    /// they are too few. Kin are neither counted in `total` nor faceted: they are not what
    /// was asked, only what fills its page (and so cost the ranking of a page, not a count
    /// of the thousands a common good has).
    pub(super) fn with_kin(&self, searcher: &Searcher, asked: Asked<'_>, mut found: Found) -> Result<Found, Error> {
        let Asked { params, parsed, offset, per_page } = asked;
        if offset > 0 || found.addresses.len() >= per_page || parsed.word_count() == 0 {
            return Ok(found);
        }
        // Read as the page will read it: through the listings shown lately.
        let Some(best) = found.addresses.first() else { return Ok(found) };
        let Some(best) = self.hits(searcher, &[*best])?.pop() else { return Ok(found) };
        let heads = crate::kinds::heads(&query::all_syllables(&best.name));
        let shown_before = found.addresses.len();
        // Two syllables first, then the first alone (heads[0]).
        for (i, head) in heads.iter().enumerate().rev() {
            let wanted = per_page.saturating_sub(found.addresses.len());
            if wanted == 0 {
                break;
            }
            let kin = crate::kin::kin_query(&self.fields, params, parsed, head, i == 0, &best.category);
            // What is shown already is kin too: asked for as many more and left out here,
            // rather than read out of the index by id.
            let ranked = self.ranked(searcher, kin.as_ref(), wanted + found.addresses.len())?;
            let more: Vec<DocAddress> =
                ranked.into_iter().filter(|a| !found.addresses.contains(a)).take(wanted).collect();
            found.addresses.extend(more);
        }
        if found.addresses.len() > shown_before {
            found.kin_from = Some(shown_before);
            found.partial_from = found.partial_from.or(Some(shown_before));
        }
        Ok(found)
    }
}
