//! A shop's voucher desk (`/kenh-nguoi-ban/{shop}/ma-giam-gia`), for its owner: issue a
//! voucher for the shop's own goods (the shop pays for its discounts), see what each gave,
//! pause or resume one.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::FieldErrors;
use ocop_promotions::vouchers;

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireShopOwner;
use crate::page::Page;
use crate::views::vouchers::{Desk, DeskQuery, PauseForm, VoucherForm, issue, shop_desk};

pub async fn show(
    page: Page,
    RequireShopOwner { shop, .. }: RequireShopOwner,
    Query(q): Query<DeskQuery>,
) -> Result<Response, PageError> {
    let view =
        Desk::load(&page.state.db, Some(shop), VoucherForm::blank(), FieldErrors::new(), q.issued_code()).await?;
    Ok(page.render("vendor/vouchers.html", &view)?.into_response())
}

pub async fn create(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Form(form): Form<VoucherForm>,
) -> Result<Response, PageError> {
    match outcome(issue(&page.state.db, &form, Some(shop.id), user.id).await, &[Shows::Conflict])? {
        Outcome::Done(saved) => {
            Ok(Redirect::to(&format!("{}?da_tao={}", shop_desk(&shop.slug), saved.code)).into_response())
        }
        Outcome::Refused(refused) => {
            let view = Desk::load(&page.state.db, Some(shop), form, refused.fields_or("code"), None).await?;
            Ok(refused.render(&page, "vendor/vouchers.html", &view))
        }
    }
}

pub async fn pause(
    page: Page,
    RequireShopOwner { shop, .. }: RequireShopOwner,
    Path((_shop, id)): Path<(String, i64)>,
    Form(form): Form<PauseForm>,
) -> Result<Response, PageError> {
    vouchers::set_paused(&page.state.db, Some(shop.id), id, form.pauses()).await?;
    Ok(Redirect::to(&format!("{}#ma-{id}", shop_desk(&shop.slug))).into_response())
}
