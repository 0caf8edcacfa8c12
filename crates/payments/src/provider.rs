//! One trait for every method, so the gateway holds one `Arc<dyn PaymentProvider>` per
//! method switched on and tests hand in a fake. COD, VietQR and VNPay need no call out;
//! MoMo and Stripe ([`remote`]) must ask the provider for a page first.

mod remote;

pub use remote::{MoMoWallet, StripeCheckout, client};

use async_trait::async_trait;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use ocop_core::{Error, Vnd};

use crate::{
    Instruction, Method,
    method::BankAccount,
    vnpay::{self, Locale, PaymentRequest},
};

/// What a provider needs to know about the order being paid.
#[derive(Debug, Clone)]
pub struct Payable {
    pub order_code: String,
    pub amount: Vnd,
    /// Shown by the provider, e.g. "Thanh toán đơn hàng OCOP-261126-7K3F".
    pub description: String,
    pub buyer_ip: String,
    /// Where the provider sends the buyer back.
    pub return_url: String,
    pub now: DateTime<Utc>,
    /// When the order stops waiting for payment; a provider link should not outlive it.
    pub pay_by: Option<DateTime<Utc>>,
}

/// The providers switched on, by method.
#[derive(Clone, Default)]
pub struct Providers(BTreeMap<Method, Arc<dyn PaymentProvider>>);

impl Providers {
    pub fn with(mut self, provider: Arc<dyn PaymentProvider>) -> Self {
        self.0.insert(provider.method(), provider);
        self
    }

    pub fn get(&self, method: Method) -> Option<&Arc<dyn PaymentProvider>> {
        self.0.get(&method)
    }

    pub fn methods(&self) -> impl Iterator<Item = Method> + '_ {
        self.0.keys().copied()
    }
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    fn method(&self) -> Method;

    /// What the buyer must do to pay `order`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field the provider would refuse; [`Error::Internal`]
    /// when the provider cannot be reached.
    async fn start(&self, order: &Payable) -> Result<Instruction, Error>;
}

/// Cash on delivery: nothing to do but have the amount ready.
#[derive(Debug, Clone, Copy, Default)]
pub struct CashOnDelivery;

#[async_trait]
impl PaymentProvider for CashOnDelivery {
    fn method(&self) -> Method {
        Method::Cod
    }

    async fn start(&self, order: &Payable) -> Result<Instruction, Error> {
        Ok(Instruction::cod(order.amount))
    }
}

/// A bank transfer by VietQR to the marketplace's account.
#[derive(Debug, Clone)]
pub struct VietQrTransfer(pub BankAccount);

#[async_trait]
impl PaymentProvider for VietQrTransfer {
    fn method(&self) -> Method {
        Method::VietQr
    }

    async fn start(&self, order: &Payable) -> Result<Instruction, Error> {
        Instruction::vietqr(&self.0, order.amount, &order.order_code)
    }
}

/// VNPay's hosted page; the link expires after `expires_in`.
#[derive(Debug, Clone)]
pub struct VnPayRedirect {
    pub config: vnpay::Config,
    pub expires_in: Duration,
}

#[async_trait]
impl PaymentProvider for VnPayRedirect {
    fn method(&self) -> Method {
        Method::VnPay
    }

    async fn start(&self, order: &Payable) -> Result<Instruction, Error> {
        let request = PaymentRequest {
            txn_ref: order.order_code.clone(),
            amount: order.amount,
            order_info: order.description.clone(),
            order_type: "other".to_owned(),
            ip_addr: order.buyer_ip.clone(),
            locale: Locale::Vn,
            return_url: order.return_url.clone(),
            created_at: order.now,
            expires_at: Some(
                order.pay_by.map_or(order.now + self.expires_in, |by| by.min(order.now + self.expires_in)),
            ),
            bank_code: None,
        };
        Ok(Instruction::VnPay { redirect_url: vnpay::payment_url(&self.config, &request)?, amount_vnd: order.amount })
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use std::sync::Arc;

    use chrono::TimeZone as _;

    use super::*;

    fn order() -> Payable {
        Payable {
            order_code: "OCOP-261126-7K3F".into(),
            amount: Vnd(120_000),
            description: "Thanh toán đơn hàng OCOP-261126-7K3F".into(),
            buyer_ip: "127.0.0.1".into(),
            return_url: "https://cho-ocop.vn/thanh-toan/ket-qua".into(),
            now: Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0).unwrap(),
            pay_by: None,
        }
    }

    #[tokio::test]
    async fn each_local_provider_tells_the_buyer_what_to_do() {
        let providers: Vec<Arc<dyn PaymentProvider>> = vec![
            Arc::new(CashOnDelivery),
            Arc::new(VietQrTransfer(BankAccount {
                bank_bin: "970415".into(),
                account: "0011001932418".into(),
                account_name: "CHO OCOP".into(),
            })),
            Arc::new(VnPayRedirect {
                config: vnpay::Config {
                    tmn_code: "DEMOV210".into(),
                    hash_secret: "TESTSECRETKEYNOTREAL0000000000AB".into(),
                    pay_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
                },
                expires_in: Duration::minutes(15),
            }),
        ];
        for provider in providers {
            let instruction = provider.start(&order()).await.unwrap();
            assert_eq!(instruction.method(), provider.method());
            let json = serde_json::to_value(&instruction).unwrap();
            assert_eq!(json["amount_vnd"], 120_000);
        }
    }

    #[tokio::test]
    async fn vnpay_links_expire_and_carry_the_order_code() {
        let provider = VnPayRedirect {
            config: vnpay::Config {
                tmn_code: "T".into(),
                hash_secret: "s".into(),
                pay_url: "https://pay.test/".into(),
            },
            expires_in: Duration::minutes(15),
        };
        let Instruction::VnPay { redirect_url, .. } = provider.start(&order()).await.unwrap() else {
            panic!("not VNPay")
        };
        assert!(redirect_url.contains("vnp_TxnRef=OCOP-261126-7K3F"), "{redirect_url}");
        assert!(redirect_url.contains("vnp_ExpireDate=20261126101500"), "{redirect_url}");
        assert!(redirect_url.contains("vnp_Amount=12000000"), "{redirect_url}");
    }
}
