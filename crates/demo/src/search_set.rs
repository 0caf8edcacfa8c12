//! `ocop search load --set DIR`: a generated search catalogue (scripts/gen-search-catalogue.py)
//! written into an empty database in bulk, so `ocop reindex` and the HTTP search can be
//! measured on 100,000 real rows. A benchmark tool, not an import: rows go in as they are
//! (shops verified, listings live, one verified certificate per shop and star count, one
//! variant and one approved image record per listing, its key a placeholder with no file;
//! a name repeated within one shop gets a number),
//! a few statements per thousand rows, without the import's checks, audit log or outbox.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context as _, bail};
use chrono::Utc;
use ocop_catalog::entity::{certificate, product, product_image, shop, variant};
use ocop_search::Listing;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, Statement, TransactionSession,
    TransactionTrait,
};

/// Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values.
const CHUNK: usize = 500;

/// What was written.
#[derive(Debug, Default)]
pub struct Loaded {
    pub shops: usize,
    pub certificates: usize,
    pub products: usize,
}

#[derive(FromQueryResult)]
struct IdSlug {
    id: i64,
    slug: String,
}

async fn ids_by_slug<C: ConnectionTrait>(db: &C, table: &str) -> anyhow::Result<HashMap<String, i64>> {
    let sql = format!("SELECT id, slug FROM {table}");
    let rows = IdSlug::find_by_statement(Statement::from_string(db.get_database_backend(), sql)).all(db).await?;
    Ok(rows.into_iter().map(|r| (r.slug, r.id)).collect())
}

async fn insert_chunks<C, A>(db: &C, rows: Vec<A>) -> anyhow::Result<()>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        A::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Writes `listings` into a database that has no products yet, in one transaction.
///
/// # Errors
/// The database already holds products, or cannot be written.
pub async fn load<C: ConnectionTrait + TransactionTrait>(db: &C, listings: &[Listing]) -> anyhow::Result<Loaded> {
    if product::Entity::find().count(db).await? > 0 {
        bail!("the database already holds products: load a search set into an empty one");
    }
    let now = Utc::now();
    let today = ocop_core::time::vn_date(now);
    let txn = ocop_core::db::begin_write(db).await?;
    let mut loaded = Loaded::default();

    // Shops, each in the province of its first listing.
    let mut shops: BTreeMap<&str, &Listing> = BTreeMap::new();
    for l in listings {
        shops.entry(l.shop_slug.as_str()).or_insert(l);
    }
    loaded.shops = shops.len();
    let shop_rows = shops.values().map(|l| shop::ActiveModel {
        slug: Set(l.shop_slug.clone()),
        name: Set(l.shop_name.clone()),
        producer_type: Set(ocop_catalog::producer::ProducerType::HopTacXa.code().into()),
        registration_number: Set(None),
        registration_date: Set(None),
        registration_issuer: Set(None),
        tax_code: Set(None),
        province_code: Set(l.province_code.clone()),
        province_input: Set(l.province_input.clone()),
        commune: Set(String::new()),
        street: Set(String::new()),
        phone: Set(String::new()),
        description: Set(String::new()),
        status: Set(ocop_catalog::shops::STATUS_VERIFIED.into()),
        rejection_reason: Set(None),
        verified_by: Set(None),
        verified_at: Set(Some(now)),
        auto_approve: Set(false),
        on_vacation: Set(false),
        logo_key: Set(None),
        commission_bps: Set(None),
        cod_enabled: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    });
    insert_chunks(&txn, shop_rows.collect()).await.context("shops")?;
    let shop_ids = ids_by_slug(&txn, "shops").await?;
    let shop_id = |slug: &str| shop_ids.get(slug).copied().context("a shop just written is missing");

    // One verified certificate per shop and star count, issued a month ago.
    let mut certs: BTreeMap<(i64, i16), Option<i64>> = BTreeMap::new();
    for l in listings {
        if let Some(stars) = l.stars {
            certs.insert((shop_id(&l.shop_slug)?, stars), None);
        }
    }
    loaded.certificates = certs.len();
    let decided = today - chrono::Duration::days(30);
    let cert_rows = certs.keys().map(|&(shop_id, stars)| certificate::ActiveModel {
        shop_id: Set(shop_id),
        stars: Set(stars),
        decision_number: Set(format!("{stars}/QĐ-UBND")),
        decision_date: Set(decided),
        authority: Set("UBND tỉnh".into()),
        status: Set("verified".into()),
        verified_by: Set(None),
        verified_at: Set(Some(now)),
        created_at: Set(now),
        scan_key: Set(None),
        rejection_reason: Set(None),
        reminded_90_on: Set(None),
        reminded_30_on: Set(None),
        ..Default::default()
    });
    insert_chunks(&txn, cert_rows.collect()).await.context("certificates")?;
    for c in certificate::Entity::find().all(&txn).await? {
        if let Some(id) = certs.get_mut(&(c.shop_id, c.stars)) {
            *id = Some(c.id);
        }
    }

    // Listings, live and approved now. A shop names each product once (the generator
    // repeats names within a shop): the second "X" of a shop is "X #2".
    let mut product_rows = Vec::with_capacity(listings.len());
    let mut names: HashMap<(i64, &str), usize> = HashMap::new();
    for l in listings {
        let shop_id = shop_id(&l.shop_slug)?;
        let seen = names.entry((shop_id, l.name.as_str())).or_insert(0);
        *seen += 1;
        let name = if *seen == 1 { l.name.clone() } else { format!("{} #{seen}", l.name) };
        product_rows.push(product::ActiveModel {
            shop_id: Set(shop_id),
            slug: Set(l.slug.clone()),
            name_sort: Set(ocop_core::text::vn_sort_key(&name)),
            name: Set(name),
            description: Set(l.description.clone()),
            category: Set(l.category.clone()),
            subcategory: Set(l.subcategory.clone()),
            province_code: Set(l.province_code.clone()),
            province_input: Set(l.province_input.clone()),
            ingredients: Set(String::new()),
            shelf_life: Set(String::new()),
            storage: Set(String::new()),
            price_includes_vat: Set(true),
            price_includes_shipping: Set(false),
            perishable: Set(false),
            estamp_code: Set(None),
            estamp_url: Set(None),
            certificate_id: Set(l.stars.and_then(|s| certs.get(&(shop_id, s)).copied().flatten())),
            status: Set(ocop_catalog::products::APPROVED.into()),
            live: Set(true),
            pending: Set(None),
            rejection_reason: Set(None),
            sales_count: Set(l.sales),
            created_at: Set(now),
            updated_at: Set(now),
            approved_at: Set(Some(now)),
            ..Default::default()
        });
    }
    insert_chunks(&txn, product_rows).await.context("products")?;
    let product_ids = ids_by_slug(&txn, "products").await?;
    loaded.products = listings.len();

    let mut variants = Vec::with_capacity(listings.len());
    let mut images = Vec::with_capacity(listings.len());
    for l in listings {
        let product_id = product_ids.get(&l.slug).copied().context("a listing just written is missing")?;
        variants.push(variant::ActiveModel {
            product_id: Set(product_id),
            shop_id: Set(shop_id(&l.shop_slug)?),
            sku: Set(ocop_core::Sku::parse(&l.sku).map_err(|e| anyhow::anyhow!("{}: {e}", l.sku))?.into_string()),
            label: Set(String::new()),
            price_vnd: Set(l.price_vnd),
            compare_at_vnd: Set(None),
            stock: Set(if l.in_stock { 100 } else { 0 }),
            weight_grams: Set(500),
            unit: Set("gói".into()),
            position: Set(0),
            ..Default::default()
        });
        images.push(product_image::ActiveModel {
            product_id: Set(product_id),
            position: Set(0),
            large_key: Set(format!("search-set/{}-large.webp", l.slug)),
            thumb_key: Set(format!("search-set/{}-thumb.webp", l.slug)),
            width: Set(1200),
            height: Set(1200),
            alt: Set(l.name.clone()),
            approved: Set(true),
            created_at: Set(now),
            ..Default::default()
        });
    }
    insert_chunks(&txn, variants).await.context("variants")?;
    insert_chunks(&txn, images).await.context("images")?;
    txn.commit().await?;
    Ok(loaded)
}
