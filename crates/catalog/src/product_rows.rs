//! How a product and its variants are written, shared by creating one ([`crate::products`])
//! and many ([`crate::new_products`]): the statuses, how a product enters moderation, its
//! row's fields, its slug, and what a unique violation on its rows means.

use std::collections::HashSet;

use ocop_core::Error;
use ocop_core::error::is_unique_violation;
use ocop_core::text::{slug_base, vn_sort_key};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use crate::conflicts;
use crate::entity::{product, slug_redirect, variant};
use crate::input::{Content, Variant};
use crate::slugs;

pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";

/// A product's certification: the decision it falls under and the stars it was granted
/// there (one decision lists many products, each with its own stars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Certification {
    pub certificate_id: i64,
    pub stars: i16,
}

/// How a new product enters moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Kept as a draft.
    Draft,
    /// Sent to moderation (live at once for an auto-approved shop).
    Submit,
    /// Sent to moderation even in an auto-approved shop: it claims stars under a decision
    /// that was verified without it, which a person has to check.
    Review,
    /// Approved by an admin or coordinator as it is created.
    Approve,
}

/// A slug for `name` not used by another product nor kept as another product's old slug;
/// a product may keep its own slug or take back one of its old ones. `picker` remembers
/// where to start probing across one import.
pub(crate) async fn free_slug<C: ConnectionTrait>(
    db: &C,
    name: &str,
    own_id: Option<i64>,
    picker: &mut slugs::Picker,
) -> Result<String, Error> {
    let base = slug_base(name, "san-pham", 140);
    let (slug, n) = slugs::first_free(&base, picker.start(&base), |batch| taken_slugs(db, batch, own_id)).await?;
    picker.took(base, n);
    Ok(slug)
}

/// Which of `batch` another product than `own_id` uses or keeps as an old slug.
pub(crate) async fn taken_slugs<C: ConnectionTrait>(
    db: &C,
    batch: Vec<String>,
    own_id: Option<i64>,
) -> Result<HashSet<String>, Error> {
    let mut used: HashSet<String> = product::Entity::find()
        .select_only()
        .column(product::Column::Slug)
        .column(product::Column::Id)
        .filter(product::Column::Slug.is_in(batch.clone()))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, id)| Some(*id) != own_id)
        .map(|(slug, _)| slug)
        .collect();
    used.extend(
        slug_redirect::Entity::find()
            .filter(slug_redirect::Column::Slug.is_in(batch))
            .all(db)
            .await?
            .into_iter()
            .filter(|r| Some(r.product_id) != own_id)
            .map(|r| r.slug),
    );
    Ok(used)
}

pub(crate) fn duplicate_sku(e: &sea_orm::DbErr, field: &str) -> Option<Error> {
    let text = e.to_string();
    if is_unique_violation(e) && (text.contains("sku") || text.contains("uq_variants")) {
        Some(Error::Conflict {
            code: conflicts::DUPLICATE_SKU,
            field: None,
            message: format!("Mã SKU đã có trong gian hàng ({field})"),
        })
    } else if is_unique_violation(e) && (text.contains("uq_products_shop_name") || text.contains("products.shop_id")) {
        Some(Error::Conflict {
            code: conflicts::DUPLICATE_NAME,
            field: Some("name"),
            message: "Gian hàng đã có sản phẩm cùng tên".into(),
        })
    } else {
        None
    }
}

pub(crate) fn content_json(c: &Content) -> serde_json::Value {
    serde_json::to_value(c).unwrap_or_default()
}

pub(crate) fn apply_content(active: &mut product::ActiveModel, c: &Content) {
    active.name = Set(c.name.clone());
    active.name_sort = Set(vn_sort_key(&c.name));
    active.description = Set(c.description.clone());
    active.category = Set(c.category.clone());
    active.subcategory = Set(c.subcategory.clone());
    active.province_code = Set(c.province_code.clone());
    active.province_input = Set(c.province_input.clone());
    active.ingredients = Set(c.ingredients.clone());
    active.shelf_life = Set(c.shelf_life.clone());
    active.storage = Set(c.storage.clone());
    active.price_includes_vat = Set(c.price_includes_vat);
    active.price_includes_shipping = Set(c.price_includes_shipping);
    active.perishable = Set(c.perishable);
    active.estamp_code = Set(c.estamp_code.clone());
    active.estamp_url = Set(c.estamp_url.clone());
}

/// A new variant row of `p` at `position`.
pub(crate) fn variant_row(p: &product::Model, v: &Variant, position: i32) -> variant::ActiveModel {
    variant::ActiveModel {
        product_id: Set(p.id),
        shop_id: Set(p.shop_id),
        sku: Set(v.sku.clone()),
        label: Set(v.label.clone()),
        price_vnd: Set(v.price_vnd),
        compare_at_vnd: Set(v.compare_at_vnd),
        stock: Set(v.stock),
        weight_grams: Set(v.weight_grams),
        unit: Set(v.unit.clone()),
        position: Set(position),
        ..Default::default()
    }
}

/// Inserts variants in one statement, numbered from `first_position`.
///
/// # Errors
/// [`Error::Conflict`] on a SKU the shop already uses.
pub(crate) async fn insert_variants<C: ConnectionTrait>(
    db: &C,
    p: &product::Model,
    variants: &[Variant],
    first_position: i32,
) -> Result<(), Error> {
    if variants.is_empty() {
        return Ok(());
    }
    let rows = variants.iter().zip(first_position..).map(|(v, position)| variant_row(p, v, position));
    variant::Entity::insert_many(rows).exec_without_returning(db).await.map_err(|e| {
        let skus: Vec<&str> = variants.iter().map(|v| v.sku.as_str()).collect();
        duplicate_sku(&e, &skus.join(", ")).unwrap_or(Error::Db(e))
    })?;
    Ok(())
}
