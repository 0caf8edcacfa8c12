//! What vouchers take off a cart, as pure functions over integer đồng.
//!
//! An order holds at most one voucher per shop (issued by that shop), one marketplace or
//! province voucher, and one free-shipping voucher, applied in that order: the marketplace's
//! percentage counts what is left after the shops' own vouchers. A discount is split over
//! the shop orders in proportion to what each contributed; the đồng a proportional split
//! leaves over go to the parts with the largest remainders (the earlier part on a tie), so
//! the shares always add up to the discount exactly and the same cart always splits alike.

use std::collections::BTreeSet;

use ocop_core::Vnd;
use serde::Serialize;

/// Who issued a voucher, which also says whose goods it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Issuer {
    /// One shop, for its own goods; the shop pays for the discount.
    Shop(i64),
    /// The marketplace, for every shop's goods; the marketplace pays.
    Marketplace,
    /// A province's OCOP programme, for goods of shops in that province (its code); paid
    /// through the marketplace, which the programme reimburses.
    Province(String),
}

/// Who pays for a discount: it comes off the shop's revenue, or the marketplace makes it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Funder {
    Shop,
    Marketplace,
}

impl Issuer {
    pub fn funder(&self) -> Funder {
        match self {
            Self::Shop(_) => Funder::Shop,
            Self::Marketplace | Self::Province(_) => Funder::Marketplace,
        }
    }
}

/// What a voucher takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Benefit {
    /// A percentage of the goods in basis points (10 % = 1 000), at most `cap` đồng.
    Percent { bps: i64, cap: Option<i64> },
    /// A fixed amount off the goods (never more than they cost).
    Fixed { amount: i64 },
    /// The shipping of the shops it covers, at most `cap` đồng in all.
    FreeShipping { cap: Option<i64> },
}

/// Which of an order's places a voucher takes: one of each at most.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Shop(i64),
    Platform,
    Shipping,
}

/// A voucher as the pricing sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub issuer: Issuer,
    pub benefit: Benefit,
    /// The goods it covers must come to at least this much.
    pub min_order_vnd: i64,
    /// Only goods of this OCOP group (`thuc-pham`, `do-uong`…).
    pub category: Option<String>,
}

impl Offer {
    pub fn slot(&self) -> Slot {
        match (&self.benefit, &self.issuer) {
            (Benefit::FreeShipping { .. }, _) => Slot::Shipping,
            (_, Issuer::Shop(id)) => Slot::Shop(*id),
            _ => Slot::Platform,
        }
    }

    fn covers(&self, part: &Part, line: &PartLine) -> bool {
        let issuer = match &self.issuer {
            Issuer::Shop(id) => part.shop_id == *id,
            Issuer::Marketplace => true,
            Issuer::Province(code) => part.province_code == *code,
        };
        issuer && self.category.as_ref().is_none_or(|c| *c == line.category)
    }

    /// The shopper's words for what it gives: "Giảm 10% tối đa 50.000 ₫".
    pub fn describe(&self) -> String {
        match self.benefit {
            Benefit::Percent { bps, cap } => {
                // Vietnamese writes a decimal comma: 12,5%.
                let fraction = format!("{:02}", bps % 100);
                let fraction = fraction.trim_end_matches('0');
                let pct =
                    if fraction.is_empty() { format!("{}", bps / 100) } else { format!("{},{fraction}", bps / 100) };
                match cap {
                    Some(cap) => format!("Giảm {pct}% tối đa {}", Vnd(cap)),
                    None => format!("Giảm {pct}%"),
                }
            }
            Benefit::Fixed { amount } => format!("Giảm {}", Vnd(amount)),
            Benefit::FreeShipping { cap: Some(cap) } => format!("Miễn phí vận chuyển tối đa {}", Vnd(cap)),
            Benefit::FreeShipping { cap: None } => "Miễn phí vận chuyển".to_owned(),
        }
    }
}

/// A line of one shop's part of the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartLine {
    pub category: String,
    pub amount_vnd: i64,
}

/// One shop's part of the cart: its lines at the prices charged, and its shipping fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub shop_id: i64,
    pub province_code: String,
    pub shipping_vnd: i64,
    pub lines: Vec<PartLine>,
}

/// What one voucher takes off one shop order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Share {
    pub shop_id: i64,
    pub goods_vnd: i64,
    pub shipping_vnd: i64,
}

/// A voucher applied to a cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub voucher_id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub funder: Funder,
    pub total_vnd: i64,
    pub shares: Vec<Share>,
}

/// Why a voucher gives nothing on this cart, in the shopper's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotApplicable {
    pub code: String,
    pub reason: String,
}

/// Splits `amount` over `weights` in proportion, in whole đồng: each part gets the floor
/// of its exact share, and the đồng left over go one each to the largest remainders (the
/// earlier part on a tie). Needs `0 <= amount <= sum(weights)`, so no part gets more than
/// its weight.
pub fn split(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if total == 0 || amount <= 0 {
        return vec![0; weights.len()];
    }
    let amount = i128::from(amount).min(total);
    let mut out: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = amount * i128::from((*w).max(0));
        out.push(exact / total);
        remainders.push((exact % total, i));
    }
    let left = amount - out.iter().sum::<i128>();
    // Largest remainder first; the earlier part first among equals.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(usize::try_from(left).unwrap_or(0)) {
        out[i] += 1;
    }
    out.into_iter().map(|v| i64::try_from(v).unwrap_or(0)).collect()
}

/// What is left of each part after the discounts already applied.
#[derive(Debug, Clone)]
struct Remaining {
    goods: Vec<i64>,
    shipping: Vec<i64>,
}

impl Remaining {
    fn of(parts: &[Part]) -> Self {
        Self {
            goods: parts.iter().map(|p| p.lines.iter().map(|l| l.amount_vnd).sum()).collect(),
            shipping: parts.iter().map(|p| p.shipping_vnd).collect(),
        }
    }
}

fn apply_one(offer: &Offer, parts: &[Part], left: &mut Remaining) -> Result<Applied, NotApplicable> {
    let refuse = |reason: String| NotApplicable { code: offer.code.clone(), reason };
    // The goods it covers in each part, less what earlier vouchers took off that part.
    let covered: Vec<i64> = parts
        .iter()
        .zip(&left.goods)
        .map(|(part, goods_left)| {
            let covered: i64 = part.lines.iter().filter(|l| offer.covers(part, l)).map(|l| l.amount_vnd).sum();
            let taken: i64 = part.lines.iter().map(|l| l.amount_vnd).sum::<i64>() - goods_left;
            (covered - taken).clamp(0, *goods_left)
        })
        .collect();
    let touched: Vec<bool> = parts.iter().map(|p| p.lines.iter().any(|l| offer.covers(p, l))).collect();
    let base: i64 = covered.iter().sum();
    if !touched.iter().any(|t| *t) {
        return Err(refuse(match &offer.issuer {
            Issuer::Shop(_) => "Mã này chỉ dùng cho sản phẩm của cửa hàng phát hành".to_owned(),
            Issuer::Province(_) => "Mã này chỉ dùng cho sản phẩm của cửa hàng trong tỉnh phát hành".to_owned(),
            Issuer::Marketplace => "Giỏ hàng không có sản phẩm thuộc nhóm mã này áp dụng".to_owned(),
        }));
    }
    if base < offer.min_order_vnd {
        return Err(refuse(format!(
            "Mã này cần đơn từ {} (còn thiếu {})",
            Vnd(offer.min_order_vnd),
            Vnd(offer.min_order_vnd - base)
        )));
    }
    let mut shares: Vec<Share> =
        parts.iter().map(|p| Share { shop_id: p.shop_id, goods_vnd: 0, shipping_vnd: 0 }).collect();
    match offer.benefit {
        Benefit::Percent { bps, cap } => {
            let raw = i64::try_from(i128::from(base) * i128::from(bps.clamp(0, 10_000)) / 10_000).unwrap_or(0);
            let amount = cap.map_or(raw, |c| raw.min(c.max(0)));
            for (share, part) in shares.iter_mut().zip(split(amount, &covered)) {
                share.goods_vnd = part;
            }
        }
        Benefit::Fixed { amount } => {
            for (share, part) in shares.iter_mut().zip(split(amount.clamp(0, base), &covered)) {
                share.goods_vnd = part;
            }
        }
        Benefit::FreeShipping { cap } => {
            let fees: Vec<i64> = left.shipping.iter().zip(&touched).map(|(f, t)| if *t { *f } else { 0 }).collect();
            let total: i64 = fees.iter().sum();
            if total == 0 {
                return Err(refuse("Đơn này đã được miễn phí vận chuyển".to_owned()));
            }
            let amount = cap.map_or(total, |c| total.min(c.max(0)));
            for (share, part) in shares.iter_mut().zip(split(amount, &fees)) {
                share.shipping_vnd = part;
            }
        }
    }
    for (i, share) in shares.iter().enumerate() {
        left.goods[i] -= share.goods_vnd;
        left.shipping[i] -= share.shipping_vnd;
    }
    let total_vnd = shares.iter().map(|s| s.goods_vnd + s.shipping_vnd).sum();
    if total_vnd == 0 {
        return Err(refuse("Mã này không giảm được gì cho giỏ hàng này".to_owned()));
    }
    shares.retain(|s| s.goods_vnd + s.shipping_vnd > 0);
    Ok(Applied {
        voucher_id: offer.id,
        code: offer.code.clone(),
        title: offer.title.clone(),
        description: offer.describe(),
        funder: offer.issuer.funder(),
        total_vnd,
        shares,
    })
}

/// Applies the vouchers to the cart: the shops' own first, then the marketplace's or a
/// province's, then free shipping.
///
/// # Errors
/// [`NotApplicable`] for the first voucher that gives nothing here, or the second voucher
/// for one place (two of one shop's, two marketplace ones, two free-shipping ones).
pub fn apply(offers: &[Offer], parts: &[Part]) -> Result<Vec<Applied>, NotApplicable> {
    let mut ordered: Vec<&Offer> = offers.iter().collect();
    ordered.sort_by_key(|o| o.slot());
    let mut slots = BTreeSet::new();
    for offer in &ordered {
        if !slots.insert(offer.slot()) {
            return Err(NotApplicable {
                code: offer.code.clone(),
                reason: match offer.slot() {
                    Slot::Shop(_) => "Mỗi cửa hàng chỉ dùng một mã của cửa hàng cho một đơn".to_owned(),
                    Slot::Platform => "Mỗi đơn chỉ dùng một mã của Chợ OCOP hoặc của tỉnh".to_owned(),
                    Slot::Shipping => "Mỗi đơn chỉ dùng một mã miễn phí vận chuyển".to_owned(),
                },
            });
        }
    }
    let mut left = Remaining::of(parts);
    ordered.into_iter().map(|offer| apply_one(offer, parts, &mut left)).collect()
}

/// The vouchers that save the most on this cart among `offers`: for each place in the
/// order in turn, the one that saves the most after those chosen before it (the one that
/// comes first in `offers` on a tie).
pub fn best(offers: &[Offer], parts: &[Part]) -> Vec<Offer> {
    let mut slots: Vec<Slot> = offers.iter().map(Offer::slot).collect();
    slots.sort();
    slots.dedup();
    let mut chosen: Vec<Offer> = Vec::new();
    for slot in slots {
        let mut pick: Option<(i64, &Offer)> = None;
        for offer in offers.iter().filter(|o| o.slot() == slot) {
            let mut trial = chosen.clone();
            trial.push(offer.clone());
            if let Ok(applied) = apply(&trial, parts) {
                let saving = applied.iter().map(|a| a.total_vnd).sum::<i64>();
                if pick.is_none_or(|(best, _)| saving > best) {
                    pick = Some((saving, offer));
                }
            }
        }
        if let Some((_, offer)) = pick {
            chosen.push(offer.clone());
        }
    }
    chosen
}

/// The total a set of applied vouchers takes off each shop order, as (goods, shipping),
/// by the funder.
pub fn per_shop(applied: &[Applied], shop_id: i64, funder: Funder) -> (i64, i64) {
    applied
        .iter()
        .filter(|a| a.funder == funder)
        .flat_map(|a| a.shares.iter())
        .filter(|s| s.shop_id == shop_id)
        .fold((0, 0), |(g, s), share| (g + share.goods_vnd, s + share.shipping_vnd))
}

#[cfg(test)]
mod tests;
