//! Admin pages for orders: every order, found by code or phone; confirming a bank transfer
//! by hand; deciding refund requests the shop refused; the list of pickup points.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::{Role, User};
use ocop_core::{Error, FieldErrors, provinces};
use ocop_orders::entity::{order, pickup_point, refund_request};
use ocop_orders::pickup::{self, PickupInput};
use ocop_orders::queries::{self, Detail};
use ocop_orders::{refunds, transitions};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::routes::pages::cart::error_text;

/// Money and orders pages are for admins only (coordinators verify, they do not refund).
pub(crate) fn admin_only(user: &User) -> Result<(), Error> {
    if user.role == Role::Admin { Ok(()) } else { Err(Error::Forbidden) }
}

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

pub async fn orders(page: Page, SignedIn(user): SignedIn, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    admin_only(&user)?;
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
pub async fn mark_paid(page: Page, SignedIn(user): SignedIn, Path(code): Path<String>) -> Result<Response, PageError> {
    admin_only(&user)?;
    let detail = queries::by_code(&page.state.db, &user, &code).await?;
    match transitions::mark_paid(&page.state.db, detail.order.id).await {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/don-hang?q={}", detail.order.code)).into_response()),
        Err(e @ Error::Conflict { .. }) => {
            let orders = vec![queries::by_code(&page.state.db, &user, &code).await?];
            Ok(page.render_with(
                StatusCode::CONFLICT,
                "admin/orders.html",
                &OrdersView { query: code, orders, error: Some(error_text(&e)), filter: "" },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct RefundsView {
    requests: Vec<RefundRow>,
    errors: FieldErrors,
}

#[derive(Serialize)]
struct RefundRow {
    request: refund_request::Model,
    order: order::Model,
}

async fn refunds_view(page: &Page, errors: FieldErrors) -> Result<RefundsView, Error> {
    let requests = refunds::for_admin(&page.state.db)
        .await?
        .into_iter()
        .map(|(request, order)| RefundRow { request, order })
        .collect();
    Ok(RefundsView { requests, errors })
}

pub async fn refund_requests(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    admin_only(&user)?;
    let view = refunds_view(&page, FieldErrors::new()).await?;
    Ok(page.render("admin/refunds.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    grant: String,
    note: String,
}

pub async fn decide_refund(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    match refunds::decide(&page.state.db, &user, id, form.grant == "1", &form.note).await {
        Ok(()) => Ok(Redirect::to("/quan-tri/khieu-nai").into_response()),
        Err(Error::Invalid(errors)) => {
            let view = refunds_view(&page, errors).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/refunds.html", &view))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct PickupView {
    points: Vec<PointRow>,
    form: PickupForm,
    errors: FieldErrors,
}

#[derive(Serialize)]
struct PointRow {
    point: pickup_point::Model,
    province_name: &'static str,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PickupForm {
    name: String,
    province: String,
    address: String,
    opening_hours: String,
}

async fn pickup_view(page: &Page, form: PickupForm, errors: FieldErrors) -> Result<PickupView, Error> {
    let points = pickup::all(&page.state.db)
        .await?
        .into_iter()
        .map(|point| PointRow {
            province_name: provinces::by_code_exact(&point.province_code).map_or("", |p| p.name),
            point,
        })
        .collect();
    Ok(PickupView { points, form, errors })
}

pub async fn pickup_points(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    admin_only(&user)?;
    let view = pickup_view(&page, PickupForm::default(), FieldErrors::new()).await?;
    Ok(page.render("admin/pickup_points.html", &view)?.into_response())
}

pub async fn save_pickup_point(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<PickupForm>,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    let input = PickupInput {
        name: form.name.clone(),
        province: form.province.clone(),
        address: form.address.clone(),
        opening_hours: form.opening_hours.clone(),
    };
    match pickup::upsert(&page.state.db, &input).await {
        Ok(_) => Ok(Redirect::to("/quan-tri/diem-nhan-hang").into_response()),
        Err(Error::Invalid(errors)) => {
            let view = pickup_view(&page, form, errors).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/pickup_points.html", &view))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    on: String,
}

pub async fn toggle_pickup_point(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ToggleForm>,
) -> Result<Response, PageError> {
    admin_only(&user)?;
    pickup::set_active(&page.state.db, id, form.on == "1").await?;
    Ok(Redirect::to("/quan-tri/diem-nhan-hang").into_response())
}
