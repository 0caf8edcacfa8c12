//! The admin's overview: requests, offers and matches counted per delivery province, and
//! the list behind them with filters.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ocop_core::{Error, provinces};
use sea_orm::{ConnectionTrait, Statement};
use serde::Serialize;

use crate::requests::{self, Filter, Row};

/// Counts for one delivery province (open requests are those still before their deadline).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProvinceCounts {
    pub province_code: String,
    pub province_name: &'static str,
    pub open: i64,
    pub matched: i64,
    pub closed: i64,
    pub expired: i64,
    pub offers: i64,
}

impl ProvinceCounts {
    pub fn requests(&self) -> i64 {
        self.open + self.matched + self.closed + self.expired
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Provinces with at least one request, the busiest first.
    pub by_province: Vec<ProvinceCounts>,
    pub total: ProvinceCounts,
    pub rows: Vec<Row>,
    pub matching_total: u64,
}

/// The overview; `rows` holds the newest 100 requests matching `filter`.
///
/// # Errors
/// The database cannot be read.
pub async fn overview<C: ConnectionTrait>(db: &C, filter: &Filter, today: NaiveDate) -> Result<Overview, Error> {
    let backend = db.get_database_backend();
    // An open request past its deadline counts as expired before the clock writes it down.
    let by_status = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            "SELECT province_code, CASE WHEN status = 'open' AND deadline < $1 THEN 'expired' ELSE status END AS state, \
             COUNT(*) AS n FROM wholesale_requests GROUP BY province_code, \
             CASE WHEN status = 'open' AND deadline < $1 THEN 'expired' ELSE status END",
            [today.into()],
        ))
        .await?;
    let mut counts: BTreeMap<String, ProvinceCounts> = BTreeMap::new();
    for row in by_status {
        let code: String = row.try_get("", "province_code")?;
        let state: String = row.try_get("", "state")?;
        let n: i64 = row.try_get("", "n")?;
        let c = counts.entry(code.clone()).or_insert_with(|| ProvinceCounts {
            province_code: code.clone(),
            province_name: provinces::by_code_exact(&code).map_or("", |p| p.name),
            ..Default::default()
        });
        match state.as_str() {
            "open" => c.open += n,
            "matched" => c.matched += n,
            "closed" => c.closed += n,
            _ => c.expired += n,
        }
    }
    let offers = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT r.province_code AS province_code, COUNT(o.id) AS n FROM wholesale_offers o \
             JOIN wholesale_requests r ON r.id = o.request_id GROUP BY r.province_code",
        ))
        .await?;
    for row in offers {
        let code: String = row.try_get("", "province_code")?;
        let n: i64 = row.try_get("", "n")?;
        if let Some(c) = counts.get_mut(&code) {
            c.offers += n;
        }
    }
    let mut by_province: Vec<ProvinceCounts> = counts.into_values().collect();
    by_province.sort_by(|a, b| b.requests().cmp(&a.requests()).then_with(|| a.province_name.cmp(b.province_name)));
    let mut total = ProvinceCounts { province_code: String::new(), ..Default::default() };
    for c in &by_province {
        total.open += c.open;
        total.matched += c.matched;
        total.closed += c.closed;
        total.expired += c.expired;
        total.offers += c.offers;
    }
    let (rows, matching_total) = requests::list(db, filter, today, 1, 100).await?;
    Ok(Overview { by_province, total, rows, matching_total })
}
