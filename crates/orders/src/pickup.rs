//! Pickup points: kiosks at tourist spots, airports and OCOP showrooms where a shopper
//! collects an order instead of having it delivered. Admins manage the list.

use chrono::Utc;
use ocop_catalog::audit;
use ocop_core::text::{clean_line, slugify};
use ocop_core::{Actor, Error, FieldErrors, provinces};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait, TryIntoModel,
};
use serde::Deserialize;

use crate::entity::pickup_point;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PickupInput {
    pub name: String,
    pub province: String,
    pub address: String,
    pub opening_hours: String,
}

/// Points a shopper can choose, by province then name.
///
/// # Errors
/// The database cannot be read.
pub async fn active<C: ConnectionTrait>(db: &C) -> Result<Vec<pickup_point::Model>, Error> {
    Ok(pickup_point::Entity::find()
        .filter(pickup_point::Column::Active.eq(true))
        .order_by_asc(pickup_point::Column::ProvinceCode)
        .order_by_asc(pickup_point::Column::Name)
        .all(db)
        .await?)
}

/// Every point, closed ones too (the admin list).
///
/// # Errors
/// The database cannot be read.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<pickup_point::Model>, Error> {
    Ok(pickup_point::Entity::find().order_by_asc(pickup_point::Column::Name).all(db).await?)
}

/// An open pickup point by its slug.
///
/// # Errors
/// [`Error::Invalid`] on `pickup_point` when there is no such open point.
pub async fn open_by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<pickup_point::Model, Error> {
    pickup_point::Entity::find()
        .filter(pickup_point::Column::Slug.eq(slug.trim()))
        .filter(pickup_point::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| Error::invalid("pickup_point", "Không có điểm nhận hàng này"))
}

/// An admin adds or updates a point: [`upsert`], recorded in the audit log with who did it.
///
/// # Errors
/// As [`upsert`].
pub async fn save<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    input: &PickupInput,
) -> Result<pickup_point::Model, Error> {
    let tx = ocop_core::db::begin_write(db).await?;
    let point = upsert(&tx, input).await?;
    let after = serde_json::json!({"name": point.name, "province_code": point.province_code, "address": point.address});
    audit::record(&tx, entry(actor, "pickup_point.save", point.id, after)).await?;
    tx.commit().await?;
    Ok(point)
}

fn entry<'a>(actor: &Actor, action: &'a str, id: i64, after: serde_json::Value) -> audit::Entry<'a> {
    audit::Entry {
        actor_id: Some(actor.user_id),
        action,
        entity: "pickup_point",
        entity_id: id,
        before: None,
        after: Some(after),
        reason: None,
    }
}

/// Adds a point, or updates the one with the same slug (so seeding twice is harmless). The
/// demo seed calls it directly; an admin goes through [`save`].
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub async fn upsert<C: ConnectionTrait>(db: &C, input: &PickupInput) -> Result<pickup_point::Model, Error> {
    let mut errors = FieldErrors::new();
    let name = clean_line(&input.name);
    if name.is_empty() || name.chars().count() > 160 {
        errors.add("name", "Cần tên điểm nhận hàng (tối đa 160 ký tự)");
    }
    let province = provinces::find(&input.province);
    if province.is_none() {
        errors.add("province", "Không nhận ra tỉnh/thành");
    }
    let address = clean_line(&input.address);
    if address.is_empty() || address.chars().count() > 300 {
        errors.add("address", "Cần địa chỉ (tối đa 300 ký tự)");
    }
    let hours = clean_line(&input.opening_hours);
    if hours.is_empty() || hours.chars().count() > 200 {
        errors.add("opening_hours", "Cần giờ mở cửa, ví dụ 8:00–21:00 hằng ngày");
    }
    errors.into_result()?;
    let province = province.ok_or(Error::invalid("province", "Không nhận ra tỉnh/thành"))?;
    let slug = slugify(&name);
    let existing = pickup_point::Entity::find().filter(pickup_point::Column::Slug.eq(&slug)).one(db).await?;
    let mut active = match existing {
        Some(row) => row.into(),
        None => pickup_point::ActiveModel {
            slug: Set(slug),
            created_at: Set(Utc::now()),
            active: Set(true),
            ..Default::default()
        },
    };
    active.name = Set(name);
    active.province_code = Set(province.code.to_owned());
    active.address = Set(address);
    active.opening_hours = Set(hours);
    Ok(active.save(db).await?.try_into_model()?)
}

/// An admin opens or closes a point; orders already placed there keep it. Recorded in
/// the audit log.
///
/// # Errors
/// [`Error::NotFound`] for an unknown point.
pub async fn set_active<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    on: bool,
) -> Result<(), Error> {
    let row =
        pickup_point::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "điểm nhận hàng" })?;
    let tx = ocop_core::db::begin_write(db).await?;
    let mut active: pickup_point::ActiveModel = row.into();
    active.active = Set(on);
    active.update(&tx).await?;
    audit::record(&tx, entry(actor, "pickup_point.set_active", id, serde_json::json!({"active": on}))).await?;
    tx.commit().await?;
    Ok(())
}

/// Open points, those in `province_code` first (then by province and name): where a
/// product page says it can be collected. Any open point takes any order.
///
/// # Errors
/// The database cannot be read.
pub async fn active_near<C: ConnectionTrait>(db: &C, province_code: &str) -> Result<Vec<pickup_point::Model>, Error> {
    let mut points = active(db).await?;
    // A stable sort keeps the province-then-name order within each half.
    points.sort_by_key(|p| p.province_code != province_code);
    Ok(points)
}
