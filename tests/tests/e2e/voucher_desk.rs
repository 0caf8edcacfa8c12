//! The voucher desks (issue 16): a shop's owner and the admins issue vouchers from a page,
//! typed as people type amounts, every mistake named at once in Vietnamese; the desk shows
//! what each voucher gave; pausing takes one off the shop page and out of checkout.

use chrono::Duration;
use ocop_accounts::Role;
use ocop_catalog::shops;
use ocop_promotions::entity::voucher;
use ocop_tests::fixtures::{product, vn_field};
use ocop_tests::{TestApp, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

async fn by_code(app: &TestApp, code: &str) -> Option<voucher::Model> {
    voucher::Entity::find().filter(voucher::Column::Code.eq(code)).one(&app.db).await.unwrap()
}

/// The page's text without tags, spaces run together: what a person reads.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_shop_owner_issues_a_voucher_sees_what_it_gave_and_pauses_it() {
    let app = spawn_app().await;
    let (slug, vendor, _) = app.shop("HTX Trà Hoa Vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &slug, &product("Trà hoa vàng Ba Chẽ", "TRA-HV-1", 200_000, 50)).await;
    let owner = app.signed_in(&vendor.email).await;
    let desk = format!("/kenh-nguoi-ban/{slug}/ma-giam-gia");
    let dashboard = app.page(&owner, &format!("/kenh-nguoi-ban/{slug}")).await;
    assert!(dashboard.contains(&format!("href=\"{desk}\"")), "the dashboard links the desk");
    assert!(words(&app.page(&owner, &desk).await).contains("Chưa có mã nào."));

    // Every mistake at once, in Vietnamese, and nothing stored.
    let res = app
        .post_form(
            &owner,
            &desk,
            &desk,
            &[("code", "x!"), ("title", ""), ("kind", "fixed"), ("amount_vnd", "hai mươi nghìn"), ("ends_at", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    let refused = words(&html);
    for said in [
        "Vui lòng sửa các mục được đánh dấu.",
        "Mã gồm 4–20 chữ cái không dấu hoặc chữ số",
        "Cần tên chương trình từ 3 đến 120 ký tự",
        "Nhập số nguyên, ví dụ 125000 hoặc 125.000",
        "Cần ngày giờ kết thúc",
    ] {
        assert!(refused.contains(said), "{said}: {refused}");
    }
    assert!(html.contains("value=\"hai mươi nghìn\""), "what was typed stays in the form");
    assert_eq!(voucher::Entity::find().count(&app.db).await.unwrap(), 0);

    let ends = vn_field(Duration::days(30));
    let good = [
        ("code", "bache20"),
        ("title", "Quà Tết từ Ba Chẽ"),
        ("kind", "fixed"),
        ("amount_vnd", "20.000 ₫"),
        ("min_order_vnd", "150,000"),
        ("ends_at", ends.as_str()),
        ("total_limit", "50"),
        ("per_user_limit", "1"),
    ];
    let res = app.post_form(&owner, &desk, &desk, &good).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{desk}?da_tao=BACHE20").as_str());
    let saved = by_code(&app, "BACHE20").await.expect("issued");
    let shop = shops::by_slug(&app.db, &slug).await.unwrap();
    assert_eq!((saved.issuer.as_str(), saved.shop_id), ("shop", Some(shop.id)));
    assert_eq!((saved.amount_vnd, saved.min_order_vnd, saved.total_limit), (20_000, 150_000, Some(50)));
    assert_eq!(ocop_core::time::in_vn(saved.ends_at).format("%Y-%m-%dT%H:%M").to_string(), ends, "Vietnam time");
    let page = words(&app.page(&owner, &format!("{desk}?da_tao=BACHE20")).await);
    assert!(page.contains("Đã tạo mã BACHE20"), "{page}");
    assert!(page.contains("Đang chạy") && page.contains("Đã dùng 0/50"), "{page}");

    // The same code again is taken, said on the form.
    let res = app.post_form(&owner, &desk, &desk, &good).await;
    assert_eq!(res.status(), 409);
    assert!(words(&res.text().await.unwrap()).contains("Mã này đã có, hãy chọn mã khác"));

    // A shopper uses it; the desk shows the use, the order and the đồng given.
    let (_, shopper) = app.user("khach-bache@example.vn", Role::Shopper).await;
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "TRA-HV-1", "shop": slug, "quantity": 1}))
        .await;
    assert_eq!(res.status(), 201);
    let checkout = json!({"payment_method": "cod", "voucher_codes": ["BACHE20"], "shipping": {"recipient": "Nguyễn Thị Lan",
        "phone": "0912 345 678", "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}});
    let res = app.post_json_as(&shopper, "/api/v1/checkout", &checkout).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let page = words(&app.page(&owner, &desk).await);
    assert!(page.contains("Đã dùng 1/50 · 1 đơn · đã giảm 20.000 ₫"), "{page}");

    // Paused: off the shop page and refused at checkout; resumed: back.
    let pause = format!("{desk}/{}/tam-dung", saved.id);
    let res = app.post_form(&owner, &desk, &pause, &[("paused", "1")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(by_code(&app, "BACHE20").await.unwrap().status, "paused");
    assert!(words(&app.page(&owner, &desk).await).contains("Tạm dừng"));
    let shop_page = app.page(&app.new_client(), &format!("/cua-hang/{slug}")).await;
    assert!(!shop_page.contains("BACHE20"), "a paused voucher is not offered");
    let res = app.post_form(&owner, &desk, &pause, &[("paused", "0")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(by_code(&app, "BACHE20").await.unwrap().status, "active");
    assert!(app.page(&app.new_client(), &format!("/cua-hang/{slug}")).await.contains("BACHE20"));
}

#[tokio::test]
async fn only_the_owner_keeps_a_shops_vouchers_and_only_admins_the_marketplaces() {
    let app = spawn_app().await;
    let (slug, vendor, _) = app.shop("HTX Miến Dong Bình Liêu", "Quảng Ninh").await;
    let (other_slug, other_vendor, _) = app.shop("HTX Nước Mắm Cái Rồng", "Quảng Ninh").await;
    let (staff, _) = app.user("nhanvien-binhlieu@example.vn", Role::Vendor).await;
    let shop = shops::by_slug(&app.db, &slug).await.unwrap();
    shops::add_member(&app.db, shop.id, staff.id, "staff").await.unwrap();
    let desk = format!("/kenh-nguoi-ban/{slug}/ma-giam-gia");
    let owner = app.signed_in(&vendor.email).await;
    let ends = vn_field(Duration::days(10));
    let res = app
        .post_form(
            &owner,
            &desk,
            &desk,
            &[
                ("code", "MIEN10"),
                ("title", "Miến dong giảm 10%"),
                ("kind", "percent"),
                ("percent", "10%"),
                ("amount_vnd", "30.000"),
                ("ends_at", ends.as_str()),
                ("per_user_limit", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let ours = by_code(&app, "MIEN10").await.unwrap();
    assert_eq!((ours.percent_bps, ours.amount_vnd, ours.per_user_limit), (1_000, 30_000, 2));

    // Staff may not (403); another shop's owner does not see it (404), not even through
    // their own desk's pause button.
    let staff_client = app.signed_in(&staff.email).await;
    assert_eq!(staff_client.get(app.url(&desk)).send().await.unwrap().status(), 403);
    let other = app.signed_in(&other_vendor.email).await;
    assert_eq!(other.get(app.url(&desk)).send().await.unwrap().status(), 404);
    let other_desk = format!("/kenh-nguoi-ban/{other_slug}/ma-giam-gia");
    let res =
        app.post_form(&other, &other_desk, &format!("{other_desk}/{}/tam-dung", ours.id), &[("paused", "1")]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(by_code(&app, "MIEN10").await.unwrap().status, "active");

    // The admins' desk: a province's voucher; a bad province named with the other mistakes.
    let (admin, _) = app.admin().await;
    let admin_client = app.signed_in(&admin.email).await;
    let index = app.page(&admin_client, "/quan-tri").await;
    assert!(index.contains("href=\"/quan-tri/ma-giam-gia\""));
    let res = app
        .post_form(
            &admin_client,
            "/quan-tri/ma-giam-gia",
            "/quan-tri/ma-giam-gia",
            &[
                ("code", "QN"),
                ("title", "Tuần hàng Quảng Ninh"),
                ("kind", "free_shipping"),
                ("province", "atlantis"),
                ("ends_at", ends.as_str()),
                ("per_user_limit", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let refused = words(&res.text().await.unwrap());
    assert!(refused.contains("Không có tỉnh, thành phố này") && refused.contains("Mã gồm 4–20"), "{refused}");
    let res = app
        .post_form(
            &admin_client,
            "/quan-tri/ma-giam-gia",
            "/quan-tri/ma-giam-gia",
            &[
                ("code", "QNFREESHIP"),
                ("title", "Tuần hàng Quảng Ninh"),
                ("kind", "free_shipping"),
                ("amount_vnd", "25.000"),
                ("province", "quang-ninh"),
                ("ends_at", ends.as_str()),
                ("per_user_limit", "1"),
                ("claim_required", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let qn = by_code(&app, "QNFREESHIP").await.unwrap();
    assert_eq!(
        (qn.issuer.as_str(), qn.province_code.as_deref(), qn.claim_required),
        ("province", Some("quang-ninh"), true)
    );
    let page = words(&app.page(&admin_client, "/quan-tri/ma-giam-gia").await);
    assert!(page.contains("Mã của Quảng Ninh") && page.contains("QNFREESHIP"), "{page}");
    assert!(!page.contains("MIEN10"), "a shop's vouchers are the shop's");
    // The admins pause theirs, not a shop's through their desk.
    let res = app
        .post_form(
            &admin_client,
            "/quan-tri/ma-giam-gia",
            &format!("/quan-tri/ma-giam-gia/{}/tam-dung", ours.id),
            &[("paused", "1")],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_form(
            &admin_client,
            "/quan-tri/ma-giam-gia",
            &format!("/quan-tri/ma-giam-gia/{}/tam-dung", qn.id),
            &[("paused", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(by_code(&app, "QNFREESHIP").await.unwrap().status, "paused");
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let coordinator = app.signed_in(&coordinator.email).await;
    assert_eq!(coordinator.get(app.url("/quan-tri/ma-giam-gia")).send().await.unwrap().status(), 403);
}
