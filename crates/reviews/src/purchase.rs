//! What a shopper bought and may review: the lines of their delivered (or completed) shop
//! orders, and the lines of the booth receipts they claimed. Anything else is "not found",
//! whoever owns it: a review proves a purchase.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ocop_catalog::entity::{product, variant};
use ocop_core::Error;
use ocop_orders::entity::{order, order_line, shop_order};
use ocop_pos::entity::{pos_sale, pos_sale_line};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Statement};
use serde::Serialize;

use crate::conflicts;
use crate::entity::{receipt_claim, review};

/// One bought line, online or at a booth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Bought {
    OrderLine(i64),
    BoothLine(i64),
}

/// A line that can be (or was) reviewed, with what the review page shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct Purchase {
    pub bought: Bought,
    pub product_id: i64,
    pub shop_id: i64,
    pub product_name: String,
    pub product_slug: String,
    pub variant_id: Option<i64>,
    pub variant_label: String,
    pub bought_at: DateTime<Utc>,
    /// The order's code or the booth receipt's.
    pub reference: String,
}

fn line_not_found() -> Error {
    Error::NotFound { what: "dòng hàng đã mua" }
}

/// A line the shopper bought, checked: theirs, and delivered if it came by post.
///
/// # Errors
/// [`Error::NotFound`] for a line of someone else (or none); a conflict
/// [`conflicts::NOT_DELIVERED`] for an online order not delivered yet.
pub async fn find<C: ConnectionTrait>(db: &C, user_id: i64, bought: Bought) -> Result<Purchase, Error> {
    match bought {
        Bought::OrderLine(id) => order_line(db, user_id, id).await,
        Bought::BoothLine(id) => booth_line(db, user_id, id).await,
    }
}

async fn order_line<C: ConnectionTrait>(db: &C, user_id: i64, id: i64) -> Result<Purchase, Error> {
    let line = order_line::Entity::find_by_id(id).one(db).await?.ok_or_else(line_not_found)?;
    let part = shop_order::Entity::find_by_id(line.shop_order_id).one(db).await?.ok_or_else(line_not_found)?;
    let placed = order::Entity::find_by_id(part.order_id).one(db).await?.ok_or_else(line_not_found)?;
    if placed.user_id != user_id {
        return Err(line_not_found());
    }
    if !matches!(part.status.as_str(), "delivered" | "completed") {
        return Err(Error::Conflict {
            code: conflicts::NOT_DELIVERED,
            field: None,
            message: "Chỉ đánh giá được sau khi nhận hàng".into(),
        });
    }
    let product = product_of(db, line.variant_id, &line.product_slug).await?;
    Ok(Purchase {
        bought: Bought::OrderLine(line.id),
        product_id: product.id,
        shop_id: part.shop_id,
        product_name: line.product_name,
        product_slug: product.slug,
        variant_id: line.variant_id,
        variant_label: line.variant_label,
        bought_at: part.delivered_at.unwrap_or(part.updated_at),
        reference: placed.code,
    })
}

/// The product a line was bought as: through its variant, or by the slug it had then.
async fn product_of<C: ConnectionTrait>(db: &C, variant_id: Option<i64>, slug: &str) -> Result<product::Model, Error> {
    if let Some(v) = variant_id
        && let Some(v) = variant::Entity::find_by_id(v).one(db).await?
        && let Some(p) = product::Entity::find_by_id(v.product_id).one(db).await?
    {
        return Ok(p);
    }
    product::Entity::find().filter(product::Column::Slug.eq(slug)).one(db).await?.ok_or_else(line_not_found)
}

async fn booth_line<C: ConnectionTrait>(db: &C, user_id: i64, id: i64) -> Result<Purchase, Error> {
    let line = pos_sale_line::Entity::find_by_id(id).one(db).await?.ok_or_else(line_not_found)?;
    let claim = receipt_claim::Entity::find_by_id(line.sale_id).one(db).await?;
    if claim.is_none_or(|c| c.user_id != user_id) {
        return Err(line_not_found());
    }
    let sale = pos_sale::Entity::find_by_id(line.sale_id).one(db).await?.ok_or_else(line_not_found)?;
    let product = product::Entity::find_by_id(line.product_id).one(db).await?.ok_or_else(line_not_found)?;
    let label = variant::Entity::find_by_id(line.variant_id).one(db).await?.map(|v| v.label).unwrap_or_default();
    Ok(Purchase {
        bought: Bought::BoothLine(line.id),
        product_id: product.id,
        shop_id: sale.shop_id,
        product_name: line.product_name,
        product_slug: product.slug,
        variant_id: Some(line.variant_id),
        variant_label: label,
        bought_at: sale.sold_at,
        reference: sale.receipt_code,
    })
}

/// Receipts older than this cannot be claimed: a review speaks of a recent purchase.
pub const CLAIM_WITHIN_DAYS: i64 = 90;
/// Receipts one account may claim in a day: the code is the proof of purchase, so guessing
/// codes must not pay.
pub const CLAIMS_PER_DAY: u64 = 20;

/// Says a booth receipt is this shopper's, so its lines become reviewable by them. Claiming
/// one's own receipt again is fine; another account's is a conflict.
///
/// # Errors
/// [`Error::NotFound`] for an unknown code or a receipt older than [`CLAIM_WITHIN_DAYS`];
/// [`conflicts::RECEIPT_CLAIMED`]; [`conflicts::TOO_MANY_CLAIMS`].
pub async fn claim_receipt<C: ConnectionTrait>(db: &C, user_id: i64, code: &str) -> Result<pos_sale::Model, Error> {
    use sea_orm::PaginatorTrait;
    let today = receipt_claim::Entity::find()
        .filter(receipt_claim::Column::UserId.eq(user_id))
        .filter(receipt_claim::Column::ClaimedAt.gt(Utc::now() - chrono::Duration::days(1)))
        .count(db)
        .await?;
    if today >= CLAIMS_PER_DAY {
        return Err(Error::Conflict {
            code: conflicts::TOO_MANY_CLAIMS,
            field: Some("code"),
            message: format!("Mỗi tài khoản thêm tối đa {CLAIMS_PER_DAY} hoá đơn một ngày; vui lòng thử lại ngày mai"),
        });
    }
    let sale = pos_sale::Entity::find()
        .filter(pos_sale::Column::ReceiptCode.eq(code.trim().to_ascii_uppercase()))
        .one(db)
        .await?
        .filter(|s| s.sold_at > Utc::now() - chrono::Duration::days(CLAIM_WITHIN_DAYS))
        .ok_or(Error::NotFound { what: "hoá đơn (trong 90 ngày gần đây)" })?;
    let claimed =
        receipt_claim::ActiveModel { pos_sale_id: Set(sale.id), user_id: Set(user_id), claimed_at: Set(Utc::now()) };
    // A unique key on the sale: of two accounts claiming at once, one wins.
    let inserted = receipt_claim::Entity::insert(claimed).exec_without_returning(db).await;
    if let Err(e) = inserted {
        if !ocop_core::error::is_unique_violation(&e) {
            return Err(e.into());
        }
        let owner = receipt_claim::Entity::find_by_id(sale.id).one(db).await?.map(|c| c.user_id);
        if owner != Some(user_id) {
            return Err(Error::Conflict {
                code: conflicts::RECEIPT_CLAIMED,
                field: Some("code"),
                message: "Hoá đơn này đã được một tài khoản khác dùng để đánh giá".into(),
            });
        }
    }
    Ok(sale)
}

/// Everything the shopper bought and may review, newest first, with the review of each
/// line already written.
///
/// # Errors
/// Database errors.
pub async fn reviewable<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> Result<Vec<(Purchase, Option<review::Model>)>, Error> {
    let orders = order::Entity::find().filter(order::Column::UserId.eq(user_id)).all(db).await?;
    let codes: HashMap<i64, String> = orders.into_iter().map(|o| (o.id, o.code)).collect();
    let parts = shop_order::Entity::find()
        .filter(shop_order::Column::OrderId.is_in(codes.keys().copied()))
        .filter(shop_order::Column::Status.is_in(["delivered", "completed"]))
        .order_by_desc(shop_order::Column::UpdatedAt)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for part in parts {
        let lines = order_line::Entity::find().filter(order_line::Column::ShopOrderId.eq(part.id)).all(db).await?;
        for line in lines {
            let Ok(product) = product_of(db, line.variant_id, &line.product_slug).await else { continue };
            out.push(Purchase {
                bought: Bought::OrderLine(line.id),
                product_id: product.id,
                shop_id: part.shop_id,
                product_name: line.product_name,
                product_slug: product.slug,
                variant_id: line.variant_id,
                variant_label: line.variant_label,
                bought_at: part.delivered_at.unwrap_or(part.updated_at),
                reference: codes.get(&part.order_id).cloned().unwrap_or_default(),
            });
        }
    }
    let claims = receipt_claim::Entity::find().filter(receipt_claim::Column::UserId.eq(user_id)).all(db).await?;
    for claim in claims {
        let lines =
            pos_sale_line::Entity::find().filter(pos_sale_line::Column::SaleId.eq(claim.pos_sale_id)).all(db).await?;
        for line in lines {
            if let Ok(p) = booth_line(db, user_id, line.id).await {
                out.push(p);
            }
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.bought_at));
    let written = written_for(db, user_id).await?;
    Ok(out
        .into_iter()
        .map(|p| {
            let review = written.get(&p.bought).cloned();
            (p, review)
        })
        .collect())
}

/// Whether the shopper received the product: a line of a delivered (or completed) order of
/// theirs, by its variant or by the slug it was bought under, or a line of a booth receipt
/// they claimed. One query, for pages that ask it on every view (who may answer questions).
///
/// # Errors
/// Database errors.
pub async fn received<C: ConnectionTrait>(db: &C, user_id: i64, product_id: i64) -> Result<bool, Error> {
    let sql = "SELECT 1 AS found FROM order_lines ol \
               JOIN shop_orders so ON so.id = ol.shop_order_id AND so.status IN ('delivered', 'completed') \
               JOIN orders o ON o.id = so.order_id AND o.user_id = $1 \
               LEFT JOIN product_variants v ON v.id = ol.variant_id \
               JOIN products p ON p.id = $2 \
               WHERE v.product_id = p.id OR (v.id IS NULL AND ol.product_slug = p.slug) \
               UNION ALL \
               SELECT 1 AS found FROM pos_sale_lines l JOIN receipt_claims c ON c.pos_sale_id = l.sale_id \
               WHERE c.user_id = $1 AND l.product_id = $2 \
               LIMIT 1";
    let found = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [user_id.into(), product_id.into()],
        ))
        .await?;
    Ok(found.is_some())
}

/// The shopper's reviews by the line they review.
///
/// # Errors
/// Database errors.
pub async fn written_for<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<HashMap<Bought, review::Model>, Error> {
    let mine = review::Entity::find().filter(review::Column::AuthorId.eq(user_id)).all(db).await?;
    Ok(mine
        .into_iter()
        .filter_map(|r| {
            let bought = match (r.order_line_id, r.pos_sale_line_id) {
                (Some(id), _) => Bought::OrderLine(id),
                (None, Some(id)) => Bought::BoothLine(id),
                (None, None) => return None,
            };
            Some((bought, r))
        })
        .collect())
}
