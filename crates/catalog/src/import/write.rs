//! The second pass: every row written inside one transaction, new shops first, new products
//! (and the certificates of new shops) in batches of 500, a product once its last row is read.

use std::collections::HashMap;

use ocop_core::provinces;
use ocop_core::{Actor, Error};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};

use super::check::{Checker, FileCheck};
use super::rows::{Rows, read_error};
use super::{GroupKey, Options, Parsed, Progress, Report, RowError, ShopRef, Source, Step, sorted};
use crate::audit::{self, Entry};
use crate::certificates::{self, CertificateInput};
use crate::conflicts;
use crate::entity::{certificate, product, shop, variant};
use crate::input;
use crate::new_products::{self, NewProduct};
use crate::new_shops;
use crate::products::{Certification, Intake};
use crate::slugs;

/// Second pass: writes in one transaction; a product's rows wait for its last row. Rolls
/// back, reporting why, when a row turns bad now (the file changed, or it contradicts what
/// is already certified).
pub(super) async fn write_all<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    checker: &mut Checker<'_>,
    source: &Source<'_>,
    checked: &FileCheck,
    progress: &dyn Progress,
    mut report: Report,
) -> Result<Report, Error> {
    let total = report.rows;
    let txn = ocop_core::db::begin_write(db).await?;
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
