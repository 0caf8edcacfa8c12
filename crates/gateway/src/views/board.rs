//! Choices the board's filters offer, on the public board and the admins' overview.

use ocop_catalog::group::GROUPS;
use ocop_core::provinces;
use serde::Serialize;

#[derive(Serialize)]
pub struct Choice {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
}

pub fn group_choices() -> Vec<Choice> {
    GROUPS.iter().map(|g| Choice { code: g.code, name: g.name_vi, name_en: g.name_en }).collect()
}

pub fn province_choices() -> Vec<Choice> {
    let mut all: Vec<Choice> =
        provinces::PROVINCES.iter().map(|p| Choice { code: p.code, name: p.name, name_en: p.name }).collect();
    all.sort_by_key(|c| ocop_core::text::vn_sort_key(c.name));
    all
}
