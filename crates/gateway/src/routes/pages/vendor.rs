//! The shop workspace (/kenh-nguoi-ban): apply to sell, then listings with their state,
//! quick price and stock edits, low stock, rejections with reasons, new products, import.

use axum::extract::{Form, Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_catalog::group::GROUPS;
use ocop_catalog::input::{ProductInput, VariantInput};
use ocop_catalog::producer::ProducerType;
use ocop_catalog::products::{self, Listing, VariantChange};
use ocop_catalog::{import, shops};
use ocop_core::{Error, FieldErrors, Sku};
use serde::{Deserialize, Serialize};

use super::forms::whole_number;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;

const LOW_STOCK: i64 = 5;

#[derive(Serialize)]
pub struct Choice {
    code: &'static str,
    label: &'static str,
}

pub fn producer_choices() -> Vec<Choice> {
    ProducerType::ALL.iter().map(|p| Choice { code: p.code(), label: p.label_vi() }).collect()
}

/// The application form; in the admin workspace it onboards a producer on its behalf.
#[derive(Serialize)]
pub struct ApplyView {
    pub form: shops::Application,
    pub errors: FieldErrors,
    pub producers: Vec<Choice>,
    pub status: Option<shop::Model>,
    pub action: &'static str,
    /// Onboarding: the e-mail of the producer's account, made the shop's owner.
    pub owner_email: Option<String>,
}

/// `/kenh-nguoi-ban`: the application form, its status, or the shop's dashboard.
pub async fn home(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let mine = shops::mine(&page.state.db, user.id).await?;
    match mine.into_iter().next() {
        Some(s) if s.status == shops::STATUS_VERIFIED => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}", s.slug)).into_response())
        }
        Some(s) => {
            let view = ApplyView {
                form: shops::Application::default(),
                errors: FieldErrors::new(),
                producers: producer_choices(),
                status: Some(s),
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render("vendor/apply.html", &view)?.into_response())
        }
        None => {
            let view = ApplyView {
                form: shops::Application::default(),
                errors: FieldErrors::new(),
                producers: producer_choices(),
                status: None,
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render("vendor/apply.html", &view)?.into_response())
        }
    }
}

pub async fn apply(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<shops::Application>,
) -> Result<Response, PageError> {
    match shops::apply(&page.state.db, &user, &form).await {
        Ok(_) => Ok(Redirect::to("/kenh-nguoi-ban").into_response()),
        Err(err @ (Error::Invalid(_) | Error::Conflict { .. })) => {
            let status = crate::error::classify(&err).0;
            let errors = match err {
                Error::Invalid(fields) => fields,
                other => FieldErrors::single("name", crate::error::public_message(&other)),
            };
            let view = ApplyView {
                form,
                errors,
                producers: producer_choices(),
                status: None,
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render_with(status, "vendor/apply.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}

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
}

#[derive(Serialize)]
struct DashboardView {
    desk: Desk,
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
    Ok(DashboardView {
        desk,
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
        match products::change_variant(&page.state.db, &user, &slug, &sku, &change).await {
            Ok(_) => return Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
            Err(Error::Invalid(fields)) => {
                for (field, message) in fields.0 {
                    errors.add(&format!("{sku}.{field}"), message);
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    let mut view = dashboard_view(&page, &user, &slug, "").await?;
    view.errors = errors;
    Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/dashboard.html", &view))
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    category: String,
    subcategory: String,
    province: String,
    description: String,
    ingredients: String,
    shelf_life: String,
    storage: String,
    price_includes_vat: Option<String>,
    price_includes_shipping: Option<String>,
    perishable: Option<String>,
    estamp_code: String,
    estamp_url: String,
    sku: String,
    label: String,
    price_vnd: String,
    stock: String,
    weight_grams: String,
    unit: String,
}

#[derive(Serialize)]
struct NewProductView {
    shop: shop::Model,
    form: ProductForm,
    errors: FieldErrors,
    groups: &'static [ocop_catalog::group::Group],
    /// (group name, its subcategories) for the grouped select.
    subcategories: Vec<(&'static str, &'static [ocop_catalog::group::Sub])>,
}

fn subcategory_choices() -> Vec<(&'static str, &'static [ocop_catalog::group::Sub])> {
    GROUPS.iter().map(|g| (g.name_vi, ocop_catalog::group::subcategories(g.code))).collect()
}

pub async fn new_product_form(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let province = ocop_core::provinces::by_code_exact(&shop.province_code).map_or("", |p| p.name).to_owned();
    let form =
        ProductForm { province, price_includes_vat: Some("on".into()), unit: "hộp".into(), ..Default::default() };
    let view = NewProductView {
        shop,
        form,
        errors: FieldErrors::new(),
        groups: &GROUPS,
        subcategories: subcategory_choices(),
    };
    Ok(page.render("vendor/new_product.html", &view)?.into_response())
}

pub async fn create_product(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<ProductForm>,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let mut errors = FieldErrors::new();
    let price = whole_number(&mut errors, "variants[0].price_vnd", &form.price_vnd);
    let stock = whole_number(&mut errors, "variants[0].stock", &form.stock);
    let weight = whole_number(&mut errors, "variants[0].weight_grams", &form.weight_grams);
    let input = ProductInput {
        name: form.name.clone(),
        description: form.description.clone(),
        category: form.category.clone(),
        subcategory: form.subcategory.clone(),
        province: form.province.clone(),
        ingredients: form.ingredients.clone(),
        shelf_life: form.shelf_life.clone(),
        storage: form.storage.clone(),
        price_includes_vat: Some(form.price_includes_vat.is_some()),
        price_includes_shipping: Some(form.price_includes_shipping.is_some()),
        perishable: Some(form.perishable.is_some()),
        estamp_code: form.estamp_code.clone(),
        estamp_url: form.estamp_url.clone(),
        variants: vec![VariantInput {
            sku: form.sku.clone(),
            label: form.label.clone(),
            price_vnd: price.unwrap_or(0),
            compare_at_vnd: None,
            stock: stock.unwrap_or(0),
            weight_grams: weight.and_then(|w| i32::try_from(w).ok()).unwrap_or(0),
            unit: form.unit.clone(),
        }],
    };
    let result = if errors.is_empty() {
        products::create(&page.state.db, &user, &slug, &input, true).await
    } else {
        Err(Error::Invalid(errors.clone()))
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Err(err @ (Error::Invalid(_) | Error::Conflict { .. })) => {
            let status = crate::error::classify(&err).0;
            let mut all = errors;
            match err {
                Error::Invalid(fields) => {
                    for (field, message) in fields.0 {
                        all.add(&field.replace("variants[0].", ""), message);
                    }
                }
                other => all.add("sku", crate::error::public_message(&other)),
            }
            let view =
                NewProductView { shop, form, errors: all, groups: &GROUPS, subcategories: subcategory_choices() };
            Ok(page.render_with(status, "vendor/new_product.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}

/// The import page, for a shop's own rows or (in the admin workspace) rows naming shops.
#[derive(Serialize)]
pub struct ImportView {
    pub shop: Option<shop::Model>,
    pub action: String,
    pub report: Option<import::Report>,
    pub error: Option<String>,
    /// Admins may approve as imported and create shops.
    pub admin: bool,
}

pub async fn import_form(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let view = ImportView {
        action: format!("/kenh-nguoi-ban/{slug}/nhap"),
        shop: Some(shop),
        report: None,
        error: None,
        admin: false,
    };
    Ok(page.render("vendor/import.html", &view)?.into_response())
}

/// The uploaded file's bytes and the form's checkboxes.
pub async fn read_upload(mut multipart: Multipart) -> Result<(Vec<u8>, Vec<String>), Error> {
    let mut file = Vec::new();
    let mut flags = Vec::new();
    while let Some(field) =
        multipart.next_field().await.map_err(|e| Error::invalid("file", format!("Tệp tải lên bị lỗi: {e}")))?
    {
        match field.name() {
            Some("file") => {
                file = field
                    .bytes()
                    .await
                    .map_err(|e| {
                        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            Error::invalid("file", import::too_large(super::UPLOAD_LIMIT_BYTES))
                        } else {
                            Error::invalid("file", format!("Tệp tải lên bị lỗi: {e}"))
                        }
                    })?
                    .to_vec()
            }
            Some(name) => flags.push(name.to_owned()),
            None => {}
        }
    }
    if file.is_empty() {
        return Err(Error::invalid("file", "Chọn một tệp CSV hoặc JSON Lines"));
    }
    Ok((file, flags))
}

pub async fn import_upload(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let action = format!("/kenh-nguoi-ban/{slug}/nhap");
    let (bytes, _) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(e) => {
            let view = ImportView {
                action,
                shop: Some(shop),
                report: None,
                error: Some(crate::error::public_message(&e)),
                admin: false,
            };
            return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/import.html", &view));
        }
    };
    let options = import::Options { shop: Some(slug.clone()), approve: false, create_shops: false };
    let report = import::run(&page.state.db, &user, &bytes, &options).await?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = ImportView { action, shop: Some(shop), report: Some(report), error: None, admin: false };
    Ok(page.render_with(status, "vendor/import.html", &view))
}

/// Adds an image to a product (multipart field `image`); on a live product it shows after
/// review.
pub async fn upload_image(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, sku)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let sku = Sku::parse(&sku)?;
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("image") {
            bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        }
    }
    let result = if bytes.is_empty() {
        Err(Error::invalid("image", "Chọn một ảnh JPEG, PNG hoặc WebP"))
    } else {
        ocop_catalog::images::add(&page.state.db, page.state.media.as_ref(), &user, &slug, &sku, bytes)
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Err(Error::Invalid(fields)) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            for (_, message) in fields.0 {
                view.errors.add(&format!("{sku}.image"), message);
            }
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/dashboard.html", &view))
        }
        Err(other) => Err(other.into()),
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
    match shops::invite_staff(&page.state.db, &user, &slug, &form.email).await {
        Ok(_) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Err(Error::Invalid(fields)) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            view.errors = fields;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/dashboard.html", &view))
        }
        Err(other) => Err(other.into()),
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
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let shop = shops::for_member(&page.state.db, &user, &slug).await?;
    let mut fields = std::collections::HashMap::new();
    let mut scan = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "scan" {
            scan = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        } else {
            fields.insert(name, field.text().await.unwrap_or_default());
        }
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
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
        let cert = ocop_catalog::certificates::record(db, &user, &shop, &input, false).await?;
        ocop_catalog::certificates::set_scan(db, &shop, cert.id, key).await?;
        let sku = get("sku");
        if !sku.trim().is_empty() {
            let listing = products::by_sku(db, &user, &slug, &Sku::parse(&sku)?).await?;
            ocop_catalog::certificates::attach(db, &shop, cert.id, listing.product.id).await?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Err(Error::Invalid(errors)) => {
            let mut view = dashboard_view(&page, &user, &slug, "").await?;
            view.errors = errors;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/dashboard.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}

/// Sets the shop's logo (multipart field `logo`), from the application's status page or
/// the dashboard.
pub async fn upload_logo(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("logo") {
            bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        }
    }
    let result = if bytes.is_empty() {
        Err(Error::invalid("logo", "Chọn một ảnh logo"))
    } else {
        ocop_catalog::images::set_logo(&page.state.db, page.state.media.as_ref(), &user, &slug, bytes).await.map(|_| ())
    };
    match result {
        Ok(()) => Ok(Redirect::to("/kenh-nguoi-ban?da_luu=1").into_response()),
        Err(Error::Invalid(fields)) => {
            let shop = shops::for_member(&page.state.db, &user, &slug).await?;
            let view = ApplyView {
                form: shops::Application::default(),
                errors: fields,
                producers: producer_choices(),
                status: Some(shop),
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/apply.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}
