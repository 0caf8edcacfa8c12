//! Bulk import of products from CSV (UTF-8 with or without BOM, comma or semicolon, as
//! Excel writes it) or JSON Lines, chosen by content. All-or-nothing: every bad row is
//! reported with its row number, column and a Vietnamese message, and nothing is written.
//! Importing again updates by (shop, sku).
//!
//! A file of any size is read twice, a row at a time: the first pass checks every row and
//! keeps only what rows are compared on (each row's shop and SKU, each product's name, last
//! row and certificate); the second pass writes inside one transaction, holding a product's
//! rows only until its last row. Memory grows with those keys, not with the file.
//!
//! The passes: [`rows`] reads a file a row at a time, [`check`] is the first pass, [`write`]
//! the second.

mod check;
mod rows;
mod write;

use std::io::{BufRead, BufReader};
use std::path::Path;

use ocop_accounts::User;
use ocop_core::Error;
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::certificates::CertificateInput;
use crate::input::{ProductInput, VariantInput};
use check::{Checker, check_all};
use write::write_all;

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

fn sorted(mut errors: Vec<RowError>) -> Vec<RowError> {
    errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    errors.dedup();
    errors
}

type GroupKey = (ShopRef, String);
