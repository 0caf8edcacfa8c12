//! Checking what a vendor submits for a product: every field bounded, prices in whole đồng,
//! category and province recognised. All problems are reported at once.

use ocop_core::text::{clean_line, nfc};
use ocop_core::{FieldErrors, Sku, provinces};

use crate::group;

/// The highest price accepted for one item: 1 tỷ đồng. Anything above is a typo.
pub const MAX_PRICE_VND: i64 = 1_000_000_000;
pub const MAX_STOCK: i64 = 10_000_000;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProductInput {
    pub name: String,
    pub description: String,
    pub category: String,
    /// Optional: a subcategory of the group, by code or name.
    pub subcategory: String,
    pub province: String,
    pub ingredients: String,
    pub shelf_life: String,
    pub storage: String,
    pub price_includes_vat: Option<bool>,
    pub price_includes_shipping: Option<bool>,
    pub perishable: Option<bool>,
    pub estamp_code: String,
    pub estamp_url: String,
    pub variants: Vec<VariantInput>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct VariantInput {
    pub sku: String,
    pub label: String,
    pub price_vnd: i64,
    pub compare_at_vnd: Option<i64>,
    pub stock: i64,
    pub weight_grams: i32,
    pub unit: String,
}

/// A product's content after checking.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Content {
    pub name: String,
    pub description: String,
    pub category: String,
    #[serde(default)]
    pub subcategory: Option<String>,
    pub province_code: String,
    pub province_input: String,
    pub ingredients: String,
    pub shelf_life: String,
    pub storage: String,
    pub price_includes_vat: bool,
    pub price_includes_shipping: bool,
    pub perishable: bool,
    pub estamp_code: Option<String>,
    pub estamp_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub sku: String,
    pub label: String,
    pub price_vnd: i64,
    pub compare_at_vnd: Option<i64>,
    pub stock: i64,
    pub weight_grams: i32,
    pub unit: String,
}

/// One line of text, cleaned (NFC, spaces collapsed), checked for presence and length.
pub fn text_field(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: bool) -> String {
    let cleaned = clean_line(value);
    if required && cleaned.is_empty() {
        errors.add(field, "Vui lòng điền mục này");
    } else if cleaned.chars().count() > max {
        errors.add(field, format!("Tối đa {max} ký tự"));
    }
    cleaned
}

/// SKU in its stored form (see [`Sku::parse`]), or `None` when it is not one.
pub fn parse_sku(raw: &str) -> Option<String> {
    Sku::parse(raw).ok().map(Sku::into_string)
}

/// Checks a price: whole đồng, above zero, at most [`MAX_PRICE_VND`].
pub fn check_price(errors: &mut FieldErrors, field: &str, price: i64) {
    if price <= 0 {
        errors.add(field, "Giá phải lớn hơn 0 đồng");
    } else if price > MAX_PRICE_VND {
        errors.add(field, "Giá vượt quá 1.000.000.000 ₫ — vui lòng kiểm tra lại");
    }
}

pub fn check_stock(errors: &mut FieldErrors, field: &str, stock: i64) {
    if !(0..=MAX_STOCK).contains(&stock) {
        errors.add(field, "Tồn kho phải từ 0 đến 10.000.000");
    }
}

/// # Errors
/// Every bad field, named; variant fields as `variants[i].field`.
pub fn check(input: &ProductInput) -> Result<(Content, Vec<Variant>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = text_field(&mut errors, "name", &input.name, 200, true);
    let description = nfc(input.description.trim());
    if description.chars().count() > 10_000 {
        errors.add("description", "Tối đa 10.000 ký tự");
    }
    let category = group::find(&input.category);
    if category.is_none() {
        errors.add("category", "Nhóm sản phẩm OCOP không hợp lệ (ví dụ: thuc-pham, do-uong, thao-duoc)");
    }
    let subcategory = match (category, input.subcategory.trim()) {
        (_, "") => None,
        (Some(g), raw) => {
            let found = group::find_sub(g.code, raw);
            if found.is_none() {
                let names: Vec<&str> = group::subcategories(g.code).iter().map(|(_, n)| *n).collect();
                errors.add("subcategory", format!("Nhóm {} gồm: {}", g.name_vi, names.join("; ")));
            }
            found.map(|(code, _)| (*code).to_owned())
        }
        (None, _) => None,
    };
    let province_input = clean_line(&input.province);
    let province = provinces::find(&province_input);
    if province.is_none() {
        errors.add("province", "Không nhận ra tỉnh/thành phố");
    }
    let ingredients = text_field(&mut errors, "ingredients", &input.ingredients, 1000, false);
    let shelf_life = text_field(&mut errors, "shelf_life", &input.shelf_life, 120, false);
    let storage = text_field(&mut errors, "storage", &input.storage, 200, false);
    let estamp_code =
        Some(text_field(&mut errors, "estamp_code", &input.estamp_code, 80, false)).filter(|s| !s.is_empty());
    let estamp_url = Some(input.estamp_url.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(url) = &estamp_url
        && (!(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 300)
    {
        errors.add("estamp_url", "Đường dẫn tem truy xuất phải bắt đầu bằng https://");
    }

    if input.variants.is_empty() {
        errors.add("variants", "Cần ít nhất một phân loại (mã SKU, giá, tồn kho)");
    }
    if input.variants.len() > 50 {
        errors.add("variants", "Tối đa 50 phân loại");
    }
    let mut variants = Vec::with_capacity(input.variants.len());
    for (i, v) in input.variants.iter().enumerate() {
        let field = |name: &str| format!("variants[{i}].{name}");
        let sku = match Sku::parse(&v.sku) {
            Ok(sku) => Some(sku.into_string()),
            Err(e) => {
                errors.add(&field("sku"), e.to_string());
                None
            }
        };
        if let Some(sku) = &sku
            && variants.iter().any(|x: &Variant| &x.sku == sku)
        {
            errors.add(&field("sku"), "Mã SKU bị trùng trong sản phẩm");
        }
        let label = text_field(&mut errors, &field("label"), &v.label, 80, false);
        check_price(&mut errors, &field("price_vnd"), v.price_vnd);
        if let Some(compare) = v.compare_at_vnd
            && compare <= v.price_vnd
        {
            errors.add(&field("compare_at_vnd"), "Giá gốc phải cao hơn giá bán");
        }
        check_stock(&mut errors, &field("stock"), v.stock);
        if !(1..=100_000).contains(&v.weight_grams) {
            errors.add(&field("weight_grams"), "Khối lượng từ 1 đến 100.000 gam");
        }
        let unit = text_field(&mut errors, &field("unit"), &v.unit, 40, false);
        if let Some(sku) = sku {
            variants.push(Variant {
                sku,
                label,
                price_vnd: v.price_vnd,
                compare_at_vnd: v.compare_at_vnd,
                stock: v.stock,
                weight_grams: v.weight_grams,
                unit: if unit.is_empty() { "sản phẩm".to_owned() } else { unit },
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(category), Some(province)) = (category, province) else {
        return Err(FieldErrors::single("category", "Nhóm sản phẩm OCOP không hợp lệ"));
    };
    let content = Content {
        name,
        description,
        category: category.code.to_owned(),
        subcategory,
        province_code: province.code.to_owned(),
        province_input,
        ingredients,
        shelf_life,
        storage,
        price_includes_vat: input.price_includes_vat.unwrap_or(true),
        price_includes_shipping: input.price_includes_shipping.unwrap_or(false),
        perishable: input.perishable.unwrap_or(false),
        estamp_code,
        estamp_url,
    };
    Ok((content, variants))
}
