//! What shoppers see: live products of verified shops, as cards for listings and as a
//! whole product page.

use chrono::{NaiveDate, Utc};
use ocop_core::Error;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement, Value};

use crate::certificates::{expires_on, stars_from_join, stars_today};
use crate::entity::{certificate, product, shop, slug_redirect, variant};
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

#[derive(Debug, FromQueryResult)]
struct CardRow {
    id: i64,
    slug: String,
    name: String,
    category: String,
    province_code: String,
    shop_slug: String,
    shop_name: String,
    price_vnd: Option<i64>,
    compare_at_vnd: Option<i64>,
    stock: Option<i64>,
    stars: Option<i16>,
    cert_status: Option<String>,
    decision_date: Option<NaiveDate>,
    sku: Option<String>,
    thumb_key: Option<String>,
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
}

impl Sort {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "name" => Some(Sort::Name),
            "price_asc" => Some(Sort::PriceAsc),
            "price_desc" => Some(Sort::PriceDesc),
            "newest" => Some(Sort::Newest),
            "best_selling" => Some(Sort::BestSelling),
            _ => None,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Name => "p.name_sort ASC, p.id ASC",
            Sort::PriceAsc => "price_vnd ASC, p.name_sort ASC",
            Sort::PriceDesc => "price_vnd DESC, p.name_sort ASC",
            Sort::Newest => "p.approved_at DESC, p.id DESC",
            Sort::BestSelling => "p.sales_count DESC, p.name_sort ASC",
        }
    }
}

/// Which live products to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub province_code: Option<String>,
    pub shop_id: Option<i64>,
    /// Only products whose certificate shows at least this many stars today.
    pub min_stars: Option<i16>,
}

pub struct Page {
    pub cards: Vec<Card>,
    pub total: u64,
}

/// The price shown on a card is the first variant's; stock is the sum over variants.
const CARD_SQL: &str = "SELECT (SELECT i.thumb_key FROM product_images i WHERE i.product_id = p.id AND i.approved = $1 \
     ORDER BY i.position LIMIT 1) AS thumb_key, p.id, p.slug, p.name, p.category, p.province_code, s.slug AS shop_slug, s.name AS shop_name, \
     v.price_vnd, v.compare_at_vnd, v.sku, \
     CAST((SELECT SUM(v2.stock) FROM product_variants v2 WHERE v2.product_id = p.id) AS BIGINT) AS stock, \
     COALESCE(p.certificate_stars, c.stars) AS stars, c.status AS cert_status, c.decision_date \
     FROM products p \
     JOIN shops s ON s.id = p.shop_id \
     LEFT JOIN product_variants v ON v.product_id = p.id \
       AND v.position = (SELECT MIN(v3.position) FROM product_variants v3 WHERE v3.product_id = p.id) \
     LEFT JOIN certificates c ON c.id = p.certificate_id";

fn where_clause(filter: &Filter, values: &mut Vec<Value>) -> String {
    let mut sql = " WHERE p.live = $1 AND s.status = $2".to_owned();
    values.push(true.into());
    values.push(STATUS_VERIFIED.into());
    let mut push = |sql: &mut String, column: &str, value: Value| {
        values.push(value);
        sql.push_str(&format!(" AND {column} = ${}", values.len()));
    };
    if let Some(category) = &filter.category {
        push(&mut sql, "p.category", category.clone().into());
    }
    if let Some(sub) = &filter.subcategory {
        push(&mut sql, "p.subcategory", sub.clone().into());
    }
    if let Some(province) = &filter.province_code {
        push(&mut sql, "p.province_code", province.clone().into());
    }
    if let Some(shop_id) = filter.shop_id {
        push(&mut sql, "p.shop_id", shop_id.into());
    }
    if let Some(stars) = filter.min_stars {
        // Stars count only while the certificate is verified and younger than 36 months.
        let cutoff =
            ocop_core::time::vn_today().checked_sub_months(chrono::Months::new(crate::certificates::VALID_MONTHS));
        values.push(i32::from(stars).into());
        let stars_at = values.len();
        values.push(cutoff.unwrap_or_default().into());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM certificates c2 WHERE c2.id = p.certificate_id AND c2.status = 'verified' \
             AND COALESCE(p.certificate_stars, c2.stars) >= ${stars_at} AND c2.decision_date > ${})",
            values.len()
        ));
    }
    sql
}

fn to_card(row: CardRow, today: NaiveDate) -> Card {
    let ocop_stars = stars_from_join(row.stars, row.cert_status.as_deref(), row.decision_date, today);
    Card {
        id: row.id,
        slug: row.slug,
        name: row.name,
        category: row.category,
        province_code: row.province_code,
        shop_slug: row.shop_slug,
        shop_name: row.shop_name,
        price_vnd: row.price_vnd.unwrap_or(0),
        compare_at_vnd: row.compare_at_vnd,
        in_stock: row.stock.unwrap_or(0) > 0,
        ocop_stars,
        sku: row.sku.unwrap_or_default(),
        thumb: row.thumb_key,
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
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let where_sql = where_clause(filter, &mut values);
    let count_sql = format!("SELECT COUNT(*) AS n FROM products p JOIN shops s ON s.id = p.shop_id{where_sql}");
    let total = db
        .query_one_raw(Statement::from_sql_and_values(backend, &count_sql, values.clone()))
        .await?
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    let cards = top(db, filter, sort, page, per_page).await?;
    Ok(Page { cards, total: u64::try_from(total).unwrap_or(0) })
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
    let mut values = Vec::new();
    let where_sql = where_clause(filter, &mut values);
    let per_page = per_page.clamp(1, 100);
    let offset = page.saturating_sub(1).saturating_mul(per_page);
    let sql = format!("{CARD_SQL}{where_sql} ORDER BY {} LIMIT {per_page} OFFSET {offset}", sort.order_by());
    let rows = CardRow::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), &sql, values))
        .all(db)
        .await?;
    let today = ocop_core::time::vn_today();
    Ok(rows.into_iter().map(|r| to_card(r, today)).collect())
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

/// Slugs of every live product, for the sitemap.
///
/// # Errors
/// The database cannot be read.
pub async fn live_slugs<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, chrono::DateTime<Utc>)>, Error> {
    let sql = "SELECT p.slug, p.updated_at FROM products p JOIN shops s ON s.id = p.shop_id \
               WHERE p.live = $1 AND s.status = $2 ORDER BY p.id";
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [true.into(), STATUS_VERIFIED.into()],
        ))
        .await?;
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
    let mut values = Vec::new();
    let mut where_sql = where_clause(filter, &mut values);
    let mut marks = Vec::with_capacity(except.len());
    for id in except {
        values.push((*id).into());
        marks.push(format!("${}", values.len()));
    }
    if !marks.is_empty() {
        where_sql.push_str(&format!(" AND p.id NOT IN ({})", marks.join(", ")));
    }
    let sql = format!("{CARD_SQL}{where_sql} ORDER BY {} LIMIT {limit}", Sort::BestSelling.order_by());
    let rows = CardRow::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), &sql, values))
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    Ok(rows.into_iter().map(|r| to_card(r, today)).collect())
}
