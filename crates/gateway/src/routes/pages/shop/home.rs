//! The home page: the fairs and campaigns on now, new products, 5-star OCOP, the six groups,
//! provinces.

use axum::response::Response;
use ocop_catalog::group::{GROUPS, Group};
use ocop_catalog::storefront::{self, Filter, Sort};
use serde::Serialize;

use crate::error::PageError;
use crate::page::Page;
use crate::views::fairs::{FairCard, card};
use crate::views::reviews::{Rated, rated};

#[derive(Serialize)]
struct ProvinceLink {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct HomeView {
    groups: &'static [Group],
    newest: Vec<Rated>,
    five_star: Vec<Rated>,
    provinces: Vec<ProvinceLink>,
    /// Fairs and campaigns on now, for the banner, with their countdowns.
    fairs: Vec<FairCard>,
}

pub async fn show(mut page: Page) -> Result<Response, PageError> {
    if let Some(kept) = page.kept() {
        return Ok(kept);
    }
    let db = &page.state.db;
    let newest = rated(db, storefront::top(db, &Filter::default(), Sort::Newest, 1, 8).await?).await?;
    let five = Filter { min_stars: Some(5), ..Filter::default() };
    let five_star = rated(db, storefront::top(db, &five, Sort::BestSelling, 1, 8).await?).await?;
    let provinces =
        ocop_core::provinces::PROVINCES.iter().map(|p| ProvinceLink { code: p.code, name: p.name }).collect();
    let mut fairs = Vec::new();
    for fair in ocop_fairs::fair::running(db, chrono::Utc::now(), 3).await? {
        fairs.push(card(db, fair).await?);
    }
    page.render_kept("shop/home.html", &HomeView { groups: &GROUPS, newest, five_star, provinces, fairs })
}
