//! The home page.

use axum::response::Html;
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;

/// The six OCOP product groups (Decision 148/QĐ-TTg), by code and Vietnamese name.
pub const OCOP_GROUPS: [(&str, &str, &str); 6] = [
    ("thuc-pham", "Thực phẩm", "Food"),
    ("do-uong", "Đồ uống", "Beverages"),
    ("thao-duoc", "Thảo dược", "Herbal products"),
    ("vai-may-mac", "Thủ công mỹ nghệ, vải, may mặc", "Crafts, textiles, garments"),
    ("luu-niem-noi-that-trang-tri", "Lưu niệm, nội thất, trang trí", "Souvenirs, furniture, decoration"),
    ("dich-vu-du-lich-nong-thon", "Dịch vụ du lịch cộng đồng", "Community tourism services"),
];

#[derive(Serialize)]
struct Group {
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
}

#[derive(Serialize)]
struct HomeView {
    groups: Vec<Group>,
}

pub async fn show(page: Page) -> Result<Html<String>, PageError> {
    let groups = OCOP_GROUPS.iter().map(|&(code, name_vi, name_en)| Group { code, name_vi, name_en }).collect();
    page.render("home.html", &HomeView { groups })
}
