//! HTML pages, Vietnamese paths first.

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub mod account;
pub mod auth;
pub mod catalog;
pub mod home;
pub mod info;

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
}
