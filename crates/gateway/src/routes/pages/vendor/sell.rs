//! The selling screen for a booth or a counter (`/kenh-nguoi-ban/{shop}/ban-hang`), sized
//! for a phone. Without JavaScript it is a form (quantities, cash or VietQR, finish); with
//! it, sales are kept on the phone and sent when the connection allows
//! (`/web/static/js/pos.js`), each with the id the phone gave it, so a resend never makes a
//! second sale. The e-receipt is a public page (shop/receipt.rs).

use std::collections::HashMap;

use axum::extract::{Form, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::{product, shop, variant};
use ocop_core::{Error, Sku, Vnd};
use ocop_pos::{LineInput, SaleInput};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::api_json::{ApiJson, recorded_response};
use crate::error::{ApiError, PageError};
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::{PageScript, RequireShopStaff};
use crate::page::Page;

/// One product the seller can pick, as the phone caches it for offline use.
#[derive(Debug, Serialize)]
struct Item {
    sku: String,
    name: String,
    price_vnd: i64,
    stock: i64,
    quantity: i64,
}

#[derive(Serialize)]
struct SellView {
    shop: shop::Model,
    items: Vec<Item>,
    /// The id this form's sale will carry: submitting twice records it once.
    client_sale_id: String,
    place: String,
    payment_method: String,
    recent: Vec<ocop_pos::entity::pos_sale::Model>,
    error: Option<String>,
    /// Selling at this fair's booth: its fair prices, the sale tagged with it.
    fair: Option<FairContext>,
    /// Fairs running now where the shop has a booth, to switch to (when not at one yet).
    fairs_now: Vec<FairContext>,
}

#[derive(Serialize)]
struct FairContext {
    id: i64,
    slug: String,
    name: String,
    booth_number: i32,
}

/// The running fairs where this shop holds a booth.
async fn fairs_now(page: &Page, shop_id: i64) -> Result<Vec<FairContext>, Error> {
    let now = chrono::Utc::now();
    Ok(ocop_fairs::booths::fairs_of_shop(&page.state.db, shop_id)
        .await?
        .into_iter()
        .filter(|(f, b)| {
            b.status == ocop_fairs::booths::ACCEPTED && ocop_fairs::Phase::of(f, now) == ocop_fairs::Phase::Live
        })
        .filter_map(|(f, b)| Some(FairContext { id: f.id, slug: f.slug, name: f.name, booth_number: b.booth_number? }))
        .collect())
}

/// The fair this shop sells at today, when the seller came from its booth page: it must run
/// now and the shop must hold a booth there.
async fn fair_context(page: &Page, shop_id: i64, slug: &str) -> Result<Option<FairContext>, Error> {
    if slug.trim().is_empty() {
        return Ok(None);
    }
    let fair = ocop_fairs::fair::by_slug(&page.state.db, slug.trim()).await?;
    if ocop_fairs::Phase::of(&fair, chrono::Utc::now()) != ocop_fairs::Phase::Live {
        return Ok(None);
    }
    let booth = ocop_fairs::booths::of_shop(&page.state.db, fair.id, shop_id).await?;
    Ok(booth.filter(|b| b.status == ocop_fairs::booths::ACCEPTED).and_then(|b| {
        Some(FairContext {
            id: fair.id,
            slug: fair.slug.clone(),
            name: fair.name.clone(),
            booth_number: b.booth_number?,
        })
    }))
}

async fn items(page: &Page, shop_id: i64, fair: Option<&FairContext>) -> Result<Vec<Item>, Error> {
    let db = &page.state.db;
    let products = product::Entity::find()
        .filter(product::Column::ShopId.eq(shop_id))
        .filter(product::Column::Live.eq(true))
        .order_by_asc(product::Column::NameSort)
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ShopId.eq(shop_id))
        .order_by_asc(variant::Column::Position)
        .all(db)
        .await?;
    let fair_prices = match fair {
        Some(f) => {
            let pairs: Vec<(i64, i64)> = variants.iter().map(|v| (f.id, v.id)).collect();
            ocop_orders::fair_price::live(db, &pairs, chrono::Utc::now()).await?
        }
        None => HashMap::new(),
    };
    let fair_prices = &fair_prices;
    Ok(products
        .iter()
        .flat_map(|p| {
            variants.iter().filter(move |v| v.product_id == p.id).map(move |v| Item {
                sku: v.sku.clone(),
                name: if v.label.is_empty() { p.name.clone() } else { format!("{} – {}", p.name, v.label) },
                price_vnd: fair.and_then(|f| fair_prices.get(&(f.id, v.id)).copied()).unwrap_or(v.price_vnd),
                stock: v.stock,
                quantity: 0,
            })
        })
        .collect())
}

async fn sell_view(
    page: &Page,
    shop: shop::Model,
    place: String,
    fair_slug: &str,
    error: Option<String>,
) -> Result<SellView, Error> {
    let recent = ocop_pos::sale::of_shop(&page.state.db, shop.id, 10).await?;
    let fair = fair_context(page, shop.id, fair_slug).await?;
    // A booth sells from one place all day: the last sale's place is the next one's.
    let place = match (place.is_empty(), recent.first(), &fair) {
        (false, _, _) => place,
        (true, _, Some(f)) => format!("Gian {} · {}", f.booth_number, f.name),
        (true, Some(last), None) if !last.place.is_empty() => last.place.clone(),
        _ => shop.name.clone(),
    };
    Ok(SellView {
        items: items(page, shop.id, fair.as_ref()).await?,
        fairs_now: if fair.is_some() { Vec::new() } else { fairs_now(page, shop.id).await? },
        fair,
        client_sale_id: uuid::Uuid::new_v4().simple().to_string(),
        place,
        payment_method: "cash".into(),
        recent,
        error,
        shop,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PlaceQuery {
    noi_ban: String,
    /// A fair's slug: selling at its booth.
    hoi_cho: String,
}

pub async fn show(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Query(q): Query<PlaceQuery>,
) -> Result<Response, PageError> {
    let view = sell_view(&page, shop, q.noi_ban, &q.hoi_cho, None).await?;
    Ok(page.render("vendor/sell.html", &view)?.into_response())
}

/// The form without JavaScript: `q_<SKU>` quantities.
pub async fn finish(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let field = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut lines: Vec<LineInput> = form
        .iter()
        .filter_map(|(k, v)| {
            let sku = k.strip_prefix("q_")?;
            let quantity = v.trim().parse::<i64>().ok().filter(|q| *q != 0)?;
            Some(LineInput { sku: sku.to_owned(), quantity })
        })
        .collect();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    let input = SaleInput {
        client_sale_id: field("client_sale_id"),
        payment_method: field("payment_method"),
        lines,
        sold_at: None,
        place: field("place"),
        fair_id: field("fair_id").parse::<i64>().ok(),
        buyer_contact: Some(field("buyer_contact")).filter(|c| !c.is_empty()),
    };
    match outcome(ocop_pos::record(&page.state.db, &user, &shop, &input).await, &[Shows::Conflict])? {
        Outcome::Done(recorded) => {
            Ok(Redirect::to(&format!("/hoa-don/{}", recorded.sale().sale.receipt_code)).into_response())
        }
        Outcome::Refused(refused) => {
            let fair_slug = field("fair_slug");
            let mut view = sell_view(&page, shop, input.place.clone(), &fair_slug, Some(refused.text())).await?;
            // Keep what the seller picked, and the same sale id: nothing was recorded.
            for item in &mut view.items {
                item.quantity = input
                    .lines
                    .iter()
                    .find(|l| Sku::parse(&l.sku).is_ok_and(|s| s.as_str() == item.sku))
                    .map_or(0, |l| l.quantity);
            }
            view.client_sale_id = input.client_sale_id;
            view.payment_method = input.payment_method;
            Ok(refused.render(&page, "vendor/sell.html", &view))
        }
    }
}

/// The phone's queue sending a sale (JSON, CSRF header): the API's answers.
pub async fn sync(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff<PageScript>,
    ApiJson(input): ApiJson<SaleInput>,
) -> Result<Response, ApiError> {
    let recorded = ocop_pos::record(&page.state.db, &user, &shop, &input).await?;
    Ok(recorded_response(&recorded))
}

#[derive(Debug, Deserialize)]
pub struct QrQuery {
    amount: i64,
    #[serde(default, rename = "ref")]
    reference: String,
}

/// The VietQR code for a booth sale: the marketplace's account, the amount, and the sale's
/// reference as purpose, drawn as SVG.
pub async fn vietqr(page: Page, _staff: RequireShopStaff, Query(q): Query<QrQuery>) -> Result<Response, PageError> {
    let reference: String = q.reference.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
    let account = page.state.config.payments.vietqr.bank_account();
    let instruction = ocop_payments::Instruction::vietqr(&account, Vnd(q.amount), &format!("BH {reference}"))?;
    let ocop_payments::Instruction::VietQr { svg, .. } = instruction else {
        return Err(Error::internal("not a VietQR instruction").into());
    };
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response())
}
