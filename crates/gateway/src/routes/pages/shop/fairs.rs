//! The public face of fairs: the list, a fair's online page (countdown, booth map,
//! fair-priced products, search inside the fair) and a booth's page, which the QR code
//! printed at the real booth opens. Each view is counted once per visitor and day.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Utc;
use ocop_fairs::booths::{self, Booth, Cell};
use ocop_fairs::entity::fair;
use ocop_fairs::prices::{self, Priced};
use ocop_fairs::{Phase, fair as fairs, visits};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::page::Page;
use crate::views::fairs::{FairCard, card};

const VISITOR_COOKIE: &str = "ocop_khach";
/// Products shown on a fair's page before searching.
const SHOWCASE: usize = 24;

#[derive(Serialize)]
struct ListView {
    live: Vec<FairCard>,
    upcoming: Vec<FairCard>,
    past: Vec<FairCard>,
}

pub async fn list(page: Page) -> Result<Response, PageError> {
    let mut view = ListView { live: Vec::new(), upcoming: Vec::new(), past: Vec::new() };
    for fair in fairs::all(&page.state.db).await? {
        let card = card(&page.state.db, fair).await?;
        match card.phase {
            Phase::Live => view.live.push(card),
            Phase::Upcoming => view.upcoming.insert(0, card),
            Phase::Ended => view.past.push(card),
        }
    }
    Ok(page.render("shop/fairs/list.html", &view)?.into_response())
}

/// Who is looking, for visit counts: the account, or a long-lived random cookie (set here
/// when missing). Only a hash of it is stored.
fn visitor(page: &Page, jar: CookieJar) -> (String, CookieJar) {
    if let Some(user) = &page.user {
        return (visits::visitor_key(b"user", &user.id.to_string()), jar);
    }
    if let Some(c) = jar.get(VISITOR_COOKIE).filter(|c| (16..=64).contains(&c.value().len())) {
        return (visits::visitor_key(b"cookie", c.value()), jar);
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let key = visits::visitor_key(b"cookie", &token);
    let cookie = Cookie::build((VISITOR_COOKIE, token))
        .path("/hoi-cho")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(page.state.config.auth.cookie_secure)
        .max_age(time::Duration::days(365))
        .build();
    (key, jar.add(cookie))
}

/// Crawlers and link previews are not visitors.
fn is_robot(headers: &HeaderMap) -> bool {
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    ["bot", "spider", "crawl", "preview", "facebookexternalhit", "zalo-link"].iter().any(|r| agent.contains(r))
}

/// Counting must never cost the shopper the page.
async fn count_visit(page: &Page, headers: &HeaderMap, fair: &fair::Model, booth_id: i64, visitor: &str) {
    if Phase::of(fair, Utc::now()) == Phase::Ended || is_robot(headers) {
        return;
    }
    if let Err(e) = visits::record(&page.state.db, fair.id, booth_id, visitor, Utc::now()).await {
        tracing::warn!(error = %e, fair = fair.id, "fair visit not counted");
    }
}

/// A product on a fair page, with its booth.
#[derive(Debug, Clone, Serialize)]
struct Offer {
    #[serde(flatten)]
    item: Priced,
    booth_number: i32,
    shop_name: String,
}

#[derive(Serialize)]
struct FairView {
    fair: FairCard,
    grid: Vec<Vec<Cell>>,
    booths: Vec<Booth>,
    offers: Vec<Offer>,
    tim: String,
    /// How many products match the search (or carry a fair price, before searching).
    found: usize,
    searched: bool,
    /// Buying through the fair is open (it runs now).
    buying: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FairQuery {
    tim: String,
}

fn offers(booths: &[Booth], items: Vec<Priced>) -> Vec<Offer> {
    let by_shop: std::collections::HashMap<i64, &Booth> = booths.iter().map(|b| (b.booth.shop_id, b)).collect();
    items
        .into_iter()
        .filter_map(|item| {
            let booth = by_shop.get(&item.shop_id)?;
            Some(Offer { booth_number: booth.booth.booth_number?, shop_name: booth.shop_name.clone(), item })
        })
        .collect()
}

pub async fn show(
    page: Page,
    headers: HeaderMap,
    jar: CookieJar,
    Path(slug): Path<String>,
    Query(q): Query<FairQuery>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let fair = fairs::by_slug(db, &slug).await?;
    let (visitor, jar) = visitor(&page, jar);
    count_visit(&page, &headers, &fair, visits::FAIR_PAGE, &visitor).await;
    let booths = booths::accepted(db, fair.id).await?;
    let shop_ids: Vec<i64> = booths.iter().map(|b| b.booth.shop_id).collect();
    let all = offers(&booths, prices::of_shops(db, &fair, &shop_ids).await?);
    let tim: String = q.tim.trim().chars().take(100).collect();
    let words = prices::query_words(&tim);
    let mut matching: Vec<Offer> = if words.is_empty() {
        // Before searching: the deepest fair discounts first.
        let mut discounted: Vec<Offer> = all.into_iter().filter(|o| o.item.fair_price_vnd.is_some()).collect();
        discounted.sort_by_key(|o| std::cmp::Reverse(o.item.percent_off));
        discounted
    } else {
        all.into_iter().filter(|o| prices::matches(&words, &o.item.product_name, &o.shop_name)).collect()
    };
    let found = matching.len();
    matching.truncate(if words.is_empty() { SHOWCASE } else { 100 });
    let card = card(db, fair.clone()).await?;
    let view = FairView {
        buying: card.phase == Phase::Live && card.fair.venue_kind != "place",
        grid: booths::grid(&fair, &booths),
        booths,
        offers: matching,
        searched: !words.is_empty(),
        tim,
        found,
        fair: card,
    };
    Ok((jar, page.render("shop/fairs/show.html", &view)?).into_response())
}

#[derive(Serialize)]
struct BoothView {
    fair: FairCard,
    booth: Booth,
    items: Vec<Priced>,
    link: String,
    buying: bool,
    added: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BoothQuery {
    da_them: Option<String>,
}

pub async fn booth(
    page: Page,
    headers: HeaderMap,
    jar: CookieJar,
    Path((slug, number)): Path<(String, i32)>,
    Query(q): Query<BoothQuery>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let fair = fairs::by_slug(db, &slug).await?;
    let booth = booths::by_number(db, &fair, number).await?;
    let (visitor, jar) = visitor(&page, jar);
    count_visit(&page, &headers, &fair, booth.booth.id, &visitor).await;
    let items = prices::of_booth(db, &fair, booth.booth.shop_id).await?;
    let card = card(db, fair.clone()).await?;
    let view = BoothView {
        buying: card.phase == Phase::Live && card.fair.venue_kind != "place",
        link: booths::booth_link(&fair, number),
        fair: card,
        booth,
        items,
        added: q.da_them.is_some(),
    };
    Ok((jar, page.render("shop/fairs/booth.html", &view)?).into_response())
}

/// The QR code to print at the real booth: it opens the booth's page.
pub async fn booth_qr(page: Page, Path((slug, number)): Path<(String, i32)>) -> Result<Response, PageError> {
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    booths::by_number(&page.state.db, &fair, number).await?;
    let url =
        format!("{}{}", page.state.config.server.public_url.trim_end_matches('/'), booths::booth_link(&fair, number));
    let svg = ocop_payments::vietqr::qr_svg(&url)?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=3600")], svg)
        .into_response())
}
