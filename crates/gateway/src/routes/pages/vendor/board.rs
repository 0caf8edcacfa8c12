//! A shop's side of the supply–demand board (`/kenh-nguoi-ban/{shop}/cung-cau`).

use axum::response::{IntoResponse, Response};
use ocop_catalog::group;
use ocop_wholesale::offers::{self, ShopBoard};
use ocop_wholesale::today_vn;
use serde::Serialize;

use crate::error::PageError;
use crate::guards::RequireShopStaff;
use crate::page::Page;

#[derive(Serialize)]
struct ShopView {
    shop: ocop_catalog::entity::shop::Model,
    board: ShopBoard,
    group_names: Vec<(&'static str, &'static str)>,
}

/// `/kenh-nguoi-ban/{shop}/cung-cau`: open requests the shop fits, and its offers.
pub async fn shop_board(page: Page, RequireShopStaff { shop, .. }: RequireShopStaff) -> Result<Response, PageError> {
    let board = offers::shop_board(&page.state.db, shop.id, today_vn()).await?;
    let group_names = board.groups.iter().filter_map(|g| group::by_code(g)).map(|g| (g.name_vi, g.name_en)).collect();
    Ok(page.render("vendor/board.html", &ShopView { shop, board, group_names })?.into_response())
}
