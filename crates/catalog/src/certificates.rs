//! OCOP certificates: a decision (number, date, issuing authority) awarding 3–5 stars,
//! valid 36 months. After that the star badge goes until re-certification.

use chrono::{Months, NaiveDate, Utc};
use ocop_core::text::clean_line;
use ocop_core::{Actor, Error, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

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

/// [`stars_today`] for the columns of a LEFT JOIN on certificates (all NULL without one).
pub fn stars_from_join(
    stars: Option<i16>,
    status: Option<&str>,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i16> {
    match (stars, status, date) {
        (Some(stars), Some(status), Some(date)) => stars_today(stars, status, date, today),
        _ => None,
    }
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

/// A certificate's fields after checking.
pub struct Checked {
    pub stars: i16,
    pub number: String,
    pub date: NaiveDate,
    pub authority: String,
}

/// Checks a certificate's fields; the field names are the import columns.
///
/// # Errors
/// Every bad field.
pub fn check(input: &CertificateInput) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let stars = i16::try_from(input.stars).ok().filter(|s| (3..=5).contains(s));
    if stars.is_none() {
        errors.add("ocop_stars", "Số sao OCOP từ 3 đến 5");
    }
    let number = clean_line(&input.decision_number);
    if number.is_empty() || number.chars().count() > 60 {
        errors.add("certificate_number", "Số quyết định, ví dụ 123/QĐ-UBND (tối đa 60 ký tự)");
    }
    let date = NaiveDate::parse_from_str(input.decision_date.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.add("certificate_date", "Ngày quyết định theo dạng năm-tháng-ngày, ví dụ 2024-03-15"),
        Some(d) if d > ocop_core::time::vn_today() => {
            errors.add("certificate_date", "Ngày quyết định không thể ở tương lai")
        }
        Some(_) => {}
    }
    let authority = clean_line(&input.authority);
    if authority.is_empty() || authority.chars().count() > 200 {
        errors.add("certificate_authority", "Cơ quan ban hành, ví dụ UBND tỉnh Quảng Ninh");
    }
    match (stars, date) {
        (Some(stars), Some(date)) if errors.is_empty() => Ok(Checked { stars, number, date, authority }),
        _ => Err(errors),
    }
}

/// Finds the shop's certificate with this decision number, or records a new one —
/// verified at once when an admin or coordinator enters it, else pending.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    owner: &shop::Model,
    input: &CertificateInput,
    verified: bool,
) -> Result<certificate::Model, Error> {
    let Checked { number, .. } = check(input).map_err(Error::Invalid)?;
    if let Some(existing) = certificate::Entity::find()
        .filter(certificate::Column::ShopId.eq(owner.id))
        .filter(certificate::Column::DecisionNumber.eq(&number))
        .one(db)
        .await?
    {
        return Ok(existing);
    }
    let mut created = record_new(db, actor, &[(owner.id, input)], verified).await?;
    created.pop().ok_or_else(|| Error::internal("certificate not found after insert"))
}

/// Rows per INSERT (nine columns a certificate).
const CERTIFICATES_PER_STATEMENT: usize = 500;

/// Records certificates the caller knows are new (shops an import created), all at once:
/// a few multi-row inserts, one read back per batch and one batch of audit entries. Returned
/// in the order given.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field of the first bad certificate; [`Error::Conflict`]
/// from the database when one exists after all.
pub async fn record_new<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    new: &[(i64, &CertificateInput)],
    verified: bool,
) -> Result<Vec<certificate::Model>, Error> {
    let checked = new.iter().map(|(shop_id, input)| check(input).map(|c| (*shop_id, c))).collect::<Result<Vec<_>, _>>();
    let checked = checked.map_err(Error::Invalid)?;
    let now = Utc::now();
    let status = if verified { "verified" } else { "pending" };
    let rows: Vec<certificate::ActiveModel> = checked
        .iter()
        .map(|(shop_id, c)| certificate::ActiveModel {
            shop_id: Set(*shop_id),
            stars: Set(c.stars),
            decision_number: Set(c.number.clone()),
            decision_date: Set(c.date),
            authority: Set(c.authority.clone()),
            status: Set(status.into()),
            verified_by: Set(verified.then_some(actor.user_id)),
            verified_at: Set(verified.then_some(now)),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    let mut found: HashMap<(i64, String), certificate::Model> = HashMap::with_capacity(rows.len());
    for (rows, keys) in rows.chunks(CERTIFICATES_PER_STATEMENT).zip(checked.chunks(CERTIFICATES_PER_STATEMENT)) {
        certificate::Entity::insert_many(rows.to_vec()).exec_without_returning(db).await?;
        // Read back by shop and number (SQLite here has no INSERT … RETURNING).
        let shop_ids: Vec<i64> = keys.iter().map(|(id, _)| *id).collect();
        let numbers: Vec<String> = keys.iter().map(|(_, c)| c.number.clone()).collect();
        for cert in certificate::Entity::find()
            .filter(certificate::Column::ShopId.is_in(shop_ids))
            .filter(certificate::Column::DecisionNumber.is_in(numbers))
            .all(db)
            .await?
        {
            found.insert((cert.shop_id, cert.decision_number.clone()), cert);
        }
    }
    let created: Vec<certificate::Model> = checked
        .iter()
        .map(|(shop_id, c)| {
            found
                .get(&(*shop_id, c.number.clone()))
                .cloned()
                .ok_or_else(|| Error::internal(format!("certificate {} not found after insert", c.number)))
        })
        .collect::<Result<_, _>>()?;
    let entries = created
        .iter()
        .map(|c| Entry {
            actor_id: Some(actor.user_id),
            action: "certificate.record",
            entity: "certificate",
            entity_id: c.id,
            before: None,
            after: Some(json!({"stars": c.stars, "number": c.decision_number, "status": c.status})),
            reason: None,
        })
        .collect();
    audit::record_many(db, entries).await?;
    Ok(created)
}

/// A scan of the decision: a JPEG, PNG or WebP picture (re-encoded) or a PDF (kept as is).
///
/// # Errors
/// [`Error::Invalid`] on `scan` for anything else or over 10 MB.
pub async fn store_scan(store: &dyn crate::media::MediaStore, bytes: Vec<u8>) -> Result<String, Error> {
    use sha2::Digest;
    if bytes.len() > crate::images::MAX_BYTES {
        return Err(Error::invalid("scan", "Bản chụp tối đa 10 MB"));
    }
    let (bytes, ext) = if bytes.starts_with(b"%PDF-") {
        (bytes, "pdf")
    } else {
        let processed = tokio::task::spawn_blocking(move || crate::images::process(&bytes))
            .await
            .map_err(Error::internal)?
            .map_err(|_| Error::invalid("scan", "Bản chụp phải là ảnh JPEG, PNG, WebP hoặc tệp PDF"))?;
        (processed.large, "jpg")
    };
    let hash = hex::encode(sha2::Sha256::digest(&bytes));
    let key = format!("certificates/{}/{}.{ext}", &hash[..2], &hash[..32]);
    store.put(&key, bytes).await?;
    Ok(key)
}

/// Attaches a scan to a certificate of a shop the user acts for.
///
/// # Errors
/// [`Error::NotFound`] for another shop's certificate.
pub async fn set_scan<C: ConnectionTrait>(
    db: &C,
    owner: &shop::Model,
    certificate_id: i64,
    key: String,
) -> Result<(), Error> {
    let found = certificate::Entity::find_by_id(certificate_id)
        .one(db)
        .await?
        .filter(|c| c.shop_id == owner.id)
        .ok_or(Error::NotFound { what: "chứng nhận" })?;
    let mut active: certificate::ActiveModel = found.into();
    active.scan_key = Set(Some(key));
    active.update(db).await?;
    Ok(())
}

/// Shows a certificate's stars on products of the same shop (by SKU).
///
/// # Errors
/// [`Error::NotFound`] for another shop's certificate or SKU.
pub async fn attach<C: ConnectionTrait>(
    db: &C,
    owner: &shop::Model,
    certificate_id: i64,
    product_id: i64,
) -> Result<(), Error> {
    use crate::entity::product;
    let cert = certificate::Entity::find_by_id(certificate_id).one(db).await?;
    let item = product::Entity::find_by_id(product_id).one(db).await?;
    match (cert, item) {
        (Some(c), Some(p)) if c.shop_id == owner.id && p.shop_id == owner.id => {
            let mut active: product::ActiveModel = p.into();
            active.certificate_id = Set(Some(c.id));
            // Attached by hand, the product takes the stars the decision was recorded with.
            active.certificate_stars = Set(Some(c.stars));
            active.update(db).await?;
            Ok(())
        }
        _ => Err(Error::NotFound { what: "chứng nhận" }),
    }
}

/// An admin or the province's coordinator verifies a certificate, or rejects it with a
/// reason the shop sees.
///
/// # Errors
/// [`Error::Forbidden`]; [`Error::Invalid`] on `reason` when rejecting without one.
pub async fn decide<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    certificate_id: i64,
    approve: bool,
    reason: &str,
) -> Result<certificate::Model, Error> {
    let found = certificate::Entity::find_by_id(certificate_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "chứng nhận" })?;
    let owner = shop::Entity::find_by_id(found.shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    crate::shops::may_verify(db, actor, &owner.province_code).await?;
    let reason = clean_line(reason);
    if !approve && reason.is_empty() {
        return Err(Error::invalid("reason", "Vui lòng ghi lý do từ chối"));
    }
    let before = json!({"status": found.status});
    let mut active: certificate::ActiveModel = found.into();
    active.status = Set(if approve { "verified" } else { "rejected" }.into());
    active.verified_by = Set(approve.then_some(actor.user_id));
    active.verified_at = Set(approve.then(Utc::now));
    active.rejection_reason = Set((!approve).then(|| reason.clone()));
    let updated = active.update(db).await?;
    audit::record(
        db,
        Entry {
            actor_id: Some(actor.user_id),
            action: if approve { "certificate.verify" } else { "certificate.reject" },
            entity: "certificate",
            entity_id: certificate_id,
            before: Some(before),
            after: Some(json!({"status": updated.status})),
            reason: (!approve).then_some(reason.as_str()),
        },
    )
    .await?;
    Ok(updated)
}

/// # Errors
/// The database cannot be read.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Vec<certificate::Model>, Error> {
    use sea_orm::QueryOrder;
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ShopId.eq(shop_id))
        .order_by_desc(certificate::Column::DecisionDate)
        .all(db)
        .await?)
}

/// A product a decision lists, with the stars it was granted there.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub product_id: i64,
    pub name: String,
    pub stars: i16,
}

/// The products a certificate covers, each with its own stars (what verifying it shows).
///
/// # Errors
/// The database cannot be read.
pub async fn products_under<C: ConnectionTrait>(db: &C, cert: &certificate::Model) -> Result<Vec<Listed>, Error> {
    use crate::entity::product;
    use sea_orm::QueryOrder;
    Ok(product::Entity::find()
        .filter(product::Column::CertificateId.eq(cert.id))
        .order_by_asc(product::Column::NameSort)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Listed { product_id: p.id, name: p.name, stars: p.certificate_stars.unwrap_or(cert.stars) })
        .collect())
}

/// Certificates waiting for verification, oldest first.
///
/// # Errors
/// The database cannot be read.
pub async fn pending<C: ConnectionTrait>(db: &C) -> Result<Vec<certificate::Model>, Error> {
    use sea_orm::QueryOrder;
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Status.eq("pending"))
        .order_by_asc(certificate::Column::CreatedAt)
        .all(db)
        .await?)
}

/// A verified certificate is due for renewal this many days before it ends.
pub const RENEW_WITHIN_DAYS: i64 = 90;

/// Verified, and ending within [`RENEW_WITHIN_DAYS`] of `today` (or already ended): the
/// shop's first screen counts these and lists them on request.
pub fn needs_renewal(c: &crate::entity::certificate::Model, today: NaiveDate) -> bool {
    c.status == "verified" && expires_on(c.decision_date) <= today + chrono::Duration::days(RENEW_WITHIN_DAYS)
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
