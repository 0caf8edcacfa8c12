//! Pages over HTTP: forms with CSRF, cookies, errors, language.

use ocop_tests::{spawn_app, spawn_app_with};

const PASSWORD: &str = "mat-khau-dai-du";

fn set_cookie<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
}

#[tokio::test]
async fn the_home_page_is_vietnamese_and_locked_down() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Mua đặc sản OCOP tận gốc"));
    assert!(html.contains("Thủ công mỹ nghệ, vải, may mặc"));
    assert!(html.contains("Quy chế hoạt động"));
    assert!(!html.contains("<script>"), "no inline scripts");
    let rules = app.get("/quy-che").await;
    assert_eq!(rules.status(), 200);
    assert!(rules.text().await.unwrap().contains("Quy chế hoạt động sàn giao dịch thương mại điện tử"));
}

#[tokio::test]
async fn the_english_switch_is_remembered() {
    let app = spawn_app().await;
    let res = app.get("/ngon-ngu?lang=en&next=/dang-nhap").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/dang-nhap");
    let html = app.get("/dang-nhap").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Log in"));
    // An outside target is refused.
    let res = app.get("/ngon-ngu?lang=vi&next=//evil.example").await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn register_log_out_and_log_in_through_the_forms() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            &app.client,
            "/dang-ky",
            "/dang-ky",
            &[
                ("name", "Trần Văn Bình"),
                ("email", "binh@example.vn"),
                ("phone", ""),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/tai-khoan");
    let cookie = set_cookie(&res, "ocop_session").expect("session cookie").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure outside production: {cookie}");

    let account = app.get("/tai-khoan").await.text().await.unwrap();
    assert!(account.contains("Trần Văn Bình") && account.contains("binh@example.vn"));

    let res = app.post_form(&app.client, "/tai-khoan", "/dang-xuat", &[]).await;
    assert_eq!(res.status(), 303);
    let res = app.get("/tai-khoan").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/dang-nhap?next=%2Ftai-khoan");

    let res = app
        .post_form(
            &app.client,
            "/dang-nhap",
            "/dang-nhap",
            &[("email", "BINH@example.vn"), ("password", PASSWORD), ("next", "/tai-khoan")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/tai-khoan");
    assert_eq!(app.get("/tai-khoan").await.status(), 200);
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server_too() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            &app.client,
            "/dang-ky",
            "/dang-ky",
            &[("name", "Bình"), ("email", "binh@example.vn"), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    let cookie = set_cookie(&res, "ocop_session").unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();
    let replay =
        || async { app.new_client().get(app.url("/tai-khoan")).header("cookie", &pair).send().await.unwrap().status() };
    assert_eq!(replay().await, 200);
    let res = app.post_form(&app.client, "/tai-khoan", "/dang-xuat", &[]).await;
    assert_eq!(res.status(), 303);
    // A copy of the old cookie is worthless now.
    assert_eq!(replay().await, 303);
}

#[tokio::test]
async fn cookies_are_secure_in_production() {
    let app = spawn_app_with(&[
        ("OCOP_ENV", "production"),
        ("OCOP_LOG_FORMAT", "json"),
        ("OCOP_VIETQR_ACCOUNT", "19035555000112"),
    ])
    .await;
    let res = app.get("/dang-nhap").await;
    let csrf = set_cookie(&res, "ocop_csrf").unwrap();
    assert!(csrf.contains("Secure"), "{csrf}");
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
}

#[tokio::test]
async fn a_form_post_without_its_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.get("/dang-ky").await; // the browser has a CSRF cookie now
    let res = app
        .client
        .post(app.url("/dang-ky"))
        .form(&[("name", "X"), ("email", "x@example.vn"), ("password", PASSWORD), ("password_confirm", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(html.contains("Biểu mẫu đã hết hạn"), "{html}");
    // And nothing was created.
    let login = app
        .post_form(&app.client, "/dang-nhap", "/dang-nhap", &[("email", "x@example.vn"), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status(), 401);

    let forged = app
        .client
        .post(app.url("/dang-xuat"))
        .form(&[("csrf_token", "forged-token-forged-token-forged-token")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn the_register_form_names_each_problem_in_vietnamese() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            &app.client,
            "/dang-ky",
            "/dang-ky",
            &[("name", ""), ("email", "sai"), ("phone", "123"), ("password", "ngan"), ("password_confirm", "ngan")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for message in
        ["Vui lòng nhập họ tên", "Email không hợp lệ", "Số điện thoại không hợp lệ", "Mật khẩu cần ít nhất 8 ký tự"]
    {
        assert!(html.contains(message), "missing {message}");
    }
    assert!(html.contains("value=\"sai\""), "what was typed is kept");

    let res = app
        .post_form(
            &app.client,
            "/dang-ky",
            "/dang-ky",
            &[("name", "A"), ("email", "a@example.vn"), ("password", PASSWORD), ("password_confirm", "khac-han-nhe")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Mật khẩu nhập lại không khớp"));
}

#[tokio::test]
async fn a_duplicate_email_on_the_form_is_409_on_that_field() {
    let app = spawn_app().await;
    app.register_api("lan@example.vn", PASSWORD).await;
    let res = app
        .post_form(
            &app.client,
            "/dang-ky",
            "/dang-ky",
            &[("name", "Lan"), ("email", "lan@example.vn"), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("Email này đã được đăng ký"));
}

#[tokio::test]
async fn a_wrong_password_on_the_form_keeps_the_email_and_says_so() {
    let app = spawn_app().await;
    app.register_api("lan@example.vn", PASSWORD).await;
    let res = app
        .post_form(&app.client, "/dang-nhap", "/dang-nhap", &[("email", "lan@example.vn"), ("password", "sai")])
        .await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains("email hoặc mật khẩu không đúng"));
    assert!(html.contains("value=\"lan@example.vn\""));
}

#[tokio::test]
async fn the_login_form_is_throttled_too() {
    let app = spawn_app().await;
    for _ in 0..10 {
        app.post_form(&app.client, "/dang-nhap", "/dang-nhap", &[("email", "lan@example.vn"), ("password", "sai")])
            .await;
    }
    let res = app
        .post_form(&app.client, "/dang-nhap", "/dang-nhap", &[("email", "lan@example.vn"), ("password", "sai")])
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.text().await.unwrap().contains("thử quá nhiều lần"));
}

#[tokio::test]
async fn a_password_change_logs_out_other_browsers() {
    let app = spawn_app().await;
    let phone = app.new_client();
    let fields = [("name", "Lan"), ("email", "lan@example.vn"), ("password", PASSWORD), ("password_confirm", PASSWORD)];
    app.post_form(&app.client, "/dang-ky", "/dang-ky", &fields).await;
    app.post_form(&phone, "/dang-nhap", "/dang-nhap", &[("email", "lan@example.vn"), ("password", PASSWORD)]).await;
    assert_eq!(phone.get(app.url("/tai-khoan")).send().await.unwrap().status(), 200);

    let res = app
        .post_form(
            &app.client,
            "/tai-khoan",
            "/tai-khoan/mat-khau",
            &[
                ("current_password", PASSWORD),
                ("new_password", "mat-khau-moi-123"),
                ("new_password_confirm", "mat-khau-moi-123"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/tai-khoan?doi_mat_khau=ok");
    assert!(app.get("/tai-khoan?doi_mat_khau=ok").await.text().await.unwrap().contains("Đã đổi mật khẩu"));
    assert_eq!(phone.get(app.url("/tai-khoan")).send().await.unwrap().status(), 303, "the other browser is logged out");
}

#[tokio::test]
async fn unknown_pages_get_a_vietnamese_404_page() {
    let app = spawn_app().await;
    let res = app.get("/khong-co-trang-nay").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("Không tìm thấy trang bạn cần"));
    assert!(html.contains("Về trang chủ"));
}

#[tokio::test]
async fn an_oversized_form_gets_the_413_page() {
    let app = spawn_app_with(&[("OCOP_BODY_LIMIT_BYTES", "4096")]).await;
    let token = app.csrf_token(&app.client, "/dang-ky").await;
    let big = "x".repeat(10_000);
    let res = app
        .client
        .post(app.url("/dang-ky"))
        .form(&[("csrf_token", token.as_str()), ("name", &big)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert!(res.text().await.unwrap().contains("Dữ liệu gửi lên quá lớn"));
}

#[tokio::test]
async fn static_files_are_cached_for_a_year() {
    let app = spawn_app().await;
    let res = app.get("/static/css/site.css").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("max-age=31536000"));
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn a_failure_inside_gets_the_vietnamese_500_page_without_details() {
    let app = spawn_app().await;
    app.db.clone().close().await.unwrap();
    let res = app.get("/").await;
    assert_eq!(res.status(), 500);
    let html = res.text().await.unwrap();
    assert!(html.contains("Đã có lỗi hệ thống"), "{html}");
    assert!(!html.to_lowercase().contains("pool") && !html.contains("sqlx"), "no internals shown");
}
