//! Each product's rating: the count and sum of its published reviews and how many gave each
//! star, moved by increments inside the transaction that changes a review, so 50 reviews
//! written at once still add up (the row lock on PostgreSQL, the one writer on SQLite).

use std::collections::HashMap;

use ocop_core::Error;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde::Serialize;

use crate::entity::product_rating;

/// A product's (or a shop's) rating as pages and the API show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub count: i64,
    /// The average in tenths of a star (4.6 → 46), rounded half up; 0 without reviews.
    pub average_tenths: i64,
    /// `4,6`, as Vietnamese writes it; empty without reviews.
    pub average_text: String,
    /// How many gave 1…5 stars.
    pub histogram: [i64; 5],
    /// The share of each star count in whole percent, for the bars.
    pub percent: [i64; 5],
}

impl Rating {
    pub fn from_counts(histogram: [i64; 5]) -> Self {
        let count: i64 = histogram.iter().sum();
        let total: i64 = histogram.iter().zip(1..).map(|(n, stars)| n * stars).sum();
        if count == 0 {
            return Self::default();
        }
        // Integer arithmetic: (10·total + count/2) / count rounds half up.
        let average_tenths = (total * 10 + count / 2) / count;
        let percent = histogram.map(|n| (n * 100 + count / 2) / count);
        Self {
            count,
            average_tenths,
            average_text: format!("{},{}", average_tenths / 10, average_tenths % 10),
            histogram,
            percent,
        }
    }

    fn of_row(row: &product_rating::Model) -> Self {
        Self::from_counts([row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5].map(i64::from))
    }
}

fn star_column(stars: i16) -> product_rating::Column {
    match stars {
        1 => product_rating::Column::Stars1,
        2 => product_rating::Column::Stars2,
        3 => product_rating::Column::Stars3,
        4 => product_rating::Column::Stars4,
        _ => product_rating::Column::Stars5,
    }
}

/// Adds (`delta` = 1) or takes away (`delta` = -1) one published review of `stars`.
///
/// # Errors
/// Database errors.
pub async fn shift<C: ConnectionTrait>(
    db: &C,
    product_id: i64,
    shop_id: i64,
    stars: i16,
    delta: i32,
) -> Result<(), Error> {
    // The row exists from the first review on; one statement makes it, race or not.
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO product_ratings (product_id, shop_id, review_count, stars_total, \
         stars_1, stars_2, stars_3, stars_4, stars_5) VALUES ($1, $2, 0, 0, 0, 0, 0, 0, 0) \
         ON CONFLICT (product_id) DO NOTHING",
        [product_id.into(), shop_id.into()],
    ))
    .await?;
    let column = star_column(stars);
    product_rating::Entity::update_many()
        .col_expr(product_rating::Column::ReviewCount, Expr::col(product_rating::Column::ReviewCount).add(delta))
        .col_expr(
            product_rating::Column::StarsTotal,
            Expr::col(product_rating::Column::StarsTotal).add(i64::from(stars) * i64::from(delta)),
        )
        .col_expr(column, Expr::col(column).add(delta))
        .filter(product_rating::Column::ProductId.eq(product_id))
        .exec(db)
        .await?;
    // Search ranks and sorts by rating: the listing is indexed again, in this transaction.
    ocop_catalog::outbox::enqueue(
        db,
        ocop_catalog::outbox::PRODUCT_CHANGED,
        serde_json::json!({"product_id": product_id}),
    )
    .await
}

/// One product's rating.
///
/// # Errors
/// Database errors.
pub async fn of_product<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<Rating, Error> {
    let row = product_rating::Entity::find_by_id(product_id).one(db).await?;
    Ok(row.as_ref().map(Rating::of_row).unwrap_or_default())
}

/// The ratings of many products at once (cards): products without reviews are absent.
///
/// # Errors
/// Database errors.
/// A product's rating as one number for ranking and sorting: the average in hundredths,
/// pulled towards 4.0 by five imaginary reviews, so one five-star review does not outrank a
/// hundred of 4.8; 0 without reviews (last when sorting by rating).
pub fn score(r: &Rating) -> i64 {
    if r.count == 0 {
        return 0;
    }
    let total: i64 = r.histogram.iter().zip(1..).map(|(n, stars)| n * stars).sum();
    (total * 100 + 5 * 400) / (r.count + 5)
}

pub async fn of_products<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Rating>, Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = product_rating::Entity::find()
        .filter(product_rating::Column::ProductId.is_in(ids.iter().copied()))
        .filter(product_rating::Column::ReviewCount.gt(0))
        .all(db)
        .await?;
    Ok(rows.iter().map(|row| (row.product_id, Rating::of_row(row))).collect())
}

/// A shop's rating: every published review of all its products.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Rating, Error> {
    Ok(of_shops(db, &[shop_id]).await?.remove(&shop_id).unwrap_or_default())
}

/// The ratings of several shops from one read of their products' kept counts (a page of
/// followed shops must not ask once per shop). Shops without reviews are absent.
///
/// # Errors
/// Database errors.
pub async fn of_shops<C: ConnectionTrait>(
    db: &C,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Rating>, Error> {
    if shop_ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows = product_rating::Entity::find()
        .filter(product_rating::Column::ShopId.is_in(shop_ids.iter().copied()))
        .all(db)
        .await?;
    let mut histograms: std::collections::HashMap<i64, [i64; 5]> = std::collections::HashMap::new();
    for row in &rows {
        let histogram = histograms.entry(row.shop_id).or_default();
        for (slot, n) in histogram.iter_mut().zip([row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5]) {
            *slot += i64::from(n);
        }
    }
    Ok(histograms.into_iter().map(|(id, counts)| (id, Rating::from_counts(counts))).collect())
}

#[cfg(test)]
mod tests {
    use super::Rating;

    #[test]
    fn the_average_is_in_tenths_rounded_half_up_and_written_with_a_comma() {
        let r = Rating::from_counts([0, 0, 1, 2, 7]);
        assert_eq!((r.count, r.average_tenths, r.average_text.as_str()), (10, 46, "4,6"));
        assert_eq!(r.percent, [0, 0, 10, 20, 70]);
        assert_eq!(Rating::from_counts([0, 0, 0, 1, 1]).average_text, "4,5");
        assert_eq!(Rating::from_counts([1, 0, 0, 0, 2]).average_tenths, 37, "11/3 = 3.67");
        assert_eq!(Rating::from_counts([0; 5]), Rating::default());
    }
}
