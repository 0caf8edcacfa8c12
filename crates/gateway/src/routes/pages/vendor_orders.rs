//! A shop's side of orders: the list to fulfil with a status filter, one order with its
//! actions (pack, ship with carrier and tracking code, deliver, cancel with a reason,
//! answer a refund request), the packing slip, and the shop's shipping rates.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::User;
use ocop_catalog::entity::shop;
use ocop_catalog::shops;
use ocop_core::{Error, FieldErrors};
use ocop_orders::queries::{self, Detail, ShopRow};
use ocop_orders::refunds;
use ocop_orders::shipping::{self, RatesInput};
use ocop_orders::status::{self, Status};
use ocop_orders::transitions::{self, Action};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::routes::pages::cart::error_text;

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
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let shop = queries::staff_shop(&page.state.db, &user, &slug).await?;
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
    user: &User,
    (slug, id): (&str, i64),
    template: &str,
    problem: Problem,
) -> Result<Response, PageError> {
    let shop = queries::staff_shop(&page.state.db, user, slug).await?;
    let detail = queries::for_shop(&page.state.db, shop.id, id).await?;
    let payment_label = ocop_orders::checkout::method_label(&detail.order.payment_method);
    let view = DetailView { shop, detail, error: problem.error, errors: problem.errors, payment_label };
    Ok(page.render_with(problem.status, template, &view))
}

pub async fn detail(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    render_detail(&page, &user, (&slug, id), "vendor/order.html", Problem::none()).await
}

/// The packing slip: what goes in the box and where it goes, ready to print.
pub async fn packing_slip(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    render_detail(&page, &user, (&slug, id), "vendor/packing_slip.html", Problem::none()).await
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
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let shop = queries::staff_shop(&page.state.db, &user, &slug).await?;
    // Another shop's order id is simply not found here.
    queries::for_shop(&page.state.db, shop.id, id).await?;
    let result = match Action::parse(&form.status, &form.carrier, &form.tracking_code, &form.reason) {
        Ok(action) => transitions::act(&page.state.db, &user, id, action).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/don-hang/{id}")).into_response()),
        Err(e) => render_detail(&page, &user, (&slug, id), "vendor/order.html", Problem::of(e)?).await,
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
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<RefundForm>,
) -> Result<Response, PageError> {
    let shop = queries::staff_shop(&page.state.db, &user, &slug).await?;
    queries::for_shop(&page.state.db, shop.id, id).await?;
    match refunds::answer(&page.state.db, &user, id, form.accept == "1", &form.answer).await {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/don-hang/{id}")).into_response()),
        Err(e) => render_detail(&page, &user, (&slug, id), "vendor/order.html", Problem::of(e)?).await,
    }
}

#[derive(Serialize)]
struct RatesView {
    shop: shop::Model,
    form: RatesForm,
    errors: FieldErrors,
    saved: bool,
}

/// The form's fields as strings, the checkbox as "1" or absent.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct RatesForm {
    flat_fee_vnd: String,
    weight_bands: String,
    free_above_vnd: String,
    provinces: String,
    perishables_local_only: String,
    cod_enabled: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    da_luu: Option<String>,
}

pub async fn rates_form(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let input = shipping::to_input(&shipping::rates_of(&page.state.db, shop.id).await?);
    let form = RatesForm {
        flat_fee_vnd: input.flat_fee_vnd,
        weight_bands: input.weight_bands,
        free_above_vnd: input.free_above_vnd,
        provinces: input.provinces,
        perishables_local_only: if input.perishables_local_only { "1".into() } else { String::new() },
        cod_enabled: if shop.cod_enabled { "1".into() } else { String::new() },
    };
    Ok(page
        .render(
            "vendor/shipping.html",
            &RatesView { shop, form, errors: FieldErrors::new(), saved: q.da_luu.is_some() },
        )?
        .into_response())
}

pub async fn save_rates(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<RatesForm>,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let input = RatesInput {
        flat_fee_vnd: form.flat_fee_vnd.clone(),
        weight_bands: form.weight_bands.clone(),
        free_above_vnd: form.free_above_vnd.clone(),
        provinces: form.provinces.clone(),
        perishables_local_only: form.perishables_local_only == "1",
    };
    match shipping::parse(&input) {
        Ok(rates) => {
            shipping::save(&page.state.db, shop.id, &rates).await?;
            let cod = form.cod_enabled == "1";
            if shop.cod_enabled != cod {
                let mut active: shop::ActiveModel = shop.into();
                active.cod_enabled = sea_orm::Set(cod);
                sea_orm::ActiveModelTrait::update(active, &page.state.db).await.map_err(Error::from)?;
            }
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/van-chuyen?da_luu=1")).into_response())
        }
        Err(Error::Invalid(errors)) => Ok(page.render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "vendor/shipping.html",
            &RatesView { shop, form, errors, saved: false },
        )),
        Err(e) => Err(e.into()),
    }
}
