//! The invariant `ocop ledger check` enforces: every posting sums to zero; balances are
//! the sums of lines.

use std::collections::BTreeMap;

use ocop_core::Error;

use super::{Account, Posting};

/// Debit-positive balance per account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances(pub BTreeMap<Account, i64>);

/// A shop's position: what it is owed, the COD cash it holds, and the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ShopBalance {
    pub payable: i64,
    pub cod_receivable: i64,
    /// `payable − cod_receivable`: positive is paid out to the shop, negative is owed by it.
    pub net: i64,
}

impl Balances {
    pub fn get(&self, account: Account) -> i64 {
        self.0.get(&account).copied().unwrap_or(0)
    }

    pub fn shop(&self, shop_id: i64) -> ShopBalance {
        let payable = -self.get(Account::ShopPayable(shop_id));
        let cod_receivable = self.get(Account::ShopCodReceivable(shop_id));
        ShopBalance { payable, cod_receivable, net: payable - cod_receivable }
    }

    /// Whether every account is back to zero (after everything was refunded).
    pub fn all_zero(&self) -> bool {
        self.0.values().all(|b| *b == 0)
    }
}

/// Verifies that each posting sums to zero and returns the balances.
///
/// # Errors
/// [`Error::Invalid`] on `postings`, naming the first posting that does not balance or
/// whose balances overflow.
pub fn check<'a>(postings: impl IntoIterator<Item = &'a Posting>) -> Result<Balances, Error> {
    let mut balances = BTreeMap::new();
    for (i, posting) in postings.into_iter().enumerate() {
        let sum = posting.sum();
        if sum != 0 {
            return Err(Error::invalid(
                "postings",
                format!("bút toán #{i} ({:?}, {}) lệch {sum} đồng", posting.kind, posting.reference),
            ));
        }
        for line in &posting.lines {
            let balance: &mut i64 = balances.entry(line.account).or_default();
            *balance = balance.checked_add(line.amount).ok_or_else(|| {
                Error::invalid("postings", format!("số dư {} vượt giới hạn ở bút toán #{i}", line.account))
            })?;
        }
    }
    Ok(Balances(balances))
}
