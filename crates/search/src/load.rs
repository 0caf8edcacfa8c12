//! Live listings read from the database for the index, in batches: a page of products
//! with their shop and certificate, then the variants and images of the whole page, three
//! statements per page whatever its size (never one per listing).

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};

use crate::document::Listing;

/// How many listings a full build reads from the database at a time.
pub(crate) const PAGE: u64 = 2_000;
/// How many listings named by id one statement reads (bound values stay few).
const IDS_PER_STATEMENT: usize = 500;

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
    approved_at: Option<chrono::DateTime<Utc>>,
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

/// SQLite would answer `p.live = ?` from the (live, province) index, or start from the
/// shops, and sort the whole catalogue for every page; the unary pluses keep it on the
/// products' primary key. PostgreSQL plans well without them (and has no unary plus on
/// booleans).
fn live_filter(backend: DbBackend) -> &'static str {
    if backend == DbBackend::Sqlite { "+p.live = $1 AND +s.status = $2" } else { "p.live = $1 AND s.status = $2" }
}

fn products_sql(backend: DbBackend, tail: &str) -> String {
    format!(
        "SELECT p.id, p.slug, p.name, p.description, p.category, p.subcategory, p.province_code, \
         p.province_input, s.slug AS shop_slug, s.name AS shop_name, p.sales_count, p.approved_at, \
         COALESCE(p.certificate_stars, c.stars) AS stars, c.status AS cert_status, c.decision_date \
         FROM products p JOIN shops s ON s.id = p.shop_id LEFT JOIN certificates c ON c.id = p.certificate_id \
         WHERE {} {tail}",
        live_filter(backend)
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

/// Joins products with their first variant (by position), summed stock and first approved
/// image (by position).
async fn complete<C: ConnectionTrait>(db: &C, rows: Vec<ProductRow>, ids: &Ids<'_>) -> Result<Vec<Listing>, Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let (cond, values) = ids.condition("product_id", 1);
    let sql = format!("SELECT product_id, id, sku, price_vnd, stock, position FROM product_variants WHERE {cond}");
    let variants = VariantRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    let (cond, mut values) = ids.condition("product_id", 2);
    values.insert(0, true.into());
    let sql = format!("SELECT product_id, id, thumb_key, position FROM product_images WHERE approved = $1 AND {cond}");
    let images = ImageRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;

    // product id → (first variant, stock of all variants)
    let mut first: HashMap<i64, (VariantRow, i64)> = HashMap::with_capacity(rows.len());
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
    let mut thumbs: HashMap<i64, ImageRow> = HashMap::with_capacity(rows.len());
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
    let today = ocop_core::time::vn_today();
    Ok(rows
        .into_iter()
        .map(|p| {
            let variant = first.remove(&p.id);
            let stars =
                ocop_catalog::certificates::stars_from_join(p.stars, p.cert_status.as_deref(), p.decision_date, today);
            Listing {
                id: p.id,
                slug: p.slug,
                sku: variant.as_ref().map(|(v, _)| v.sku.clone()).unwrap_or_default(),
                name: p.name,
                description: p.description,
                category: p.category,
                subcategory: p.subcategory,
                province_code: p.province_code,
                province_input: p.province_input,
                shop_slug: p.shop_slug,
                shop_name: p.shop_name,
                stars,
                price_vnd: variant.as_ref().map_or(0, |(v, _)| v.price_vnd),
                in_stock: variant.as_ref().is_some_and(|(_, stock)| *stock > 0),
                thumb: thumbs.remove(&p.id).map(|i| i.thumb_key),
                approved_at: p.approved_at.map_or(0, |t| t.timestamp()),
                sales: p.sales_count,
            }
        })
        .collect())
}

fn live_values() -> Vec<Value> {
    vec![true.into(), ocop_catalog::shops::STATUS_VERIFIED.into()]
}

/// How many listings are live.
pub(crate) async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, Error> {
    let sql = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM products p JOIN shops s ON s.id = p.shop_id \
               WHERE p.live = $1 AND s.status = $2";
    let row = db.query_one_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, live_values())).await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "n").ok()).map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// Live listings with an id after `after`, in id order, at most [`PAGE`].
pub(crate) async fn page<C: ConnectionTrait>(db: &C, after: i64) -> Result<Vec<Listing>, Error> {
    let backend = db.get_database_backend();
    let mut values = live_values();
    values.push(after.into());
    let sql = products_sql(backend, &format!("AND p.id > $3 ORDER BY p.id LIMIT {PAGE}"));
    let rows = ProductRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values)).all(db).await?;
    let (Some(lo), Some(hi)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
        return Ok(Vec::new());
    };
    complete(db, rows, &Ids::Range(lo, hi)).await
}

/// The live listings among `ids` (those not live are left out), three statements per
/// [`IDS_PER_STATEMENT`] ids.
pub(crate) async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Listing>, Error> {
    let backend = db.get_database_backend();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let (cond, mut values) = Ids::List(chunk).condition("p.id", 3);
        let mut all = live_values();
        all.append(&mut values);
        let sql = products_sql(backend, &format!("AND {cond}"));
        let rows = ProductRow::find_by_statement(Statement::from_sql_and_values(backend, sql, all)).all(db).await?;
        out.extend(complete(db, rows, &Ids::List(chunk)).await?);
    }
    Ok(out)
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
