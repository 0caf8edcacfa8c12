//! The home page: new products, 5-star OCOP, the six groups, provinces.

use axum::response::Html;
use ocop_catalog::group::{GROUPS, Group};
use ocop_catalog::storefront::{self, Card, Filter, Sort};
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;

#[derive(Serialize)]
struct ProvinceLink {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct HomeView {
    groups: &'static [Group],
    newest: Vec<Card>,
    five_star: Vec<Card>,
    provinces: Vec<ProvinceLink>,
}

pub async fn show(page: Page) -> Result<Html<String>, PageError> {
    let db = &page.state.db;
    let newest = storefront::list(db, &Filter::default(), Sort::Newest, 1, 8).await?.cards;
    // Five-star products are few: take them from the best sellers.
    let five_star: Vec<Card> = storefront::list(db, &Filter::default(), Sort::BestSelling, 1, 100)
        .await?
        .cards
        .into_iter()
        .filter(|c| c.ocop_stars == Some(5))
        .take(8)
        .collect();
    let provinces =
        ocop_core::provinces::PROVINCES.iter().map(|p| ProvinceLink { code: p.code, name: p.name }).collect();
    page.render("home.html", &HomeView { groups: &GROUPS, newest, five_star, provinces })
}
