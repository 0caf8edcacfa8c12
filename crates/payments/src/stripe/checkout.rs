//! The Checkout Session for one order, in VND, as async-stripe's `CreateCheckoutSession`.

use std::collections::HashMap;

use ocop_core::{Error, Vnd};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionPaymentIntentData, ProductData,
};
use stripe_shared::CheckoutSessionMode;
use stripe_types::Currency;

/// What a Checkout Session for one order needs.
#[derive(Debug, Clone)]
pub struct CheckoutSession {
    pub order_code: String,
    pub amount: Vnd,
    /// The line the card page shows, e.g. "Đơn hàng OCOP-261126-7K3F".
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub customer_email: Option<String>,
}

/// The request that creates the session: one line for the whole order. The order code
/// rides as `client_reference_id` and in both the session's and the payment intent's
/// metadata, so either webhook event finds the order.
///
/// # Errors
/// [`Error::Invalid`] naming `amount` (not positive), `order_code`, `description`,
/// `success_url` or `cancel_url` (empty).
pub fn checkout_session_request(session: &CheckoutSession) -> Result<CreateCheckoutSession, Error> {
    if session.amount.0 <= 0 {
        return Err(Error::invalid("amount", "số tiền phải lớn hơn 0"));
    }
    for (field, value) in [
        ("order_code", &session.order_code),
        ("description", &session.description),
        ("success_url", &session.success_url),
        ("cancel_url", &session.cancel_url),
    ] {
        if value.trim().is_empty() {
            return Err(Error::invalid(field, "bắt buộc"));
        }
    }
    let mut price = CreateCheckoutSessionLineItemsPriceData::new(Currency::VND);
    // Zero-decimal: whole đồng, no ×100.
    price.unit_amount = Some(session.amount.0);
    price.product_data = Some(ProductData::new(session.description.clone()));
    let mut line = CreateCheckoutSessionLineItems::new();
    line.quantity = Some(1);
    line.price_data = Some(price);
    let metadata = HashMap::from([("order_code".to_owned(), session.order_code.clone())]);
    let mut intent = CreateCheckoutSessionPaymentIntentData::new();
    intent.metadata = Some(metadata.clone());
    let mut request = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(vec![line])
        .success_url(session.success_url.clone())
        .cancel_url(session.cancel_url.clone())
        .client_reference_id(session.order_code.clone())
        .metadata(metadata)
        .payment_intent_data(intent);
    if let Some(email) = session.customer_email.as_ref().filter(|e| !e.is_empty()) {
        request = request.customer_email(email.clone());
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use ::stripe::StripeRequest as _;

    use super::*;

    fn session() -> CheckoutSession {
        CheckoutSession {
            order_code: "OCOP-261126-7K3F".into(),
            amount: Vnd(150_000),
            description: "Đơn hàng OCOP-261126-7K3F".into(),
            success_url: "https://cho-ocop.vn/don-hang/OCOP-261126-7K3F?paid=1".into(),
            cancel_url: "https://cho-ocop.vn/thanh-toan".into(),
            customer_email: None,
        }
    }

    /// The form body async-stripe sends, read back the way Stripe reads it.
    fn form(session: &CheckoutSession) -> Vec<(String, String)> {
        let body = checkout_session_request(session).unwrap().build().body.unwrap();
        serde_urlencoded::from_str(&body).unwrap()
    }

    #[test]
    fn the_body_asks_for_whole_dong_and_carries_the_order_code() {
        let fields = form(&session());
        let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("line_items[0][price_data][currency]"), Some("vnd"));
        assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("150000"));
        assert_eq!(get("line_items[0][price_data][product_data][name]"), Some("Đơn hàng OCOP-261126-7K3F"));
        assert_eq!(get("payment_intent_data[metadata][order_code]"), Some("OCOP-261126-7K3F"));
        assert_eq!(get("client_reference_id"), Some("OCOP-261126-7K3F"));
        assert_eq!(get("mode"), Some("payment"));
        assert_eq!(get("customer_email"), None);
    }

    #[test]
    fn a_zero_amount_or_missing_url_names_the_field() {
        let mut zero = session();
        zero.amount = Vnd(0);
        assert!(matches!(checkout_session_request(&zero), Err(Error::Invalid(f)) if f.get("amount").is_some()));
        let mut no_url = session();
        no_url.success_url.clear();
        assert!(matches!(checkout_session_request(&no_url), Err(Error::Invalid(f)) if f.get("success_url").is_some()));
    }
}
