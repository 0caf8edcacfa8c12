//! The ways a buyer can pay, and what the payment page tells them to do.

use ocop_core::{Error, Vnd};
use serde::Serialize;

pub use ocop_core::payment_method::Method;

use crate::{vietqr, words};

/// What the buyer must do to pay; serialises as `{"method": "vietqr", …, "amount_vnd"}`
/// for `GET /api/v1/orders/{code}/payment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Instruction {
    /// Pay the courier on delivery.
    Cod {
        amount_vnd: Vnd,
        amount_words: String,
    },
    /// Scan the QR (or type the details) in a banking app.
    VietQr {
        payload: String,
        /// The QR drawn as SVG, ready to inline in the page.
        svg: String,
        bank_bin: String,
        account: String,
        account_name: String,
        /// The transfer content to type if the app does not read the QR.
        purpose: String,
        amount_vnd: Vnd,
        amount_words: String,
    },
    /// Go to the provider's page (VNPay's signed URL, MoMo's `payUrl`, Stripe's session URL).
    #[serde(rename = "vnpay")]
    VnPay {
        redirect_url: String,
        amount_vnd: Vnd,
    },
    #[serde(rename = "momo")]
    MoMo {
        redirect_url: String,
        amount_vnd: Vnd,
    },
    Stripe {
        redirect_url: String,
        amount_vnd: Vnd,
    },
}

/// The receiving account for bank transfers (`OCOP_VIETQR_*`).
#[derive(Debug, Clone)]
pub struct BankAccount {
    pub bank_bin: String,
    pub account: String,
    pub account_name: String,
}

impl Instruction {
    pub fn cod(amount: Vnd) -> Self {
        Self::Cod { amount_vnd: amount, amount_words: words::amount_in_words(amount) }
    }

    /// A VietQR transfer of `amount` to `to`, with `order_code` as purpose.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field a bank would refuse (see [`vietqr::VietQr::for_order`]).
    pub fn vietqr(to: &BankAccount, amount: Vnd, order_code: &str) -> Result<Self, Error> {
        let qr = vietqr::VietQr::for_order(&to.bank_bin, &to.account, amount, order_code)?;
        let payload = qr.payload()?;
        Ok(Self::VietQr {
            svg: vietqr::qr_svg(&payload)?,
            payload,
            bank_bin: qr.bank_bin,
            account: qr.account,
            account_name: to.account_name.clone(),
            purpose: qr.purpose.unwrap_or_default(),
            amount_vnd: amount,
            amount_words: words::amount_in_words(amount),
        })
    }

    pub fn method(&self) -> Method {
        match self {
            Self::Cod { .. } => Method::Cod,
            Self::VietQr { .. } => Method::VietQr,
            Self::VnPay { .. } => Method::VnPay,
            Self::MoMo { .. } => Method::MoMo,
            Self::Stripe { .. } => Method::Stripe,
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use super::*;

    #[test]
    fn methods_parse_from_their_api_names_and_back() {
        for method in Method::ALL {
            assert_eq!(Method::parse(method.as_str()).unwrap(), method);
            assert_eq!(serde_json::to_value(method).unwrap(), method.as_str());
            assert_eq!(method.to_string().parse::<Method>().unwrap(), method);
        }
        assert_eq!(Method::parse(" VietQR ").unwrap(), Method::VietQr);
        assert!(matches!(Method::parse("zalopay"), Err(Error::Invalid(f)) if f.get("payment_method").is_some()));
    }

    #[test]
    fn a_vietqr_instruction_is_the_json_the_api_promises() {
        let to =
            BankAccount { bank_bin: "970415".into(), account: "0011001932418".into(), account_name: "CHO OCOP".into() };
        let instruction = Instruction::vietqr(&to, Vnd(120_000), "OCOP-261126-7K3F").unwrap();
        let json = serde_json::to_value(&instruction).unwrap();
        assert_eq!(json["method"], "vietqr");
        assert_eq!(json["amount_vnd"], 120_000);
        assert_eq!(json["amount_words"], "một trăm hai mươi nghìn đồng");
        assert_eq!(json["purpose"], "OCOP-261126-7K3F");
        assert!(json["payload"].as_str().unwrap().starts_with("000201"));
        assert!(json["svg"].as_str().unwrap().contains("<svg"));
        assert_eq!(instruction.method(), Method::VietQr);
    }

    #[test]
    fn redirect_instructions_name_their_method() {
        let json =
            serde_json::to_value(Instruction::VnPay { redirect_url: "https://x".into(), amount_vnd: Vnd(1) }).unwrap();
        assert_eq!(json["method"], "vnpay");
        let json =
            serde_json::to_value(Instruction::MoMo { redirect_url: "https://x".into(), amount_vnd: Vnd(1) }).unwrap();
        assert_eq!(json["method"], "momo");
        assert_eq!(serde_json::to_value(Instruction::cod(Vnd(5))).unwrap()["method"], "cod");
    }
}
