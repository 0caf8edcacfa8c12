//! Shops an admin's import creates by name (`--create-shops`), all at once before its
//! products are written: one guess of every slug, a few multi-row inserts, one read back
//! and one batch of audit entries, instead of three statements a shop.

use chrono::Utc;
use ocop_core::text::slug_base;
use ocop_core::{Actor, Error};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::HashMap;

use crate::audit::{self, Entry};
use crate::entity::shop;
use crate::shops::{self, STATUS_VERIFIED};
use crate::slugs;

/// Rows per INSERT (about 20 columns a shop).
const SHOPS_PER_STATEMENT: usize = 500;

/// Creates a verified shop for each (name, province code), in that order, as
/// [`shops::create_named`] does one. The import checked that `actor` is an admin.
///
/// # Errors
/// [`Error::Invalid`] on an empty or over-long name; [`Error::Conflict`] when a name is taken meanwhile.
pub async fn create_named_many<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    named: &[(String, &'static str)],
) -> Result<Vec<shop::Model>, Error> {
    let checked = named.iter().map(|(name, province)| shops::named(name, province)).collect::<Result<Vec<_>, _>>()?;
    let bases: Vec<String> = checked.iter().map(|c| slug_base(&c.name, "cua-hang", 100)).collect();
    let slugs = slugs::free_many(bases, &mut slugs::Picker::default(), |batch| shops::taken_slugs(db, batch)).await?;
    let now = Utc::now();
    let rows: Vec<shop::ActiveModel> = checked
        .into_iter()
        .zip(&slugs)
        .map(|(c, slug)| shops::row(c, slug.clone(), STATUS_VERIFIED, Some(actor.user_id), now))
        .collect();
    for chunk in rows.chunks(SHOPS_PER_STATEMENT) {
        shop::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await.map_err(shops::name_taken)?;
    }
    let mut by_slug: HashMap<String, shop::Model> = HashMap::with_capacity(slugs.len());
    for chunk in slugs.chunks(SHOPS_PER_STATEMENT) {
        for s in shop::Entity::find().filter(shop::Column::Slug.is_in(chunk.to_vec())).all(db).await? {
            by_slug.insert(s.slug.clone(), s);
        }
    }
    let created: Vec<shop::Model> = slugs
        .iter()
        .map(|slug| by_slug.remove(slug).ok_or_else(|| Error::internal(format!("shop {slug} not found after insert"))))
        .collect::<Result<_, _>>()?;
    let entries = created
        .iter()
        .map(|s| Entry {
            actor_id: Some(actor.user_id),
            action: "shop.create_from_import",
            entity: "shop",
            entity_id: s.id,
            before: None,
            after: Some(json!({"name": s.name, "province": s.province_code})),
            reason: None,
        })
        .collect();
    audit::record_many(db, entries).await?;
    Ok(created)
}
