//! A shop's dashboard (`/kenh-nguoi-ban/{shop}`): listings with their state, quick price
//! and stock edits, images, low stock, rejections with reasons, certificates, staff and
//! the vacation switch — everything that shows the dashboard again with its errors.

use axum::extract::{Form, Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_catalog::products::{self, Listing, VariantChange};
use ocop_catalog::shops;
use ocop_core::{Error, FieldErrors, Sku};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, outcome, read_multipart, whole_number};
use crate::guards::RequireShopMember;
use crate::page::Page;

const LOW_STOCK: i64 = 5;

#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    listing: Listing,
    images: Vec<ocop_catalog::entity::product_image::Model>,
}

/// The first screen's counts, each linking to the list it counts.
#[derive(Serialize, Default)]
struct Desk {
    orders: ocop_figures::desk::ShopOrders,
    weeks: Option<ocop_figures::desk::Weeks>,
    low_stock: usize,
    waiting: usize,
    rejected: usize,
    renewals: usize,
    /// Unread messages from shoppers.
    messages: i64,
}

#[derive(Serialize)]
struct DashboardView {
    desk: Desk,
    /// What the shop's own data still lacks, each with the academy's lesson on it.
    checklist: ocop_academy::checklist::Checklist,
    /// The listing filter chosen (`loc`): sap-het, cho-duyet, bi-tu-choi, chung-nhan.
    filter: String,
    /// How many products the listing would show without the filter.
    all_products: usize,
    certificates: Vec<ocop_catalog::entity::certificate::Model>,
    notices: Vec<ocop_catalog::entity::shop_notice::Model>,
    shop: shop::Model,
    listings: Vec<Row>,
    low_stock: Vec<(String, String, i64)>,
    rejected: Vec<(String, String)>,
    waiting: usize,
    errors: FieldErrors,
    saved: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DashboardQuery {
    da_luu: Option<String>,
    loc: String,
}

/// The listing filters the first screen's counts link to.
const FILTERS: [&str; 4] = [FILTER_LOW_STOCK, "cho-duyet", "bi-tu-choi", FILTER_RENEWAL];
const FILTER_LOW_STOCK: &str = "sap-het";
const FILTER_RENEWAL: &str = "chung-nhan";

async fn dashboard_view(
    page: &Page,
    user: &ocop_accounts::User,
    slug: &str,
    filter: &str,
) -> Result<DashboardView, Error> {
    let shop = shops::for_member(&page.state.db, user, slug).await?;
    let mut listings = products::of_shop(&page.state.db, user, slug).await?;
    let all_products = listings.len();
    let now = chrono::Utc::now();
    let today = ocop_figures::period::today_vn(now);
    let is_low = |l: &Listing| l.variants.iter().any(|v| v.stock <= LOW_STOCK);
    let mut desk = Desk {
        orders: ocop_figures::desk::shop_orders(&page.state.db, shop.id, now).await?,
        weeks: Some(ocop_figures::desk::shop_weeks(&page.state.db, shop.id, now).await?),
        low_stock: listings.iter().flat_map(|l| &l.variants).filter(|v| v.stock <= LOW_STOCK).count(),
        waiting: listings.iter().filter(|l| l.product.status == products::SUBMITTED).count(),
        rejected: listings.iter().filter(|l| l.product.rejection_reason.is_some()).count(),
        renewals: 0,
        messages: ocop_messages::read::unread_of_shop(&page.state.db, shop.id).await?,
    };
    match filter {
        FILTER_LOW_STOCK => listings.retain(is_low),
        "cho-duyet" => listings.retain(|l| l.product.status == products::SUBMITTED),
        "bi-tu-choi" => listings.retain(|l| l.product.rejection_reason.is_some()),
        _ => {}
    }
    let low_stock = listings
        .iter()
        .flat_map(|l| {
            l.variants.iter().filter(|v| v.stock <= LOW_STOCK).map(|v| (l.product.name.clone(), v.sku.clone(), v.stock))
        })
        .collect();
    let rejected = listings
        .iter()
        .filter_map(|l| l.product.rejection_reason.clone().map(|r| (l.product.name.clone(), r)))
        .collect();
    let waiting = listings.iter().filter(|l| l.product.status == products::SUBMITTED).count();
    let mut rows = Vec::with_capacity(listings.len());
    for listing in listings {
        let images = ocop_catalog::images::all(&page.state.db, listing.product.id).await?;
        rows.push(Row { listing, images });
    }
    let listings = rows;
    let mut certificates = ocop_catalog::certificates::of_shop(&page.state.db, shop.id).await?;
    desk.renewals = certificates.iter().filter(|c| ocop_catalog::certificates::needs_renewal(c, today)).count();
    if filter == FILTER_RENEWAL {
        certificates.retain(|c| ocop_catalog::certificates::needs_renewal(c, today));
    }
    let notices = ocop_catalog::notices::notices(&page.state.db, shop.id).await?;
    let checklist = ocop_academy::checklist::of_shop(&page.state.db, &shop, user.id, today).await?;
    Ok(DashboardView {
        desk,
        checklist,
        filter: filter.to_owned(),
        all_products,
        certificates,
        notices,
        shop,
        listings,
        low_stock,
        rejected,
        waiting,
        errors: FieldErrors::new(),
        saved: false,
    })
}

pub async fn dashboard(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let filter = FILTERS.iter().find(|f| **f == q.loc).copied().unwrap_or_default();
    let mut view = dashboard_view(&page, &user, &slug, filter).await?;
    view.saved = q.da_luu.is_some();
    Ok(page.render("vendor/dashboard.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VariantForm {
    price_vnd: String,
    stock: String,
}

/// The inline price and stock edit of one variant: live at once.
pub async fn update_variant(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, sku)): Path<(String, String)>,
    Form(form): Form<VariantForm>,
) -> Result<Response, PageError> {
    // Errors are keyed by the stored form, which the dashboard's rows use.
    let sku = Sku::parse(&sku)?;
    let mut errors = FieldErrors::new();
    let price = whole_number(&mut errors, &format!("{sku}.price_vnd"), &form.price_vnd);
    let stock = whole_number(&mut errors, &format!("{sku}.stock"), &form.stock);
    if errors.is_empty() {
        let change = VariantChange { price_vnd: price, compare_at_vnd: None, stock };
        match outcome(products::change_variant(&page.state.db, &user, &slug, &sku, &change).await, &[])? {
            Outcome::Done(_) => return Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
            Outcome::Refused(refused) => {
                for (field, message) in refused.fields().0 {
                    errors.add(&format!("{sku}.{field}"), message);
                }
            }
        }
    }
    let mut view = dashboard_view(&page, &user, &slug, "").await?;
    view.errors = errors;
    Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/dashboard.html", &view))
}

/// Adds an image to a product (multipart field `image`); on a live product it shows after
/// review.
pub async fn upload_image(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, sku)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let sku = Sku::parse(&sku)?;
    let bytes = match read_multipart(multipart).await {
        Ok(mut upload) => upload.take("image"),
        Err(e) => return Ok(e.into_response()),
    };
    let result = if bytes.is_empty() {
        Err(Error::invalid("image", "Chọn một ảnh JPEG, PNG hoặc WebP"))
    } else {
        ocop_catalog::images::add(&page.state.db, page.state.media.as_ref(), &user, &slug, &sku, bytes)
            .await
            .map(|_| ())
    };
    match outcome(result, &[])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            for (_, message) in refused.fields().0 {
                view.errors.add(&format!("{sku}.image"), message);
            }
            Ok(refused.render(&page, "vendor/dashboard.html", &view))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
}

/// The owner adds a registered person as staff.
pub async fn invite_staff(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<InviteForm>,
) -> Result<Response, PageError> {
    match outcome(shops::invite_staff(&page.state.db, &user, &slug, &form.email).await, &[])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            view.errors = refused.fields();
            Ok(refused.render(&page, "vendor/dashboard.html", &view))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VacationForm {
    on: String,
}

pub async fn vacation(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<VacationForm>,
) -> Result<Response, PageError> {
    shops::set_vacation(&page.state.db, &user, &slug, form.on == "1").await?;
    Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response())
}

/// Adds an OCOP certificate with its scan (multipart), optionally showing it on one
/// product; it counts once an admin or the province's coordinator verifies it.
pub async fn add_certificate(
    page: Page,
    RequireShopMember { user, shop, .. }: RequireShopMember,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let slug = shop.slug.clone();
    let mut upload = match read_multipart(multipart).await {
        Ok(upload) => upload,
        Err(e) => return Ok(e.into_response()),
    };
    let scan = upload.take("scan");
    let get = |k: &str| upload.text(k);
    let input = ocop_catalog::certificates::CertificateInput {
        stars: get("stars").trim().parse().unwrap_or(0),
        decision_number: get("decision_number"),
        decision_date: get("decision_date"),
        authority: get("authority"),
    };
    let db = &page.state.db;
    let result: Result<(), Error> = async {
        if scan.is_empty() {
            return Err(Error::invalid("scan", "Tải lên bản chụp quyết định (ảnh hoặc PDF)"));
        }
        let key = ocop_catalog::certificates::store_scan(page.state.media.as_ref(), scan).await?;
        let cert = ocop_catalog::certificates::record(db, &user.actor(), &shop, &input, false).await?;
        ocop_catalog::certificates::set_scan(db, &shop, cert.id, key).await?;
        let sku = get("sku");
        if !sku.trim().is_empty() {
            let listing = products::by_sku(db, &user, &slug, &Sku::parse(&sku)?).await?;
            ocop_catalog::certificates::attach(db, &shop, cert.id, listing.product.id).await?;
        }
        Ok(())
    }
    .await;
    match outcome(result, &[])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            view.errors = refused.fields();
            Ok(refused.render(&page, "vendor/dashboard.html", &view))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DescriptionForm {
    description: String,
}

/// `POST /kenh-nguoi-ban/{shop}/gioi-thieu`: the shop's own words on its page.
pub async fn describe(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<DescriptionForm>,
) -> Result<Response, PageError> {
    match outcome(shops::set_description(&page.state.db, &user, &slug, &form.description).await, &[])? {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1#settings-title")).into_response())
        }
        Outcome::Refused(refused) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            view.errors = refused.fields();
            view.shop.description = form.description;
            Ok(refused.render(&page, "vendor/dashboard.html", &view))
        }
    }
}
