//! Whose cart a request works on: the signed-in user's, or a guest's named by a random
//! cookie (only its hash is stored). A guest cart joins the account cart at sign-in.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::Engine as _;
use ocop_accounts::User;
use ocop_orders::cart::{self, Owner};
use rand::RngCore as _;

use crate::state::AppState;

pub const CART_COOKIE: &str = "ocop_cart";

/// The cart owner, if there is one yet.
pub fn owner(user: Option<&User>, jar: &CookieJar) -> Option<Owner> {
    match user {
        Some(user) => Some(Owner::User(user.id)),
        None => jar.get(CART_COOKIE).map(|c| c.value()).filter(|v| valid_token(v)).map(Owner::guest),
    }
}

fn valid_token(v: &str) -> bool {
    (32..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The owner for adding to a cart: a new guest cookie when there is none.
pub fn owner_or_new(state: &AppState, user: Option<&User>, jar: CookieJar) -> (Owner, CookieJar) {
    if let Some(owner) = owner(user, &jar) {
        return (owner, jar);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let owner = Owner::guest(&token);
    let cookie = Cookie::build((CART_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.auth.cookie_secure)
        .max_age(time::Duration::days(30))
        .build();
    (owner, jar.add(cookie))
}

/// At sign-in: the guest cart joins the account's, and the guest cookie goes.
pub async fn merge_guest_cart(state: &AppState, user: &User, jar: CookieJar) -> CookieJar {
    let Some(guest) = jar.get(CART_COOKIE).map(|c| c.value().to_owned()).filter(|v| valid_token(v)) else {
        return jar;
    };
    if let Err(e) = cart::merge(&state.db, &Owner::guest(&guest), user.id).await {
        // The account still signs in; the guest cart stays for another try.
        tracing::warn!(error = %e, "guest cart could not be merged");
        return jar;
    }
    let mut removal = Cookie::build((CART_COOKIE, "")).path("/").build();
    removal.make_removal();
    jar.add(removal)
}

/// What the deployment lets buyers do at checkout.
pub fn checkout_settings(state: &AppState) -> ocop_orders::checkout::Settings {
    ocop_orders::checkout::Settings {
        enabled_methods: state.config.payments.enabled_methods(),
        pay_window: chrono::Duration::minutes(state.config.payments.rules.window_minutes),
        cod_max_vnd: (state.config.payments.rules.cod_max_vnd > 0).then_some(state.config.payments.rules.cod_max_vnd),
    }
}

/// What the buyer of `order` must do to pay, through the provider of its method. MoMo and
/// Stripe are asked once per order; a reload gets the same page.
///
/// # Errors
/// [`ocop_core::Error::Conflict`] when the order is not waiting for payment or its method
/// is not switched on here; [`ocop_core::Error::Unavailable`] when the provider fails.
pub async fn payment_instruction(
    state: &AppState,
    order: &ocop_orders::entity::order::Model,
    buyer_ip: &str,
) -> Result<ocop_payments::Instruction, ocop_core::Error> {
    use ocop_payments::Method;
    let amount = ocop_core::Vnd(order.total_vnd);
    let method = Method::parse(&order.payment_method)?;
    if method == Method::Cod {
        return Ok(ocop_payments::Instruction::cod(amount));
    }
    if order.payment_status != "unpaid" {
        return Err(ocop_core::Error::Conflict {
            code: ocop_orders::conflicts::NOT_AWAITING_PAYMENT,
            field: None,
            message: "Đơn không còn chờ thanh toán".into(),
        });
    }
    let Some(provider) = state.payments.get(method) else {
        return Err(ocop_core::Error::Conflict {
            code: ocop_payments::conflicts::METHOD_UNAVAILABLE,
            field: Some("payment_method"),
            message: format!("{} chưa nhận thanh toán trực tuyến trên Chợ OCOP", method.label_vi()),
        });
    };
    let base = state.config.server.base_url();
    let payable = ocop_payments::provider::Payable {
        order_code: order.code.clone(),
        amount,
        description: format!("Thanh toan don hang {}", order.code),
        buyer_ip: buyer_ip.to_owned(),
        return_url: match method {
            Method::VnPay => format!("{base}/thanh-toan/vnpay/ket-qua"),
            _ => format!("{base}/don-hang/{}?thanh-toan=ve", order.code),
        },
        now: chrono::Utc::now(),
        pay_by: order.pay_by,
    };
    if matches!(method, Method::MoMo | Method::Stripe) {
        ocop_payments::attempts::once(&state.db, order.id, method, amount, || provider.start(&payable)).await
    } else {
        provider.start(&payable).await
    }
}
