//! The shop workspace, for a shop's owner and staff (and admins; coordinators of the
//! shop's province see its catalogue side): applying, the dashboard, products and import,
//! orders, shipping, messages with shoppers (staff only), money, the selling screen, fairs, sales, vouchers and the supply–demand board.
//! Every URL under `/kenh-nguoi-ban`.

use axum::routing::{get, post};

use crate::forms::upload_limit;
use crate::routes::Routes;

pub mod apply;
pub mod board;
pub mod dashboard;
pub mod fairs;
pub mod import;
pub mod messages;
pub mod money;
pub mod new_product;
pub mod orders;
pub mod questions;
pub mod reviews;
pub mod sales;
pub mod sell;
pub mod shipping;
pub mod vouchers;

pub fn routes() -> Routes {
    Routes::new()
        .route("/kenh-nguoi-ban", get(apply::home).post(apply::apply))
        .route("/kenh-nguoi-ban/{shop}/logo", post(apply::upload_logo).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}", get(dashboard::dashboard))
        .route("/kenh-nguoi-ban/{shop}/bien-the/{sku}", post(dashboard::update_variant))
        .route("/kenh-nguoi-ban/{shop}/san-pham/{sku}/anh", post(dashboard::upload_image).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}/nhan-vien", post(dashboard::invite_staff))
        .route("/kenh-nguoi-ban/{shop}/chung-nhan", post(dashboard::add_certificate).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}/tam-nghi", post(dashboard::vacation))
        .route("/kenh-nguoi-ban/{shop}/gioi-thieu", post(dashboard::describe))
        .route(
            "/kenh-nguoi-ban/{shop}/san-pham-moi",
            get(new_product::new_product_form).post(new_product::create_product),
        )
        .route("/kenh-nguoi-ban/{shop}/nhap", get(import::form).post(import::upload).layer(upload_limit()))
        .route("/kenh-nguoi-ban/{shop}/don-hang", get(orders::list))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}", get(orders::detail))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/trang-thai", post(orders::change_status))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/phieu-giao", get(orders::packing_slip))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/hoan-tien", post(orders::answer_refund))
        .route("/kenh-nguoi-ban/{shop}/van-chuyen", get(shipping::rates_form).post(shipping::save_rates))
        .route("/kenh-nguoi-ban/{shop}/danh-gia", get(reviews::list))
        .route("/kenh-nguoi-ban/{shop}/hoi-dap", get(questions::list))
        .route("/kenh-nguoi-ban/{shop}/tin-nhan", get(messages::inbox))
        .route("/kenh-nguoi-ban/{shop}/tin-nhan/{id}", get(messages::show).post(messages::send))
        .route("/kenh-nguoi-ban/{shop}/tin-nhan/{id}/bao-cao", post(messages::report))
        .route("/kenh-nguoi-ban/{shop}/danh-gia/{id}/tra-loi", post(reviews::reply))
        .route("/kenh-nguoi-ban/{shop}/so-du", get(money::balance))
        .route("/kenh-nguoi-ban/{shop}/so-du/bao-cao.csv", get(money::statement_csv))
        .route("/kenh-nguoi-ban/{shop}/so-du/tai-khoan", post(money::set_payout_account))
        .route("/kenh-nguoi-ban/{shop}/ban-hang", get(sell::show).post(sell::finish))
        .route("/kenh-nguoi-ban/{shop}/ban-hang/dong-bo", post(sell::sync))
        .route("/kenh-nguoi-ban/{shop}/ban-hang/vietqr", get(sell::vietqr))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho", get(fairs::list))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}", get(fairs::booth))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/dang-ky", post(fairs::apply))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/rut", post(fairs::withdraw))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/gia", post(fairs::set_prices))
        .route("/kenh-nguoi-ban/{shop}/doanh-so", get(sales::shop_sales))
        .route("/kenh-nguoi-ban/{shop}/cung-cau", get(board::shop_board))
        .route("/kenh-nguoi-ban/{shop}/ma-giam-gia", get(vouchers::show).post(vouchers::create))
        .route("/kenh-nguoi-ban/{shop}/ma-giam-gia/{id}/tam-dung", post(vouchers::pause))
}
