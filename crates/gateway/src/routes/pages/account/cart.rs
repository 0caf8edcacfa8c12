//! The cart (`/gio-hang`): what a shopper, signed in or not, is about to buy.

use axum::extract::{Form, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_core::{Error, Sku};
use ocop_orders::cart;
use serde::Deserialize;

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;
use crate::shopper;
use crate::views::cart::{CartView, cart_view, render_cart};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CartQuery {
    da_them: Option<String>,
    da_luu_ma: Option<String>,
}

pub async fn show(page: Page, jar: CookieJar, Query(q): Query<CartQuery>) -> Result<Response, PageError> {
    let cart = cart_view(&page, &jar).await?;
    let vouchers = ocop_orders::offers::for_cart(&page.state.db, page.user.as_ref().map(|u| u.id), &cart).await?;
    let view = CartView {
        cart,
        added: q.da_them.is_some(),
        saved_voucher: q.da_luu_ma.is_some(),
        vouchers: Some(vouchers),
        ..CartView::default()
    };
    Ok(page.render("account/cart.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    sku: String,
    shop: String,
    quantity: String,
    /// Added on a fair's booth page: bought through the fair.
    fair: String,
    /// Where to go back to (a fair's booth page), instead of the cart.
    back: String,
}

/// "Thêm vào giỏ" on a product page; a guest gets a cart cookie.
pub async fn add(page: Page, jar: CookieJar, Form(form): Form<AddForm>) -> Result<Response, PageError> {
    let user = page.user.clone();
    let (owner, jar) = shopper::owner_or_new(&page.state, user.as_ref(), jar);
    let quantity = form.quantity.trim().parse::<i64>().unwrap_or(if form.quantity.trim().is_empty() { 1 } else { 0 });
    let result = async {
        let variant = cart::resolve_sku(&page.state.db, &Sku::parse(&form.sku)?, Some(&form.shop)).await?;
        let fair = match form.fair.trim() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| Error::invalid("fair_id", "Mã hội chợ không hợp lệ"))?),
        };
        cart::add(&page.state.db, &owner, variant, quantity, fair).await
    }
    .await;
    match outcome(result, &[Shows::Conflict, Shows::NotFound])? {
        // Back to the fair's booth, if that is where the shopper was (a local path only).
        Outcome::Done(()) if form.back.starts_with("/hoi-cho/") && !form.back.contains("//") => {
            let sep = if form.back.contains('?') { '&' } else { '?' };
            Ok((jar, Redirect::to(&format!("{}{sep}da_them=1", form.back))).into_response())
        }
        Outcome::Done(()) => Ok((jar, Redirect::to("/gio-hang?da_them=1")).into_response()),
        Outcome::Refused(refused) => {
            let cart = cart_view(&page, &jar).await?;
            Ok((jar, render_cart(&page, refused.status, cart, Some(refused.text()))).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UpdateForm {
    variant_id: i64,
    quantity: String,
}

pub async fn update(page: Page, jar: CookieJar, Form(form): Form<UpdateForm>) -> Result<Response, PageError> {
    let user = page.user.clone();
    let Some(owner) = shopper::owner(user.as_ref(), &jar) else { return Ok(Redirect::to("/gio-hang").into_response()) };
    let quantity = form.quantity.trim().parse::<i64>().unwrap_or(-1);
    let result = if quantity < 0 {
        Err(Error::invalid("quantity", "Số lượng là số nguyên từ 0 (bỏ khỏi giỏ) trở lên"))
    } else {
        cart::set_quantity(&page.state.db, &owner, form.variant_id, quantity).await
    };
    match outcome(result, &[Shows::NotFound])? {
        Outcome::Done(()) => Ok(Redirect::to("/gio-hang").into_response()),
        Outcome::Refused(refused) => {
            let cart = cart_view(&page, &jar).await?;
            Ok(render_cart(&page, refused.status, cart, Some(refused.text())))
        }
    }
}
