//! "Mua ngay" on a product page and "Mua lại" on an order: both fill the cart, then the
//! shopper goes on to checkout (or sees what could not be put back).

use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_orders::{cart, reorder};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;
use crate::shopper;
use crate::views::cart::{CartView, cart_view, render_cart};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BuyNowForm {
    sku: String,
    shop: String,
    quantity: String,
}

/// `POST /gio-hang/mua-ngay`: exactly this many of this variant in the cart, then checkout
/// (a guest signs in first and the guest cart comes along).
pub async fn buy_now(page: Page, jar: CookieJar, Form(form): Form<BuyNowForm>) -> Result<Response, PageError> {
    let user = page.user.clone();
    let (owner, jar) = shopper::owner_or_new(&page.state, user.as_ref(), jar);
    let quantity = match form.quantity.trim() {
        "" => 1,
        raw => raw.parse::<i64>().unwrap_or(0),
    };
    let result = async {
        let variant = cart::resolve_sku(&page.state.db, &ocop_core::Sku::parse(&form.sku)?, Some(&form.shop)).await?;
        reorder::buy_now(&page.state.db, &owner, variant, quantity).await
    }
    .await;
    match outcome(result, &[Shows::Conflict, Shows::NotFound])? {
        Outcome::Done(()) => Ok((jar, Redirect::to("/thanh-toan")).into_response()),
        Outcome::Refused(refused) => {
            let cart = cart_view(&page, &jar).await?;
            Ok((jar, render_cart(&page, refused.status, cart, Some(refused.text()))).into_response())
        }
    }
}

/// `POST /don-hang/{code}/mua-lai`: the order's lines back in the cart; the cart page says
/// what was skipped and why.
pub async fn buy_again(
    page: Page,
    jar: CookieJar,
    SignedIn(user): SignedIn,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let outcome = reorder::buy_again(&page.state.db, &user, &code).await?;
    let cart = cart_view(&page, &jar).await?;
    // The header's count was read before the lines went in.
    let mut page = page;
    page.layout.cart_count = cart.item_count;
    let view = CartView { cart, reorder: Some(outcome), ..CartView::default() };
    Ok(page.render_with(StatusCode::OK, "account/cart.html", &view))
}
