//! One fair's report for its organisers: visitors, booth visits, sales and revenue per
//! booth, per day and per province (the host's shops against the guests'), online against
//! at the booth, and the best-selling products. The definitions are the crate's.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ocop_catalog::entity::shop;
use ocop_core::Error;
use ocop_fairs::booths::{self, ACCEPTED};
use ocop_fairs::entity::fair;
use ocop_fairs::fair as fairs;
use ocop_fairs::visits::FAIR_PAGE;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
use serde::Serialize;

use crate::period::today_vn;
use crate::sql::{counted, rows, vn_day};

/// How many products the report ranks.
pub const TOP_PRODUCTS: u32 = 10;

/// The fair the report is about.
#[derive(Debug, Clone, Serialize)]
pub struct FairInfo {
    pub slug: String,
    pub name: String,
    pub host_province: String,
    pub host_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Shop orders bought through the fair's pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Online {
    pub orders: i64,
    pub revenue_vnd: i64,
    /// Shipping charged on those orders: passed to carriers, not revenue.
    pub shipping_vnd: i64,
}

/// Sales made at the fair's booths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AtBooths {
    pub sales: i64,
    pub revenue_vnd: i64,
    pub cash_vnd: i64,
    pub vietqr_vnd: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub host: bool,
    /// Booths its shops hold (accepted).
    pub booths: i64,
    pub orders: i64,
    pub revenue_vnd: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoothRow {
    /// The booth's number; `None` for a shop that sold through the fair and has since
    /// given up its booth.
    pub booth: Option<i32>,
    /// The shop's name.
    pub shop: String,
    pub shop_slug: String,
    pub province: String,
    pub province_name: String,
    pub host: bool,
    /// Visitor-days at the booth's page.
    pub visits: i64,
    /// Online orders and booth sales together.
    pub orders: i64,
    pub revenue_vnd: i64,
    pub online_orders: i64,
    pub online_vnd: i64,
    pub booth_sales: i64,
    pub booth_vnd: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DayRow {
    /// `YYYY-MM-DD`, Vietnam's calendar.
    pub date: String,
    pub visitors: i64,
    pub orders: i64,
    pub revenue_vnd: i64,
    pub online_vnd: i64,
    pub booth_vnd: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductRow {
    pub product_id: Option<i64>,
    pub name: String,
    pub shop: String,
    pub quantity: i64,
    pub revenue_vnd: i64,
}

/// The report. Its first keys are the API's stable shape (`visitors`, `orders`,
/// `revenue_vnd`, `by_province`, `by_booth`, `by_day`); the rest adds detail.
#[derive(Debug, Clone, Serialize)]
pub struct FairReport {
    pub visitors: i64,
    /// Online orders plus booth sales.
    pub orders: i64,
    /// Goods sold online through the fair plus at its booths; shipping not included.
    pub revenue_vnd: i64,
    /// Province name → revenue of its shops.
    pub by_province: BTreeMap<String, i64>,
    /// Every accepted booth (and any shop that sold through the fair without one now),
    /// highest revenue first.
    pub by_booth: Vec<BoothRow>,
    /// Every day of the fair, and any other day with a sale or a visit.
    pub by_day: Vec<DayRow>,
    pub fair: FairInfo,
    pub booth_visits: i64,
    pub online: Online,
    pub at_booths: AtBooths,
    /// The host first, then the guests by revenue.
    pub provinces: Vec<ProvinceRow>,
    pub top_products: Vec<ProductRow>,
    /// When these figures were counted.
    pub counted_at: DateTime<Utc>,
}

impl FairReport {
    /// Revenue of the host province's shops and of all guests together.
    pub fn host_and_guests(&self) -> (i64, i64) {
        let host: i64 = self.provinces.iter().filter(|p| p.host).map(|p| p.revenue_vnd).sum();
        (host, self.revenue_vnd - host)
    }
}

#[derive(Debug, FromQueryResult)]
struct OnlineByShopDay {
    shop_id: i64,
    day: String,
    orders: i64,
    goods: i64,
    shipping: i64,
}

#[derive(Debug, FromQueryResult)]
struct BoothByShopDay {
    shop_id: i64,
    day: String,
    sales: i64,
    total: i64,
    cash: i64,
}

#[derive(Debug)]
struct OnlineByShop {
    shop_id: i64,
    orders: i64,
    goods: i64,
    shipping: i64,
}

#[derive(Debug)]
struct BoothByShop {
    shop_id: i64,
    sales: i64,
    total: i64,
    cash: i64,
}

#[derive(Debug)]
struct ByDay {
    day: String,
    orders: i64,
    total: i64,
}

#[derive(Debug, FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct VisitsByKey {
    key: String,
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct BoothVisits {
    booth_id: i64,
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct TopProduct {
    product_id: Option<i64>,
    name: Option<String>,
    shop: Option<String>,
    quantity: i64,
    revenue_vnd: i64,
}

fn add_day(days: &mut Vec<ByDay>, day: &str, orders: i64, total: i64) {
    match days.iter_mut().find(|d| d.day == day) {
        Some(d) => {
            d.orders += orders;
            d.total += total;
        }
        None => days.push(ByDay { day: day.to_owned(), orders, total }),
    }
}

/// The fair's days in Vietnam's calendar, first to last.
pub fn fair_days(fair: &fair::Model) -> Vec<NaiveDate> {
    let first = today_vn(fair.starts_at);
    // `ends_at` is the first moment after the fair.
    let last = today_vn(fair.ends_at - Duration::seconds(1));
    first.iter_days().take_while(|d| *d <= last).take(400).collect()
}

/// Counts the report for `fair`.
///
/// # Errors
/// The database cannot be read.
pub async fn fair_report<C: ConnectionTrait>(db: &C, fair: &fair::Model) -> Result<FairReport, Error> {
    let backend = db.get_database_backend();
    let statuses = counted("so");
    // One pass over each table, by shop and day; the per-shop and per-day figures are
    // folded from these few hundred rows.
    let online_rows: Vec<OnlineByShopDay> = rows(
        db,
        &format!(
            "SELECT so.shop_id, {day} AS day, CAST(COUNT(*) AS BIGINT) AS orders, \
             CAST(SUM(so.subtotal_vnd) AS BIGINT) AS goods, CAST(SUM(so.shipping_vnd) AS BIGINT) AS shipping \
             FROM shop_orders so WHERE so.fair_id = $1 AND {statuses} GROUP BY so.shop_id, 2",
            day = vn_day(backend, "so.created_at")
        ),
        vec![fair.id.into()],
    )
    .await?;
    let booth_rows: Vec<BoothByShopDay> = rows(
        db,
        &format!(
            "SELECT ps.shop_id, {day} AS day, CAST(COUNT(*) AS BIGINT) AS sales, \
             CAST(SUM(ps.total_vnd) AS BIGINT) AS total, \
             CAST(SUM(CASE WHEN ps.payment_method = 'cash' THEN ps.total_vnd ELSE 0 END) AS BIGINT) AS cash \
             FROM pos_sales ps WHERE ps.fair_id = $1 GROUP BY ps.shop_id, 2",
            day = vn_day(backend, "ps.sold_at")
        ),
        vec![fair.id.into()],
    )
    .await?;
    let mut online: Vec<OnlineByShop> = Vec::new();
    let mut online_days: Vec<ByDay> = Vec::new();
    for r in &online_rows {
        match online.iter_mut().find(|o| o.shop_id == r.shop_id) {
            Some(o) => {
                o.orders += r.orders;
                o.goods += r.goods;
                o.shipping += r.shipping;
            }
            None => {
                online.push(OnlineByShop { shop_id: r.shop_id, orders: r.orders, goods: r.goods, shipping: r.shipping })
            }
        }
        add_day(&mut online_days, &r.day, r.orders, r.goods);
    }
    let mut at_booth: Vec<BoothByShop> = Vec::new();
    let mut booth_days: Vec<ByDay> = Vec::new();
    for r in &booth_rows {
        match at_booth.iter_mut().find(|b| b.shop_id == r.shop_id) {
            Some(b) => {
                b.sales += r.sales;
                b.total += r.total;
                b.cash += r.cash;
            }
            None => at_booth.push(BoothByShop { shop_id: r.shop_id, sales: r.sales, total: r.total, cash: r.cash }),
        }
        add_day(&mut booth_days, &r.day, r.sales, r.total);
    }
    // PostgreSQL hashes a DISTINCT subquery (four times faster than its sorted COUNT(DISTINCT)
    // here); SQLite counts distinct values best itself, along its (fair, day, visitor) index.
    let postgres = backend == sea_orm::DatabaseBackend::Postgres;
    let visitors = rows::<Count, _>(
        db,
        if postgres {
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT DISTINCT visitor FROM fair_visits WHERE fair_id = $1) t"
        } else {
            "SELECT COUNT(DISTINCT visitor) AS n FROM fair_visits WHERE fair_id = $1"
        },
        vec![fair.id.into()],
    )
    .await?
    .first()
    .map_or(0, |c| c.n);
    let visitors_by_day: Vec<VisitsByKey> = rows(
        db,
        if postgres {
            "SELECT t.day AS key, CAST(COUNT(*) AS BIGINT) AS n \
             FROM (SELECT DISTINCT day, visitor FROM fair_visits WHERE fair_id = $1) t GROUP BY t.day"
        } else {
            "SELECT day AS key, COUNT(DISTINCT visitor) AS n FROM fair_visits WHERE fair_id = $1 GROUP BY day"
        },
        vec![fair.id.into()],
    )
    .await?;
    let booth_visits: Vec<BoothVisits> = rows(
        db,
        "SELECT booth_id, CAST(COUNT(*) AS BIGINT) AS n FROM fair_visits WHERE fair_id = $1 AND booth_id <> $2 \
         GROUP BY booth_id",
        vec![fair.id.into(), FAIR_PAGE.into()],
    )
    .await?;
    let top: Vec<TopProduct> = rows(
        db,
        &format!(
            // Lines are summed per variant (or product) before the joins: 900 rows to look up,
            // not a quarter of a million.
            "SELECT t.product_id, MIN(p.name) AS name, MIN(s.name) AS shop, \
             CAST(SUM(t.quantity) AS BIGINT) AS quantity, CAST(SUM(t.amount) AS BIGINT) AS revenue_vnd FROM ( \
               SELECT v.product_id AS product_id, o.quantity AS quantity, o.amount AS amount FROM ( \
                 SELECT l.variant_id, SUM(l.quantity) AS quantity, SUM(l.line_total_vnd) AS amount \
                 FROM order_lines l JOIN shop_orders so ON so.id = l.shop_order_id \
                 WHERE so.fair_id = $1 AND {statuses} GROUP BY l.variant_id \
               ) o LEFT JOIN product_variants v ON v.id = o.variant_id \
               UNION ALL \
               SELECT l.product_id, SUM(l.quantity), SUM(l.line_total_vnd) FROM pos_sale_lines l \
               JOIN pos_sales ps ON ps.id = l.sale_id WHERE ps.fair_id = $2 GROUP BY l.product_id \
             ) t LEFT JOIN products p ON p.id = t.product_id LEFT JOIN shops s ON s.id = p.shop_id \
             GROUP BY t.product_id ORDER BY revenue_vnd DESC, t.product_id LIMIT {TOP_PRODUCTS}"
        ),
        vec![fair.id.into(), fair.id.into()],
    )
    .await?;

    let provinces = fairs::provinces_of(db, fair).await?;
    let booths = booths::list(db, fair.id).await?;
    // Shops that sold through the fair but hold no accepted booth now (withdrawn later).
    let listed: BTreeSet<i64> = booths.iter().filter(|b| b.booth.status == ACCEPTED).map(|b| b.booth.shop_id).collect();
    let strays: Vec<i64> = online
        .iter()
        .map(|o| o.shop_id)
        .chain(at_booth.iter().map(|b| b.shop_id))
        .filter(|id| !listed.contains(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let stray_shops = if strays.is_empty() {
        Vec::new()
    } else {
        shop::Entity::find().filter(shop::Column::Id.is_in(strays)).all(db).await?
    };

    let mut by_booth: Vec<BoothRow> = Vec::new();
    let mut push =
        |shop_id: i64, booth_id: Option<i64>, number: Option<i32>, name: &str, slug: &str, province: &str| {
            let o = online.iter().find(|o| o.shop_id == shop_id);
            let b = at_booth.iter().find(|b| b.shop_id == shop_id);
            let (online_orders, online_vnd) = o.map_or((0, 0), |o| (o.orders, o.goods));
            let (booth_sales, booth_vnd) = b.map_or((0, 0), |b| (b.sales, b.total));
            by_booth.push(BoothRow {
                booth: number,
                shop: name.to_owned(),
                shop_slug: slug.to_owned(),
                province: province.to_owned(),
                province_name: fairs::province_name(province),
                host: province == fair.host_province,
                visits: booth_id.and_then(|id| booth_visits.iter().find(|v| v.booth_id == id)).map_or(0, |v| v.n),
                orders: online_orders + booth_sales,
                revenue_vnd: online_vnd + booth_vnd,
                online_orders,
                online_vnd,
                booth_sales,
                booth_vnd,
            });
        };
    for b in booths.iter().filter(|b| b.booth.status == ACCEPTED) {
        push(b.booth.shop_id, Some(b.booth.id), b.booth.booth_number, &b.shop_name, &b.shop_slug, &b.shop_province);
    }
    for s in &stray_shops {
        // Its old booth row still holds its page's visits.
        let booth_id = booths.iter().find(|b| b.booth.shop_id == s.id).map(|b| b.booth.id);
        push(s.id, booth_id, None, &s.name, &s.slug, &s.province_code);
    }
    by_booth.sort_by(|a, b| {
        b.revenue_vnd.cmp(&a.revenue_vnd).then(a.booth.unwrap_or(i32::MAX).cmp(&b.booth.unwrap_or(i32::MAX)))
    });

    let province_rows = province_rows(fair, &provinces, &by_booth);
    let online_total = Online {
        orders: online.iter().map(|o| o.orders).sum(),
        revenue_vnd: online.iter().map(|o| o.goods).sum(),
        shipping_vnd: online.iter().map(|o| o.shipping).sum(),
    };
    let booth_total = AtBooths {
        sales: at_booth.iter().map(|b| b.sales).sum(),
        revenue_vnd: at_booth.iter().map(|b| b.total).sum(),
        cash_vnd: at_booth.iter().map(|b| b.cash).sum(),
        vietqr_vnd: at_booth.iter().map(|b| b.total - b.cash).sum(),
    };
    Ok(FairReport {
        visitors,
        orders: online_total.orders + booth_total.sales,
        revenue_vnd: online_total.revenue_vnd + booth_total.revenue_vnd,
        by_province: province_rows.iter().map(|p| (p.name.clone(), p.revenue_vnd)).collect(),
        by_booth,
        by_day: days(fair, &online_days, &booth_days, &visitors_by_day),
        fair: FairInfo {
            slug: fair.slug.clone(),
            name: fair.name.clone(),
            host_province: fair.host_province.clone(),
            host_name: fairs::province_name(&fair.host_province),
            starts_at: fair.starts_at,
            ends_at: fair.ends_at,
        },
        booth_visits: booth_visits.iter().map(|v| v.n).sum(),
        online: online_total,
        at_booths: booth_total,
        provinces: province_rows,
        top_products: top
            .into_iter()
            .map(|t| ProductRow {
                product_id: t.product_id,
                name: t.name.unwrap_or_else(|| "Sản phẩm đã gỡ".to_owned()),
                shop: t.shop.unwrap_or_default(),
                quantity: t.quantity,
                revenue_vnd: t.revenue_vnd,
            })
            .collect(),
        counted_at: Utc::now(),
    })
}

/// Every invited province (even one that sold nothing) and any other province a selling
/// shop is in; the host first, then by revenue.
fn province_rows(fair: &fair::Model, invited: &[String], booths: &[BoothRow]) -> Vec<ProvinceRow> {
    let mut out: Vec<ProvinceRow> = Vec::new();
    let codes = invited.iter().cloned().chain(booths.iter().map(|b| b.province.clone()));
    for code in codes {
        if out.iter().any(|p| p.code == code) {
            continue;
        }
        let mine = booths.iter().filter(|b| b.province == code);
        let (mut count, mut orders, mut revenue) = (0, 0, 0);
        for b in mine {
            count += i64::from(b.booth.is_some());
            orders += b.orders;
            revenue += b.revenue_vnd;
        }
        out.push(ProvinceRow {
            name: fairs::province_name(&code),
            host: code == fair.host_province,
            code,
            booths: count,
            orders,
            revenue_vnd: revenue,
        });
    }
    out.sort_by(|a, b| b.host.cmp(&a.host).then(b.revenue_vnd.cmp(&a.revenue_vnd)).then(a.name.cmp(&b.name)));
    out
}

fn days(fair: &fair::Model, online: &[ByDay], booth: &[ByDay], visitors: &[VisitsByKey]) -> Vec<DayRow> {
    let mut by_date: BTreeMap<String, DayRow> = BTreeMap::new();
    for day in fair_days(fair) {
        let date = day.format("%Y-%m-%d").to_string();
        by_date.insert(date.clone(), DayRow { date, ..DayRow::default() });
    }
    fn row<'a>(by_date: &'a mut BTreeMap<String, DayRow>, date: &str) -> &'a mut DayRow {
        by_date.entry(date.to_owned()).or_insert_with(|| DayRow { date: date.to_owned(), ..DayRow::default() })
    }
    for d in online {
        let r = row(&mut by_date, &d.day);
        r.orders += d.orders;
        r.online_vnd += d.total;
        r.revenue_vnd += d.total;
    }
    for d in booth {
        let r = row(&mut by_date, &d.day);
        r.orders += d.orders;
        r.booth_vnd += d.total;
        r.revenue_vnd += d.total;
    }
    for v in visitors {
        row(&mut by_date, &v.key).visitors = v.n;
    }
    by_date.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn fair(starts: DateTime<Utc>, ends: DateTime<Utc>) -> fair::Model {
        fair::Model {
            id: 1,
            slug: "hoi-cho".into(),
            name: "Hội chợ".into(),
            description: String::new(),
            venue_kind: "both".into(),
            venue: "Hạ Long".into(),
            host_province: "quang-ninh".into(),
            starts_at: starts,
            ends_at: ends,
            booth_limit: 10,
            grid_columns: 5,
            created_by: 1,
            created_at: starts,
        }
    }

    fn row(shop: &str, province: &str, booth: Option<i32>, revenue: i64) -> BoothRow {
        BoothRow {
            booth,
            shop: shop.into(),
            shop_slug: shop.into(),
            province: province.into(),
            province_name: fairs::province_name(province),
            host: province == "quang-ninh",
            visits: 0,
            orders: 1,
            revenue_vnd: revenue,
            online_orders: 1,
            online_vnd: revenue,
            booth_sales: 0,
            booth_vnd: 0,
        }
    }

    #[test]
    fn a_fair_closing_at_midnight_has_no_extra_day() {
        // 12 June 08:00 to the end of 18 June, Vietnam time.
        let starts = Utc.with_ymd_and_hms(2026, 6, 12, 1, 0, 0).unwrap();
        let ends = Utc.with_ymd_and_hms(2026, 6, 18, 17, 0, 0).unwrap();
        let days = fair_days(&fair(starts, ends));
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].to_string(), "2026-06-12");
        assert_eq!(days[6].to_string(), "2026-06-18");
    }

    #[test]
    fn days_cover_the_fair_and_any_day_with_sales_and_add_channels() {
        let starts = Utc.with_ymd_and_hms(2026, 6, 12, 1, 0, 0).unwrap();
        let f = fair(starts, starts + Duration::days(2));
        let online = [ByDay { day: "2026-06-12".into(), orders: 2, total: 300_000 }];
        let booth = [
            ByDay { day: "2026-06-12".into(), orders: 3, total: 150_000 },
            // A late booth sale synced after the close still counts, on its own day.
            ByDay { day: "2026-06-20".into(), orders: 1, total: 50_000 },
        ];
        let visitors = [VisitsByKey { key: "2026-06-13".into(), n: 40 }];
        let d = days(&f, &online, &booth, &visitors);
        let dates: Vec<&str> = d.iter().map(|r| r.date.as_str()).collect();
        assert_eq!(dates, ["2026-06-12", "2026-06-13", "2026-06-14", "2026-06-20"]);
        assert_eq!((d[0].orders, d[0].revenue_vnd, d[0].online_vnd, d[0].booth_vnd), (5, 450_000, 300_000, 150_000));
        assert_eq!((d[1].visitors, d[1].revenue_vnd), (40, 0));
        assert_eq!(d[3].revenue_vnd, 50_000);
    }

    #[test]
    fn provinces_list_every_guest_with_the_host_first() {
        let starts = Utc.with_ymd_and_hms(2026, 6, 12, 1, 0, 0).unwrap();
        let f = fair(starts, starts + Duration::days(7));
        let invited = ["quang-ninh".to_owned(), "ha-noi".to_owned(), "lang-son".to_owned()];
        let booths = [
            row("a", "quang-ninh", Some(1), 100),
            row("b", "ha-noi", Some(2), 900),
            row("c", "quang-ninh", Some(3), 50),
            row("d", "thai-nguyen", None, 10),
        ];
        let p = province_rows(&f, &invited, &booths);
        let names: Vec<(&str, i64, i64)> = p.iter().map(|p| (p.code.as_str(), p.booths, p.revenue_vnd)).collect();
        assert_eq!(
            names,
            [("quang-ninh", 2, 150), ("ha-noi", 1, 900), ("thai-nguyen", 0, 10), ("lang-son", 0, 0)],
            "host first even when a guest sold more; a guest without sales still listed"
        );
        assert!(p[0].host && !p[1].host);
    }
}
