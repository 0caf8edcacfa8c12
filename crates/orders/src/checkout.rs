//! Checkout: a review of every line, shipping per shop, payment method and total, then one
//! transaction that writes the customer order, one shop order per shop with line
//! snapshots, and takes the stock with a conditional update, so two buyers can never both
//! take the last item. The server prices everything; an idempotency key makes a retried
//! or double-clicked submit return the same order.

use chrono::{Duration, Utc};
use ocop_accounts::User;
use ocop_core::payment_method::Method;
use ocop_core::{Error, Vnd};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use ocop_promotions::{Applied, Funder, Part, PartLine, pricing, wallet};

use crate::addresses::{self, Address, AddressInput};
use crate::cart::{self, Owner};
use crate::code::{OrderCode, Series};
use crate::conflicts;
use crate::entity::{order, order_event, order_line, pickup_point, shop_order};
use crate::notify::{self, Message};
use crate::shipping::Quote;
use crate::status::Status;
use crate::{fair_price, pickup, stock};

/// What the checkout page calls a stored method code.
pub fn method_label(method: &str) -> &'static str {
    Method::parse(method).map_or("Không rõ", Method::label_vi)
}

/// Who collects a pickup order, when the account does not say.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Contact {
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub phone: String,
}

/// What a buyer sends. Prices, totals, fees and anything else are computed here.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Request {
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub shipping: Option<AddressInput>,
    #[serde(default)]
    pub pickup_point: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub save_address: bool,
    /// Voucher codes to use (a shop's own, one of the marketplace's or a province's, one
    /// for free shipping).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub voucher_codes: Vec<String>,
    /// The total the buyer saw: when given and the order would now cost something else
    /// (a voucher changed, a price moved), nothing is placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_total_vnd: Option<i64>,
}

/// How this deployment takes orders.
#[derive(Debug, Clone)]
pub struct Settings {
    pub enabled_methods: Vec<String>,
    /// How long an online payment may take before the stock goes back.
    pub pay_window: Duration,
    /// The largest order paid in cash on delivery; `None` = no limit.
    pub cod_max_vnd: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Destination {
    pub address: Address,
    pub pickup: Option<pickup_point::Model>,
}

/// Everything the buyer must see before placing the order.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub cart: cart::View,
    pub destination: Destination,
    pub payment_method: String,
    pub payment_label: &'static str,
    /// The vouchers used and what each takes off which shop order.
    pub discounts: Vec<Applied>,
    pub discount_vnd: i64,
    /// What the buyer pays: the cart's total less the discounts.
    pub total_vnd: i64,
}

/// One shop's part of the cart as the vouchers see it.
pub fn parts(cart: &cart::View) -> Vec<Part> {
    cart.groups
        .iter()
        .map(|g| Part {
            shop_id: g.shop_id,
            province_code: g.shop_province.clone(),
            shipping_vnd: match g.shipping {
                Quote::Fee { fee_vnd } => fee_vnd,
                Quote::Unavailable { .. } => 0,
            },
            lines: g
                .lines
                .iter()
                .map(|l| PartLine { category: l.category.clone(), amount_vnd: l.line_total_vnd })
                .collect(),
        })
        .collect()
}

/// The vouchers `codes` name, applied to the cart for this buyer.
///
/// # Errors
/// As [`ocop_promotions::wallet::usable`]; [`Error::Invalid`] on `voucher_codes` naming
/// the code that gives nothing on this cart and why.
pub async fn discounts<C: ConnectionTrait>(
    db: &C,
    buyer: &User,
    cart: &cart::View,
    codes: &[String],
) -> Result<Vec<Applied>, Error> {
    if codes.iter().all(|c| c.trim().is_empty()) {
        return Ok(Vec::new());
    }
    let offers = wallet::usable(db, buyer.id, codes).await?;
    pricing::apply(&offers, &parts(cart))
        .map_err(|n| Error::invalid("voucher_codes", format!("Mã {}: {}", n.code, n.reason)))
}

fn check_method(settings: &Settings, method: &str) -> Result<(), Error> {
    if Method::parse(method).is_err() {
        return Err(Error::invalid(
            "payment_method",
            "Chọn một phương thức thanh toán: cod, vietqr, vnpay, momo, stripe",
        ));
    }
    if !settings.enabled_methods.iter().any(|m| m == method) {
        return Err(Error::invalid("payment_method", format!("{} chưa được bật trên Chợ OCOP", method_label(method))));
    }
    Ok(())
}

async fn destination<C: ConnectionTrait>(db: &C, buyer: &User, request: &Request) -> Result<Destination, Error> {
    match (&request.shipping, request.pickup_point.as_deref().map(str::trim).filter(|s| !s.is_empty())) {
        (Some(_), Some(_)) => Err(Error::invalid("pickup_point", "Chọn giao tận nơi hoặc nhận tại điểm, không cả hai")),
        (None, None) => Err(Error::invalid("shipping", "Cần địa chỉ giao hàng hoặc điểm nhận hàng")),
        (Some(input), None) => Ok(Destination { address: addresses::check(input)?, pickup: None }),
        (None, Some(slug)) => {
            let point = pickup::open_by_slug(db, slug).await?;
            let contact = request.contact.clone().unwrap_or_default();
            let recipient = if contact.recipient.trim().is_empty() { buyer.name.clone() } else { contact.recipient };
            let phone =
                if contact.phone.trim().is_empty() { buyer.phone.clone().unwrap_or_default() } else { contact.phone };
            let province = ocop_core::provinces::by_code_exact(&point.province_code)
                .ok_or_else(|| Error::internal("pickup point in an unknown province"))?;
            // The same checks as a delivery address, with the point's own place.
            let mut address = addresses::check_with(
                &AddressInput {
                    recipient,
                    phone,
                    province: province.name.to_owned(),
                    commune: point.name.clone(),
                    street: point.address.clone(),
                },
                false,
            )
            .map_err(|e| match e {
                Error::Invalid(mut fields) => {
                    if fields.get("phone").is_some() {
                        fields.0.insert("phone".into(), "Cần số điện thoại để báo khi hàng đến điểm nhận".into());
                    }
                    Error::Invalid(fields)
                }
                other => other,
            })?;
            address.commune = point.name.chars().take(120).collect();
            address.street = point.address.chars().take(200).collect();
            Ok(Destination { address, pickup: Some(point) })
        }
    }
}

/// Checks the request and prices the buyer's cart for it.
///
/// # Errors
/// [`Error::Invalid`] naming each bad field, or `cart` when the cart is empty.
pub async fn review<C: ConnectionTrait>(
    db: &C,
    buyer: &User,
    request: &Request,
    settings: &Settings,
) -> Result<Review, Error> {
    let method = request.payment_method.trim().to_ascii_lowercase();
    check_method(settings, &method)?;
    let destination = destination(db, buyer, request).await?;
    let cart = cart::view(db, &Owner::User(buyer.id), Some(&destination.address.province_code)).await?;
    if cart.groups.is_empty() {
        return Err(Error::invalid("cart", "Giỏ hàng đang trống"));
    }
    let applied = discounts(db, buyer, &cart, &request.voucher_codes).await?;
    let discount_vnd: i64 = applied.iter().map(|a| a.total_vnd).sum();
    let total_vnd = cart.total_vnd - discount_vnd;
    if method == "cod" {
        if let Some(group) = cart.groups.iter().find(|g| !g.cod_enabled) {
            return Err(Error::invalid(
                "payment_method",
                format!("{} không nhận thanh toán khi nhận hàng: chọn cách thanh toán khác", group.shop_name),
            ));
        }
        if let Some(max) = settings.cod_max_vnd
            && total_vnd > max
        {
            return Err(Error::invalid(
                "payment_method",
                format!("Thanh toán khi nhận hàng áp dụng cho đơn đến {}: chọn cách thanh toán khác", Vnd(max)),
            ));
        }
    }
    Ok(Review {
        cart,
        destination,
        payment_label: method_label(&method),
        payment_method: method,
        discounts: applied,
        discount_vnd,
        total_vnd,
    })
}

/// The order just placed, or the one an earlier request with the same key placed.
#[derive(Debug, Clone)]
pub struct Placed {
    pub order: order::Model,
    pub created: bool,
}

fn request_hash(request: &Request) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(request).unwrap_or_default()))
}

fn check_key(key: Option<&str>) -> Result<Option<String>, Error> {
    match key.map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.len() <= 100 && k.chars().all(|c| c.is_ascii_graphic()) => Ok(Some(k.to_owned())),
        Some(_) => Err(Error::invalid("idempotency_key", "Idempotency-Key: tối đa 100 ký tự ASCII in được")),
    }
}

async fn by_key<C: ConnectionTrait>(db: &C, user_id: i64, key: &str) -> Result<Option<order::Model>, Error> {
    Ok(order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .filter(order::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?)
}

fn replay(existing: order::Model, hash: &str) -> Result<Placed, Error> {
    if existing.request_hash == hash {
        Ok(Placed { order: existing, created: false })
    } else {
        Err(Error::Conflict {
            code: conflicts::IDEMPOTENCY_KEY_REUSED,
            field: Some("idempotency_key"),
            message: "Khoá Idempotency-Key này đã dùng cho một yêu cầu khác".into(),
        })
    }
}

fn out_of_stock(sku: &str, name: &str) -> Error {
    Error::Conflict {
        code: conflicts::OUT_OF_STOCK,
        field: Some("sku"),
        message: format!("Hết hàng: {name} (SKU {sku})"),
    }
}

/// Why the cart cannot be ordered as it stands, as the error the buyer gets.
fn first_problem(review: &Review) -> Option<Error> {
    for group in &review.cart.groups {
        for line in &group.lines {
            if let Some(problem) = &line.problem {
                return Some(if line.stock < line.quantity && line.stock <= 0 || problem == "Hết hàng" {
                    out_of_stock(&line.sku, &line.product_name)
                } else if line.stock < line.quantity {
                    Error::Conflict {
                        code: conflicts::OUT_OF_STOCK,
                        field: Some("sku"),
                        message: format!("{} (SKU {}): {problem}", line.product_name, line.sku),
                    }
                } else {
                    Error::Conflict {
                        code: conflicts::UNAVAILABLE,
                        field: Some("sku"),
                        message: format!("{}: {problem}", line.product_name),
                    }
                });
            }
        }
        if let Quote::Unavailable { reason } = &group.shipping {
            return Some(Error::invalid("shipping", format!("{}: {reason}", group.shop_name)));
        }
    }
    None
}

async fn free_code<C: ConnectionTrait>(db: &C) -> Result<String, Error> {
    for _ in 0..20 {
        let candidate = OrderCode::generate(Series::Order, Utc::now());
        if order::Entity::find().filter(order::Column::Code.eq(candidate.as_str())).one(db).await?.is_none() {
            return Ok(candidate.into());
        }
    }
    Err(Error::internal("no free order code after 20 tries"))
}

/// Places the order for the buyer's whole cart.
///
/// # Errors
/// [`Error::Invalid`] for a bad request, [`Error::Conflict`] `out_of_stock` naming the SKU
/// when the stock ran out, `price_changed` when a price moved since the buyer last saw it
/// (seen now: the next attempt goes through), `idempotency_key_reused` when a key comes
/// back with a different request.
pub async fn place<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    buyer: &User,
    request: &Request,
    idempotency_key: Option<&str>,
    settings: &Settings,
) -> Result<Placed, Error> {
    let key = check_key(idempotency_key)?;
    let hash = request_hash(request);
    if let Some(key) = &key
        && let Some(existing) = by_key(db, buyer.id, key).await?
    {
        return replay(existing, &hash);
    }
    match place_once(db, buyer, request, key.as_deref(), &hash, settings).await {
        Ok(placed) => Ok(placed),
        // A twin request with the same key may have won meanwhile (and emptied the cart,
        // or taken the stock, or the key's unique index stopped us): answer with its order.
        Err(e) => match &key {
            Some(key) => match by_key(db, buyer.id, key).await? {
                Some(existing) => replay(existing, &hash),
                None => Err(e),
            },
            None => Err(e),
        },
    }
}

async fn place_once<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    buyer: &User,
    request: &Request,
    key: Option<&str>,
    hash: &str,
    settings: &Settings,
) -> Result<Placed, Error> {
    let review = review(db, buyer, request, settings).await?;
    if let Some(problem) = first_problem(&review) {
        return Err(problem);
    }
    if review.cart.price_changed {
        cart::acknowledge_prices(db, &Owner::User(buyer.id)).await?;
        return Err(Error::Conflict {
            code: conflicts::PRICE_CHANGED,
            field: None,
            message: "Giá một số sản phẩm đã thay đổi: hãy xem lại giỏ hàng trước khi đặt".into(),
        });
    }
    if let Some(expected) = request.expected_total_vnd
        && expected != review.total_vnd
    {
        return Err(Error::Conflict {
            code: conflicts::PRICE_CHANGED,
            field: None,
            message: format!(
                "Tổng tiền đơn đã thay đổi ({} thành {}): hãy xem lại trước khi đặt",
                Vnd(expected),
                Vnd(review.total_vnd)
            ),
        });
    }
    // Two checkouts at the same moment can draw the same free code (810,000 a day): the
    // unique index stops the second, which draws again rather than failing.
    let mut tries = 0;
    loop {
        tries += 1;
        let code = free_code(db).await?;
        let tx = ocop_core::db::begin_write(db).await?;
        match write_order(&tx, buyer, request, &review, &code, key, hash, settings).await {
            Ok(order) => {
                tx.commit().await?;
                return Ok(Placed { order, created: true });
            }
            Err(Error::Db(e)) if tries < 5 && is_code_clash(&e) => {
                tx.rollback().await?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// The unique index on order codes (`uq_orders_code`, SQLite: `orders.code`) refused a row.
fn is_code_clash(err: &sea_orm::DbErr) -> bool {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(message)) => {
            message.contains("uq_orders_code") || message.contains("orders.code")
        }
        _ => false,
    }
}

#[expect(clippy::too_many_arguments, reason = "one call site; the pieces are all different")]
async fn write_order<T: ConnectionTrait>(
    tx: &T,
    buyer: &User,
    request: &Request,
    review: &Review,
    code: &str,
    key: Option<&str>,
    hash: &str,
    settings: &Settings,
) -> Result<order::Model, Error> {
    let now = Utc::now();
    let online = review.payment_method != "cod";
    let address = &review.destination.address;
    // The first statement writes: on SQLite that takes the write lock up front, so
    // concurrent checkouts queue on the busy timeout instead of failing.
    let order = order::ActiveModel {
        code: Set(code.to_owned()),
        user_id: Set(buyer.id),
        payment_method: Set(review.payment_method.clone()),
        payment_status: Set(if online { "unpaid" } else { "cod" }.to_owned()),
        idempotency_key: Set(key.map(str::to_owned)),
        request_hash: Set(hash.to_owned()),
        recipient: Set(address.recipient.clone()),
        phone: Set(address.phone.clone()),
        province_code: Set(address.province_code.clone()),
        province_input: Set(address.province_input.clone()),
        commune: Set(address.commune.clone()),
        street: Set(address.street.clone()),
        pickup_point_id: Set(review.destination.pickup.as_ref().map(|p| p.id)),
        subtotal_vnd: Set(review.cart.subtotal_vnd),
        shipping_vnd: Set(review.cart.shipping_vnd),
        total_vnd: Set(review.total_vnd),
        discount_vnd: Set(review.discount_vnd),
        pay_by: Set(online.then(|| now + settings.pay_window)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;

    let mut lines: Vec<&cart::Line> = review.cart.groups.iter().flat_map(|g| g.lines.iter()).collect();
    // One lock order for every checkout: no deadlock between two carts on PostgreSQL.
    lines.sort_by_key(|l| l.variant_id);
    for line in &lines {
        if !stock::take(tx, line.variant_id, line.quantity).await? {
            return Err(out_of_stock(&line.sku, &line.product_name));
        }
    }
    // Under the lock now: what was priced is still what is sold.
    let ids: Vec<i64> = lines.iter().map(|l| l.variant_id).collect();
    let current = cart::buyable(tx, &ids).await?;
    let fair_pairs: Vec<(i64, i64)> = lines.iter().filter_map(|l| Some((l.fair_id?, l.variant_id))).collect();
    let fair_prices = fair_price::live(tx, &fair_pairs, now).await?;
    for line in &lines {
        let now_sold = current.iter().find(|b| b.variant_id == line.variant_id);
        let price_now = |b: &cart::Buyable| {
            line.fair_id.and_then(|f| fair_prices.get(&(f, b.variant_id)).copied()).unwrap_or(b.price_vnd)
        };
        match now_sold {
            Some(b) if price_now(b) == line.unit_price_vnd && b.live && !b.on_vacation => {}
            _ => {
                return Err(Error::Conflict {
                    code: conflicts::PRICE_CHANGED,
                    field: None,
                    message: format!("{} vừa thay đổi: hãy xem lại giỏ hàng", line.product_name),
                });
            }
        }
    }

    let initial = if online { Status::AwaitingPayment } else { Status::Confirmed };
    let link = format!("/don-hang/{code}");
    let mut parts: Vec<(i64, i64)> = Vec::with_capacity(review.cart.groups.len());
    for group in &review.cart.groups {
        let fee = match group.shipping {
            Quote::Fee { fee_vnd } => fee_vnd,
            Quote::Unavailable { .. } => {
                return Err(Error::invalid("shipping", "Gian hàng không giao đến địa chỉ này"));
            }
        };
        let (shop_goods, shop_shipping) = pricing::per_shop(&review.discounts, group.shop_id, Funder::Shop);
        let (market_goods, market_shipping) = pricing::per_shop(&review.discounts, group.shop_id, Funder::Marketplace);
        let goods_discount = shop_goods + market_goods;
        let shipping_discount = shop_shipping + market_shipping;
        let part = shop_order::ActiveModel {
            order_id: Set(order.id),
            shop_id: Set(group.shop_id),
            status: Set(initial.as_str().to_owned()),
            subtotal_vnd: Set(group.subtotal_vnd),
            shipping_vnd: Set(fee),
            total_vnd: Set(group.subtotal_vnd.saturating_add(fee) - goods_discount - shipping_discount),
            goods_discount_vnd: Set(goods_discount),
            shipping_discount_vnd: Set(shipping_discount),
            shop_goods_discount_vnd: Set(shop_goods),
            shop_shipping_discount_vnd: Set(shop_shipping),
            perishable: Set(group.perishable),
            carrier: Set(None),
            tracking_code: Set(None),
            cancel_reason: Set(None),
            delivered_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            fair_id: Set(group.lines.iter().find_map(|l| l.fair_id)),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        parts.push((group.shop_id, part.id));
        for line in &group.lines {
            order_line::ActiveModel {
                shop_order_id: Set(part.id),
                variant_id: Set(Some(line.variant_id)),
                sku: Set(line.sku.clone()),
                product_name: Set(line.product_name.clone()),
                product_slug: Set(line.product_slug.clone()),
                variant_label: Set(line.variant_label.clone()),
                unit_price_vnd: Set(line.unit_price_vnd),
                quantity: Set(i32::try_from(line.quantity).unwrap_or(i32::MAX)),
                line_total_vnd: Set(line.line_total_vnd),
                weight_grams: Set(i32::try_from(line.weight_grams).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(tx)
            .await?;
        }
        order_event::ActiveModel {
            shop_order_id: Set(part.id),
            status: Set(initial.as_str().to_owned()),
            actor_id: Set(Some(buyer.id)),
            note: Set("Đặt hàng".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        let shop_link = format!("/kenh-nguoi-ban/{}/don-hang/{}", group.shop_slug, part.id);
        notify::tell_shop(
            tx,
            group.shop_id,
            &Message {
                title: format!("Đơn hàng mới {code}: {}", Vnd(part.total_vnd)),
                body: format!(
                    "{} đặt {} sản phẩm, tổng {} ({}).\nXem và chuẩn bị đơn: {shop_link}",
                    address.recipient,
                    group.lines.iter().map(|l| l.quantity).sum::<i64>(),
                    Vnd(part.total_vnd),
                    method_label(&review.payment_method),
                ),
                link: &shop_link,
            },
        )
        .await?;
    }
    // Last before the stock counters: a voucher that ran out meanwhile undoes all of it.
    ocop_promotions::redeem::redeem(tx, buyer.id, order.id, &review.discounts, &parts, now).await?;
    // Best sellers rank higher in search; the listing's stock shows at once.
    let mut products: Vec<(i64, i64)> = Vec::new();
    for line in &lines {
        if let Some(b) = current.iter().find(|b| b.variant_id == line.variant_id) {
            match products.iter_mut().find(|(id, _)| *id == b.product_id) {
                Some((_, q)) => *q += line.quantity,
                None => products.push((b.product_id, line.quantity)),
            }
        }
    }
    products.sort_unstable();
    for (product_id, quantity) in products {
        stock::sold(tx, product_id, quantity).await?;
    }
    cart::remove(tx, &Owner::User(buyer.id), &ids).await?;
    if request.save_address && review.destination.pickup.is_none() {
        addresses::save(tx, buyer.id, address).await?;
    }
    let how = match &review.destination.pickup {
        Some(point) => format!("Nhận tại {} ({}), {}", point.name, point.address, point.opening_hours),
        None => format!("Giao đến {}, {}, {}", address.street, address.commune, address.province_name),
    };
    let next = if online {
        format!("Vui lòng thanh toán trước {} (giờ Việt Nam).", order.pay_by.map(vn_time).unwrap_or_default())
    } else {
        "Bạn thanh toán khi nhận hàng.".to_owned()
    };
    notify::tell(
        tx,
        buyer.id,
        &Message {
            title: format!("Đã đặt đơn {code}: {}", Vnd(order.total_vnd)),
            body: format!("Cảm ơn bạn đã đặt hàng.\n{how}\n{next}\nTheo dõi đơn: {link}"),
            link: &link,
        },
    )
    .await?;
    Ok(order)
}

/// A time as people in Vietnam read it.
pub fn vn_time(at: chrono::DateTime<Utc>) -> String {
    ocop_core::time::format_vn_time(at)
}
