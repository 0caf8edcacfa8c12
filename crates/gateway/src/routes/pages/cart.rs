//! The cart and checkout pages: cart → delivery and payment → review → order placed.

use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use ocop_accounts::User;
use ocop_core::{Error, FieldErrors, Sku, provinces};
use ocop_orders::addresses::{self, AddressInput};
use ocop_orders::checkout::{self, Contact, Request};
use ocop_orders::entity::{address, pickup_point};
use ocop_orders::{cart, pickup};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::{PageError, public_message};
use crate::page::Page;
use crate::shopper;

#[derive(Serialize, Default)]
pub(crate) struct CartView {
    pub(crate) cart: cart::View,
    pub(crate) error: Option<String>,
    pub(crate) added: bool,
    /// What "Mua lại" put back and what it skipped.
    pub(crate) reorder: Option<ocop_orders::reorder::Outcome>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CartQuery {
    da_them: Option<String>,
}

pub(crate) async fn cart_view(page: &Page, jar: &CookieJar) -> Result<cart::View, Error> {
    let user = page.user.clone();
    let Some(owner) = shopper::owner(user.as_ref(), jar) else { return Ok(cart::View::default()) };
    // With a saved address the cart quotes shipping to it; otherwise the base fee.
    let destination = match &user {
        Some(u) => addresses::of_user(&page.state.db, u.id).await?.into_iter().next().map(|a| a.province_code),
        None => None,
    };
    cart::view(&page.state.db, &owner, destination.as_deref()).await
}

pub(crate) fn render_cart(page: &Page, status: StatusCode, cart: cart::View, error: Option<String>) -> Response {
    page.render_with(status, "orders/cart.html", &CartView { cart, error, added: false, reorder: None })
}

pub async fn show(page: Page, jar: CookieJar, Query(q): Query<CartQuery>) -> Result<Response, PageError> {
    let cart = cart_view(&page, &jar).await?;
    Ok(page
        .render("orders/cart.html", &CartView { cart, error: None, added: q.da_them.is_some(), reorder: None })?
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    sku: String,
    shop: String,
    quantity: String,
    /// Added on a fair's booth page: bought through the fair.
    fair: String,
    /// Where to go back to (a fair's booth page), instead of the cart.
    back: String,
}

/// "Thêm vào giỏ" on a product page; a guest gets a cart cookie.
pub async fn add(page: Page, jar: CookieJar, Form(form): Form<AddForm>) -> Result<Response, PageError> {
    let user = page.user.clone();
    let (owner, jar) = shopper::owner_or_new(&page.state, user.as_ref(), jar);
    let quantity = form.quantity.trim().parse::<i64>().unwrap_or(if form.quantity.trim().is_empty() { 1 } else { 0 });
    let result = async {
        let variant = cart::resolve_sku(&page.state.db, &Sku::parse(&form.sku)?, Some(&form.shop)).await?;
        let fair = match form.fair.trim() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| Error::invalid("fair_id", "Mã hội chợ không hợp lệ"))?),
        };
        cart::add(&page.state.db, &owner, variant, quantity, fair).await
    }
    .await;
    match result {
        // Back to the fair's booth, if that is where the shopper was (a local path only).
        Ok(()) if form.back.starts_with("/hoi-cho/") && !form.back.contains("//") => {
            let sep = if form.back.contains('?') { '&' } else { '?' };
            Ok((jar, Redirect::to(&format!("{}{sep}da_them=1", form.back))).into_response())
        }
        Ok(()) => Ok((jar, Redirect::to("/gio-hang?da_them=1")).into_response()),
        Err(e @ (Error::Invalid(_) | Error::Conflict { .. } | Error::NotFound { .. })) => {
            let (status, _) = crate::error::classify(&e);
            let cart = cart_view(&page, &jar).await?;
            Ok((jar, render_cart(&page, status, cart, Some(error_text(&e)))).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The message a person reads for an error, with the field's own words when there are some.
pub fn error_text(e: &Error) -> String {
    match e {
        Error::Invalid(fields) => fields.0.values().cloned().collect::<Vec<_>>().join(" · "),
        other => public_message(other),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UpdateForm {
    variant_id: i64,
    quantity: String,
}

pub async fn update(page: Page, jar: CookieJar, Form(form): Form<UpdateForm>) -> Result<Response, PageError> {
    let user = page.user.clone();
    let Some(owner) = shopper::owner(user.as_ref(), &jar) else { return Ok(Redirect::to("/gio-hang").into_response()) };
    let quantity = form.quantity.trim().parse::<i64>().unwrap_or(-1);
    let result = if quantity < 0 {
        Err(Error::invalid("quantity", "Số lượng là số nguyên từ 0 (bỏ khỏi giỏ) trở lên"))
    } else {
        cart::set_quantity(&page.state.db, &owner, form.variant_id, quantity).await
    };
    match result {
        Ok(()) => Ok(Redirect::to("/gio-hang").into_response()),
        Err(e @ (Error::Invalid(_) | Error::NotFound { .. })) => {
            let (status, _) = crate::error::classify(&e);
            let cart = cart_view(&page, &jar).await?;
            Ok(render_cart(&page, status, cart, Some(error_text(&e))))
        }
        Err(e) => Err(e.into()),
    }
}

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
        .enabled_payment_methods()
        .into_iter()
        .map(|code| MethodView { label: checkout::method_label(&code), code })
        .collect();
    let province_names =
        provinces::PROVINCES.iter().flat_map(|p| std::iter::once(p.name).chain(p.former.iter().copied())).collect();
    Ok(CheckoutView { form, errors, error, cart, saved, pickup_points, methods, province_names })
}

fn default_form(page: &Page, user: &User, saved: Option<&address::Model>) -> CheckoutForm {
    CheckoutForm {
        delivery: "ship".into(),
        address_id: saved.map(|a| a.id.to_string()).unwrap_or_default(),
        recipient: user.name.clone(),
        phone: user.phone.clone().unwrap_or_default(),
        payment_method: page.state.config.enabled_payment_methods().into_iter().next().unwrap_or_default(),
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
    let view = checkout_view(&page, &user, form, FieldErrors::new(), None).await?;
    Ok(page.render("orders/checkout.html", &view)?.into_response())
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
    match reviewed {
        Ok(review) => {
            cart::acknowledge_prices(&page.state.db, &cart::Owner::User(user.id)).await?;
            form.idempotency_key = uuid::Uuid::new_v4().to_string();
            Ok(page.render("orders/review.html", &ReviewView { review, form })?.into_response())
        }
        Err(Error::Invalid(errors)) => {
            let view = checkout_view(&page, &user, form, errors, None).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "orders/checkout.html", &view))
        }
        Err(e) => Err(e.into()),
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
    match placed {
        Ok(placed) if placed.order.payment_status == "unpaid" => {
            Ok(Redirect::to(&format!("/don-hang/{}/thanh-toan", placed.order.code)).into_response())
        }
        Ok(placed) => Ok(Redirect::to(&format!("/don-hang/{}?moi=1", placed.order.code)).into_response()),
        Err(Error::Invalid(errors)) => {
            let view = checkout_view(&page, &user, form, errors, None).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "orders/checkout.html", &view))
        }
        Err(e @ Error::Conflict { .. }) => {
            // Out of stock or a new price: back to the cart, which shows what changed.
            let cart = cart_view(&page, &CookieJar::new()).await?;
            Ok(render_cart(&page, StatusCode::CONFLICT, cart, Some(error_text(&e))))
        }
        Err(e) => Err(e.into()),
    }
}
