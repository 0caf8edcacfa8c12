//! The live listing: one read model of a product as shoppers find it (a card on the
//! storefront, a document in the search index). What "live" means, how a listing is put
//! together (its first variant's price, the stock of all its variants, its first approved
//! image, the stars its certificate shows today) and how live listings are counted are
//! written here once; the storefront and the search index both read through it.
//!
//! A page of listings costs three statements whatever its size: the products (with shop
//! and certificate), then the variants and the images of the whole page.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};

use crate::certificates::stars_from_join;
use crate::shops::STATUS_VERIFIED;

/// A live product as a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveListing {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub subcategory: Option<String>,
    pub province_code: String,
    /// The province as the shop wrote it (a former name, say).
    pub province_input: String,
    pub shop_slug: String,
    pub shop_name: String,
    /// The first variant's (by position); empty without variants.
    pub sku: String,
    pub price_vnd: i64,
    pub compare_at_vnd: Option<i64>,
    /// Stock summed over every variant.
    pub in_stock: bool,
    /// Only while the certificate is verified and within 36 months.
    pub stars: Option<i16>,
    /// Media key of the first approved image's small size.
    pub thumb: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub sales: i64,
}

/// Which live products.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub province_code: Option<String>,
    pub shop_id: Option<i64>,
    /// Only products whose certificate shows at least this many stars today.
    pub min_stars: Option<i16>,
}

/// How the products are read: decides how SQLite is steered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The whole catalogue in id order (the search index's pages): SQLite would answer
    /// `p.live = ?` from the (live, province) index, or start from the shops, and sort the
    /// whole catalogue for every page; unary pluses keep it on the products' primary key.
    /// PostgreSQL plans well without them (and has no unary plus on booleans).
    ById,
    /// A filtered, sorted page or a count: the (live, …) indexes are the right start.
    Filtered,
}

/// `WHERE` for live products of verified shops matching `filter` (tables `p` and `s`),
/// its values appended to `values` (numbered from `values.len() + 1`).
pub fn live_where(backend: DbBackend, scan: Scan, filter: &Filter, values: &mut Vec<Value>) -> String {
    values.push(true.into());
    let live = values.len();
    values.push(STATUS_VERIFIED.into());
    let verified = values.len();
    let sqlite = backend == DbBackend::Sqlite;
    let plus = if scan == Scan::ById && sqlite { "+" } else { "" };
    // One shop's listings: SQLite (without statistics) would rather walk a (live, order)
    // index over the whole catalogue than sort the shop's few rows from its shop_id index.
    let live_plus = if sqlite && (scan == Scan::ById || filter.shop_id.is_some()) { "+" } else { "" };
    let mut sql = format!(" WHERE {live_plus}p.live = ${live} AND {plus}s.status = ${verified}");
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

/// How many live products match `filter`.
///
/// # Errors
/// The database cannot be read.
pub async fn count<C: ConnectionTrait>(db: &C, filter: &Filter) -> Result<u64, Error> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let where_sql = live_where(backend, Scan::Filtered, filter, &mut values);
    let sql =
        format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM products p JOIN shops s ON s.id = p.shop_id{where_sql}");
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "n").ok()).map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

#[derive(Debug, FromQueryResult)]
struct ProductRow {
    id: i64,
    slug: String,
    name: String,
    description: String,
    category: String,
    subcategory: Option<String>,
    province_code: String,
    province_input: String,
    shop_slug: String,
    shop_name: String,
    sales_count: i64,
    approved_at: Option<DateTime<Utc>>,
    stars: Option<i16>,
    cert_status: Option<String>,
    decision_date: Option<NaiveDate>,
}

#[derive(Debug, FromQueryResult)]
struct VariantRow {
    product_id: i64,
    id: i64,
    sku: String,
    price_vnd: i64,
    compare_at_vnd: Option<i64>,
    stock: i64,
    position: i32,
}

#[derive(Debug, FromQueryResult)]
struct ImageRow {
    product_id: i64,
    id: i64,
    thumb_key: String,
    position: i32,
}

/// The products' own columns, with shop and certificate. `joins` may add a join the
/// order needs (the first variant, to sort by price).
fn products_sql(joins: &str, where_sql: &str, tail: &str) -> String {
    format!(
        "SELECT p.id, p.slug, p.name, p.description, p.category, p.subcategory, p.province_code, \
         p.province_input, s.slug AS shop_slug, s.name AS shop_name, p.sales_count, p.approved_at, \
         COALESCE(p.certificate_stars, c.stars) AS stars, c.status AS cert_status, c.decision_date \
         FROM products p JOIN shops s ON s.id = p.shop_id LEFT JOIN certificates c ON c.id = p.certificate_id\
         {joins}{where_sql} {tail}"
    )
}

/// Which product ids the variant and image statements cover.
enum Ids<'a> {
    /// A contiguous id range (a page in id order): one range scan of each table.
    Range(i64, i64),
    List(&'a [i64]),
}

impl Ids<'_> {
    /// The condition on `column` and its values, numbered from `$first`.
    fn condition(&self, column: &str, first: usize) -> (String, Vec<Value>) {
        match self {
            Ids::Range(lo, hi) => {
                (format!("{column} BETWEEN ${first} AND ${}", first + 1), vec![(*lo).into(), (*hi).into()])
            }
            Ids::List(ids) => {
                let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", first + i)).collect();
                (format!("{column} IN ({})", marks.join(", ")), ids.iter().map(|id| (*id).into()).collect())
            }
        }
    }
}

/// Joins products with their first variant (by position, then id), summed stock and
/// first approved image (by position, then id); keeps the products' order.
async fn complete<C: ConnectionTrait>(db: &C, rows: Vec<ProductRow>, ids: &Ids<'_>) -> Result<Vec<LiveListing>, Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let (cond, values) = ids.condition("product_id", 1);
    let sql = format!(
        "SELECT product_id, id, sku, price_vnd, compare_at_vnd, stock, position FROM product_variants WHERE {cond}"
    );
    let variants = VariantRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    let (cond, mut values) = ids.condition("product_id", 2);
    values.insert(0, true.into());
    let sql = format!("SELECT product_id, id, thumb_key, position FROM product_images WHERE approved = $1 AND {cond}");
    let images = ImageRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    // Looked up, not taken: a product may come twice (two variants share the first position).
    let first = first_variants(variants, rows.len());
    let thumbs = first_images(images, rows.len());
    let today = ocop_core::time::vn_today();
    Ok(rows
        .into_iter()
        .map(|p| {
            let variant = first.get(&p.id);
            LiveListing {
                id: p.id,
                slug: p.slug,
                name: p.name,
                description: p.description,
                category: p.category,
                subcategory: p.subcategory,
                province_code: p.province_code,
                province_input: p.province_input,
                shop_slug: p.shop_slug,
                shop_name: p.shop_name,
                sku: variant.map(|(v, _)| v.sku.clone()).unwrap_or_default(),
                price_vnd: variant.map_or(0, |(v, _)| v.price_vnd),
                compare_at_vnd: variant.and_then(|(v, _)| v.compare_at_vnd),
                in_stock: variant.is_some_and(|(_, stock)| *stock > 0),
                stars: stars_from_join(p.stars, p.cert_status.as_deref(), p.decision_date, today),
                thumb: thumbs.get(&p.id).map(|i| i.thumb_key.clone()),
                approved_at: p.approved_at,
                sales: p.sales_count,
            }
        })
        .collect())
}

/// product id → (first variant, stock of all variants)
fn first_variants(variants: Vec<VariantRow>, capacity: usize) -> HashMap<i64, (VariantRow, i64)> {
    let mut first: HashMap<i64, (VariantRow, i64)> = HashMap::with_capacity(capacity);
    for v in variants {
        match first.entry(v.product_id) {
            std::collections::hash_map::Entry::Vacant(e) => {
                let stock = v.stock;
                e.insert((v, stock));
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let (best, stock) = e.get_mut();
                *stock += v.stock;
                if (v.position, v.id) < (best.position, best.id) {
                    *best = v;
                }
            }
        }
    }
    first
}

/// product id → first approved image
fn first_images(images: Vec<ImageRow>, capacity: usize) -> HashMap<i64, ImageRow> {
    let mut thumbs: HashMap<i64, ImageRow> = HashMap::with_capacity(capacity);
    for i in images {
        match thumbs.entry(i.product_id) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                if (i.position, i.id) < (e.get().position, e.get().id) {
                    e.insert(i);
                }
            }
        }
    }
    thumbs
}

/// Live listings with an id after `after`, in id order, at most `limit`.
///
/// # Errors
/// The database cannot be read.
pub async fn page_by_id<C: ConnectionTrait>(db: &C, after: i64, limit: u64) -> Result<Vec<LiveListing>, Error> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let where_sql = live_where(backend, Scan::ById, &Filter::default(), &mut values);
    values.push(after.into());
    let tail = format!("AND p.id > ${} ORDER BY p.id LIMIT {limit}", values.len());
    let sql = products_sql("", &where_sql, &tail);
    let rows = ProductRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    let (Some(lo), Some(hi)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
        return Ok(Vec::new());
    };
    complete(db, rows, &Ids::Range(lo, hi)).await
}

/// How many listings named by id one statement reads (bound values stay few).
const IDS_PER_STATEMENT: usize = 500;

/// The live listings among `ids` (those not live are left out), three statements per
/// 500 ids.
///
/// # Errors
/// The database cannot be read.
pub async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<LiveListing>, Error> {
    let backend = db.get_database_backend();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let mut values = Vec::new();
        let where_sql = live_where(backend, Scan::ById, &Filter::default(), &mut values);
        let (cond, mut more) = Ids::List(chunk).condition("p.id", values.len() + 1);
        values.append(&mut more);
        let sql = products_sql("", &where_sql, &format!("AND {cond}"));
        let rows = ProductRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
        out.extend(complete(db, rows, &Ids::List(chunk)).await?);
    }
    Ok(out)
}

/// Live listings matching `filter` in the order `order_by` (SQL over `p`, `s` and `v`, the
/// first variant), leaving out `except`, at most `limit` from `offset`.
///
/// # Errors
/// The database cannot be read.
pub async fn sorted<C: ConnectionTrait>(
    db: &C,
    filter: &Filter,
    order_by: &str,
    except: &[i64],
    limit: u64,
    offset: u64,
) -> Result<Vec<LiveListing>, Error> {
    let backend = db.get_database_backend();
    let mut values = Vec::new();
    let mut where_sql = live_where(backend, Scan::Filtered, filter, &mut values);
    let mut marks = Vec::with_capacity(except.len());
    for id in except {
        values.push((*id).into());
        marks.push(format!("${}", values.len()));
    }
    if !marks.is_empty() {
        where_sql.push_str(&format!(" AND p.id NOT IN ({})", marks.join(", ")));
    }
    // The price a card shows, and sorts by, is the first variant's. Only a price order
    // joins it: any other order then walks its (live, …) index and stops after `limit`
    // rows instead of joining and sorting the whole catalogue.
    let first_variant = if order_by.contains("v.") {
        " LEFT JOIN product_variants v ON v.product_id = p.id \
         AND v.position = (SELECT MIN(v3.position) FROM product_variants v3 WHERE v3.product_id = p.id)"
    } else {
        ""
    };
    let tail = format!("ORDER BY {order_by} LIMIT {limit} OFFSET {offset}");
    let sql = products_sql(first_variant, &where_sql, &tail);
    let rows = ProductRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    complete(db, rows, &Ids::List(&ids)).await
}
