//! Reviews as shoppers read them: a product's published reviews, newest first, filtered by
//! stars or variant, with the reviewer's name shortened; a shop's reviews for its staff.

use chrono::{DateTime, Utc};
use ocop_accounts::entity::user;
use ocop_core::Error;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::review;
use crate::status;

/// Which of a product's reviews to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub stars: Option<i16>,
    pub variant_id: Option<i64>,
    /// Only reviews that carry photos.
    pub with_photos: bool,
}

impl Filter {
    /// Reads the stars (1–5) and the variant id as typed in a query string, empty for none.
    ///
    /// # Errors
    /// A field error naming `stars` or `variant`.
    pub fn parse(stars: &str, variant: &str) -> Result<Self, Error> {
        let stars = match stars.trim() {
            "" => None,
            raw => match raw.parse::<i16>() {
                Ok(n @ 1..=5) => Some(n),
                _ => return Err(Error::invalid("stars", "Chọn từ 1 đến 5 sao")),
            },
        };
        let variant_id = match variant.trim() {
            "" => None,
            raw => Some(raw.parse::<i64>().map_err(|_| Error::invalid("variant", "Phân loại không hợp lệ"))?),
        };
        Ok(Self { stars, variant_id, with_photos: false })
    }
}

/// A review as the public sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub id: i64,
    /// The reviewer's name shortened, as marketplaces show it: "Lan Nguyễn" → "L***n".
    pub author: String,
    pub stars: i16,
    pub body: String,
    pub variant_label: String,
    /// `online` or `booth`: where the reviewer bought it.
    pub bought: &'static str,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    pub photos: Vec<crate::photos::Photo>,
}

/// One page of a product's reviews.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub reviews: Vec<Shown>,
    /// How many match the filter.
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// "Lan Nguyễn" → "L***n": enough to tell reviewers apart, not enough to find them.
pub fn mask_name(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    match letters.as_slice() {
        [] => "Khách hàng".to_owned(),
        [one] => format!("{one}***"),
        [first, .., last] => format!("{first}***{last}"),
    }
}

/// A product's published reviews, newest first, `per_page` at a time (pages count from 1).
///
/// # Errors
/// Database errors.
pub async fn of_product<C: ConnectionTrait>(
    db: &C,
    product_id: i64,
    filter: Filter,
    page: u64,
    per_page: u64,
) -> Result<Page, Error> {
    let mut query = review::Entity::find()
        .filter(review::Column::ProductId.eq(product_id))
        .filter(review::Column::Status.eq(status::PUBLISHED));
    if let Some(stars) = filter.stars {
        query = query.filter(review::Column::Stars.eq(stars));
    }
    if let Some(variant) = filter.variant_id {
        query = query.filter(review::Column::VariantId.eq(variant));
    }
    if filter.with_photos {
        query = query.filter(review::Column::PhotoCount.gt(0));
    }
    let total = query.clone().count(db).await?;
    let page = page.max(1);
    let rows = query
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(Page { reviews: shown(db, rows).await?, total, page, pages: total.div_ceil(per_page.max(1)).max(1) })
}

async fn shown<C: ConnectionTrait>(db: &C, rows: Vec<review::Model>) -> Result<Vec<Shown>, Error> {
    let authors: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let with_photos = rows.iter().filter(|r| r.photo_count > 0).map(|r| r.id);
    let mut photos = crate::photos::of_reviews(db, with_photos).await?;
    Ok(rows
        .into_iter()
        .map(|r| Shown {
            photos: photos.remove(&r.id).unwrap_or_default(),
            id: r.id,
            author: mask_name(authors.get(&r.author_id).map_or("", String::as_str)),
            stars: r.stars,
            body: r.body,
            variant_label: r.variant_label,
            bought: if r.pos_sale_line_id.is_some() { "booth" } else { "online" },
            created_at: r.created_at,
            edited: r.edited_at.is_some(),
            reply: r.reply,
            replied_at: r.replied_at,
        })
        .collect())
}

/// The variants that have published reviews, for the filter: `(variant id, label, count)`.
///
/// # Errors
/// Database errors.
pub async fn reviewed_variants<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<Vec<(i64, String, u64)>, Error> {
    // Counted by the database: a page view must not read every review of a popular product.
    use sea_orm::sea_query::ExprTrait as _;
    let rows: Vec<(i64, String, i64)> = review::Entity::find()
        .select_only()
        .column(review::Column::VariantId)
        .column_as(Expr::col(review::Column::VariantLabel).max(), "label")
        .column_as(Expr::col(review::Column::Id).count(), "n")
        .filter(review::Column::ProductId.eq(product_id))
        .filter(review::Column::Status.eq(status::PUBLISHED))
        .filter(review::Column::VariantId.is_not_null())
        .group_by(review::Column::VariantId)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: Vec<(i64, String, u64)> =
        rows.into_iter().map(|(id, label, n)| (id, label, u64::try_from(n).unwrap_or(0))).collect();
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    Ok(out)
}

/// A review as the shop's staff see it, with the product it is about.
#[derive(Debug, Clone, Serialize)]
pub struct ForShop {
    pub shown: Shown,
    pub status: String,
    pub product_name: String,
    pub product_slug: String,
}

/// The shop's published reviews, newest first; only those without an answer when
/// `unanswered`. A held review reaches the shop once an admin publishes it: until then its
/// text may carry a phone number or a link the shop should not get around the platform.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    unanswered: bool,
    limit: u64,
) -> Result<Vec<ForShop>, Error> {
    let mut query = review::Entity::find()
        .filter(review::Column::ShopId.eq(shop_id))
        .filter(review::Column::Status.eq(status::PUBLISHED));
    if unanswered {
        query = query.filter(review::Column::Reply.is_null());
    }
    let rows =
        query.order_by_desc(review::Column::CreatedAt).order_by_desc(review::Column::Id).limit(limit).all(db).await?;
    let meta: Vec<(i64, String)> = rows.iter().map(|r| (r.product_id, r.status.clone())).collect();
    let products: std::collections::HashMap<i64, (String, String)> = ocop_catalog::entity::product::Entity::find()
        .filter(ocop_catalog::entity::product::Column::Id.is_in(meta.iter().map(|(id, _)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.name, p.slug)))
        .collect();
    let shown = shown(db, rows).await?;
    Ok(shown
        .into_iter()
        .zip(meta)
        .map(|(shown, (product_id, status))| {
            let (product_name, product_slug) = products.get(&product_id).cloned().unwrap_or_default();
            ForShop { shown, status, product_name, product_slug }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::mask_name;

    #[test]
    fn names_are_shortened_to_their_first_and_last_letters() {
        assert_eq!(mask_name("Lan Nguyễn"), "L***n");
        assert_eq!(mask_name("Đ"), "Đ***");
        assert_eq!(mask_name("  "), "Khách hàng");
    }
}
