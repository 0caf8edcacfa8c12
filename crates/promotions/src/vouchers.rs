//! Issuing vouchers: what a shop, the marketplace or a province may offer, checked field by
//! field; listing them; pausing one.

use chrono::{DateTime, NaiveDateTime, Utc};
use ocop_catalog::group;
use ocop_core::{Error, FieldErrors, Vnd, provinces};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::conflicts;
use crate::entity::voucher;
use crate::pricing::{Benefit, Issuer, Offer};

pub const ACTIVE: &str = "active";
pub const PAUSED: &str = "paused";

/// A voucher as its issuer fills it in (every field a string or a number that may be
/// missing, so a form and the API read alike and each mistake names its field).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Input {
    pub code: String,
    pub title: String,
    /// `percent`, `fixed` or `free_shipping`.
    pub kind: String,
    /// Whole percent for `percent` (1–90).
    pub percent: Option<i64>,
    /// The amount off for `fixed`; the cap for `percent` and `free_shipping` (empty = none).
    pub amount_vnd: Option<i64>,
    pub min_order_vnd: Option<i64>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` read as Vietnam time (what a date-time field sends).
    pub starts_at: String,
    pub ends_at: String,
    pub total_limit: Option<i64>,
    pub per_user_limit: Option<i64>,
    pub claim_required: bool,
    pub new_shopper_only: bool,
    /// An OCOP group code or name; empty = every group.
    pub category: String,
    /// For a province's voucher: the province (code or name).
    pub province: String,
}

fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .and_then(|local| local.and_local_timezone(ocop_core::time::vn_offset()).single())
        .map(|at| at.with_timezone(&Utc))
}

/// A code as shoppers type it: trimmed, upper case.
pub fn normalise_code(raw: &str) -> String {
    raw.trim().to_uppercase()
}

/// A well-formed code (normalised): 4–20 letters without diacritics or digits.
pub fn is_code(code: &str) -> bool {
    (4..=20).contains(&code.chars().count()) && code.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check(issuer: &Issuer, input: &Input, now: DateTime<Utc>) -> Result<voucher::ActiveModel, Error> {
    let mut errors = FieldErrors::new();
    let code = normalise_code(&input.code);
    if !is_code(&code) {
        errors.add("code", "Mã gồm 4–20 chữ cái không dấu hoặc chữ số, ví dụ TETOCOP25");
    }
    let title = ocop_core::text::clean_line(&input.title);
    if !(3..=120).contains(&title.chars().count()) {
        errors.add("title", "Cần tên chương trình từ 3 đến 120 ký tự");
    }
    let cap = input.amount_vnd.filter(|a| *a > 0);
    let (kind, bps, amount) = match input.kind.trim() {
        "percent" => match input.percent {
            Some(p) if (1..=90).contains(&p) => ("percent", p * 100, cap.unwrap_or(0)),
            _ => {
                errors.add("percent", "Phần trăm giảm từ 1 đến 90");
                ("percent", 0, 0)
            }
        },
        "fixed" => match input.amount_vnd {
            Some(a) if (1_000..=100_000_000).contains(&a) => ("fixed", 0, a),
            _ => {
                errors.add("amount_vnd", "Số tiền giảm từ 1.000 ₫ đến 100.000.000 ₫");
                ("fixed", 0, 0)
            }
        },
        "free_shipping" => ("free_shipping", 0, cap.unwrap_or(0)),
        _ => {
            errors.add("kind", "Chọn loại mã: giảm theo phần trăm, giảm số tiền, hoặc miễn phí vận chuyển");
            ("", 0, 0)
        }
    };
    if amount > 100_000_000 {
        errors.add("amount_vnd", "Mức giảm tối đa không quá 100.000.000 ₫");
    }
    let min_order = input.min_order_vnd.unwrap_or(0);
    if !(0..=1_000_000_000).contains(&min_order) {
        errors.add("min_order_vnd", "Đơn tối thiểu từ 0 ₫ đến 1.000.000.000 ₫");
    } else if kind == "fixed" && amount > 0 && min_order > 0 && amount > min_order {
        errors.add("amount_vnd", format!("Số tiền giảm không lớn hơn đơn tối thiểu ({})", Vnd(min_order)));
    }
    let starts = if input.starts_at.trim().is_empty() { Some(now) } else { parse_time(&input.starts_at) };
    if starts.is_none() {
        errors.add("starts_at", "Ngày giờ bắt đầu không đọc được (ví dụ 2026-12-20T08:00)");
    }
    let ends = parse_time(&input.ends_at);
    match (starts, ends) {
        (_, None) => errors.add("ends_at", "Cần ngày giờ kết thúc (ví dụ 2027-01-31T23:59)"),
        (Some(s), Some(e)) if e <= s => errors.add("ends_at", "Kết thúc phải sau lúc bắt đầu"),
        (_, Some(e)) if e <= now => errors.add("ends_at", "Kết thúc phải ở tương lai"),
        (Some(s), Some(e)) if e - s > chrono::Duration::days(366) => {
            errors.add("ends_at", "Một mã chạy tối đa một năm");
        }
        _ => {}
    }
    let total = input.total_limit;
    if total.is_some_and(|t| !(1..=10_000_000).contains(&t)) {
        errors.add("total_limit", "Tổng lượt dùng từ 1 đến 10.000.000 (bỏ trống nếu không giới hạn)");
    }
    let per_user = input.per_user_limit.unwrap_or(1);
    if !(1..=100).contains(&per_user) {
        errors.add("per_user_limit", "Lượt dùng mỗi người từ 1 đến 100");
    }
    let category = match input.category.trim() {
        "" => None,
        raw => match group::find(raw) {
            Some(g) => Some(g.code.to_owned()),
            None => {
                errors.add("category", "Không có nhóm sản phẩm OCOP này");
                None
            }
        },
    };
    let (issuer_kind, shop_id, province_code) = match issuer {
        Issuer::Shop(id) => ("shop", Some(*id), None),
        Issuer::Marketplace => ("marketplace", None, None),
        Issuer::Province(code) => ("province", None, Some(code.clone())),
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (Some(starts), Some(ends)) = (starts, ends) else { return Err(Error::internal("checked above")) };
    Ok(voucher::ActiveModel {
        code: Set(code),
        title: Set(title),
        issuer: Set(issuer_kind.to_owned()),
        shop_id: Set(shop_id),
        province_code: Set(province_code),
        category: Set(category),
        kind: Set(kind.to_owned()),
        percent_bps: Set(i32::try_from(bps).unwrap_or(0)),
        amount_vnd: Set(amount),
        min_order_vnd: Set(min_order),
        starts_at: Set(starts),
        ends_at: Set(ends),
        total_limit: Set(total.and_then(|t| i32::try_from(t).ok())),
        per_user_limit: Set(i32::try_from(per_user).unwrap_or(1)),
        claim_required: Set(input.claim_required),
        new_shopper_only: Set(input.new_shopper_only),
        ..Default::default()
    })
}

/// Checks a voucher as [`create`] would, without issuing it: every bad field named.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub fn validate(issuer: &Issuer, input: &Input) -> Result<(), Error> {
    check(issuer, input, Utc::now()).map(|_| ())
}

/// Who an admin's voucher is from: the marketplace, or the province the input names.
///
/// # Errors
/// [`Error::Invalid`] on `province` for a province that does not exist.
pub fn platform_issuer(input: &Input) -> Result<Issuer, Error> {
    match input.province.trim() {
        "" => Ok(Issuer::Marketplace),
        raw => provinces::find(raw)
            .map(|p| Issuer::Province(p.code.to_owned()))
            .ok_or_else(|| Error::invalid("province", "Không có tỉnh, thành phố này (sau sắp xếp 2025)")),
    }
}

/// Issues a voucher.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Conflict`] `voucher_code_taken`.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    issuer: &Issuer,
    input: &Input,
    created_by: i64,
) -> Result<voucher::Model, Error> {
    let now = Utc::now();
    let mut model = check(issuer, input, now)?;
    model.used_count = Set(0);
    model.status = Set(ACTIVE.to_owned());
    model.created_by = Set(created_by);
    model.created_at = Set(now);
    match model.insert(db).await {
        Ok(saved) => Ok(saved),
        Err(e) if ocop_core::error::is_unique_violation(&e) => Err(taken()),
        Err(e) => Err(e.into()),
    }
}

fn taken() -> Error {
    Error::Conflict {
        code: conflicts::CODE_TAKEN,
        field: Some("code"),
        message: "Mã này đã có, hãy chọn mã khác".into(),
    }
}

/// Pauses or resumes a voucher of `issuer`'s (a shop's own, or the marketplace's and the
/// provinces' for admins).
///
/// # Errors
/// [`Error::NotFound`] when it is not theirs.
pub async fn set_paused<C: ConnectionTrait>(
    db: &C,
    issuer: Option<i64>,
    id: i64,
    paused: bool,
) -> Result<voucher::Model, Error> {
    let found = voucher::Entity::find_by_id(id).one(db).await?.filter(|v| match issuer {
        Some(shop) => v.shop_id == Some(shop),
        None => v.shop_id.is_none(),
    });
    let Some(found) = found else { return Err(Error::NotFound { what: "mã giảm giá" }) };
    let mut active: voucher::ActiveModel = found.into();
    active.status = Set(if paused { PAUSED } else { ACTIVE }.to_owned());
    Ok(active.update(db).await?)
}

/// A shop's vouchers, newest first.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Vec<voucher::Model>, Error> {
    Ok(voucher::Entity::find()
        .filter(voucher::Column::ShopId.eq(shop_id))
        .order_by_desc(voucher::Column::Id)
        .limit(200)
        .all(db)
        .await?)
}

/// The marketplace's and the provinces' vouchers, newest first.
///
/// # Errors
/// Database errors.
pub async fn of_platform<C: ConnectionTrait>(db: &C) -> Result<Vec<voucher::Model>, Error> {
    Ok(voucher::Entity::find()
        .filter(voucher::Column::ShopId.is_null())
        .order_by_desc(voucher::Column::Id)
        .limit(500)
        .all(db)
        .await?)
}

/// Vouchers by code (normalised), the unknown ones left out.
///
/// # Errors
/// Database errors.
pub async fn by_codes<C: ConnectionTrait>(db: &C, codes: &[String]) -> Result<Vec<voucher::Model>, Error> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(voucher::Entity::find().filter(voucher::Column::Code.is_in(codes.iter().cloned())).all(db).await?)
}

/// Vouchers running now that may apply to goods of these shops (their own, the
/// marketplace's, their provinces'), with uses left.
///
/// # Errors
/// Database errors.
pub async fn running_for<C: ConnectionTrait>(
    db: &C,
    shop_ids: &[i64],
    province_codes: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<voucher::Model>, Error> {
    let who = Condition::any()
        .add(voucher::Column::Issuer.eq("marketplace"))
        .add(voucher::Column::ShopId.is_in(shop_ids.iter().copied()))
        .add(
            Condition::all()
                .add(voucher::Column::Issuer.eq("province"))
                .add(voucher::Column::ProvinceCode.is_in(province_codes.iter().cloned())),
        );
    Ok(running()
        .filter(who)
        .filter(voucher::Column::StartsAt.lte(now))
        .filter(voucher::Column::EndsAt.gt(now))
        .order_by_asc(voucher::Column::EndsAt)
        .order_by_asc(voucher::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .filter(has_uses_left)
        .collect())
}

/// Vouchers a shop shows on its page: its own and its province's, running or starting
/// soon, with uses left.
///
/// # Errors
/// Database errors.
pub async fn shown_on_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    province_code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<voucher::Model>, Error> {
    let who = Condition::any().add(voucher::Column::ShopId.eq(shop_id)).add(
        Condition::all()
            .add(voucher::Column::Issuer.eq("province"))
            .add(voucher::Column::ProvinceCode.eq(province_code)),
    );
    Ok(running()
        .filter(who)
        .filter(voucher::Column::EndsAt.gt(now))
        .filter(voucher::Column::StartsAt.lte(now + chrono::Duration::days(7)))
        .order_by_asc(voucher::Column::EndsAt)
        .order_by_asc(voucher::Column::Id)
        .limit(20)
        .all(db)
        .await?
        .into_iter()
        .filter(has_uses_left)
        .collect())
}

/// The voucher has no total limit, or uses below it.
pub fn has_uses_left(v: &voucher::Model) -> bool {
    v.total_limit.is_none_or(|t| v.used_count < t)
}

fn running() -> sea_orm::Select<voucher::Entity> {
    voucher::Entity::find().filter(voucher::Column::Status.eq(ACTIVE))
}

/// The pricing's view of a stored voucher.
pub fn offer(v: &voucher::Model) -> Offer {
    let cap = (v.amount_vnd > 0).then_some(v.amount_vnd);
    Offer {
        id: v.id,
        code: v.code.clone(),
        title: v.title.clone(),
        issuer: match (v.issuer.as_str(), v.shop_id, &v.province_code) {
            ("shop", Some(id), _) => Issuer::Shop(id),
            ("province", _, Some(code)) => Issuer::Province(code.clone()),
            _ => Issuer::Marketplace,
        },
        benefit: match v.kind.as_str() {
            "percent" => Benefit::Percent { bps: i64::from(v.percent_bps), cap },
            "fixed" => Benefit::Fixed { amount: v.amount_vnd },
            _ => Benefit::FreeShipping { cap },
        },
        min_order_vnd: v.min_order_vnd,
        category: v.category.clone(),
    }
}

/// What a shopper reads about a voucher on a page or in the API.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub issuer: String,
    /// "Cửa hàng", "Chợ OCOP", "Tỉnh Quảng Ninh".
    pub issuer_label: String,
    pub min_order_vnd: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Vietnam time, as people read it.
    pub ends_at_vn: String,
    pub starts_at_vn: String,
    pub started: bool,
    pub uses_left: Option<i64>,
    pub claim_required: bool,
    pub new_shopper_only: bool,
    pub category: Option<String>,
    pub status: String,
    pub used_count: i64,
    pub total_limit: Option<i64>,
    pub per_user_limit: i64,
}

impl Card {
    pub fn of(v: &voucher::Model, now: DateTime<Utc>) -> Self {
        let issuer_label = match (v.issuer.as_str(), &v.province_code) {
            ("shop", _) => "Mã của cửa hàng".to_owned(),
            ("province", Some(code)) => provinces::by_code_exact(code)
                .map_or_else(|| "Mã của tỉnh".to_owned(), |p| format!("Mã của {}", p.name)),
            _ => "Mã của Chợ OCOP".to_owned(),
        };
        Self {
            id: v.id,
            code: v.code.clone(),
            title: v.title.clone(),
            description: offer(v).describe(),
            issuer: v.issuer.clone(),
            issuer_label,
            min_order_vnd: v.min_order_vnd,
            starts_at: v.starts_at,
            ends_at: v.ends_at,
            ends_at_vn: ocop_core::time::format_vn_time(v.ends_at),
            starts_at_vn: ocop_core::time::format_vn_time(v.starts_at),
            started: v.starts_at <= now,
            uses_left: v.total_limit.map(|t| i64::from(t - v.used_count).max(0)),
            claim_required: v.claim_required,
            new_shopper_only: v.new_shopper_only,
            category: v.category.as_ref().and_then(|c| group::by_code(c)).map(|g| g.name_vi.to_owned()),
            status: v.status.clone(),
            used_count: i64::from(v.used_count),
            total_limit: v.total_limit.map(i64::from),
            per_user_limit: i64::from(v.per_user_limit),
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::expect_used, reason = "fixtures")]
    use super::*;

    fn input() -> Input {
        Input {
            code: " tetocop25 ".into(),
            title: "Quà Tết OCOP".into(),
            kind: "percent".into(),
            percent: Some(10),
            amount_vnd: Some(50_000),
            ends_at: (Utc::now() + chrono::Duration::days(30)).to_rfc3339(),
            ..Input::default()
        }
    }

    #[test]
    fn a_good_voucher_reads_and_a_bad_one_names_each_field() {
        let checked = check(&Issuer::Marketplace, &input(), Utc::now()).expect("good");
        assert_eq!(checked.code.clone().unwrap(), "TETOCOP25");
        assert_eq!(checked.percent_bps.clone().unwrap(), 1_000);
        // 23:59 in Vietnam is 16:59 UTC.
        assert_eq!(
            parse_time("2099-01-31T23:59").map(|t| t.to_rfc3339()).as_deref(),
            Some("2099-01-31T16:59:00+00:00")
        );
        let bad = Input {
            code: "x!".into(),
            kind: "percent".into(),
            percent: Some(95),
            ends_at: "ngày mai".into(),
            per_user_limit: Some(0),
            category: "điện thoại".into(),
            ..Input::default()
        };
        let Err(Error::Invalid(fields)) = check(&Issuer::Marketplace, &bad, Utc::now()) else { panic!("refused") };
        for field in ["code", "title", "percent", "ends_at", "per_user_limit", "category"] {
            assert!(fields.get(field).is_some(), "{field} named");
        }
    }
}
