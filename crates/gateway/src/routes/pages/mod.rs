//! HTML pages, Vietnamese paths first.

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub mod account;
pub mod admin;
pub mod auth;
pub mod catalog;
pub mod forms;
pub mod home;
pub mod info;
pub mod search;
pub mod vendor;

/// Uploads (imports now, images later) may be larger than ordinary requests.
pub const UPLOAD_LIMIT_BYTES: usize = 16 * 1024 * 1024;

fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/dang-nhap", get(auth::login_form).post(auth::login))
        .route("/dang-ky", get(auth::register_form).post(auth::register))
        .route("/dang-xuat", post(auth::logout))
        .route("/tai-khoan", get(account::show))
        .route("/tai-khoan/mat-khau", post(account::change_password))
        .route("/ngon-ngu", get(info::switch_language))
        .route("/quy-che", get(info::regulations))
        .route("/danh-muc/{group}", get(catalog::by_group))
        .route("/tinh/{province}", get(catalog::by_province))
        .route("/cua-hang/{shop}", get(catalog::shop))
        .route("/san-pham/{slug}", get(catalog::product))
        .route("/sitemap.xml", get(catalog::sitemap))
        .route("/tim-kiem", get(search::show))
        .route("/kenh-nguoi-ban", get(vendor::home).post(vendor::apply))
        .route("/kenh-nguoi-ban/{shop}", get(vendor::dashboard))
        .route("/kenh-nguoi-ban/{shop}/bien-the/{sku}", post(vendor::update_variant))
        .route("/kenh-nguoi-ban/{shop}/san-pham/{sku}/anh", post(vendor::upload_image).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}/san-pham-moi", get(vendor::new_product_form).post(vendor::create_product))
        .route(
            "/kenh-nguoi-ban/{shop}/nhap",
            get(vendor::import_form).post(vendor::import_upload).layer(upload_limit()),
        )
        .route("/kenh-nguoi-ban/{shop}/nhan-vien", post(vendor::invite_staff))
        .route("/kenh-nguoi-ban/{shop}/logo", post(vendor::upload_logo).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}/chung-nhan", post(vendor::add_certificate).layer(upload_limit()))
        .route("/quan-tri/chung-nhan/{id}/duyet", post(admin::verify_certificate))
        .route("/quan-tri/chung-nhan/{id}/tu-choi", post(admin::reject_certificate))
        .route("/kenh-nguoi-ban/{shop}/tam-nghi", post(vendor::vacation))
        .route("/quan-tri", get(admin::index))
        .route("/quan-tri/cua-hang", get(admin::shops_list))
        .route("/quan-tri/cua-hang-moi", get(admin::onboard_form).post(admin::onboard))
        .route("/quan-tri/cua-hang/{id}/tu-dong-duyet", post(admin::auto_approve))
        .route("/quan-tri/cua-hang/{id}/duyet", post(admin::verify_shop))
        .route("/quan-tri/cua-hang/{id}/tu-choi", post(admin::reject_shop))
        .route("/quan-tri/san-pham/{id}/duyet", post(admin::approve_product))
        .route("/quan-tri/san-pham/{id}/tu-choi", post(admin::reject_product))
        .route("/quan-tri/nhat-ky", get(admin::audit_log))
        .route("/quan-tri/nhap", get(admin::import_form).post(admin::import_upload).layer(upload_limit()))
}
