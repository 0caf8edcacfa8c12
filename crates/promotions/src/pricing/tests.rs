#![expect(clippy::expect_used, reason = "a voucher that should apply and does not fails the test")]

use super::*;

fn part(shop_id: i64, province: &str, shipping: i64, lines: &[(&str, i64)]) -> Part {
    Part {
        shop_id,
        province_code: province.to_owned(),
        shipping_vnd: shipping,
        lines: lines.iter().map(|(c, a)| PartLine { category: (*c).to_owned(), amount_vnd: *a }).collect(),
    }
}

fn offer(id: i64, issuer: Issuer, benefit: Benefit, min: i64) -> Offer {
    Offer {
        id,
        code: format!("MA{id}"),
        title: format!("Mã {id}"),
        issuer,
        benefit,
        min_order_vnd: min,
        category: None,
    }
}

#[test]
fn split_adds_up_and_gives_the_leftover_to_the_largest_remainders() {
    assert_eq!(split(100, &[100, 100, 100]), vec![34, 33, 33]);
    assert_eq!(split(10, &[30_000, 70_000]), vec![3, 7]);
    assert_eq!(split(5, &[1, 2, 2]), vec![1, 2, 2]);
    assert_eq!(split(0, &[5, 5]), vec![0, 0]);
    assert_eq!(split(7, &[0, 0]), vec![0, 0]);
    // Never more than a part's weight, even when the amount is the whole.
    assert_eq!(split(9, &[2, 3, 4]), vec![2, 3, 4]);
    for amount in 0..=1_000 {
        let weights = [123_457, 7, 98_000, 1, 45_500];
        let parts = split(amount, &weights);
        assert_eq!(parts.iter().sum::<i64>(), amount);
        assert!(parts.iter().zip(&weights).all(|(p, w)| p <= w));
    }
}

#[test]
fn percent_with_a_cap_splits_over_the_shops_it_covers() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 200_000)]), part(2, "01", 25_000, &[("do-uong", 100_000)])];
    let ten = offer(7, Issuer::Marketplace, Benefit::Percent { bps: 1_000, cap: Some(25_000) }, 0);
    let applied = apply(std::slice::from_ref(&ten), &parts).expect("applies");
    assert_eq!(applied[0].total_vnd, 25_000);
    assert_eq!(applied[0].funder, Funder::Marketplace);
    // 25,000 over 200,000 : 100,000 → 16,666.67 and 8,333.33: the larger remainder gets the đồng.
    let goods: Vec<i64> = applied[0].shares.iter().map(|s| s.goods_vnd).collect();
    assert_eq!(goods, vec![16_667, 8_333]);
    assert_eq!(ten.describe(), "Giảm 10% tối đa 25.000 ₫");
}

#[test]
fn shop_and_province_vouchers_cover_only_their_goods() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 200_000)]), part(2, "01", 25_000, &[("do-uong", 100_000)])];
    let shop = offer(1, Issuer::Shop(2), Benefit::Fixed { amount: 150_000 }, 0);
    let applied = apply(&[shop], &parts).expect("applies");
    assert_eq!(applied[0].shares, vec![Share { shop_id: 2, goods_vnd: 100_000, shipping_vnd: 0 }]);
    assert_eq!(applied[0].funder, Funder::Shop);
    let province = offer(2, Issuer::Province("22".into()), Benefit::Percent { bps: 500, cap: None }, 0);
    let applied = apply(&[province], &parts).expect("applies");
    assert_eq!(applied[0].shares, vec![Share { shop_id: 1, goods_vnd: 10_000, shipping_vnd: 0 }]);
    let elsewhere = offer(3, Issuer::Province("79".into()), Benefit::Percent { bps: 500, cap: None }, 0);
    assert!(apply(&[elsewhere], &parts).is_err());
}

#[test]
fn the_marketplace_percentage_counts_what_the_shop_voucher_left() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 200_000)])];
    let shop = offer(1, Issuer::Shop(1), Benefit::Fixed { amount: 50_000 }, 0);
    let market = offer(2, Issuer::Marketplace, Benefit::Percent { bps: 1_000, cap: None }, 0);
    let applied = apply(&[market, shop], &parts).expect("applies");
    assert_eq!(applied.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(), vec!["MA1", "MA2"]);
    assert_eq!(applied[1].total_vnd, 15_000);
    assert_eq!(per_shop(&applied, 1, Funder::Shop), (50_000, 0));
    assert_eq!(per_shop(&applied, 1, Funder::Marketplace), (15_000, 0));
}

#[test]
fn minimum_order_names_what_is_missing() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 80_000)])];
    let min = offer(1, Issuer::Marketplace, Benefit::Fixed { amount: 20_000 }, 100_000);
    let refused = apply(&[min], &parts).expect_err("under the minimum");
    assert_eq!(refused.reason, "Mã này cần đơn từ 100.000 ₫ (còn thiếu 20.000 ₫)");
}

#[test]
fn free_shipping_is_capped_and_split_by_fee() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 80_000)]), part(2, "01", 10_000, &[("do-uong", 50_000)])];
    let ship = offer(1, Issuer::Marketplace, Benefit::FreeShipping { cap: Some(20_000) }, 0);
    let applied = apply(&[ship], &parts).expect("applies");
    assert_eq!(
        applied[0].shares,
        vec![
            Share { shop_id: 1, goods_vnd: 0, shipping_vnd: 15_000 },
            Share { shop_id: 2, goods_vnd: 0, shipping_vnd: 5_000 }
        ]
    );
}

#[test]
fn one_voucher_per_place() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 80_000)])];
    let a = offer(1, Issuer::Marketplace, Benefit::Fixed { amount: 10_000 }, 0);
    let b = offer(2, Issuer::Province("22".into()), Benefit::Fixed { amount: 5_000 }, 0);
    assert!(apply(&[a.clone(), b], &parts).is_err());
    let c = offer(3, Issuer::Shop(1), Benefit::FreeShipping { cap: None }, 0);
    let d = offer(4, Issuer::Marketplace, Benefit::FreeShipping { cap: None }, 0);
    assert!(apply(&[c.clone(), d], &parts).is_err());
    assert_eq!(apply(&[a, c], &parts).expect("two places").len(), 2);
}

#[test]
fn best_picks_the_largest_saving_per_place() {
    let parts = [part(1, "22", 30_000, &[("thuc-pham", 300_000)])];
    let offers = [
        offer(1, Issuer::Marketplace, Benefit::Fixed { amount: 20_000 }, 0),
        offer(2, Issuer::Marketplace, Benefit::Percent { bps: 1_000, cap: Some(40_000) }, 0),
        offer(3, Issuer::Marketplace, Benefit::Fixed { amount: 100_000 }, 500_000),
        offer(4, Issuer::Shop(1), Benefit::Fixed { amount: 10_000 }, 0),
        offer(5, Issuer::Marketplace, Benefit::FreeShipping { cap: Some(15_000) }, 0),
    ];
    let ids: Vec<i64> = best(&offers, &parts).iter().map(|o| o.id).collect();
    assert_eq!(ids, vec![4, 2, 5]);
}

#[test]
fn a_category_voucher_counts_only_that_group() {
    let parts = [part(1, "22", 0, &[("thuc-pham", 100_000), ("do-uong", 300_000)])];
    let mut tea = offer(1, Issuer::Marketplace, Benefit::Percent { bps: 1_000, cap: None }, 0);
    tea.category = Some("do-uong".into());
    assert_eq!(apply(&[tea], &parts).expect("applies")[0].total_vnd, 30_000);
}
