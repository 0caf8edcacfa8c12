//! The cart as its page shows it, shared by the cart, "buy now" and checkout (which sends
//! the buyer back to the cart when stock or a price changed).

use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use ocop_core::Error;
use ocop_orders::{addresses, cart};
use serde::Serialize;

use crate::page::Page;
use crate::shopper;

#[derive(Serialize, Default)]
pub struct CartView {
    pub cart: cart::View,
    pub error: Option<String>,
    pub added: bool,
    /// What "Mua lại" put back and what it skipped.
    pub reorder: Option<ocop_orders::reorder::Outcome>,
    /// The vouchers that fit the cart (on the cart page itself).
    pub vouchers: Option<ocop_orders::offers::CartVouchers>,
    /// A voucher was just saved.
    pub saved_voucher: bool,
}

pub async fn cart_view(page: &Page, jar: &CookieJar) -> Result<cart::View, Error> {
    let user = page.user.clone();
    let Some(owner) = shopper::owner(user.as_ref(), jar) else { return Ok(cart::View::default()) };
    // With a saved address the cart quotes shipping to it; otherwise the base fee.
    let destination = match &user {
        Some(u) => addresses::of_user(&page.state.db, u.id).await?.into_iter().next().map(|a| a.province_code),
        None => None,
    };
    cart::view(&page.state.db, &owner, destination.as_deref()).await
}

pub fn render_cart(page: &Page, status: StatusCode, cart: cart::View, error: Option<String>) -> Response {
    page.render_with(status, "account/cart.html", &CartView { cart, error, ..CartView::default() })
}
