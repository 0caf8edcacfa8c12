//! Ledger accounts and their stable keys (stored in the database, shown in statements).

use std::fmt;

use ocop_core::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// Money received from buyers online (the clearing account at the bank or provider).
    BuyerPayments,
    /// What the marketplace owes the shop (credit balance).
    ShopPayable(i64),
    /// COD cash the shop collected on the marketplace's behalf (debit balance).
    ShopCodReceivable(i64),
    /// The marketplace's commission.
    CommissionRevenue,
    /// Decree 117: 1 % VAT withheld from household shops, owed to the tax office.
    VatWithheld,
    /// Decree 117: 0.5 % personal income tax withheld from household shops.
    PitWithheld,
    /// Money paid out to shops' bank accounts (credit balance: what left the bank).
    Payouts,
    /// Money that arrived for an order cancelled meanwhile, owed back to the buyer.
    BuyerRefundsDue,
    /// What the marketplace's and provinces' vouchers cost (debit balance).
    PromotionsExpense,
}

impl Account {
    /// The stored key: `buyer_payments`, `shop:42:payable`, `shop:42:cod_receivable`,
    /// `commission_revenue`, `tax:vat_withheld`, `tax:pit_withheld`, `payouts`,
    /// `buyer_refunds_due`, `promotions_expense`.
    pub fn key(&self) -> String {
        match self {
            Self::BuyerPayments => "buyer_payments".to_owned(),
            Self::ShopPayable(id) => format!("shop:{id}:payable"),
            Self::ShopCodReceivable(id) => format!("shop:{id}:cod_receivable"),
            Self::CommissionRevenue => "commission_revenue".to_owned(),
            Self::VatWithheld => "tax:vat_withheld".to_owned(),
            Self::PitWithheld => "tax:pit_withheld".to_owned(),
            Self::Payouts => "payouts".to_owned(),
            Self::BuyerRefundsDue => "buyer_refunds_due".to_owned(),
            Self::PromotionsExpense => "promotions_expense".to_owned(),
        }
    }

    /// # Errors
    /// [`Error::Invalid`] on `account` for a key [`Self::key`] never makes.
    pub fn parse(key: &str) -> Result<Self, Error> {
        let bad = || Error::invalid("account", format!("tài khoản sổ cái không biết: {key}"));
        Ok(match key {
            "buyer_payments" => Self::BuyerPayments,
            "commission_revenue" => Self::CommissionRevenue,
            "tax:vat_withheld" => Self::VatWithheld,
            "tax:pit_withheld" => Self::PitWithheld,
            "payouts" => Self::Payouts,
            "buyer_refunds_due" => Self::BuyerRefundsDue,
            "promotions_expense" => Self::PromotionsExpense,
            _ => {
                let rest = key.strip_prefix("shop:").ok_or_else(bad)?;
                let (id, kind) = rest.split_once(':').ok_or_else(bad)?;
                let id: i64 = id.parse().map_err(|_| bad())?;
                match kind {
                    "payable" => Self::ShopPayable(id),
                    "cod_receivable" => Self::ShopCodReceivable(id),
                    _ => return Err(bad()),
                }
            }
        })
    }

    /// The shop the account belongs to, if any.
    pub fn shop(&self) -> Option<i64> {
        match self {
            Self::ShopPayable(id) | Self::ShopCodReceivable(id) => Some(*id),
            _ => None,
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}
