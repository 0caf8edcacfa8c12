//! Notices a shop reads in its workspace, and the reminders that write them: 90 and 30
//! days before a verified OCOP certificate expires.

use chrono::{NaiveDate, Utc};
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::certificates::expires_on;
use crate::entity::certificate;

/// Reminds shops 90 and 30 days before a verified certificate expires, once each, as a
/// notice in their workspace. Returns how many reminders were written.
///
/// # Errors
/// The database cannot be written.
pub async fn send_reminders<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<usize, Error> {
    use crate::entity::shop_notice;
    let mut sent = 0;
    for cert in certificate::Entity::find().filter(certificate::Column::Status.eq("verified")).all(db).await? {
        let expires = expires_on(cert.decision_date);
        let days_left = (expires - today).num_days();
        let due = if (0..=30).contains(&days_left) && cert.reminded_30_on.is_none() {
            Some(30)
        } else if (31..=90).contains(&days_left) && cert.reminded_90_on.is_none() {
            Some(90)
        } else {
            None
        };
        let Some(window) = due else { continue };
        let message = format!(
            "Chứng nhận OCOP {} ({} sao) hết hạn ngày {}, còn {days_left} ngày. Vui lòng làm thủ tục đánh giá lại để giữ huy hiệu sao.",
            cert.decision_number,
            cert.stars,
            expires.format("%d/%m/%Y")
        );
        shop_notice::ActiveModel {
            shop_id: Set(cert.shop_id),
            kind: Set(format!("certificate_expiry_{window}")),
            message: Set(message),
            created_at: Set(Utc::now()),
            read_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let mut active: certificate::ActiveModel = cert.into();
        if window == 30 {
            active.reminded_30_on = Set(Some(today));
        } else {
            active.reminded_90_on = Set(Some(today));
        }
        active.update(db).await?;
        sent += 1;
    }
    Ok(sent)
}

/// A shop's notices, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn notices<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
) -> Result<Vec<crate::entity::shop_notice::Model>, Error> {
    use crate::entity::shop_notice;
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(shop_notice::Entity::find()
        .filter(shop_notice::Column::ShopId.eq(shop_id))
        .order_by_desc(shop_notice::Column::Id)
        .limit(20)
        .all(db)
        .await?)
}
