//! Storefront pages: OCOP group, province, shop and product pages, and the sitemap.

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::storefront::{self, Filter, Found, Sort};
use ocop_catalog::{group, producer::ProducerType, shops};
use ocop_core::{Error, provinces};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::PageError;
use crate::page::Page;
use crate::views::reviews::{self, Rated, ReviewQuery, Section, rated};

pub const PER_PAGE: u64 = 24;
/// Related products under a product page: two rows of cards on a phone.
const RELATED: u64 = 8;

const SORTS: [(&str, &str); 6] = [
    ("name", "sort_name"),
    ("price_asc", "sort_price_asc"),
    ("price_desc", "sort_price_desc"),
    ("newest", "sort_newest"),
    ("best_selling", "sort_best_selling"),
    ("rating", "sort_rating"),
];

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    sort: String,
    page: String,
    /// A subcategory code, on group pages.
    nhom: String,
}

#[derive(Serialize)]
struct ShopBox {
    /// The shop's own vouchers and its province's, running or starting within a week.
    vouchers: Vec<ocop_promotions::vouchers::Card>,
    /// The codes among them the signed-in shopper saved.
    saved_vouchers: Vec<String>,
    logo: Option<String>,
    producer_label: &'static str,
    address: String,
    verified: bool,
    on_vacation: bool,
    description: String,
    rating: ocop_reviews::Rating,
    slug: String,
    followers: u64,
    /// The signed-in shopper follows it.
    following: bool,
    /// Of its latest shipped orders, the share shipped within two days.
    punctuality: Option<ocop_orders::punctuality::Punctuality>,
    /// How it answers shoppers' questions.
    responsiveness: Option<ocop_reviews::questions::Responsiveness>,
}

#[derive(Serialize)]
struct ListingView {
    title: String,
    intro: String,
    base: String,
    sort: &'static str,
    sorts: [(&'static str, &'static str); 6],
    cards: Vec<Rated>,
    total: u64,
    page: u64,
    pages: u64,
    shop: Option<ShopBox>,
    subcategories: Vec<SubLink>,
    /// Extra query for paging links (the chosen subcategory).
    extra: String,
}

#[derive(Serialize)]
struct SubLink {
    code: &'static str,
    name: &'static str,
    active: bool,
}

/// What frames a listing: its title, intro, address and extras.
struct Frame {
    title: String,
    intro: String,
    base: String,
    shop: Option<ShopBox>,
    subcategories: Vec<SubLink>,
    extra: String,
}

async fn listing(page: &Page, q: &ListQuery, filter: Filter, frame: Frame) -> Result<Response, PageError> {
    let Frame { title, intro, base, shop, subcategories, extra } = frame;
    let sort = Sort::parse(&q.sort).unwrap_or_default();
    let sort_code = SORTS.iter().find(|(code, _)| Sort::parse(code) == Some(sort)).map_or("name", |(c, _)| c);
    let number = q.page.parse::<u64>().unwrap_or(1).clamp(1, 10_000);
    let found = storefront::list(&page.state.db, &filter, sort, number, PER_PAGE).await?;
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    let view = ListingView {
        title,
        intro,
        base,
        sort: sort_code,
        sorts: SORTS,
        cards: rated(&page.state.db, found.cards).await?,
        total: found.total,
        page: number,
        pages,
        shop,
        subcategories,
        extra,
    };
    page.render_kept("shop/listing.html", &view)
}

pub async fn by_group(
    mut page: Page,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    if let Some(kept) = page.kept() {
        return Ok(kept);
    }
    let g = group::by_code(&code).ok_or(Error::NotFound { what: "nhóm sản phẩm" })?;
    let name = if page.layout.lang == crate::i18n::Lang::En { g.name_en } else { g.name_vi };
    let chosen = ocop_catalog::group::find_sub(g.code, &q.nhom).map(|(code, _)| *code);
    let filter =
        Filter { category: Some(g.code.to_owned()), subcategory: chosen.map(str::to_owned), ..Default::default() };
    let intro = format!("{} {name}.", page.t("group_intro"));
    let subcategories = ocop_catalog::group::subcategories(g.code)
        .iter()
        .map(|&(code, name)| SubLink { code, name, active: Some(code) == chosen })
        .collect();
    let extra = chosen.map(|c| format!("&nhom={c}")).unwrap_or_default();
    let frame = Frame {
        title: name.to_owned(),
        intro,
        base: format!("/danh-muc/{}", g.code),
        shop: None,
        subcategories,
        extra,
    };
    listing(&page, &q, filter, frame).await
}

pub async fn by_province(
    mut page: Page,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let p = provinces::find(&code).ok_or(Error::NotFound { what: "tỉnh" })?;
    if p.code != code {
        // A former name or another spelling: one canonical address per province.
        return Ok(Redirect::permanent(&format!("/tinh/{}", p.code)).into_response());
    }
    if let Some(kept) = page.kept() {
        return Ok(kept);
    }
    let filter = Filter { province_code: Some(p.code.to_owned()), ..Default::default() };
    let intro = if p.former.len() > 1 {
        format!("{} {} ({}).", page.t("province_intro"), p.name, p.former.join(", "))
    } else {
        format!("{} {}.", page.t("province_intro"), p.name)
    };
    let frame = Frame {
        title: p.name.to_owned(),
        intro,
        base: format!("/tinh/{}", p.code),
        shop: None,
        subcategories: Vec::new(),
        extra: String::new(),
    };
    listing(&page, &q, filter, frame).await
}

fn address(commune: &str, street: &str, province_code: &str) -> String {
    let province = provinces::by_code_exact(province_code).map_or(province_code, |p| p.name);
    format!("{street}, {commune}, {province}")
}

/// How the shop answers: its latest questions and the conversations shoppers started.
async fn responsiveness(
    db: &sea_orm::DatabaseConnection,
    shop_id: i64,
) -> Result<Option<ocop_reviews::questions::Responsiveness>, Error> {
    let mut samples = ocop_reviews::questions::answer_times(db, shop_id).await?;
    samples.extend(ocop_messages::read::reply_times(db, shop_id).await?);
    Ok(ocop_reviews::questions::Responsiveness::of(&samples))
}

pub async fn shop(mut page: Page, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    if let Some(kept) = page.kept() {
        return Ok(kept);
    }
    let found = shops::by_slug(&page.state.db, &slug).await?;
    if found.status != shops::STATUS_VERIFIED {
        return Err(Error::NotFound { what: "gian hàng" }.into());
    }
    let now = chrono::Utc::now();
    let vouchers = ocop_promotions::vouchers::shown_on_shop(&page.state.db, found.id, &found.province_code, now)
        .await?
        .iter()
        .map(|v| ocop_promotions::vouchers::Card::of(v, now))
        .collect();
    let saved_vouchers = match &page.user {
        Some(u) => {
            ocop_promotions::wallet::saved(&page.state.db, u.id).await?.into_iter().map(|(v, _)| v.code).collect()
        }
        None => Vec::new(),
    };
    let shop_box = ShopBox {
        vouchers,
        saved_vouchers,
        logo: found.logo_key.clone(),
        producer_label: ProducerType::parse(&found.producer_type).map_or("", ProducerType::label_vi),
        address: address(&found.commune, &found.street, &found.province_code),
        verified: true,
        on_vacation: found.on_vacation,
        description: found.description.clone(),
        rating: ocop_reviews::rating::of_shop(&page.state.db, found.id).await?,
        slug: found.slug.clone(),
        followers: ocop_follows::shops::followers(&page.state.db, found.id).await?,
        following: match &page.user {
            Some(u) => ocop_follows::shops::is_following(&page.state.db, u.id, found.id).await?,
            None => false,
        },
        punctuality: ocop_orders::punctuality::of_shop(&page.state.db, found.id).await?,
        responsiveness: responsiveness(&page.state.db, found.id).await?,
    };
    let filter = Filter { shop_id: Some(found.id), ..Default::default() };
    let frame = Frame {
        title: found.name.clone(),
        intro: String::new(),
        base: format!("/cua-hang/{}", found.slug),
        shop: Some(shop_box),
        subcategories: Vec::new(),
        extra: String::new(),
    };
    listing(&page, &q, filter, frame).await
}

#[derive(Serialize)]
struct ProductView {
    #[serde(flatten)]
    inner: storefront::ProductPage,
    group_name: &'static str,
    subcategory_name: Option<&'static str>,
    province_name: &'static str,
    producer_label: &'static str,
    shop_address: String,
    price_terms: String,
    meta_description: String,
    json_ld: String,
    /// Some variant is in stock and the shop takes orders: the buy button shows.
    purchasable: bool,
    /// The page's absolute address, for the share links and the copy-link box.
    share_url: String,
    /// Same group and province, then the same shop.
    related: Vec<Rated>,
    reviews: Section,
    shop_rating: ocop_reviews::Rating,
    /// What became of a report (`?bao-cao=`): `da-bao-cao`, or `loi-bao-cao-<status>`.
    report_note: String,
    /// The signed-in shopper saved it.
    saved: bool,
    questions: reviews::Questions,
    /// Open pickup points, the product's province first.
    pickup_points: Vec<ocop_orders::entity::pickup_point::Model>,
}

/// The legal line on what the price includes (Decree 52: tax and shipping).
fn price_terms(vat: bool, shipping: bool) -> String {
    let vat = if vat { "Giá đã gồm thuế GTGT" } else { "Giá chưa gồm thuế GTGT" };
    let shipping = if shipping {
        "đã gồm phí vận chuyển"
    } else {
        "chưa gồm phí vận chuyển (tính khi đặt hàng)"
    };
    format!("{vat}, {shipping}.")
}

/// schema.org Product, safe inside a script element.
fn json_ld(p: &storefront::ProductPage, reviews: &Section, base_url: &str) -> String {
    let offers: Vec<_> = p
        .variants
        .iter()
        .map(|v| {
            json!({"@type": "Offer", "sku": v.sku, "price": v.price_vnd, "priceCurrency": "VND",
                "availability": if v.stock > 0 { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" }})
        })
        .collect();
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.product.name,
        "description": p.product.description,
        "sku": p.variants.first().map(|v| v.sku.clone()),
        "url": format!("{base_url}/san-pham/{}", p.product.slug),
        "brand": {"@type": "Brand", "name": p.shop.name},
        "offers": offers,
    });
    if let Some((aggregate, shown)) = reviews::json_ld(reviews) {
        doc["aggregateRating"] = aggregate;
        doc["review"] = serde_json::Value::Array(shown);
    }
    doc.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProductQuery {
    #[serde(flatten)]
    reviews: ReviewQuery,
    #[serde(rename = "bao-cao")]
    report: String,
}

pub async fn product(
    mut page: Page,
    Path(slug): Path<String>,
    Query(q): Query<ProductQuery>,
) -> Result<Response, PageError> {
    if let Some(kept) = page.kept() {
        return Ok(kept);
    }
    let found = match storefront::product(&page.state.db, &slug).await? {
        Found::MovedTo(new_slug) => return Ok(Redirect::permanent(&format!("/san-pham/{new_slug}")).into_response()),
        Found::Page(p) => *p,
    };
    let group_name = group::by_code(&found.product.category).map_or("", |g| g.name_vi);
    let province_name = provinces::by_code_exact(&found.product.province_code).map_or("", |p| p.name);
    let description: String = found.product.description.chars().take(155).collect();
    let subcategory_name = found
        .product
        .subcategory
        .as_deref()
        .and_then(|s| ocop_catalog::group::find_sub(&found.product.category, s))
        .map(|(_, name)| *name);
    let reviews = reviews::section(&page.state.db, found.product.id, &q.reviews).await?;
    let view = ProductView {
        subcategory_name,
        group_name,
        province_name,
        producer_label: ProducerType::parse(&found.shop.producer_type).map_or("", ProducerType::label_vi),
        shop_address: address(&found.shop.commune, &found.shop.street, &found.shop.province_code),
        price_terms: price_terms(found.product.price_includes_vat, found.product.price_includes_shipping),
        meta_description: if description.is_empty() { found.product.name.clone() } else { description },
        json_ld: json_ld(&found, &reviews, page.state.config.server.base_url()),
        purchasable: !found.shop.on_vacation && found.variants.iter().any(|v| v.stock > 0),
        share_url: format!("{}/san-pham/{}", page.state.config.server.base_url(), found.product.slug),
        related: rated(&page.state.db, storefront::related(&page.state.db, &found.product, RELATED).await?).await?,
        shop_rating: ocop_reviews::rating::of_shop(&page.state.db, found.shop.id).await?,
        report_note: q.report.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(24).collect(),
        questions: reviews::questions(
            &page.state.db,
            page.user.as_ref().map(|u| u.id),
            found.shop.id,
            found.product.id,
        )
        .await?,
        saved: match &page.user {
            Some(u) => ocop_follows::saved::is_saved(&page.state.db, u.id, found.product.id).await?,
            None => false,
        },
        reviews,
        pickup_points: ocop_orders::pickup::active_near(&page.state.db, &found.product.province_code).await?,
        inner: found,
    };
    page.render_kept("shop/product.html", &view)
}

/// Every live product, for search engines.
pub async fn sitemap(page: Page) -> Result<Response, PageError> {
    let slugs = storefront::live_slugs(&page.state.db).await?;
    let base = page.state.config.server.base_url();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (slug, updated) in slugs {
        xml.push_str(&format!(
            "  <url><loc>{base}/san-pham/{slug}</loc><lastmod>{}</lastmod></url>\n",
            updated.format("%Y-%m-%d")
        ));
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}
