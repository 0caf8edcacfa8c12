//! Recording a booth sale exactly once. The sale row goes in first (its unique
//! (shop, client sale id) makes a resend find the first copy), then the stock is taken as
//! checkout takes it ([`ocop_orders::stock`]), variant by variant in id order.

use chrono::{DateTime, Duration, Utc};
use ocop_accounts::User;
use ocop_catalog::entity::{product, shop, variant};
use ocop_core::error::is_unique_violation;
use ocop_core::{Error, FieldErrors, Sku};
use ocop_orders::fair_price;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::conflicts;
use crate::entity::{pos_sale, pos_sale_line};

pub const METHODS: [&str; 2] = ["cash", "vietqr"];
const MAX_LINES: usize = 100;

/// One product line as the seller's device sends it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct LineInput {
    pub sku: String,
    pub quantity: i64,
}

/// A sale as the seller's device sends it (the API body and the offline queue's entry).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct SaleInput {
    /// Made by the device (a UUID, say): the same id sent again is the same sale.
    pub client_sale_id: String,
    /// `cash` or `vietqr`.
    pub payment_method: String,
    pub lines: Vec<LineInput>,
    /// The device's clock when the sale was made; now if absent.
    #[serde(default)]
    pub sold_at: Option<DateTime<Utc>>,
    /// Where: a booth ("Gian 12, Hội chợ OCOP Quảng Ninh") or a point of sale.
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub fair_id: Option<i64>,
    /// E-mail or phone for the e-receipt.
    #[serde(default)]
    pub buyer_contact: Option<String>,
}

/// A recorded sale with its lines.
#[derive(Debug, Clone, Serialize)]
pub struct Sale {
    #[serde(flatten)]
    pub sale: pos_sale::Model,
    pub lines: Vec<pos_sale_line::Model>,
}

#[derive(Debug, Clone)]
pub enum Recorded {
    New(Sale),
    /// This id was recorded before: the first copy, unchanged.
    Replayed(Sale),
}

impl Recorded {
    pub fn sale(&self) -> &Sale {
        match self {
            Self::New(s) | Self::Replayed(s) => s,
        }
    }
}

/// Checks the sale and gives its lines, one per SKU (in any case) whatever the device sent.
fn check(input: &SaleInput, now: DateTime<Utc>) -> Result<Vec<(Sku, i64)>, Error> {
    let mut errors = FieldErrors::new();
    let id = input.client_sale_id.trim();
    if !(8..=64).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        errors.add("client_sale_id", "Mã giao dịch của thiết bị: 8–64 ký tự chữ, số, - hoặc _");
    }
    if !METHODS.contains(&input.payment_method.as_str()) {
        errors.add("payment_method", "Chọn tiền mặt (cash) hoặc VietQR (vietqr)");
    }
    if input.lines.is_empty() || input.lines.len() > MAX_LINES {
        errors.add("lines", format!("Một giao dịch có từ 1 đến {MAX_LINES} dòng hàng"));
    } else if let Some(bad) = input.lines.iter().find(|l| !(1..=10_000).contains(&l.quantity)) {
        errors.add("lines", format!("Số lượng của {} phải từ 1 đến 10.000", bad.sku.trim()));
    }
    if let Some(at) = input.sold_at
        && (at > now + Duration::minutes(5) || at < now - Duration::days(30))
    {
        errors.add("sold_at", "Thời điểm bán phải trong 30 ngày qua (kiểm tra đồng hồ của máy)");
    }
    if input.place.chars().count() > 80 {
        errors.add("place", "Tối đa 80 ký tự");
    }
    if input.buyer_contact.as_deref().is_some_and(|c| c.chars().count() > 120) {
        errors.add("buyer_contact", "Tối đa 120 ký tự");
    }
    let mut wanted: Vec<(Sku, i64)> = Vec::new();
    for (i, line) in input.lines.iter().enumerate().take(MAX_LINES) {
        match Sku::parse(&line.sku) {
            Ok(sku) => match wanted.iter_mut().find(|(s, _)| *s == sku) {
                Some((_, q)) => *q = q.saturating_add(line.quantity),
                None => wanted.push((sku, line.quantity)),
            },
            Err(e) => errors.add(&format!("lines[{i}].sku"), e.to_string()),
        }
    }
    errors.into_result().map(|()| wanted)
}

/// The shop's variants named by `skus`, with their products.
async fn variants_of<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    skus: &[String],
) -> Result<Vec<(variant::Model, product::Model)>, Error> {
    let variants = variant::Entity::find()
        .filter(variant::Column::ShopId.eq(shop_id))
        .filter(variant::Column::Sku.is_in(skus.iter().cloned()))
        .all(db)
        .await?;
    let products = product::Entity::find()
        .filter(product::Column::Id.is_in(variants.iter().map(|v| v.product_id)))
        .all(db)
        .await?;
    Ok(variants
        .into_iter()
        .filter_map(|v| {
            let p = products.iter().find(|p| p.id == v.product_id)?.clone();
            Some((v, p))
        })
        .collect())
}

async fn with_lines<C: ConnectionTrait>(db: &C, sale: pos_sale::Model) -> Result<Sale, Error> {
    let lines = pos_sale_line::Entity::find()
        .filter(pos_sale_line::Column::SaleId.eq(sale.id))
        .order_by_asc(pos_sale_line::Column::Id)
        .all(db)
        .await?;
    Ok(Sale { sale, lines })
}

async fn find<C: ConnectionTrait>(db: &C, shop_id: i64, client_sale_id: &str) -> Result<Option<Sale>, Error> {
    let sale = pos_sale::Entity::find()
        .filter(pos_sale::Column::ShopId.eq(shop_id))
        .filter(pos_sale::Column::ClientSaleId.eq(client_sale_id))
        .one(db)
        .await?;
    match sale {
        Some(sale) => with_lines(db, sale).await.map(Some),
        None => Ok(None),
    }
}

/// Records `input` for `shop`, once.
///
/// # Errors
/// [`Error::Invalid`] naming the field; [`Error::Conflict`] `out_of_stock` on `lines`
/// naming the product and what is left (nothing was recorded: the seller settles it and
/// sends it again, or drops it).
pub async fn record<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    seller: &User,
    shop: &shop::Model,
    input: &SaleInput,
) -> Result<Recorded, Error> {
    let now = Utc::now();
    let wanted = check(input, now)?;
    let client_sale_id = input.client_sale_id.trim();
    if let Some(sale) = find(db, shop.id, client_sale_id).await? {
        return Ok(Recorded::Replayed(sale));
    }
    let skus: Vec<String> = wanted.iter().map(|(s, _)| s.to_string()).collect();
    let mut priced = variants_of(db, shop.id, &skus).await?;
    if let Some((missing, _)) = wanted.iter().find(|(s, _)| !priced.iter().any(|(v, _)| v.sku == s.as_str())) {
        return Err(Error::invalid("lines", format!("Gian hàng không có sản phẩm mã {missing}")));
    }
    priced.sort_by_key(|(v, _)| v.id);
    let sold_at = input.sold_at.unwrap_or(now);
    // At a fair's booth, while it runs, its fair prices apply.
    if let Some(fair) = input.fair_id {
        fair_price::check_booth(db, fair, shop.id, sold_at, fair_price::Channel::Booth).await?;
        let pairs: Vec<(i64, i64)> = priced.iter().map(|(v, _)| (fair, v.id)).collect();
        let prices = fair_price::live(db, &pairs, sold_at).await?;
        for (v, _) in &mut priced {
            if let Some(price) = prices.get(&(fair, v.id)) {
                v.price_vnd = *price;
            }
        }
    }
    let quantity_of = |sku: &str| wanted.iter().find(|(s, _)| s.as_str() == sku).map_or(0, |(_, q)| *q);
    let total: i64 = priced.iter().map(|(v, _)| v.price_vnd.saturating_mul(quantity_of(&v.sku))).sum();

    let tx = ocop_core::db::begin_write(db).await?;
    let inserted = pos_sale::ActiveModel {
        shop_id: Set(shop.id),
        client_sale_id: Set(client_sale_id.to_owned()),
        receipt_code: Set(receipt_code(now)),
        seller_id: Set(seller.id),
        payment_method: Set(input.payment_method.clone()),
        fair_id: Set(input.fair_id),
        place: Set(ocop_core::text::clean_line(&input.place)),
        total_vnd: Set(total),
        buyer_contact: Set(input.buyer_contact.as_deref().map(ocop_core::text::clean_line).filter(|c| !c.is_empty())),
        sold_at: Set(sold_at),
        received_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await;
    let sale = match inserted {
        Ok(sale) => sale,
        // The same sale arrived twice at once: the other copy won.
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            let first = find(db, shop.id, client_sale_id).await?.ok_or_else(|| Error::internal("sale vanished"))?;
            return Ok(Recorded::Replayed(first));
        }
        Err(e) => return Err(e.into()),
    };
    let mut lines = Vec::with_capacity(priced.len());
    for (v, p) in &priced {
        let quantity = quantity_of(&v.sku);
        if !ocop_orders::stock::take(&tx, v.id, quantity).await? {
            let left = variant::Entity::find_by_id(v.id).one(&tx).await?.map_or(0, |v| v.stock);
            return Err(Error::Conflict {
                code: conflicts::OUT_OF_STOCK,
                field: Some("lines"),
                message: format!("{} (mã {}) chỉ còn {left}, không đủ {quantity}", p.name, v.sku),
            });
        }
        lines.push(
            pos_sale_line::ActiveModel {
                sale_id: Set(sale.id),
                variant_id: Set(v.id),
                product_id: Set(p.id),
                sku: Set(v.sku.clone()),
                product_name: Set(if v.label.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} – {}", p.name, v.label)
                }),
                quantity: Set(quantity),
                unit_price_vnd: Set(v.price_vnd),
                line_total_vnd: Set(v.price_vnd.saturating_mul(quantity)),
                ..Default::default()
            }
            .insert(&tx)
            .await?,
        );
        ocop_orders::stock::sold(&tx, p.id, quantity).await?;
    }
    tx.commit().await?;
    Ok(Recorded::New(Sale { sale, lines }))
}

/// A receipt number a buyer can read: `BH-261126-7K3F9` (Vietnam's date).
fn receipt_code(at: DateTime<Utc>) -> String {
    ocop_orders::code::OrderCode::generate(ocop_orders::code::Series::Receipt, at).into()
}

/// A shop's sales, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64, limit: u64) -> Result<Vec<pos_sale::Model>, Error> {
    use sea_orm::QuerySelect as _;
    Ok(pos_sale::Entity::find()
        .filter(pos_sale::Column::ShopId.eq(shop_id))
        .order_by_desc(pos_sale::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// One sale by its receipt code, for the e-receipt page.
///
/// # Errors
/// [`Error::NotFound`] for an unknown code.
pub async fn by_receipt<C: ConnectionTrait>(db: &C, code: &str) -> Result<Sale, Error> {
    let sale = pos_sale::Entity::find()
        .filter(pos_sale::Column::ReceiptCode.eq(code.trim().to_ascii_uppercase()))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "hoá đơn" })?;
    with_lines(db, sale).await
}
