#![expect(clippy::unwrap_used, reason = "fixtures")]

use super::*;

fn config() -> Config {
    Config {
        partner_code: "OCOPTEST0001".into(),
        access_key: "TESTACCESSKEY000".into(),
        secret_key: "TESTSECRETKEYNOTREAL000000000000".into(),
    }
}

fn request() -> CreateRequest {
    CreateRequest {
        order_id: "OCOP-261126-7K3F".into(),
        request_id: "OCOP-261126-7K3F-1".into(),
        amount: Vnd(125_000),
        order_info: "Thanh toán đơn hàng OCOP-261126-7K3F".into(),
        redirect_url: "https://cho-ocop.vn/don-hang/OCOP-261126-7K3F".into(),
        ipn_url: "https://cho-ocop.vn/webhooks/momo/ipn".into(),
        extra_data: String::new(),
        request_type: "captureWallet".into(),
    }
}

fn ipn(result_code: i64) -> Ipn {
    let mut ipn = Ipn {
        partner_code: "OCOPTEST0001".into(),
        order_id: "OCOP-261126-7K3F".into(),
        request_id: "OCOP-261126-7K3F-1".into(),
        amount: 125_000,
        order_info: "Thanh toán đơn hàng OCOP-261126-7K3F".into(),
        order_type: "momo_wallet".into(),
        trans_id: 4_088_878_653,
        result_code,
        message: "Successful.".into(),
        pay_type: "qr".into(),
        response_time: 1_764_152_400_000,
        extra_data: String::new(),
        signature: String::new(),
    };
    ipn.signature = ipn_signature(&config(), &ipn);
    ipn
}

#[test]
fn the_create_signature_is_hmac_sha256_over_the_sorted_raw_pairs() {
    let raw = "accessKey=TESTACCESSKEY000&amount=125000&extraData=&ipnUrl=https://cho-ocop.vn/webhooks/momo/ipn&orderId=OCOP-261126-7K3F&orderInfo=Thanh toán đơn hàng OCOP-261126-7K3F&partnerCode=OCOPTEST0001&redirectUrl=https://cho-ocop.vn/don-hang/OCOP-261126-7K3F&requestId=OCOP-261126-7K3F-1&requestType=captureWallet";
    let expected = sign::sha256_hex(b"TESTSECRETKEYNOTREAL000000000000", raw.as_bytes());
    assert_eq!(create_signature(&config(), &request()), expected);
    assert_eq!(expected.len(), 64);
}

#[test]
fn the_create_body_carries_the_signature_and_whole_dong() {
    let body = create_body(&config(), &request()).unwrap();
    assert_eq!(body["amount"], 125_000);
    assert_eq!(body["signature"], create_signature(&config(), &request()));
    assert_eq!(body["requestType"], "captureWallet");
    let mut small = request();
    small.amount = Vnd(999);
    assert!(matches!(create_body(&config(), &small), Err(Error::Invalid(f)) if f.get("amount").is_some()));
}

#[test]
fn a_signed_ipn_round_trips_through_json_and_is_paid_iff_result_code_is_zero() {
    let json = serde_json::json!({
        "partnerCode": "OCOPTEST0001", "orderId": "OCOP-261126-7K3F", "requestId": "OCOP-261126-7K3F-1",
        "amount": 125000, "orderInfo": "Thanh toán đơn hàng OCOP-261126-7K3F", "orderType": "momo_wallet",
        "transId": 4088878653_i64, "resultCode": 0, "message": "Successful.", "payType": "qr",
        "responseTime": 1764152400000_i64, "extraData": "", "signature": ipn(0).signature,
    });
    let parsed = parse_ipn(json.to_string().as_bytes()).unwrap();
    assert_eq!(parsed, ipn(0));
    assert_eq!(
        verify_ipn(&config(), &parsed),
        Outcome::Paid { order_id: "OCOP-261126-7K3F".into(), amount: Vnd(125_000), trans_id: 4_088_878_653 }
    );
    assert!(matches!(verify_ipn(&config(), &ipn(1006)), Outcome::Failed { result_code: 1006, .. }));
}

#[test]
fn a_tampered_field_fails_the_signature() {
    let tampers: [fn(&mut Ipn); 5] = [
        |i| i.amount += 1,
        |i| i.result_code = 1,
        |i| i.order_id.push('X'),
        |i| i.trans_id += 1,
        |i| i.signature = i.signature.chars().rev().collect(),
    ];
    for tamper in tampers {
        let mut forged = ipn(0);
        tamper(&mut forged);
        assert_eq!(verify_ipn(&config(), &forged), Outcome::BadSignature);
    }
    let other_partner = Config { partner_code: "OTHER".into(), ..config() };
    assert_eq!(verify_ipn(&other_partner, &ipn(0)), Outcome::BadSignature);
}

#[test]
fn a_body_that_is_not_an_ipn_names_the_body() {
    assert!(matches!(parse_ipn(b"{}"), Err(Error::Invalid(f)) if f.get("body").is_some()));
}
