//! Bulk import of products from CSV (UTF-8 with or without BOM, comma or semicolon, as
//! Excel writes it) or JSON Lines, chosen by content. All-or-nothing: every bad row is
//! reported with its row number, column and a Vietnamese message, and nothing is written.
//! Importing again updates by (shop, sku).

use std::collections::{BTreeMap, HashMap};

use ocop_accounts::{Role, User};
use ocop_core::provinces;
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait,
};

use crate::audit::{self, Entry};
use crate::certificates::{self, CertificateInput};
use crate::entity::{product, shop, variant};
use crate::input::{self, ProductInput, VariantInput};
use crate::products::{self, Intake};
use crate::{group, shops};

pub const MAX_ROWS: usize = 50_000;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The shop every row belongs to (a shop's own import); otherwise rows name their shop.
    pub shop: Option<String>,
    /// Approve as imported (admins only).
    pub approve: bool,
    /// Create a shop named in a row that does not exist yet, already verified (admins only).
    pub create_shops: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// 1-based, counting the header as row 1 for CSV.
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub rows: usize,
    pub products_created: usize,
    pub products_updated: usize,
    pub variants_created: usize,
    pub variants_updated: usize,
    pub shops_created: usize,
    pub errors: Vec<RowError>,
}

type Row = (usize, BTreeMap<String, String>);

/// Reads rows from CSV or JSON Lines.
fn read_rows(bytes: &[u8]) -> Result<Vec<Row>, RowError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| RowError {
        row: 0,
        column: String::new(),
        message: "Tệp không phải UTF-8 (trong Excel, chọn Lưu dưới dạng CSV UTF-8)".into(),
    })?;
    if text.trim_start().starts_with('{') {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).map_err(|e| {
                RowError { row: i + 1, column: String::new(), message: format!("Dòng JSON không hợp lệ: {e}") }
            })?;
            let row = value
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.trim().to_lowercase(), text)
                })
                .collect();
            rows.push((i + 1, row));
        }
        return Ok(rows);
    }
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| RowError {
            row: 1, column: String::new(), message: format!("Không đọc được dòng tiêu đề: {e}")
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| RowError {
            row: i + 2,
            column: String::new(),
            message: format!("Dòng CSV không hợp lệ: {e}"),
        })?;
        let row = headers.iter().cloned().zip(record.iter().map(str::to_owned)).collect();
        rows.push((i + 2, row));
    }
    Ok(rows)
}

/// Which shop a row goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum ShopRef {
    Existing(i64),
    /// Created by this import (`--create-shops`), keyed by its name.
    New(String),
}

struct Parsed {
    row: usize,
    shop: ShopRef,
    name: String,
    variant: VariantInput,
    content: ProductInput,
    certificate: Option<CertificateInput>,
}

fn get<'a>(row: &'a BTreeMap<String, String>, column: &str) -> &'a str {
    row.get(column).map_or("", |s| s.trim())
}

fn parse_int(errors: &mut Vec<RowError>, row: usize, column: &str, raw: &str) -> Option<i64> {
    // Excel may write 125.000 or 125,000 for a whole number of đồng; a fraction is refused.
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = if cleaned.len() > 4 && cleaned.chars().rev().nth(3).is_some_and(|c| c == '.' || c == ',') {
        cleaned.replace(['.', ','], "")
    } else {
        cleaned.clone()
    };
    match digits.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            let message = if cleaned.is_empty() {
                "Thiếu giá trị".to_owned()
            } else if cleaned.contains(['.', ',']) {
                format!("'{raw}' không phải số nguyên (tiền đồng không có phần lẻ)")
            } else {
                format!("'{raw}' không phải số nguyên")
            };
            errors.push(RowError { row, column: column.into(), message });
            None
        }
    }
}

/// Maps a checked product's field name back to the import column it came from.
fn column_of(field: &str) -> String {
    match field {
        f if f.ends_with(".price_vnd") => "price_vnd".into(),
        f if f.ends_with(".stock") => "stock".into(),
        f if f.ends_with(".sku") => "sku".into(),
        f if f.ends_with(".weight_grams") => "weight_grams".into(),
        f if f.ends_with(".unit") => "unit".into(),
        f if f.ends_with(".label") => "variant".into(),
        f if f.ends_with(".compare_at_vnd") => "compare_at_vnd".into(),
        other => other.into(),
    }
}

fn push_fields(errors: &mut Vec<RowError>, row: usize, fields: FieldErrors) {
    for (field, message) in fields.0 {
        errors.push(RowError { row, column: column_of(&field), message });
    }
}

/// Checks the whole file; writes only when every row is good.
///
/// # Errors
/// [`Error::Forbidden`] for options the actor may not use, [`Error::NotFound`] for a shop
/// the actor does not act for. Bad rows are not errors: they are in the report.
pub async fn run<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    bytes: &[u8],
    options: &Options,
) -> Result<Report, Error> {
    if (options.approve || options.create_shops) && actor.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    let fixed_shop = match &options.shop {
        Some(slug) => Some(shops::for_member(db, actor, slug).await?),
        None => None,
    };
    if fixed_shop.is_none() && !matches!(actor.role, Role::Admin | Role::Coordinator) {
        return Err(Error::invalid("shop", "Chọn gian hàng cho tệp nhập (--shop)"));
    }
    let mut report = Report::default();
    let rows = match read_rows(bytes) {
        Ok(rows) => rows,
        Err(e) => {
            report.errors.push(e);
            return Ok(report);
        }
    };
    report.rows = rows.len();
    if rows.len() > MAX_ROWS {
        report.errors.push(RowError {
            row: 0,
            column: String::new(),
            message: format!("Tối đa {MAX_ROWS} dòng mỗi lần nhập"),
        });
        return Ok(report);
    }
    let coordinator_provinces = if actor.role == Role::Coordinator {
        crate::coordinators::provinces_of(db, actor.id).await?
    } else {
        Vec::new()
    };

    let mut shop_cache: HashMap<String, Option<shop::Model>> = HashMap::new();
    let mut parsed = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (row_no, row) in &rows {
        let row_no = *row_no;
        for column in ["sku", "name", "category", "province", "price_vnd", "stock"] {
            if get(row, column).is_empty() {
                errors.push(RowError { row: row_no, column: column.into(), message: "Thiếu giá trị".into() });
            }
        }
        let shop_ref = if let Some(fixed) = &fixed_shop {
            let named = get(row, "shop");
            if !named.is_empty() && named != fixed.slug && clean_line(named) != fixed.name {
                errors.push(RowError {
                    row: row_no,
                    column: "shop".into(),
                    message: format!("Tệp chỉ dành cho gian hàng {}", fixed.name),
                });
            }
            Some(ShopRef::Existing(fixed.id))
        } else {
            let named = clean_line(get(row, "shop"));
            if named.is_empty() {
                errors.push(RowError {
                    row: row_no,
                    column: "shop".into(),
                    message: "Thiếu gian hàng (slug hoặc tên)".into(),
                });
                None
            } else {
                if !shop_cache.contains_key(&named) {
                    let by_slug = shop::Entity::find().filter(shop::Column::Slug.eq(&named)).one(db).await?;
                    let found = match by_slug {
                        Some(s) => Some(s),
                        None => shop::Entity::find().filter(shop::Column::Name.eq(&named)).one(db).await?,
                    };
                    shop_cache.insert(named.clone(), found);
                }
                match shop_cache.get(&named).cloned().flatten() {
                    Some(s) if actor.role == Role::Coordinator && !coordinator_provinces.contains(&s.province_code) => {
                        errors.push(RowError {
                            row: row_no,
                            column: "shop".into(),
                            message: "Gian hàng không thuộc tỉnh bạn phụ trách".into(),
                        });
                        None
                    }
                    Some(s) => Some(ShopRef::Existing(s.id)),
                    None if options.create_shops => Some(ShopRef::New(named)),
                    None => {
                        errors.push(RowError {
                            row: row_no,
                            column: "shop".into(),
                            message: format!("Không có gian hàng '{named}'"),
                        });
                        None
                    }
                }
            }
        };
        let price = parse_int(&mut errors, row_no, "price_vnd", get(row, "price_vnd"));
        let stock = parse_int(&mut errors, row_no, "stock", get(row, "stock"));
        let weight = match get(row, "weight_grams") {
            "" => Some(1),
            raw => parse_int(&mut errors, row_no, "weight_grams", raw),
        };
        let stars = match get(row, "ocop_stars") {
            "" => None,
            raw => parse_int(&mut errors, row_no, "ocop_stars", raw),
        };
        let category = get(row, "category");
        if !category.is_empty() && group::find(category).is_none() {
            errors.push(RowError {
                row: row_no,
                column: "category".into(),
                message: format!("Nhóm OCOP '{category}' không có (dùng mã như thuc-pham hoặc tên nhóm)"),
            });
        }
        let province = get(row, "province");
        if !province.is_empty() && provinces::find(province).is_none() {
            errors.push(RowError {
                row: row_no,
                column: "province".into(),
                message: format!("Không nhận ra tỉnh/thành phố '{province}'"),
            });
        }
        let certificate = match (get(row, "certificate_number"), stars) {
            ("", None) => None,
            ("", Some(_)) => {
                errors.push(RowError {
                    row: row_no,
                    column: "certificate_number".into(),
                    message: "Có số sao OCOP thì cần số quyết định chứng nhận".into(),
                });
                None
            }
            (number, stars) => Some(CertificateInput {
                stars: stars.unwrap_or(0),
                decision_number: number.to_owned(),
                decision_date: get(row, "certificate_date").to_owned(),
                authority: get(row, "certificate_authority").to_owned(),
            }),
        };
        let variant = VariantInput {
            sku: get(row, "sku").to_owned(),
            label: get(row, "variant").to_owned(),
            price_vnd: price.unwrap_or(0),
            compare_at_vnd: None,
            stock: stock.unwrap_or(0),
            weight_grams: weight.and_then(|w| i32::try_from(w).ok()).unwrap_or(0),
            unit: get(row, "unit").to_owned(),
        };
        let content = ProductInput {
            name: get(row, "name").to_owned(),
            description: get(row, "description").to_owned(),
            category: category.to_owned(),
            subcategory: get(row, "subcategory").to_owned(),
            province: province.to_owned(),
            variants: vec![variant.clone()],
            ..Default::default()
        };
        // Field-level checks of the row as a one-variant product, and of its certificate.
        if price.is_some()
            && stock.is_some()
            && weight.is_some()
            && let Err(fields) = input::check(&content)
        {
            let fields =
                FieldErrors(fields.0.into_iter().filter(|(k, _)| k != "category" && k != "province").collect());
            push_fields(&mut errors, row_no, fields);
        }
        if let Some(c) = &certificate
            && let Err(fields) = certificates::check(c)
        {
            push_fields(&mut errors, row_no, fields);
        }
        if let Some(shop) = shop_ref {
            parsed.push(Parsed {
                row: row_no,
                shop,
                name: clean_line(get(row, "name")),
                variant,
                content,
                certificate,
            });
        }
    }

    // A SKU twice in one shop within the file.
    let mut seen: HashMap<(ShopRef, String), usize> = HashMap::new();
    for p in &parsed {
        if let Some(sku) = input::parse_sku(&p.variant.sku)
            && let Some(first) = seen.insert((p.shop.clone(), sku.clone()), p.row)
        {
            errors.push(RowError {
                row: p.row,
                column: "sku".into(),
                message: format!("Mã SKU {sku} đã có ở dòng {first}"),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        errors.dedup();
        report.errors = errors;
        return Ok(report);
    }
    write(db, actor, options, parsed, &mut report).await?;
    Ok(report)
}

async fn write<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    options: &Options,
    parsed: Vec<Parsed>,
    report: &mut Report,
) -> Result<(), Error> {
    // Rows of one shop with the same name are variants of one product, in file order.
    let mut groups: Vec<((ShopRef, String), Vec<Parsed>)> = Vec::new();
    let mut index: HashMap<(ShopRef, String), usize> = HashMap::new();
    for p in parsed {
        let key = (p.shop.clone(), p.name.clone());
        match index.get(&key) {
            Some(&i) => groups[i].1.push(p),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![p]));
            }
        }
    }
    let txn = db.begin().await?;
    let mut created_shops: HashMap<String, shop::Model> = HashMap::new();
    for ((shop_ref, name), members) in groups {
        let owner = match &shop_ref {
            ShopRef::Existing(id) => {
                shop::Entity::find_by_id(*id).one(&txn).await?.ok_or(Error::NotFound { what: "gian hàng" })?
            }
            ShopRef::New(shop_name) => {
                if let Some(s) = created_shops.get(shop_name) {
                    s.clone()
                } else {
                    let province = provinces::find(&members[0].content.province).map_or("ha-noi", |p| p.code);
                    let s = shops::create_named(&txn, actor, shop_name, province).await?;
                    report.shops_created += 1;
                    created_shops.insert(shop_name.clone(), s.clone());
                    s
                }
            }
        };
        let first = &members[0];
        let certificate_id = match &first.certificate {
            Some(c) => Some(certificates::record(&txn, actor, &owner, c, options.approve).await?.id),
            None => None,
        };
        let mut content_input = first.content.clone();
        content_input.variants = members.iter().map(|m| m.variant.clone()).collect();
        let (content, variants) = input::check(&content_input).map_err(Error::Invalid)?;
        // Existing product: by name in the shop, else by any of its SKUs.
        let skus: Vec<String> = variants.iter().map(|v| v.sku.clone()).collect();
        let existing_variants = variant::Entity::find()
            .filter(variant::Column::ShopId.eq(owner.id))
            .filter(variant::Column::Sku.is_in(skus.clone()))
            .all(&txn)
            .await?;
        let existing = match product::Entity::find()
            .filter(product::Column::ShopId.eq(owner.id))
            .filter(product::Column::Name.eq(&name))
            .one(&txn)
            .await?
        {
            Some(p) => Some(p),
            None => match existing_variants.first() {
                Some(v) => product::Entity::find_by_id(v.product_id).one(&txn).await?,
                None => None,
            },
        };
        match existing {
            None => {
                let intake = if options.approve { Intake::Approve } else { Intake::Submit };
                products::insert(&txn, actor, &owner, &content, &variants, intake, certificate_id).await?;
                report.products_created += 1;
                report.variants_created += variants.len();
            }
            Some(product) => {
                let mut position = i32::try_from(existing_variants.len()).unwrap_or(0);
                for v in &variants {
                    match existing_variants.iter().find(|e| e.sku == v.sku) {
                        Some(e) if e.product_id == product.id => {
                            let mut active: variant::ActiveModel = e.clone().into();
                            active.label = Set(v.label.clone());
                            active.price_vnd = Set(v.price_vnd);
                            active.stock = Set(v.stock);
                            active.weight_grams = Set(v.weight_grams);
                            active.unit = Set(v.unit.clone());
                            active.update(&txn).await?;
                            if e.price_vnd != v.price_vnd {
                                audit::record(
                                    &txn,
                                    Entry {
                                        actor_id: Some(actor.id),
                                        action: "variant.price",
                                        entity: "product",
                                        entity_id: product.id,
                                        before: Some(serde_json::json!({"sku": e.sku, "price_vnd": e.price_vnd})),
                                        after: Some(serde_json::json!({"sku": v.sku, "price_vnd": v.price_vnd, "via": "import"})),
                                        reason: None,
                                    },
                                )
                                .await?;
                            }
                            report.variants_updated += 1;
                        }
                        Some(_) => {
                            return Err(Error::Conflict {
                                code: "duplicate_sku",
                                field: None,
                                message: format!("Mã SKU {} thuộc một sản phẩm khác của gian hàng", v.sku),
                            });
                        }
                        None => {
                            variant::ActiveModel {
                                product_id: Set(product.id),
                                shop_id: Set(owner.id),
                                sku: Set(v.sku.clone()),
                                label: Set(v.label.clone()),
                                price_vnd: Set(v.price_vnd),
                                compare_at_vnd: Set(None),
                                stock: Set(v.stock),
                                weight_grams: Set(v.weight_grams),
                                unit: Set(v.unit.clone()),
                                position: Set(position),
                                ..Default::default()
                            }
                            .insert(&txn)
                            .await?;
                            position += 1;
                            report.variants_created += 1;
                        }
                    }
                }
                if certificate_id.is_some() && product.certificate_id != certificate_id {
                    let mut active: product::ActiveModel = product.clone().into();
                    active.certificate_id = Set(certificate_id);
                    active.update(&txn).await?;
                }
                report.products_updated += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}
