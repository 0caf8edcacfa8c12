//! The public storefront, for anyone, signed in or not: home, groups, provinces, shops and
//! products, search, fairs' public pages, the supply–demand board, booth receipts, the
//! regulations, the seller academy and the language switch. Every page URL not under `/kenh-nguoi-ban`,
//! `/quan-tri` or a shopper's own (see `account`).

use axum::routing::{get, post};

use crate::routes::Routes;

pub mod academy;
pub mod board;
pub mod catalog;
pub mod categories;
pub mod fairs;
pub mod home;
pub mod info;
pub mod questions;
pub mod receipt;
pub mod reviews;
pub mod search;

pub fn routes() -> Routes {
    Routes::new()
        .route("/", get(home::show))
        .route("/ngon-ngu", get(info::switch_language))
        .route("/quy-che", get(info::regulations))
        .route("/danh-muc/{group}", get(catalog::by_group))
        .route("/danh-muc", get(categories::index))
        .route("/tinh/{province}", get(catalog::by_province))
        .route("/cua-hang/{shop}", get(catalog::shop))
        .route("/san-pham/{slug}", get(catalog::product))
        .route("/danh-gia/{id}/bao-cao", post(reviews::report))
        .route("/san-pham/{slug}/hoi", post(questions::ask))
        .route("/hoi-dap/{id}/tra-loi", post(questions::answer))
        .route("/sitemap.xml", get(catalog::sitemap))
        .route("/tim-kiem", get(search::show))
        .route("/hoa-don/{code}", get(receipt::receipt))
        .route("/ket-noi-cung-cau", get(board::board))
        .route("/ket-noi-cung-cau/dang-yeu-cau", get(board::new_form).post(board::create))
        .route("/ket-noi-cung-cau/cua-toi", get(board::mine))
        .route("/ket-noi-cung-cau/{id}", get(board::detail))
        .route("/ket-noi-cung-cau/{id}/dong", post(board::close))
        .route("/ket-noi-cung-cau/{id}/bao-gia", post(board::make_offer))
        .route("/ket-noi-cung-cau/{id}/bao-gia/{offer}/chon", post(board::accept))
        .route("/ket-noi-cung-cau/{id}/bao-gia/{offer}/tin-nhan", post(board::write))
        .route("/hoc-vien", get(academy::index))
        .route("/hoc-vien/{course}", get(academy::course))
        .route("/hoc-vien/{course}/{lesson}", get(academy::lesson))
        .route("/hoc-vien/{course}/{lesson}/da-hoc", post(academy::mark))
        .route("/hoi-cho", get(fairs::list))
        .route("/hoi-cho/{slug}", get(fairs::show))
        .route("/hoi-cho/{slug}/gian/{number}", get(fairs::booth))
        .route("/hoi-cho/{slug}/gian/{number}/qr.svg", get(fairs::booth_qr))
}
