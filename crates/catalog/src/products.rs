//! Products and their moderation: draft → submitted → approved (live) | rejected with a
//! reason. A content edit of a live product waits in `pending` while the approved version
//! stays live; price and stock changes go live at once.

use chrono::Utc;
use ocop_accounts::{Role, User};

use ocop_core::{Actor, Error, FieldErrors, Sku};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use serde_json::json;

use crate::audit::{self, Entry};
use crate::conflicts;
use crate::entity::{product, product_image, shop, slug_redirect, variant};
use crate::input::{self, Content, ProductInput};
use crate::new_products;
pub use crate::product_rows::{APPROVED, Certification, DRAFT, Intake, REJECTED, SUBMITTED};
use crate::product_rows::{apply_content, content_json, duplicate_sku, free_slug};
use crate::{outbox, shops, slugs};

/// A product with its variants, as the owner sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listing {
    pub product: product::Model,
    pub variants: Vec<variant::Model>,
}

pub fn content_of(p: &product::Model) -> Content {
    Content {
        name: p.name.clone(),
        description: p.description.clone(),
        category: p.category.clone(),
        subcategory: p.subcategory.clone(),
        province_code: p.province_code.clone(),
        province_input: p.province_input.clone(),
        ingredients: p.ingredients.clone(),
        shelf_life: p.shelf_life.clone(),
        storage: p.storage.clone(),
        price_includes_vat: p.price_includes_vat,
        price_includes_shipping: p.price_includes_shipping,
        perishable: p.perishable,
        estamp_code: p.estamp_code.clone(),
        estamp_url: p.estamp_url.clone(),
    }
}

/// A vendor (or admin) creates a product in a shop they act for.
///
/// # Errors
/// [`Error::Invalid`] naming every bad field, [`Error::Conflict`] on a duplicate SKU,
/// [`Error::NotFound`] for a shop the user does not act for.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    shop_slug: &str,
    input: &ProductInput,
    submit: bool,
) -> Result<Listing, Error> {
    let owner = shops::for_member(db, actor, shop_slug).await?;
    let (content, variants) = input::check(input).map_err(Error::Invalid)?;
    let txn = ocop_core::db::begin_write(db).await?;
    let intake = if submit { Intake::Submit } else { Intake::Draft };
    let created = new_products::insert_one(&txn, &actor.actor(), &owner, &content, &variants, intake).await?;
    txn.commit().await?;
    get(db, created.id).await
}

/// # Errors
/// [`Error::NotFound`].
pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Listing, Error> {
    let product = product::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "sản phẩm" })?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(id))
        .order_by_asc(variant::Column::Position)
        .all(db)
        .await?;
    Ok(Listing { product, variants })
}

/// A shop's product found by one of its SKUs, for a user acting for the shop.
///
/// # Errors
/// [`Error::NotFound`] for another shop's product or an unknown SKU.
pub async fn by_sku<C: ConnectionTrait>(db: &C, actor: &User, shop_slug: &str, sku: &Sku) -> Result<Listing, Error> {
    let owner = shops::for_member(db, actor, shop_slug).await?;
    let found = variant::Entity::find()
        .filter(variant::Column::ShopId.eq(owner.id))
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "sản phẩm" })?;
    get(db, found.product_id).await
}

/// Every product of a shop the user acts for, newest first.
///
/// # Errors
/// [`Error::NotFound`] for a shop the user does not act for.
pub async fn of_shop<C: ConnectionTrait>(db: &C, actor: &User, shop_slug: &str) -> Result<Vec<Listing>, Error> {
    let owner = shops::for_member(db, actor, shop_slug).await?;
    let products = product::Entity::find()
        .filter(product::Column::ShopId.eq(owner.id))
        .order_by_desc(product::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = products.iter().map(|p| p.id).collect();
    let mut variants = variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(ids))
        .order_by_asc(variant::Column::Position)
        .all(db)
        .await?;
    Ok(products
        .into_iter()
        .map(|product| {
            let (mine, rest): (Vec<_>, Vec<_>) = variants.drain(..).partition(|v| v.product_id == product.id);
            variants = rest;
            Listing { product, variants: mine }
        })
        .collect())
}

/// Changes to a live product that go live at once: price and stock of one variant.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct VariantChange {
    pub price_vnd: Option<i64>,
    pub compare_at_vnd: Option<Option<i64>>,
    pub stock: Option<i64>,
}

/// Sets a variant's price and/or stock; every price change is audited.
///
/// # Errors
/// [`Error::Invalid`] on a bad price or stock; [`Error::NotFound`] for another shop's SKU.
pub async fn change_variant<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    shop_slug: &str,
    sku: &Sku,
    change: &VariantChange,
) -> Result<Listing, Error> {
    let listing = by_sku(db, actor, shop_slug, sku).await?;
    let Some(current) = listing.variants.iter().find(|v| v.sku == sku.as_str()).cloned() else {
        return Err(Error::NotFound { what: "sản phẩm" });
    };
    let mut errors = FieldErrors::new();
    if let Some(price) = change.price_vnd {
        input::check_price(&mut errors, "price_vnd", price);
    }
    if let Some(stock) = change.stock {
        input::check_stock(&mut errors, "stock", stock);
    }
    let price = change.price_vnd.unwrap_or(current.price_vnd);
    let compare = change.compare_at_vnd.unwrap_or(current.compare_at_vnd);
    if let Some(c) = compare
        && c <= price
    {
        errors.add("compare_at_vnd", "Giá gốc phải cao hơn giá bán");
    }
    errors.into_result()?;
    let txn = ocop_core::db::begin_write(db).await?;
    let mut active: variant::ActiveModel = current.clone().into();
    active.price_vnd = Set(price);
    active.compare_at_vnd = Set(compare);
    if let Some(stock) = change.stock {
        active.stock = Set(stock);
    }
    let updated = active.update(&txn).await?;
    if updated.price_vnd != current.price_vnd || updated.compare_at_vnd != current.compare_at_vnd {
        audit::record(
            &txn,
            Entry {
                actor_id: Some(actor.id),
                action: "variant.price",
                entity: "product",
                entity_id: listing.product.id,
                before: Some(json!({"sku": current.sku, "price_vnd": current.price_vnd, "compare_at_vnd": current.compare_at_vnd})),
                after: Some(json!({"sku": updated.sku, "price_vnd": updated.price_vnd, "compare_at_vnd": updated.compare_at_vnd})),
                reason: None,
            },
        )
        .await?;
    }
    if listing.product.live {
        outbox::enqueue(&txn, outbox::PRODUCT_CHANGED, json!({"product_id": listing.product.id})).await?;
    }
    txn.commit().await?;
    get(db, listing.product.id).await
}

/// Edits a product's content. A live product keeps its approved version on show while
/// the edit waits for review (unless the shop is auto-approved); a product never approved
/// is simply changed and (re)submitted.
///
/// # Errors
/// As [`create`].
pub async fn edit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    shop_slug: &str,
    sku: &Sku,
    input: &ProductInput,
) -> Result<Listing, Error> {
    let listing = by_sku(db, actor, shop_slug, sku).await?;
    let owner = shops::for_member(db, actor, shop_slug).await?;
    let mut with_variants = input.clone();
    if with_variants.variants.is_empty() {
        // Content-only edits keep the variants as they are.
        with_variants.variants = listing
            .variants
            .iter()
            .map(|v| input::VariantInput {
                sku: v.sku.clone(),
                label: v.label.clone(),
                price_vnd: v.price_vnd,
                compare_at_vnd: v.compare_at_vnd,
                stock: v.stock,
                weight_grams: v.weight_grams,
                unit: v.unit.clone(),
            })
            .collect();
    }
    let (content, _) = input::check(&with_variants).map_err(Error::Invalid)?;
    let before = content_of(&listing.product);
    if before == content && listing.product.pending.is_none() {
        return Ok(listing);
    }
    let txn = ocop_core::db::begin_write(db).await?;
    let now = Utc::now();
    let product = listing.product.clone();
    let mut active: product::ActiveModel = product.clone().into();
    let goes_live_now = owner.auto_approve && owner.status == shops::STATUS_VERIFIED;
    if product.live && !goes_live_now {
        active.pending = Set(Some(content_json(&content)));
        active.status = Set(SUBMITTED.into());
    } else {
        if content.name != product.name {
            rename(&txn, &product, &content.name, &mut active).await?;
        }
        apply_content(&mut active, &content);
        active.pending = Set(None);
        active.status = Set(if goes_live_now { APPROVED } else { SUBMITTED }.into());
        active.live = Set(product.live || goes_live_now);
    }
    active.rejection_reason = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await.map_err(|e| duplicate_sku(&e, &content.name).unwrap_or(Error::Db(e)))?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(actor.id),
            action: "product.edit",
            entity: "product",
            entity_id: product.id,
            before: Some(content_json(&before)),
            after: Some(content_json(&content)),
            reason: None,
        },
    )
    .await?;
    if goes_live_now {
        outbox::enqueue(&txn, outbox::PRODUCT_CHANGED, json!({"product_id": product.id})).await?;
    }
    txn.commit().await?;
    get(db, product.id).await
}

/// A new slug for a new name; the old one keeps working as a redirect.
async fn rename<C: ConnectionTrait>(
    db: &C,
    product: &product::Model,
    new_name: &str,
    active: &mut product::ActiveModel,
) -> Result<(), Error> {
    let slug = free_slug(db, new_name, Some(product.id), &mut slugs::Picker::default()).await?;
    if slug != product.slug {
        slug_redirect::Entity::delete_by_id(slug.clone()).exec(db).await?;
        slug_redirect::ActiveModel { slug: Set(product.slug.clone()), product_id: Set(product.id) }.insert(db).await?;
        active.slug = Set(slug);
    }
    Ok(())
}

/// A live product got new images: they show after the next review, or at once for an
/// auto-approved shop.
///
/// # Errors
/// The database cannot be written.
pub async fn mark_for_review<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<(), Error> {
    let found =
        product::Entity::find_by_id(product_id).one(db).await?.ok_or(Error::NotFound { what: "sản phẩm" })?;
    let owner = shop::Entity::find_by_id(found.shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    if owner.auto_approve && owner.status == shops::STATUS_VERIFIED {
        approve_images(db, product_id).await?;
        return outbox::enqueue(db, outbox::PRODUCT_CHANGED, json!({"product_id": product_id})).await;
    }
    let mut active: product::ActiveModel = found.into();
    active.status = Set(SUBMITTED.into());
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}

async fn approve_images<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<(), Error> {
    product_image::Entity::update_many()
        .col_expr(product_image::Column::Approved, sea_orm::sea_query::Expr::value(true))
        .filter(product_image::Column::ProductId.eq(product_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sends a draft or rejected product to moderation.
///
/// # Errors
/// [`Error::NotFound`] for another shop's product.
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    shop_slug: &str,
    sku: &Sku,
) -> Result<Listing, Error> {
    let listing = by_sku(db, actor, shop_slug, sku).await?;
    if matches!(listing.product.status.as_str(), DRAFT | REJECTED) {
        let mut active: product::ActiveModel = listing.product.clone().into();
        active.status = Set(SUBMITTED.into());
        active.updated_at = Set(Utc::now());
        active.update(db).await?;
    }
    get(db, listing.product.id).await
}

/// Who may moderate a product: admins, and coordinators of the product's shop's province.
async fn may_moderate<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    product: &product::Model,
) -> Result<shop::Model, Error> {
    let owner =
        shop::Entity::find_by_id(product.shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    match actor.role {
        Role::Admin | Role::Coordinator => shops::may_verify(db, actor, &owner.province_code).await.map(|()| owner),
        _ => Err(Error::Forbidden),
    }
}

/// Approves a submitted product (or its pending edit): it goes live.
///
/// # Errors
/// [`Error::Forbidden`]; [`Error::Conflict`] when the shop is not verified or there is
/// nothing waiting.
pub async fn approve<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    product_id: i64,
) -> Result<Listing, Error> {
    let listing = get(db, product_id).await?;
    let owner = may_moderate(db, actor, &listing.product).await?;
    if owner.status != shops::STATUS_VERIFIED {
        return Err(Error::Conflict {
            code: conflicts::SHOP_NOT_VERIFIED,
            field: None,
            message: "Gian hàng chưa được xác minh nên chưa thể bán".into(),
        });
    }
    if listing.product.status != SUBMITTED {
        return Err(Error::Conflict {
            code: conflicts::NOT_SUBMITTED,
            field: None,
            message: "Sản phẩm không chờ duyệt".into(),
        });
    }
    let product = listing.product;
    let before = content_of(&product);
    let txn = ocop_core::db::begin_write(db).await?;
    let now = Utc::now();
    let mut active: product::ActiveModel = product.clone().into();
    let mut after = before.clone();
    if let Some(pending) = &product.pending {
        after = serde_json::from_value(pending.clone()).map_err(Error::internal)?;
        if after.name != product.name {
            rename(&txn, &product, &after.name, &mut active).await?;
        }
        apply_content(&mut active, &after);
    }
    active.pending = Set(None);
    active.status = Set(APPROVED.into());
    active.live = Set(true);
    active.rejection_reason = Set(None);
    active.approved_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(&txn).await.map_err(|e| duplicate_sku(&e, &after.name).unwrap_or(Error::Db(e)))?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(actor.user_id),
            action: "product.approve",
            entity: "product",
            entity_id: product.id,
            before: Some(content_json(&before)),
            after: Some(content_json(&after)),
            reason: None,
        },
    )
    .await?;
    approve_images(&txn, product.id).await?;
    outbox::enqueue(&txn, outbox::PRODUCT_CHANGED, json!({"product_id": product.id})).await?;
    txn.commit().await?;
    get(db, product_id).await
}

/// Rejects a submission with a reason the vendor sees; a live product stays live with its
/// approved content, and the rejected edit is dropped.
///
/// # Errors
/// [`Error::Invalid`] on `reason` when empty; [`Error::Forbidden`].
pub async fn reject<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    product_id: i64,
    reason: &str,
) -> Result<Listing, Error> {
    let reason = ocop_core::text::clean_line(reason);
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Vui lòng ghi lý do từ chối để người bán biết cần sửa gì"));
    }
    let listing = get(db, product_id).await?;
    may_moderate(db, actor, &listing.product).await?;
    let product = listing.product;
    let txn = ocop_core::db::begin_write(db).await?;
    let mut active: product::ActiveModel = product.clone().into();
    active.status = Set(if product.live { APPROVED } else { REJECTED }.into());
    active.pending = Set(None);
    active.rejection_reason = Set(Some(reason.clone()));
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(actor.user_id),
            action: "product.reject",
            entity: "product",
            entity_id: product.id,
            before: product.pending.clone(),
            after: None,
            reason: Some(&reason),
        },
    )
    .await?;
    txn.commit().await?;
    get(db, product_id).await
}

/// Products waiting for review, oldest first.
///
/// # Errors
/// The database cannot be read.
pub async fn queue<C: ConnectionTrait>(db: &C) -> Result<Vec<product::Model>, Error> {
    Ok(product::Entity::find()
        .filter(product::Column::Status.eq(SUBMITTED))
        .order_by_asc(product::Column::UpdatedAt)
        .all(db)
        .await?)
}
