//! The e-receipt of a booth sale (`/hoa-don/{code}`): public, for the buyer who scans the
//! seller's QR code, no account needed.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use ocop_catalog::entity::shop;
use ocop_core::Error;
use sea_orm::EntityTrait;
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;

#[derive(Serialize)]
struct ReceiptView {
    sale: ocop_pos::Sale,
    shop: shop::Model,
}

/// The e-receipt a buyer opens from the link or QR the seller shows.
pub async fn receipt(page: Page, Path(code): Path<String>) -> Result<Response, PageError> {
    let sale = ocop_pos::sale::by_receipt(&page.state.db, &code).await?;
    let shop = shop::Entity::find_by_id(sale.sale.shop_id)
        .one(&page.state.db)
        .await?
        .ok_or(Error::NotFound { what: "gian hàng" })?;
    Ok(page.render("shop/receipt.html", &ReceiptView { sale, shop })?.into_response())
}
