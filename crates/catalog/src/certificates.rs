//! OCOP certificates: a decision (number, date, issuing authority) awarding 3–5 stars,
//! valid 36 months. After that the star badge goes until re-certification.

use chrono::{Months, NaiveDate, Utc};
use ocop_accounts::User;
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::audit::{self, Entry};
use crate::entity::{certificate, shop};

pub const VALID_MONTHS: u32 = 36;

/// The last day the certificate counts.
pub fn expires_on(decision_date: NaiveDate) -> NaiveDate {
    decision_date.checked_add_months(Months::new(VALID_MONTHS)).unwrap_or(decision_date)
}

/// Stars to show today: only for a verified certificate within its 36 months.
pub fn stars_today(stars: i16, status: &str, decision_date: NaiveDate, today: NaiveDate) -> Option<i16> {
    (status == "verified" && today < expires_on(decision_date)).then_some(stars)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CertificateInput {
    pub stars: i64,
    pub decision_number: String,
    /// `YYYY-MM-DD`.
    pub decision_date: String,
    pub authority: String,
}

/// Finds the shop's certificate with this decision number, or records a new one —
/// verified at once when an admin or coordinator enters it, else pending.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: &User,
    owner: &shop::Model,
    input: &CertificateInput,
    verified: bool,
) -> Result<certificate::Model, Error> {
    let mut errors = FieldErrors::new();
    if !(3..=5).contains(&input.stars) {
        errors.add("ocop_stars", "Số sao OCOP từ 3 đến 5");
    }
    let number = clean_line(&input.decision_number);
    if number.is_empty() || number.chars().count() > 60 {
        errors.add("certificate_number", "Số quyết định, ví dụ 123/QĐ-UBND (tối đa 60 ký tự)");
    }
    let date = NaiveDate::parse_from_str(input.decision_date.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.add("certificate_date", "Ngày quyết định theo dạng năm-tháng-ngày, ví dụ 2024-03-15"),
        Some(d) if d > Utc::now().date_naive() => {
            errors.add("certificate_date", "Ngày quyết định không thể ở tương lai")
        }
        Some(_) => {}
    }
    let authority = clean_line(&input.authority);
    if authority.is_empty() || authority.chars().count() > 200 {
        errors.add("certificate_authority", "Cơ quan ban hành, ví dụ UBND tỉnh Quảng Ninh");
    }
    errors.into_result()?;
    let (Some(date), Ok(stars)) = (date, i16::try_from(input.stars)) else {
        return Err(Error::internal("checked certificate lost a field"));
    };
    if let Some(existing) = certificate::Entity::find()
        .filter(certificate::Column::ShopId.eq(owner.id))
        .filter(certificate::Column::DecisionNumber.eq(&number))
        .one(db)
        .await?
    {
        return Ok(existing);
    }
    let now = Utc::now();
    let created = certificate::ActiveModel {
        shop_id: Set(owner.id),
        stars: Set(stars),
        decision_number: Set(number),
        decision_date: Set(date),
        authority: Set(authority),
        status: Set(if verified { "verified" } else { "pending" }.into()),
        verified_by: Set(verified.then_some(actor.id)),
        verified_at: Set(verified.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(actor.id),
            action: "certificate.record",
            entity: "certificate",
            entity_id: created.id,
            before: None,
            after: Some(json!({"stars": created.stars, "number": created.decision_number, "status": created.status})),
            reason: None,
        },
    )
    .await?;
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn stars_show_for_36_months_then_drop_out() {
        let issued = day("2023-11-26");
        assert_eq!(stars_today(4, "verified", issued, day("2026-11-25")), Some(4));
        assert_eq!(stars_today(4, "verified", issued, day("2026-11-26")), None);
        assert_eq!(stars_today(4, "pending", issued, day("2024-01-01")), None);
    }
}
