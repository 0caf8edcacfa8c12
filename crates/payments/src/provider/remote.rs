//! The providers that must be called before the buyer can pay: MoMo's create endpoint and
//! Stripe's Checkout Sessions. Each answers with the page to send the buyer to. The base
//! URLs are settings, so tests (and a sandbox) can stand in for the real services.

use async_trait::async_trait;
use ocop_core::Error;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;

use super::{Payable, PaymentProvider};
use crate::{Instruction, Method, momo, stripe};

/// Time allowed for a provider to answer; the buyer is waiting.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// An HTTP client for provider calls (rustls, a bounded wait).
///
/// # Errors
/// [`Error::Internal`] when the TLS stack cannot start.
pub fn client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder().timeout(TIMEOUT).user_agent("cho-ocop/1").build().map_err(Error::internal)
}

fn unavailable(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Unavailable { what: what.to_owned(), detail: detail.to_string() }
}

/// The MoMo wallet (`captureWallet`): MoMo's own page, then the app.
#[derive(Debug, Clone)]
pub struct MoMoWallet {
    pub config: momo::Config,
    /// `https://payment.momo.vn` in production, `https://test-payment.momo.vn` for the sandbox.
    pub api_base: String,
    /// Where MoMo posts the IPN: `{public_url}/webhooks/momo/ipn`.
    pub ipn_url: String,
    pub client: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MoMoAnswer {
    result_code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    pay_url: String,
}

#[async_trait]
impl PaymentProvider for MoMoWallet {
    fn method(&self) -> Method {
        Method::MoMo
    }

    async fn start(&self, order: &Payable) -> Result<Instruction, Error> {
        let request = momo::CreateRequest {
            order_id: order.order_code.clone(),
            // A fresh id per call; MoMo keys idempotency on it.
            request_id: format!("{}-{}", order.order_code, order.now.timestamp_millis()),
            amount: order.amount,
            order_info: order.description.clone(),
            redirect_url: order.return_url.clone(),
            ipn_url: self.ipn_url.clone(),
            extra_data: String::new(),
            request_type: "captureWallet".into(),
        };
        let body = momo::create_body(&self.config, &request)?;
        let url = format!("{}/v2/gateway/api/create", self.api_base.trim_end_matches('/'));
        let response = self.client.post(&url).json(&body).send().await.map_err(|e| unavailable("MoMo", e))?;
        let status = response.status();
        let answer: MoMoAnswer =
            response.json().await.map_err(|e| unavailable("MoMo", format!("HTTP {status}, unreadable answer: {e}")))?;
        if answer.result_code != 0 || answer.pay_url.is_empty() {
            return Err(unavailable("MoMo", format!("resultCode {}: {}", answer.result_code, answer.message)));
        }
        Ok(Instruction::MoMo { redirect_url: answer.pay_url, amount_vnd: order.amount })
    }
}

/// Stripe Checkout for international cards, in VND (zero-decimal), through async-stripe.
#[derive(Clone)]
pub struct StripeCheckout {
    client: ::stripe::Client,
}

impl std::fmt::Debug for StripeCheckout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client holds the secret key: never printed.
        f.write_str("StripeCheckout")
    }
}

impl StripeCheckout {
    /// A client for `api_base` (`https://api.stripe.com`, or a local stand-in in tests).
    ///
    /// # Errors
    /// [`Error::Internal`] when the key or the URL cannot be used.
    pub fn new(secret_key: &SecretString, api_base: &str) -> Result<Self, Error> {
        // async-stripe appends `v1/…` to the base as given: it must end with a slash.
        let base = format!("{}/", api_base.trim_end_matches('/'));
        let client = ::stripe::ClientBuilder::new(secret_key.expose_secret())
            .url(base)
            .timeout(TIMEOUT)
            .build()
            .map_err(Error::internal)?;
        Ok(Self { client })
    }
}

#[async_trait]
impl PaymentProvider for StripeCheckout {
    fn method(&self) -> Method {
        Method::Stripe
    }

    async fn start(&self, order: &Payable) -> Result<Instruction, Error> {
        use ::stripe::StripeRequest as _;
        let request = stripe::checkout_session_request(&stripe::CheckoutSession {
            order_code: order.order_code.clone(),
            amount: order.amount,
            description: order.description.clone(),
            success_url: order.return_url.clone(),
            cancel_url: order.return_url.clone(),
            customer_email: None,
        })?;
        // Stripe answers a repeat within 24 h with the same session.
        let key = ::stripe::IdempotencyKey::new(format!("checkout-{}", order.order_code)).map_err(Error::internal)?;
        let session = request
            .customize()
            .request_strategy(::stripe::RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(|e| unavailable("Stripe", stripe_failure(&e)))?;
        let redirect_url = session.url.filter(|u| !u.is_empty()).ok_or_else(|| unavailable("Stripe", "no url"))?;
        Ok(Instruction::Stripe { redirect_url, amount_vnd: order.amount })
    }
}

/// What went wrong, briefly: Stripe's own message when it gave one.
fn stripe_failure(error: &::stripe::StripeError) -> String {
    match error {
        ::stripe::StripeError::Stripe(errors, status) => {
            format!("HTTP {status}: {}", errors.message.as_deref().unwrap_or_default())
        }
        other => other.to_string(),
    }
}
