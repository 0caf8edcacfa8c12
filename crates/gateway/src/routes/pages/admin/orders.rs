//! Every order, for admins (`/quan-tri/don-hang`), found by code or phone, today's or late
//! ones; confirming a bank transfer by hand.

use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_orders::queries::{self, Detail};
use ocop_orders::transitions;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    /// `hom-nay`: orders placed today (Vietnam).
    ngay: String,
    /// Any value: orders with a part not shipped in time.
    tre: String,
}

#[derive(Serialize)]
struct OrdersView {
    /// Not `q`: the header's product search box reads `page.q`.
    query: String,
    orders: Vec<Detail>,
    error: Option<String>,
    /// The first screen's filter in force: "hom-nay", "tre" or "".
    filter: &'static str,
}

pub async fn orders(page: Page, _admin: RequireAdmin, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let query: String = q.q.chars().take(60).collect();
    let db = &page.state.db;
    let now = chrono::Utc::now();
    let (orders, filter) = if query.is_empty() && q.ngay == "hom-nay" {
        let today = ocop_figures::period::today_vn(now);
        (ocop_orders::lists::placed_since(db, ocop_figures::period::day_start(today), 200).await?, "hom-nay")
    } else if query.is_empty() && !q.tre.is_empty() {
        (ocop_orders::lists::late_to_ship(db, now, 200).await?, "tre")
    } else {
        (queries::search(db, &query, 50).await?, "")
    };
    Ok(page.render("admin/orders.html", &OrdersView { query, orders, error: None, filter })?.into_response())
}

/// A bank transfer matched by hand (VietQR has no callback): the order is paid.
pub async fn mark_paid(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let detail = queries::by_code(&page.state.db, &user, &code).await?;
    let paid = transitions::mark_paid_by(&page.state.db, &user.actor(), detail.order.id).await;
    match outcome(paid, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/quan-tri/don-hang?q={}", detail.order.code)).into_response()),
        Outcome::Refused(refused) => {
            let orders = vec![queries::by_code(&page.state.db, &user, &code).await?];
            let view = OrdersView { query: code, orders, error: Some(refused.text()), filter: "" };
            Ok(refused.render(&page, "admin/orders.html", &view))
        }
    }
}
