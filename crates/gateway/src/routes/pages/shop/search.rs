//! The search page: results and a facet sidebar that work without JavaScript.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_catalog::group;
use ocop_core::{Error, provinces};
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;
use crate::views::search::{SearchQuery, answer, highlighted};

#[derive(Serialize)]
struct CardView {
    slug: String,
    name: String,
    /// The name with matched words in <mark>, the rest escaped.
    #[serde(skip_serializing_if = "Option::is_none")]
    name_html: Option<String>,
    category: String,
    shop_slug: String,
    shop_name: String,
    price_vnd: i64,
    compare_at_vnd: Option<i64>,
    in_stock: bool,
    ocop_stars: Option<u64>,
    thumb: Option<String>,
}

#[derive(Serialize)]
struct FacetLink {
    label: String,
    count: u64,
    href: String,
    active: bool,
}

#[derive(Serialize)]
struct SearchView {
    q: String,
    total: usize,
    /// The cards: the full matches, then those matching part of the words, then the kin of
    /// what was found, each run after the first under its heading.
    sections: Vec<Section>,
    groups: Vec<FacetLink>,
    provinces: Vec<FacetLink>,
    stars: Vec<FacetLink>,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    error: Option<String>,
    sort: String,
    /// On no results: listings to try instead, and the same words without filters.
    instead: Vec<Instead>,
    without_filters: Option<String>,
    /// Nothing matched most of the words: the hits match some of them.
    partial: bool,
}

/// A run of cards, under a heading (a locale key) unless it is the first.
#[derive(Serialize)]
struct Section {
    heading: Option<&'static str>,
    testid: &'static str,
    cards: Vec<CardView>,
}

/// `cards` cut where the partial matches and the kin begin. Under the page's note that
/// nothing matched fully, the partial matches need no heading of their own.
fn sections(cards: Vec<CardView>, partial: bool, partial_from: Option<usize>, kin_from: Option<usize>) -> Vec<Section> {
    let n = cards.len();
    let kin = kin_from.unwrap_or(n).min(n);
    let part = if partial { kin } else { partial_from.unwrap_or(kin).min(kin) };
    let mut cards = cards.into_iter();
    let mut run = |heading, testid, len| Section { heading, testid, cards: cards.by_ref().take(len).collect() };
    let runs = [
        run(None, "results", part),
        run(Some("search_partial_more"), "partial-more", kin - part),
        run(Some("search_kin"), "kin", n - kin),
    ];
    runs.into_iter().filter(|s| !s.cards.is_empty()).collect()
}

#[derive(Serialize)]
struct Instead {
    text: String,
    slug: String,
}

const PER_PAGE: usize = 24;

/// The address of this search with one parameter changed (and paging reset).
fn with(q: &SearchQuery, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("q", q.q.clone()),
        ("category", q.category.clone()),
        ("province", q.province.clone()),
        ("min_stars", q.min_stars.clone()),
        ("sort", q.sort.clone()),
    ];
    for pair in &mut pairs {
        if pair.0 == key {
            pair.1 = value.to_owned();
        }
    }
    if key == "page" {
        pairs.push(("page", value.to_owned()));
    }
    let kept: Vec<(&str, String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!("/tim-kiem?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
}

pub async fn show(page: Page, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let params = match q.params(PER_PAGE) {
        Ok(params) => params,
        Err(Error::Invalid(fields)) => {
            let message = fields.0.values().next().cloned().unwrap_or_default();
            let view = empty_view(&q, Some(message));
            return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "shop/search.html", &view));
        }
        Err(other) => return Err(other.into()),
    };
    let results = answer(&page.state, params.clone()).await?;
    let facet = |name: &str| results.facets.get(name).cloned().unwrap_or_default();
    let groups = facet("category")
        .into_iter()
        .map(|(code, count)| FacetLink {
            label: group::by_code(&code).map_or_else(|| code.clone(), |g| g.name_vi.to_owned()),
            active: params.category.as_deref() == Some(code.as_str()),
            href: with(&q, "category", if params.category.as_deref() == Some(code.as_str()) { "" } else { &code }),
            count,
        })
        .collect();
    let mut provinces_found: Vec<FacetLink> = facet("province")
        .into_iter()
        .map(|(code, count)| FacetLink {
            label: provinces::by_code_exact(&code).map_or_else(|| code.clone(), |p| p.name.to_owned()),
            active: params.province.as_deref() == Some(code.as_str()),
            href: with(&q, "province", if params.province.as_deref() == Some(code.as_str()) { "" } else { &code }),
            count,
        })
        .collect();
    provinces_found.sort_by_key(|f| std::cmp::Reverse(f.count));
    let stars = facet("ocop_stars")
        .into_iter()
        .rev()
        .map(|(s, count)| FacetLink {
            label: format!("{s}★"),
            active: q.min_stars == s,
            href: with(&q, "min_stars", if q.min_stars == s { "" } else { &s }),
            count,
        })
        .collect();
    let pages = results.total.div_ceil(PER_PAGE).max(1);
    let filtered = [&q.category, &q.province, &q.min_stars, &q.shop, &q.min_price, &q.max_price]
        .iter()
        .any(|v| !v.trim().is_empty());
    let without_filters = (results.total == 0 && filtered && !q.q.trim().is_empty())
        .then(|| format!("/tim-kiem?{}", serde_urlencoded::to_string([("q", q.q.as_str())]).unwrap_or_default()));
    let instead = results.suggestions.iter().map(|s| Instead { text: s.text.clone(), slug: s.slug.clone() }).collect();
    let number = params.page;
    let view = SearchView {
        q: q.q.clone(),
        total: results.total,
        // The results may be a cached answer shared with other requests: copied, not taken.
        sections: sections(
            results.hits.iter().map(card).collect(),
            results.partial,
            results.partial_from,
            results.kin_from,
        ),
        groups,
        provinces: provinces_found,
        stars,
        page: number,
        pages,
        prev: (number > 1).then(|| with(&q, "page", &(number - 1).to_string())),
        next: (number < pages).then(|| with(&q, "page", &(number + 1).to_string())),
        error: None,
        sort: q.sort.clone(),
        instead,
        without_filters,
        partial: results.partial,
    };
    Ok(page.render("shop/search.html", &view)?.into_response())
}

fn card(h: &ocop_search::Hit) -> CardView {
    CardView {
        slug: h.slug.clone(),
        name: h.name.clone(),
        name_html: highlighted(&h.name, &h.name_marks),
        category: h.category.clone(),
        shop_slug: h.shop.clone(),
        shop_name: h.shop_name.clone(),
        price_vnd: h.price_vnd,
        compare_at_vnd: None,
        in_stock: h.in_stock,
        ocop_stars: h.ocop_stars,
        thumb: h.thumb.clone(),
    }
}

fn empty_view(q: &SearchQuery, error: Option<String>) -> SearchView {
    SearchView {
        q: q.q.chars().take(ocop_search::MAX_QUERY_CHARS).collect(),
        total: 0,
        sections: Vec::new(),
        groups: Vec::new(),
        provinces: Vec::new(),
        stars: Vec::new(),
        page: 1,
        pages: 1,
        prev: None,
        next: None,
        error,
        sort: String::new(),
        instead: Vec::new(),
        without_filters: None,
        partial: false,
    }
}
