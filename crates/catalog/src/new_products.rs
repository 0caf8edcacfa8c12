//! Creating products, one or a few hundred at a time. An import writes its new products in
//! batches: a handful of statements per batch instead of six per product. On PostgreSQL each
//! statement is a round trip, so this is what lets a provincial catalogue of 100,000 rows go
//! in within seconds rather than minutes.

use std::collections::HashMap;

use chrono::Utc;
use ocop_core::text::slug_base;
use ocop_core::{Actor, Error};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::audit::{self, Entry};
use crate::entity::{product, shop, variant};
use crate::input::{Content, Variant};
use crate::product_rows::{
    APPROVED, Certification, DRAFT, Intake, SUBMITTED, apply_content, content_json, duplicate_sku, taken_slugs,
    variant_row,
};
use crate::{outbox, shops, slugs};

/// Rows per INSERT: well under SQLite's 32,766 bound parameters with ~25 columns a product.
const PRODUCTS_PER_STATEMENT: usize = 200;
const VARIANTS_PER_STATEMENT: usize = 1_000;

/// A product to create, with its variants in order.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub owner: shop::Model,
    pub content: Content,
    pub variants: Vec<Variant>,
    pub intake: Intake,
    pub certificate: Option<Certification>,
}

/// Inserts `items` with their variants, one audit entry each and a reindex notice for those
/// that go live (inside the caller's transaction). Returns the products in `items`' order.
///
/// # Errors
/// [`Error::Conflict`] on a SKU or name a shop already uses.
pub async fn insert_many<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    items: &[NewProduct],
    picker: &mut slugs::Picker,
) -> Result<Vec<product::Model>, Error> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let names: Vec<&str> = items.iter().map(|i| i.content.name.as_str()).collect();
    let slugs = free_slugs(db, &names, picker).await?;
    let statuses: Vec<(&'static str, bool)> = items.iter().map(|i| status_of(i.intake, &i.owner)).collect();

    let rows: Vec<product::ActiveModel> = items
        .iter()
        .zip(&slugs)
        .zip(&statuses)
        .map(|((item, slug), &(status, live))| {
            let mut active = product::ActiveModel {
                shop_id: Set(item.owner.id),
                slug: Set(slug.clone()),
                certificate_id: Set(item.certificate.map(|c| c.certificate_id)),
                certificate_stars: Set(item.certificate.map(|c| c.stars)),
                status: Set(status.into()),
                live: Set(live),
                pending: Set(None),
                rejection_reason: Set(None),
                sales_count: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                approved_at: Set(live.then_some(now)),
                ..Default::default()
            };
            apply_content(&mut active, &item.content);
            active
        })
        .collect();
    for (chunk, names) in rows.chunks(PRODUCTS_PER_STATEMENT).zip(names.chunks(PRODUCTS_PER_STATEMENT)) {
        product::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await
            .map_err(|e| duplicate_sku(&e, &names.join(", ")).unwrap_or(Error::Db(e)))?;
    }

    // Read back by slug (unique): SQLite here is built without INSERT … RETURNING.
    let mut by_slug: HashMap<String, product::Model> = HashMap::with_capacity(items.len());
    for chunk in slugs.chunks(PRODUCTS_PER_STATEMENT) {
        for p in product::Entity::find().filter(product::Column::Slug.is_in(chunk.to_vec())).all(db).await? {
            by_slug.insert(p.slug.clone(), p);
        }
    }
    let created: Vec<product::Model> = slugs
        .iter()
        .map(|slug| {
            by_slug.remove(slug).ok_or_else(|| Error::internal(format!("product {slug} not found after insert")))
        })
        .collect::<Result<_, _>>()?;

    let variant_rows: Vec<(variant::ActiveModel, &str)> = created
        .iter()
        .zip(items)
        .flat_map(|(p, item)| {
            item.variants.iter().zip(0..).map(|(v, position)| (variant_row(p, v, position), v.sku.as_str()))
        })
        .collect();
    for chunk in variant_rows.chunks(VARIANTS_PER_STATEMENT) {
        variant::Entity::insert_many(chunk.iter().map(|(row, _)| row.clone()))
            .exec_without_returning(db)
            .await
            .map_err(|e| {
                let skus: Vec<&str> = chunk.iter().map(|(_, sku)| *sku).collect();
                duplicate_sku(&e, &skus.join(", ")).unwrap_or(Error::Db(e))
            })?;
    }

    let entries: Vec<Entry<'_>> = created
        .iter()
        .zip(items)
        .zip(&statuses)
        .map(|((p, item), &(status, _))| Entry {
            actor_id: Some(actor.user_id),
            action: "product.create",
            entity: "product",
            entity_id: p.id,
            before: None,
            after: Some(json!({"content": content_json(&item.content), "status": status,
                "prices": item.variants.iter().map(|v| json!({"sku": v.sku, "price_vnd": v.price_vnd})).collect::<Vec<_>>()})),
            reason: None,
        })
        .collect();
    audit::record_many(db, entries).await?;
    let changed: Vec<serde_json::Value> = created
        .iter()
        .zip(&statuses)
        .filter(|(_, (_, live))| *live)
        .map(|(p, _)| json!({"product_id": p.id}))
        .collect();
    outbox::enqueue_many(db, outbox::PRODUCT_CHANGED, changed).await?;
    Ok(created)
}

/// Where a new product starts: live at once when approved (or submitted by an auto-approved
/// shop) in a verified shop; otherwise in moderation, or a draft.
fn status_of(intake: Intake, owner: &shop::Model) -> (&'static str, bool) {
    let live = match intake {
        Intake::Approve => true,
        Intake::Submit => owner.auto_approve,
        Intake::Review | Intake::Draft => false,
    } && owner.status == shops::STATUS_VERIFIED;
    let status = match intake {
        _ if live => APPROVED,
        Intake::Draft => DRAFT,
        Intake::Submit | Intake::Review | Intake::Approve => SUBMITTED,
    };
    (status, live)
}

/// A free slug for each name, distinct from one another and from every product's current
/// and old slugs.
async fn free_slugs<C: ConnectionTrait>(
    db: &C,
    names: &[&str],
    picker: &mut slugs::Picker,
) -> Result<Vec<String>, Error> {
    let bases: Vec<String> = names.iter().map(|n| slug_base(n, "san-pham", 140)).collect();
    slugs::free_many(bases, picker, |batch| taken_slugs(db, batch, None)).await
}

/// Inserts one product and its variants, uncertified (a vendor's new product; inside the
/// caller's transaction).
///
/// # Errors
/// [`Error::Conflict`] on a SKU or name the shop already uses.
pub async fn insert_one<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    owner: &shop::Model,
    content: &Content,
    variants: &[Variant],
    intake: Intake,
) -> Result<product::Model, Error> {
    let item = NewProduct {
        owner: owner.clone(),
        content: content.clone(),
        variants: variants.to_vec(),
        intake,
        certificate: None,
    };
    let mut created = insert_many(db, actor, std::slice::from_ref(&item), &mut slugs::Picker::default()).await?;
    created.pop().ok_or_else(|| Error::internal("no product after insert"))
}
