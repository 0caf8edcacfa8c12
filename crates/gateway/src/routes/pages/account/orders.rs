//! The buyer's orders (`/don-hang`): history, one order with each shop's timeline, cancel
//! before packing, confirm receipt, ask for a refund, pay.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_orders::queries::{self, Detail};
use ocop_orders::refunds;
use ocop_orders::transitions::{self, Action};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, error_text, outcome};
use crate::page::Page;

#[derive(Serialize)]
struct ListView {
    orders: Vec<Detail>,
    page: u64,
    has_more: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    trang: u64,
}

const PER_PAGE: u64 = 20;

pub async fn list(page: Page, SignedIn(user): SignedIn, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let n = q.trang.max(1);
    let mut orders = queries::of_buyer(&page.state.db, user.id, n, PER_PAGE + 1).await?;
    let has_more = orders.len() > usize::try_from(PER_PAGE).unwrap_or(usize::MAX);
    orders.truncate(usize::try_from(PER_PAGE).unwrap_or(usize::MAX));
    Ok(page.render("account/list.html", &ListView { orders, page: n, has_more })?.into_response())
}

#[derive(Serialize)]
struct DetailView {
    /// The carrier's own tracking page of each shipped part, when its code is recognised.
    tracking: Vec<PartTracking>,
    detail: Detail,
    just_placed: bool,
    error: Option<String>,
    payment_label: &'static str,
    /// Each line of a delivered part, with where to review it (or that it was).
    review_links: Vec<ReviewLink>,
}

#[derive(Serialize)]
struct ReviewLink {
    shop_order_id: i64,
    product_name: String,
    href: String,
    reviewed: bool,
}

#[derive(Serialize)]
struct PartTracking {
    shop_order_id: i64,
    link: ocop_orders::tracking::TrackingLink,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    moi: Option<String>,
}

async fn render_detail(
    page: &Page,
    user: &ocop_accounts::User,
    code: &str,
    status: StatusCode,
    error: Option<String>,
    just_placed: bool,
) -> Result<Response, PageError> {
    let detail = queries::by_code(&page.state.db, user, code).await?;
    let payment_label = ocop_orders::checkout::method_label(&detail.order.payment_method);
    let tracking = detail
        .parts
        .iter()
        .filter_map(|p| {
            let code = p.shop_order.tracking_code.as_deref()?;
            let link = ocop_orders::tracking::link(p.shop_order.carrier.as_deref(), code)?;
            Some(PartTracking { shop_order_id: p.shop_order.id, link })
        })
        .collect();
    let written = ocop_reviews::purchase::written_for(&page.state.db, user.id).await?;
    let review_links = detail
        .parts
        .iter()
        .filter(|p| {
            detail.order.user_id == user.id && matches!(p.shop_order.status.as_str(), "delivered" | "completed")
        })
        .flat_map(|p| p.lines.iter().map(move |l| (p.shop_order.id, l)))
        .map(|(shop_order_id, line)| {
            let bought = ocop_reviews::Bought::OrderLine(line.id);
            let review = written.get(&bought);
            ReviewLink {
                shop_order_id,
                product_name: line.product_name.clone(),
                href: crate::views::reviews::review_href(bought, review),
                reviewed: review.is_some(),
            }
        })
        .collect();
    Ok(page.render_with(
        status,
        "account/detail.html",
        &DetailView { tracking, detail, just_placed, error, payment_label, review_links },
    ))
}

pub async fn detail(
    page: Page,
    SignedIn(user): SignedIn,
    Path(code): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    render_detail(&page, &user, &code, StatusCode::OK, None, q.moi.is_some()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActForm {
    reason: String,
}

/// The part must belong to this order, and the order to this buyer.
async fn own_part(page: &Page, user: &ocop_accounts::User, code: &str, part: i64) -> Result<(), Error> {
    let detail = queries::by_code(&page.state.db, user, code).await?;
    if detail.order.user_id != user.id || !detail.parts.iter().any(|p| p.shop_order.id == part) {
        return Err(Error::NotFound { what: "đơn hàng" });
    }
    Ok(())
}

async fn after(
    page: &Page,
    user: &ocop_accounts::User,
    code: &str,
    result: Result<(), Error>,
) -> Result<Response, PageError> {
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/don-hang/{code}")).into_response()),
        Outcome::Refused(refused) => render_detail(page, user, code, refused.status, Some(refused.text()), false).await,
    }
}

pub async fn cancel(
    page: Page,
    SignedIn(user): SignedIn,
    Path((code, part)): Path<(String, i64)>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    own_part(&page, &user, &code, part).await?;
    let result = transitions::act(
        &page.state.db,
        &user,
        part,
        Action::Cancel { reason: form.reason.chars().take(500).collect() },
    )
    .await
    .map(|_| ());
    after(&page, &user, &code, result).await
}

pub async fn received(
    page: Page,
    SignedIn(user): SignedIn,
    Path((code, part)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    own_part(&page, &user, &code, part).await?;
    let result = transitions::act(&page.state.db, &user, part, Action::Complete).await.map(|_| ());
    after(&page, &user, &code, result).await
}

pub async fn complain(
    page: Page,
    SignedIn(user): SignedIn,
    Path((code, part)): Path<(String, i64)>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    own_part(&page, &user, &code, part).await?;
    let result = refunds::request(&page.state.db, &user, part, &form.reason).await.map(|_| ());
    after(&page, &user, &code, result).await
}

#[derive(Serialize)]
struct PayView {
    order: ocop_orders::entity::order::Model,
    instruction: ocop_payments::Instruction,
    bank_name: String,
}

/// How to pay an order still waiting for payment: for VietQR the code to scan, the
/// account, the amount in figures and words, and the transfer content.
pub async fn pay(
    page: Page,
    SignedIn(user): SignedIn,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let detail = queries::by_code(&page.state.db, &user, &code).await?;
    if detail.order.payment_status != "unpaid" {
        return Ok(Redirect::to(&format!("/don-hang/{}", detail.order.code)).into_response());
    }
    let ip = crate::auth::client_ip(&page.state, &headers, peer);
    match crate::shopper::payment_instruction(&page.state, &detail.order, &ip).await {
        // VNPay, MoMo, Stripe: straight on to the provider's page.
        Ok(
            ocop_payments::Instruction::VnPay { redirect_url, .. }
            | ocop_payments::Instruction::MoMo { redirect_url, .. }
            | ocop_payments::Instruction::Stripe { redirect_url, .. },
        ) => Ok(Redirect::to(&redirect_url).into_response()),
        Ok(instruction) => {
            let bank_name = ocop_payments::banks::name(&page.state.config.payments.vietqr.bank_bin).to_owned();
            Ok(page
                .render("account/pay.html", &PayView { order: detail.order, instruction, bank_name })?
                .into_response())
        }
        Err(e @ Error::Conflict { .. }) => {
            render_detail(&page, &user, &code, StatusCode::CONFLICT, Some(error_text(&e)), false).await
        }
        Err(e @ Error::Unavailable { .. }) => {
            render_detail(&page, &user, &code, StatusCode::BAD_GATEWAY, Some(e.to_string()), false).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct ReturnView {
    code: String,
    paid: bool,
    genuine: bool,
}

/// Where VNPay sends the buyer back. It only displays: the IPN is what changes the order.
pub async fn vnpay_return(
    page: Page,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    use secrecy::ExposeSecret as _;
    let query = query.unwrap_or_default();
    let outcome = page
        .state
        .config
        .payments
        .vnpay
        .keys()
        .and_then(|config| ocop_payments::vnpay::verify(config.hash_secret.expose_secret(), &query).ok());
    let view = match outcome {
        Some(ocop_payments::vnpay::Outcome::Paid { txn_ref, .. }) => {
            ReturnView { code: txn_ref, paid: true, genuine: true }
        }
        Some(ocop_payments::vnpay::Outcome::Failed { txn_ref, .. }) => {
            ReturnView { code: txn_ref, paid: false, genuine: true }
        }
        _ => ReturnView { code: String::new(), paid: false, genuine: false },
    };
    let status = if view.genuine { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(page.render_with(status, "account/vnpay_return.html", &view))
}
