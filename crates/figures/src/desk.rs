//! The numbers on the first screens of the shop workspace and the admin workspace: what
//! waits for someone, and how this week sells beside last week. Each is one or two
//! aggregate queries on indexed columns.

use chrono::{DateTime, Datelike as _, Duration, NaiveDate, Utc};
use ocop_core::Error;
use ocop_orders::lists::{NOT_SHIPPED, late_before};
use ocop_orders::refunds::{LATE_PAYMENT, REFUSED, REQUESTED};
use ocop_orders::status::Status;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::Serialize;

use crate::period::{Period, day_start, today_vn};
use crate::sales::totals;
use crate::sql::rows;

/// A week's orders and revenue (see the crate's definitions).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Week {
    pub period: Period,
    /// The period's last day (for links to the sales page, which take it included).
    pub last_day: NaiveDate,
    pub orders: i64,
    pub revenue_vnd: i64,
}

/// This week so far (Monday to today, Vietnam's calendar) and the whole week before.
#[derive(Debug, Clone, Serialize)]
pub struct Weeks {
    pub this_week: Week,
    pub last_week: Week,
}

/// Monday to today, and the Monday-to-Sunday before it.
pub fn week_periods(today: NaiveDate) -> (Period, Period) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let this = Period { from: monday, to: today.succ_opt().unwrap_or(today) };
    let last = Period { from: monday - Duration::days(7), to: monday };
    (this, last)
}

/// A shop's revenue this week beside last week.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_weeks<C: ConnectionTrait>(db: &C, shop_id: i64, now: DateTime<Utc>) -> Result<Weeks, Error> {
    let (this, last) = week_periods(today_vn(now));
    let (orders, revenue_vnd) = totals(db, Some(shop_id), this).await?;
    let this_week = Week { period: this, last_day: this.last_day(), orders, revenue_vnd };
    let (orders, revenue_vnd) = totals(db, Some(shop_id), last).await?;
    Ok(Weeks { this_week, last_week: Week { period: last, last_day: last.last_day(), orders, revenue_vnd } })
}

/// A shop's orders waiting for it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShopOrders {
    /// Confirmed (paid, or cash on delivery): the shop confirms it by packing it.
    pub to_confirm: i64,
    /// Packed: to hand to the carrier today.
    pub to_ship: i64,
    /// Confirmed or packed for longer than the shop has to ship.
    pub late: i64,
}

/// Counts of a shop's orders by what they wait for: one query over its shop orders
/// (`ix_shop_orders_shop_status`).
///
/// # Errors
/// The database cannot be read.
pub async fn shop_orders<C: ConnectionTrait>(db: &C, shop_id: i64, now: DateTime<Utc>) -> Result<ShopOrders, Error> {
    #[derive(FromQueryResult)]
    struct Row {
        to_confirm: Option<i64>,
        to_ship: Option<i64>,
        late: Option<i64>,
    }
    let sql = "SELECT CAST(SUM(CASE WHEN status = $1 THEN 1 ELSE 0 END) AS BIGINT) AS to_confirm, \
               CAST(SUM(CASE WHEN status = $2 THEN 1 ELSE 0 END) AS BIGINT) AS to_ship, \
               CAST(SUM(CASE WHEN created_at < $3 THEN 1 ELSE 0 END) AS BIGINT) AS late \
               FROM shop_orders WHERE shop_id = $4 AND status IN ($5, $6)";
    let values: Vec<Value> = vec![
        Status::Confirmed.as_str().into(),
        Status::Packed.as_str().into(),
        late_before(now).into(),
        shop_id.into(),
        NOT_SHIPPED[0].as_str().into(),
        NOT_SHIPPED[1].as_str().into(),
    ];
    let found: Vec<Row> = rows(db, sql, values).await?;
    Ok(found.first().map_or_else(ShopOrders::default, |r| ShopOrders {
        to_confirm: r.to_confirm.unwrap_or(0),
        to_ship: r.to_ship.unwrap_or(0),
        late: r.late.unwrap_or(0),
    }))
}

/// The admin's problems and today's orders.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AdminDesk {
    /// Orders placed today (Vietnam), whatever their payment.
    pub orders_today: i64,
    /// Sales today and their revenue (see the crate's definitions).
    pub sales_today: i64,
    pub revenue_today_vnd: i64,
    /// Orders with a shop part not shipped in time.
    pub late_to_ship: i64,
    /// Refund requests waiting for an admin (as on /quan-tri/khieu-nai).
    pub refunds_waiting: i64,
    pub today: NaiveDate,
}

/// The admin's first screen: one query of counts, one of today's sales.
///
/// # Errors
/// The database cannot be read.
pub async fn admin<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<AdminDesk, Error> {
    #[derive(FromQueryResult)]
    struct Row {
        orders_today: Option<i64>,
        late_to_ship: Option<i64>,
        refunds_waiting: Option<i64>,
    }
    let today = today_vn(now);
    let sql = "SELECT \
        (SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE created_at >= $1) AS orders_today, \
        (SELECT CAST(COUNT(DISTINCT order_id) AS BIGINT) FROM shop_orders WHERE status IN ($2, $3) AND created_at < $4) AS late_to_ship, \
        (SELECT CAST(COUNT(*) AS BIGINT) FROM refund_requests WHERE status = $5 \
           OR (status = $6 AND (created_at < $7 OR kind = $8))) AS refunds_waiting";
    let values: Vec<Value> = vec![
        day_start(today).into(),
        NOT_SHIPPED[0].as_str().into(),
        NOT_SHIPPED[1].as_str().into(),
        late_before(now).into(),
        REFUSED.into(),
        REQUESTED.into(),
        (now - Duration::days(3)).into(),
        LATE_PAYMENT.into(),
    ];
    let found: Vec<Row> = rows(db, sql, values).await?;
    let (sales_today, revenue_today_vnd) =
        totals(db, None, Period { from: today, to: today.succ_opt().unwrap_or(today) }).await?;
    Ok(found.first().map_or_else(AdminDesk::default, |r| AdminDesk {
        orders_today: r.orders_today.unwrap_or(0),
        sales_today,
        revenue_today_vnd,
        late_to_ship: r.late_to_ship.unwrap_or(0),
        refunds_waiting: r.refunds_waiting.unwrap_or(0),
        today,
    }))
}

#[cfg(test)]
mod week_tests {
    use super::*;

    #[test]
    #[expect(clippy::unwrap_used, reason = "fixed dates")]
    fn this_week_starts_on_monday_and_last_week_is_whole() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Thursday 3 December 2026.
        let (this, last) = week_periods(day("2026-12-03"));
        assert_eq!((this.from, this.to), (day("2026-11-30"), day("2026-12-04")));
        assert_eq!((last.from, last.to), (day("2026-11-23"), day("2026-11-30")));
        // On a Monday this week is that day alone.
        let (this, last) = week_periods(day("2026-11-30"));
        assert_eq!((this.from, this.to, last.from), (day("2026-11-30"), day("2026-12-01"), day("2026-11-23")));
    }
}
