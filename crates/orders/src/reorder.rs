//! "Mua ngay" (this variant, straight to checkout) and "Mua lại" (an earlier order's lines
//! back in the cart). Both only fill the cart: checkout still checks stock and prices.

use chrono::Utc;
use ocop_accounts::User;
use ocop_core::Error;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use serde::Serialize;

use crate::cart::{self, MAX_ITEMS, MAX_QUANTITY, Owner};
use crate::conflicts;
use crate::entity::{cart_item, order, order_line, shop_order};

/// "Mua ngay": the cart holds exactly `quantity` of this variant afterwards (whatever was
/// there before), so the checkout that follows buys what the shopper just chose.
///
/// # Errors
/// As [`cart::add`]: a bad quantity or more than the stock, a listing that cannot be bought.
pub async fn buy_now<C: ConnectionTrait>(db: &C, owner: &Owner, variant_id: i64, quantity: i64) -> Result<(), Error> {
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(Error::invalid("quantity", format!("Số lượng từ 1 đến {MAX_QUANTITY}")));
    }
    let item = cart::buyable(db, &[variant_id]).await?.pop().ok_or(Error::NotFound { what: "sản phẩm" })?;
    if let Some(reason) = item.unavailable_reason() {
        return Err(Error::Conflict { code: conflicts::UNAVAILABLE, field: Some("sku"), message: reason });
    }
    if quantity > item.stock {
        return Err(Error::invalid("quantity", format!("{} chỉ còn {} sản phẩm", item.product_name, item.stock)));
    }
    let cart_id = cart::cart_for_writing(db, owner).await?;
    let there = cart_item::Entity::find_by_id((cart_id, variant_id)).one(db).await?;
    if there.is_some() {
        return cart::set_quantity(db, owner, variant_id, quantity).await;
    }
    cart::add(db, owner, variant_id, quantity, None).await
}

/// A line of the earlier order that did not go back into the cart, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub product_name: String,
    pub variant_label: String,
    pub reason: String,
}

/// What "Mua lại" did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    /// Lines put back (at today's price), with the quantity put back.
    pub added: Vec<(String, i64)>,
    /// Lines put back with fewer than ordered: (name, ordered, put back).
    pub fewer: Vec<(String, i64, i64)>,
    pub skipped: Vec<Skipped>,
}

/// Puts the lines of `buyer`'s order `code` back in the cart, at today's prices. A line no
/// longer sold, whose shop rests, or out of stock is skipped with the reason; a line with
/// less stock than ordered goes back with what is left. Quantities already in the cart
/// count against the stock. Six queries whatever the order's size, plus one write a line.
///
/// # Errors
/// [`Error::NotFound`] when the order is not the buyer's.
pub async fn buy_again<C: ConnectionTrait>(db: &C, buyer: &User, code: &str) -> Result<Outcome, Error> {
    // Only the buyer's own order: an admin may read any order, but not refill from it.
    let order = order::Entity::find()
        .filter(order::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .filter(order::Column::UserId.eq(buyer.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "đơn hàng" })?;
    let parts: Vec<i64> = shop_order::Entity::find()
        .filter(shop_order::Column::OrderId.eq(order.id))
        .all(db)
        .await?
        .into_iter()
        .map(|so| so.id)
        .collect();
    let lines: Vec<order_line::Model> = order_line::Entity::find()
        .filter(order_line::Column::ShopOrderId.is_in(parts))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = lines.iter().filter_map(|l| l.variant_id).collect();
    let now_buyable = cart::buyable(db, &ids).await?;
    let owner = Owner::User(buyer.id);
    let cart_id = cart::cart_for_writing(db, &owner).await?;
    let in_cart = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(cart_id)).all(db).await?;
    let mut distinct = in_cart.len();
    let mut out = Outcome::default();
    // One order may hold the same variant twice (bought at a fair and not): add them up.
    let mut wanted: Vec<(i64, i64, &order_line::Model)> = Vec::new();
    for line in &lines {
        let Some(variant_id) = line.variant_id else {
            out.skipped.push(skipped(line, "Sản phẩm không còn bán"));
            continue;
        };
        match wanted.iter_mut().find(|(id, _, _)| *id == variant_id) {
            Some(w) => w.1 += i64::from(line.quantity),
            None => wanted.push((variant_id, i64::from(line.quantity), line)),
        }
    }
    let now = Utc::now();
    for (variant_id, want, line) in wanted {
        let Some(item) = now_buyable.iter().find(|b| b.variant_id == variant_id) else {
            out.skipped.push(skipped(line, "Sản phẩm không còn bán"));
            continue;
        };
        if let Some(reason) = item.unavailable_reason() {
            out.skipped.push(skipped(line, &reason));
            continue;
        }
        let already = in_cart.iter().find(|i| i.variant_id == variant_id).map_or(0, |i| i64::from(i.quantity));
        let room = item.stock.min(MAX_QUANTITY) - already;
        if room <= 0 {
            let reason = if already > 0 { "Giỏ đã có hết số hàng còn lại" } else { "Hết hàng" };
            out.skipped.push(skipped(line, reason));
            continue;
        }
        if already == 0 {
            if distinct >= MAX_ITEMS {
                out.skipped.push(skipped(line, &format!("Giỏ hàng có tối đa {MAX_ITEMS} sản phẩm khác nhau")));
                continue;
            }
            distinct += 1;
        }
        let quantity = want.min(room);
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO cart_items (cart_id, variant_id, quantity, price_seen_vnd, added_at, fair_id) \
             VALUES ($1, $2, $3, $4, $5, NULL) \
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity",
            [
                cart_id.into(),
                variant_id.into(),
                i32::try_from(quantity).unwrap_or(i32::MAX).into(),
                item.price_vnd.into(),
                now.into(),
            ],
        ))
        .await?;
        if quantity < want {
            out.fewer.push((item.product_name.clone(), want, quantity));
        } else {
            out.added.push((item.product_name.clone(), quantity));
        }
    }
    Ok(out)
}

fn skipped(line: &order_line::Model, reason: &str) -> Skipped {
    Skipped {
        product_name: line.product_name.clone(),
        variant_label: line.variant_label.clone(),
        reason: reason.to_owned(),
    }
}
