//! The shops a shopper follows and the products they saved (`/theo-doi`), and the follow
//! and save buttons on shop and product pages.

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::storefront::Card;
use ocop_follows::{saved, shops as follows};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::views::reviews::{Rated, rated};

#[derive(Serialize)]
struct FollowedShop {
    slug: String,
    name: String,
    province: &'static str,
    logo: Option<String>,
    rating: ocop_reviews::Rating,
    followers: u64,
}

#[derive(Serialize)]
struct MineView {
    shops: Vec<FollowedShop>,
    products: Vec<Rated>,
    /// Saved products no longer on sale.
    gone: usize,
}

/// `GET /theo-doi`.
pub async fn mine(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let db = &page.state.db;
    let followed = follows::followed(db, user.id).await?;
    let ids: Vec<i64> = followed.iter().map(|s| s.id).collect();
    let counts = follows::followers_of(db, &ids).await?;
    let mut ratings = ocop_reviews::rating::of_shops(db, &ids).await?;
    let shops = followed
        .into_iter()
        .map(|shop| FollowedShop {
            rating: ratings.remove(&shop.id).unwrap_or_default(),
            followers: counts.get(&shop.id).copied().unwrap_or(0),
            province: ocop_core::provinces::by_code_exact(&shop.province_code).map_or("", |p| p.name),
            slug: shop.slug,
            name: shop.name,
            logo: shop.logo_key,
        })
        .collect();
    let (listings, gone) = saved::list(db, user.id).await?;
    let products = rated(db, listings.into_iter().map(Card::from).collect()).await?;
    Ok(page.render("account/follows.html", &MineView { shops, products, gone })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Toggle {
    /// `on` to follow or save, anything else to undo.
    action: String,
}

/// `POST /cua-hang/{shop}/theo-doi`: follow or stop following, back to the shop.
pub async fn follow(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<Toggle>,
) -> Result<Response, PageError> {
    let shop = ocop_catalog::shops::by_slug(&page.state.db, &slug).await?;
    if form.action == "on" {
        follows::follow(&page.state.db, user.id, shop.id).await?;
    } else {
        follows::unfollow(&page.state.db, user.id, shop.id).await?;
    }
    Ok(Redirect::to(&format!("/cua-hang/{}", shop.slug)).into_response())
}

/// `POST /san-pham/{slug}/luu`: save or unsave, back to the product.
pub async fn save(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<Toggle>,
) -> Result<Response, PageError> {
    let product = ocop_catalog::storefront::live_by_slug(&page.state.db, &slug).await?;
    if form.action == "on" {
        saved::save(&page.state.db, user.id, product.id).await?;
    } else {
        saved::unsave(&page.state.db, user.id, product.id).await?;
    }
    Ok(Redirect::to(&format!("/san-pham/{}", product.slug)).into_response())
}
