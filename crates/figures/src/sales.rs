//! Sales over a period: the admins' dashboard (by channel, province, OCOP group, shop and
//! day) and a shop's own (by channel and day, and its best sellers). The definitions are
//! the crate's: goods value of committed shop orders plus booth and counter sales.

use std::collections::BTreeMap;

use ocop_catalog::group::GROUPS;
use ocop_core::Error;
use ocop_fairs::fair::province_name;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::Serialize;

use crate::period::Period;
use crate::sql::{counted, rows, vn_day};

/// Shops the admins' dashboard ranks.
pub const TOP_SHOPS: u32 = 20;
/// Products a shop's dashboard ranks.
pub const BEST_SELLERS: u32 = 10;

/// Where a sale was made, in a fixed order for tables and charts.
pub const CHANNELS: [(&str, &str, &str); 3] =
    [("online", "Trực tuyến", "Online"), ("fair", "Hội chợ", "Fairs"), ("point_of_sale", "Điểm bán", "Points of sale")];

/// One bar of a breakdown: a channel, a province, a shop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Slice {
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub orders: i64,
    pub revenue_vnd: i64,
}

/// An OCOP group's or a product's sales: pieces sold rather than orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemSlice {
    pub key: String,
    pub name: String,
    pub name_en: String,
    /// The shop, for a product.
    pub shop: String,
    pub quantity: i64,
    pub revenue_vnd: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DaySlice {
    /// `YYYY-MM-DD`, Vietnam's calendar.
    pub date: String,
    pub orders: i64,
    pub revenue_vnd: i64,
    pub online_vnd: i64,
    pub fair_vnd: i64,
    pub point_of_sale_vnd: i64,
}

/// The admins' dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub period: Period,
    pub orders: i64,
    pub revenue_vnd: i64,
    /// Shipping charged on the shop orders counted: beside revenue, not in it.
    pub shipping_vnd: i64,
    /// Shops with at least one sale.
    pub shops_selling: i64,
    /// The three channels, always, in [`CHANNELS`] order.
    pub by_channel: Vec<Slice>,
    /// Provinces of the selling shops, highest revenue first.
    pub by_province: Vec<Slice>,
    /// The six OCOP groups, highest revenue first (and "other" for lines whose product is
    /// gone).
    pub by_group: Vec<ItemSlice>,
    /// The [`TOP_SHOPS`] shops with the highest revenue.
    pub by_shop: Vec<Slice>,
    /// Every day of the period.
    pub by_day: Vec<DaySlice>,
}

/// One shop's dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct ShopSales {
    pub period: Period,
    pub orders: i64,
    pub revenue_vnd: i64,
    pub by_channel: Vec<Slice>,
    pub by_day: Vec<DaySlice>,
    pub best_sellers: Vec<ItemSlice>,
}

/// `$1`, `$2`, … handed out in the order they are written into the SQL.
#[derive(Default)]
struct Params {
    values: Vec<Value>,
}

impl Params {
    fn push(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }
}

/// Whose sales and when.
#[derive(Debug, Clone, Copy)]
struct Scope {
    period: Period,
    shop: Option<i64>,
}

impl Scope {
    /// The conditions on a shop order (`so`) or a booth sale (`ps`), with their values.
    fn filter(&self, p: &mut Params, alias: &str, at: &str) -> String {
        let mut sql =
            format!("{alias}.{at} >= {} AND {alias}.{at} < {}", p.push(self.period.start()), p.push(self.period.end()));
        if let Some(shop) = self.shop {
            sql.push_str(&format!(" AND {alias}.shop_id = {}", p.push(shop)));
        }
        sql
    }

    /// Every sale in scope: `(shop_id, channel, at, amount, shipping)`.
    fn sales(&self, p: &mut Params) -> String {
        let orders = self.filter(p, "so", "created_at");
        let booths = self.filter(p, "ps", "sold_at");
        format!(
            "SELECT so.shop_id AS shop_id, CASE WHEN so.fair_id IS NULL THEN 'online' ELSE 'fair' END AS channel, \
             so.created_at AS at, so.subtotal_vnd AS amount, so.shipping_vnd AS shipping FROM shop_orders so \
             WHERE {counted} AND {orders} \
             UNION ALL \
             SELECT ps.shop_id, CASE WHEN ps.fair_id IS NULL THEN 'point_of_sale' ELSE 'fair' END, ps.sold_at, \
             ps.total_vnd, CAST(0 AS BIGINT) FROM pos_sales ps WHERE {booths}",
            counted = counted("so")
        )
    }

    /// Every product sold in scope: `(product_id, quantity, amount)`, summed per variant
    /// (or product) before any join, so the joins see hundreds of rows, not every line.
    fn lines(&self, p: &mut Params) -> String {
        let orders = self.filter(p, "so", "created_at");
        let booths = self.filter(p, "ps", "sold_at");
        format!(
            "SELECT v.product_id AS product_id, o.quantity AS quantity, o.amount AS amount FROM ( \
               SELECT l.variant_id, SUM(l.quantity) AS quantity, SUM(l.line_total_vnd) AS amount \
               FROM order_lines l JOIN shop_orders so ON so.id = l.shop_order_id \
               WHERE {counted} AND {orders} GROUP BY l.variant_id \
             ) o LEFT JOIN product_variants v ON v.id = o.variant_id \
             UNION ALL \
             SELECT l.product_id, SUM(l.quantity), SUM(l.line_total_vnd) FROM pos_sale_lines l \
             JOIN pos_sales ps ON ps.id = l.sale_id WHERE {booths} GROUP BY l.product_id",
            counted = counted("so")
        )
    }
}

/// One shop's sales in one channel, with what the dashboards need of the shop.
#[derive(Debug, FromQueryResult)]
struct ShopChannel {
    slug: String,
    name: String,
    province_code: String,
    channel: String,
    orders: i64,
    total: i64,
    shipping: i64,
}

#[derive(Debug, FromQueryResult)]
struct DayChannel {
    day: String,
    channel: String,
    orders: i64,
    total: i64,
}

#[derive(Debug, FromQueryResult)]
struct ItemRow {
    key: Option<String>,
    name: Option<String>,
    shop: Option<String>,
    quantity: i64,
    total: i64,
}

/// Every shop's sales per channel in scope: one pass over the sales, then a join with the
/// few shops that sold.
async fn by_shop_and_channel<C: ConnectionTrait>(db: &C, scope: Scope) -> Result<Vec<ShopChannel>, Error> {
    let mut p = Params::default();
    let sql = format!(
        "SELECT s.slug, s.name, s.province_code, a.channel, a.orders, a.total, a.shipping FROM ( \
           SELECT t.shop_id, t.channel, CAST(COUNT(*) AS BIGINT) AS orders, CAST(SUM(t.amount) AS BIGINT) AS total, \
           CAST(SUM(t.shipping) AS BIGINT) AS shipping FROM ({}) t GROUP BY t.shop_id, t.channel \
         ) a JOIN shops s ON s.id = a.shop_id",
        scope.sales(&mut p)
    );
    rows(db, &sql, p.values).await
}

/// The three channels, in [`CHANNELS`] order, from per-shop rows.
fn channels(found: &[ShopChannel]) -> Vec<Slice> {
    CHANNELS
        .iter()
        .map(|(key, vi, en)| {
            let mine = found.iter().filter(|f| f.channel == *key);
            let (orders, revenue) = mine.fold((0, 0), |(o, r), f| (o + f.orders, r + f.total));
            Slice {
                key: (*key).to_owned(),
                name: (*vi).to_owned(),
                name_en: (*en).to_owned(),
                orders,
                revenue_vnd: revenue,
            }
        })
        .collect()
}

/// Sums rows under a key, highest revenue first (ties by name).
fn totals_by(found: &[ShopChannel], key: impl Fn(&ShopChannel) -> (String, String, String)) -> Vec<Slice> {
    let mut out: Vec<Slice> = Vec::new();
    for f in found {
        let (k, name, name_en) = key(f);
        match out.iter_mut().find(|s| s.key == k) {
            Some(s) => {
                s.orders += f.orders;
                s.revenue_vnd += f.total;
            }
            None => out.push(Slice { key: k, name, name_en, orders: f.orders, revenue_vnd: f.total }),
        }
    }
    out.sort_by(|a, b| b.revenue_vnd.cmp(&a.revenue_vnd).then(a.name.cmp(&b.name)));
    out
}

async fn by_day<C: ConnectionTrait>(db: &C, scope: Scope) -> Result<Vec<DaySlice>, Error> {
    let mut p = Params::default();
    let sql = format!(
        "SELECT {day} AS day, t.channel AS channel, CAST(COUNT(*) AS BIGINT) AS orders, \
         CAST(SUM(t.amount) AS BIGINT) AS total FROM ({sales}) t GROUP BY 1, 2",
        sales = scope.sales(&mut p),
        day = vn_day(db.get_database_backend(), "t.at"),
    );
    let found: Vec<DayChannel> = rows(db, &sql, p.values).await?;
    let mut days: BTreeMap<String, DaySlice> = scope
        .period
        .days()
        .into_iter()
        .map(|d| {
            let date = d.format("%Y-%m-%d").to_string();
            (date.clone(), DaySlice { date, ..DaySlice::default() })
        })
        .collect();
    for f in found {
        // A day outside the period cannot come back from the filter; skip it if it did.
        let Some(d) = days.get_mut(&f.day) else { continue };
        d.orders += f.orders;
        d.revenue_vnd += f.total;
        match f.channel.as_str() {
            "online" => d.online_vnd += f.total,
            "fair" => d.fair_vnd += f.total,
            _ => d.point_of_sale_vnd += f.total,
        }
    }
    Ok(days.into_values().collect())
}

async fn items<C: ConnectionTrait>(db: &C, scope: Scope, by_group: bool) -> Result<Vec<ItemSlice>, Error> {
    let mut p = Params::default();
    let lines = scope.lines(&mut p);
    let sql = if by_group {
        format!(
            "SELECT COALESCE(p.category, '') AS key, CAST(NULL AS TEXT) AS name, CAST(NULL AS TEXT) AS shop, \
             CAST(SUM(t.quantity) AS BIGINT) AS quantity, CAST(SUM(t.amount) AS BIGINT) AS total \
             FROM ({lines}) t LEFT JOIN products p ON p.id = t.product_id GROUP BY COALESCE(p.category, '')"
        )
    } else {
        format!(
            "SELECT CAST(t.product_id AS TEXT) AS key, MIN(p.name) AS name, MIN(s.name) AS shop, \
             CAST(SUM(t.quantity) AS BIGINT) AS quantity, CAST(SUM(t.amount) AS BIGINT) AS total \
             FROM ({lines}) t LEFT JOIN products p ON p.id = t.product_id LEFT JOIN shops s ON s.id = p.shop_id \
             GROUP BY t.product_id ORDER BY total DESC, t.product_id LIMIT {BEST_SELLERS}"
        )
    };
    let found: Vec<ItemRow> = rows(db, &sql, p.values).await?;
    let mut out: Vec<ItemSlice> = found
        .into_iter()
        .map(|r| {
            let key = r.key.unwrap_or_default();
            let (name, name_en) = if by_group {
                GROUPS.iter().find(|g| g.code == key).map_or_else(
                    || ("Khác".to_owned(), "Other".to_owned()),
                    |g| (g.name_vi.to_owned(), g.name_en.to_owned()),
                )
            } else {
                let name = r.name.unwrap_or_else(|| "Sản phẩm đã gỡ".to_owned());
                (name.clone(), name)
            };
            ItemSlice {
                key,
                name,
                name_en,
                shop: r.shop.unwrap_or_default(),
                quantity: r.quantity,
                revenue_vnd: r.total,
            }
        })
        .collect();
    if by_group {
        // Every group shows, even one that sold nothing: a gap is a finding too.
        for g in GROUPS {
            if !out.iter().any(|s| s.key == g.code) {
                out.push(ItemSlice {
                    key: g.code.to_owned(),
                    name: g.name_vi.to_owned(),
                    name_en: g.name_en.to_owned(),
                    ..ItemSlice::default()
                });
            }
        }
        out.sort_by(|a, b| b.revenue_vnd.cmp(&a.revenue_vnd).then(a.key.cmp(&b.key)));
    }
    Ok(out)
}

/// The admins' dashboard for `period`.
///
/// # Errors
/// The database cannot be read.
pub async fn dashboard<C: ConnectionTrait>(db: &C, period: Period) -> Result<Dashboard, Error> {
    let scope = Scope { period, shop: None };
    let found = by_shop_and_channel(db, scope).await?;
    let by_channel = channels(&found);
    let by_province = totals_by(&found, |f| {
        let name = province_name(&f.province_code);
        (f.province_code.clone(), name.clone(), name)
    });
    // The shop's province rides in `name_en`: a place name reads the same in both languages.
    let mut by_shop = totals_by(&found, |f| (f.slug.clone(), f.name.clone(), province_name(&f.province_code)));
    let shops_selling = i64::try_from(by_shop.len()).unwrap_or(i64::MAX);
    by_shop.truncate(TOP_SHOPS as usize);
    Ok(Dashboard {
        period,
        orders: by_channel.iter().map(|c| c.orders).sum(),
        revenue_vnd: by_channel.iter().map(|c| c.revenue_vnd).sum(),
        shipping_vnd: found.iter().map(|f| f.shipping).sum(),
        shops_selling,
        by_channel,
        by_province,
        by_group: items(db, scope, true).await?,
        by_shop,
        by_day: by_day(db, scope).await?,
    })
}

/// One shop's sales for `period`.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_sales<C: ConnectionTrait>(db: &C, shop_id: i64, period: Period) -> Result<ShopSales, Error> {
    let scope = Scope { period, shop: Some(shop_id) };
    let by_channel = channels(&by_shop_and_channel(db, scope).await?);
    Ok(ShopSales {
        period,
        orders: by_channel.iter().map(|c| c.orders).sum(),
        revenue_vnd: by_channel.iter().map(|c| c.revenue_vnd).sum(),
        by_channel,
        by_day: by_day(db, scope).await?,
        best_sellers: items(db, scope, false).await?,
    })
}

/// Orders and revenue of one shop (or every shop) in `period`: one aggregate query.
///
/// # Errors
/// The database cannot be read.
pub async fn totals<C: ConnectionTrait>(db: &C, shop: Option<i64>, period: Period) -> Result<(i64, i64), Error> {
    #[derive(FromQueryResult)]
    struct Row {
        orders: Option<i64>,
        total: Option<i64>,
    }
    let mut p = Params::default();
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS orders, CAST(SUM(t.amount) AS BIGINT) AS total FROM ({}) t",
        Scope { period, shop }.sales(&mut p)
    );
    let found: Vec<Row> = rows(db, &sql, p.values).await?;
    Ok(found.first().map_or((0, 0), |r| (r.orders.unwrap_or(0), r.total.unwrap_or(0))))
}
