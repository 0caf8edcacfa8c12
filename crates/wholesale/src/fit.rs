//! Which shops hear of a request. The rule:
//!
//! 1. the shop is verified and not on vacation;
//! 2. it has at least one live product in the request's OCOP group;
//! 3. it reaches the delivery province: it is in that province, or its shipping settings
//!    (`/kenh-nguoi-ban/{shop}/van-chuyen`) deliver there or nationwide (no list set);
//! 4. the buyer does not work for it.
//!
//! Fitting shops are ranked: the delivery province first, then the same region, then the
//! rest; within each, more live products in the group first, then the older shop. The
//! first [`NOTIFY_LIMIT`] are told (bell + e-mail); every fitting shop, told or not, finds
//! the request on its own board page.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use ocop_catalog::entity::shop_member;
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_core::{Error, provinces};
use ocop_orders::entity::shop_shipping;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

/// The most shops told of one request: enough for competition, few enough not to spam.
pub const NOTIFY_LIMIT: usize = 20;

/// A shop that sells in the request's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub shop_id: i64,
    pub province_code: String,
    /// Live products in the group.
    pub live_products: i64,
    /// Provinces the shop delivers to; empty = nationwide.
    pub delivers_to: Vec<String>,
}

/// Whether the shop can deliver to `province_code`.
pub fn reaches(c: &Candidate, province_code: &str) -> bool {
    c.province_code == province_code || c.delivers_to.is_empty() || c.delivers_to.iter().any(|p| p == province_code)
}

/// 0 = the delivery province, 1 = the same region, 2 = further away.
fn distance(c: &Candidate, province_code: &str) -> u8 {
    if c.province_code == province_code {
        return 0;
    }
    let region = |code: &str| provinces::by_code_exact(code).map(|p| p.region);
    match (region(&c.province_code), region(province_code)) {
        (Some(a), Some(b)) if a == b => 1,
        _ => 2,
    }
}

/// The fitting candidates, best first, at most `limit`.
pub fn rank(mut candidates: Vec<Candidate>, province_code: &str, limit: usize) -> Vec<Candidate> {
    candidates.retain(|c| reaches(c, province_code));
    candidates.sort_by_key(|c| (distance(c, province_code), Reverse(c.live_products), c.shop_id));
    candidates.truncate(limit);
    candidates
}

/// Verified shops open for business with live products in `category`, and how many.
async fn sellers_of<C: ConnectionTrait>(db: &C, category: &str) -> Result<Vec<Candidate>, Error> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            "SELECT s.id AS shop_id, s.province_code AS province_code, COUNT(p.id) AS live_products \
             FROM shops s JOIN products p ON p.shop_id = s.id \
             WHERE s.status = $1 AND s.on_vacation = $2 AND p.live = $3 AND p.category = $4 \
             GROUP BY s.id, s.province_code",
            [STATUS_VERIFIED.into(), false.into(), true.into(), category.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(Candidate {
            shop_id: row.try_get("", "shop_id")?,
            province_code: row.try_get("", "province_code")?,
            live_products: row.try_get("", "live_products")?,
            delivers_to: Vec::new(),
        });
    }
    let ids: Vec<i64> = out.iter().map(|c| c.shop_id).collect();
    let reach: BTreeMap<i64, Vec<String>> = shop_shipping::Entity::find()
        .filter(shop_shipping::Column::ShopId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.shop_id, r.provinces.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()))
        .collect();
    for c in &mut out {
        if let Some(list) = reach.get(&c.shop_id) {
            c.delivers_to.clone_from(list);
        }
    }
    Ok(out)
}

/// The shops a user works for.
///
/// # Errors
/// The database cannot be read.
pub async fn shops_of_user<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<BTreeSet<i64>, Error> {
    Ok(shop_member::Entity::find()
        .filter(shop_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.shop_id)
        .collect())
}

/// The shops to tell of a request, best first (see the module's rule).
///
/// # Errors
/// The database cannot be read.
pub async fn shops_to_tell<C: ConnectionTrait>(
    db: &C,
    category: &str,
    province_code: &str,
    buyer_id: i64,
) -> Result<Vec<Candidate>, Error> {
    let own = shops_of_user(db, buyer_id).await?;
    let mut candidates = sellers_of(db, category).await?;
    candidates.retain(|c| !own.contains(&c.shop_id));
    Ok(rank(candidates, province_code, NOTIFY_LIMIT))
}

/// What a shop can answer: the OCOP groups it sells live products in and the provinces it
/// reaches (empty = nationwide), or `None` when it is not open for business.
///
/// # Errors
/// The database cannot be read.
pub async fn reach_of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Option<Candidate>, Error> {
    let Some(shop) = ocop_catalog::entity::shop::Entity::find_by_id(shop_id).one(db).await? else {
        return Ok(None);
    };
    if shop.status != STATUS_VERIFIED || shop.on_vacation {
        return Ok(None);
    }
    let rates = ocop_orders::shipping::rates_of(db, shop_id).await?;
    Ok(Some(Candidate { shop_id, province_code: shop.province_code, live_products: 0, delivers_to: rates.provinces }))
}

/// The OCOP groups a shop has live products in.
///
/// # Errors
/// The database cannot be read.
pub async fn groups_of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Vec<String>, Error> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT DISTINCT category FROM products WHERE shop_id = $1 AND live = $2",
            [shop_id.into(), true.into()],
        ))
        .await?;
    Ok(rows.into_iter().filter_map(|r| r.try_get::<String>("", "category").ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::{Candidate, rank, reaches};

    fn shop(id: i64, province: &str, live: i64, delivers_to: &[&str]) -> Candidate {
        Candidate {
            shop_id: id,
            province_code: province.into(),
            live_products: live,
            delivers_to: delivers_to.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn same_province_first_then_region_then_the_rest() {
        let candidates = vec![
            shop(1, "can-tho", 9, &[]),                      // Mekong delta, nationwide
            shop(2, "ha-noi", 1, &["ha-noi"]),               // in Hà Nội
            shop(3, "hai-phong", 2, &[]),                    // Red River delta, same region
            shop(4, "quang-ninh", 5, &["quang-ninh"]),       // delivers only at home: out
            shop(5, "ha-noi", 3, &[]),                       // in Hà Nội, more products
            shop(6, "hung-yen", 2, &["ha-noi", "hung-yen"]), // same region, delivers there
        ];
        let ranked: Vec<i64> = rank(candidates.clone(), "ha-noi", 10).iter().map(|c| c.shop_id).collect();
        assert_eq!(ranked, vec![5, 2, 3, 6, 1]);
        let bounded: Vec<i64> = rank(candidates, "ha-noi", 2).iter().map(|c| c.shop_id).collect();
        assert_eq!(bounded, vec![5, 2], "only the best few are told");
    }

    #[test]
    fn a_shop_reaches_its_own_province_even_with_a_narrow_list() {
        assert!(reaches(&shop(1, "da-nang", 1, &["hue"]), "da-nang"));
        assert!(reaches(&shop(1, "da-nang", 1, &["hue"]), "hue"));
        assert!(!reaches(&shop(1, "da-nang", 1, &["hue"]), "ha-noi"));
        assert!(reaches(&shop(1, "da-nang", 1, &[]), "ca-mau"));
    }
}
