//! Small local servers playing MoMo's create endpoint and Stripe's Checkout Sessions API for
//! the calls the gateway makes, checking what it sends as the real services would (MoMo's
//! signature, Stripe's key, currency and idempotency key) and recording every call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::net::TcpListener;

pub const MOMO_PARTNER: &str = "MOMOOCOP2026";
pub const MOMO_ACCESS: &str = "F8BBA842ECF85";
pub const MOMO_SECRET: &str = "K951B6PE1waDMi640xX08PD3vg6EkVlz";
pub const STRIPE_SECRET: &str = "sk_test_ocop_not_real";
pub const STRIPE_WEBHOOK: &str = "whsec_ocop_not_real";

/// What the fake saw, and whether it should fail the next calls.
#[derive(Default)]
pub struct Calls {
    pub momo: Vec<Value>,
    /// (idempotency key, form fields).
    pub stripe: Vec<(String, Vec<(String, String)>)>,
    pub fail: bool,
    sessions: HashMap<String, String>,
}

#[derive(Clone)]
struct Fake {
    base: String,
    calls: Arc<Mutex<Calls>>,
}

pub struct Providers {
    pub base: String,
    pub calls: Arc<Mutex<Calls>>,
}

impl Providers {
    /// The settings that point a gateway at this fake with every method on.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OCOP_PAYMENT_METHODS", "cod,vietqr,momo,stripe".into()),
            ("OCOP_MOMO_PARTNER_CODE", MOMO_PARTNER.into()),
            ("OCOP_MOMO_ACCESS_KEY", MOMO_ACCESS.into()),
            ("OCOP_MOMO_SECRET_KEY", MOMO_SECRET.into()),
            ("OCOP_MOMO_API_BASE", self.base.clone()),
            ("OCOP_STRIPE_SECRET_KEY", STRIPE_SECRET.into()),
            ("OCOP_STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK.into()),
            ("OCOP_STRIPE_API_BASE", self.base.clone()),
        ]
    }

    pub fn set_failing(&self, fail: bool) {
        self.calls.lock().unwrap().fail = fail;
    }
}

pub async fn start() -> Providers {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let calls = Arc::new(Mutex::new(Calls::default()));
    let fake = Fake { base: base.clone(), calls: calls.clone() };
    let app = Router::new()
        .route("/v2/gateway/api/create", post(momo_create))
        .route("/v1/checkout/sessions", post(stripe_session))
        .with_state(fake);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Providers { base, calls }
}

async fn momo_create(State(fake): State<Fake>, Json(body): Json<Value>) -> Response {
    let mut calls = fake.calls.lock().unwrap();
    calls.momo.push(body.clone());
    if calls.fail {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"resultCode": 99, "message": "bảo trì"})))
            .into_response();
    }
    let s = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
    let raw = format!(
        "accessKey={}&amount={}&extraData={}&ipnUrl={}&orderId={}&orderInfo={}&partnerCode={}&redirectUrl={}&requestId={}&requestType={}",
        s("accessKey"),
        body["amount"],
        s("extraData"),
        s("ipnUrl"),
        s("orderId"),
        s("orderInfo"),
        s("partnerCode"),
        s("redirectUrl"),
        s("requestId"),
        s("requestType"),
    );
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(MOMO_SECRET.as_bytes()).unwrap();
    mac.update(raw.as_bytes());
    if hex::encode(mac.finalize().into_bytes()) != s("signature") {
        return Json(json!({"resultCode": 11, "message": "Chữ ký không hợp lệ"})).into_response();
    }
    let pay_url = format!("{}/momo/pay/{}", fake.base, s("orderId"));
    Json(json!({"partnerCode": s("partnerCode"), "orderId": s("orderId"), "resultCode": 0, "message": "Thành công.", "payUrl": pay_url}))
        .into_response()
}

async fn stripe_session(State(fake): State<Fake>, headers: HeaderMap, body: String) -> Response {
    let mut calls = fake.calls.lock().unwrap();
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let fields: Vec<(String, String)> = serde_urlencoded_pairs(&body);
    calls.stripe.push((key.clone(), fields.clone()));
    if calls.fail {
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": {"message": "api down"}}))).into_response();
    }
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if auth != format!("Bearer {STRIPE_SECRET}") {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": {"message": "Invalid API Key provided"}})))
            .into_response();
    }
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone()).unwrap_or_default();
    if get("line_items[0][price_data][currency]") != "vnd" {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": {"message": "currency"}}))).into_response();
    }
    let n = calls.sessions.len() + 1;
    let id = calls.sessions.entry(key).or_insert_with(|| format!("cs_test_{n}")).clone();
    let url = format!("{}/stripe/pay/{id}", fake.base);
    // Every field async-stripe's CheckoutSession requires, as Stripe always sends them.
    Json(json!({"id": id, "object": "checkout.session", "url": url,
        "amount_total": get("line_items[0][price_data][unit_amount]").parse::<i64>().unwrap_or(0), "currency": "vnd",
        "automatic_tax": {"enabled": false}, "created": 1_764_152_400, "expires_at": 1_764_238_800,
        "custom_fields": [], "custom_text": {}, "livemode": false, "mode": "payment",
        "payment_method_types": ["card"], "payment_status": "unpaid", "shipping_options": [], "status": "open"}))
    .into_response()
}

fn serde_urlencoded_pairs(body: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(body).unwrap_or_default()
}
