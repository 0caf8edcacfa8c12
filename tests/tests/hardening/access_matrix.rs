//! The access matrix: every route the gateway records in its route table
//! (`ocop_gateway::routes::table()`), with every method it answers (found by axum's 405 and
//! its `Allow` header), is classified below by who may call it. Each route that only some
//! callers may use is then called as a guest, the wrong vendor, the wrong shopper and a
//! coordinator of another province (those of them the class does not allow), with the
//! victims' real ids in its parameters and a well-formed body. Every answer must be 401,
//! 403 or 404 (or, for a guest on a page, a redirect to the login page), and the database
//! must be the same afterwards, table by table. A recorded route missing from `MATRIX`, or
//! a classified one no longer routed, fails the test by name.
//!
//! To add a route: add one `MATRIX` line `("METHOD /path", Who::…, &[params], body)`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, spawn_app_with};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// Anyone, guests included (reads of public things, sign-in forms, the guest cart).
    Public,
    /// Load balancers and Prometheus.
    Operator,
    /// Payment providers: the request carries their signature (tests/e2e/providers.rs).
    Provider,
    /// Any signed-in account, acting on its own things (no owner in the path).
    SignedIn,
    /// The shopper who placed the order `{code}` or posted the request `{id}`.
    Buyer,
    /// The buyer of request `{id}` or the shop that made offer `{offer}`.
    Parties,
    /// The staff of shop `{shop}` (or of the shop a body names).
    ShopStaff,
    /// Staff of any shop, acting for their own shop.
    AnyVendor,
    /// Admins only.
    Admin,
    /// Admins and coordinators, each within their own provinces.
    AnyModerator,
    /// Admins and the coordinators of the province of the shop, product or fair in the path.
    Moderator,
}

impl Who {
    /// The attackers this class does not allow.
    fn attackers(self) -> &'static [Attacker] {
        use Attacker::{Coordinator, Guest, Shopper, Vendor};
        match self {
            Who::Public | Who::Operator | Who::Provider => &[],
            Who::SignedIn => &[Guest],
            Who::AnyVendor => &[Guest, Shopper],
            Who::AnyModerator => &[Guest, Shopper, Vendor],
            Who::Buyer | Who::Parties | Who::ShopStaff | Who::Admin | Who::Moderator => {
                &[Guest, Vendor, Shopper, Coordinator]
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Attacker {
    Guest,
    /// Owner of another shop, in another province.
    Vendor,
    /// Another shopper, with orders of their own.
    Shopper,
    /// Coordinator of another province than the victims'.
    Coordinator,
}

/// `("METHOD /path", who, {param → fixture} for params not named like their fixture, body)`.
/// Default fixtures: {shop} {code} {part} {sku} {offer} {slug}=the fair {fair} {number}.
/// Bodies are JSON for /api/v1, form fields for pages; what an owner would send.
type Line = (&'static str, Who, &'static [(&'static str, &'static str)], &'static str);

const ORDER: &[(&str, &str)] = &[("id", "part")];
const SHOP_ID: &[(&str, &str)] = &[("id", "shop_id")];
const PRODUCT_ID: &[(&str, &str)] = &[("id", "product_id")];
const BOOTH: &[(&str, &str)] = &[("id", "booth")];
const REQUEST: &[(&str, &str)] = &[("id", "request")];
const REFUND: &[(&str, &str)] = &[("id", "refund")];
const CERTIFICATE: &[(&str, &str)] = &[("id", "certificate")];
const PAYOUT: &[(&str, &str)] = &[("id", "payout")];
const PICKUP: &[(&str, &str)] = &[("id", "pickup")];
const STATEMENT: &[(&str, &str)] = &[("id", "statement")];
const LIVE: &[(&str, &str)] = &[("slug", "live_slug")];
const REVIEW: &[(&str, &str)] = &[("id", "review")];
const QUESTION: &[(&str, &str)] = &[("id", "question")];
const CONVERSATION: &[(&str, &str)] = &[("id", "conversation")];
const COURSE_ID: &[(&str, &str)] = &[("id", "course_id")];
const LESSON_ID: &[(&str, &str)] = &[("id", "lesson_id")];
const VOUCHER: &[(&str, &str)] = &[("id", "voucher")];
const PLATFORM_VOUCHER: &[(&str, &str)] = &[("id", "platform_voucher")];
/// A good voucher as the desks' form sends it (a window years ahead, so it stays good).
const VOUCHER_FORM: &str = "code=GIAMAO99&title=M%C3%A3+gi%E1%BA%A3&kind=fixed&amount_vnd=20.000&starts_at=2029-12-01T08%3A00&ends_at=2029-12-31T23%3A59&per_user_limit=1";
const NONE: &[(&str, &str)] = &[];

const MATRIX: &[Line] = &[
    // Operations and providers.
    ("GET /healthz", Who::Operator, NONE, ""),
    ("GET /readyz", Who::Operator, NONE, ""),
    ("GET /metrics", Who::Operator, NONE, ""),
    ("GET /webhooks/vnpay/ipn", Who::Provider, NONE, ""),
    ("POST /webhooks/vnpay/ipn", Who::Provider, NONE, ""),
    ("POST /webhooks/momo/ipn", Who::Provider, NONE, ""),
    ("POST /webhooks/stripe", Who::Provider, NONE, ""),
    ("GET /thanh-toan/vnpay/ket-qua", Who::Provider, NONE, ""),
    // Public pages.
    ("GET /", Who::Public, NONE, ""),
    ("GET /dang-nhap", Who::Public, NONE, ""),
    ("POST /dang-nhap", Who::Public, NONE, ""),
    ("GET /dang-ky", Who::Public, NONE, ""),
    ("POST /dang-ky", Who::Public, NONE, ""),
    ("POST /dang-xuat", Who::Public, NONE, ""),
    ("GET /ngon-ngu", Who::Public, NONE, ""),
    ("GET /quy-che", Who::Public, NONE, ""),
    ("GET /danh-muc", Who::Public, NONE, ""),
    ("GET /danh-muc/{group}", Who::Public, NONE, ""),
    ("GET /tinh/{province}", Who::Public, NONE, ""),
    ("GET /cua-hang/{shop}", Who::Public, NONE, ""),
    ("GET /san-pham/{slug}", Who::Public, LIVE, ""),
    ("GET /sitemap.xml", Who::Public, NONE, ""),
    ("GET /tim-kiem", Who::Public, NONE, ""),
    ("GET /gio-hang", Who::Public, NONE, ""),
    ("POST /gio-hang/them", Who::Public, NONE, ""),
    ("POST /gio-hang/cap-nhat", Who::Public, NONE, ""),
    ("POST /gio-hang/mua-ngay", Who::Public, NONE, ""),
    // A receipt's code is its capability: printed on the paper slip, unguessable.
    ("GET /hoa-don/{code}", Who::Public, NONE, ""),
    ("GET /ket-noi-cung-cau", Who::Public, NONE, ""),
    // Public; offer prices on it only for the buyer, the offering shop and admins (e2e wholesale).
    ("GET /ket-noi-cung-cau/{id}", Who::Public, REQUEST, ""),
    ("GET /hoi-cho", Who::Public, NONE, ""),
    ("GET /hoc-vien", Who::Public, NONE, ""),
    ("GET /hoc-vien/{course}", Who::Public, NONE, ""),
    ("GET /hoc-vien/{course}/{lesson}", Who::Public, NONE, ""),
    ("GET /hoi-cho/{slug}", Who::Public, NONE, ""),
    ("GET /hoi-cho/{slug}/gian/{number}", Who::Public, NONE, ""),
    ("GET /hoi-cho/{slug}/gian/{number}/qr.svg", Who::Public, NONE, ""),
    // A shopper's own things.
    ("GET /tai-khoan", Who::SignedIn, NONE, ""),
    ("POST /tai-khoan/mat-khau", Who::SignedIn, NONE, ""),
    ("GET /thanh-toan", Who::SignedIn, NONE, ""),
    ("POST /thanh-toan", Who::SignedIn, NONE, ""),
    ("POST /thanh-toan/dat-hang", Who::SignedIn, NONE, ""),
    ("GET /don-hang", Who::SignedIn, NONE, ""),
    ("GET /thong-bao", Who::SignedIn, NONE, ""),
    ("POST /thong-bao/da-doc", Who::SignedIn, NONE, ""),
    ("GET /ket-noi-cung-cau/dang-yeu-cau", Who::SignedIn, NONE, ""),
    ("POST /ket-noi-cung-cau/dang-yeu-cau", Who::SignedIn, NONE, ""),
    ("GET /ket-noi-cung-cau/cua-toi", Who::SignedIn, NONE, ""),
    ("GET /kenh-nguoi-ban", Who::SignedIn, NONE, ""),
    ("POST /kenh-nguoi-ban", Who::SignedIn, NONE, ""),
    ("GET /don-hang/{code}", Who::Buyer, NONE, ""),
    ("GET /don-hang/{code}/thanh-toan", Who::Buyer, NONE, ""),
    ("POST /don-hang/{code}/{part}/huy", Who::Buyer, NONE, "reason=Đặt nhầm"),
    ("POST /don-hang/{code}/{part}/da-nhan", Who::Buyer, NONE, ""),
    ("POST /don-hang/{code}/{part}/khieu-nai", Who::Buyer, NONE, "reason=Hàng vỡ"),
    ("POST /don-hang/{code}/mua-lai", Who::Buyer, NONE, ""),
    ("POST /ket-noi-cung-cau/{id}/dong", Who::Buyer, REQUEST, ""),
    ("POST /ket-noi-cung-cau/{id}/bao-gia/{offer}/chon", Who::Buyer, REQUEST, ""),
    ("POST /ket-noi-cung-cau/{id}/bao-gia/{offer}/tin-nhan", Who::Parties, REQUEST, "body=Xin chào"),
    ("POST /ket-noi-cung-cau/{id}/bao-gia", Who::AnyVendor, REQUEST, ""),
    ("GET /danh-gia", Who::SignedIn, NONE, ""),
    ("GET /theo-doi", Who::SignedIn, NONE, ""),
    ("POST /cua-hang/{shop}/theo-doi", Who::SignedIn, NONE, "action=on"),
    ("POST /san-pham/{slug}/luu", Who::SignedIn, LIVE, "action=on"),
    ("POST /ma-giam-gia/luu", Who::SignedIn, NONE, "code=NANNHAN&back=/gio-hang"),
    ("POST /danh-gia/hoa-don", Who::SignedIn, NONE, "code=BH-000000-XXXX"),
    ("POST /danh-gia/{id}/bao-cao", Who::SignedIn, REVIEW, "reason=Nói sai sự thật"),
    ("POST /san-pham/{slug}/hoi", Who::SignedIn, LIVE, "body=Mật ong có kết tinh không?"),
    // Answers come from the shop's staff or a shopper who received the product.
    ("POST /hoi-dap/{id}/tra-loi", Who::Parties, QUESTION, "body=Trả lời giả mạo"),
    ("GET /tin-nhan", Who::SignedIn, NONE, ""),
    ("GET /cua-hang/{shop}/nhan-tin", Who::SignedIn, NONE, ""),
    ("POST /cua-hang/{shop}/nhan-tin", Who::SignedIn, NONE, "body=Xin chào shop"),
    ("POST /hoc-vien/{course}/{lesson}/da-hoc", Who::SignedIn, NONE, "done=1"),
    // The shopper and the shop's staff of conversation {id}, nobody else (admins read it on
    // their own pages once it is reported).
    ("GET /tin-nhan/{id}", Who::Parties, CONVERSATION, ""),
    ("POST /tin-nhan/{id}", Who::Parties, CONVERSATION, "body=Chen ngang"),
    ("POST /tin-nhan/{id}/bao-cao", Who::Parties, CONVERSATION, "reason=Báo cáo giả mạo"),
    // The victim's review and the line it reviews: nobody else may write or edit them.
    ("GET /danh-gia/{id}/sua", Who::Buyer, REVIEW, ""),
    ("POST /danh-gia/{id}/sua", Who::Buyer, REVIEW, "stars=1&body=Sửa trộm"),
    ("GET /danh-gia/viet/{kind}/{line}", Who::Buyer, NONE, ""),
    ("POST /danh-gia/viet/{kind}/{line}", Who::Buyer, NONE, "stars=1&body=Giả mạo"),
    // A shop's workspace.
    ("GET /kenh-nguoi-ban/{shop}", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/don-hang", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/don-hang/{id}", Who::ShopStaff, ORDER, ""),
    ("POST /kenh-nguoi-ban/{shop}/don-hang/{id}/trang-thai", Who::ShopStaff, ORDER, "status=packed"),
    ("GET /kenh-nguoi-ban/{shop}/don-hang/{id}/phieu-giao", Who::ShopStaff, ORDER, ""),
    ("POST /kenh-nguoi-ban/{shop}/don-hang/{id}/hoan-tien", Who::ShopStaff, ORDER, "accept=1&answer=Đồng ý"),
    ("GET /kenh-nguoi-ban/{shop}/danh-gia", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/hoi-dap", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/tin-nhan", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/tin-nhan/{id}", Who::ShopStaff, CONVERSATION, ""),
    ("POST /kenh-nguoi-ban/{shop}/tin-nhan/{id}", Who::ShopStaff, CONVERSATION, "body=Trả lời trộm"),
    ("POST /kenh-nguoi-ban/{shop}/tin-nhan/{id}/bao-cao", Who::ShopStaff, CONVERSATION, "reason=Báo cáo trộm"),
    ("POST /kenh-nguoi-ban/{shop}/danh-gia/{id}/tra-loi", Who::ShopStaff, REVIEW, "reply=Trả lời trộm"),
    ("GET /kenh-nguoi-ban/{shop}/so-du", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/so-du/bao-cao.csv", Who::ShopStaff, NONE, ""),
    (
        "POST /kenh-nguoi-ban/{shop}/so-du/tai-khoan",
        Who::ShopStaff,
        NONE,
        "bank_bin=970436&account_number=0011001234567&account_name=NGUYEN VAN A",
    ),
    ("GET /kenh-nguoi-ban/{shop}/ban-hang", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/ban-hang", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/ban-hang/dong-bo", Who::ShopStaff, NONE, POS_BODY),
    ("GET /kenh-nguoi-ban/{shop}/ban-hang/vietqr", Who::ShopStaff, &[("?", "amount=125000&ref=BH1")], ""),
    ("GET /kenh-nguoi-ban/{shop}/van-chuyen", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/van-chuyen", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/cung-cau", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/doanh-so", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/hoi-cho", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/hoi-cho/{fair}", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/hoi-cho/{fair}/dang-ky", Who::ShopStaff, NONE, "note=Xin gian"),
    ("POST /kenh-nguoi-ban/{shop}/hoi-cho/{fair}/rut", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/hoi-cho/{fair}/gia", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/bien-the/{sku}", Who::ShopStaff, NONE, "price_vnd=1000&stock=0"),
    ("POST /kenh-nguoi-ban/{shop}/san-pham/{sku}/anh", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/san-pham-moi", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/san-pham-moi", Who::ShopStaff, NONE, ""),
    ("GET /kenh-nguoi-ban/{shop}/nhap", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/nhap", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/nhan-vien", Who::ShopStaff, NONE, "email=ke-gian@example.vn"),
    ("POST /kenh-nguoi-ban/{shop}/logo", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/chung-nhan", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/tam-nghi", Who::ShopStaff, NONE, "on=1"),
    ("POST /kenh-nguoi-ban/{shop}/gioi-thieu", Who::ShopStaff, NONE, "description=Giới thiệu bị sửa trộm"),
    // Admins and coordinators.
    ("GET /quan-tri", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/cua-hang", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/cua-hang-moi", Who::AnyModerator, NONE, ""),
    ("POST /quan-tri/cua-hang-moi", Who::AnyModerator, NONE, ""),
    ("POST /quan-tri/cua-hang/{id}/tu-dong-duyet", Who::Moderator, SHOP_ID, "on=1"),
    ("POST /quan-tri/cua-hang/{id}/duyet", Who::Moderator, SHOP_ID, ""),
    ("POST /quan-tri/cua-hang/{id}/tu-choi", Who::Moderator, SHOP_ID, "reason=Thiếu giấy tờ"),
    ("POST /quan-tri/san-pham/{id}/duyet", Who::Moderator, PRODUCT_ID, ""),
    ("POST /quan-tri/san-pham/{id}/tu-choi", Who::Moderator, PRODUCT_ID, "reason=Thiếu ảnh"),
    ("POST /quan-tri/chung-nhan/{id}/duyet", Who::Moderator, CERTIFICATE, ""),
    ("POST /quan-tri/chung-nhan/{id}/tu-choi", Who::Moderator, CERTIFICATE, "reason=Sai số"),
    ("GET /quan-tri/nhap", Who::AnyModerator, NONE, ""),
    ("POST /quan-tri/nhap", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/nhat-ky", Who::Admin, NONE, ""),
    ("GET /quan-tri/don-hang", Who::Admin, NONE, ""),
    ("POST /quan-tri/don-hang/{code}/da-thanh-toan", Who::Admin, NONE, ""),
    ("GET /quan-tri/khieu-nai", Who::Admin, NONE, ""),
    ("POST /quan-tri/khieu-nai/{id}", Who::Admin, REFUND, "accept=1"),
    ("GET /quan-tri/danh-gia", Who::Admin, NONE, ""),
    ("GET /quan-tri/tin-nhan", Who::Admin, NONE, ""),
    ("GET /quan-tri/tin-nhan/{id}", Who::Admin, CONVERSATION, ""),
    ("POST /quan-tri/tin-nhan/{id}/dong", Who::Admin, CONVERSATION, "note=Đóng trộm"),
    ("POST /quan-tri/danh-gia/{id}", Who::Admin, REVIEW, "decision=remove"),
    ("GET /quan-tri/diem-nhan-hang", Who::Admin, NONE, ""),
    ("POST /quan-tri/diem-nhan-hang", Who::Admin, NONE, ""),
    ("POST /quan-tri/diem-nhan-hang/{id}/bat-tat", Who::Admin, PICKUP, ""),
    ("GET /quan-tri/sao-ke", Who::Admin, NONE, ""),
    ("POST /quan-tri/sao-ke", Who::Admin, NONE, ""),
    ("POST /quan-tri/sao-ke/{id}/da-xu-ly", Who::Admin, STATEMENT, ""),
    ("GET /quan-tri/chi-tra", Who::Admin, NONE, ""),
    ("POST /quan-tri/chi-tra", Who::Admin, NONE, ""),
    ("GET /quan-tri/chi-tra/{id}", Who::Admin, PAYOUT, ""),
    ("GET /quan-tri/chi-tra/{id}/ngan-hang.csv", Who::Admin, PAYOUT, ""),
    ("POST /quan-tri/chi-tra/{id}/da-chi", Who::Admin, PAYOUT, ""),
    ("POST /quan-tri/chi-tra/{id}/huy", Who::Admin, PAYOUT, ""),
    ("GET /quan-tri/cung-cau", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/hoc-vien", Who::Admin, NONE, ""),
    ("POST /quan-tri/hoc-vien", Who::Admin, NONE, "title=Khoá học giả mạo"),
    ("POST /quan-tri/hoc-vien/khoa-hoc/{id}", Who::Admin, COURSE_ID, "title=Khoá học bị sửa"),
    ("POST /quan-tri/hoc-vien/khoa-hoc/{id}/xoa", Who::Admin, COURSE_ID, ""),
    ("GET /quan-tri/hoc-vien/bai-moi", Who::Admin, NONE, ""),
    (
        "POST /quan-tri/hoc-vien/bai-moi",
        Who::Admin,
        NONE,
        "course_id=1&title=Bài giả mạo&body=Nội dung giả mạo đủ dài để lưu",
    ),
    ("GET /quan-tri/hoc-vien/bai/{id}", Who::Admin, LESSON_ID, ""),
    (
        "POST /quan-tri/hoc-vien/bai/{id}",
        Who::Admin,
        LESSON_ID,
        "course_id=1&title=Bài bị sửa&body=Nội dung bị sửa đủ dài để lưu",
    ),
    ("POST /quan-tri/hoc-vien/bai/{id}/trang-thai", Who::Admin, LESSON_ID, "status=draft"),
    ("GET /quan-tri/doanh-so", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/hoi-cho", Who::AnyModerator, NONE, ""),
    ("POST /quan-tri/hoi-cho", Who::AnyModerator, NONE, ""),
    ("GET /quan-tri/hoi-cho/{slug}", Who::Moderator, NONE, ""),
    ("POST /quan-tri/hoi-cho/{slug}/sua", Who::Moderator, NONE, "name=Hội chợ bị sửa"),
    ("GET /quan-tri/hoi-cho/{slug}/bao-cao", Who::Moderator, NONE, ""),
    ("GET /quan-tri/hoi-cho/{slug}/bao-cao.csv", Who::Moderator, NONE, ""),
    ("POST /quan-tri/hoi-cho/{slug}/don/{id}/nhan", Who::Moderator, BOOTH, "number=1"),
    ("POST /quan-tri/hoi-cho/{slug}/don/{id}/tu-choi", Who::Moderator, BOOTH, "reason=Hết chỗ"),
    ("POST /quan-tri/hoi-cho/{slug}/don/{id}/giam-gia", Who::Moderator, BOOTH, "percent=50"),
    // The JSON API.
    ("GET /api/v1/openapi.json", Who::Public, NONE, ""),
    ("POST /api/v1/auth/register", Who::Public, NONE, ""),
    ("POST /api/v1/auth/login", Who::Public, NONE, ""),
    ("POST /api/v1/auth/logout", Who::SignedIn, NONE, ""),
    ("GET /api/v1/me", Who::SignedIn, NONE, ""),
    ("POST /api/v1/me/password", Who::SignedIn, NONE, r#"{"current":"x","new":"mat-khau-moi-dai-du"}"#),
    ("GET /api/v1/products/{slug}", Who::Public, LIVE, ""),
    ("GET /api/v1/products/{slug}/reviews", Who::Public, LIVE, ""),
    ("GET /api/v1/products/{slug}/questions", Who::Public, LIVE, ""),
    ("POST /api/v1/products/{slug}/questions", Who::SignedIn, LIVE, r#"{"body":"Mật ong có kết tinh không?"}"#),
    ("POST /api/v1/questions/{id}/answers", Who::Parties, QUESTION, r#"{"body":"Trả lời giả mạo"}"#),
    ("GET /api/v1/me/conversations", Who::SignedIn, NONE, ""),
    ("GET /api/v1/me/conversations/unread", Who::SignedIn, NONE, ""),
    ("GET /api/v1/shops/{shop}/conversations", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/conversations", Who::SignedIn, NONE, r#"{"body":"Xin chào shop"}"#),
    ("GET /api/v1/conversations/{id}", Who::Parties, CONVERSATION, ""),
    ("POST /api/v1/conversations/{id}/messages", Who::Parties, CONVERSATION, r#"{"body":"Chen ngang"}"#),
    ("POST /api/v1/conversations/{id}/report", Who::Parties, CONVERSATION, r#"{"reason":"Báo cáo giả mạo"}"#),
    ("GET /api/v1/search", Who::Public, NONE, ""),
    ("GET /api/v1/suggest", Who::Public, NONE, ""),
    ("GET /api/v1/pickup-points", Who::Public, NONE, ""),
    ("GET /api/v1/fairs", Who::Public, NONE, ""),
    ("GET /api/v1/academy/courses", Who::Public, NONE, ""),
    ("GET /api/v1/academy/courses/{course}", Who::Public, NONE, ""),
    ("GET /api/v1/academy/courses/{course}/lessons/{lesson}", Who::Public, NONE, ""),
    ("PUT /api/v1/academy/lessons/{id}/progress", Who::SignedIn, LESSON_ID, r#"{"done":true}"#),
    ("GET /api/v1/shops/{shop}/checklist", Who::ShopStaff, NONE, ""),
    ("GET /api/v1/fairs/{slug}", Who::Public, NONE, ""),
    ("GET /api/v1/wholesale-requests", Who::Public, NONE, ""),
    ("GET /api/v1/wholesale-requests/{id}", Who::Public, REQUEST, ""),
    ("POST /api/v1/shops", Who::SignedIn, NONE, ""),
    // A guest cart lives in a cookie, as on the pages.
    ("GET /api/v1/cart", Who::Public, NONE, ""),
    ("POST /api/v1/cart/items", Who::Public, NONE, ""),
    ("PATCH /api/v1/cart/items", Who::Public, NONE, ""),
    ("POST /api/v1/checkout", Who::SignedIn, NONE, ""),
    ("GET /api/v1/orders", Who::SignedIn, NONE, ""),
    ("POST /api/v1/wholesale-requests", Who::SignedIn, NONE, ""),
    ("GET /api/v1/me/reviewable", Who::SignedIn, NONE, ""),
    ("GET /api/v1/me/following", Who::SignedIn, NONE, ""),
    ("PUT /api/v1/me/following/{shop}", Who::SignedIn, NONE, ""),
    ("DELETE /api/v1/me/following/{shop}", Who::SignedIn, NONE, ""),
    ("GET /api/v1/me/saved", Who::SignedIn, NONE, ""),
    ("GET /api/v1/vouchers", Who::Public, NONE, ""),
    ("POST /api/v1/vouchers/{code}/claim", Who::SignedIn, &[("code", "voucher_code")], ""),
    ("GET /api/v1/me/vouchers", Who::SignedIn, NONE, ""),
    ("GET /api/v1/cart/vouchers", Who::SignedIn, NONE, ""),
    // A shop's vouchers are its owner's: staff get 403, anyone else 404.
    ("GET /api/v1/shops/{shop}/vouchers", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/vouchers", Who::ShopStaff, NONE, VOUCHER_BODY),
    ("POST /api/v1/shops/{shop}/vouchers/{id}/pause", Who::ShopStaff, VOUCHER, r#"{"paused":true}"#),
    ("GET /api/v1/admin/vouchers", Who::Admin, NONE, ""),
    ("POST /api/v1/admin/vouchers", Who::Admin, NONE, VOUCHER_BODY),
    ("POST /api/v1/admin/vouchers/{id}/pause", Who::Admin, PLATFORM_VOUCHER, r#"{"paused":true}"#),
    // The voucher desks: the shop's for its owner (staff 403), the marketplace's for admins.
    ("GET /kenh-nguoi-ban/{shop}/ma-giam-gia", Who::ShopStaff, NONE, ""),
    ("POST /kenh-nguoi-ban/{shop}/ma-giam-gia", Who::ShopStaff, NONE, VOUCHER_FORM),
    ("POST /kenh-nguoi-ban/{shop}/ma-giam-gia/{id}/tam-dung", Who::ShopStaff, VOUCHER, "paused=1"),
    ("GET /quan-tri/ma-giam-gia", Who::Admin, NONE, ""),
    ("POST /quan-tri/ma-giam-gia", Who::Admin, NONE, VOUCHER_FORM),
    ("POST /quan-tri/ma-giam-gia/{id}/tam-dung", Who::Admin, PLATFORM_VOUCHER, "paused=1"),
    ("PUT /api/v1/me/saved/{slug}", Who::SignedIn, LIVE, ""),
    ("DELETE /api/v1/me/saved/{slug}", Who::SignedIn, LIVE, ""),
    ("POST /api/v1/reviews/{id}/report", Who::SignedIn, REVIEW, r#"{"reason":"Nói sai sự thật"}"#),
    ("POST /api/v1/receipts/claim", Who::SignedIn, NONE, r#"{"code":"BH-000000-XXXX"}"#),
    ("POST /api/v1/reviews", Who::Buyer, NONE, r#"{"order_line_id":{line},"stars":1,"body":"Giả mạo"}"#),
    ("PATCH /api/v1/reviews/{id}", Who::Buyer, REVIEW, r#"{"stars":1,"body":"Sửa trộm"}"#),
    // A JSON body where multipart is expected: the ownership check answers first.
    ("POST /api/v1/reviews/{id}/photos", Who::Buyer, REVIEW, r#"{"photo":"x"}"#),
    ("DELETE /api/v1/reviews/{id}/photos/{photo}", Who::Buyer, &[("id", "review"), ("photo", "photo")], ""),
    ("GET /api/v1/orders/{code}", Who::Buyer, NONE, ""),
    ("GET /api/v1/orders/{code}/payment", Who::Buyer, NONE, ""),
    ("POST /api/v1/wholesale-requests/{id}/close", Who::Buyer, REQUEST, ""),
    ("POST /api/v1/wholesale-requests/{id}/offers/{offer}/accept", Who::Buyer, REQUEST, ""),
    ("POST /api/v1/wholesale-requests/{id}/offers/{offer}/messages", Who::Parties, REQUEST, r#"{"body":"Xin chào"}"#),
    (
        "POST /api/v1/wholesale-requests/{id}/offers",
        Who::AnyVendor,
        REQUEST,
        r#"{"price_per_unit_vnd":1000,"quantity":10,"lead_time_days":3,"message":"Giá tốt"}"#,
    ),
    ("GET /api/v1/shops/{shop}/products", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/products", Who::ShopStaff, NONE, PRODUCT_BODY),
    ("GET /api/v1/shops/{shop}/products/{sku}", Who::ShopStaff, NONE, ""),
    ("PATCH /api/v1/shops/{shop}/products/{sku}", Who::ShopStaff, NONE, r#"{"price_vnd":1000,"stock":0}"#),
    ("POST /api/v1/shops/{shop}/products/{sku}/submit", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/products/{sku}/images", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/import", Who::ShopStaff, NONE, ""),
    ("GET /api/v1/shops/{shop}/orders", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/orders/{id}/status", Who::ShopStaff, ORDER, r#"{"status":"packed"}"#),
    ("GET /api/v1/shops/{shop}/pos/sales", Who::ShopStaff, NONE, ""),
    ("GET /api/v1/shops/{shop}/reviews", Who::ShopStaff, NONE, ""),
    ("GET /api/v1/shops/{shop}/questions", Who::ShopStaff, NONE, ""),
    ("POST /api/v1/shops/{shop}/reviews/{id}/reply", Who::ShopStaff, REVIEW, r#"{"reply":"Trả lời trộm"}"#),
    ("GET /api/v1/admin/reviews", Who::Admin, NONE, ""),
    ("POST /api/v1/admin/reviews/{id}/decision", Who::Admin, REVIEW, r#"{"decision":"remove"}"#),
    ("POST /api/v1/shops/{shop}/pos/sales", Who::ShopStaff, NONE, POS_BODY),
    ("POST /api/v1/pos/sales", Who::AnyVendor, NONE, POS_BODY),
    ("POST /api/v1/fairs/{slug}/booths", Who::ShopStaff, NONE, r#"{"shop":"{shop}","note":"Xin gian"}"#),
    ("PUT /api/v1/fairs/{slug}/prices", Who::ShopStaff, NONE, r#"{"shop":"{shop}","sku":"{sku}","price_vnd":1000}"#),
    ("POST /api/v1/fairs", Who::AnyModerator, NONE, FAIR_BODY),
    ("PUT /api/v1/fairs/{slug}", Who::Moderator, NONE, r#"{"name":"Hội chợ bị sửa"}"#),
    ("POST /api/v1/fairs/{slug}/booths/{id}/decision", Who::Moderator, BOOTH, r#"{"accept":true,"number":1}"#),
    ("GET /api/v1/fairs/{slug}/report", Who::Moderator, NONE, ""),
    ("GET /api/v1/admin/moderation", Who::AnyModerator, NONE, ""),
    ("POST /api/v1/admin/products/{id}/approve", Who::Moderator, PRODUCT_ID, ""),
    ("POST /api/v1/admin/products/{id}/reject", Who::Moderator, PRODUCT_ID, r#"{"reason":"Thiếu ảnh"}"#),
    ("POST /api/v1/admin/shops/{id}/verify", Who::Moderator, SHOP_ID, ""),
    ("POST /api/v1/admin/shops/{id}/reject", Who::Moderator, SHOP_ID, r#"{"reason":"Thiếu giấy tờ"}"#),
];

const VOUCHER_BODY: &str = r#"{"code":"CHENNGANG","title":"Mã chen ngang","kind":"fixed","amount_vnd":10000,"starts_at":"2029-12-01T08:00","ends_at":"2030-01-01T08:00"}"#;
const PRODUCT_BODY: &str = r#"{"name":"Sản phẩm chen ngang","description":"x","category":"do-uong","province":"Quảng Ninh",
"variants":[{"sku":"CHEN-1","label":"Hộp","price_vnd":1000,"stock":5,"weight_grams":100,"unit":"hộp"}]}"#;
const FAIR_BODY: &str = r#"{"name":"Hội chợ chen ngang","venue_kind":"both","venue":"Nhà văn hoá","host_province":"Quảng Ninh",
"invited_provinces":"","starts_at":"2030-01-01T08:00","ends_at":"2030-01-03T17:00","booth_limit":5}"#;
const POS_BODY: &str = r#"{"client_sale_id":"00000000-0000-4000-8000-000000000001","shop":"{shop}","fair":"{fair}",
"lines":[{"sku":"{sku}","quantity":1}],"payment_method":"cash"}"#;

/// The people and things the attacks aim at, and the attackers' own credentials.
struct World {
    values: HashMap<&'static str, String>,
    /// Bearer tokens for the API, signed-in cookie jars for pages.
    tokens: BTreeMap<Attacker, Option<String>>,
    clients: BTreeMap<Attacker, (reqwest::Client, String)>,
}

const VICTIM_PROVINCE: &str = "Quảng Ninh";
const OTHER_PROVINCE: &str = "Lào Cai";

fn in_days(days: i64) -> String {
    (ocop_wholesale::today_vn() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

fn vn(hours: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(hours))
        .with_timezone(&ocop_orders::code::vietnam_offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn json_ok(res: reqwest::Response, what: &str) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

/// A signed-in page client with its CSRF token.
async fn page_client(app: &TestApp, email: Option<&str>) -> (reqwest::Client, String) {
    let client = app.new_client();
    if let Some(email) = email {
        let res = app.post_form(&client, "/dang-nhap", "/dang-nhap", &[("email", email), ("password", PASSWORD)]).await;
        assert!(res.status().is_redirection(), "login {email}: {}", res.status());
    }
    let token = app.csrf_token(&client, if email.is_some() { "/tai-khoan" } else { "/dang-nhap" }).await;
    (client, token)
}

async fn build_world(app: &TestApp) -> World {
    let (_, admin) = app.admin().await;
    // Victims: shop A in Quảng Ninh, its owner, a shopper with an order from it.
    let (shop, owner, owner_token) = app.shop("HTX Mật ong Ba Chẽ", VICTIM_PROVINCE).await;
    let listing = app.live_product(&owner, &shop, &product("Mật ong rừng Ba Chẽ", "VIC-1", 100_000, 50)).await;
    let pending = ocop_catalog::products::create(
        &app.db,
        &owner,
        &shop,
        &product("Trà hoa vàng Ba Chẽ", "VIC-2", 80_000, 10),
        true,
    )
    .await
    .unwrap();
    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    let (victim, victim_token) =
        app.user(&format!("nannhan-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    let address = json!({"recipient": "Lan", "phone": "0912345678", "province": VICTIM_PROVINCE,
        "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"});
    let order = |token: String| {
        let address = address.clone();
        async move {
            json_ok(
                app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "VIC-1", "quantity": 1})).await,
                "cart",
            )
            .await;
            json_ok(
                app.post_json_as(&token, "/api/v1/checkout", &json!({"payment_method": "cod", "shipping": address}))
                    .await,
                "checkout",
            )
            .await
        }
    };
    // One order delivered and complained about (a refund request), one left placed.
    let delivered = order(victim_token.clone()).await;
    let delivered_part = delivered["shop_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/shops/{shop}/orders/{delivered_part}/status");
    for step in [
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "GHN", "tracking_code": "G1"}),
        json!({"status": "delivered"}),
    ] {
        json_ok(app.post_json_as(&owner_token, &path, &step).await, "status").await;
    }
    let refund =
        ocop_orders::refunds::request(&app.db, &victim, delivered_part, "Hũ mật ong bị vỡ khi giao").await.unwrap().id;
    let placed = order(victim_token.clone()).await;
    // The victim reviews the delivered line (the review a forger would edit or answer).
    let line = ocop_orders::entity::order_line::Entity::find()
        .filter(ocop_orders::entity::order_line::Column::ShopOrderId.eq(delivered_part))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let review = json_ok(
        app.post_json_as(
            &victim_token,
            "/api/v1/reviews",
            &json!({"order_line_id": line, "stars": 5, "body": "Mật ong thơm, đóng gói kỹ"}),
        )
        .await,
        "review",
    )
    .await;

    // A photo on the victim's review (the one a forger would take off).
    let photo = ocop_reviews::photos::prepare(vec![ocop_tests::fixtures::png(200, 200)]).await.unwrap();
    let photo = ocop_reviews::photos::attach(
        &app.db,
        app.state.media.as_ref(),
        victim.id,
        review["id"].as_i64().unwrap(),
        photo,
    )
    .await
    .unwrap()[0]
        .id;

    // The victim asks about shop A's product: only the shop or a buyer may answer.
    let question = json_ok(
        app.post_json_as(
            &victim_token,
            &format!("/api/v1/products/{}/questions", listing.product.slug),
            &json!({"body": "Mật ong có bị kết tinh khi trời lạnh không?"}),
        )
        .await,
        "question",
    )
    .await;

    // The victim writes to shop A: only the two of them may read or write there.
    let conversation = json_ok(
        app.post_json_as(
            &victim_token,
            &format!("/api/v1/shops/{shop}/conversations"),
            &json!({"body": "Mật ong này có giấy kiểm nghiệm không shop?"}),
        )
        .await,
        "conversation",
    )
    .await;

    // Shop A's voucher and a marketplace one.
    let voucher = json_ok(
        app.post_json_as(
            &owner_token,
            &format!("/api/v1/shops/{shop}/vouchers"),
            &json!({"code": "NANNHAN", "title": "Mã của nạn nhân", "kind": "fixed", "amount_vnd": 10_000,
                "ends_at": vn(480)}),
        )
        .await,
        "voucher",
    )
    .await;
    let platform_voucher = json_ok(
        app.post_json_as(
            &admin,
            "/api/v1/admin/vouchers",
            &json!({"code": "SANOCOP", "title": "Mã của sàn", "kind": "percent", "percent": 5, "ends_at": vn(480)}),
        )
        .await,
        "platform voucher",
    )
    .await;

    // The academy's first course: a lesson anyone reads, an admin edits, a reader marks.
    ocop_academy::starter::install(&app.db).await.unwrap();
    let course = ocop_academy::courses::by_slug(&app.db, ocop_academy::starter::COURSE_SLUG).await.unwrap();
    let lesson = ocop_academy::lessons::of_course(&app.db, course.id, false).await.unwrap().remove(0);

    // A fair in Quảng Ninh with shop A's booth application, a wholesale request with shop A's offer.
    let fair = json_ok(
        app.post_json_as(
            &admin,
            "/api/v1/fairs",
            &json!({"name": "Hội chợ OCOP Quảng Ninh", "venue_kind": "both", "venue": "Cung Triển lãm Quảng Ninh",
                "host_province": VICTIM_PROVINCE, "invited_provinces": "", "starts_at": vn(-1), "ends_at": vn(48),
                "booth_limit": 10}),
        )
        .await,
        "fair",
    )
    .await;
    let fair_slug = fair["slug"].as_str().unwrap().to_owned();
    let booth = json_ok(
        app.post_json_as(
            &owner_token,
            &format!("/api/v1/fairs/{fair_slug}/booths"),
            &json!({"shop": shop, "note": "Một gian"}),
        )
        .await,
        "booth",
    )
    .await;
    let request = json_ok(
        app.post_json_as(
            &victim_token,
            "/api/v1/wholesale-requests",
            &json!({"organisation": "Chuỗi Hà Nội Xanh", "buyer_kind": "supermarket", "product": "Mật ong rừng",
                "category": "Thực phẩm", "quantity": 100, "unit": "kg", "province": VICTIM_PROVINCE,
                "deadline": in_days(20), "budget_vnd": "15.000.000 ₫", "note": "Giao về kho"}),
        )
        .await,
        "wholesale request",
    )
    .await;
    let request_id = request["request"]["id"].as_i64().unwrap();
    let offer = json_ok(
        app.post_json_as(
            &owner_token,
            &format!("/api/v1/wholesale-requests/{request_id}/offers"),
            &json!({"price_per_unit_vnd": 300_000, "quantity": 100, "lead_time_days": 5, "message": "Mật ong vụ mới"}),
        )
        .await,
        "offer",
    )
    .await;

    // Attackers: a vendor of another shop in another province, a shopper with an order of
    // their own, and a coordinator of that other province.
    let (_, rival, rival_token) = app.shop("HTX Chè Shan Tuyết", OTHER_PROVINCE).await;
    let (shopper, shopper_token) =
        app.user(&format!("kegian-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    order(shopper_token.clone()).await;
    let (coordinator, coordinator_token) = app.coordinator_of(OTHER_PROVINCE).await;

    let values = HashMap::from([
        ("shop", shop.clone()),
        ("shop_id", shop_id.to_string()),
        ("sku", "VIC-1".to_owned()),
        ("live_slug", listing.product.slug.clone()),
        ("product_id", pending.product.id.to_string()),
        ("code", placed["code"].as_str().unwrap().to_owned()),
        ("part", placed["shop_orders"][0]["id"].as_i64().unwrap().to_string()),
        ("refund", refund.to_string()),
        ("review", review["id"].as_i64().unwrap().to_string()),
        ("question", question["id"].as_i64().unwrap().to_string()),
        ("photo", photo.to_string()),
        ("conversation", conversation["conversation_id"].as_i64().unwrap().to_string()),
        ("line", line.to_string()),
        ("kind", "don".to_owned()),
        ("fair", fair_slug.clone()),
        ("slug", fair_slug),
        ("booth", booth["id"].as_i64().unwrap().to_string()),
        ("number", "1".to_owned()),
        ("request", request_id.to_string()),
        ("offer", offer["id"].as_i64().unwrap().to_string()),
        ("course", course.slug.clone()),
        ("course_id", course.id.to_string()),
        ("lesson", lesson.slug.clone()),
        ("lesson_id", lesson.id.to_string()),
        ("voucher", voucher["id"].as_i64().unwrap().to_string()),
        ("platform_voucher", platform_voucher["id"].as_i64().unwrap().to_string()),
        ("voucher_code", "NANNHAN".to_owned()),
        // Admin-only ids that this world has none of: the role check must come first.
        ("certificate", "1".to_owned()),
        ("payout", "1".to_owned()),
        ("pickup", "1".to_owned()),
        ("statement", "1".to_owned()),
    ]);
    let tokens = BTreeMap::from([
        (Attacker::Guest, None),
        (Attacker::Vendor, Some(rival_token)),
        (Attacker::Shopper, Some(shopper_token)),
        (Attacker::Coordinator, Some(coordinator_token)),
    ]);
    let mut clients = BTreeMap::new();
    clients.insert(Attacker::Guest, page_client(app, None).await);
    clients.insert(Attacker::Vendor, page_client(app, Some(&rival.email)).await);
    clients.insert(Attacker::Shopper, page_client(app, Some(&shopper.email)).await);
    clients.insert(Attacker::Coordinator, page_client(app, Some(&coordinator.email)).await);
    World { values, tokens, clients }
}

/// `{name}` placeholders filled from the world, `overrides` first; JSON braces stay.
fn fill(template: &str, overrides: &[(&str, &str)], world: &World) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let len = after.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(after.len());
        let name = &after[..len];
        let key = overrides.iter().find(|(param, _)| *param == name).map_or(name, |(_, key)| *key);
        if after[len..].starts_with('}')
            && let Some(value) = world.values.get(key)
        {
            out.push_str(value);
            rest = &after[len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The methods axum routes for `path`, from the `Allow` header of a 405 to OPTIONS.
async fn methods(app: &TestApp, path: &str) -> BTreeSet<String> {
    let res = app.client.request(Method::OPTIONS, app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "OPTIONS {path} should be 405 with Allow");
    let allow = res.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    allow.split(',').map(|m| m.trim().to_owned()).filter(|m| !m.is_empty() && m != "HEAD").collect()
}

/// Every table's rows, hashed, so that an attack that changed anything shows by table.
async fn snapshot(app: &TestApp) -> BTreeMap<String, String> {
    let backend = app.db.get_database_backend();
    let list = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let rows = app.db.query_all_raw(Statement::from_string(backend, list)).await.unwrap();
    let mut out = BTreeMap::new();
    for row in rows {
        let table: String = row.try_get("", "name").unwrap();
        // Every row of the table as text, in a stable order, in one value.
        let sql = match backend {
            DatabaseBackend::Postgres => {
                format!("SELECT COALESCE(string_agg(t::text, '|' ORDER BY t::text), '') AS v FROM \"{table}\" t")
            }
            _ => {
                let cols = app
                    .db
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{table}')"),
                    ))
                    .await
                    .unwrap();
                let cols: Vec<String> =
                    cols.iter().map(|c| format!("quote(\"{}\")", c.try_get::<String>("", "name").unwrap())).collect();
                format!(
                    "SELECT COALESCE(group_concat(r, '|'), '') AS v FROM (SELECT {} AS r FROM \"{table}\" ORDER BY r)",
                    cols.join(" || ',' || ")
                )
            }
        };
        let text: String = app
            .db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "v")
            .unwrap();
        out.insert(table, hex::encode(Sha256::digest(text.as_bytes())));
    }
    out
}

/// Calls `method path` as `attacker`: bearer token on the API, the signed-in cookie jar
/// and its CSRF token on pages. A page that wants an upload is sent one.
async fn attack(
    app: &TestApp,
    world: &World,
    attacker: Attacker,
    method: &Method,
    path: &str,
    body: &str,
) -> (StatusCode, String) {
    let api = path.starts_with("/api/");
    let (client, csrf) = &world.clients[&attacker];
    let png_part = || {
        reqwest::multipart::Part::bytes(ocop_tests::fixtures::png(8, 8))
            .file_name("a.png")
            .mime_str("image/png")
            .unwrap()
    };
    let send = |multipart: bool| {
        let mut req = if api {
            app.client.request(method.clone(), app.url(path))
        } else {
            client.request(method.clone(), app.url(path))
        };
        if api {
            if let Some(token) = &world.tokens[&attacker] {
                req = req.bearer_auth(token);
            }
            if multipart {
                req = req.multipart(reqwest::multipart::Form::new().part("image", png_part()));
            } else if *method != Method::GET {
                req = req.header("content-type", "application/json").body(if body.is_empty() {
                    "{}".to_owned()
                } else {
                    body.to_owned()
                });
            }
        } else if *method != Method::GET {
            req = req.header("x-csrf-token", csrf.as_str());
            if multipart {
                let mut form = reqwest::multipart::Form::new().part("file", png_part());
                for (k, v) in url_pairs(body) {
                    form = form.text(k, v);
                }
                req = req.multipart(form);
            } else if body.starts_with('{') {
                req = req.header("content-type", "application/json").body(body.to_owned());
            } else {
                req = req.header("content-type", "application/x-www-form-urlencoded").body(body.to_owned());
            }
        }
        req.send()
    };
    let mut res = send(false).await.unwrap();
    // An upload route wants multipart: send it one.
    if *method != Method::GET && matches!(res.status().as_u16(), 400 | 415) {
        res = send(true).await.unwrap();
    }
    let status = res.status();
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, location)
}

fn url_pairs(body: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(body).unwrap_or_default()
}

#[tokio::test]
async fn no_route_lets_the_wrong_person_in_or_change_anything() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let world = build_world(&app).await;

    // The matrix and the router's own table must name the same (method, path) pairs.
    let classified: BTreeMap<&str, &Line> = MATRIX.iter().map(|line| (line.0, line)).collect();
    assert_eq!(classified.len(), MATRIX.len(), "a route is classified twice");
    let mut routed = BTreeSet::new();
    for path in ocop_gateway::routes::table() {
        let concrete = fill(&path, &[("id", "part")], &world);
        for method in methods(&app, &concrete).await {
            routed.insert(format!("{method} {path}"));
        }
    }
    let missing: Vec<&String> = routed.iter().filter(|r| !classified.contains_key(r.as_str())).collect();
    let stale: Vec<&&str> = classified.keys().filter(|k| !routed.contains(**k)).collect();
    assert!(missing.is_empty(), "routes not in the access matrix (add them to MATRIX): {missing:#?}");
    assert!(stale.is_empty(), "MATRIX lines for routes the router no longer has: {stale:#?}");

    // The mail sender works in the background: let it send what building the world queued,
    // so the snapshots compare what the calls did, not what the sender did meanwhile.
    ocop_tests::eventually("the mail outbox to drain", async || {
        ocop_orders::notify::pending_mail(&app.db, 1).await.unwrap().is_empty().then_some(())
    })
    .await;
    let before = snapshot(&app).await;
    let mut calls = 0;
    let mut holes = Vec::new();
    for (route, who, overrides, body) in MATRIX {
        let (method, path) = route.split_once(' ').unwrap();
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let mut concrete = fill(path, overrides, &world);
        if let Some((_, query)) = overrides.iter().find(|(param, _)| *param == "?") {
            concrete = format!("{concrete}?{query}");
        }
        let body = fill(body, overrides, &world);
        for attacker in who.attackers() {
            let (status, location) = attack(&app, &world, *attacker, &method, &concrete, &body).await;
            calls += 1;
            let refused = matches!(status.as_u16(), 401 | 403 | 404)
                || (*attacker == Attacker::Guest
                    && !path.starts_with("/api/")
                    && status.is_redirection()
                    && location.starts_with("/dang-nhap"));
            if !refused {
                holes.push(format!("{route} as {attacker:?} ({concrete}): {status} {location}"));
            }
        }
    }
    let after = snapshot(&app).await;
    let changed: Vec<&String> = before.keys().filter(|t| before.get(*t) != after.get(*t)).collect();
    println!(
        "access matrix ({}): {} routes classified, {} calls as the wrong person, {} let through, {} tables changed",
        app.backend,
        MATRIX.len(),
        calls,
        holes.len(),
        changed.len()
    );
    assert!(holes.is_empty(), "calls not refused:\n{}", holes.join("\n"));
    assert!(changed.is_empty(), "tables changed by refused calls: {changed:?}");
}
