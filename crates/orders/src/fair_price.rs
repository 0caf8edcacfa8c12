//! The price a variant sells at through a fair: its fair price while the fair runs and the
//! shop's booth stands, its own price otherwise. The fair tables belong to ocop-fairs (which
//! builds on orders); this one query reads them so carts, checkout and booth sales price
//! alike.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

use crate::conflicts;

#[derive(Debug, FromQueryResult)]
struct Row {
    fair_id: i64,
    variant_id: i64,
    price_vnd: i64,
}

/// Binds `ids` after the values already bound and gives their placeholders (`$2, $3, …`),
/// numbered on so PostgreSQL sees them consecutive.
fn marks(values: &mut Vec<sea_orm::Value>, ids: &[i64]) -> String {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        values.push((*id).into());
        out.push(format!("${}", values.len()));
    }
    out.join(", ")
}

/// Fair prices in force at `at` for these (fair, variant) pairs, keyed by the pair.
///
/// # Errors
/// The database cannot be read.
pub async fn live<C: ConnectionTrait>(
    db: &C,
    pairs: &[(i64, i64)],
    at: DateTime<Utc>,
) -> Result<HashMap<(i64, i64), i64>, Error> {
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    let mut fairs: Vec<i64> = pairs.iter().map(|(f, _)| *f).collect();
    fairs.sort_unstable();
    fairs.dedup();
    let mut variants: Vec<i64> = pairs.iter().map(|(_, v)| *v).collect();
    variants.sort_unstable();
    variants.dedup();
    let mut values: Vec<sea_orm::Value> = vec![at.into()];
    let fair_marks = marks(&mut values, &fairs);
    let variant_marks = marks(&mut values, &variants);
    let sql = format!(
        "SELECT fp.fair_id, fp.variant_id, fp.price_vnd FROM fair_prices fp \
         JOIN fairs f ON f.id = fp.fair_id \
         JOIN fair_booths b ON b.fair_id = fp.fair_id AND b.shop_id = fp.shop_id AND b.status = 'accepted' \
         WHERE f.starts_at <= $1 AND f.ends_at > $1 AND fp.fair_id IN ({fair_marks}) \
         AND fp.variant_id IN ({variant_marks})"
    );
    let rows =
        Row::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|r| pairs.contains(&(r.fair_id, r.variant_id)))
        .map(|r| ((r.fair_id, r.variant_id), r.price_vnd))
        .collect())
}

/// Where a purchase through a fair is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The fair's online pages: only for fairs held online too.
    Online,
    /// The shop's booth at the venue.
    Booth,
}

/// Why a purchase cannot go through `fair_id` for `shop_id` at `at`, if it cannot: the fair
/// is unknown, not running, held only at its venue (for online purchases), or the shop has
/// no booth there.
///
/// # Errors
/// [`Error::Invalid`] on `fair_id`, [`Error::Conflict`] `fair_not_live` or `fair_not_online`.
pub async fn check_booth<C: ConnectionTrait>(
    db: &C,
    fair_id: i64,
    shop_id: i64,
    at: DateTime<Utc>,
    channel: Channel,
) -> Result<(), Error> {
    #[derive(FromQueryResult)]
    struct Found {
        live: i64,
        booth: i64,
        venue_kind: String,
    }
    let found = Found::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT CAST(CASE WHEN f.starts_at <= $1 AND f.ends_at > $1 THEN 1 ELSE 0 END AS BIGINT) AS live, \
         CAST((SELECT COUNT(*) FROM fair_booths b WHERE b.fair_id = f.id AND b.shop_id = $2 \
         AND b.status = 'accepted') AS BIGINT) AS booth, f.venue_kind FROM fairs f WHERE f.id = $3",
        [at.into(), shop_id.into(), fair_id.into()],
    ))
    .one(db)
    .await?;
    match found {
        None => Err(Error::invalid("fair_id", "Không có hội chợ này")),
        Some(f) if f.booth == 0 => Err(Error::invalid("fair_id", "Gian hàng không tham gia hội chợ này")),
        Some(f) if f.live == 0 => Err(Error::Conflict {
            code: conflicts::FAIR_NOT_LIVE,
            field: Some("fair_id"),
            message: "Hội chợ không diễn ra lúc này: giá hội chợ không áp dụng".into(),
        }),
        Some(f) if channel == Channel::Online && f.venue_kind == "place" => Err(Error::Conflict {
            code: conflicts::FAIR_NOT_ONLINE,
            field: Some("fair_id"),
            message: "Hội chợ này chỉ bán tại địa điểm: giá hội chợ áp dụng tại gian hàng".into(),
        }),
        Some(_) => Ok(()),
    }
}

/// Which of these fairs run at `at`, each with whether it is a campaign.
///
/// # Errors
/// The database cannot be read.
pub async fn running<C: ConnectionTrait>(
    db: &C,
    fair_ids: &[i64],
    at: DateTime<Utc>,
) -> Result<Vec<(i64, bool)>, Error> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
        venue_kind: String,
    }
    let mut ids = fair_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut values: Vec<sea_orm::Value> = vec![at.into()];
    let ids = marks(&mut values, &ids);
    let sql = format!("SELECT id, venue_kind FROM fairs WHERE starts_at <= $1 AND ends_at > $1 AND id IN ({ids})");
    Ok(Id::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.venue_kind == "campaign"))
        .collect())
}
