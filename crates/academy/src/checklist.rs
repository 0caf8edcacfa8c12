//! A shop's checklist: each step of its own data that is not done yet (no logo, listings
//! without photos, no shipping rates, a certificate to renew…), with the published lesson
//! that shows how to do it. Read on the vendor dashboard.

use std::collections::HashSet;

use chrono::NaiveDate;
use ocop_catalog::entity::{product, product_image, shop};
use ocop_core::Error;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use crate::lessons::{LessonLink, by_topic};
use crate::progress::done_among;
use crate::topics;

/// A shop description shorter than this does not say who makes the goods.
pub const SHORT_SHOP_DESCRIPTION: usize = 80;
/// A listing description shorter than this leaves out origin, taste, use or storage.
pub const SHORT_LISTING_DESCRIPTION: usize = 120;

/// One step not done yet.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// A [`topics`] key: the page names the step and where in the workspace to fix it.
    pub topic: &'static str,
    pub title: &'static str,
    /// How many things the step counts (listings without photos…); 1 for a yes/no step.
    pub count: usize,
    /// Why a step with two causes is open: `logo`, `description` or `logo_description` for
    /// the shop; `none_verified` or `renewal` for certificates.
    pub reason: &'static str,
    /// The lesson that shows how, when one is published on the topic.
    pub lesson: Option<LessonLink>,
    /// The reader marked that lesson learnt already.
    pub learnt: bool,
}

/// The steps that apply to the shop and those still open.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Checklist {
    pub open: Vec<Step>,
    /// Steps that apply to this shop, done or not.
    pub applicable: usize,
    /// Of those, done.
    pub done: usize,
}

fn title_of(topic: &str) -> &'static str {
    topics::ALL.iter().find(|(t, _)| *t == topic).map_or("", |(_, name)| name)
}

/// The shop's checklist as `reader` sees it on `today` (Vietnam's date).
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    shop: &shop::Model,
    reader: i64,
    today: NaiveDate,
) -> Result<Checklist, Error> {
    let products = product::Entity::find().filter(product::Column::ShopId.eq(shop.id)).all(db).await?;
    let with_images: HashSet<i64> = product_image::Entity::find()
        .select_only()
        .column(product_image::Column::ProductId)
        .filter(product_image::Column::ProductId.is_in(products.iter().map(|p| p.id)))
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let certificates = ocop_catalog::certificates::of_shop(db, shop.id).await?;
    let has_shipping = ocop_orders::entity::shop_shipping::Entity::find_by_id(shop.id).one(db).await?.is_some();

    let no_logo = shop.logo_key.is_none();
    let thin_description = shop.description.chars().count() < SHORT_SHOP_DESCRIPTION;
    let shop_gaps = usize::from(no_logo) + usize::from(thin_description);
    let shop_reason = match (no_logo, thin_description) {
        (true, true) => "logo_description",
        (true, false) => "logo",
        _ => "description",
    };
    let without_photos = products.iter().filter(|p| !with_images.contains(&p.id)).count();
    let thin_listings = products
        .iter()
        .filter(|p| {
            p.description.chars().count() < SHORT_LISTING_DESCRIPTION
                || (p.rejection_reason.is_some() && p.status == ocop_catalog::products::REJECTED)
        })
        .count();
    let verified = certificates.iter().filter(|c| c.status == "verified").count();
    let renewals = certificates.iter().filter(|c| ocop_catalog::certificates::needs_renewal(c, today)).count();
    let sells_perishables = products.iter().any(|p| p.perishable);

    let links = by_topic(db).await?;
    let learnt = done_among(db, reader, &links.values().map(|l| l.id).collect::<Vec<_>>()).await?;
    let is_learnt = |topic: &str| links.get(topic).is_some_and(|l| learnt.contains(&l.id));

    let (certificate_gaps, certificate_reason) =
        if verified == 0 { (1, "none_verified") } else { (renewals, "renewal") };
    // (topic, applies to this shop, how many are open, why)
    let steps: [(&'static str, bool, usize, &'static str); 6] = [
        (topics::SHOP, true, shop_gaps, shop_reason),
        (topics::PHOTOS, !products.is_empty(), without_photos, ""),
        (topics::LISTING, !products.is_empty(), thin_listings, ""),
        (topics::SHIPPING, true, usize::from(!has_shipping), ""),
        (topics::PAYMENTS, true, usize::from(shop.payout_account.is_none()), ""),
        (topics::CERTIFICATE, true, certificate_gaps, certificate_reason),
    ];
    let mut list = Checklist::default();
    for (topic, applies, count, reason) in steps {
        if !applies {
            continue;
        }
        list.applicable += 1;
        if count > 0 {
            list.open.push(Step {
                topic,
                title: title_of(topic),
                count,
                reason,
                lesson: links.get(topic).cloned(),
                learnt: is_learnt(topic),
            });
        }
    }
    // Perishables travel well only packed well: the step is done once the lesson is learnt.
    if sells_perishables && links.contains_key(topics::PACKING) {
        list.applicable += 1;
        if !is_learnt(topics::PACKING) {
            list.open.push(Step {
                topic: topics::PACKING,
                title: title_of(topics::PACKING),
                count: products.iter().filter(|p| p.perishable).count(),
                reason: "",
                lesson: links.get(topics::PACKING).cloned(),
                learnt: false,
            });
        }
    }
    list.done = list.applicable - list.open.len();
    Ok(list)
}
