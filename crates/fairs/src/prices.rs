//! Fair prices: a discount on a booth's own products, set by the organiser or the shop's
//! owner, charged only while the fair runs and only to purchases made through the fair
//! (its online pages, or the booth's selling screen). [`ocop_orders::fair_price`] reads
//! them when pricing a cart or a booth sale.

use std::collections::HashMap;

use ocop_accounts::User;
use ocop_catalog::entity::{product, shop, variant};
use ocop_core::{Error, Sku, Vnd};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::booths::{self, ACCEPTED};
use crate::conflicts;
use crate::entity::{fair, fair_price};
use crate::fair::{self as fairs, Phase};

/// A booth's product line with its fair price, if it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Priced {
    pub variant_id: i64,
    pub sku: String,
    pub shop_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub product_slug: String,
    pub label: String,
    pub stock: i64,
    pub price_vnd: i64,
    pub fair_price_vnd: Option<i64>,
    /// Whole percent off, for the badge.
    pub percent_off: Option<i64>,
}

/// Whether `user` may set prices for `shop` at `fair`: the fair's organisers, or the shop's
/// owner (staff sell, owners price).
async fn may_price<C: ConnectionTrait>(
    db: &C,
    user: &User,
    fair: &fair::Model,
    shop: &shop::Model,
) -> Result<(), Error> {
    if fairs::may_organise(db, &user.actor(), &fair.host_province).await.is_ok() {
        return Ok(());
    }
    if ocop_catalog::shops::owns_or_admin(db, user, shop.id).await? {
        return Ok(());
    }
    Err(Error::Forbidden)
}

/// Sets (or with `None`, clears) the fair price of the shop's variant `sku`.
///
/// # Errors
/// [`Error::Forbidden`]; [`Error::Conflict`] `no_booth` when the shop has no accepted
/// booth, `fair_ended`; [`Error::Invalid`] on `sku` or `price_vnd` (it must be a discount:
/// above 0 and below the product's own price).
pub async fn set<C: ConnectionTrait>(
    db: &C,
    user: &User,
    fair: &fair::Model,
    shop: &shop::Model,
    sku: &Sku,
    price_vnd: Option<i64>,
) -> Result<(), Error> {
    may_price(db, user, fair, shop).await?;
    if Phase::of(fair, chrono::Utc::now()) == Phase::Ended {
        return Err(Error::Conflict {
            code: conflicts::FAIR_ENDED,
            field: None,
            message: "Hội chợ đã kết thúc".into(),
        });
    }
    let booth = booths::of_shop(db, fair.id, shop.id).await?;
    if booth.is_none_or(|b| b.status != ACCEPTED) {
        return Err(Error::Conflict {
            code: conflicts::NO_BOOTH,
            field: None,
            message: "Chỉ gian hàng đã được duyệt mới đặt giá hội chợ".into(),
        });
    }
    let v = variant::Entity::find()
        .filter(variant::Column::ShopId.eq(shop.id))
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| Error::invalid("sku", format!("Gian hàng không có sản phẩm mã {sku}")))?;
    let existing = fair_price::Entity::find_by_id((fair.id, v.id)).one(db).await?;
    let Some(price) = price_vnd else {
        if let Some(row) = existing {
            fair_price::Entity::delete_by_id((row.fair_id, row.variant_id)).exec(db).await?;
        }
        return Ok(());
    };
    if price <= 0 || price >= v.price_vnd {
        return Err(Error::invalid(
            "price_vnd",
            format!("Giá hội chợ của {} phải lớn hơn 0 và thấp hơn giá thường {}", v.sku, Vnd(v.price_vnd)),
        ));
    }
    match existing {
        Some(row) => {
            let mut row: fair_price::ActiveModel = row.into();
            row.price_vnd = Set(price);
            row.update(db).await?;
        }
        None => {
            fair_price::ActiveModel {
                fair_id: Set(fair.id),
                variant_id: Set(v.id),
                shop_id: Set(shop.id),
                price_vnd: Set(price),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Sets the fair price of every live product of `shop` to `percent` below its own price
/// (rounded down to the thousand đồng), the quick way for a booth with many products.
///
/// # Errors
/// As [`set`]; [`Error::Invalid`] on `percent` outside 1–90.
pub async fn set_percent<C: ConnectionTrait>(
    db: &C,
    user: &User,
    fair: &fair::Model,
    shop: &shop::Model,
    percent: i64,
) -> Result<usize, Error> {
    if !(1..=90).contains(&percent) {
        return Err(Error::invalid("percent", "Mức giảm từ 1% đến 90%"));
    }
    let mut count = 0;
    for line in of_booth(db, fair, shop.id).await? {
        let price = (line.price_vnd * (100 - percent) / 100) / 1_000 * 1_000;
        if price > 0 && price < line.price_vnd {
            set(db, user, fair, shop, &Sku::parse(&line.sku)?, Some(price)).await?;
            count += 1;
        }
    }
    Ok(count)
}

/// The shop's live products with their fair prices at `fair`.
///
/// # Errors
/// The database cannot be read.
pub async fn of_booth<C: ConnectionTrait>(db: &C, fair: &fair::Model, shop_id: i64) -> Result<Vec<Priced>, Error> {
    of_shops(db, fair, &[shop_id]).await
}

/// The live products of these shops with their fair prices at `fair`, shop by shop in the
/// order given, products by name.
///
/// # Errors
/// The database cannot be read.
pub async fn of_shops<C: ConnectionTrait>(db: &C, fair: &fair::Model, shop_ids: &[i64]) -> Result<Vec<Priced>, Error> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    let products = product::Entity::find()
        .filter(product::Column::ShopId.is_in(shop_ids.iter().copied()))
        .filter(product::Column::Live.eq(true))
        .order_by_asc(product::Column::NameSort)
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(products.iter().map(|p| p.id)))
        .order_by_asc(variant::Column::Position)
        .all(db)
        .await?;
    let prices = fair_price::Entity::find()
        .filter(fair_price::Column::FairId.eq(fair.id))
        .filter(fair_price::Column::ShopId.is_in(shop_ids.iter().copied()))
        .all(db)
        .await?;
    // Grouped once: a fair of 300 booths lists thousands of variants.
    let mut by_product: HashMap<i64, Vec<&variant::Model>> = HashMap::new();
    for v in &variants {
        by_product.entry(v.product_id).or_default().push(v);
    }
    let fair_prices: HashMap<i64, i64> = prices.iter().map(|f| (f.variant_id, f.price_vnd)).collect();
    let mut by_shop: HashMap<i64, Vec<&product::Model>> = HashMap::new();
    for p in &products {
        by_shop.entry(p.shop_id).or_default().push(p);
    }
    let mut out = Vec::with_capacity(variants.len());
    for shop_id in shop_ids {
        for p in by_shop.get(shop_id).into_iter().flatten() {
            for v in by_product.get(&p.id).into_iter().flatten() {
                let fair_price = fair_prices.get(&v.id).copied();
                out.push(Priced {
                    variant_id: v.id,
                    sku: v.sku.clone(),
                    shop_id: p.shop_id,
                    product_id: p.id,
                    product_name: p.name.clone(),
                    product_slug: p.slug.clone(),
                    label: v.label.clone(),
                    stock: v.stock,
                    price_vnd: v.price_vnd,
                    fair_price_vnd: fair_price,
                    percent_off: fair_price.map(|f| (v.price_vnd - f) * 100 / v.price_vnd.max(1)),
                });
            }
        }
    }
    Ok(out)
}

/// Whether every word of `query` (folded: no diacritics, đ → d) is in the product's name
/// or its shop's, for the search box inside a fair.
pub fn matches(query_words: &[String], product_name: &str, shop_name: &str) -> bool {
    let haystack = ocop_core::text::fold(&format!("{product_name} {shop_name}"));
    query_words.iter().all(|w| haystack.split(|c: char| !c.is_alphanumeric()).any(|h| h.starts_with(w.as_str())))
}

/// The folded words of a fair search.
pub fn query_words(query: &str) -> Vec<String> {
    ocop_core::text::fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fair_search_folds_and_takes_prefixes() {
        let words = query_words("nuoc mam CÁI");
        assert!(matches(&words, "Nước mắm Cái Rồng 35 độ đạm", "HTX Cái Rồng"));
        assert!(!matches(&words, "Chả mực Hạ Long", "Cơ sở Hạ Long"));
        assert!(matches(&query_words("cha muc"), "Chả mực Hạ Long", ""));
        assert!(matches(&query_words(""), "anything", ""));
    }
}
