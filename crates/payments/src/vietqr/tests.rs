#![expect(clippy::unwrap_used, reason = "fixtures")]

use super::*;

const VECTOR: &str = "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C";

#[test]
fn the_napas_vector_is_reproduced_byte_for_byte() {
    let qr = VietQr::for_order("970415", "0011001932418", Vnd(120_000), "ung ho lu lut").unwrap();
    assert_eq!(qr.payload().unwrap(), VECTOR);
}

#[test]
fn the_napas_vector_decodes_to_its_fields() {
    let qr = VietQr::decode(VECTOR).unwrap();
    assert_eq!(qr.bank_bin, "970415");
    assert_eq!(qr.account, "0011001932418");
    assert_eq!(qr.service, Service::ToAccount);
    assert_eq!(qr.amount, Some(Vnd(120_000)));
    assert_eq!(qr.purpose.as_deref(), Some("ung ho lu lut"));
}

#[test]
fn a_payload_we_make_decodes_back_to_the_same_fields() {
    for (amount, code) in [(1, "OCOP-261126-7K3F"), (125_000, "Đơn hàng số 7"), (9_999_999_999_999, "x")] {
        let qr = VietQr::for_order("970436", "1012345678", Vnd(amount), code).unwrap();
        assert_eq!(VietQr::decode(&qr.payload().unwrap()).unwrap(), qr);
    }
    let static_qr = VietQr { amount: None, purpose: None, ..VietQr::for_order("970436", "1", Vnd(1), "a").unwrap() };
    assert_eq!(VietQr::decode(&static_qr.payload().unwrap()).unwrap(), static_qr);
}

#[test]
fn a_corrupted_crc_or_body_is_rejected() {
    let wrong_crc = VECTOR.replace("C15C", "C15D");
    assert!(VietQr::decode(&wrong_crc).is_err());
    let wrong_amount = VECTOR.replace("5406120000", "5406920000");
    assert!(VietQr::decode(&wrong_amount).is_err());
    assert!(VietQr::decode("").is_err());
    assert!(VietQr::decode("6304").is_err());
}

#[test]
fn the_lower_case_crc_a_few_apps_print_is_accepted() {
    assert!(VietQr::decode(&VECTOR.replace("C15C", "c15c")).is_ok());
}

#[test]
fn bad_inputs_name_their_field() {
    let field = |r: Result<VietQr, Error>| match r {
        Err(Error::Invalid(f)) => f.0.keys().next().cloned().unwrap(),
        other => panic!("expected a field error, got {other:?}"),
    };
    assert_eq!(field(VietQr::for_order("97041", "1", Vnd(1), "a")), "bank_bin");
    assert_eq!(field(VietQr::for_order("970415", "12 34", Vnd(1), "a")), "account");
    assert_eq!(field(VietQr::for_order("970415", "1", Vnd(0), "a")), "amount");
    assert_eq!(field(VietQr::for_order("970415", "1", Vnd(1), "!!!")), "purpose");
}

#[test]
fn the_svg_is_a_drawing_without_images() {
    let svg = qr_svg(VECTOR).unwrap();
    assert!(svg.contains("<svg"));
    assert!(svg.contains("#000000"));
    assert!(!svg.contains("<image"));
}

#[test]
fn the_purpose_of_an_order_reads_back_as_its_code() {
    use ocop_orders::code::{OrderCode, Series};
    let code = OrderCode::generate(Series::Order, chrono::Utc::now());
    let qr = VietQr::for_order("970436", "1012345678", Vnd(125_000), &code).unwrap();
    let purpose = qr.purpose.unwrap();
    assert_eq!(purpose, code.as_str());
    assert_eq!(OrderCode::find_in(&purpose), Some(code));
}
