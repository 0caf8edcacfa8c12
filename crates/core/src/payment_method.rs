//! The ways a buyer can pay, as every crate names them. Orders store the code; payments
//! turn it into a provider.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::Error;

/// A payment method, spelled as the checkout API spells it (`cod`, `vietqr`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Cod,
    VietQr,
    VnPay,
    MoMo,
    Stripe,
}

impl Method {
    pub const ALL: [Method; 5] = [Self::Cod, Self::VietQr, Self::VnPay, Self::MoMo, Self::Stripe];

    /// # Errors
    /// [`Error::Invalid`] on `payment_method` for a name not in [`Self::ALL`].
    pub fn parse(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::invalid("payment_method", format!("phương thức thanh toán không hỗ trợ: {s}")))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cod => "cod",
            Self::VietQr => "vietqr",
            Self::VnPay => "vnpay",
            Self::MoMo => "momo",
            Self::Stripe => "stripe",
        }
    }

    /// What the checkout page calls it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Cod => "Thanh toán khi nhận hàng (COD)",
            Self::VietQr => "Chuyển khoản ngân hàng (VietQR)",
            Self::VnPay => "Thẻ ATM, thẻ quốc tế hoặc ứng dụng ngân hàng (VNPay)",
            Self::MoMo => "Ví MoMo",
            Self::Stripe => "Thẻ quốc tế (Visa, Mastercard)",
        }
    }

    /// Whether money reaches the marketplace before delivery (everything but COD).
    pub fn is_prepaid(self) -> bool {
        self != Self::Cod
    }

    /// Whether a provider's callback confirms the payment; VietQR and COD are confirmed
    /// by a person or a statement import.
    pub fn has_callback(self) -> bool {
        matches!(self, Self::VnPay | Self::MoMo | Self::Stripe)
    }
}

impl FromStr for Method {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
