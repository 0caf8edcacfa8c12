//! Kin of what a search found too little of ([`crate::kinds::heads`]): the same good from
//! elsewhere, its other sorts. A page its matches do not fill goes on with them.

use ocop_core::text::fold;
use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};

use crate::document::Fields;
use crate::query::{self, Parsed};
use crate::term::{Scoring, TermClause};
use crate::types::SearchParams;

/// What a name saying it is the good `heads` says weighs ([`crate::kinds::heads`]): its
/// first two syllables more than its first alone ("Nước mắm Cái Rồng" before "Nước cốt dừa"
/// after "Nước mắm Phú Quốc").
const KIN_BOOSTS: [f32; 2] = [1.0, 2.0];
/// What each typed word a kin has in its name adds ("cà phê arabica …": the other arabica
/// first).
const KIN_WORD_BOOST: f32 = 0.3;

/// Kin of what a search found too little of: listings whose name says they are the same
/// good as `heads` ([`crate::kinds::heads`] of the best match, which is in `group`), within
/// the filters chosen and the stars asked for but anywhere (the place typed was for the
/// good asked; its kin elsewhere come after it), and none of the listings `shown` (by id).
/// Sharing only the first syllable, a kin must be food if the best match is, or else of
/// its group: "cà vạt" is no kin of "cà phê", "nấm linh chi" is one of "nấm hương". Typed
/// words a kin has add to its score.
pub(crate) fn kin_query(
    f: &Fields,
    params: &SearchParams,
    parsed: &Parsed,
    heads: &[String],
    group: &str,
    shown: &[u64],
) -> Option<Box<dyn Query>> {
    if heads.is_empty() {
        return None;
    }
    let groups: Vec<&str> =
        if crate::kinds::FOOD_GROUPS.contains(&group) { crate::kinds::FOOD_GROUPS.to_vec() } else { vec![group] };
    let named: Vec<(Occur, Box<dyn Query>)> = heads
        .iter()
        .zip(KIN_BOOSTS)
        .enumerate()
        .map(|(i, (head, score))| -> (Occur, Box<dyn Query>) {
            let named = TermClause::new(Term::from_field_text(f.heads, head), Scoring::Constant(score));
            // The first two syllables say the same good wherever it is listed.
            if i > 0 {
                return (Occur::Should, Box::new(named));
            }
            let in_groups = TermSetQuery::new(groups.iter().map(|g| Term::from_field_text(f.category, g)));
            let both: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(named)), (Occur::Must, Box::new(in_groups))];
            (Occur::Should, Box::new(BooleanQuery::new(both)))
        })
        .collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(named)))];
    clauses.extend(parsed.words.iter().map(|word| query::term(f.name_folded, &fold(word), KIN_WORD_BOOST)));
    clauses.extend(query::filters(f, params, parsed.stars, &[]).iter().map(|filter| (Occur::Must, filter.query())));
    clauses.extend(query::price_range(f, params).map(|q| (Occur::Must, q)));
    if !shown.is_empty() {
        let ids = TermSetQuery::new(shown.iter().map(|id| Term::from_field_u64(f.id, *id)));
        clauses.push((Occur::MustNot, Box::new(ids)));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}
