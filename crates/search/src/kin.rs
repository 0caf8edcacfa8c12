//! Kin of what a search found too little of ([`crate::kinds::heads`]): the same good from
//! elsewhere, its other sorts. A first page its matches do not fill goes on with them.

use ocop_core::text::fold;
use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query};

use crate::document::Fields;
use crate::filters::Filter;
use crate::query::{self, Parsed};
use crate::term::{Scoring, TermClause};
use crate::types::SearchParams;

/// What each typed word a kin has in its name adds to its being kin (one): "cà phê arabica
/// …" goes on with the other arabica first.
const KIN_WORD_BOOST: f32 = 0.3;

/// Kin of what a search found too little of: listings whose name says it is the good `head`
/// says ([`crate::kinds::heads`] of the best match, which is in `group`), within the
/// filters chosen and the stars asked for but anywhere (the place typed was for the good
/// asked; its kin elsewhere come after it). A head of one syllable only says the good
/// within its side: food (food, drink, herbs) if the best match is, or else its group: "cà
/// vạt" is no kin of "cà phê", "nấm linh chi" is one of "nấm hương". Typed words a kin has
/// add to its score.
pub(crate) fn kin_query(
    f: &Fields,
    params: &SearchParams,
    parsed: &Parsed,
    head: &str,
    one_syllable: bool,
    group: &str,
) -> Box<dyn Query> {
    let named = TermClause::new(Term::from_field_text(f.heads, head), Scoring::Constant(1.0));
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(named))];
    if one_syllable {
        let is_food = |g: &str| crate::kinds::FOOD_GROUPS.contains(&g);
        let category = |g: &str| Filter::term(f.category, g).query();
        if is_food(group) {
            // Left out, the few other groups are seeks; the food side read in would be most
            // of the catalogue.
            let others = ocop_catalog::group::GROUPS.iter().filter(|g| !is_food(g.code));
            clauses.extend(others.map(|g| (Occur::MustNot, category(g.code))));
        } else {
            clauses.push((Occur::Must, category(group)));
        }
    }
    clauses.extend(parsed.words.iter().map(|word| query::term(f.name_folded, &fold(word), KIN_WORD_BOOST)));
    clauses.extend(query::filters(f, params, parsed.stars, &[]).iter().map(|filter| (Occur::Must, filter.query())));
    clauses.extend(query::price_range(f, params).map(|q| (Occur::Must, q)));
    Box::new(BooleanQuery::new(clauses))
}
