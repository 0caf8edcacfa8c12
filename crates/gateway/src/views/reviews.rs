//! Reviews where shoppers read them: the product page's rating, histogram, filters and
//! reviews, ratings on product cards, and where a shopper's review is written. Page data,
//! built for the templates; the handlers live in `routes/pages`.

use std::collections::HashMap;

use ocop_catalog::storefront::Card;
use ocop_core::Error;
use ocop_reviews::purchase::Bought;
use ocop_reviews::read::{self, Filter};
use ocop_reviews::{Rating, rating};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Reviews shown at a time on a product page.
pub const PER_PAGE: u64 = 10;

/// A product card with its rating (absent without reviews).
#[derive(Serialize)]
pub struct Rated {
    #[serde(flatten)]
    pub card: Card,
    pub rating: Option<Rating>,
}

/// Puts each card's rating beside it: one query for the whole grid.
///
/// # Errors
/// Database errors.
pub async fn rated<C: ConnectionTrait>(db: &C, cards: Vec<Card>) -> Result<Vec<Rated>, Error> {
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let mut ratings: HashMap<i64, Rating> = rating::of_products(db, &ids).await?;
    Ok(cards.into_iter().map(|card| Rated { rating: ratings.remove(&card.id), card }).collect())
}

/// The product page's `?sao=` (stars), `?loai=` (variant) and `?anh=1` (with photos)
/// filters and `?dg=` page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewQuery {
    sao: String,
    loai: String,
    anh: String,
    dg: String,
}

#[derive(Serialize)]
pub struct Section {
    pub rating: Rating,
    pub page: read::Page,
    /// `(variant id, label, review count)`.
    pub variants: Vec<(i64, String, u64)>,
    pub stars: Option<i16>,
    pub variant: Option<i64>,
    pub with_photos: bool,
    /// Published reviews that carry photos (the filter's count).
    pub photo_reviews: u64,
    /// The filter's query string, for paging links (`&sao=5`).
    pub extra: String,
    /// The filter could not be read: every review is shown instead, with this said.
    pub filter_error: Option<String>,
}

/// The product page's reviews: a bad filter shows every review with a note, not an error
/// page (a shared link with a typo still leads to the product).
///
/// # Errors
/// Database errors.
pub async fn section<C: ConnectionTrait>(db: &C, product_id: i64, q: &ReviewQuery) -> Result<Section, Error> {
    let (mut filter, filter_error) = match Filter::parse(&q.sao, &q.loai) {
        Ok(f) => (f, None),
        Err(e) => (Filter::default(), Some(crate::forms::error_text(&e))),
    };
    filter.with_photos = q.anh == "1";
    let number = q.dg.trim().parse::<u64>().unwrap_or(1).clamp(1, 10_000);
    let page = read::of_product(db, product_id, filter, number, PER_PAGE).await?;
    let mut extra = String::new();
    if let Some(s) = filter.stars {
        extra.push_str(&format!("&sao={s}"));
    }
    if let Some(v) = filter.variant_id {
        extra.push_str(&format!("&loai={v}"));
    }
    if filter.with_photos {
        extra.push_str("&anh=1");
    }
    Ok(Section {
        rating: rating::of_product(db, product_id).await?,
        page,
        variants: read::reviewed_variants(db, product_id).await?,
        stars: filter.stars,
        variant: filter.variant_id,
        with_photos: filter.with_photos,
        photo_reviews: ocop_reviews::photos::reviews_with_photos(db, product_id).await?,
        extra,
        filter_error,
    })
}

/// schema.org `AggregateRating` and the first `Review`s, for the product's JSON-LD.
pub fn json_ld(section: &Section) -> Option<(Value, Vec<Value>)> {
    if section.rating.count == 0 {
        return None;
    }
    let aggregate = json!({
        "@type": "AggregateRating",
        "ratingValue": format!("{}.{}", section.rating.average_tenths / 10, section.rating.average_tenths % 10),
        "reviewCount": section.rating.count,
        "bestRating": 5,
        "worstRating": 1,
    });
    let reviews = section
        .page
        .reviews
        .iter()
        .take(5)
        .map(|r| {
            json!({
                "@type": "Review",
                "author": {"@type": "Person", "name": r.author},
                "datePublished": ocop_core::time::vn_date(r.created_at).format("%Y-%m-%d").to_string(),
                "reviewBody": r.body,
                "reviewRating": {"@type": "Rating", "ratingValue": r.stars, "bestRating": 5, "worstRating": 1},
            })
        })
        .collect();
    Some((aggregate, reviews))
}

/// Where a bought line's button leads: its review's edit form, or the form to write one.
pub fn review_href(bought: Bought, review: Option<&ocop_reviews::entity::review::Model>) -> String {
    review.map_or_else(|| write_href(bought), |r| format!("/danh-gia/{}/sua", r.id))
}

/// `/danh-gia/viet/don/12` for an online line, `/danh-gia/viet/gian/12` for a booth line.
pub fn write_href(bought: Bought) -> String {
    match bought {
        Bought::OrderLine(id) => format!("/danh-gia/viet/don/{id}"),
        Bought::BoothLine(id) => format!("/danh-gia/viet/gian/{id}"),
    }
}

/// The product page's questions and answers, and whether the viewer may answer them.
#[derive(Serialize)]
pub struct Questions {
    pub list: Vec<ocop_reviews::questions::Asked>,
    pub total: u64,
    /// `shop` or `buyer` when the signed-in viewer may answer; empty otherwise.
    pub answer_as: &'static str,
}

/// The questions on a product page.
///
/// # Errors
/// Database errors.
pub async fn questions<C: ConnectionTrait>(
    db: &C,
    viewer: Option<i64>,
    shop_id: i64,
    product_id: i64,
) -> Result<Questions, Error> {
    let (list, total) = ocop_reviews::questions::of_product(db, product_id, QUESTIONS_SHOWN).await?;
    let answer_as = match viewer {
        Some(user_id) => ocop_reviews::questions::may_answer(db, user_id, shop_id, product_id).await?.unwrap_or(""),
        None => "",
    };
    Ok(Questions { list, total, answer_as })
}

/// Questions shown on a product page.
pub const QUESTIONS_SHOWN: u64 = 20;
