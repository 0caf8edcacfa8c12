//! Saving a voucher from a page (`POST /ma-giam-gia/luu`): the cart's "Lưu mã" and the shop
//! page's voucher strip post here, and the shopper goes back where they were.

use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_promotions::wallet;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;
use crate::views::cart::{cart_view, render_cart};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SaveForm {
    code: String,
    /// Where to go back to (a local path): the cart, a shop's page.
    back: String,
}

pub async fn save(
    page: Page,
    jar: CookieJar,
    SignedIn(user): SignedIn,
    Form(form): Form<SaveForm>,
) -> Result<Response, PageError> {
    let saved = wallet::claim(&page.state.db, user.id, &form.code).await;
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") && !form.back.contains('\\') {
        form.back.clone()
    } else {
        "/gio-hang".to_owned()
    };
    match outcome(saved, &[Shows::Conflict, Shows::NotFound])? {
        Outcome::Done(_) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            Ok(Redirect::to(&format!("{back}{sep}da_luu_ma=1#ma-giam-gia")).into_response())
        }
        Outcome::Refused(refused) => {
            let cart = cart_view(&page, &jar).await?;
            let status = if refused.status == StatusCode::OK { StatusCode::CONFLICT } else { refused.status };
            Ok(render_cart(&page, status, cart, Some(refused.text())))
        }
    }
}
