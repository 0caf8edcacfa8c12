//! A shop's side of orders (`/kenh-nguoi-ban/{shop}/don-hang`): the list to fulfil with a
//! status filter, one order with its actions (pack, ship with carrier and tracking code,
//! deliver, cancel with a reason, answer a refund request), and the packing slip.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors};
use ocop_orders::queries::{self, Detail, ShopRow};
use ocop_orders::refunds;
use ocop_orders::status::{self, Status};
use ocop_orders::transitions::{self, Action};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::error_text;
use crate::guards::RequireShopStaff;
use crate::page::Page;

#[derive(Serialize)]
struct StatusTab {
    code: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct ListView {
    shop: shop::Model,
    rows: Vec<ShopRow>,
    total: u64,
    status: String,
    tabs: Vec<StatusTab>,
    page: u64,
    has_more: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    trang_thai: String,
    trang: u64,
}

const PER_PAGE: u64 = 30;

pub async fn list(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let status = Status::parse(&q.trang_thai);
    let n = q.trang.max(1);
    let (rows, total) = queries::of_shop(&page.state.db, shop.id, status, n, PER_PAGE).await?;
    let tabs = status::ALL.iter().map(|s| StatusTab { code: s.as_str(), label: s.label() }).collect();
    let view = ListView {
        shop,
        has_more: n * PER_PAGE < total,
        rows,
        total,
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        tabs,
        page: n,
    };
    Ok(page.render("vendor/orders.html", &view)?.into_response())
}

#[derive(Serialize)]
struct DetailView {
    shop: shop::Model,
    detail: Detail,
    error: Option<String>,
    errors: FieldErrors,
    payment_label: &'static str,
}

/// What went wrong with the last action, shown above the order.
struct Problem {
    status: StatusCode,
    error: Option<String>,
    errors: FieldErrors,
}

impl Problem {
    fn none() -> Self {
        Self { status: StatusCode::OK, error: None, errors: FieldErrors::new() }
    }

    /// A bad field stays by its field; a conflict is one line at the top.
    fn of(e: Error) -> Result<Self, Error> {
        match e {
            Error::Invalid(errors) => Ok(Self { status: StatusCode::UNPROCESSABLE_ENTITY, error: None, errors }),
            e @ Error::Conflict { .. } => {
                Ok(Self { status: StatusCode::CONFLICT, error: Some(error_text(&e)), errors: FieldErrors::new() })
            }
            other => Err(other),
        }
    }
}

async fn render_detail(
    page: &Page,
    shop: shop::Model,
    id: i64,
    template: &str,
    problem: Problem,
) -> Result<Response, PageError> {
    let detail = queries::for_shop(&page.state.db, shop.id, id).await?;
    let payment_label = ocop_orders::checkout::method_label(&detail.order.payment_method);
    let view = DetailView { shop, detail, error: problem.error, errors: problem.errors, payment_label };
    Ok(page.render_with(problem.status, template, &view))
}

pub async fn detail(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    render_detail(&page, shop, id, "vendor/order.html", Problem::none()).await
}

/// The packing slip: what goes in the box and where it goes, ready to print.
pub async fn packing_slip(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    render_detail(&page, shop, id, "vendor/packing_slip.html", Problem::none()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    carrier: String,
    tracking_code: String,
    reason: String,
}

pub async fn change_status(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    // Another shop's order id is simply not found here.
    queries::for_shop(&page.state.db, shop.id, id).await?;
    let result = match Action::parse(&form.status, &form.carrier, &form.tracking_code, &form.reason) {
        Ok(action) => transitions::act(&page.state.db, &user, id, action).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/don-hang/{id}")).into_response()),
        Err(e) => render_detail(&page, shop, id, "vendor/order.html", Problem::of(e)?).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RefundForm {
    accept: String,
    answer: String,
}

pub async fn answer_refund(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<RefundForm>,
) -> Result<Response, PageError> {
    queries::for_shop(&page.state.db, shop.id, id).await?;
    match refunds::answer(&page.state.db, &user.actor(), id, form.accept == "1", &form.answer).await {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/don-hang/{id}")).into_response()),
        Err(e) => render_detail(&page, shop, id, "vendor/order.html", Problem::of(e)?).await,
    }
}
