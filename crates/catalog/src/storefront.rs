//! What shoppers see: live products of verified shops, as cards for listings and as a
//! whole product page.

use chrono::{NaiveDate, Utc};
use ocop_core::Error;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};

use crate::certificates::{expires_on, stars_today};
use crate::entity::{certificate, product, shop, slug_redirect, variant};
use crate::listing::{self, LiveListing};
use crate::shops::STATUS_VERIFIED;

/// A product as a card in a listing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Card {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub category: String,
    pub province_code: String,
    pub shop_slug: String,
    pub shop_name: String,
    pub price_vnd: i64,
    pub compare_at_vnd: Option<i64>,
    pub in_stock: bool,
    /// Only while the certificate is verified and within 36 months.
    pub ocop_stars: Option<i16>,
    pub sku: String,
    /// Media key of the first shown image's small size.
    pub thumb: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Vietnamese dictionary order of names.
    #[default]
    Name,
    PriceAsc,
    PriceDesc,
    Newest,
    BestSelling,
    /// Best rated first, unrated last.
    Rating,
}

impl Sort {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "name" => Some(Sort::Name),
            "price_asc" => Some(Sort::PriceAsc),
            "price_desc" => Some(Sort::PriceDesc),
            "newest" => Some(Sort::Newest),
            "best_selling" => Some(Sort::BestSelling),
            "rating" => Some(Sort::Rating),
            _ => None,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Name => "p.name_sort ASC, p.id ASC",
            Sort::PriceAsc => "v.price_vnd ASC, p.name_sort ASC",
            Sort::PriceDesc => "v.price_vnd DESC, p.name_sort ASC",
            Sort::Newest => "p.approved_at DESC, p.id DESC",
            Sort::BestSelling => "p.sales_count DESC, p.name_sort ASC",
            // The running sums reviews keep (product_ratings), as one score: the average
            // pulled towards 4.0 by five imaginary reviews (`ocop_reviews::rating::score`).
            Sort::Rating => {
                "COALESCE((SELECT (pr.stars_total * 100 + 2000) / (pr.review_count + 5) FROM product_ratings pr \
                 WHERE pr.product_id = p.id AND pr.review_count > 0), 0) DESC, p.name_sort ASC"
            }
        }
    }
}

/// Which live products to list.
pub use crate::listing::Filter;

pub struct Page {
    pub cards: Vec<Card>,
    pub total: u64,
}

impl From<LiveListing> for Card {
    fn from(l: LiveListing) -> Self {
        Card {
            id: l.id,
            slug: l.slug,
            name: l.name,
            category: l.category,
            province_code: l.province_code,
            shop_slug: l.shop_slug,
            shop_name: l.shop_name,
            price_vnd: l.price_vnd,
            compare_at_vnd: l.compare_at_vnd,
            in_stock: l.in_stock,
            ocop_stars: l.stars,
            sku: l.sku,
            thumb: l.thumb,
        }
    }
}

/// One page of live products.
///
/// # Errors
/// The database cannot be read.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    filter: &Filter,
    sort: Sort,
    page: u64,
    per_page: u64,
) -> Result<Page, Error> {
    let total = listing::count(db, filter).await?;
    let cards = top(db, filter, sort, page, per_page).await?;
    Ok(Page { cards, total })
}

/// One page of live products without counting them all (home page sections).
///
/// # Errors
/// The database cannot be read.
pub async fn top<C: ConnectionTrait>(
    db: &C,
    filter: &Filter,
    sort: Sort,
    page: u64,
    per_page: u64,
) -> Result<Vec<Card>, Error> {
    let per_page = per_page.clamp(1, 100);
    let offset = page.saturating_sub(1).saturating_mul(per_page);
    let listings = listing::sorted(db, filter, sort.order_by(), &[], per_page, offset).await?;
    Ok(listings.into_iter().map(Card::from).collect())
}

/// Everything a product page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProductPage {
    pub product: product::Model,
    pub variants: Vec<variant::Model>,
    pub shop: shop::Model,
    pub certificate: Option<CertificateView>,
    pub images: Vec<crate::entity::product_image::Model>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CertificateView {
    pub stars: i16,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub authority: String,
    pub expires_on: NaiveDate,
}

/// Where a slug leads.
pub enum Found {
    Page(Box<ProductPage>),
    /// An old slug: the product now lives at this one.
    MovedTo(String),
}

/// A live product by slug, or where an old slug moved to.
///
/// # Errors
/// [`Error::NotFound`] for an unknown slug or a product that is not live.
pub async fn product<C: ConnectionTrait>(db: &C, slug: &str) -> Result<Found, Error> {
    let not_found = || Error::NotFound { what: "sản phẩm" };
    let Some(found) = product::Entity::find().filter(product::Column::Slug.eq(slug)).one(db).await? else {
        let redirect = slug_redirect::Entity::find_by_id(slug.to_owned()).one(db).await?.ok_or_else(not_found)?;
        let target = product::Entity::find_by_id(redirect.product_id).one(db).await?.ok_or_else(not_found)?;
        return Ok(Found::MovedTo(target.slug));
    };
    let owner = shop::Entity::find_by_id(found.shop_id).one(db).await?.ok_or_else(not_found)?;
    if !found.live || owner.status != STATUS_VERIFIED {
        return Err(not_found());
    }
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(found.id))
        .order_by_asc(variant::Column::Position)
        .all(db)
        .await?;
    let today = ocop_core::time::vn_today();
    let certificate = match found.certificate_id {
        None => None,
        Some(id) => certificate::Entity::find_by_id(id).one(db).await?.and_then(|c| {
            // The product's own stars under the decision, not the decision row's.
            let granted = found.certificate_stars.unwrap_or(c.stars);
            stars_today(granted, &c.status, c.decision_date, today).map(|stars| CertificateView {
                stars,
                expires_on: expires_on(c.decision_date),
                decision_number: c.decision_number,
                decision_date: c.decision_date,
                authority: c.authority,
            })
        }),
    };
    let images = crate::images::shown(db, found.id).await?;
    Ok(Found::Page(Box::new(ProductPage { product: found, variants, shop: owner, certificate, images })))
}

/// A live product of a verified shop by its current slug (what the API's reviews of a
/// product answer for).
///
/// # Errors
/// [`Error::NotFound`] otherwise.
pub async fn live_by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<product::Model, Error> {
    let not_found = || Error::NotFound { what: "sản phẩm" };
    let found = product::Entity::find().filter(product::Column::Slug.eq(slug)).one(db).await?.ok_or_else(not_found)?;
    let owner = shop::Entity::find_by_id(found.shop_id).one(db).await?.ok_or_else(not_found)?;
    if !found.live || owner.status != STATUS_VERIFIED {
        return Err(not_found());
    }
    Ok(found)
}

/// Slugs of every live product, for the sitemap.
///
/// # Errors
/// The database cannot be read.
pub async fn live_slugs<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, chrono::DateTime<Utc>)>, Error> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let where_sql = listing::live_where(backend, listing::Scan::ById, &Filter::default(), &mut values);
    let sql = format!(
        "SELECT p.slug, p.updated_at FROM products p JOIN shops s ON s.id = p.shop_id{where_sql} ORDER BY p.id"
    );
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((r.try_get::<String>("", "slug").ok()?, r.try_get::<chrono::DateTime<Utc>>("", "updated_at").ok()?))
        })
        .collect())
}

/// Products to show under a product page: live ones of the same OCOP group from the same
/// province first (best-selling first), then more from the same shop; never the product
/// itself. Two indexed queries at most (`ix_products_live_category`, the shop's products).
///
/// # Errors
/// The database cannot be read.
pub async fn related<C: ConnectionTrait>(db: &C, of: &product::Model, limit: u64) -> Result<Vec<Card>, Error> {
    let limit = limit.clamp(1, 24);
    let same_place = Filter {
        category: Some(of.category.clone()),
        province_code: Some(of.province_code.clone()),
        ..Default::default()
    };
    let mut cards = top_except(db, &same_place, &[of.id], limit).await?;
    let missing = limit.saturating_sub(cards.len() as u64);
    if missing > 0 {
        let mut seen: Vec<i64> = cards.iter().map(|c| c.id).collect();
        seen.push(of.id);
        let same_shop = Filter { shop_id: Some(of.shop_id), ..Default::default() };
        cards.extend(top_except(db, &same_shop, &seen, missing).await?);
    }
    Ok(cards)
}

/// The best-selling cards of `filter` leaving out `except`.
async fn top_except<C: ConnectionTrait>(
    db: &C,
    filter: &Filter,
    except: &[i64],
    limit: u64,
) -> Result<Vec<Card>, Error> {
    let listings = listing::sorted(db, filter, Sort::BestSelling.order_by(), except, limit, 0).await?;
    Ok(listings.into_iter().map(Card::from).collect())
}
