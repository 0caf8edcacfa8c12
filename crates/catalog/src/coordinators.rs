//! Province OCOP coordinators act for the shops of their own provinces.

use ocop_accounts::{Role, User};
use ocop_core::{Error, provinces};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::coordinator_province;

/// # Errors
/// The database cannot be read.
pub async fn provinces_of<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<String>, Error> {
    Ok(coordinator_province::Entity::find()
        .filter(coordinator_province::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.province_code)
        .collect())
}

/// Makes `user` (a coordinator) responsible for a province, typed any way.
///
/// # Errors
/// [`Error::Invalid`] on `province` or `role`.
pub async fn assign<C: ConnectionTrait>(db: &C, user: &User, province: &str) -> Result<&'static str, Error> {
    if user.role != Role::Coordinator {
        return Err(Error::invalid("role", "Chỉ cán bộ điều phối (coordinator) mới được giao tỉnh"));
    }
    let found = provinces::find(province).ok_or_else(|| Error::invalid("province", "Không nhận ra tỉnh/thành phố"))?;
    if !provinces_of(db, user.id).await?.iter().any(|p| p == found.code) {
        coordinator_province::ActiveModel { user_id: Set(user.id), province_code: Set(found.code.to_owned()) }
            .insert(db)
            .await?;
    }
    Ok(found.code)
}
