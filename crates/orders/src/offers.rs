//! Which vouchers a cart can use: each running voucher the shopper may use, what it would
//! save on this cart (or why it gives nothing yet), and the best set, which the cart and
//! checkout preselect.

use chrono::Utc;
use ocop_core::Error;
use ocop_promotions::vouchers::{self, Card};
use ocop_promotions::{pricing, wallet};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::cart;
use crate::checkout::parts;

/// A voucher beside the cart.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub voucher: Card,
    /// What it alone would take off this cart now.
    pub saving_vnd: i64,
    /// Why it gives nothing on this cart yet ("needs 20.000 ₫ more").
    pub reason: Option<String>,
}

/// The vouchers for a cart.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CartVouchers {
    /// Usable now by this shopper, best saving first.
    pub usable: Vec<Choice>,
    /// Running vouchers the shopper must save first (from the shop's page or here).
    pub to_save: Vec<Card>,
    /// The best set: one per place (a shop's own, the marketplace's or a province's, free
    /// shipping), chosen to save the most.
    pub best_codes: Vec<String>,
    pub best_saving_vnd: i64,
}

/// # Errors
/// Database errors.
pub async fn for_cart<C: ConnectionTrait>(
    db: &C,
    user_id: Option<i64>,
    cart: &cart::View,
) -> Result<CartVouchers, Error> {
    if cart.groups.is_empty() {
        return Ok(CartVouchers::default());
    }
    let shop_ids: Vec<i64> = cart.groups.iter().map(|g| g.shop_id).collect();
    let mut provinces: Vec<String> = cart.groups.iter().map(|g| g.shop_province.clone()).collect();
    provinces.sort();
    provinces.dedup();
    let found = wallet::candidates(db, user_id, &shop_ids, &provinces).await?;
    let now = Utc::now();
    let parts = parts(cart);
    let mut out =
        CartVouchers { to_save: found.to_save.iter().map(|v| Card::of(v, now)).collect(), ..CartVouchers::default() };
    let mut offers = Vec::new();
    for v in &found.usable {
        let offer = vouchers::offer(v);
        let (saving_vnd, reason) = match pricing::apply(std::slice::from_ref(&offer), &parts) {
            Ok(applied) => (applied.iter().map(|a| a.total_vnd).sum(), None),
            Err(refused) => (0, Some(refused.reason)),
        };
        if reason.is_none() {
            offers.push(offer);
        }
        out.usable.push(Choice { voucher: Card::of(v, now), saving_vnd, reason });
    }
    out.usable.sort_by(|a, b| b.saving_vnd.cmp(&a.saving_vnd).then(a.voucher.ends_at.cmp(&b.voucher.ends_at)));
    let best = pricing::best(&offers, &parts);
    if let Ok(applied) = pricing::apply(&best, &parts) {
        out.best_saving_vnd = applied.iter().map(|a| a.total_vnd).sum();
    }
    out.best_codes = best.into_iter().map(|o| o.code).collect();
    Ok(out)
}
