//! Checking what buyers and shops type: every field bounded, every problem reported at once
//! and named, amounts in whole đồng read the way people write them (`125.000 ₫`).

use chrono::{Duration, NaiveDate};
use ocop_catalog::group;
use ocop_core::text::{clean_line, fold, nfc};
use ocop_core::{FieldErrors, provinces};
use serde::{Deserialize, Serialize};

/// The most a request may ask for, in any unit: anything above is a typo.
pub const MAX_QUANTITY: i64 = 10_000_000;
/// 100 tỷ đồng: the largest budget taken.
pub const MAX_BUDGET_VND: i64 = 100_000_000_000;
/// 1 tỷ đồng a unit: the largest offer price taken.
pub const MAX_UNIT_PRICE_VND: i64 = 1_000_000_000;
/// Requests are for the coming year at most.
pub const MAX_DAYS_AHEAD: i64 = 366;
pub const MAX_LEAD_TIME_DAYS: i64 = 365;
pub const MAX_TEXT: usize = 2000;

/// Units wholesale buyers order in.
pub const UNITS: [&str; 14] =
    ["kg", "tấn", "tạ", "lít", "thùng", "hộp", "chai", "gói", "túi", "bao", "hũ", "cái", "bộ", "lượt khách"];

/// Who is buying: `(code, Vietnamese label)`.
pub const BUYER_KINDS: [(&str, &str); 5] = [
    ("distributor", "Nhà phân phối"),
    ("supermarket", "Siêu thị, chuỗi bán lẻ"),
    ("restaurant", "Nhà hàng, khách sạn"),
    ("trade_centre", "Trung tâm xúc tiến thương mại"),
    ("other", "Khác"),
];

/// A number as JSON sends it (`500`) or as a form or a person types it (`"500"`,
/// `"125.000 ₫"`); missing or `null` is [`Loose::Missing`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Loose {
    Number(i64),
    Text(String),
    #[default]
    Missing,
}

impl Loose {
    fn is_blank(&self) -> bool {
        match self {
            Self::Missing => true,
            Self::Text(t) => t.trim().is_empty(),
            Self::Number(_) => false,
        }
    }

    /// The whole number, or a field error naming `field`.
    fn whole(&self, errors: &mut FieldErrors, field: &str, required: bool) -> Option<i64> {
        match self {
            Self::Number(n) => Some(*n),
            _ if self.is_blank() => {
                if required {
                    errors.add(field, "Vui lòng điền mục này");
                }
                None
            }
            Self::Text(t) => {
                let n = parse_whole(t);
                if n.is_none() {
                    errors.add(field, "Nhập số nguyên, ví dụ 125000 hoặc 125.000");
                }
                n
            }
            Self::Missing => None,
        }
    }
}

/// A whole number typed the Vietnamese way: `125000`, `125.000`, `125 000`, `125.000 ₫`,
/// `125.000đ`, `125.000 VND`. A fraction (`12,5`, `12.5`) is refused: đồng have no parts.
pub fn parse_whole(raw: &str) -> Option<i64> {
    let mut s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["₫", "VNĐ", "VND", "vnđ", "vnd", "đồng", "đ", "Đ"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_owned();
            break;
        }
    }
    let sep = if s.contains('.') { '.' } else { ',' };
    let groups: Vec<&str> = s.split(sep).collect();
    let digits = if groups.len() > 1 {
        let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        s
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A unit from [`UNITS`], typed any way ("thung", "Thùng", "KG").
pub fn find_unit(raw: &str) -> Option<&'static str> {
    let key = fold(raw.trim());
    UNITS.iter().copied().find(|u| fold(u) == key)
}

pub fn buyer_kind_label(code: &str) -> &'static str {
    BUYER_KINDS.iter().find(|(c, _)| *c == code).map_or("Khác", |(_, l)| l)
}

/// A date as `2026-12-31` (forms, JSON) or `31/12/2026` (how people write it).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y")).ok()
}

/// What a buyer posts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestInput {
    /// The buying organisation: a supermarket chain, a restaurant, a trade centre.
    pub organisation: String,
    /// distributor, supermarket, restaurant, trade_centre or other (the default).
    pub buyer_kind: String,
    /// The product wanted, in the buyer's words.
    pub product: String,
    /// An OCOP group by code or name.
    pub category: String,
    pub quantity: Loose,
    pub unit: String,
    /// Where to deliver: a current or a former province name.
    pub province: String,
    /// The last day to take offers.
    pub deadline: String,
    /// For the whole quantity, optional.
    pub budget_vnd: Loose,
    pub note: String,
}

/// A request after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub organisation: String,
    pub buyer_kind: &'static str,
    pub product: String,
    pub category: &'static str,
    pub quantity: i64,
    pub unit: &'static str,
    pub province_code: &'static str,
    pub province_input: String,
    pub deadline: NaiveDate,
    pub budget_vnd: Option<i64>,
    pub note: String,
}

fn line(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let cleaned = clean_line(value);
    if cleaned.is_empty() {
        errors.add(field, "Vui lòng điền mục này");
    } else if cleaned.chars().count() > max {
        errors.add(field, format!("Tối đa {max} ký tự"));
    }
    cleaned
}

fn long_text(errors: &mut FieldErrors, field: &str, value: &str, required: bool) -> String {
    let text = nfc(value.trim());
    if required && text.is_empty() {
        errors.add(field, "Vui lòng điền mục này");
    } else if text.chars().count() > MAX_TEXT {
        errors.add(field, format!("Tối đa {MAX_TEXT} ký tự"));
    }
    text
}

/// Checks a request; `today` is Vietnam's date.
///
/// # Errors
/// Every bad field, named as in [`RequestInput`].
pub fn check_request(input: &RequestInput, today: NaiveDate) -> Result<NewRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let organisation = line(&mut errors, "organisation", &input.organisation, 160);
    let kind = input.buyer_kind.trim();
    let buyer_kind =
        if kind.is_empty() { Some("other") } else { BUYER_KINDS.iter().map(|(c, _)| *c).find(|c| *c == kind) };
    if buyer_kind.is_none() {
        errors.add("buyer_kind", "Loại người mua là distributor, supermarket, restaurant, trade_centre hoặc other");
    }
    let product = line(&mut errors, "product", &input.product, 200);
    let category = group::find(&input.category);
    if category.is_none() {
        errors.add("category", "Chọn một trong sáu nhóm sản phẩm OCOP");
    }
    let quantity = input.quantity.whole(&mut errors, "quantity", true);
    if let Some(q) = quantity
        && !(1..=MAX_QUANTITY).contains(&q)
    {
        errors.add("quantity", "Số lượng từ 1 đến 10.000.000");
    }
    let unit = find_unit(&input.unit);
    if unit.is_none() {
        errors.add("unit", format!("Đơn vị là một trong: {}", UNITS.join(", ")));
    }
    let province_input = clean_line(&input.province);
    let province = provinces::find(&province_input);
    if province.is_none() {
        errors.add(
            "province",
            if province_input.is_empty() {
                "Vui lòng điền mục này"
            } else {
                "Không nhận ra tỉnh/thành phố"
            },
        );
    }
    let deadline = parse_date(&input.deadline);
    match deadline {
        None if input.deadline.trim().is_empty() => errors.add("deadline", "Vui lòng chọn hạn nhận báo giá"),
        None => errors.add("deadline", "Ngày không hợp lệ (ví dụ 31/12/2026)"),
        Some(d) if d <= today => errors.add("deadline", "Hạn nhận báo giá phải sau hôm nay"),
        Some(d) if d > today + Duration::days(MAX_DAYS_AHEAD) => {
            errors.add("deadline", "Hạn nhận báo giá trong vòng một năm tới");
        }
        Some(_) => {}
    }
    let budget_vnd = input.budget_vnd.whole(&mut errors, "budget_vnd", false);
    if let Some(b) = budget_vnd
        && !(1..=MAX_BUDGET_VND).contains(&b)
    {
        errors.add("budget_vnd", "Ngân sách từ 1 ₫ đến 100.000.000.000 ₫");
    }
    let note = long_text(&mut errors, "note", &input.note, false);
    let (Some(buyer_kind), Some(category), Some(quantity), Some(unit), Some(province), Some(deadline), true) =
        (buyer_kind, category, quantity, unit, province, deadline, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(NewRequest {
        organisation,
        buyer_kind,
        product,
        category: category.code,
        quantity,
        unit,
        province_code: province.code,
        province_input,
        deadline,
        budget_vnd,
        note,
    })
}

/// What a shop offers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferInput {
    /// The offering shop's slug; may be left out by someone who works for one shop only.
    pub shop: String,
    pub price_per_unit_vnd: Loose,
    pub quantity: Loose,
    pub lead_time_days: Loose,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub price_per_unit_vnd: i64,
    pub quantity: i64,
    pub lead_time_days: i32,
    pub message: String,
}

/// Checks an offer against the request's quantity.
///
/// # Errors
/// Every bad field, named as in [`OfferInput`].
pub fn check_offer(input: &OfferInput, wanted: i64) -> Result<NewOffer, FieldErrors> {
    let mut errors = FieldErrors::new();
    let price = input.price_per_unit_vnd.whole(&mut errors, "price_per_unit_vnd", true);
    if let Some(p) = price
        && !(1..=MAX_UNIT_PRICE_VND).contains(&p)
    {
        errors.add("price_per_unit_vnd", "Đơn giá từ 1 ₫ đến 1.000.000.000 ₫");
    }
    let quantity = input.quantity.whole(&mut errors, "quantity", true);
    if let Some(q) = quantity
        && !(1..=wanted).contains(&q)
    {
        errors.add("quantity", format!("Số lượng từ 1 đến {wanted} (bên mua cần {wanted})"));
    }
    let lead = input.lead_time_days.whole(&mut errors, "lead_time_days", true);
    if let Some(d) = lead
        && !(0..=MAX_LEAD_TIME_DAYS).contains(&d)
    {
        errors.add("lead_time_days", "Thời gian giao từ 0 đến 365 ngày");
    }
    let message = long_text(&mut errors, "message", &input.message, false);
    match (price, quantity, lead.and_then(|d| i32::try_from(d).ok()), errors.is_empty()) {
        (Some(price_per_unit_vnd), Some(quantity), Some(lead_time_days), true) => {
            Ok(NewOffer { price_per_unit_vnd, quantity, lead_time_days, message })
        }
        _ => Err(errors),
    }
}

/// A message in an offer's thread.
///
/// # Errors
/// `body` empty or longer than [`MAX_TEXT`].
pub fn check_message(body: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let text = long_text(&mut errors, "body", body, true);
    if errors.is_empty() { Ok(text) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn rice() -> RequestInput {
        RequestInput {
            organisation: "Chuỗi siêu thị Hà Nội Xanh".into(),
            buyer_kind: "supermarket".into(),
            product: "Gạo ST25".into(),
            category: "Thực phẩm".into(),
            quantity: Loose::Text("500".into()),
            unit: "KG".into(),
            province: "Quảng Nam".into(),
            deadline: "15/12/2026".into(),
            budget_vnd: Loose::Text("15.000.000 ₫".into()),
            note: String::new(),
        }
    }

    #[test]
    fn amounts_are_read_the_vietnamese_way() {
        for (raw, n) in [
            ("125000", 125_000),
            ("125.000", 125_000),
            ("125 000", 125_000),
            ("125.000 ₫", 125_000),
            ("125.000đ", 125_000),
            ("1.250.000 VND", 1_250_000),
            ("125,000", 125_000),
        ] {
            assert_eq!(parse_whole(raw), Some(n), "{raw}");
        }
        for raw in ["12,5", "12.5", "1.25.000", "abc", "", "-5", "₫"] {
            assert_eq!(parse_whole(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_request_is_checked_and_normalised() {
        let ok = check_request(&rice(), today()).unwrap();
        assert_eq!(ok.category, "thuc-pham");
        assert_eq!(ok.unit, "kg");
        assert_eq!(ok.province_code, "da-nang", "a former province maps to its current one");
        assert_eq!(ok.province_input, "Quảng Nam");
        assert_eq!(ok.budget_vnd, Some(15_000_000));
        assert_eq!(ok.deadline, NaiveDate::from_ymd_opt(2026, 12, 15).unwrap());
        let mut json = rice();
        json.quantity = Loose::Number(500);
        json.budget_vnd = Loose::Missing;
        json.unit = "thung".into();
        let ok = check_request(&json, today()).unwrap();
        assert_eq!((ok.quantity, ok.budget_vnd, ok.unit), (500, None, "thùng"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = RequestInput {
            organisation: " ".into(),
            buyer_kind: "bank".into(),
            product: String::new(),
            category: "điện tử".into(),
            quantity: Loose::Number(0),
            unit: "con".into(),
            province: "Atlantis".into(),
            deadline: "2026-11-26".into(),
            budget_vnd: Loose::Text("12,5".into()),
            note: "x".repeat(MAX_TEXT + 1),
        };
        let errors = check_request(&bad, today()).unwrap_err();
        for field in [
            "organisation",
            "buyer_kind",
            "product",
            "category",
            "quantity",
            "unit",
            "province",
            "deadline",
            "budget_vnd",
            "note",
        ] {
            assert!(errors.get(field).is_some(), "{field} not named in {errors:?}");
        }
        assert_eq!(errors.get("deadline"), Some("Hạn nhận báo giá phải sau hôm nay"));
        let mut far = rice();
        far.deadline = "2028-01-01".into();
        assert!(check_request(&far, today()).unwrap_err().get("deadline").is_some());
        let mut garbled = rice();
        garbled.deadline = "31/02/2026".into();
        assert!(check_request(&garbled, today()).unwrap_err().get("deadline").is_some());
    }

    #[test]
    fn an_offer_stays_within_what_the_buyer_wants() {
        let input = OfferInput {
            shop: String::new(),
            price_per_unit_vnd: Loose::Text("28.000".into()),
            quantity: Loose::Number(500),
            lead_time_days: Loose::Text("7".into()),
            message: " Gạo vụ mới ".into(),
        };
        let ok = check_offer(&input, 500).unwrap();
        assert_eq!((ok.price_per_unit_vnd, ok.quantity, ok.lead_time_days), (28_000, 500, 7));
        assert_eq!(ok.message, "Gạo vụ mới");
        let errors = check_offer(&input, 400).unwrap_err();
        assert!(errors.get("quantity").is_some());
        let errors = check_offer(&OfferInput::default(), 10).unwrap_err();
        for field in ["price_per_unit_vnd", "quantity", "lead_time_days"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(check_message("  ").unwrap_err().get("body").is_some());
    }
}
