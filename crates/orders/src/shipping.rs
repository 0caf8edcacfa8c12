//! Shipping per shop: each shop sets its own rates (a flat fee or weight bands, free above a
//! threshold, provinces it delivers to, perishables only within its own province). One
//! quote per shop per order. A carrier's live quote (GHN, GHTK) plugs in through
//! [`RateProvider`].

use chrono::Utc;
use ocop_core::{Error, FieldErrors, provinces};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};

use crate::entity::shop_shipping;

/// A shop that has not set rates ships anywhere for this flat fee.
pub const DEFAULT_FLAT_FEE: i64 = 30_000;
const MAX_FEE: i64 = 10_000_000;
const MAX_BANDS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub flat_fee_vnd: i64,
    /// (up to grams, fee) ascending by weight; when set they replace the flat fee.
    pub weight_bands: Vec<(i64, i64)>,
    pub free_above_vnd: Option<i64>,
    /// Province codes the shop delivers to; empty means the whole country.
    pub provinces: Vec<String>,
    pub perishables_local_only: bool,
}

impl Default for Rates {
    fn default() -> Self {
        Self {
            flat_fee_vnd: DEFAULT_FLAT_FEE,
            weight_bands: Vec::new(),
            free_above_vnd: None,
            provinces: Vec::new(),
            perishables_local_only: true,
        }
    }
}

/// What is sent, from where, to where.
#[derive(Debug, Clone)]
pub struct Parcel<'a> {
    pub origin_province: &'a str,
    /// `None` while the shopper has not given an address (the cart shows the base fee).
    pub destination_province: Option<&'a str>,
    pub weight_grams: i64,
    pub subtotal_vnd: i64,
    pub perishable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quote {
    Fee {
        fee_vnd: i64,
    },
    /// The shop does not deliver this parcel there; the reason is shown to the shopper.
    Unavailable {
        reason: String,
    },
}

/// A source of shipping quotes: the shop's own table today, a carrier's API later.
#[async_trait::async_trait]
pub trait RateProvider: Send + Sync {
    async fn quote(&self, rates: &Rates, parcel: &Parcel<'_>) -> Result<Quote, Error>;
}

/// Quotes from the rates the shop entered.
pub struct TableRates;

#[async_trait::async_trait]
impl RateProvider for TableRates {
    async fn quote(&self, rates: &Rates, parcel: &Parcel<'_>) -> Result<Quote, Error> {
        Ok(quote(rates, parcel))
    }
}

fn province_name(code: &str) -> &str {
    provinces::by_code_exact(code).map_or(code, |p| p.name)
}

/// The shop's fee for one parcel.
pub fn quote(rates: &Rates, parcel: &Parcel<'_>) -> Quote {
    if let Some(dest) = parcel.destination_province {
        if parcel.perishable && rates.perishables_local_only && dest != parcel.origin_province {
            return Quote::Unavailable {
                reason: format!("Hàng tươi chỉ giao trong {}", province_name(parcel.origin_province)),
            };
        }
        if !rates.provinces.is_empty() && !rates.provinces.iter().any(|p| p == dest) {
            return Quote::Unavailable { reason: format!("Gian hàng chưa giao đến {}", province_name(dest)) };
        }
    }
    if rates.free_above_vnd.is_some_and(|free| parcel.subtotal_vnd >= free) {
        return Quote::Fee { fee_vnd: 0 };
    }
    if rates.weight_bands.is_empty() {
        return Quote::Fee { fee_vnd: rates.flat_fee_vnd };
    }
    match rates.weight_bands.iter().find(|(max, _)| parcel.weight_grams <= *max) {
        Some((_, fee)) => Quote::Fee { fee_vnd: *fee },
        None => Quote::Unavailable {
            reason: format!("Kiện hàng {} g nặng hơn mức gian hàng nhận giao", parcel.weight_grams),
        },
    }
}

/// The shop's rates, or the defaults when it set none.
///
/// # Errors
/// The database cannot be read.
pub async fn rates_of<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Rates, Error> {
    Ok(match shop_shipping::Entity::find_by_id(shop_id).one(db).await? {
        None => Rates::default(),
        Some(row) => Rates {
            flat_fee_vnd: row.flat_fee_vnd,
            weight_bands: serde_json::from_str(&row.weight_bands).unwrap_or_default(),
            free_above_vnd: row.free_above_vnd,
            provinces: row.provinces.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            perishables_local_only: row.perishables_local_only,
        },
    })
}

/// Rates as a vendor types them in a form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RatesInput {
    pub flat_fee_vnd: String,
    /// One band per line: `500 15000` (up to 500 g costs 15.000 ₫).
    pub weight_bands: String,
    pub free_above_vnd: String,
    /// Province names or codes separated by commas or new lines; empty = nationwide.
    pub provinces: String,
    pub perishables_local_only: bool,
}

fn whole(raw: &str) -> Option<i64> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '₫')).collect();
    digits.parse().ok()
}

/// Checks a vendor's rates; every problem names its field.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
pub fn parse(input: &RatesInput) -> Result<Rates, Error> {
    let mut errors = FieldErrors::new();
    let flat_fee_vnd = match whole(&input.flat_fee_vnd) {
        Some(fee) if (0..=MAX_FEE).contains(&fee) => fee,
        _ => {
            errors.add("flat_fee_vnd", "Phí giao hàng là số đồng từ 0 đến 10.000.000");
            0
        }
    };
    let mut weight_bands = Vec::new();
    for (n, line) in input.weight_bands.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let mut parts = line.split_whitespace();
        match (parts.next().and_then(whole), parts.next().and_then(whole), parts.next()) {
            (Some(grams), Some(fee), None) if grams > 0 && (0..=MAX_FEE).contains(&fee) => {
                weight_bands.push((grams, fee));
            }
            _ => errors.add(
                "weight_bands",
                format!("Dòng {}: ghi \"khối lượng tối đa (g) phí (đồng)\", ví dụ 500 15000", n + 1),
            ),
        }
    }
    weight_bands.sort_unstable();
    weight_bands.dedup_by_key(|band| band.0);
    if weight_bands.len() > MAX_BANDS {
        errors.add("weight_bands", format!("Tối đa {MAX_BANDS} mức khối lượng"));
    }
    let free_above_vnd = match input.free_above_vnd.trim() {
        "" => None,
        raw => match whole(raw) {
            Some(v) if v > 0 && v <= 1_000_000_000 => Some(v),
            _ => {
                errors.add("free_above_vnd", "Ngưỡng miễn phí là số đồng lớn hơn 0, hoặc để trống");
                None
            }
        },
    };
    let mut codes = Vec::new();
    for name in input.provinces.split([',', '\n', ';']).map(str::trim).filter(|s| !s.is_empty()) {
        match provinces::find(name) {
            Some(p) if !codes.iter().any(|c| c == p.code) => codes.push(p.code.to_owned()),
            Some(_) => {}
            None => errors.add("provinces", format!("Không nhận ra tỉnh/thành \"{name}\"")),
        }
    }
    errors.into_result()?;
    Ok(Rates {
        flat_fee_vnd,
        weight_bands,
        free_above_vnd,
        provinces: codes,
        perishables_local_only: input.perishables_local_only,
    })
}

/// Stores a shop's rates (replacing the previous ones).
///
/// # Errors
/// The database cannot be written.
pub async fn save<C: ConnectionTrait>(db: &C, shop_id: i64, rates: &Rates) -> Result<(), Error> {
    let row = shop_shipping::ActiveModel {
        shop_id: Set(shop_id),
        flat_fee_vnd: Set(rates.flat_fee_vnd),
        weight_bands: Set(serde_json::to_string(&rates.weight_bands).map_err(Error::internal)?),
        free_above_vnd: Set(rates.free_above_vnd),
        provinces: Set(rates.provinces.join(",")),
        perishables_local_only: Set(rates.perishables_local_only),
        updated_at: Set(Utc::now()),
    };
    if shop_shipping::Entity::find_by_id(shop_id).one(db).await?.is_some() {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(())
}

/// The rates as the vendor's form shows them again.
pub fn to_input(rates: &Rates) -> RatesInput {
    RatesInput {
        flat_fee_vnd: rates.flat_fee_vnd.to_string(),
        weight_bands: rates.weight_bands.iter().map(|(g, fee)| format!("{g} {fee}")).collect::<Vec<_>>().join("\n"),
        free_above_vnd: rates.free_above_vnd.map(|v| v.to_string()).unwrap_or_default(),
        provinces: rates.provinces.iter().map(|code| province_name(code).to_owned()).collect::<Vec<_>>().join(", "),
        perishables_local_only: rates.perishables_local_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel(dest: Option<&str>, grams: i64, subtotal: i64, perishable: bool) -> Parcel<'_> {
        Parcel {
            origin_province: "quang-ninh",
            destination_province: dest,
            weight_grams: grams,
            subtotal_vnd: subtotal,
            perishable,
        }
    }

    #[test]
    fn flat_fee_free_threshold_and_bands() {
        let mut rates = Rates::default();
        assert_eq!(quote(&rates, &parcel(Some("ha-noi"), 900, 100_000, false)), Quote::Fee { fee_vnd: 30_000 });
        rates.free_above_vnd = Some(500_000);
        assert_eq!(quote(&rates, &parcel(Some("ha-noi"), 900, 500_000, false)), Quote::Fee { fee_vnd: 0 });
        rates.weight_bands = vec![(500, 15_000), (2_000, 25_000)];
        assert_eq!(quote(&rates, &parcel(Some("ha-noi"), 500, 100_000, false)), Quote::Fee { fee_vnd: 15_000 });
        assert_eq!(quote(&rates, &parcel(Some("ha-noi"), 501, 100_000, false)), Quote::Fee { fee_vnd: 25_000 });
        assert!(matches!(quote(&rates, &parcel(Some("ha-noi"), 2_001, 100_000, false)), Quote::Unavailable { .. }));
    }

    #[test]
    fn delivery_limits() {
        let mut rates = Rates::default();
        let fresh = quote(&rates, &parcel(Some("ha-noi"), 500, 100_000, true));
        assert!(matches!(fresh, Quote::Unavailable { ref reason } if reason.contains("Quảng Ninh")), "{fresh:?}");
        assert_eq!(quote(&rates, &parcel(Some("quang-ninh"), 500, 100_000, true)), Quote::Fee { fee_vnd: 30_000 });
        rates.provinces = vec!["quang-ninh".into(), "hai-phong".into()];
        assert!(matches!(quote(&rates, &parcel(Some("ha-noi"), 500, 100_000, false)), Quote::Unavailable { .. }));
        // Before an address is known, the base fee is shown.
        assert_eq!(quote(&rates, &parcel(None, 500, 100_000, true)), Quote::Fee { fee_vnd: 30_000 });
    }

    #[test]
    fn vendor_form_is_checked_field_by_field() {
        let input = RatesInput {
            flat_fee_vnd: "25.000".into(),
            weight_bands: "2000 35000\n500 15000".into(),
            free_above_vnd: "".into(),
            provinces: "Quảng Ninh, Hải Dương".into(),
            perishables_local_only: true,
        };
        let rates = parse(&input).unwrap_or_default();
        assert_eq!(rates.flat_fee_vnd, 25_000);
        assert_eq!(rates.weight_bands, vec![(500, 15_000), (2_000, 35_000)]);
        // Hải Dương merged into Hải Phòng in 2025.
        assert_eq!(rates.provinces.len(), 2);
        let bad =
            RatesInput { flat_fee_vnd: "-1".into(), weight_bands: "abc".into(), provinces: "Atlantis".into(), ..input };
        let Err(Error::Invalid(fields)) = parse(&bad) else { panic!("must fail") };
        for field in ["flat_fee_vnd", "weight_bands", "provinces"] {
            assert!(fields.get(field).is_some(), "{field}");
        }
    }
}
