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
        .secure(state.config.cookie_secure)
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
        enabled_methods: state.config.enabled_payment_methods(),
        pay_window: chrono::Duration::minutes(state.config.payment_window_minutes),
        cod_max_vnd: (state.config.cod_max_vnd > 0).then_some(state.config.cod_max_vnd),
    }
}

/// What the buyer of `order` must do to pay, for the methods this deployment offers.
///
/// # Errors
/// [`ocop_core::Error::Conflict`] when the order is not waiting for payment or its method
/// cannot be paid here.
pub fn payment_instruction(
    state: &AppState,
    order: &ocop_orders::entity::order::Model,
    buyer_ip: &str,
) -> Result<ocop_payments::Instruction, ocop_core::Error> {
    use ocop_payments::method::BankAccount;
    let amount = ocop_core::Vnd(order.total_vnd);
    match order.payment_method.as_str() {
        "cod" => Ok(ocop_payments::Instruction::cod(amount)),
        "vietqr" if order.payment_status == "unpaid" => {
            let account = BankAccount {
                bank_bin: state.config.vietqr_bank_bin.clone(),
                account: state.config.vietqr_account.clone(),
                account_name: state.config.vietqr_account_name.clone(),
            };
            ocop_payments::Instruction::vietqr(&account, amount, &order.code)
        }
        "vnpay" if order.payment_status == "unpaid" && state.config.vnpay().is_some() => {
            let config = state.config.vnpay().ok_or_else(|| ocop_core::Error::internal("vnpay config"))?;
            let request = ocop_payments::vnpay::PaymentRequest {
                txn_ref: order.code.clone(),
                amount,
                order_info: format!("Thanh toan don hang {}", order.code),
                order_type: "other".into(),
                ip_addr: buyer_ip.to_owned(),
                locale: ocop_payments::vnpay::Locale::Vn,
                return_url: format!("{}/thanh-toan/vnpay/ket-qua", state.config.base_url()),
                created_at: chrono::Utc::now(),
                expires_at: order.pay_by,
                bank_code: None,
            };
            let redirect_url = ocop_payments::vnpay::payment_url(&config, &request)?;
            Ok(ocop_payments::Instruction::VnPay { redirect_url, amount_vnd: amount })
        }
        _ if order.payment_status != "unpaid" => Err(ocop_core::Error::Conflict {
            code: "not_awaiting_payment",
            field: None,
            message: "Đơn không còn chờ thanh toán".into(),
        }),
        other => Err(ocop_core::Error::Conflict {
            code: "method_unavailable",
            field: Some("payment_method"),
            message: format!(
                "{} chưa nhận thanh toán trực tuyến trên Chợ OCOP",
                ocop_payments::Method::parse(other).map_or(other, |m| m.label_vi())
            ),
        }),
    }
}

/// A bank's short name from its NAPAS BIN (the common ones; otherwise the BIN).
pub fn bank_name(bin: &str) -> &str {
    match bin {
        "970415" => "VietinBank",
        "970436" => "Vietcombank",
        "970418" => "BIDV",
        "970405" => "Agribank",
        "970422" => "MB Bank",
        "970407" => "Techcombank",
        "970416" => "ACB",
        "970432" => "VPBank",
        "970423" => "TPBank",
        "970403" => "Sacombank",
        other => other,
    }
}
