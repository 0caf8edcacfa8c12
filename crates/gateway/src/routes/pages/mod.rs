//! HTML pages, Vietnamese paths first.

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub mod account;
pub mod auth;
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
}
