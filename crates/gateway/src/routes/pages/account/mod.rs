//! Screens of one signed-in shopper's own things (or a guest's cart): signing in and up,
//! the account, the cart and checkout, orders and the notification bell. URLs:
//! `/dang-nhap`, `/dang-ky`, `/dang-xuat`, `/tai-khoan…`, `/gio-hang…`, `/thanh-toan…`,
//! `/don-hang…`, `/danh-gia…` (a shopper's reviews), `/theo-doi` (followed shops, saved
//! products; the buttons post to `/cua-hang/{shop}/theo-doi` and `/san-pham/{slug}/luu`),
//! `/ma-giam-gia/luu` (saving a voucher), `/tin-nhan…` (conversations with shops; a shop is written to from
//! `/cua-hang/{shop}/nhan-tin`), `/thong-bao…`.

use axum::routing::{get, post};

use crate::forms::upload_limit;
use crate::routes::Routes;

pub mod buy;
pub mod cart;
pub mod checkout;
pub mod follows;
pub mod messages;
pub mod notifications;
pub mod orders;
pub mod profile;
pub mod reviews;
pub mod sign_in;
pub mod vouchers;

pub fn routes() -> Routes {
    Routes::new()
        .route("/dang-nhap", get(sign_in::login_form).post(sign_in::login))
        .route("/dang-ky", get(sign_in::register_form).post(sign_in::register))
        .route("/dang-xuat", post(sign_in::logout))
        .route("/tai-khoan", get(profile::show))
        .route("/tai-khoan/mat-khau", post(profile::change_password))
        .route("/gio-hang", get(cart::show))
        .route("/gio-hang/them", post(cart::add))
        .route("/gio-hang/cap-nhat", post(cart::update))
        .route("/ma-giam-gia/luu", post(vouchers::save))
        .route("/gio-hang/mua-ngay", post(buy::buy_now))
        .route("/thanh-toan", get(checkout::checkout_form).post(checkout::review))
        .route("/thanh-toan/dat-hang", post(checkout::place))
        .route("/thanh-toan/vnpay/ket-qua", get(orders::vnpay_return))
        .route("/don-hang", get(orders::list))
        .route("/don-hang/{code}", get(orders::detail))
        .route("/don-hang/{code}/thanh-toan", get(orders::pay))
        .route("/don-hang/{code}/mua-lai", post(buy::buy_again))
        .route("/don-hang/{code}/{part}/huy", post(orders::cancel))
        .route("/don-hang/{code}/{part}/da-nhan", post(orders::received))
        .route("/don-hang/{code}/{part}/khieu-nai", post(orders::complain))
        .route("/danh-gia", get(reviews::mine))
        .route("/danh-gia/hoa-don", post(reviews::claim))
        .route("/danh-gia/{id}/sua", get(reviews::edit_form).post(reviews::edit).layer(upload_limit()))
        .route("/danh-gia/viet/{kind}/{line}", get(reviews::new_form).post(reviews::create).layer(upload_limit()))
        .route("/theo-doi", get(follows::mine))
        .route("/cua-hang/{shop}/theo-doi", post(follows::follow))
        .route("/san-pham/{slug}/luu", post(follows::save))
        .route("/tin-nhan", get(messages::list))
        .route("/tin-nhan/{id}", get(messages::show).post(messages::send))
        .route("/tin-nhan/{id}/bao-cao", post(messages::report))
        .route("/cua-hang/{shop}/nhan-tin", get(messages::to_shop).post(messages::start))
        .route("/thong-bao", get(notifications::notifications))
        .route("/thong-bao/da-doc", post(notifications::mark_read))
}
