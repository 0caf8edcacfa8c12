//! A shop at fairs (`/kenh-nguoi-ban/{shop}/hoi-cho`): the fairs it may join, applying and
//! withdrawing, and, once it has a booth, its fair prices and the way to the booth's
//! selling screen. Owners apply and price; staff see the page and sell.

use std::collections::HashMap;

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use ocop_catalog::entity::shop;
use ocop_core::{Error, Sku};
use ocop_fairs::entity::fair_booth;
use ocop_fairs::prices::{self, Priced};
use ocop_fairs::{Phase, booths, fair as fairs};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::{RequireShopOwner, RequireShopStaff};
use crate::page::Page;
use crate::views::fairs::{FairCard, card};

#[derive(Serialize)]
struct Entry {
    fair: FairCard,
    booth: Option<fair_booth::Model>,
    status_label: &'static str,
    invited: bool,
}

#[derive(Serialize)]
struct ListView {
    shop: shop::Model,
    entries: Vec<Entry>,
    owner: bool,
    error: Option<String>,
}

async fn owner<C: sea_orm::ConnectionTrait>(
    db: &C,
    user: &ocop_accounts::User,
    shop: &shop::Model,
) -> Result<bool, Error> {
    ocop_catalog::shops::owns_or_admin(db, user, shop.id).await
}

async fn list_view(
    page: &Page,
    user: &ocop_accounts::User,
    shop: shop::Model,
    error: Option<String>,
) -> Result<ListView, Error> {
    let db = &page.state.db;
    let mine = booths::fairs_of_shop(db, shop.id).await?;
    let mut entries = Vec::new();
    for fair in fairs::all(db).await? {
        let booth = mine.iter().find(|(f, _)| f.id == fair.id).map(|(_, b)| b.clone());
        let invited = fairs::provinces_of(db, &fair).await?.contains(&shop.province_code);
        let ended = Phase::of(&fair, Utc::now()) == Phase::Ended;
        // Past fairs only where the shop had a booth; open ones where it may apply.
        if booth.is_none() && (ended || !invited) {
            continue;
        }
        entries.push(Entry {
            status_label: booth.as_ref().map_or("", |b| booths::status_label(&b.status)),
            booth,
            invited,
            fair: card(db, fair).await?,
        });
    }
    Ok(ListView { owner: owner(db, user, &shop).await?, shop, entries, error })
}

pub async fn list(page: Page, RequireShopStaff { user, shop, .. }: RequireShopStaff) -> Result<Response, PageError> {
    let view = list_view(&page, &user, shop, None).await?;
    Ok(page.render("vendor/fairs.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApplyForm {
    note: String,
}

pub async fn apply(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Path((_, fair_slug)): Path<(String, String)>,
    Form(form): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let result = async {
        let fair = fairs::by_slug(&page.state.db, &fair_slug).await?;
        booths::apply(&page.state.db, &fair, &shop, &form.note, Utc::now()).await.map(|_| ())
    }
    .await;
    back_to_list(&page, &user, shop, result).await
}

pub async fn withdraw(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Path((_, fair_slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let result = async {
        let fair = fairs::by_slug(&page.state.db, &fair_slug).await?;
        booths::withdraw(&page.state.db, &fair, shop.id).await
    }
    .await;
    back_to_list(&page, &user, shop, result).await
}

async fn back_to_list(
    page: &Page,
    user: &ocop_accounts::User,
    shop: shop::Model,
    result: Result<(), Error>,
) -> Result<Response, PageError> {
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/hoi-cho", shop.slug)).into_response()),
        Outcome::Refused(refused) => {
            let view = list_view(page, user, shop, Some(refused.text())).await?;
            Ok(refused.render(page, "vendor/fairs.html", &view))
        }
    }
}

#[derive(Serialize)]
struct BoothView {
    shop: shop::Model,
    fair: FairCard,
    booth: fair_booth::Model,
    items: Vec<Priced>,
    owner: bool,
    place: String,
    error: Option<String>,
    saved: bool,
}

async fn booth_view(
    page: &Page,
    user: &ocop_accounts::User,
    shop: shop::Model,
    fair_slug: &str,
    error: Option<String>,
) -> Result<BoothView, Error> {
    let db = &page.state.db;
    let fair = fairs::by_slug(db, fair_slug).await?;
    let booth = booths::of_shop(db, fair.id, shop.id)
        .await?
        .filter(|b| b.status == booths::ACCEPTED)
        .ok_or(Error::NotFound { what: "gian hàng tại hội chợ" })?;
    Ok(BoothView {
        items: prices::of_booth(db, &fair, shop.id).await?,
        owner: owner(db, user, &shop).await?,
        place: format!("Gian {} · {}", booth.booth_number.unwrap_or_default(), fair.name),
        fair: card(db, fair).await?,
        booth,
        shop,
        error,
        saved: false,
    })
}

pub async fn booth(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Path((_, fair_slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let view = booth_view(&page, &user, shop, &fair_slug, None).await?;
    Ok(page.render("vendor/fair_booth.html", &view)?.into_response())
}

/// The price form: `p_<SKU>` = the fair price in đồng (empty clears it), or `percent` for
/// every product at once.
pub async fn set_prices(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Path((_, fair_slug)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let result = async {
        let fair = fairs::by_slug(db, &fair_slug).await?;
        if let Some(percent) = form.get("percent").map(|p| p.trim().trim_end_matches('%')).filter(|p| !p.is_empty()) {
            let percent =
                percent.parse::<i64>().map_err(|_| Error::invalid("percent", "Mức giảm là một số, ví dụ 10"))?;
            return prices::set_percent(db, &user, &fair, &shop, percent).await.map(|_| ());
        }
        let current = prices::of_booth(db, &fair, shop.id).await?;
        let mut entries: Vec<(&String, &String)> = form.iter().filter(|(k, _)| k.starts_with("p_")).collect();
        entries.sort();
        for (key, value) in entries {
            let sku = Sku::parse(&key[2..])?;
            let typed: String = value.chars().filter(char::is_ascii_digit).collect();
            let price = if typed.is_empty() {
                None
            } else {
                Some(typed.parse::<i64>().map_err(|_| Error::invalid("price_vnd", format!("Giá của {sku} quá lớn")))?)
            };
            // Only what changed: an untouched row is not re-validated or rewritten.
            if current.iter().any(|c| c.sku == sku.as_str() && c.fair_price_vnd == price) {
                continue;
            }
            prices::set(db, &user, &fair, &shop, &sku, price).await?;
        }
        Ok(())
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => {
            let mut view = booth_view(&page, &user, shop, &fair_slug, None).await?;
            view.saved = true;
            Ok(page.render("vendor/fair_booth.html", &view)?.into_response())
        }
        Outcome::Refused(refused) => {
            let view = booth_view(&page, &user, shop, &fair_slug, Some(refused.text())).await?;
            Ok(refused.render(&page, "vendor/fair_booth.html", &view))
        }
    }
}
