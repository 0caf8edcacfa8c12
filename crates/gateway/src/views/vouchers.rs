//! The voucher desks a shop's owner and the admins issue vouchers from: the form as it is
//! typed ("20.000 ₫", "10%"), every mistake named at once, and the vouchers already issued
//! with what each gave.

use chrono::{DateTime, Utc};
use ocop_catalog::entity::shop;
use ocop_catalog::group;
use ocop_core::{Error, FieldErrors, provinces};
use ocop_promotions::entity::voucher;
use ocop_promotions::vouchers::{self, Card, Input};
use ocop_promotions::{Issuer, usage};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};

/// The form's fields as typed; checkboxes "1" or absent.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct VoucherForm {
    pub code: String,
    pub title: String,
    pub kind: String,
    pub percent: String,
    pub amount_vnd: String,
    pub min_order_vnd: String,
    pub starts_at: String,
    pub ends_at: String,
    pub total_limit: String,
    pub per_user_limit: String,
    pub claim_required: String,
    pub new_shopper_only: String,
    pub category: String,
    /// Admins only: empty for the marketplace, a province's code for a province's voucher.
    pub province: String,
}

impl VoucherForm {
    /// A blank form: fixed amount, one use per shopper.
    pub fn blank() -> Self {
        Self { kind: "fixed".into(), per_user_limit: "1".into(), ..Self::default() }
    }
}

/// đồng as people type them: "20000", "20.000", "20,000", "20 000 ₫", "20.000đ".
fn money(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let bare = raw.trim().trim_end_matches(['₫', 'đ', 'Đ']).trim_end_matches("VND").trim_end_matches("vnd");
    if bare.trim().is_empty() {
        return None;
    }
    // "20,000" is how English keyboards group thousands.
    crate::forms::whole_number(errors, field, &bare.replace(',', "."))
}

/// A whole number that may be left empty.
fn count(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let bare = raw.trim().trim_end_matches('%').trim();
    if bare.is_empty() { None } else { crate::forms::whole_number(errors, field, bare) }
}

/// The service's input from the form, and what could not even be read.
pub fn read(form: &VoucherForm) -> (Input, FieldErrors) {
    let mut errors = FieldErrors::new();
    let input = Input {
        code: form.code.clone(),
        title: form.title.clone(),
        kind: form.kind.clone(),
        percent: count(&mut errors, "percent", &form.percent),
        amount_vnd: money(&mut errors, "amount_vnd", &form.amount_vnd),
        min_order_vnd: money(&mut errors, "min_order_vnd", &form.min_order_vnd),
        starts_at: form.starts_at.clone(),
        ends_at: form.ends_at.clone(),
        total_limit: count(&mut errors, "total_limit", &form.total_limit),
        per_user_limit: count(&mut errors, "per_user_limit", &form.per_user_limit),
        claim_required: form.claim_required == "1",
        new_shopper_only: form.new_shopper_only == "1",
        category: form.category.clone(),
        province: form.province.clone(),
    };
    (input, errors)
}

/// Issues the form's voucher for a shop (`Some(shop id)`) or for the marketplace or the
/// province it names (`None`, admins). Every mistake is named at once: what could not be
/// read, the province, and the service's own checks.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field; [`Error::Conflict`] when the code is taken.
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    form: &VoucherForm,
    shop: Option<i64>,
    by: i64,
) -> Result<voucher::Model, Error> {
    let (input, mut errors) = read(form);
    let issuer = match shop {
        Some(id) => Issuer::Shop(id),
        None => vouchers::platform_issuer(&input).unwrap_or_else(|e| {
            if let Error::Invalid(fields) = e {
                errors.0.extend(fields.0);
            }
            Issuer::Marketplace
        }),
    };
    if !errors.is_empty() {
        if let Err(Error::Invalid(more)) = vouchers::validate(&issuer, &input) {
            for (field, message) in more.0 {
                errors.add(&field, message);
            }
        }
        return Err(Error::Invalid(errors));
    }
    vouchers::create(db, &issuer, &input, by).await
}

/// The admins' desk.
pub const ADMIN_DESK: &str = "/quan-tri/ma-giam-gia";

/// A shop's desk.
pub fn shop_desk(slug: &str) -> String {
    format!("/kenh-nguoi-ban/{slug}/ma-giam-gia")
}

/// `?da_tao=CODE` after a voucher was issued.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeskQuery {
    da_tao: Option<String>,
}

impl DeskQuery {
    /// The issued code, as the desk shows it (only a well-formed code).
    pub fn issued_code(&self) -> Option<String> {
        self.da_tao.as_deref().map(vouchers::normalise_code).filter(|c| vouchers::is_code(c))
    }
}

/// `paused=1` pauses, `paused=0` resumes.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PauseForm {
    paused: String,
}

impl PauseForm {
    pub fn pauses(&self) -> bool {
        self.paused == "1"
    }
}

/// A desk page: the form, its mistakes, the vouchers issued, where the form posts.
#[derive(Serialize)]
pub struct Desk {
    /// The shop whose desk it is; none on the admins' (which then offers the provinces).
    pub shop: Option<shop::Model>,
    pub form: VoucherForm,
    pub errors: FieldErrors,
    pub choices: Choices,
    pub vouchers: Vec<Issued>,
    /// The code just issued, for the note above the form.
    pub issued_code: Option<String>,
    pub action: String,
}

impl Desk {
    /// A shop's desk (its own vouchers) or the admins' (the marketplace's and provinces').
    ///
    /// # Errors
    /// Database errors.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        shop: Option<shop::Model>,
        form: VoucherForm,
        errors: FieldErrors,
        issued_code: Option<String>,
    ) -> Result<Self, Error> {
        let (models, action) = match &shop {
            Some(s) => (vouchers::of_shop(db, s.id).await?, shop_desk(&s.slug)),
            None => (vouchers::of_platform(db).await?, ADMIN_DESK.to_owned()),
        };
        let vouchers = issued(db, &models, Utc::now()).await?;
        Ok(Self { shop, form, errors, choices: Choices::default(), vouchers, issued_code, action })
    }
}

/// One voucher on a desk: what shoppers read, and how it is doing.
#[derive(Debug, Serialize)]
pub struct Issued {
    #[serde(flatten)]
    pub card: Card,
    pub paused: bool,
    /// Ended, or every use taken: pausing changes nothing any more.
    pub over: bool,
    pub orders: i64,
    pub given_vnd: i64,
}

/// The desk's list, with what each voucher gave.
async fn issued<C: ConnectionTrait>(
    db: &C,
    models: &[voucher::Model],
    now: DateTime<Utc>,
) -> Result<Vec<Issued>, Error> {
    let ids: Vec<i64> = models.iter().map(|v| v.id).collect();
    let given = usage::given(db, &ids).await?;
    Ok(models
        .iter()
        .map(|v| {
            let (orders, given_vnd) = given.get(&v.id).copied().unwrap_or((0, 0));
            Issued {
                card: Card::of(v, now),
                paused: v.status == vouchers::PAUSED,
                over: v.ends_at <= now || !vouchers::has_uses_left(v),
                orders,
                given_vnd,
            }
        })
        .collect())
}

/// An option of a select.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The form's choices: OCOP groups, and provinces for the admins' form.
#[derive(Debug, Serialize)]
pub struct Choices {
    pub groups: Vec<Choice>,
    pub provinces: Vec<Choice>,
}

impl Default for Choices {
    fn default() -> Self {
        let mut provinces: Vec<Choice> =
            provinces::PROVINCES.iter().map(|p| Choice { value: p.code, label: p.name }).collect();
        provinces.sort_by_key(|p| ocop_core::text::fold(p.label));
        Self { groups: group::GROUPS.iter().map(|g| Choice { value: g.code, label: g.name_vi }).collect(), provinces }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_however_they_are_typed_and_each_mistake_names_its_field() {
        let form = VoucherForm {
            amount_vnd: "20.000 ₫".into(),
            min_order_vnd: "150,000".into(),
            percent: "10%".into(),
            total_limit: String::new(),
            per_user_limit: "2".into(),
            claim_required: "1".into(),
            ..VoucherForm::blank()
        };
        let (input, errors) = read(&form);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(input.amount_vnd, Some(20_000));
        assert_eq!(input.min_order_vnd, Some(150_000));
        assert_eq!(input.percent, Some(10));
        assert_eq!(input.total_limit, None);
        assert_eq!(input.per_user_limit, Some(2));
        assert!(input.claim_required && !input.new_shopper_only);
        let bad =
            VoucherForm { amount_vnd: "hai mươi nghìn".into(), total_limit: "1,5".into(), ..VoucherForm::blank() };
        let (_, errors) = read(&bad);
        assert!(errors.get("amount_vnd").is_some() && errors.get("total_limit").is_some(), "{errors:?}");
    }
}
