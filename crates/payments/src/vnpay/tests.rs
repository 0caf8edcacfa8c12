#![expect(clippy::unwrap_used, reason = "fixtures")]

use chrono::TimeZone as _;

use super::*;

const SECRET: &str = "TESTSECRETKEYNOTREAL0000000000AB";
const SIGNED: &str = "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0";
const HASH: &str = "8cfff53cd2b8576f85c06e2c24ae0e980c9005942dfaca6a0e9c50301f5e8241bb12fd77b7e40329314279bce99b2de08a74208f2295ceea799224446bf745e4";

fn config() -> Config {
    Config {
        tmn_code: "DEMOV210".into(),
        hash_secret: SECRET.into(),
        pay_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
    }
}

fn vector_request() -> PaymentRequest {
    PaymentRequest {
        txn_ref: "5".into(),
        amount: Vnd(18_060),
        order_info: "Thanh toan don hang :5".into(),
        order_type: "other".into(),
        ip_addr: "127.0.0.1".into(),
        locale: Locale::Vn,
        return_url: "https://domainmerchant.vn/ReturnUrl".into(),
        // 15:33:33 in Hà Nội.
        created_at: Utc.with_ymd_and_hms(2021, 8, 1, 8, 33, 33).unwrap(),
        expires_at: None,
        bank_code: None,
    }
}

#[test]
fn the_vector_string_signs_to_the_vector_hash() {
    assert_eq!(sign::sha512_hex(SECRET.as_bytes(), SIGNED.as_bytes()), HASH);
}

#[test]
fn the_payment_url_for_the_vector_request_carries_the_vector_signature() {
    let url = payment_url(&config(), &vector_request()).unwrap();
    assert_eq!(url, format!("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?{SIGNED}&vnp_SecureHash={HASH}"));
}

#[test]
fn create_and_expire_dates_are_in_gmt7() {
    let mut request = vector_request();
    request.created_at = Utc.with_ymd_and_hms(2026, 11, 26, 17, 30, 0).unwrap();
    request.expires_at = Some(request.created_at + chrono::Duration::minutes(15));
    let url = payment_url(&config(), &request).unwrap();
    assert!(url.contains("vnp_CreateDate=20261127003000"), "{url}");
    assert!(url.contains("vnp_ExpireDate=20261127004500"), "{url}");
}

#[test]
fn vietnamese_order_info_is_sent_as_ascii() {
    let mut request = vector_request();
    request.order_info = "Thanh toán đơn hàng OCOP-261126-7K3F".into();
    let url = payment_url(&config(), &request).unwrap();
    assert!(url.contains("vnp_OrderInfo=Thanh+toan+don+hang+OCOP-261126-7K3F"), "{url}");
}

#[test]
fn bad_requests_name_their_field() {
    let mut request = vector_request();
    request.amount = Vnd(0);
    assert!(matches!(payment_url(&config(), &request), Err(Error::Invalid(f)) if f.get("amount").is_some()));
    let mut request = vector_request();
    request.expires_at = Some(request.created_at);
    assert!(matches!(payment_url(&config(), &request), Err(Error::Invalid(f)) if f.get("expires_at").is_some()));
}

/// A callback as VNPay would send it, signed with `secret`.
fn callback(secret: &str, amount_x100: &str, response: &str, status: &str) -> String {
    let params = [
        ("vnp_Amount", amount_x100),
        ("vnp_BankCode", "NCB"),
        ("vnp_OrderInfo", "Thanh toan don hang OCOP-261126-7K3F"),
        ("vnp_PayDate", "20261126173100"),
        ("vnp_ResponseCode", response),
        ("vnp_TmnCode", "DEMOV210"),
        ("vnp_TransactionNo", "14123456"),
        ("vnp_TransactionStatus", status),
        ("vnp_TxnRef", "OCOP-261126-7K3F"),
    ];
    let query = canonical_query(params);
    let hash = sign::sha512_hex(secret.as_bytes(), query.as_bytes());
    format!("{query}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={hash}")
}

#[test]
fn a_genuine_successful_ipn_is_paid_with_its_amount_in_dong() {
    let outcome = verify(SECRET, &callback(SECRET, "12500000", "00", "00")).unwrap();
    assert_eq!(
        outcome,
        Outcome::Paid { txn_ref: "OCOP-261126-7K3F".into(), amount: Vnd(125_000), transaction_no: "14123456".into() }
    );
}

#[test]
fn a_genuine_declined_ipn_is_failed() {
    let outcome = verify(SECRET, &callback(SECRET, "12500000", "24", "02")).unwrap();
    assert!(matches!(outcome, Outcome::Failed { response_code, .. } if response_code == "24"));
    let outcome = verify(SECRET, &callback(SECRET, "12500000", "00", "01")).unwrap();
    assert!(matches!(outcome, Outcome::Failed { .. }));
}

#[test]
fn a_tampered_or_unsigned_ipn_is_a_bad_signature() {
    let genuine = callback(SECRET, "12500000", "00", "00");
    assert_eq!(verify(SECRET, &genuine.replace("12500000", "12500100")).unwrap(), Outcome::BadSignature);
    assert_eq!(verify("another-secret", &genuine).unwrap(), Outcome::BadSignature);
    let unsigned = genuine.split("&vnp_SecureHashType").next().unwrap();
    assert_eq!(verify(SECRET, unsigned).unwrap(), Outcome::BadSignature);
    // The hash in upper case is still the same hash.
    let (body, hash) = genuine.rsplit_once('=').unwrap();
    assert!(matches!(verify(SECRET, &format!("{body}={}", hash.to_uppercase())).unwrap(), Outcome::Paid { .. }));
}

#[test]
fn the_vector_url_verifies_as_a_callback() {
    let url = payment_url(&config(), &vector_request()).unwrap();
    let query = url.split_once('?').unwrap().1;
    // Genuine, but the redirect carries no response code: not paid.
    assert!(matches!(verify(SECRET, query).unwrap(), Outcome::Failed { amount: Vnd(18_060), .. }));
}

#[test]
fn a_signed_callback_with_an_odd_amount_names_the_field() {
    assert!(
        matches!(verify(SECRET, &callback(SECRET, "12500050", "00", "00")), Err(Error::Invalid(f)) if f.get("vnp_Amount").is_some())
    );
}

#[test]
fn ipn_answers_are_vnpay_json() {
    assert_eq!(IpnAnswer::Confirmed.to_json().to_string(), r#"{"Message":"Confirm Success","RspCode":"00"}"#);
    let codes: Vec<_> = [
        IpnAnswer::Confirmed,
        IpnAnswer::OrderNotFound,
        IpnAnswer::AlreadyConfirmed,
        IpnAnswer::InvalidAmount,
        IpnAnswer::BadSignature,
        IpnAnswer::Unknown,
    ]
    .iter()
    .map(|a| a.code())
    .collect();
    assert_eq!(codes, ["00", "01", "02", "04", "97", "99"]);
    assert_eq!(serde_json::to_value(IpnAnswer::BadSignature).unwrap()["RspCode"], "97");
}

#[test]
fn an_empty_value_is_accepted_whether_vnpay_signed_it_or_skipped_it() {
    let params = [
        ("vnp_Amount", "12500000"),
        ("vnp_BankTranNo", ""),
        ("vnp_ResponseCode", "00"),
        ("vnp_TransactionStatus", "00"),
        ("vnp_TxnRef", "A1"),
    ];
    let skipped = canonical_query(params);
    let kept = canonical_query_keeping_empty(params);
    assert!(kept.contains("vnp_BankTranNo=&"));
    for signed in [skipped, kept] {
        let hash = sign::sha512_hex(SECRET.as_bytes(), signed.as_bytes());
        let query = format!(
            "vnp_Amount=12500000&vnp_BankTranNo=&vnp_ResponseCode=00&vnp_TransactionStatus=00&vnp_TxnRef=A1&vnp_SecureHash={hash}"
        );
        assert!(matches!(verify(SECRET, &query).unwrap(), Outcome::Paid { amount: Vnd(125_000), .. }));
    }
}

#[test]
fn the_hash_secret_never_shows_in_debug_output() {
    assert!(!format!("{:?}", config()).contains(SECRET));
}
