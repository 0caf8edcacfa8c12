//! Checkout (`/thanh-toan`): delivery and payment → review → order placed.

use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_accounts::User;
use ocop_core::{Error, FieldErrors, provinces};
use ocop_orders::addresses::{self, AddressInput};
use ocop_orders::checkout::{self, Contact, Request};
use ocop_orders::entity::{address, pickup_point};
use ocop_orders::offers::{self, CartVouchers};
use ocop_orders::{cart, pickup};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;
use crate::shopper;
use crate::views::cart::{cart_view, render_cart};

/// The checkout form as typed (every field a string, so nothing is lost on an error).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CheckoutForm {
    delivery: String,
    address_id: String,
    recipient: String,
    phone: String,
    province: String,
    commune: String,
    street: String,
    pickup_point: String,
    payment_method: String,
    save_address: String,
    idempotency_key: String,
    /// Voucher codes, separated by spaces or commas (the best set is filled in first).
    voucher_codes: String,
    /// The total shown on the review page, sent back with the order.
    expected_total_vnd: String,
}

/// Codes typed in one field: "TETOCOP25, freeship" → ["TETOCOP25", "FREESHIP"].
fn codes(raw: &str) -> Vec<String> {
    raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_uppercase)
        .collect()
}

impl CheckoutForm {
    async fn request(&self, page: &Page, user: &User) -> Result<Request, Error> {
        let pickup = self.delivery == "pickup";
        let shipping = if pickup {
            None
        } else if let Ok(id) = self.address_id.parse::<i64>() {
            Some(AddressInput::from(&addresses::get(&page.state.db, user.id, id).await?))
        } else {
            Some(AddressInput {
                recipient: self.recipient.clone(),
                phone: self.phone.clone(),
                province: self.province.clone(),
                commune: self.commune.clone(),
                street: self.street.clone(),
            })
        };
        Ok(Request {
            payment_method: self.payment_method.clone(),
            shipping,
            pickup_point: pickup.then(|| self.pickup_point.clone()),
            contact: pickup.then(|| Contact { recipient: self.recipient.clone(), phone: self.phone.clone() }),
            save_address: self.save_address == "1",
            voucher_codes: codes(&self.voucher_codes),
            expected_total_vnd: self.expected_total_vnd.trim().parse().ok(),
        })
    }
}

#[derive(Serialize)]
struct MethodView {
    code: String,
    label: &'static str,
}

#[derive(Serialize)]
struct CheckoutView {
    form: CheckoutForm,
    errors: FieldErrors,
    error: Option<String>,
    cart: cart::View,
    saved: Vec<address::Model>,
    pickup_points: Vec<PickupView>,
    methods: Vec<MethodView>,
    province_names: Vec<&'static str>,
    vouchers: CartVouchers,
}

#[derive(Serialize)]
struct PickupView {
    point: pickup_point::Model,
    province_name: &'static str,
}

async fn checkout_view(
    page: &Page,
    user: &User,
    form: CheckoutForm,
    errors: FieldErrors,
    error: Option<String>,
) -> Result<CheckoutView, Error> {
    let saved = addresses::of_user(&page.state.db, user.id).await?;
    let cart = cart::view(&page.state.db, &cart::Owner::User(user.id), saved.first().map(|a| a.province_code.as_str()))
        .await?;
    let pickup_points = pickup::active(&page.state.db)
        .await?
        .into_iter()
        .map(|point| PickupView {
            province_name: provinces::by_code_exact(&point.province_code).map_or("", |p| p.name),
            point,
        })
        .collect();
    let methods = page
        .state
        .config
        .payments
        .enabled_methods()
        .into_iter()
        .map(|code| MethodView { label: checkout::method_label(&code), code })
        .collect();
    let province_names =
        provinces::PROVINCES.iter().flat_map(|p| std::iter::once(p.name).chain(p.former.iter().copied())).collect();
    let vouchers = offers::for_cart(&page.state.db, Some(user.id), &cart).await?;
    Ok(CheckoutView { form, errors, error, cart, saved, pickup_points, methods, province_names, vouchers })
}

fn default_form(page: &Page, user: &User, saved: Option<&address::Model>) -> CheckoutForm {
    CheckoutForm {
        delivery: "ship".into(),
        address_id: saved.map(|a| a.id.to_string()).unwrap_or_default(),
        recipient: user.name.clone(),
        phone: user.phone.clone().unwrap_or_default(),
        payment_method: page.state.config.payments.enabled_methods().into_iter().next().unwrap_or_default(),
        save_address: "1".into(),
        ..CheckoutForm::default()
    }
}

pub async fn checkout_form(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    if cart::count(&page.state.db, &cart::Owner::User(user.id)).await? == 0 {
        return Ok(Redirect::to("/gio-hang").into_response());
    }
    let saved = addresses::of_user(&page.state.db, user.id).await?;
    let form = default_form(&page, &user, saved.first());
    let mut view = checkout_view(&page, &user, form, FieldErrors::new(), None).await?;
    // The best vouchers for this cart, chosen for the shopper; they may clear or change them.
    view.form.voucher_codes = view.vouchers.best_codes.join(" ");
    Ok(page.render("account/checkout.html", &view)?.into_response())
}

#[derive(Serialize)]
struct ReviewView {
    review: checkout::Review,
    form: CheckoutForm,
}

/// The review step: every line, shipping per shop, the method and the total, before the
/// order is placed. Showing it is also when the buyer sees (and so accepts) new prices.
pub async fn review(
    page: Page,
    SignedIn(user): SignedIn,
    Form(mut form): Form<CheckoutForm>,
) -> Result<Response, PageError> {
    let settings = shopper::checkout_settings(&page.state);
    let reviewed = match form.request(&page, &user).await {
        Ok(request) => checkout::review(&page.state.db, &user, &request, &settings).await,
        Err(e) => Err(e),
    };
    match outcome(reviewed, &[])? {
        Outcome::Done(review) => {
            cart::acknowledge_prices(&page.state.db, &cart::Owner::User(user.id)).await?;
            form.idempotency_key = uuid::Uuid::new_v4().to_string();
            // The order goes through only at this total: a voucher that ran out or changed
            // meanwhile stops it rather than charging what the shopper did not see.
            form.expected_total_vnd = review.total_vnd.to_string();
            Ok(page.render("account/review.html", &ReviewView { review, form })?.into_response())
        }
        Outcome::Refused(refused) => {
            let view = checkout_view(&page, &user, form, refused.fields(), None).await?;
            Ok(refused.render(&page, "account/checkout.html", &view))
        }
    }
}

/// Places the order; the review's one-time key makes a double click one order.
pub async fn place(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<CheckoutForm>,
) -> Result<Response, PageError> {
    let settings = shopper::checkout_settings(&page.state);
    let placed = match form.request(&page, &user).await {
        Ok(request) => checkout::place(&page.state.db, &user, &request, Some(&form.idempotency_key), &settings).await,
        Err(e) => Err(e),
    };
    match outcome(placed, &[Shows::Conflict])? {
        Outcome::Done(placed) if placed.order.payment_status == "unpaid" => {
            Ok(Redirect::to(&format!("/don-hang/{}/thanh-toan", placed.order.code)).into_response())
        }
        Outcome::Done(placed) => Ok(Redirect::to(&format!("/don-hang/{}?moi=1", placed.order.code)).into_response()),
        Outcome::Refused(refused) if matches!(refused.error, Error::Conflict { .. }) => {
            // Out of stock or a new price: back to the cart, which shows what changed.
            let cart = cart_view(&page, &CookieJar::new()).await?;
            Ok(render_cart(&page, StatusCode::CONFLICT, cart, Some(refused.text())))
        }
        Outcome::Refused(refused) => {
            let view = checkout_view(&page, &user, form, refused.fields(), None).await?;
            Ok(refused.render(&page, "account/checkout.html", &view))
        }
    }
}
