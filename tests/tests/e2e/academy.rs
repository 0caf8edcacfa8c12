//! The seller academy (issue 16): admins write Markdown lessons as drafts and publish them;
//! anyone reads published lessons; a signed-in reader marks them learnt; a shop's
//! dashboard lists what its own data still lacks, each step linked to its lesson.

use ocop_academy::starter::COURSE_SLUG;
use ocop_accounts::Role;
use ocop_tests::fixtures::product;
use ocop_tests::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn an_admin_writes_a_draft_that_only_admins_see_until_it_is_published() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let desk = app.signed_in(&admin.email).await;
    let guest = app.new_client();

    // A course without a title is refused, naming the field, on the page.
    let refused = app.post_form(&desk, "/quan-tri/hoc-vien", "/quan-tri/hoc-vien", &[("title", " ")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Nhập tiêu đề"));
    let made = app
        .post_form(
            &desk,
            "/quan-tri/hoc-vien",
            "/quan-tri/hoc-vien",
            &[("title", "Bán hàng mùa Tết"), ("summary", "Chuẩn bị hàng và hộp quà cho mùa Tết")],
        )
        .await;
    assert_eq!(made.status(), 303);
    let course = ocop_academy::courses::by_slug(&app.db, "ban-hang-mua-tet").await.unwrap();

    // A lesson is saved as a draft; a too-short body and an unknown topic are named.
    let new = format!("/quan-tri/hoc-vien/bai-moi?khoa={}", course.id);
    let course_id = course.id.to_string();
    let bad = app
        .post_form(
            &desk,
            &new,
            "/quan-tri/hoc-vien/bai-moi",
            &[("course_id", &course_id), ("title", "Hộp quà Tết"), ("body", "ngắn"), ("topic", "khong-co")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("ít nhất 20 ký tự") && html.contains("Chọn một mục"), "both fields are named");
    let body = "### Chọn hộp\n\nHộp cứng, có **lót xốp**.\n\n<script>window.x=1</script>\n\n[bấm](javascript:alert(1))";
    let saved = app
        .post_form(
            &desk,
            &new,
            "/quan-tri/hoc-vien/bai-moi",
            &[
                ("course_id", &course_id),
                ("title", "Hộp quà Tết"),
                ("summary", "Hộp nào, lót gì"),
                ("body", body),
                ("topic", "packing"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let edit = saved.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_owned();
    let lesson_id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
    let reader_path = "/hoc-vien/ban-hang-mua-tet/hop-qua-tet";

    // Nobody but an admin sees the draft, nor the course that has only drafts.
    assert_eq!(guest.get(app.url(reader_path)).send().await.unwrap().status(), 404);
    assert_eq!(guest.get(app.url("/hoc-vien/ban-hang-mua-tet")).send().await.unwrap().status(), 404);
    assert!(!app.page(&guest, "/hoc-vien").await.contains("Bán hàng mùa Tết"));
    let preview = app.page(&desk, reader_path).await;
    assert!(preview.contains(r#"data-testid="lesson-draft""#));
    // The same sanitiser as shop descriptions: headings and bold stay, script and javascript: go.
    assert!(preview.contains("<h3>Chọn hộp</h3>") && preview.contains("<strong>lót xốp</strong>"));
    assert!(!preview.contains("<script>window.x") && !preview.contains("javascript:"));
    let edit_page = app.page(&desk, &edit).await;
    assert!(
        edit_page.contains(r#"data-testid="lesson-preview""#) && edit_page.contains(r#"data-testid="lesson-publish""#)
    );

    // Published: everyone reads it; the audit log says who published.
    let published = app.post_form(&desk, &edit, &format!("{edit}/trang-thai"), &[("status", "published")]).await;
    assert_eq!(published.status(), 303);
    let page = app.page(&guest, reader_path).await;
    assert!(page.contains("Hộp quà Tết") && page.contains("<h3>Chọn hộp</h3>"));
    assert!(app.page(&guest, "/hoc-vien").await.contains("Bán hàng mùa Tết"));
    let lesson: Value =
        app.get("/api/v1/academy/courses/ban-hang-mua-tet/lessons/hop-qua-tet").await.json().await.unwrap();
    assert_eq!(lesson["id"], lesson_id);
    assert!(lesson["body_html"].as_str().unwrap().contains("<strong>lót xốp</strong>"));
    assert!(!lesson["body_html"].as_str().unwrap().contains("script"));
    let log = app.page(&desk, "/quan-tri/nhat-ky").await;
    assert!(log.contains("academy.lesson.publish"), "publishing is audited");

    // A second lesson may not take the first one's address in the course.
    let taken = app
        .post_form(
            &desk,
            &new,
            "/quan-tri/hoc-vien/bai-moi",
            &[
                ("course_id", &course_id),
                ("title", "Bài khác"),
                ("slug", "hop-qua-tet"),
                ("body", "Nội dung đủ dài cho một bài học."),
            ],
        )
        .await;
    assert_eq!(taken.status(), 409);
    assert!(taken.text().await.unwrap().contains("đã có bài khác dùng địa chỉ này"));

    // A course with lessons is not removed; an empty one is.
    let remove = format!("/quan-tri/hoc-vien/khoa-hoc/{}/xoa", course.id);
    let kept = app.post_form(&desk, "/quan-tri/hoc-vien", &remove, &[]).await;
    assert_eq!(kept.status(), 409);
    assert!(kept.text().await.unwrap().contains("Khoá học còn 1 bài"));
    app.post_form(&desk, "/quan-tri/hoc-vien", "/quan-tri/hoc-vien", &[("title", "Khoá tạo nhầm")]).await;
    let mistake = ocop_academy::courses::by_slug(&app.db, "khoa-tao-nham").await.unwrap();
    let removed = app
        .post_form(&desk, "/quan-tri/hoc-vien", &format!("/quan-tri/hoc-vien/khoa-hoc/{}/xoa", mistake.id), &[])
        .await;
    assert_eq!(removed.status(), 303);
    assert!(ocop_academy::courses::by_slug(&app.db, "khoa-tao-nham").await.is_err());

    // Back to a draft: gone for readers again, the mark API refuses it.
    app.post_form(&desk, &edit, &format!("{edit}/trang-thai"), &[("status", "draft")]).await;
    assert_eq!(guest.get(app.url(reader_path)).send().await.unwrap().status(), 404);
    let (_, token) = app.user("hoc.vien@example.vn", Role::Vendor).await;
    let mark = app
        .client
        .put(app.url(&format!("/api/v1/academy/lessons/{lesson_id}/progress")))
        .bearer_auth(&token)
        .json(&json!({"done": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(mark.status(), 404, "a draft takes no marks");
}

#[tokio::test]
async fn a_shop_checklist_links_each_gap_to_its_lesson_and_marks_follow_the_reader() {
    let app = spawn_app().await;
    assert!(ocop_academy::starter::install(&app.db).await.unwrap());
    assert!(!ocop_academy::starter::install(&app.db).await.unwrap(), "installing again changes nothing");
    let (shop, vendor, token) = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    let mut squid = product("Chả mực giã tay Hạ Long", "CM-1", 420_000, 20);
    squid.perishable = Some(true);
    app.live_product(&vendor, &shop, &squid).await;
    let client = app.signed_in(&vendor.email).await;

    // A new shop: no logo, a listing without photos and with a short description, no
    // shipping rates, no payout account, no certificate, perishables to pack.
    let dashboard = app.page(&client, &format!("/kenh-nguoi-ban/{shop}")).await;
    for step in ["shop", "photos", "listing", "shipping", "payments", "certificate", "packing"] {
        assert!(dashboard.contains(&format!(r#"data-testid="checklist-{step}""#)), "{step} is open");
    }
    let photos_lesson = format!("/hoc-vien/{COURSE_SLUG}/chup-anh-bang-dien-thoai");
    assert!(dashboard.contains(&photos_lesson), "the photo step links to its lesson");
    assert!(dashboard.contains("0/7 việc đã xong"));

    assert!(dashboard.contains("Lời giới thiệu cửa hàng còn quá ngắn"));

    // The shop writes its description on the dashboard: only the logo is left of that step.
    let desk = format!("/kenh-nguoi-ban/{shop}");
    let long = "x".repeat(5001);
    let refused = app.post_form(&client, &desk, &format!("{desk}/gioi-thieu"), &[("description", &long)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Tối đa 5000 ký tự"));
    let about =
        "Hợp tác xã chả mực Hạ Long, 12 hộ thành viên ở phường Hồng Gai. Mực tươi giã tay trong ngày, không hàn the.";
    let saved = app.post_form(&client, &desk, &format!("{desk}/gioi-thieu"), &[("description", about)]).await;
    assert_eq!(saved.status(), 303);
    let dashboard = app.page(&client, &desk).await;
    assert!(!dashboard.contains("Lời giới thiệu cửa hàng còn quá ngắn") && dashboard.contains("Cửa hàng chưa có logo"));
    assert!(app.page(&app.new_client(), &format!("/cua-hang/{shop}")).await.contains("12 hộ thành viên"));

    // Shipping rates set: that step is done.
    let rates = ocop_orders::shipping::Rates {
        flat_fee_vnd: 30_000,
        weight_bands: Vec::new(),
        free_above_vnd: None,
        provinces: Vec::new(),
        perishables_local_only: true,
    };
    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    ocop_orders::shipping::save(&app.db, shop_id, &rates).await.unwrap();
    let checklist: Value = app.get_as(&token, &format!("/api/v1/shops/{shop}/checklist")).await.json().await.unwrap();
    let open: Vec<&str> = checklist["open"].as_array().unwrap().iter().map(|s| s["topic"].as_str().unwrap()).collect();
    assert!(!open.contains(&"shipping") && open.contains(&"packing"), "{open:?}");
    assert_eq!((checklist["done"].as_u64(), checklist["applicable"].as_u64()), (Some(1), Some(7)));
    assert_eq!(checklist["open"][0]["lesson"]["course"], COURSE_SLUG);

    // Reading the packing lesson and marking it: the next lesson opens, the packing step is done.
    let packing = format!("/hoc-vien/{COURSE_SLUG}/dong-goi-hang-tuoi");
    assert!(app.page(&client, &packing).await.contains(r#"data-testid="lesson-mark""#));
    let marked = app.post_form(&client, &packing, &format!("{packing}/da-hoc"), &[("done", "1")]).await;
    assert_eq!(marked.status(), 303);
    assert_eq!(marked.headers()["location"], format!("/hoc-vien/{COURSE_SLUG}/vietqr-va-cod"));
    assert!(app.page(&client, &packing).await.contains(r#"data-testid="lesson-learnt""#));
    let dashboard = app.page(&client, &format!("/kenh-nguoi-ban/{shop}")).await;
    assert!(!dashboard.contains(r#"data-testid="checklist-packing""#) && dashboard.contains("2/7 việc đã xong"));
    assert!(app.page(&client, &format!("/hoc-vien/{COURSE_SLUG}")).await.contains("1/8 đã học"));

    // The API agrees, per reader: the vendor's progress, not a guest's; marks are idempotent.
    let courses: Value = app.get_as(&token, "/api/v1/academy/courses").await.json().await.unwrap();
    assert_eq!((courses[0]["lessons"].as_u64(), courses[0]["done"].as_u64()), (Some(8), Some(1)));
    let guest: Value = app.get("/api/v1/academy/courses").await.json().await.unwrap();
    assert_eq!(guest[0]["done"], 0);
    let detail: Value =
        app.get_as(&token, &format!("/api/v1/academy/courses/{COURSE_SLUG}")).await.json().await.unwrap();
    let first = detail["lessons"][0]["id"].as_i64().unwrap();
    let put = |body: Value| {
        app.client
            .put(app.url(&format!("/api/v1/academy/lessons/{first}/progress")))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(put(json!({"done": true})).await.unwrap().status(), 200);
    }
    assert_eq!(put(json!({"done": "yes"})).await.unwrap().status(), 422);
    let courses: Value = app.get_as(&token, "/api/v1/academy/courses").await.json().await.unwrap();
    assert_eq!(courses[0]["done"], 2);
    assert_eq!(put(json!({"done": false})).await.unwrap().status(), 200);
    let anonymous =
        app.client.put(app.url(&format!("/api/v1/academy/lessons/{first}/progress"))).json(&json!({"done": true}));
    assert_eq!(anonymous.send().await.unwrap().status(), 401);

    // Another vendor's shop checklist is not this vendor's to read.
    let (_, _, rival) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    assert_eq!(app.get_as(&rival, &format!("/api/v1/shops/{shop}/checklist")).await.status(), 404);
}

#[tokio::test]
async fn installing_the_first_course_again_keeps_an_admins_edits() {
    let app = spawn_app().await;
    ocop_academy::starter::install(&app.db).await.unwrap();
    let (admin, _) = app.admin().await;
    let course = ocop_academy::courses::by_slug(&app.db, COURSE_SLUG).await.unwrap();
    let input = ocop_academy::courses::CourseInput {
        title: "Bán hàng OCOP trên sàn (bản của tỉnh)".into(),
        summary: course.summary.clone(),
        ..Default::default()
    };
    ocop_academy::courses::update(&app.db, &admin.actor(), course.id, &input).await.unwrap();
    assert!(!ocop_academy::starter::install(&app.db).await.unwrap());
    let kept = ocop_academy::courses::by_slug(&app.db, COURSE_SLUG).await.unwrap();
    assert_eq!(kept.title, "Bán hàng OCOP trên sàn (bản của tỉnh)");
    let lessons = ocop_academy::lessons::of_course(&app.db, kept.id, true).await.unwrap();
    assert_eq!(lessons.len(), 8);
    let html = app.page(&app.new_client(), &format!("/hoc-vien/{COURSE_SLUG}/sao-ocop-va-gia-han")).await;
    assert!(html.contains("36 tháng") && html.contains(r#"rel="next""#) && html.contains(r#"rel="prev""#));
}
