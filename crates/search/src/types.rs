//! What a search asks and what it answers: plain data shared by the engine ([`crate::index`]),
//! the result cache, the query builder and the HTTP layer. A leaf: it imports nothing else
//! from this crate.

use std::collections::BTreeMap;

/// `{facet: {value: count}}`; stars without a certificate (0) are left out.
pub type Facets = BTreeMap<String, BTreeMap<String, u64>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    BestSelling,
    /// Best rated first (by `ocop_reviews::rating::score`), unrated last.
    Rating,
}

impl SearchSort {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "relevance" => Some(Self::Relevance),
            "price_asc" => Some(Self::PriceAsc),
            "price_desc" => Some(Self::PriceDesc),
            "newest" => Some(Self::Newest),
            "best_selling" => Some(Self::BestSelling),
            "rating" => Some(Self::Rating),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    pub q: String,
    pub category: Option<String>,
    pub province: Option<String>,
    pub shop: Option<String>,
    pub min_stars: Option<u8>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub sort: SearchSort,
    pub page: usize,
    pub per_page: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: u64,
    pub sku: String,
    pub slug: String,
    pub name: String,
    pub shop: String,
    pub shop_name: String,
    pub province: String,
    pub category: String,
    pub ocop_stars: Option<u64>,
    pub price_vnd: i64,
    pub in_stock: bool,
    pub thumb: Option<String>,
    /// The runs of the name that matched the query, as byte ranges (`(start, end)`); the
    /// gateway draws them.
    #[serde(skip)]
    pub name_marks: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// On no results: listings matching any one of the words, without filters, to offer
    /// instead.
    pub suggestions: Vec<Suggestion>,
    /// Nothing matched most of the words, so these match some of them (descriptions
    /// included): the page says so.
    pub partial: bool,
    /// Where on this page the listings matching only some of the words begin: after the
    /// few full matches of a long query (fewer than a page), or from the first hit when
    /// `partial`, or where the kin begin. `None` when every hit here matches most of the
    /// words.
    pub partial_from: Option<usize>,
    /// Where on this page the kin of what was found begin, when it was less than a page:
    /// the same good from elsewhere, its other sorts ("nước mắm" of other places after the
    /// one from the place asked for). They fill the first page only, are not counted in
    /// `total` nor faceted, and are among the hits `partial_from` covers.
    pub kin_from: Option<usize>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Suggestion {
    pub text: String,
    pub slug: String,
}
