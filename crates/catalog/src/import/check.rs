//! The first pass: every row checked, its shop looked up (500 rows' shops at a time), and
//! only the keys rows are compared on kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use ocop_accounts::{Role, User};
use ocop_core::provinces;
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::rows::Rows;
use super::{GroupKey, Options, Parsed, Progress, Report, RowError, ShopRef, Source, Step};
use crate::certificates::{self, CertificateInput};
use crate::entity::shop;
use crate::input::{self, ProductInput, VariantInput};
use crate::{group, shops};

pub(super) fn get<'a>(row: &'a BTreeMap<String, String>, column: &str) -> &'a str {
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

pub(super) fn push_fields(errors: &mut Vec<RowError>, row: usize, fields: FieldErrors) {
    for (field, message) in fields.0 {
        errors.push(RowError { row, column: column_of(&field), message });
    }
}

impl<'a> Checker<'a> {
    /// A checker for what `actor` may import with `options`.
    pub(super) async fn for_actor<C: ConnectionTrait>(
        db: &C,
        actor: &'a User,
        options: &'a Options,
    ) -> Result<Self, Error> {
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
        let coordinator_provinces = if actor.role == Role::Coordinator {
            crate::coordinators::provinces_of(db, actor.id).await?
        } else {
            Vec::new()
        };
        Ok(Checker { actor, options, fixed_shop, coordinator_provinces, shop_cache: HashMap::new() })
    }
}

/// What the first pass keeps for the second.
pub(super) struct FileCheck {
    /// Each product's last row and certificate.
    pub(super) groups: HashMap<GroupKey, GroupCheck>,
    /// Shops the file names that do not exist yet, with the province of the first row naming each.
    pub(super) new_shops: Vec<(String, String)>,
}

/// Rows read before the shops they name are looked up together.
const SHOP_LOOKUP_BATCH: usize = 500;

/// First pass: checks every row, remembering only the keys rows are compared on. Returns
/// what the second pass needs, or every bad row.
pub(super) async fn check_all<C: ConnectionTrait>(
    db: &C,
    checker: &mut Checker<'_>,
    source: &Source<'_>,
    progress: &dyn Progress,
    report: &mut Report,
) -> Result<Result<FileCheck, Vec<RowError>>, Error> {
    let mut rows = match Rows::open(source.open()?) {
        Ok(rows) => rows,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut pass = FirstPass::default();
    let mut chunk = Vec::with_capacity(SHOP_LOOKUP_BATCH);
    let mut ended = false;
    while !ended {
        while chunk.len() < SHOP_LOOKUP_BATCH {
            match rows.next() {
                Some(Ok(row)) => chunk.push(row),
                Some(Err(e)) => {
                    pass.errors.push(e);
                    ended = true;
                    break;
                }
                None => {
                    ended = true;
                    break;
                }
            }
        }
        checker.look_up_shops(db, chunk.iter().map(|(_, row)| row)).await?;
        for (row_no, row) in chunk.drain(..) {
            report.rows += 1;
            if report.rows.is_multiple_of(1000) {
                progress.step(Step::Checking { done: report.rows });
            }
            if let Some(p) = checker.check(db, row_no, &row, &mut pass.errors).await? {
                pass.keep(&p);
            }
        }
    }
    let FirstPass { groups, new_shops, errors, .. } = pass;
    Ok(if errors.is_empty() { Ok(FileCheck { groups, new_shops }) } else { Err(errors) })
}

/// The first pass's state.
#[derive(Default)]
struct FirstPass {
    errors: Vec<RowError>,
    /// (shop, SKU) → the row that first named it.
    seen: HashMap<(ShopRef, String), usize>,
    groups: HashMap<GroupKey, GroupCheck>,
    new_shops: Vec<(String, String)>,
    new_shop_names: HashSet<String>,
}

impl FirstPass {
    /// Remembers a good row's keys: its new shop, its SKU, its product.
    fn keep(&mut self, p: &Parsed) {
        if let ShopRef::New(name) = &p.shop
            && self.new_shop_names.insert(name.clone())
        {
            self.new_shops.push((name.clone(), p.content.province.clone()));
        }
        // A SKU twice in one shop within the file.
        if let Some(sku) = input::parse_sku(&p.variant.sku)
            && let Some(first) = self.seen.insert((p.shop.clone(), sku.clone()), p.row)
        {
            self.errors.push(RowError {
                row: p.row,
                column: "sku".into(),
                message: format!("Mã SKU {sku} đã có ở dòng {first}"),
            });
        }
        let group = self.groups.entry((p.shop.clone(), p.name.clone())).or_default();
        group.last_row = p.row;
        group.cite(p, &mut self.errors);
    }
}

impl GroupCheck {
    /// A product has one star count, whichever of its rows says it.
    fn cite(&mut self, p: &Parsed, errors: &mut Vec<RowError>) {
        let Some((number, stars)) = p.certified() else { return };
        match &self.certificate {
            None => self.certificate = Some((number, stars, p.row)),
            Some((first_number, first_stars, first_row)) if *first_stars != stars => errors.push(RowError {
                row: p.row,
                column: "ocop_stars".into(),
                message: format!(
                    "Sản phẩm này đã ghi {first_stars} sao ở dòng {first_row} (quyết định {first_number}); một sản phẩm chỉ có một số sao"
                ),
            }),
            Some(_) => {}
        }
    }
}

/// What the first pass keeps of a product: its last row, and the certificate (number,
/// stars, row) its first certified row cites.
#[derive(Debug, Default)]
pub(super) struct GroupCheck {
    pub(super) last_row: usize,
    certificate: Option<(String, i16, usize)>,
}

/// Checks one row at a time; remembers the shops it looked up.
pub(super) struct Checker<'a> {
    pub(super) actor: &'a User,
    pub(super) options: &'a Options,
    fixed_shop: Option<shop::Model>,
    coordinator_provinces: Vec<String>,
    shop_cache: HashMap<String, Option<shop::Model>>,
}

impl Checker<'_> {
    /// Looks up together the shops `rows` name that are not known yet: by slug, else by
    /// name, as [`Checker::check`] would one at a time.
    async fn look_up_shops<'r, C: ConnectionTrait>(
        &mut self,
        db: &C,
        rows: impl Iterator<Item = &'r BTreeMap<String, String>>,
    ) -> Result<(), Error> {
        if self.fixed_shop.is_some() {
            return Ok(());
        }
        let mut wanted: Vec<String> = rows
            .map(|row| clean_line(get(row, "shop")))
            .filter(|named| !named.is_empty() && !self.shop_cache.contains_key(named))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let found = shop::Entity::find()
            .filter(
                Condition::any()
                    .add(shop::Column::Slug.is_in(wanted.clone()))
                    .add(shop::Column::Name.is_in(wanted.clone())),
            )
            .all(db)
            .await?;
        let by_slug: HashMap<&str, &shop::Model> = found.iter().map(|s| (s.slug.as_str(), s)).collect();
        let by_name: HashMap<&str, &shop::Model> = found.iter().map(|s| (s.name.as_str(), s)).collect();
        for named in wanted {
            let shop = by_slug.get(named.as_str()).or_else(|| by_name.get(named.as_str())).map(|s| (*s).clone());
            self.shop_cache.insert(named, shop);
        }
        Ok(())
    }

    /// The row as a one-variant product and its certificate, or `None` when its shop is
    /// unknown; bad fields go to `errors`.
    pub(super) async fn check<C: ConnectionTrait>(
        &mut self,
        db: &C,
        row_no: usize,
        row: &BTreeMap<String, String>,
        errors: &mut Vec<RowError>,
    ) -> Result<Option<Parsed>, Error> {
        for column in ["sku", "name", "category", "province", "price_vnd", "stock"] {
            if get(row, column).is_empty() {
                errors.push(RowError { row: row_no, column: column.into(), message: "Thiếu giá trị".into() });
            }
        }
        let shop_ref = if let Some(fixed) = &self.fixed_shop {
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
                if !self.shop_cache.contains_key(&named) {
                    let by_slug = shop::Entity::find().filter(shop::Column::Slug.eq(&named)).one(db).await?;
                    let found = match by_slug {
                        Some(s) => Some(s),
                        None => shop::Entity::find().filter(shop::Column::Name.eq(&named)).one(db).await?,
                    };
                    self.shop_cache.insert(named.clone(), found);
                }
                match self.shop_cache.get(&named).cloned().flatten() {
                    Some(s)
                        if self.actor.role == Role::Coordinator
                            && !self.coordinator_provinces.contains(&s.province_code) =>
                    {
                        errors.push(RowError {
                            row: row_no,
                            column: "shop".into(),
                            message: "Gian hàng không thuộc tỉnh bạn phụ trách".into(),
                        });
                        None
                    }
                    Some(s) => Some(ShopRef::Existing(s.id)),
                    None if self.options.create_shops => Some(ShopRef::New(named)),
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
        let price = parse_int(errors, row_no, "price_vnd", get(row, "price_vnd"));
        let stock = parse_int(errors, row_no, "stock", get(row, "stock"));
        let weight = match get(row, "weight_grams") {
            "" => Some(1),
            raw => parse_int(errors, row_no, "weight_grams", raw),
        };
        let stars = match get(row, "ocop_stars") {
            "" => None,
            raw => parse_int(errors, row_no, "ocop_stars", raw),
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
            push_fields(errors, row_no, fields);
        }
        let mut checked_certificate = None;
        if let Some(c) = certificate {
            match certificates::check(&c) {
                Ok(k) => checked_certificate = Some((c, k.number, k.stars)),
                Err(fields) => push_fields(errors, row_no, fields),
            }
        }
        Ok(shop_ref.map(|shop| Parsed {
            row: row_no,
            shop,
            name: clean_line(get(row, "name")),
            variant,
            content,
            certificate: checked_certificate,
        }))
    }
}
