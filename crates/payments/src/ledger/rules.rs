//! Posting rules. Commission and withholding are rounded half up to the đồng on goods
//! only (shipping passes through to the shop); the shop's line is whatever remains, so a
//! posting balances by construction. A partial refund posts the difference between the
//! payment rule applied to what remained before and after it, so any sequence of partial
//! refunds adds up to exactly the full reversal.
//!
//! Vouchers: a shop's own voucher lowers what the shop sells for, so `goods` and `shipping`
//! are passed after it and commission and the Decree 117 withholding count what the shop
//! actually received. A marketplace's or province's voucher is made up by the marketplace:
//! the buyer pays that much less, the promotions account pays it, the shop is owed the same.

use ocop_core::{Error, Vnd};

use super::{Account, Line, Posting, PostingKind};

/// Decree 117/2025 withholding for household shops, in basis points of goods.
pub const VAT_BPS: i64 = 100;
pub const PIT_BPS: i64 = 50;

/// How the buyer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// The money reached the marketplace (VietQR, VNPay, MoMo, Stripe).
    Online,
    /// The shop (its courier) collected the cash.
    Cod,
}

/// A paid (or COD-delivered) shop order, as much as the ledger needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopOrder {
    pub order_code: String,
    pub shop_id: i64,
    /// Goods and shipping as the shop charges them: after its own vouchers.
    pub goods: Vnd,
    pub shipping: Vnd,
    /// What the marketplace's and provinces' vouchers took off, which the marketplace pays.
    pub marketplace_funded: Vnd,
    /// Commission on goods in basis points (1 % = 100).
    pub commission_bps: i64,
    /// A household business (hộ kinh doanh): the marketplace withholds VAT and PIT.
    pub household: bool,
    pub settlement: Settlement,
}

/// An amount refunded, split like the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Refund {
    pub goods: Vnd,
    pub shipping: Vnd,
}

/// Where the money of an order goes; the parts add up to goods + shipping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub commission: i64,
    pub vat: i64,
    pub pit: i64,
    pub shop: i64,
}

/// `amount × bps / 10 000`, rounded half up (amounts are never negative here).
fn portion(amount: i64, bps: i64) -> i64 {
    let exact = (i128::from(amount) * i128::from(bps) + 5_000) / 10_000;
    // Never larger than `amount`, since bps ≤ 10 000 is checked first.
    i64::try_from(exact).unwrap_or(amount)
}

/// How `goods` and `shipping` are divided between the marketplace, the tax office and the
/// shop.
pub fn split(goods: i64, shipping: i64, commission_bps: i64, household: bool) -> Split {
    let commission = portion(goods, commission_bps);
    let (vat, pit) = if household { (portion(goods, VAT_BPS), portion(goods, PIT_BPS)) } else { (0, 0) };
    Split { commission, vat, pit, shop: goods + shipping - commission - vat - pit }
}

fn validate(order: &ShopOrder) -> Result<(), Error> {
    // Bounded so that goods + shipping and every line fit an i64 with room to spare.
    const MAX: i64 = 1_000_000_000_000_000;
    if !(0..=MAX).contains(&order.goods.0) {
        return Err(Error::invalid("goods", "tiền hàng phải từ 0 đến 10^18 đồng"));
    }
    if !(0..=MAX).contains(&order.shipping.0) {
        return Err(Error::invalid("shipping", "phí vận chuyển phải từ 0 đến 10^18 đồng"));
    }
    if !(0..=order.goods.0 + order.shipping.0).contains(&order.marketplace_funded.0) {
        return Err(Error::invalid("marketplace_funded", "giảm giá từ sàn phải từ 0 đến tiền hàng và phí vận chuyển"));
    }
    if !(0..=10_000).contains(&order.commission_bps) {
        return Err(Error::invalid("commission_bps", "hoa hồng phải từ 0 đến 10 000 điểm cơ bản"));
    }
    Ok(())
}

/// The payment rule's lines for `goods` and `shipping` of `order`.
fn lines(order: &ShopOrder, goods: i64, shipping: i64) -> Vec<Line> {
    let s = split(goods, shipping, order.commission_bps, order.household);
    let received = match order.settlement {
        Settlement::Online => Account::BuyerPayments,
        Settlement::Cod => Account::ShopCodReceivable(order.shop_id),
    };
    // The marketplace's part of what is left, in proportion (all of it for the whole order,
    // none once everything is refunded), rounded down.
    let whole = order.goods.0 + order.shipping.0;
    let subsidy = if whole == 0 {
        0
    } else {
        i64::try_from(i128::from(order.marketplace_funded.0) * i128::from(goods + shipping) / i128::from(whole))
            .unwrap_or(0)
    };
    [
        (received, goods + shipping - subsidy),
        (Account::PromotionsExpense, subsidy),
        (Account::ShopPayable(order.shop_id), -s.shop),
        (Account::CommissionRevenue, -s.commission),
        (Account::VatWithheld, -s.vat),
        (Account::PitWithheld, -s.pit),
    ]
    .into_iter()
    .filter(|(_, amount)| *amount != 0)
    .map(|(account, amount)| Line { account, amount })
    .collect()
}

/// The posting for a paid shop order (online), or a delivered COD one: for COD the shop's
/// cash becomes a receivable that nets against what it is owed.
///
/// # Errors
/// [`Error::Invalid`] naming `goods`, `shipping` or `commission_bps` when out of range.
pub fn payment(order: &ShopOrder) -> Result<Posting, Error> {
    validate(order)?;
    Ok(Posting {
        kind: PostingKind::Payment,
        reference: order.order_code.clone(),
        lines: lines(order, order.goods.0, order.shipping.0),
    })
}

/// The reversing posting for refunding `this` after `before` was already refunded (per
/// line: pass the line's goods amount).
///
/// # Errors
/// [`Error::Invalid`] naming `goods` or `shipping` when a refund is negative or the
/// refunds would exceed the order, `refund` when `this` is zero, or the order's fields as
/// in [`payment`].
pub fn refund(order: &ShopOrder, before: Refund, this: Refund) -> Result<Posting, Error> {
    validate(order)?;
    if this == Refund::default() {
        return Err(Error::invalid("refund", "số tiền hoàn phải lớn hơn 0"));
    }
    let remaining = |field: &str, total: Vnd, before: Vnd, this: Vnd| -> Result<(i64, i64), Error> {
        let left = total.0 - before.0;
        if before.0 < 0 || this.0 < 0 || left < 0 || this.0 > left {
            return Err(Error::invalid(field, format!("hoàn vượt số còn lại ({} đồng)", left.max(0))));
        }
        Ok((left, left - this.0))
    };
    let (goods_before, goods_after) = remaining("goods", order.goods, before.goods, this.goods)?;
    let (ship_before, ship_after) = remaining("shipping", order.shipping, before.shipping, this.shipping)?;

    // after − before: the opposite of what the refunded part had posted.
    let mut merged: Vec<Line> = lines(order, goods_after, ship_after);
    for line in lines(order, goods_before, ship_before) {
        match merged.iter_mut().find(|l| l.account == line.account) {
            Some(existing) => existing.amount -= line.amount,
            None => merged.push(Line { account: line.account, amount: -line.amount }),
        }
    }
    merged.retain(|l| l.amount != 0);
    Ok(Posting { kind: PostingKind::Refund, reference: order.order_code.clone(), lines: merged })
}

/// Refunds whatever of the order was not refunded yet: the exact reversal of [`payment`]
/// when nothing was.
///
/// # Errors
/// As [`refund`]; `refund` when nothing is left to refund.
pub fn full_refund(order: &ShopOrder, before: Refund) -> Result<Posting, Error> {
    let this =
        Refund { goods: Vnd(order.goods.0 - before.goods.0), shipping: Vnd(order.shipping.0 - before.shipping.0) };
    refund(order, before, this)
}

/// Nets `amount` of a shop's COD cash against what the marketplace owes it (e.g. at a
/// payout run): debit the payable, credit the receivable.
///
/// # Errors
/// [`Error::Invalid`] on `amount` when it is not positive.
pub fn settle_cod(shop_id: i64, amount: Vnd, reference: &str) -> Result<Posting, Error> {
    if amount.0 <= 0 {
        return Err(Error::invalid("amount", "số tiền bù trừ phải lớn hơn 0"));
    }
    Ok(Posting {
        kind: PostingKind::CodSettlement,
        reference: reference.to_owned(),
        lines: vec![
            Line { account: Account::ShopPayable(shop_id), amount: amount.0 },
            Line { account: Account::ShopCodReceivable(shop_id), amount: -amount.0 },
        ],
    })
}

/// Pays a shop what it is owed: its payable is cleared, the COD cash it holds is netted
/// out, and the rest leaves the bank.
///
/// # Errors
/// [`Error::Invalid`] on `amount` unless `payable > cod_receivable >= 0`.
pub fn payout(shop_id: i64, payable: Vnd, cod_receivable: Vnd, reference: &str) -> Result<Posting, Error> {
    if cod_receivable.0 < 0 || payable.0 <= cod_receivable.0 {
        return Err(Error::invalid("amount", "chỉ chi trả khi số phải trả lớn hơn tiền COD cửa hàng đang giữ"));
    }
    let lines = [
        (Account::ShopPayable(shop_id), payable.0),
        (Account::ShopCodReceivable(shop_id), -cod_receivable.0),
        (Account::Payouts, cod_receivable.0 - payable.0),
    ]
    .into_iter()
    .filter(|(_, amount)| *amount != 0)
    .map(|(account, amount)| Line { account, amount })
    .collect();
    Ok(Posting { kind: PostingKind::Payout, reference: reference.to_owned(), lines })
}

/// Money that arrived after its order was cancelled: held for the buyer, not sales.
///
/// # Errors
/// [`Error::Invalid`] on `amount` when it is not positive.
pub fn late_payment(amount: Vnd, reference: &str) -> Result<Posting, Error> {
    owed_to_buyer(amount, reference, 1)
}

/// Sending a late payment back to the buyer: the reverse of [`late_payment`].
///
/// # Errors
/// [`Error::Invalid`] on `amount` when it is not positive.
pub fn late_payment_returned(amount: Vnd, reference: &str) -> Result<Posting, Error> {
    owed_to_buyer(amount, reference, -1)
}

fn owed_to_buyer(amount: Vnd, reference: &str, sign: i64) -> Result<Posting, Error> {
    if amount.0 <= 0 {
        return Err(Error::invalid("amount", "số tiền phải lớn hơn 0"));
    }
    Ok(Posting {
        kind: PostingKind::LatePayment,
        reference: reference.to_owned(),
        lines: vec![
            Line { account: Account::BuyerPayments, amount: sign * amount.0 },
            Line { account: Account::BuyerRefundsDue, amount: -sign * amount.0 },
        ],
    })
}
