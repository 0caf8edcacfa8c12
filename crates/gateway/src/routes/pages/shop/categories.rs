//! `/danh-muc`: the "Danh mục" tab — the six OCOP groups with their subcategories, and the
//! provinces, each a link to its listing.

use axum::response::Html;
use ocop_catalog::group::{GROUPS, Sub, subcategories};
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;

#[derive(Serialize)]
struct GroupLinks {
    code: &'static str,
    name: &'static str,
    subcategories: &'static [Sub],
}

#[derive(Serialize)]
struct ProvinceLink {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct CategoriesView {
    groups: Vec<GroupLinks>,
    provinces: Vec<ProvinceLink>,
}

pub async fn index(page: Page) -> Result<Html<String>, PageError> {
    let english = page.layout.lang == crate::i18n::Lang::En;
    let groups = GROUPS
        .iter()
        .map(|g| GroupLinks {
            code: g.code,
            name: if english { g.name_en } else { g.name_vi },
            subcategories: subcategories(g.code),
        })
        .collect();
    let provinces =
        ocop_core::provinces::PROVINCES.iter().map(|p| ProvinceLink { code: p.code, name: p.name }).collect();
    page.render("shop/categories.html", &CategoriesView { groups, provinces })
}
