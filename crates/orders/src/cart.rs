//! One cart across shops, for a signed-in shopper or a guest cookie. Quantities stay within
//! live stock; a price change since an item was added is shown until the shopper has seen
//! it, never applied silently.

use chrono::Utc;
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_core::{Error, FieldErrors, Sku};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, Statement,
    TransactionSession, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::conflicts;
use crate::entity::{cart, cart_item};
use crate::fair_price;
use crate::shipping::{self, Parcel, Quote};

/// At most this many of one item in a cart, whatever the stock.
pub const MAX_QUANTITY: i64 = 999;
/// At most this many different items in a cart.
pub const MAX_ITEMS: usize = 100;

/// Whose cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    User(i64),
    /// The SHA-256 of the guest cookie: a leaked database does not hand out carts.
    Guest(String),
}

impl Owner {
    pub fn guest(cookie: &str) -> Self {
        Self::Guest(hex::encode(Sha256::digest(cookie.as_bytes())))
    }
}

async fn find_cart<C: ConnectionTrait>(db: &C, owner: &Owner) -> Result<Option<cart::Model>, Error> {
    let query = match owner {
        Owner::User(id) => cart::Entity::find().filter(cart::Column::UserId.eq(*id)),
        Owner::Guest(key) => cart::Entity::find().filter(cart::Column::GuestKey.eq(key.clone())),
    };
    Ok(query.one(db).await?)
}

pub(crate) async fn cart_for_writing<C: ConnectionTrait>(db: &C, owner: &Owner) -> Result<i64, Error> {
    if let Some(cart) = find_cart(db, owner).await? {
        return Ok(cart.id);
    }
    let now = Utc::now();
    let (user_id, guest_key) = match owner {
        Owner::User(id) => (Some(*id), None),
        Owner::Guest(key) => (None, Some(key.clone())),
    };
    let inserted = cart::ActiveModel {
        user_id: Set(user_id),
        guest_key: Set(guest_key),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(cart) => Ok(cart.id),
        // Two first adds at once: the other one created it.
        Err(e) if ocop_core::error::is_unique_violation(&e) => {
            find_cart(db, owner).await?.map(|c| c.id).ok_or(Error::NotFound { what: "giỏ hàng" })
        }
        Err(e) => Err(e.into()),
    }
}

/// A variant as a shopper may buy it now.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Buyable {
    pub variant_id: i64,
    pub sku: String,
    pub label: String,
    pub price_vnd: i64,
    pub stock: i64,
    pub weight_grams: i32,
    pub product_id: i64,
    pub product_name: String,
    pub product_slug: String,
    pub perishable: bool,
    pub live: bool,
    pub shop_id: i64,
    pub shop_slug: String,
    pub shop_name: String,
    pub shop_province: String,
    pub shop_status: String,
    pub on_vacation: bool,
    pub cod_enabled: bool,
    /// The listing's OCOP group (for vouchers of one group).
    pub category: String,
}

impl Buyable {
    /// Why this cannot be bought now, in the shopper's words; `None` when it can.
    pub fn unavailable_reason(&self) -> Option<String> {
        if !self.live || self.shop_status != STATUS_VERIFIED {
            Some("Sản phẩm không còn bán".into())
        } else if self.on_vacation {
            Some(format!("{} đang tạm nghỉ, chưa nhận đơn", self.shop_name))
        } else if self.stock <= 0 {
            Some("Hết hàng".into())
        } else {
            None
        }
    }
}

const BUYABLE_SQL: &str = "SELECT v.id AS variant_id, v.sku, v.label, v.price_vnd, v.stock, v.weight_grams, \
     p.id AS product_id, p.name AS product_name, p.slug AS product_slug, p.perishable, p.live, \
     s.id AS shop_id, s.slug AS shop_slug, s.name AS shop_name, s.province_code AS shop_province, \
     s.status AS shop_status, s.on_vacation, s.cod_enabled, p.category \
     FROM product_variants v JOIN products p ON p.id = v.product_id JOIN shops s ON s.id = v.shop_id";

/// Looks variants up by id.
///
/// # Errors
/// The database cannot be read.
pub async fn buyable<C: ConnectionTrait>(db: &C, variant_ids: &[i64]) -> Result<Vec<Buyable>, Error> {
    if variant_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=variant_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{BUYABLE_SQL} WHERE v.id IN ({}) ORDER BY v.id", placeholders.join(", "));
    let values = variant_ids.iter().map(|id| (*id).into());
    Ok(Buyable::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values))
        .all(db)
        .await?)
}

/// Finds the variant a shopper means by SKU; a SKU used by two shops needs the shop.
///
/// # Errors
/// [`Error::NotFound`] for an unknown SKU, [`Error::Invalid`] when it is ambiguous.
pub async fn resolve_sku<C: ConnectionTrait>(db: &C, sku: &Sku, shop: Option<&str>) -> Result<i64, Error> {
    let mut values = vec![sku.into(), true.into()];
    let mut sql = format!("{BUYABLE_SQL} WHERE v.sku = $1 AND p.live = $2");
    if let Some(shop) = shop.map(str::trim).filter(|s| !s.is_empty()) {
        values.push(shop.into());
        sql.push_str(" AND s.slug = $3");
    }
    sql.push_str(" LIMIT 2");
    let found = Buyable::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values))
        .all(db)
        .await?;
    match found.as_slice() {
        [] => Err(Error::NotFound { what: "sản phẩm có mã SKU này" }),
        [one] => Ok(one.variant_id),
        _ => Err(Error::invalid("shop", "Nhiều gian hàng dùng mã SKU này: cho biết gian hàng (shop)")),
    }
}

fn check_quantity(field: &str, quantity: i64) -> Result<(), Error> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(Error::invalid(field, format!("Số lượng từ 1 đến {MAX_QUANTITY}")))
    }
}

fn over_stock(item: &Buyable) -> Error {
    Error::Invalid(FieldErrors::single("quantity", format!("{} chỉ còn {} sản phẩm", item.product_name, item.stock)))
}

/// Adds `quantity` of a variant (on top of what is already in the cart).
///
/// # Errors
/// [`Error::Invalid`] for a bad quantity or more than the stock, [`Error::Conflict`] when the
/// listing cannot be bought now, [`Error::NotFound`] for an unknown variant. Added through
/// a fair (`fair_id`), the line carries the fair's price while it runs: the fair must be
/// running and the shop must have a booth there (see [`fair_price::check_booth`]).
pub async fn add<C: ConnectionTrait>(
    db: &C,
    owner: &Owner,
    variant_id: i64,
    quantity: i64,
    fair_id: Option<i64>,
) -> Result<(), Error> {
    check_quantity("quantity", quantity)?;
    let item = buyable(db, &[variant_id]).await?.pop().ok_or(Error::NotFound { what: "sản phẩm" })?;
    if let Some(reason) = item.unavailable_reason() {
        return Err(Error::Conflict { code: conflicts::UNAVAILABLE, field: Some("sku"), message: reason });
    }
    let now = Utc::now();
    let mut price_seen = item.price_vnd;
    if let Some(fair) = fair_id {
        fair_price::check_booth(db, fair, item.shop_id, now, fair_price::Channel::Online).await?;
        if let Some(price) = fair_price::live(db, &[(fair, variant_id)], now).await?.get(&(fair, variant_id)) {
            price_seen = *price;
        }
    }
    let cart_id = cart_for_writing(db, owner).await?;
    let items = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(cart_id)).all(db).await?;
    let already = items.iter().find(|i| i.variant_id == variant_id).map_or(0, |i| i64::from(i.quantity));
    if already + quantity > item.stock {
        return Err(over_stock(&item));
    }
    check_quantity("quantity", already + quantity)?;
    if already == 0 && items.len() >= MAX_ITEMS {
        return Err(Error::invalid("sku", format!("Giỏ hàng có tối đa {MAX_ITEMS} sản phẩm khác nhau")));
    }
    // One statement, no transaction: two quick taps add up, and on SQLite no read lock is
    // held while waiting to write. Checkout bounds the stock for real.
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO cart_items (cart_id, variant_id, quantity, price_seen_vnd, added_at, fair_id) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity, \
         fair_id = COALESCE(excluded.fair_id, cart_items.fair_id), \
         price_seen_vnd = CASE WHEN excluded.fair_id IS NULL THEN cart_items.price_seen_vnd \
         ELSE excluded.price_seen_vnd END",
        [
            cart_id.into(),
            variant_id.into(),
            i32::try_from(quantity).unwrap_or(i32::MAX).into(),
            price_seen.into(),
            now.into(),
            fair_id.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Sets a line's quantity; 0 removes it.
///
/// # Errors
/// [`Error::Invalid`] for a bad quantity or more than the stock; [`Error::NotFound`] when
/// the item is not in this cart.
pub async fn set_quantity<C: ConnectionTrait>(
    db: &C,
    owner: &Owner,
    variant_id: i64,
    quantity: i64,
) -> Result<(), Error> {
    let cart = find_cart(db, owner).await?.ok_or(Error::NotFound { what: "sản phẩm trong giỏ" })?;
    let row = cart_item::Entity::find_by_id((cart.id, variant_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "sản phẩm trong giỏ" })?;
    if quantity == 0 {
        cart_item::Entity::delete_by_id((cart.id, variant_id)).exec(db).await?;
        return Ok(());
    }
    check_quantity("quantity", quantity)?;
    if let Some(item) = buyable(db, &[variant_id]).await?.pop()
        && quantity > item.stock
        && quantity > i64::from(row.quantity)
    {
        return Err(over_stock(&item));
    }
    let mut active: cart_item::ActiveModel = row.into();
    active.quantity = Set(i32::try_from(quantity).unwrap_or(i32::MAX));
    active.update(db).await?;
    Ok(())
}

/// A line of the cart as the shopper sees it now.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub variant_id: i64,
    pub sku: String,
    pub product_name: String,
    pub product_slug: String,
    pub variant_label: String,
    pub unit_price_vnd: i64,
    /// The price when it was added, when different from now.
    pub price_was_vnd: Option<i64>,
    pub quantity: i64,
    pub line_total_vnd: i64,
    pub stock: i64,
    pub weight_grams: i64,
    pub perishable: bool,
    /// Why this line cannot be ordered as it is (out of stock, fewer left, shop resting).
    pub problem: Option<String>,
    /// Bought through this fair, which is running now.
    pub fair_id: Option<i64>,
    /// The listing's own price when a fair price is charged instead.
    pub regular_price_vnd: Option<i64>,
    /// The fair it is bought through is a campaign (its price reads "Giá chiến dịch").
    pub campaign: bool,
    /// The listing's OCOP group.
    pub category: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShopGroup {
    pub shop_id: i64,
    pub shop_slug: String,
    pub shop_name: String,
    pub shop_province: String,
    pub lines: Vec<Line>,
    pub subtotal_vnd: i64,
    pub weight_grams: i64,
    pub perishable: bool,
    pub cod_enabled: bool,
    pub shipping: Quote,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct View {
    pub groups: Vec<ShopGroup>,
    pub item_count: i64,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    pub total_vnd: i64,
    /// Every line can be ordered as it stands.
    pub orderable: bool,
    /// Some price changed since it was added.
    pub price_changed: bool,
}

/// The cart grouped by shop with subtotals and a shipping quote per shop (to
/// `destination`, or the base fee when none is known yet).
///
/// # Errors
/// The database cannot be read.
pub async fn view<C: ConnectionTrait>(db: &C, owner: &Owner, destination: Option<&str>) -> Result<View, Error> {
    let Some(cart) = find_cart(db, owner).await? else {
        return Ok(View::default());
    };
    let items = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(cart.id)).all(db).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.variant_id).collect();
    let found = buyable(db, &ids).await?;
    let fair_pairs: Vec<(i64, i64)> = items.iter().filter_map(|i| Some((i.fair_id?, i.variant_id))).collect();
    let fair_prices = fair_price::live(db, &fair_pairs, Utc::now()).await?;
    let fair_ids: Vec<i64> = fair_pairs.iter().map(|(f, _)| *f).collect();
    let fairs_live = fair_price::running(db, &fair_ids, Utc::now()).await?;
    let mut view = View { orderable: !items.is_empty(), ..View::default() };
    let mut items = items;
    // Shops in the order their first item was added, lines too.
    items.sort_by_key(|i| i.added_at);
    for item in items {
        let Some(b) = found.iter().find(|b| b.variant_id == item.variant_id) else { continue };
        let quantity = i64::from(item.quantity);
        let live = item.fair_id.and_then(|f| fairs_live.iter().find(|(id, _)| *id == f));
        let fair_id = live.map(|(id, _)| *id);
        let fair_price = item.fair_id.and_then(|f| fair_prices.get(&(f, b.variant_id)).copied());
        let unit_price = fair_price.unwrap_or(b.price_vnd);
        let problem = b
            .unavailable_reason()
            .or_else(|| (quantity > b.stock).then(|| format!("Chỉ còn {} sản phẩm, hãy giảm số lượng", b.stock)));
        let line = Line {
            variant_id: b.variant_id,
            sku: b.sku.clone(),
            product_name: b.product_name.clone(),
            product_slug: b.product_slug.clone(),
            variant_label: b.label.clone(),
            unit_price_vnd: unit_price,
            price_was_vnd: (item.price_seen_vnd != unit_price).then_some(item.price_seen_vnd),
            quantity,
            line_total_vnd: unit_price.saturating_mul(quantity),
            stock: b.stock,
            weight_grams: i64::from(b.weight_grams).saturating_mul(quantity),
            perishable: b.perishable,
            problem,
            fair_id,
            regular_price_vnd: fair_price.map(|_| b.price_vnd),
            campaign: live.is_some_and(|(_, campaign)| *campaign),
            category: b.category.clone(),
        };
        view.orderable &= line.problem.is_none();
        view.price_changed |= line.price_was_vnd.is_some();
        view.item_count += quantity;
        let group = match view.groups.iter_mut().position(|g| g.shop_id == b.shop_id) {
            Some(i) => &mut view.groups[i],
            None => {
                view.groups.push(ShopGroup {
                    shop_id: b.shop_id,
                    shop_slug: b.shop_slug.clone(),
                    shop_name: b.shop_name.clone(),
                    shop_province: b.shop_province.clone(),
                    lines: Vec::new(),
                    subtotal_vnd: 0,
                    weight_grams: 0,
                    perishable: false,
                    cod_enabled: b.cod_enabled,
                    shipping: Quote::Fee { fee_vnd: 0 },
                });
                let last = view.groups.len() - 1;
                &mut view.groups[last]
            }
        };
        group.subtotal_vnd = group.subtotal_vnd.saturating_add(line.line_total_vnd);
        group.weight_grams = group.weight_grams.saturating_add(line.weight_grams);
        group.perishable |= line.perishable;
        group.lines.push(line);
    }
    for group in &mut view.groups {
        let rates = shipping::rates_of(db, group.shop_id).await?;
        group.shipping = shipping::quote(
            &rates,
            &Parcel {
                origin_province: &group.shop_province,
                destination_province: destination,
                weight_grams: group.weight_grams,
                subtotal_vnd: group.subtotal_vnd,
                perishable: group.perishable,
            },
        );
        view.subtotal_vnd = view.subtotal_vnd.saturating_add(group.subtotal_vnd);
        match &group.shipping {
            Quote::Fee { fee_vnd } => view.shipping_vnd = view.shipping_vnd.saturating_add(*fee_vnd),
            Quote::Unavailable { .. } => view.orderable = false,
        }
    }
    view.total_vnd = view.subtotal_vnd.saturating_add(view.shipping_vnd);
    Ok(view)
}

/// The shopper has now seen the current prices (on the review page, or in a 409 answer).
///
/// # Errors
/// The database cannot be written.
pub async fn acknowledge_prices<C: ConnectionTrait>(db: &C, owner: &Owner) -> Result<(), Error> {
    let Some(cart) = find_cart(db, owner).await? else { return Ok(()) };
    let sql = "UPDATE cart_items SET price_seen_vnd = (SELECT v.price_vnd FROM product_variants v \
               WHERE v.id = cart_items.variant_id) WHERE cart_id = $1";
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, [cart.id.into()])).await?;
    // Lines bought through a running fair have seen its price instead.
    let items = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(cart.id)).all(db).await?;
    let pairs: Vec<(i64, i64)> = items.iter().filter_map(|i| Some((i.fair_id?, i.variant_id))).collect();
    for ((_, variant_id), price) in fair_price::live(db, &pairs, Utc::now()).await? {
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE cart_items SET price_seen_vnd = $1 WHERE cart_id = $2 AND variant_id = $3",
            [price.into(), cart.id.into(), variant_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Removes the given variants from the owner's cart (after they were ordered).
///
/// # Errors
/// The database cannot be written.
pub async fn remove<C: ConnectionTrait>(db: &C, owner: &Owner, variant_ids: &[i64]) -> Result<(), Error> {
    if let Some(cart) = find_cart(db, owner).await? {
        cart_item::Entity::delete_many()
            .filter(cart_item::Column::CartId.eq(cart.id))
            .filter(cart_item::Column::VariantId.is_in(variant_ids.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Moves a guest cart into the user's cart at sign-in: quantities add up, within stock.
///
/// # Errors
/// The database cannot be written.
pub async fn merge<C: ConnectionTrait + TransactionTrait>(db: &C, guest: &Owner, user_id: i64) -> Result<(), Error> {
    let Some(guest_cart) = find_cart(db, guest).await? else { return Ok(()) };
    let tx = ocop_core::db::begin_write(db).await?;
    // A write first: on SQLite the transaction then holds the write lock before it reads.
    let touched = tx
        .execute_raw(Statement::from_sql_and_values(
            tx.get_database_backend(),
            "UPDATE carts SET updated_at = $1 WHERE id = $2",
            [Utc::now().into(), guest_cart.id.into()],
        ))
        .await?;
    if touched.rows_affected() == 0 {
        return Ok(());
    }
    let user_cart = cart_for_writing(&tx, &Owner::User(user_id)).await?;
    let guest_items = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(guest_cart.id)).all(&tx).await?;
    let ids: Vec<i64> = guest_items.iter().map(|i| i.variant_id).collect();
    let stock = buyable(&tx, &ids).await?;
    for item in guest_items {
        let limit = stock.iter().find(|b| b.variant_id == item.variant_id).map_or(0, |b| b.stock.min(MAX_QUANTITY));
        match cart_item::Entity::find_by_id((user_cart, item.variant_id)).one(&tx).await? {
            Some(mine) => {
                let total =
                    (i64::from(mine.quantity) + i64::from(item.quantity)).min(limit.max(i64::from(mine.quantity)));
                let mut active: cart_item::ActiveModel = mine.into();
                active.quantity = Set(i32::try_from(total).unwrap_or(i32::MAX));
                active.update(&tx).await?;
            }
            None => {
                cart_item::ActiveModel {
                    cart_id: Set(user_cart),
                    variant_id: Set(item.variant_id),
                    quantity: Set(item.quantity),
                    price_seen_vnd: Set(item.price_seen_vnd),
                    added_at: Set(item.added_at),
                    fair_id: Set(item.fair_id),
                }
                .insert(&tx)
                .await?;
            }
        }
    }
    cart::Entity::delete_by_id(guest_cart.id).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// How many items are in the cart (the badge in the header).
///
/// # Errors
/// The database cannot be read.
pub async fn count<C: ConnectionTrait>(db: &C, owner: &Owner) -> Result<i64, Error> {
    let Some(cart) = find_cart(db, owner).await? else { return Ok(0) };
    let items = cart_item::Entity::find().filter(cart_item::Column::CartId.eq(cart.id)).all(db).await?;
    Ok(items.iter().map(|i| i64::from(i.quantity)).sum())
}
