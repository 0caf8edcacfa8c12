//! The admin workspace, for admins and (where a screen says so) province coordinators:
//! the first screen and moderation queue, shops, import, the audit log, orders, refunds,
//! pickup points, bank statements, payouts, fairs and their reports, sales, the board's
//! overview, the seller academy's lessons, vouchers. Every URL under `/quan-tri`.

use axum::routing::{get, post};

use crate::forms::upload_limit;
use crate::routes::Routes;

pub mod academy;
pub mod audit;
pub mod board;
pub mod fair_report;
pub mod fairs;
pub mod import;
pub mod messages;
pub mod moderation;
pub mod orders;
pub mod payouts;
pub mod pickup_points;
pub mod refunds;
pub mod reviews;
pub mod sales;
pub mod shops;
pub mod statements;
pub mod vouchers;

pub fn routes() -> Routes {
    Routes::new()
        .route("/quan-tri", get(moderation::index))
        .route("/quan-tri/cua-hang/{id}/duyet", post(moderation::verify_shop))
        .route("/quan-tri/cua-hang/{id}/tu-choi", post(moderation::reject_shop))
        .route("/quan-tri/san-pham/{id}/duyet", post(moderation::approve_product))
        .route("/quan-tri/san-pham/{id}/tu-choi", post(moderation::reject_product))
        .route("/quan-tri/chung-nhan/{id}/duyet", post(moderation::verify_certificate))
        .route("/quan-tri/chung-nhan/{id}/tu-choi", post(moderation::reject_certificate))
        .route("/quan-tri/cua-hang", get(shops::shops_list))
        .route("/quan-tri/cua-hang-moi", get(shops::onboard_form).post(shops::onboard))
        .route("/quan-tri/cua-hang/{id}/tu-dong-duyet", post(shops::auto_approve))
        .route("/quan-tri/nhat-ky", get(audit::audit_log))
        .route("/quan-tri/nhap", get(import::form).post(import::upload).layer(upload_limit()))
        .route("/quan-tri/don-hang", get(orders::orders))
        .route("/quan-tri/don-hang/{code}/da-thanh-toan", post(orders::mark_paid))
        .route("/quan-tri/khieu-nai", get(refunds::refund_requests))
        .route("/quan-tri/khieu-nai/{id}", post(refunds::decide_refund))
        .route("/quan-tri/danh-gia", get(reviews::queue))
        .route("/quan-tri/danh-gia/{id}", post(reviews::decide))
        .route("/quan-tri/tin-nhan", get(messages::queue))
        .route("/quan-tri/tin-nhan/{id}", get(messages::show))
        .route("/quan-tri/tin-nhan/{id}/dong", post(messages::close))
        .route("/quan-tri/diem-nhan-hang", get(pickup_points::pickup_points).post(pickup_points::save_pickup_point))
        .route("/quan-tri/diem-nhan-hang/{id}/bat-tat", post(pickup_points::toggle_pickup_point))
        .route("/quan-tri/sao-ke", get(statements::show).post(statements::import).layer(upload_limit()))
        .route("/quan-tri/sao-ke/{id}/da-xu-ly", post(statements::resolve))
        .route("/quan-tri/chi-tra", get(payouts::index).post(payouts::create))
        .route("/quan-tri/chi-tra/{id}", get(payouts::show))
        .route("/quan-tri/chi-tra/{id}/ngan-hang.csv", get(payouts::bank_file))
        .route("/quan-tri/chi-tra/{id}/da-chi", post(payouts::mark_paid))
        .route("/quan-tri/chi-tra/{id}/huy", post(payouts::cancel))
        .route("/quan-tri/hoi-cho", get(fairs::index).post(fairs::create))
        .route("/quan-tri/hoi-cho/{slug}", get(fairs::show))
        .route("/quan-tri/hoi-cho/{slug}/sua", post(fairs::update))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/nhan", post(fairs::accept))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/tu-choi", post(fairs::reject))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/giam-gia", post(fairs::booth_discount))
        .route("/quan-tri/hoi-cho/{slug}/bao-cao", get(fair_report::fair_report))
        .route("/quan-tri/hoi-cho/{slug}/bao-cao.csv", get(fair_report::fair_report_csv))
        .route("/quan-tri/doanh-so", get(sales::admin_sales))
        .route("/quan-tri/hoc-vien", get(academy::desk).post(academy::create_course))
        .route("/quan-tri/hoc-vien/khoa-hoc/{id}", post(academy::update_course))
        .route("/quan-tri/hoc-vien/khoa-hoc/{id}/xoa", post(academy::remove_course))
        .route("/quan-tri/hoc-vien/bai-moi", get(academy::new_lesson).post(academy::create_lesson))
        .route("/quan-tri/hoc-vien/bai/{id}", get(academy::edit_lesson).post(academy::update_lesson))
        .route("/quan-tri/hoc-vien/bai/{id}/trang-thai", post(academy::set_status))
        .route("/quan-tri/cung-cau", get(board::admin))
        .route("/quan-tri/ma-giam-gia", get(vouchers::show).post(vouchers::create))
        .route("/quan-tri/ma-giam-gia/{id}/tam-dung", post(vouchers::pause))
}
