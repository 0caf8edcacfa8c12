//! HTML pages, Vietnamese paths first.

use axum::routing::{get, post};

use crate::routes::Routes;

pub mod account;
pub mod admin;
pub mod admin_orders;
pub mod admin_payments;
pub mod admin_payouts;
pub mod auth;
pub mod booth;
pub mod buy;
pub mod cart;
pub mod catalog;
pub mod categories;
pub mod fair_admin;
pub mod fairs;
pub mod figures;
pub mod forms;
pub mod home;
pub mod info;
pub mod orders;
pub mod search;
pub mod vendor;
pub mod vendor_fairs;
pub mod vendor_money;
pub mod vendor_orders;
pub mod wholesale;

/// Uploads (imports now, images later) may be larger than ordinary requests.
pub const UPLOAD_LIMIT_BYTES: usize = 16 * 1024 * 1024;

fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)
}

pub fn routes() -> Routes {
    Routes::new()
        .route("/", get(home::show))
        .route("/dang-nhap", get(auth::login_form).post(auth::login))
        .route("/dang-ky", get(auth::register_form).post(auth::register))
        .route("/dang-xuat", post(auth::logout))
        .route("/tai-khoan", get(account::show))
        .route("/tai-khoan/mat-khau", post(account::change_password))
        .route("/ngon-ngu", get(info::switch_language))
        .route("/quy-che", get(info::regulations))
        .route("/danh-muc/{group}", get(catalog::by_group))
        .route("/danh-muc", get(categories::index))
        .route("/tinh/{province}", get(catalog::by_province))
        .route("/cua-hang/{shop}", get(catalog::shop))
        .route("/san-pham/{slug}", get(catalog::product))
        .route("/sitemap.xml", get(catalog::sitemap))
        .route("/tim-kiem", get(search::show))
        .route("/gio-hang", get(cart::show))
        .route("/gio-hang/them", post(cart::add))
        .route("/gio-hang/cap-nhat", post(cart::update))
        .route("/gio-hang/mua-ngay", post(buy::buy_now))
        .route("/thanh-toan", get(cart::checkout_form).post(cart::review))
        .route("/thanh-toan/dat-hang", post(cart::place))
        .route("/thanh-toan/vnpay/ket-qua", get(orders::vnpay_return))
        .route("/don-hang", get(orders::list))
        .route("/don-hang/{code}", get(orders::detail))
        .route("/don-hang/{code}/thanh-toan", get(orders::pay))
        .route("/don-hang/{code}/mua-lai", post(buy::buy_again))
        .route("/don-hang/{code}/{part}/huy", post(orders::cancel))
        .route("/don-hang/{code}/{part}/da-nhan", post(orders::received))
        .route("/don-hang/{code}/{part}/khieu-nai", post(orders::complain))
        .route("/thong-bao", get(orders::notifications))
        .route("/thong-bao/da-doc", post(orders::mark_read))
        .route("/kenh-nguoi-ban/{shop}/don-hang", get(vendor_orders::list))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}", get(vendor_orders::detail))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/trang-thai", post(vendor_orders::change_status))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/phieu-giao", get(vendor_orders::packing_slip))
        .route("/kenh-nguoi-ban/{shop}/don-hang/{id}/hoan-tien", post(vendor_orders::answer_refund))
        .route("/kenh-nguoi-ban/{shop}/so-du", get(vendor_money::balance))
        .route("/kenh-nguoi-ban/{shop}/so-du/bao-cao.csv", get(vendor_money::statement_csv))
        .route("/kenh-nguoi-ban/{shop}/so-du/tai-khoan", post(vendor_money::set_payout_account))
        .route("/kenh-nguoi-ban/{shop}/ban-hang", get(booth::show).post(booth::finish))
        .route("/kenh-nguoi-ban/{shop}/ban-hang/dong-bo", post(booth::sync))
        .route("/kenh-nguoi-ban/{shop}/ban-hang/vietqr", get(booth::vietqr))
        .route("/hoa-don/{code}", get(booth::receipt))
        .route("/kenh-nguoi-ban/{shop}/van-chuyen", get(vendor_orders::rates_form).post(vendor_orders::save_rates))
        .route("/quan-tri/don-hang", get(admin_orders::orders))
        .route("/quan-tri/don-hang/{code}/da-thanh-toan", post(admin_orders::mark_paid))
        .route("/quan-tri/khieu-nai", get(admin_orders::refund_requests))
        .route("/quan-tri/khieu-nai/{id}", post(admin_orders::decide_refund))
        .route("/quan-tri/diem-nhan-hang", get(admin_orders::pickup_points).post(admin_orders::save_pickup_point))
        .route("/quan-tri/diem-nhan-hang/{id}/bat-tat", post(admin_orders::toggle_pickup_point))
        .route("/quan-tri/sao-ke", get(admin_payments::show).post(admin_payments::import).layer(upload_limit()))
        .route("/quan-tri/sao-ke/{id}/da-xu-ly", post(admin_payments::resolve))
        .route("/quan-tri/chi-tra", get(admin_payouts::index).post(admin_payouts::create))
        .route("/quan-tri/chi-tra/{id}", get(admin_payouts::show))
        .route("/quan-tri/chi-tra/{id}/ngan-hang.csv", get(admin_payouts::bank_file))
        .route("/quan-tri/chi-tra/{id}/da-chi", post(admin_payouts::mark_paid))
        .route("/quan-tri/chi-tra/{id}/huy", post(admin_payouts::cancel))
        .route("/ket-noi-cung-cau", get(wholesale::board))
        .route("/ket-noi-cung-cau/dang-yeu-cau", get(wholesale::new_form).post(wholesale::create))
        .route("/ket-noi-cung-cau/cua-toi", get(wholesale::mine))
        .route("/ket-noi-cung-cau/{id}", get(wholesale::detail))
        .route("/ket-noi-cung-cau/{id}/dong", post(wholesale::close))
        .route("/ket-noi-cung-cau/{id}/bao-gia", post(wholesale::make_offer))
        .route("/ket-noi-cung-cau/{id}/bao-gia/{offer}/chon", post(wholesale::accept))
        .route("/ket-noi-cung-cau/{id}/bao-gia/{offer}/tin-nhan", post(wholesale::write))
        .route("/kenh-nguoi-ban/{shop}/cung-cau", get(wholesale::shop_board))
        .route("/hoi-cho", get(fairs::list))
        .route("/hoi-cho/{slug}", get(fairs::show))
        .route("/hoi-cho/{slug}/gian/{number}", get(fairs::booth))
        .route("/hoi-cho/{slug}/gian/{number}/qr.svg", get(fairs::booth_qr))
        .route("/quan-tri/hoi-cho", get(fair_admin::index).post(fair_admin::create))
        .route("/quan-tri/hoi-cho/{slug}", get(fair_admin::show))
        .route("/quan-tri/hoi-cho/{slug}/sua", post(fair_admin::update))
        .route("/quan-tri/hoi-cho/{slug}/bao-cao", get(figures::fair_report))
        .route("/quan-tri/hoi-cho/{slug}/bao-cao.csv", get(figures::fair_report_csv))
        .route("/quan-tri/doanh-so", get(figures::admin_sales))
        .route("/kenh-nguoi-ban/{shop}/doanh-so", get(figures::shop_sales))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/nhan", post(fair_admin::accept))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/tu-choi", post(fair_admin::reject))
        .route("/quan-tri/hoi-cho/{slug}/don/{id}/giam-gia", post(fair_admin::booth_discount))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho", get(vendor_fairs::list))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}", get(vendor_fairs::booth))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/dang-ky", post(vendor_fairs::apply))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/rut", post(vendor_fairs::withdraw))
        .route("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}/gia", post(vendor_fairs::set_prices))
        .route("/quan-tri/cung-cau", get(wholesale::admin))
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
