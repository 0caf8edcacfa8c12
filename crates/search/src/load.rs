//! Live listings read from the database for the index, through the catalogue's one read
//! model ([`ocop_catalog::listing`]): a page costs three statements whatever its size.

use ocop_catalog::listing::{self, Filter, LiveListing};
use ocop_core::Error;
use sea_orm::ConnectionTrait;

use crate::document::Listing;

/// How many listings a full build reads from the database at a time.
pub(crate) const PAGE: u64 = 2_000;

impl From<LiveListing> for Listing {
    fn from(l: LiveListing) -> Self {
        Listing {
            id: l.id,
            slug: l.slug,
            sku: l.sku,
            name: l.name,
            description: l.description,
            category: l.category,
            subcategory: l.subcategory,
            province_code: l.province_code,
            province_input: l.province_input,
            shop_slug: l.shop_slug,
            shop_name: l.shop_name,
            stars: l.stars,
            price_vnd: l.price_vnd,
            in_stock: l.in_stock,
            thumb: l.thumb,
            approved_at: l.approved_at.map_or(0, |t| t.timestamp()),
            sales: l.sales,
            rating: 0,
        }
    }
}

/// How many listings are live.
pub(crate) async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, Error> {
    listing::count(db, &Filter::default()).await
}

/// Live listings with an id after `after`, in id order, at most [`PAGE`].
pub(crate) async fn page<C: ConnectionTrait>(db: &C, after: i64) -> Result<Vec<Listing>, Error> {
    rated(db, listing::page_by_id(db, after, PAGE).await?).await
}

/// The live listings among `ids` (those not live are left out).
pub(crate) async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Listing>, Error> {
    rated(db, listing::by_ids(db, ids).await?).await
}

/// The listings with their rating scores: one more statement per page.
async fn rated<C: ConnectionTrait>(db: &C, live: Vec<LiveListing>) -> Result<Vec<Listing>, Error> {
    let ids: Vec<i64> = live.iter().map(|l| l.id).collect();
    let ratings = ocop_reviews::rating::of_products(db, &ids).await?;
    Ok(live
        .into_iter()
        .map(|l| {
            let score = ratings.get(&l.id).map_or(0, ocop_reviews::rating::score);
            Listing { rating: score, ..Listing::from(l) }
        })
        .collect())
}

/// Every live listing (a small catalogue's rebuild in memory).
pub(crate) async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<Listing>, Error> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let page = page(db, after).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let full = page.len() as u64 == PAGE;
        out.extend(page);
        if !full {
            break;
        }
    }
    Ok(out)
}
