//! The form body for `POST /v1/checkout/sessions`, one line for the whole order in VND.

use ocop_core::{Error, Vnd};

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

/// The `application/x-www-form-urlencoded` body (Stripe's bracketed keys). The order code
/// rides as `client_reference_id` and in both the session's and the payment intent's
/// metadata, so either webhook event finds the order.
///
/// # Errors
/// [`Error::Invalid`] naming `amount` (not positive), `order_code`, `description`,
/// `success_url` or `cancel_url` (empty).
pub fn checkout_session_form(session: &CheckoutSession) -> Result<String, Error> {
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
    let mut fields = vec![
        ("mode", "payment".to_owned()),
        ("line_items[0][quantity]", "1".to_owned()),
        ("line_items[0][price_data][currency]", "vnd".to_owned()),
        // Zero-decimal: whole đồng, no ×100.
        ("line_items[0][price_data][unit_amount]", session.amount.0.to_string()),
        ("line_items[0][price_data][product_data][name]", session.description.clone()),
        ("success_url", session.success_url.clone()),
        ("cancel_url", session.cancel_url.clone()),
        ("client_reference_id", session.order_code.clone()),
        ("metadata[order_code]", session.order_code.clone()),
        ("payment_intent_data[metadata][order_code]", session.order_code.clone()),
    ];
    if let Some(email) = session.customer_email.as_ref().filter(|e| !e.is_empty()) {
        fields.push(("customer_email", email.clone()));
    }
    serde_urlencoded::to_string(&fields).map_err(Error::internal)
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

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

    #[test]
    fn the_body_asks_for_whole_dong_and_carries_the_order_code() {
        let form = checkout_session_form(&session()).unwrap();
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(&form).unwrap();
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
        assert!(matches!(checkout_session_form(&zero), Err(Error::Invalid(f)) if f.get("amount").is_some()));
        let mut no_url = session();
        no_url.success_url.clear();
        assert!(matches!(checkout_session_form(&no_url), Err(Error::Invalid(f)) if f.get("success_url").is_some()));
    }
}
