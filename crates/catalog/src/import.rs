//! Bulk import of products from CSV (UTF-8 with or without BOM, comma or semicolon, as
//! Excel writes it) or JSON Lines, chosen by content. All-or-nothing: every bad row is
//! reported with its row number, column and a Vietnamese message, and nothing is written.
//! Importing again updates by (shop, sku).
//!
//! A file of any size is read twice, a row at a time: the first pass checks every row and
//! keeps only what rows are compared on (each row's shop and SKU, each product's name, last
//! row and certificate); the second pass writes inside one transaction, holding a product's
//! rows only until its last row. Memory grows with those keys, not with the file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use ocop_accounts::{Role, User};
use ocop_core::provinces;
use ocop_core::text::clean_line;
use ocop_core::{Actor, Error, FieldErrors};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

use crate::audit::{self, Entry};
use crate::certificates::{self, CertificateInput};
use crate::conflicts;
use crate::entity::{certificate, product, shop, variant};
use crate::input::{self, ProductInput, VariantInput};
use crate::new_products::{self, NewProduct};
use crate::new_shops;
use crate::products::{Certification, Intake};
use crate::{group, shops, slugs};

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

/// Where the rows come from: bytes in memory (an upload) or a file read twice from disk.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

impl<'a> Source<'a> {
    fn open(&self) -> Result<Box<dyn BufRead + Send + 'a>, Error> {
        match *self {
            Source::Bytes(bytes) => Ok(Box::new(bytes)),
            Source::File(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| Error::internal(format!("{} cannot be read: {e}", path.display())))?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
            }
        }
    }
}

/// What an import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// First pass: `done` rows checked so far.
    Checking { done: usize },
    /// Second pass: `done` of `total` rows written (not yet committed).
    Writing { done: usize, total: usize },
    /// Every row is written; the transaction commits.
    Committing,
}

/// Told of each row as an import goes (a terminal's progress bar).
pub trait Progress: Send + Sync {
    fn step(&self, step: Step);
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {
    fn step(&self, _: Step) {}
}

/// What an upload over `limit_bytes` is told: the cap, and how to split the file.
pub fn too_large(limit_bytes: usize) -> String {
    let mib = limit_bytes / (1024 * 1024);
    format!(
        "Tệp lớn hơn {mib} MB, mức tối đa của một lần tải lên. Hãy chia thành nhiều tệp dưới {mib} MB \
         (khoảng 50.000 dòng mỗi tệp), mỗi tệp giữ dòng tiêu đề và để các dòng của cùng một sản phẩm \
         trong một tệp; hoặc nhờ quản trị viên nhập cả tệp bằng lệnh ocop import products, không giới hạn số dòng."
    )
}

type Row = (usize, BTreeMap<String, String>);

const NOT_UTF8: &str = "Tệp không phải UTF-8 (trong Excel, chọn Lưu dưới dạng CSV UTF-8)";

fn read_error(row: usize, message: impl Into<String>) -> RowError {
    RowError { row, column: String::new(), message: message.into() }
}

/// Rows of a CSV or JSON Lines file, one at a time.
enum Rows<'a> {
    Json {
        reader: Box<dyn BufRead + Send + 'a>,
        line: usize,
        buf: String,
    },
    Csv {
        reader: Box<csv::Reader<Box<dyn BufRead + Send + 'a>>>,
        headers: Vec<String>,
        record: csv::StringRecord,
        index: usize,
    },
    Done,
}

impl<'a> Rows<'a> {
    /// Reads up to the first line that is not blank to tell JSON Lines from CSV.
    fn open(mut reader: Box<dyn BufRead + Send + 'a>) -> Result<Self, RowError> {
        let mut head = Vec::new();
        loop {
            let read = reader.read_until(b'\n', &mut head).map_err(|e| read_error(1, format!("{e}")))?;
            let text = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
            if read == 0 || !text.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let head = head.strip_prefix("\u{feff}".as_bytes()).map(<[u8]>::to_vec).unwrap_or(head);
        let first = std::str::from_utf8(&head).map_err(|_| read_error(1, NOT_UTF8))?;
        let json = first.trim_start().starts_with('{');
        let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
        let reader: Box<dyn BufRead + Send + 'a> = Box::new(std::io::Cursor::new(head).chain(reader));
        if json {
            return Ok(Rows::Json { reader, line: 0, buf: String::new() });
        }
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(reader);
        let headers = reader
            .headers()
            .map_err(|e| read_error(1, format!("Không đọc được dòng tiêu đề: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        Ok(Rows::Csv { reader: Box::new(reader), headers, record: csv::StringRecord::new(), index: 0 })
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = match self {
            Rows::Done => return None,
            Rows::Json { reader, line, buf } => loop {
                buf.clear();
                *line += 1;
                match reader.read_line(buf) {
                    Ok(0) => return None,
                    Err(e) if e.kind() == std::io::ErrorKind::InvalidData => break Err(read_error(*line, NOT_UTF8)),
                    Err(e) => break Err(read_error(*line, format!("{e}"))),
                    Ok(_) if buf.trim().is_empty() => {}
                    Ok(_) => {
                        let parsed: Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(buf);
                        break match parsed {
                            Err(e) => Err(read_error(*line, format!("Dòng JSON không hợp lệ: {e}"))),
                            Ok(value) => Ok((
                                *line,
                                value
                                    .into_iter()
                                    .map(|(k, v)| {
                                        let text = match v {
                                            serde_json::Value::String(s) => s,
                                            serde_json::Value::Null => String::new(),
                                            other => other.to_string(),
                                        };
                                        (k.trim().to_lowercase(), text)
                                    })
                                    .collect(),
                            )),
                        };
                    }
                }
            },
            Rows::Csv { reader, headers, record, index } => {
                *index += 1;
                let row = *index + 1;
                match reader.read_record(record) {
                    Ok(false) => return None,
                    Ok(true) => Ok((row, headers.iter().cloned().zip(record.iter().map(str::to_owned)).collect())),
                    Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => Err(read_error(row, NOT_UTF8)),
                    Err(e) => Err(read_error(row, format!("Dòng CSV không hợp lệ: {e}"))),
                }
            }
        };
        if item.is_err() {
            *self = Rows::Done;
        }
        Some(item)
    }
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
    /// The row's certificate as typed, with its checked decision number and stars.
    certificate: Option<(CertificateInput, String, i16)>,
}

impl Parsed {
    fn certified(&self) -> Option<(String, i16)> {
        self.certificate.as_ref().map(|(_, number, stars)| (number.clone(), *stars))
    }
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
    run_from(db, actor, Source::Bytes(bytes), options, &Quiet).await
}

/// [`run`] from any [`Source`], telling `progress` how far it got.
///
/// # Errors
/// As [`run`].
pub async fn run_from<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &User,
    source: Source<'_>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let mut checker = Checker::for_actor(db, actor, options).await?;
    let mut report = Report::default();
    let checked = match check_all(db, &mut checker, &source, progress, &mut report).await? {
        Ok(checked) => checked,
        Err(errors) => {
            report.errors = sorted(errors);
            return Ok(report);
        }
    };
    write_all(db, &mut checker, &source, &checked, progress, report).await
}

impl<'a> Checker<'a> {
    /// A checker for what `actor` may import with `options`.
    async fn for_actor<C: ConnectionTrait>(db: &C, actor: &'a User, options: &'a Options) -> Result<Self, Error> {
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
struct FileCheck {
    /// Each product's last row and certificate.
    groups: HashMap<GroupKey, GroupCheck>,
    /// Shops the file names that do not exist yet, with the province of the first row naming each.
    new_shops: Vec<(String, String)>,
}

/// Rows read before the shops they name are looked up together.
const SHOP_LOOKUP_BATCH: usize = 500;

/// First pass: checks every row, remembering only the keys rows are compared on. Returns
/// what the second pass needs, or every bad row.
async fn check_all<C: ConnectionTrait>(
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

/// Second pass: writes in one transaction; a product's rows wait for its last row. Rolls
/// back, reporting why, when a row turns bad now (the file changed, or it contradicts what
/// is already certified).
async fn write_all<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    checker: &mut Checker<'_>,
    source: &Source<'_>,
    checked: &FileCheck,
    progress: &dyn Progress,
    mut report: Report,
) -> Result<Report, Error> {
    let total = report.rows;
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // The tables grow by thousands of rows inside this one transaction, where no ANALYZE
        // sees them: a plan cached while they were small (a sequential scan for the slug
        // probes) would make the import quadratic. Plan each probe for the table as it is.
        txn.execute_unprepared("SET LOCAL plan_cache_mode = force_custom_plan").await?;
    }
    let mut writer = Writer {
        txn: &txn,
        actor: checker.actor.actor(),
        options: checker.options,
        shops: HashMap::new(),
        certificates: HashMap::new(),
        new_certificates: Vec::new(),
        picker: slugs::Picker::default(),
        pending: HashMap::new(),
        fresh: Vec::new(),
        errors: Vec::new(),
    };
    writer.create_shops(&checked.new_shops, &mut report).await?;
    let mut done = 0;
    for row in Rows::open(source.open()?).map_err(|e| Error::internal(e.message))? {
        let (row_no, row) = row.map_err(|e| Error::internal(format!("dòng {}: {}", e.row, e.message)))?;
        let Some(p) = checker.check(db, row_no, &row, &mut writer.errors).await? else { continue };
        done += 1;
        if done % 1000 == 0 {
            progress.step(Step::Writing { done, total });
        }
        let key = (p.shop.clone(), p.name.clone());
        let last = checked.groups.get(&key).is_none_or(|g| g.last_row <= p.row);
        let mut members = writer.pending.remove(&key).unwrap_or_default();
        members.push(p);
        if last {
            writer.write_group(key, members, &mut report).await?;
        } else {
            writer.pending.insert(key, members);
        }
    }
    writer.flush().await?;
    if !writer.errors.is_empty() || !writer.pending.is_empty() {
        if !writer.pending.is_empty() {
            writer.errors.push(read_error(total + 1, "Tệp đã thay đổi trong lúc nhập; vui lòng nhập lại"));
        }
        let errors = std::mem::take(&mut writer.errors);
        drop(writer);
        txn.rollback().await?;
        let Report { rows, .. } = report;
        return Ok(Report { rows, errors: sorted(errors), ..Report::default() });
    }
    drop(writer);
    progress.step(Step::Committing);
    txn.commit().await?;
    Ok(report)
}

fn sorted(mut errors: Vec<RowError>) -> Vec<RowError> {
    errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    errors.dedup();
    errors
}

type GroupKey = (ShopRef, String);

/// What the first pass keeps of a product: its last row, and the certificate (number,
/// stars, row) its first certified row cites.
#[derive(Debug, Default)]
struct GroupCheck {
    last_row: usize,
    certificate: Option<(String, i16, usize)>,
}

/// Checks one row at a time; remembers the shops it looked up.
struct Checker<'a> {
    actor: &'a User,
    options: &'a Options,
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
    async fn check<C: ConnectionTrait>(
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

/// The second pass's state, inside the import's transaction.
struct Writer<'a, T> {
    txn: &'a T,
    actor: Actor,
    options: &'a Options,
    shops: HashMap<ShopRef, (shop::Model, bool)>,
    /// (shop id, decision number) → the certificate, found or recorded.
    certificates: HashMap<CertificateKey, certificate::Model>,
    /// Certificates of shops this import created, recorded with the next batch of products.
    new_certificates: Vec<(CertificateKey, CertificateInput)>,
    picker: slugs::Picker,
    /// Rows of products whose last row is still to come.
    pending: HashMap<GroupKey, Vec<Parsed>>,
    /// New products waiting to be written together (see [`FRESH_BATCH`]).
    fresh: Vec<Fresh>,
    /// Rows that contradict what is already certified.
    errors: Vec<RowError>,
}

/// New products written per batch: a few statements each, not six per product.
const FRESH_BATCH: usize = 500;

/// A shop's certificate: (shop id, decision number).
type CertificateKey = (i64, String);

/// A new product waiting for its batch, and the stars it claims under a certificate that
/// is recorded with the batch.
struct Fresh {
    product: NewProduct,
    cites: Option<(CertificateKey, i16)>,
}

impl<T: ConnectionTrait> Writer<'_, T> {
    /// The shop, and whether this import created it (then it has nothing to update).
    async fn shop(&mut self, shop_ref: &ShopRef) -> Result<(shop::Model, bool), Error> {
        if let Some(found) = self.shops.get(shop_ref) {
            return Ok(found.clone());
        }
        let found = match shop_ref {
            ShopRef::Existing(id) => (
                shop::Entity::find_by_id(*id).one(self.txn).await?.ok_or(Error::NotFound { what: "gian hàng" })?,
                false,
            ),
            // Created before the first product by `create_shops`.
            ShopRef::New(shop_name) => {
                return Err(Error::internal(format!("shop '{shop_name}' was not created before its products")));
            }
        };
        self.shops.insert(shop_ref.clone(), found.clone());
        Ok(found)
    }

    async fn certificate(
        &mut self,
        owner: &shop::Model,
        input: &CertificateInput,
        number: &str,
    ) -> Result<certificate::Model, Error> {
        let key = (owner.id, number.to_owned());
        if let Some(found) = self.certificates.get(&key) {
            return Ok(found.clone());
        }
        let found = certificates::record(self.txn, &self.actor, owner, input, self.options.approve).await?;
        self.certificates.insert(key, found.clone());
        Ok(found)
    }

    /// Creates the shops the file names that do not exist yet, all at once.
    async fn create_shops(&mut self, new: &[(String, String)], report: &mut Report) -> Result<(), Error> {
        if new.is_empty() {
            return Ok(());
        }
        let named: Vec<(String, &'static str)> = new
            .iter()
            .map(|(name, province)| (name.clone(), provinces::find(province).map_or("ha-noi", |p| p.code)))
            .collect();
        let created = new_shops::create_named_many(self.txn, &self.actor, &named).await?;
        report.shops_created += created.len();
        for ((name, _), shop) in new.iter().zip(created) {
            self.shops.insert(ShopRef::New(name.clone()), (shop, true));
        }
        Ok(())
    }

    /// Writes the new products waiting for their batch, after the certificates they cite.
    async fn flush(&mut self) -> Result<(), Error> {
        let new_certificates = std::mem::take(&mut self.new_certificates);
        if !new_certificates.is_empty() {
            let inputs: Vec<(i64, &CertificateInput)> =
                new_certificates.iter().map(|((shop_id, _), input)| (*shop_id, input)).collect();
            let recorded = certificates::record_new(self.txn, &self.actor, &inputs, self.options.approve).await?;
            for ((key, _), cert) in new_certificates.into_iter().zip(recorded) {
                self.certificates.insert(key, cert);
            }
        }
        let mut products = Vec::with_capacity(self.fresh.len());
        for Fresh { mut product, cites } in std::mem::take(&mut self.fresh) {
            if let Some((key, stars)) = cites {
                let cert = self.certificates.get(&key).ok_or_else(|| Error::internal("certificate not recorded"))?;
                product.certificate = Some(Certification { certificate_id: cert.id, stars });
            }
            products.push(product);
        }
        new_products::insert_many(self.txn, &self.actor, &products, &mut self.picker).await?;
        Ok(())
    }

    /// Writes one product: its rows are its variants, in file order.
    async fn write_group(&mut self, key: GroupKey, members: Vec<Parsed>, report: &mut Report) -> Result<(), Error> {
        let (shop_ref, name) = key;
        let Some(first) = members.first() else { return Ok(()) };
        let (owner, created_here) = self.shop(&shop_ref).await?;
        // The product's certification comes from its first row citing a decision.
        let cited = members.iter().find_map(|m| m.certificate.as_ref().map(|c| (m.row, c)));
        // A shop this import created has no certificates yet: its new ones are recorded with
        // the next batch of products (only new products can cite them).
        let mut deferred = None;
        let certification = match cited {
            Some((row, (input, number, stars))) if created_here => {
                let key = (owner.id, number.clone());
                match self.certificates.get(&key) {
                    Some(cert) => Some((row, cert.clone(), *stars)),
                    None => {
                        if !self.new_certificates.iter().any(|(k, _)| *k == key) {
                            self.new_certificates.push((key.clone(), input.clone()));
                        }
                        deferred = Some((key, *stars));
                        None
                    }
                }
            }
            Some((row, (input, number, stars))) => {
                let cert = self.certificate(&owner, input, number).await?;
                Some((row, cert, *stars))
            }
            None => None,
        };
        let mut content_input = first.content.clone();
        content_input.variants = members.iter().map(|m| m.variant.clone()).collect();
        let (content, variants) = input::check(&content_input).map_err(Error::Invalid)?;
        let txn = self.txn;
        // Existing product: by name in the shop, else by any of its SKUs. A shop this
        // import created has none.
        let (existing_variants, existing) = if created_here {
            (Vec::new(), None)
        } else {
            let skus: Vec<String> = variants.iter().map(|v| v.sku.clone()).collect();
            let existing_variants = variant::Entity::find()
                .filter(variant::Column::ShopId.eq(owner.id))
                .filter(variant::Column::Sku.is_in(skus))
                .all(txn)
                .await?;
            let existing = match product::Entity::find()
                .filter(product::Column::ShopId.eq(owner.id))
                .filter(product::Column::Name.eq(&name))
                .one(txn)
                .await?
            {
                Some(p) => Some(p),
                None => match existing_variants.first() {
                    Some(v) => product::Entity::find_by_id(v.product_id).one(txn).await?,
                    None => None,
                },
            };
            (existing_variants, existing)
        };
        let Some(product) = existing else {
            let intake = match &certification {
                _ if self.options.approve => Intake::Approve,
                // The decision was verified with the products it listed then; this one, and
                // the stars its row claims, nobody has checked yet.
                Some((_, cert, _)) if cert.status == "verified" => Intake::Review,
                // Includes a certificate still to be recorded: verified only when approving.
                _ => Intake::Submit,
            };
            let granted =
                certification.as_ref().map(|(_, c, stars)| Certification { certificate_id: c.id, stars: *stars });
            report.products_created += 1;
            report.variants_created += variants.len();
            // No later row can name this product (its name was last seen here, its SKUs
            // are new), so it can wait for its batch.
            let product = NewProduct { owner, content, variants, intake, certificate: granted };
            self.fresh.push(Fresh { product, cites: deferred });
            if self.fresh.len() >= FRESH_BATCH {
                self.flush().await?;
            }
            return Ok(());
        };
        // Stars the product holds under a verified decision are not changed by a file.
        if let Some((row, cert, stars)) = &certification
            && product.certificate_id == Some(cert.id)
            && cert.status == "verified"
        {
            let granted = product.certificate_stars.unwrap_or(cert.stars);
            if granted != *stars {
                self.errors.push(RowError {
                    row: *row,
                    column: "ocop_stars".into(),
                    message: format!(
                        "Theo chứng nhận đã xác minh {} sản phẩm này được {granted} sao, dòng ghi {stars} sao",
                        cert.decision_number
                    ),
                });
                return Ok(());
            }
        }
        let position = i32::try_from(existing_variants.len()).unwrap_or(0);
        let mut new_variants = Vec::new();
        for v in &variants {
            match existing_variants.iter().find(|e| e.sku == v.sku) {
                Some(e) if e.product_id == product.id => {
                    let mut active: variant::ActiveModel = e.clone().into();
                    active.label = Set(v.label.clone());
                    active.price_vnd = Set(v.price_vnd);
                    active.stock = Set(v.stock);
                    active.weight_grams = Set(v.weight_grams);
                    active.unit = Set(v.unit.clone());
                    active.update(txn).await?;
                    if e.price_vnd != v.price_vnd {
                        audit::record(
                            txn,
                            Entry {
                                actor_id: Some(self.actor.user_id),
                                action: "variant.price",
                                entity: "product",
                                entity_id: product.id,
                                before: Some(serde_json::json!({"sku": e.sku, "price_vnd": e.price_vnd})),
                                after: Some(
                                    serde_json::json!({"sku": v.sku, "price_vnd": v.price_vnd, "via": "import"}),
                                ),
                                reason: None,
                            },
                        )
                        .await?;
                    }
                    report.variants_updated += 1;
                }
                Some(_) => {
                    return Err(Error::Conflict {
                        code: conflicts::DUPLICATE_SKU,
                        field: None,
                        message: format!("Mã SKU {} thuộc một sản phẩm khác của gian hàng", v.sku),
                    });
                }
                None => new_variants.push(v.clone()),
            }
        }
        if !new_variants.is_empty() {
            crate::product_rows::insert_variants(txn, &product, &new_variants, position).await?;
            report.variants_created += new_variants.len();
        }
        if let Some((_, cert, stars)) = &certification
            && (product.certificate_id, product.certificate_stars) != (Some(cert.id), Some(*stars))
        {
            let mut active: product::ActiveModel = product.clone().into();
            active.certificate_id = Set(Some(cert.id));
            active.certificate_stars = Set(Some(*stars));
            active.update(txn).await?;
        }
        report.products_updated += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn rows(bytes: &[u8]) -> Vec<Result<Row, RowError>> {
        match Rows::open(Box::new(bytes)) {
            Ok(rows) => rows.collect(),
            Err(e) => vec![Err(e)],
        }
    }

    #[test]
    fn csv_rows_are_numbered_from_the_header_with_a_bom_and_semicolons() {
        let read = rows("\u{feff}SKU;Name\nA-1;Trà; thêm\nA-2;\"Miến; dong\"\n".as_bytes());
        let read: Vec<Row> = read.into_iter().map(Result::unwrap).collect();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].0, 2);
        assert_eq!(read[0].1["sku"], "A-1");
        assert_eq!((read[1].0, read[1].1["name"].as_str()), (3, "Miến; dong"));
    }

    #[test]
    fn json_lines_count_blank_lines_and_stop_at_a_bad_one() {
        let read = rows(b"\n{\"sku\": \"A-1\", \"price_vnd\": 1000}\n\n{\"sku\": \"A-2\"}\n{bad\n{\"sku\": \"A-3\"}\n");
        assert_eq!(read.len(), 3, "stops at the bad line");
        let first = read[0].as_ref().unwrap();
        assert_eq!((first.0, first.1["price_vnd"].as_str()), (2, "1000"));
        assert_eq!(read[1].as_ref().unwrap().0, 4);
        let bad = read[2].as_ref().unwrap_err();
        assert_eq!(bad.row, 5);
    }

    #[test]
    fn a_row_that_is_not_utf8_is_named_with_the_excel_hint() {
        let mut bytes = b"sku,name\nA-1,Tra\nA-2,".to_vec();
        bytes.extend_from_slice(&[0xC0, 0xE0, 0x0A]);
        let read = rows(&bytes);
        let bad = read.last().unwrap().as_ref().unwrap_err();
        assert_eq!((bad.row, bad.message.as_str()), (3, NOT_UTF8));
        let header = rows(&[0xFF, 0xFE, b'a', b'\n']);
        assert_eq!(header[0].as_ref().unwrap_err().row, 1);
    }

    /// Rows made on the fly: the reader holds one at a time, whatever the file's size.
    struct Generated {
        next: usize,
        total: usize,
        line: Vec<u8>,
        at: usize,
    }

    impl Read for Generated {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.at == self.line.len() {
                if self.next > self.total {
                    return Ok(0);
                }
                self.line = if self.next == 0 {
                    b"sku,name,price_vnd\n".to_vec()
                } else {
                    format!("S-{0},Mật ong bạc hà {0},125000\n", self.next).into_bytes()
                };
                self.next += 1;
                self.at = 0;
            }
            let n = out.len().min(self.line.len() - self.at);
            out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn two_hundred_thousand_rows_stream_one_at_a_time() {
        let source = Generated { next: 0, total: 200_000, line: Vec::new(), at: 0 };
        let mut count = 0;
        let mut last = 0;
        for row in Rows::open(Box::new(BufReader::new(source))).unwrap() {
            let (row_no, row) = row.unwrap();
            count += 1;
            last = row_no;
            assert_eq!(row["sku"], format!("S-{}", row_no - 1));
        }
        assert_eq!((count, last), (200_000, 200_001));
    }

    #[test]
    fn the_too_large_message_states_the_cap_and_how_to_split() {
        let message = too_large(16 * 1024 * 1024);
        assert!(message.contains("16 MB") && message.contains("chia") && message.contains("dòng tiêu đề"));
    }
}
