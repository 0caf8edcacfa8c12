#![expect(clippy::unwrap_used, reason = "fixtures")]

use ocop_core::{Error, Vnd};

use super::*;

fn order(goods: i64, shipping: i64, commission_bps: i64, household: bool, settlement: Settlement) -> ShopOrder {
    ShopOrder {
        order_code: "OCOP-261126-7K3F".into(),
        shop_id: 7,
        goods: Vnd(goods),
        shipping: Vnd(shipping),
        marketplace_funded: Vnd(0),
        commission_bps,
        household,
        settlement,
    }
}

/// Amounts that exercise rounding: small, odd, round, and large, from a fixed LCG.
fn amounts() -> Vec<i64> {
    let mut amounts = vec![0, 1, 49, 50, 99, 100, 199, 1_000, 9_999, 33_333, 120_000, 999_999, 12_345_678];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..150 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        amounts.push(i64::try_from((x >> 33) % 50_000_000).unwrap());
    }
    amounts
}

const RATES: [i64; 8] = [0, 1, 250, 333, 500, 1_000, 1_250, 10_000];

#[test]
fn a_paid_household_order_withholds_vat_and_pit_on_goods_only() {
    let posting = payment(&order(200_000, 30_000, 1_000, true, Settlement::Online)).unwrap();
    let balances = check([&posting]).unwrap();
    assert_eq!(balances.get(Account::BuyerPayments), 230_000);
    assert_eq!(balances.get(Account::CommissionRevenue), -20_000);
    assert_eq!(balances.get(Account::VatWithheld), -2_000);
    assert_eq!(balances.get(Account::PitWithheld), -1_000);
    // Shipping passes through: 200 000 − 20 000 − 2 000 − 1 000 + 30 000.
    assert_eq!(balances.shop(7), ShopBalance { payable: 207_000, cod_receivable: 0, net: 207_000 });
}

#[test]
fn a_company_shop_has_nothing_withheld() {
    let posting = payment(&order(200_000, 0, 500, false, Settlement::Online)).unwrap();
    assert!(posting.lines.iter().all(|l| !matches!(l.account, Account::VatWithheld | Account::PitWithheld)));
    assert_eq!(check([&posting]).unwrap().shop(7).payable, 190_000);
}

#[test]
fn rounding_is_half_up_to_the_dong() {
    // 1 % of 150 = 1.5 → 2; 0.5 % of 150 = 0.75 → 1; 3.33 % of 150 = 4.995 → 5.
    assert_eq!(split(150, 0, 333, true), Split { commission: 5, vat: 2, pit: 1, shop: 142 });
    assert_eq!(split(149, 0, 0, true), Split { commission: 0, vat: 1, pit: 1, shop: 147 });
}

#[test]
fn cod_cash_is_a_receivable_netted_against_the_payable() {
    let posting = payment(&order(100_000, 20_000, 1_000, true, Settlement::Cod)).unwrap();
    let balances = check([&posting]).unwrap();
    assert_eq!(balances.get(Account::BuyerPayments), 0);
    // The shop holds 120 000 and is owed 120 000 − 10 000 − 1 000 − 500: it owes 11 500.
    assert_eq!(balances.shop(7), ShopBalance { payable: 108_500, cod_receivable: 120_000, net: -11_500 });

    let online = payment(&order(300_000, 0, 1_000, false, Settlement::Online)).unwrap();
    let settle = settle_cod(7, Vnd(120_000), "payout-2026-11").unwrap();
    let balances = check([&posting, &online, &settle]).unwrap();
    assert_eq!(balances.shop(7), ShopBalance { payable: 108_500 + 270_000 - 120_000, cod_receivable: 0, net: 258_500 });
}

#[test]
fn every_payment_and_refund_posting_sums_to_zero() {
    for &goods in &amounts() {
        for &bps in &RATES {
            for household in [false, true] {
                for settlement in [Settlement::Online, Settlement::Cod] {
                    let o = order(goods, goods % 45_000, bps, household, settlement);
                    let paid = payment(&o).unwrap();
                    assert_eq!(paid.sum(), 0, "{o:?}");
                    let s = split(o.goods.0, o.shipping.0, bps, household);
                    assert!(s.commission >= 0 && s.vat >= 0 && s.pit >= 0);
                    assert_eq!(s.commission + s.vat + s.pit + s.shop, goods + o.shipping.0);
                    if goods > 0 {
                        let part =
                            refund(&o, Refund::default(), Refund { goods: Vnd(goods / 3 + 1), shipping: Vnd(0) })
                                .unwrap();
                        assert_eq!(part.sum(), 0, "{o:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_full_refund_returns_every_balance_to_zero() {
    for &goods in &amounts() {
        for &bps in &RATES {
            for household in [false, true] {
                for settlement in [Settlement::Online, Settlement::Cod] {
                    let o = order(goods, 15_000 + goods % 7, bps, household, settlement);
                    let paid = payment(&o).unwrap();
                    let back = full_refund(&o, Refund::default()).unwrap();
                    assert!(check([&paid, &back]).unwrap().all_zero(), "{o:?}");
                }
            }
        }
    }
}

#[test]
fn refunds_line_by_line_add_up_to_the_full_reversal() {
    for &goods in &amounts() {
        for &bps in &RATES {
            let o = order(goods, 30_000, bps, true, Settlement::Online);
            let mut postings = vec![payment(&o).unwrap()];
            // Three lines of unequal amounts, then the shipping, then whatever is left.
            let mut before = Refund::default();
            for line in [goods / 7, goods / 3, goods / 5] {
                if line == 0 {
                    continue;
                }
                postings.push(refund(&o, before, Refund { goods: Vnd(line), shipping: Vnd(0) }).unwrap());
                before.goods.0 += line;
            }
            postings.push(refund(&o, before, Refund { goods: Vnd(0), shipping: Vnd(30_000) }).unwrap());
            before.shipping.0 = 30_000;
            if before.goods != o.goods {
                postings.push(full_refund(&o, before).unwrap());
            }
            assert!(postings.iter().all(|p| p.sum() == 0));
            assert!(check(&postings).unwrap().all_zero(), "{o:?}");
        }
    }
}

#[test]
fn a_refund_reverses_the_withholding_of_its_goods() {
    let o = order(200_000, 0, 1_000, true, Settlement::Online);
    let back = refund(&o, Refund::default(), Refund { goods: Vnd(100_000), shipping: Vnd(0) }).unwrap();
    let balances = check([&back]).unwrap();
    assert_eq!(balances.get(Account::BuyerPayments), -100_000);
    assert_eq!(balances.get(Account::VatWithheld), 1_000);
    assert_eq!(balances.get(Account::PitWithheld), 500);
    assert_eq!(balances.get(Account::CommissionRevenue), 10_000);
    assert_eq!(balances.shop(7).payable, -88_500);
}

#[test]
fn refunding_more_than_is_left_names_the_field() {
    let o = order(100_000, 20_000, 1_000, false, Settlement::Online);
    let field = |r: Result<Posting, Error>| match r {
        Err(Error::Invalid(f)) => f.0.keys().next().cloned().unwrap(),
        other => panic!("expected a field error, got {other:?}"),
    };
    let before = Refund { goods: Vnd(60_000), shipping: Vnd(0) };
    assert_eq!(field(refund(&o, before, Refund { goods: Vnd(40_001), shipping: Vnd(0) })), "goods");
    assert_eq!(field(refund(&o, before, Refund { goods: Vnd(0), shipping: Vnd(20_001) })), "shipping");
    assert_eq!(field(refund(&o, before, Refund::default())), "refund");
    assert_eq!(field(payment(&order(-1, 0, 0, false, Settlement::Online))), "goods");
    assert_eq!(field(payment(&order(1, 0, 10_001, false, Settlement::Online))), "commission_bps");
    assert_eq!(field(settle_cod(7, Vnd(0), "x")), "amount");
}

#[test]
fn check_names_a_posting_that_does_not_balance() {
    let mut broken = payment(&order(100_000, 0, 1_000, false, Settlement::Online)).unwrap();
    broken.lines[0].amount += 1;
    let err = check([&broken]).unwrap_err();
    assert!(matches!(&err, Error::Invalid(f) if f.get("postings").is_some_and(|m| m.contains("lệch 1"))), "{err:?}");
}

#[test]
fn account_keys_round_trip() {
    for account in [
        Account::BuyerPayments,
        Account::ShopPayable(42),
        Account::ShopCodReceivable(42),
        Account::CommissionRevenue,
        Account::VatWithheld,
        Account::PitWithheld,
        Account::Payouts,
        Account::BuyerRefundsDue,
    ] {
        assert_eq!(Account::parse(&account.key()).unwrap(), account);
    }
    assert!(Account::parse("shop:x:payable").is_err());
    assert!(Account::parse("cash").is_err());
}

#[test]
fn a_payout_clears_the_shop_and_nets_its_cod_cash() {
    let online = payment(&order(200_000, 30_000, 500, false, Settlement::Online)).unwrap();
    let cod = payment(&order(50_000, 0, 500, false, Settlement::Cod)).unwrap();
    let before = check([&online, &cod]).unwrap().shop(7);
    let out = payout(7, Vnd(before.payable), Vnd(before.cod_receivable), "payout:1").unwrap();
    assert_eq!(out.sum(), 0);
    let after = check([&online, &cod, &out]).unwrap();
    assert_eq!(after.shop(7), ShopBalance { payable: 0, cod_receivable: 0, net: 0 });
    assert_eq!(after.get(Account::Payouts), -before.net);
    assert!(matches!(payout(7, Vnd(10), Vnd(10), "x"), Err(Error::Invalid(f)) if f.get("amount").is_some()));
}

#[test]
fn a_late_payment_is_owed_to_the_buyer_until_sent_back() {
    let held = late_payment(Vnd(120_000), "late:1").unwrap();
    assert_eq!(check([&held]).unwrap().get(Account::BuyerRefundsDue), -120_000);
    let back = late_payment_returned(Vnd(120_000), "late:1").unwrap();
    let after = check([&held, &back]).unwrap();
    assert!(after.all_zero());
    assert!(late_payment(Vnd(0), "x").is_err());
}

#[test]
fn a_marketplace_voucher_is_paid_by_promotions_and_withholding_counts_what_the_shop_received() {
    // Goods 200 000 after the shop's own 20 000 voucher (passed in already), shipping
    // 30 000, and a marketplace voucher of 25 000: the buyer paid 205 000.
    let mut o = order(200_000, 30_000, 1_000, true, Settlement::Online);
    o.marketplace_funded = Vnd(25_000);
    let paid = payment(&o).unwrap();
    let balances = check([&paid]).unwrap();
    assert_eq!(balances.get(Account::BuyerPayments), 205_000);
    assert_eq!(balances.get(Account::PromotionsExpense), 25_000);
    // Withholding on the 200 000 the shop sold for, not on what the buyer paid.
    assert_eq!(balances.get(Account::VatWithheld), -2_000);
    assert_eq!(balances.shop(7).payable, 207_000);
    // Refunds in three parts add up to the whole reversal, the subsidy too.
    let parts = [Refund { goods: Vnd(33_333), shipping: Vnd(0) }, Refund { goods: Vnd(66_667), shipping: Vnd(10_001) }];
    let mut before = Refund::default();
    let mut postings = vec![paid];
    for this in parts {
        postings.push(refund(&o, before, this).unwrap());
        before =
            Refund { goods: Vnd(before.goods.0 + this.goods.0), shipping: Vnd(before.shipping.0 + this.shipping.0) };
    }
    postings.push(full_refund(&o, before).unwrap());
    assert!(postings.iter().all(|p| p.sum() == 0));
    assert!(check(&postings).unwrap().all_zero());
    // More subsidy than the order is refused.
    o.marketplace_funded = Vnd(230_001);
    assert!(payment(&o).is_err());
}
