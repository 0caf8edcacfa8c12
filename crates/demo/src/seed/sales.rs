//! Made-up but lifelike fair trading, written in bulk: online orders bought through a fair
//! (with lines and their timeline), sales at its booths, and its visitors, spread over the
//! fair's days the way a real fair goes (busier at the weekend and on the opening day,
//! evenings online, afternoons at the stalls). Used by `ocop seed --demo` for the demo fair
//! and by `bench-fair` for a fair of 300 booths and 100,000 orders.
//!
//! Everything is deterministic for a given seed, and written with multi-row INSERTs in the
//! caller's transaction, so a few thousand rows cost a fraction of a second on SQLite.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use ocop_fairs::visits;
use ocop_orders::code::{OrderCode, Series};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

/// A small deterministic generator (SplitMix64): the same seed, the same demo.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// In `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from(self.next_u64() % span).unwrap_or(0)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn in proportion to `weights` (all ≥ 0, not all 0).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

/// Inserts `rows` into `table` many at a time, inside whatever transaction `db` is;
/// returns the `returning` columns of every row (in insertion order), or nothing.
///
/// # Errors
/// The database refuses a row.
pub async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    returning: &str,
) -> Result<Vec<QueryResult>, DbErr> {
    // SQLite takes at most 32 766 parameters a statement, PostgreSQL 65 535.
    let per_statement = (30_000 / columns.len().max(1)).clamp(1, 1_000);
    // SQLite reads `$1` as a named parameter and looks every new name up in a list, which
    // grows quadratically with thousands of them; its plain `?` is positional and cheap.
    let postgres = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut values = Vec::with_capacity(chunk.len() * columns.len());
        for (i, row) in chunk.into_iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for (j, value) in row.into_iter().enumerate() {
                values.push(value);
                if j > 0 {
                    sql.push_str(", ");
                }
                if postgres {
                    sql.push_str(&format!("${}", values.len()));
                } else {
                    sql.push('?');
                }
            }
            sql.push(')');
        }
        let statement = |sql: String| Statement::from_sql_and_values(db.get_database_backend(), sql, values);
        if returning.is_empty() {
            db.execute_raw(statement(sql)).await?;
        } else {
            sql.push_str(&format!(" RETURNING {returning}"));
            out.extend(db.query_all_raw(statement(sql)).await?);
        }
    }
    Ok(out)
}

/// One product line a booth sells.
#[derive(Debug, Clone)]
pub struct Item {
    pub variant_id: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub slug: String,
    pub label: String,
    pub price_vnd: i64,
    /// Charged instead of `price_vnd` at the fair.
    pub fair_price_vnd: Option<i64>,
    pub weight_grams: i32,
}

impl Item {
    fn unit_price(&self) -> i64 {
        self.fair_price_vnd.unwrap_or(self.price_vnd)
    }
}

/// A booth with what it sells and how busy it is.
#[derive(Debug, Clone)]
pub struct Stall {
    pub booth_id: i64,
    pub number: i32,
    pub shop_id: i64,
    /// Who rings up the booth's sales.
    pub seller_id: i64,
    /// Relative pull: 1.0 is an average booth.
    pub weight: f64,
    pub items: Vec<Item>,
}

/// Someone who buys online.
#[derive(Debug, Clone)]
pub struct Buyer {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub province_code: String,
    pub province_input: String,
    pub commune: String,
    pub street: String,
}

/// How much trading to make, and where.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The fair the trading goes through (its id and name), or none: everyday orders and
    /// sales at a shop's counter.
    pub fair: Option<(i64, String)>,
    /// Where counter sales happen when there is no fair.
    pub place: String,
    /// Keeps two plans' order codes and sale ids apart in one database.
    pub tag: u32,
    /// The first day's opening, 08:00 in Vietnam.
    pub opens: DateTime<Utc>,
    pub days: u32,
    /// A fair's first and last days draw extra crowds; everyday trading has no such days.
    pub opening_rush: bool,
    pub online_orders: usize,
    pub booth_sales: usize,
    /// Distinct visitors on an ordinary day (weekends bring more).
    pub visitors_per_day: usize,
    pub seed: u64,
    /// Each order gets two timeline events (placed, last status); a benchmark may skip them.
    pub events: bool,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Made {
    pub orders: usize,
    pub cancelled: usize,
    pub booth_sales: usize,
    pub visits: usize,
}

/// How busy each day is: weekends and the opening day draw the crowds.
fn day_weights(plan: &Plan) -> Vec<f64> {
    use chrono::Datelike as _;
    (0..plan.days)
        .map(|d| {
            let day = (plan.opens + Duration::days(i64::from(d)) + Duration::hours(7)).weekday();
            let base = match day {
                chrono::Weekday::Sat => 1.75,
                chrono::Weekday::Sun => 1.6,
                chrono::Weekday::Fri => 1.15,
                chrono::Weekday::Mon | chrono::Weekday::Wed => 0.8,
                chrono::Weekday::Tue => 0.75,
                chrono::Weekday::Thu => 0.9,
            };
            let edge = if !plan.opening_rush {
                1.0
            } else if d == 0 {
                1.3
            } else if d + 1 == plan.days {
                1.15
            } else {
                1.0
            };
            base * edge
        })
        .collect()
}

/// Minutes after 08:00 of the day: online buyers peak in the evening, stalls in the late
/// morning and from late afternoon.
fn minute_of_day(rng: &mut Rng, online: bool) -> i64 {
    // (start hour, end hour, weight)
    let online_bands = [(7, 11, 1.0), (11, 14, 1.4), (14, 19, 1.2), (19, 22, 2.4)];
    let stall_bands = [(8, 10, 0.8), (10, 12, 1.6), (12, 15, 0.9), (15, 18, 1.4), (18, 21, 1.9)];
    let bands: &[(i64, i64, f64)] = if online { &online_bands } else { &stall_bands };
    let weights: Vec<f64> = bands.iter().map(|b| b.2).collect();
    let (from, to, _) = bands[rng.weighted(&weights)];
    rng.between(from * 60, to * 60 - 1) - 8 * 60
}

/// Deterministic order and receipt codes: the n-th of each day, with each plan's tag in
/// its own range, so two plans never draw the same code and each reads back as itself.
struct Codes {
    series: Series,
    issued: HashMap<String, u64>,
}

impl Codes {
    /// Tags below this many keep their codes apart.
    const TAGS: u64 = 8;

    fn new(series: Series) -> Self {
        Self { series, issued: HashMap::new() }
    }

    fn next(&mut self, tag: u32, at: DateTime<Utc>) -> Result<OrderCode, DbErr> {
        let per_tag = self.series.per_day() / Self::TAGS;
        let day = at.with_timezone(&ocop_orders::code::vietnam_offset()).format("%y%m%d").to_string();
        let n = self.issued.entry(day).or_default();
        if *n >= per_tag || u64::from(tag) >= Self::TAGS {
            return Err(DbErr::Custom(format!("more than {per_tag} codes on one day, or tag {tag} ≥ {}", Self::TAGS)));
        }
        let code = OrderCode::numbered(self.series, at, u64::from(tag) * per_tag + *n);
        *n += 1;
        Ok(code)
    }
}

/// A basket from one stall: one to three different items, mostly one piece each; the
/// cheaper lines sell more often than the showpieces.
fn basket<'a>(rng: &mut Rng, stall: &'a Stall, max_quantity: i64) -> Vec<(&'a Item, i64)> {
    let wanted = [1usize, 1, 1, 2, 2, 3][rng.between(0, 5) as usize].min(stall.items.len());
    let appeal: Vec<f64> =
        stall.items.iter().map(|i| (100_000.0 / i.unit_price().max(1_000) as f64).powf(0.8)).collect();
    let mut picked: Vec<(&Item, i64)> = Vec::new();
    while picked.len() < wanted {
        let item = &stall.items[rng.weighted(&appeal)];
        if picked.iter().any(|(p, _)| p.variant_id == item.variant_id) {
            continue;
        }
        let quantity = if rng.chance(0.7) { 1 } else { rng.between(2, max_quantity) };
        picked.push((item, quantity));
    }
    picked
}

const CARRIERS: [&str; 4] = ["GHN", "GHTK", "Viettel Post", "VNPost"];

fn cancel_reason(method: &str) -> &'static str {
    if method == "cod" {
        "Khách đổi ý, huỷ trước khi gửi hàng"
    } else {
        "Khách không chuyển khoản trong hạn"
    }
}

/// Writes the plan's orders, booth sales and visits.
///
/// # Errors
/// The database refuses a row.
pub async fn make_sales<C: ConnectionTrait>(
    db: &C,
    plan: &Plan,
    stalls: &[Stall],
    buyers: &[Buyer],
) -> Result<Made, DbErr> {
    let stalls: Vec<&Stall> = stalls.iter().filter(|s| !s.items.is_empty()).collect();
    if stalls.is_empty() || buyers.is_empty() {
        return Ok(Made::default());
    }
    // One generator drawn in this order (orders, booth sales, visits): the same seed, the
    // same demo.
    let mut draw =
        Draw { rng: Rng::new(plan.seed), days: day_weights(plan), pull: stalls.iter().map(|s| s.weight).collect() };
    let placed = draw_orders(&mut draw, plan, &stalls, buyers)?;
    let ids = write_orders(db, &placed).await?;
    let parts = write_shop_orders(db, plan, &placed, &ids).await?;
    write_lines_and_events(db, plan, &placed, &|p| {
        ids.get(&p.code).and_then(|o| parts.get(o)).copied().unwrap_or_default()
    })
    .await?;
    let sold = draw_booth_sales(&mut draw, plan, &stalls)?;
    write_booth_sales(db, plan, &sold).await?;
    let visits = match plan.fair.as_ref() {
        Some((fair_id, _)) => draw_and_write_visits(db, &mut draw, plan, *fair_id, &stalls).await?,
        None => 0,
    };
    Ok(Made {
        orders: placed.len(),
        cancelled: placed.iter().filter(|p| p.status == "cancelled").count(),
        booth_sales: sold.len(),
        visits,
    })
}

/// The generator and what it draws from: how busy each day is, how much each stall pulls.
struct Draw {
    rng: Rng,
    days: Vec<f64>,
    pull: Vec<f64>,
}

impl Draw {
    /// A moment on a day drawn by weight, at a time of day the way online buyers or
    /// stall visitors come.
    fn moment(&mut self, plan: &Plan, online: bool) -> DateTime<Utc> {
        let day = i64::try_from(self.rng.weighted(&self.days)).unwrap_or(0);
        plan.opens
            + Duration::days(day)
            + Duration::minutes(minute_of_day(&mut self.rng, online))
            + Duration::seconds(self.rng.between(0, 59))
    }

    fn stall<'a>(&mut self, stalls: &[&'a Stall]) -> &'a Stall {
        stalls[self.rng.weighted(&self.pull)]
    }
}

/// An online order: the order, its one shop order, its lines, its timeline.
struct Placed<'a> {
    code: String,
    at: DateTime<Utc>,
    done_at: DateTime<Utc>,
    stall: &'a Stall,
    buyer: &'a Buyer,
    lines: Vec<(&'a Item, i64)>,
    goods: i64,
    shipping: i64,
    method: &'static str,
    status: &'static str,
    payment_status: &'static str,
}

fn draw_orders<'a>(
    draw: &mut Draw,
    plan: &Plan,
    stalls: &[&'a Stall],
    buyers: &'a [Buyer],
) -> Result<Vec<Placed<'a>>, DbErr> {
    let mut placed: Vec<Placed> = Vec::with_capacity(plan.online_orders);
    let mut codes = Codes::new(Series::Order);
    for _ in 0..plan.online_orders {
        let at = draw.moment(plan, true);
        let stall = draw.stall(stalls);
        let rng = &mut draw.rng;
        let buyer = &buyers[rng.between(0, buyers.len() as i64 - 1) as usize];
        let lines = basket(rng, stall, 3);
        let goods: i64 = lines.iter().map(|(i, q)| i.unit_price() * q).sum();
        let shipping = if goods >= 500_000 { 0 } else { [22_000, 30_000, 35_000, 45_000][rng.between(0, 3) as usize] };
        let method = ["cod", "cod", "cod", "vietqr", "vietqr", "vietqr", "vnpay", "momo"][rng.between(0, 7) as usize];
        let cancelled = rng.chance(0.04);
        let (status, payment_status) = match (cancelled, method) {
            (true, "cod") => ("cancelled", "cod"),
            (true, _) => ("cancelled", "void"),
            (false, "cod") => (if rng.chance(0.85) { "completed" } else { "delivered" }, "cod"),
            (false, _) => (if rng.chance(0.85) { "completed" } else { "delivered" }, "paid"),
        };
        let done_at = if cancelled {
            at + Duration::hours(rng.between(1, 24))
        } else {
            at + Duration::hours(rng.between(40, 110))
        };
        placed.push(Placed {
            code: codes.next(plan.tag, at)?.into(),
            at,
            done_at,
            stall,
            buyer,
            lines,
            goods,
            shipping,
            method,
            status,
            payment_status,
        });
    }
    Ok(placed)
}

/// Inserts the orders; returns each one's id by code.
async fn write_orders<C: ConnectionTrait>(db: &C, placed: &[Placed<'_>]) -> Result<HashMap<String, i64>, DbErr> {
    let order_rows: Vec<Vec<Value>> = placed
        .iter()
        .map(|p| {
            let b = p.buyer;
            let online = p.method != "cod";
            vec![
                p.code.clone().into(),
                b.user_id.into(),
                p.method.into(),
                p.payment_status.into(),
                "".into(),
                b.name.clone().into(),
                b.phone.clone().into(),
                b.province_code.clone().into(),
                b.province_input.clone().into(),
                b.commune.clone().into(),
                b.street.clone().into(),
                p.goods.into(),
                p.shipping.into(),
                (p.goods + p.shipping).into(),
                online.then(|| p.at + Duration::hours(24)).into(),
                p.at.into(),
            ]
        })
        .collect();
    let columns = [
        "code",
        "user_id",
        "payment_method",
        "payment_status",
        "request_hash",
        "recipient",
        "phone",
        "province_code",
        "province_input",
        "commune",
        "street",
        "subtotal_vnd",
        "shipping_vnd",
        "total_vnd",
        "pay_by",
        "created_at",
    ];
    let ids = insert_rows(db, "orders", &columns, order_rows, "id, code").await?;
    let mut order_ids: HashMap<String, i64> = HashMap::with_capacity(ids.len());
    for row in ids {
        order_ids.insert(row.try_get::<String>("", "code")?, row.try_get::<i64>("", "id")?);
    }
    Ok(order_ids)
}

/// Inserts each order's one shop order; returns the shop order's id by order id.
async fn write_shop_orders<C: ConnectionTrait>(
    db: &C,
    plan: &Plan,
    placed: &[Placed<'_>],
    order_ids: &HashMap<String, i64>,
) -> Result<HashMap<i64, i64>, DbErr> {
    let part_rows: Vec<Vec<Value>> = placed
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let shipped = p.status != "cancelled";
            vec![
                order_ids.get(&p.code).copied().unwrap_or_default().into(),
                p.stall.shop_id.into(),
                p.status.into(),
                p.goods.into(),
                p.shipping.into(),
                (p.goods + p.shipping).into(),
                shipped.then(|| CARRIERS[n % CARRIERS.len()].to_owned()).into(),
                shipped.then(|| format!("HC{:08}", n + 1)).into(),
                (!shipped).then(|| cancel_reason(p.method).to_owned()).into(),
                shipped.then_some(p.done_at).into(),
                p.at.into(),
                p.done_at.into(),
                plan.fair.as_ref().map(|(id, _)| *id).into(),
            ]
        })
        .collect();
    let columns = [
        "order_id",
        "shop_id",
        "status",
        "subtotal_vnd",
        "shipping_vnd",
        "total_vnd",
        "carrier",
        "tracking_code",
        "cancel_reason",
        "delivered_at",
        "created_at",
        "updated_at",
        "fair_id",
    ];
    let ids = insert_rows(db, "shop_orders", &columns, part_rows, "id, order_id").await?;
    let mut part_of: HashMap<i64, i64> = HashMap::with_capacity(ids.len());
    for row in ids {
        part_of.insert(row.try_get::<i64>("", "order_id")?, row.try_get::<i64>("", "id")?);
    }
    Ok(part_of)
}

/// Inserts the orders' lines and, when the plan asks, their timelines (placed, last status).
async fn write_lines_and_events<C: ConnectionTrait>(
    db: &C,
    plan: &Plan,
    placed: &[Placed<'_>],
    part_id: &(dyn Fn(&Placed<'_>) -> i64 + Sync),
) -> Result<(), DbErr> {
    let mut line_rows = Vec::new();
    let mut event_rows = Vec::new();
    for p in placed {
        let part = part_id(p);
        for (item, quantity) in &p.lines {
            line_rows.push(vec![
                part.into(),
                Some(item.variant_id).into(),
                item.sku.clone().into(),
                item.name.clone().into(),
                item.slug.clone().into(),
                item.label.clone().into(),
                item.unit_price().into(),
                i32::try_from(*quantity).unwrap_or(1).into(),
                (item.unit_price() * quantity).into(),
                item.weight_grams.into(),
            ]);
        }
        if plan.events {
            let first = if p.method == "cod" { "confirmed" } else { "awaiting_payment" };
            event_rows.push(vec![
                part.into(),
                first.into(),
                Some(p.buyer.user_id).into(),
                "Đặt hàng".into(),
                p.at.into(),
            ]);
            let last_note = match p.status {
                "cancelled" => cancel_reason(p.method),
                "completed" => "Khách đã nhận hàng",
                _ => "Đã giao",
            };
            event_rows.push(vec![part.into(), p.status.into(), None::<i64>.into(), last_note.into(), p.done_at.into()]);
        }
    }
    let columns = [
        "shop_order_id",
        "variant_id",
        "sku",
        "product_name",
        "product_slug",
        "variant_label",
        "unit_price_vnd",
        "quantity",
        "line_total_vnd",
        "weight_grams",
    ];
    insert_rows(db, "order_lines", &columns, line_rows, "").await?;
    insert_rows(db, "order_events", &["shop_order_id", "status", "actor_id", "note", "created_at"], event_rows, "")
        .await?;
    Ok(())
}

/// A sale at a booth: stalls near the entrance and the host's own sell most.
struct Sold<'a> {
    client_id: String,
    receipt: String,
    stall: &'a Stall,
    at: DateTime<Utc>,
    method: &'static str,
    lines: Vec<(&'a Item, i64)>,
}

fn draw_booth_sales<'a>(draw: &mut Draw, plan: &Plan, stalls: &[&'a Stall]) -> Result<Vec<Sold<'a>>, DbErr> {
    let mut sold: Vec<Sold> = Vec::with_capacity(plan.booth_sales);
    let mut receipts = Codes::new(Series::Receipt);
    for n in 0..plan.booth_sales {
        let at = draw.moment(plan, false);
        let stall = draw.stall(stalls);
        sold.push(Sold {
            client_id: format!("demo-{}-{n:07}", plan.tag),
            receipt: receipts.next(plan.tag, at)?.into(),
            stall,
            at,
            method: if draw.rng.chance(0.6) { "cash" } else { "vietqr" },
            lines: basket(&mut draw.rng, stall, 2),
        });
    }
    Ok(sold)
}

/// Inserts the booth sales and their lines.
async fn write_booth_sales<C: ConnectionTrait>(db: &C, plan: &Plan, sold: &[Sold<'_>]) -> Result<(), DbErr> {
    let sale_rows: Vec<Vec<Value>> = sold
        .iter()
        .map(|s| {
            let total: i64 = s.lines.iter().map(|(i, q)| i.unit_price() * q).sum();
            vec![
                s.stall.shop_id.into(),
                s.client_id.clone().into(),
                s.receipt.clone().into(),
                s.stall.seller_id.into(),
                s.method.into(),
                plan.fair.as_ref().map(|(id, _)| *id).into(),
                match &plan.fair {
                    Some((_, name)) => format!("Gian {}, {name}", s.stall.number),
                    None => plan.place.clone(),
                }
                .chars()
                .take(80)
                .collect::<String>()
                .into(),
                total.into(),
                None::<String>.into(),
                s.at.into(),
                (s.at + Duration::minutes(2)).into(),
            ]
        })
        .collect();
    let columns = [
        "shop_id",
        "client_sale_id",
        "receipt_code",
        "seller_id",
        "payment_method",
        "fair_id",
        "place",
        "total_vnd",
        "buyer_contact",
        "sold_at",
        "received_at",
    ];
    let ids = insert_rows(db, "pos_sales", &columns, sale_rows, "id, client_sale_id").await?;
    let mut sale_ids: HashMap<String, i64> = HashMap::with_capacity(ids.len());
    for row in ids {
        sale_ids.insert(row.try_get::<String>("", "client_sale_id")?, row.try_get::<i64>("", "id")?);
    }
    let mut sale_lines = Vec::new();
    for s in sold {
        let sale = sale_ids.get(&s.client_id).copied().unwrap_or_default();
        for (item, quantity) in &s.lines {
            let name =
                if item.label.is_empty() { item.name.clone() } else { format!("{} – {}", item.name, item.label) };
            sale_lines.push(vec![
                sale.into(),
                item.variant_id.into(),
                item.product_id.into(),
                item.sku.clone().into(),
                name.into(),
                (*quantity).into(),
                item.unit_price().into(),
                (item.unit_price() * quantity).into(),
            ]);
        }
    }
    let columns =
        ["sale_id", "variant_id", "product_id", "sku", "product_name", "quantity", "unit_price_vnd", "line_total_vnd"];
    insert_rows(db, "pos_sale_lines", &columns, sale_lines, "").await?;
    Ok(())
}

/// Visitors of the fair, day by day: some come back another day; most look at a few
/// booths. Returns how many visits were written.
async fn draw_and_write_visits<C: ConnectionTrait>(
    db: &C,
    draw: &mut Draw,
    plan: &Plan,
    fair_id: i64,
    stalls: &[&Stall],
) -> Result<usize, DbErr> {
    let mut visit_rows = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let mut next_visitor = 0usize;
    let days = draw.days.clone();
    for (d, weight) in days.iter().enumerate() {
        let day_start = plan.opens + Duration::days(i64::try_from(d).unwrap_or(0));
        let day = visits::day_of(day_start);
        let rng = &mut draw.rng;
        let count = (plan.visitors_per_day as f64 * weight * (0.9 + 0.2 * rng.unit())) as usize;
        let mut today: Vec<usize> = Vec::with_capacity(count);
        for _ in 0..count {
            let returning = !seen.is_empty() && rng.chance(0.3);
            let v = if returning {
                seen[rng.between(0, seen.len() as i64 - 1) as usize]
            } else {
                next_visitor += 1;
                seen.push(next_visitor);
                next_visitor
            };
            if today.contains(&v) {
                continue;
            }
            today.push(v);
        }
        for v in today {
            let key = visits::visitor_key(b"demo-fair", &format!("{fair_id}-{}-{v}", plan.seed));
            let at = day_start + Duration::minutes(minute_of_day(&mut draw.rng, false));
            let mut booths: Vec<i64> = Vec::new();
            if draw.rng.chance(0.85) {
                booths.push(visits::FAIR_PAGE);
            }
            for _ in 0..[0, 1, 2, 2, 3, 3, 4, 5][draw.rng.between(0, 7) as usize] {
                let booth = draw.stall(stalls).booth_id;
                if !booths.contains(&booth) {
                    booths.push(booth);
                }
            }
            for booth in booths {
                visit_rows.push(vec![fair_id.into(), booth.into(), key.clone().into(), day.clone().into(), at.into()]);
            }
        }
    }
    let written = visit_rows.len();
    insert_rows(db, "fair_visits", &["fair_id", "booth_id", "visitor", "day", "first_at"], visit_rows, "").await?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_repeatable_and_fair_to_its_weights() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!((0..5).map(|_| a.next_u64()).collect::<Vec<_>>(), (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[a.weighted(&[1.0, 2.0, 0.0])] += 1;
        }
        assert_eq!(counts[2], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
        for _ in 0..1_000 {
            assert!((3..=5).contains(&a.between(3, 5)));
        }
    }

    #[test]
    fn codes_are_unique_per_tag_and_read_back() {
        use chrono::TimeZone as _;
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0).single().unwrap_or_default();
        let mut codes = Codes::new(Series::Order);
        let mut seen = std::collections::HashSet::new();
        for tag in [0, 1, 7] {
            for _ in 0..20_000 {
                let code = codes.next(tag, at).map(String::from).unwrap_or_default();
                assert_eq!(code.parse::<OrderCode>().map(String::from).as_deref(), Ok(code.as_str()));
                assert!(code.len() <= 24, "orders.code holds 24");
                assert!(seen.insert(code));
            }
        }
        assert!(codes.next(8, at).is_err());
    }

    #[test]
    fn weekends_and_the_opening_day_are_busiest() {
        use chrono::TimeZone as _;
        // Thursday 11 June 2026, 08:00 in Hà Nội.
        let opens = Utc.with_ymd_and_hms(2026, 6, 11, 1, 0, 0).single().unwrap_or_default();
        let plan = Plan {
            fair: Some((1, String::new())),
            place: String::new(),
            tag: 0,
            opens,
            days: 7,
            opening_rush: true,
            online_orders: 0,
            booth_sales: 0,
            visitors_per_day: 0,
            seed: 1,
            events: false,
        };
        let w = day_weights(&plan);
        // Thu (opening), Fri, Sat, Sun, Mon, Tue, Wed (closing).
        assert!(w[2] > w[1] && w[3] > w[1] && w[2] > w[4], "{w:?}");
        assert!(w[0] > 0.9 * 1.2, "the opening day draws a crowd: {w:?}");
    }
}
