//! The notification bell (`/thong-bao`): what happened to the buyer's orders and requests.

use axum::response::{IntoResponse, Redirect, Response};
use ocop_orders::entity::notification;
use ocop_orders::notify;
use serde::Serialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;

#[derive(Serialize)]
struct BellView {
    items: Vec<notification::Model>,
}

pub async fn notifications(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let items = notify::recent(&page.state.db, user.id, 50).await?;
    Ok(page.render("account/notifications.html", &BellView { items })?.into_response())
}

pub async fn mark_read(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    notify::mark_all_read(&page.state.db, user.id).await?;
    Ok(Redirect::to("/thong-bao").into_response())
}
