//! The admin workspace (/quan-tri) for admins and province coordinators: shops to verify,
//! the moderation queue with a side-by-side view of pending edits, the audit log, and
//! province-wide import.

use axum::extract::{Form, Multipart, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::{audit, product, shop};
use ocop_catalog::input::Content;
use ocop_catalog::products;
use ocop_catalog::{coordinators, import, shops};
use ocop_core::{Error, FieldErrors, provinces};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use super::vendor::{ImportView, read_upload};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;

fn moderator(user: &User) -> Result<(), Error> {
    if matches!(user.role, Role::Admin | Role::Coordinator) { Ok(()) } else { Err(Error::Forbidden) }
}

/// The provinces a moderator sees; None = all (admins).
async fn scope(page: &Page, user: &User) -> Result<Option<Vec<String>>, Error> {
    match user.role {
        Role::Admin => Ok(None),
        _ => Ok(Some(coordinators::provinces_of(&page.state.db, user.id).await?)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    tinh: String,
    cua_hang: String,
    /// Only what has waited at least this many hours.
    cho: String,
}

#[derive(Serialize)]
struct FieldChange {
    label: &'static str,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct QueueItem {
    product: product::Model,
    shop_name: String,
    shop_slug: String,
    province_name: &'static str,
    waiting_hours: i64,
    /// Empty for a first submission; the changed fields for an edit of a live product.
    changes: Vec<FieldChange>,
    price_vnd: i64,
}

#[derive(Serialize)]
struct ShopItem {
    shop: shop::Model,
    province_name: &'static str,
    producer_label: &'static str,
}

impl From<shop::Model> for ShopItem {
    fn from(s: shop::Model) -> Self {
        ShopItem {
            province_name: provinces::by_code_exact(&s.province_code).map_or("", |p| p.name),
            producer_label: ocop_catalog::producer::ProducerType::parse(&s.producer_type).map_or("", |p| p.label_vi()),
            shop: s,
        }
    }
}

#[derive(Serialize)]
struct CertificateItem {
    certificate: ocop_catalog::entity::certificate::Model,
    shop_name: String,
    /// The products the decision lists, each with its own stars.
    products: Vec<ocop_catalog::certificates::Listed>,
}

/// The money and order counts of the first screen (admins only: coordinators moderate).
#[derive(Serialize)]
struct AdminDesk {
    #[serde(flatten)]
    figures: ocop_figures::desk::AdminDesk,
    statements_waiting: u64,
}

#[derive(Serialize)]
struct AdminView {
    desk: Option<AdminDesk>,
    certificates: Vec<CertificateItem>,
    shops: Vec<ShopItem>,
    queue: Vec<QueueItem>,
    provinces: Vec<(&'static str, &'static str)>,
    filter_province: String,
    filter_shop: String,
    filter_age: String,
    errors: FieldErrors,
    done: Option<String>,
}

fn diff(before: &Content, after: &Content) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut field = |label: &'static str, b: &str, a: &str| {
        if a != b {
            out.push(FieldChange { label, before: b.to_owned(), after: a.to_owned() });
        }
    };
    field("Tên", &before.name, &after.name);
    field("Mô tả", &before.description, &after.description);
    field("Nhóm", &before.category, &after.category);
    field("Tỉnh", &before.province_code, &after.province_code);
    field("Thành phần", &before.ingredients, &after.ingredients);
    field("Hạn dùng", &before.shelf_life, &after.shelf_life);
    field("Bảo quản", &before.storage, &after.storage);
    out
}

async fn admin_view(page: &Page, user: &User, q: &QueueQuery) -> Result<AdminView, Error> {
    let db = &page.state.db;
    let scope = scope(page, user).await?;
    let in_scope = |code: &str| scope.as_ref().is_none_or(|s| s.iter().any(|p| p == code));
    let shops =
        shops::pending(db).await?.into_iter().filter(|s| in_scope(&s.province_code)).map(ShopItem::from).collect();
    let mut queue = Vec::new();
    let now = chrono::Utc::now();
    for p in products::queue(db).await? {
        let Some(owner) = shop::Entity::find_by_id(p.shop_id).one(db).await? else { continue };
        if !in_scope(&owner.province_code)
            || (!q.tinh.is_empty() && owner.province_code != q.tinh)
            || (!q.cua_hang.is_empty() && owner.slug != q.cua_hang)
            || q.cho.parse::<i64>().is_ok_and(|hours| (now - p.updated_at).num_hours() < hours)
        {
            continue;
        }
        let changes = match &p.pending {
            Some(pending) => {
                let after: Content = serde_json::from_value(pending.clone()).map_err(Error::internal)?;
                diff(&products::content_of(&p), &after)
            }
            None => Vec::new(),
        };
        let listing = products::get(db, p.id).await?;
        queue.push(QueueItem {
            waiting_hours: (now - p.updated_at).num_hours(),
            province_name: provinces::by_code_exact(&owner.province_code).map_or("", |x| x.name),
            shop_name: owner.name.clone(),
            shop_slug: owner.slug.clone(),
            price_vnd: listing.variants.first().map_or(0, |v| v.price_vnd),
            changes,
            product: p,
        });
    }
    let provinces = provinces::PROVINCES.iter().filter(|p| in_scope(p.code)).map(|p| (p.code, p.name)).collect();
    let mut certificates = Vec::new();
    for c in ocop_catalog::certificates::pending(db).await? {
        let Some(owner) = shop::Entity::find_by_id(c.shop_id).one(db).await? else { continue };
        if in_scope(&owner.province_code) {
            let products = ocop_catalog::certificates::products_under(db, &c).await?;
            certificates.push(CertificateItem { certificate: c, shop_name: owner.name, products });
        }
    }
    let desk = if user.role == Role::Admin {
        Some(AdminDesk {
            figures: ocop_figures::desk::admin(db, now).await?,
            statements_waiting: ocop_payments::statements::unresolved_count(db).await?,
        })
    } else {
        None
    };
    Ok(AdminView {
        desk,
        certificates,
        shops,
        queue,
        provinces,
        filter_province: q.tinh.clone(),
        filter_shop: q.cua_hang.clone(),
        filter_age: q.cho.clone(),
        errors: FieldErrors::new(),
        done: None,
    })
}

pub async fn index(page: Page, SignedIn(user): SignedIn, Query(q): Query<QueueQuery>) -> Result<Response, PageError> {
    moderator(&user)?;
    let view = admin_view(&page, &user, &q).await?;
    Ok(page.render("admin/index.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    reason: String,
}

async fn after_decision(
    page: &Page,
    user: &User,
    result: Result<(), Error>,
    field: String,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to("/quan-tri").into_response()),
        Err(Error::Invalid(fields)) => {
            let mut view = admin_view(page, user, &QueueQuery::default()).await?;
            for (_, message) in fields.0 {
                view.errors.add(&field, message);
            }
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/index.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn verify_shop(page: Page, SignedIn(user): SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = shops::decide(&page.state.db, &user, id, true, "").await.map(|_| ());
    after_decision(&page, &user, result, format!("shop-{id}")).await
}

pub async fn reject_shop(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = shops::decide(&page.state.db, &user, id, false, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("shop-{id}")).await
}

pub async fn approve_product(page: Page, SignedIn(user): SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = products::approve(&page.state.db, &user, id).await.map(|_| ());
    after_decision(&page, &user, result, format!("product-{id}")).await
}

pub async fn reject_product(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = products::reject(&page.state.db, &user, id, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("product-{id}")).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    trang: u64,
}

#[derive(Serialize)]
struct AuditRow {
    when: String,
    who: String,
    what: String,
    reason: Option<String>,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct AuditView {
    entries: Vec<AuditRow>,
    page: u64,
    pages: u64,
}

const AUDIT_PER_PAGE: u64 = 50;

/// The append-only audit log, newest first (admins only: it names every actor).
pub async fn audit_log(
    page: Page,
    SignedIn(user): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    crate::routes::pages::admin_orders::admin_only(&user)?;
    let db = &page.state.db;
    let total = audit::Entity::find().count(db).await?;
    let pages = total.div_ceil(AUDIT_PER_PAGE).max(1);
    let number = q.trang.clamp(1, pages);
    let entries = audit::Entity::find()
        .order_by_desc(audit::Column::Id)
        .limit(AUDIT_PER_PAGE)
        .offset((number - 1) * AUDIT_PER_PAGE)
        .all(db)
        .await?;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.actor_id).collect();
    let actors: std::collections::HashMap<i64, String> = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let show = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(String::new, ToString::to_string);
    let entries = entries
        .into_iter()
        .map(|e| AuditRow {
            // Shown in Vietnam's time (GMT+7).
            when: ocop_core::time::in_vn(e.created_at).format("%d/%m/%Y %H:%M").to_string(),
            who: e
                .actor_id
                .map_or_else(|| "—".to_owned(), |id| actors.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
            what: format!("{} {} #{}", e.action, e.entity, e.entity_id),
            before: show(&e.before),
            after: show(&e.after),
            reason: e.reason,
        })
        .collect();
    Ok(page.render("admin/audit.html", &AuditView { entries, page: number, pages })?.into_response())
}

/// Import for a whole province (coordinators) or any shops (admins): rows name their shop.
pub async fn import_form(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    moderator(&user)?;
    let view = ImportView {
        shop: None,
        action: "/quan-tri/nhap".into(),
        report: None,
        error: None,
        admin: user.role == Role::Admin,
    };
    Ok(page.render("vendor/import.html", &view)?.into_response())
}

pub async fn import_upload(page: Page, SignedIn(user): SignedIn, multipart: Multipart) -> Result<Response, PageError> {
    moderator(&user)?;
    let admin = user.role == Role::Admin;
    let action = "/quan-tri/nhap".to_owned();
    let (bytes, flags) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(e) => {
            let view =
                ImportView { shop: None, action, report: None, error: Some(crate::error::public_message(&e)), admin };
            return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/import.html", &view));
        }
    };
    let options = import::Options {
        shop: None,
        approve: admin && flags.iter().any(|f| f == "approve"),
        create_shops: admin && flags.iter().any(|f| f == "create_shops"),
    };
    let report = import::run(&page.state.db, &user, &bytes, &options).await?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = ImportView { shop: None, action, report: Some(report), error: None, admin };
    Ok(page.render_with(status, "vendor/import.html", &view))
}

#[derive(Serialize)]
struct ShopsView {
    shops: Vec<ShopItem>,
}

/// Verified shops with the per-shop auto-approve switch (admins only).
pub async fn shops_list(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    crate::routes::pages::admin_orders::admin_only(&user)?;
    let shops = shops::verified(&page.state.db).await?.into_iter().map(ShopItem::from).collect();
    Ok(page.render("admin/shops.html", &ShopsView { shops })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwitchForm {
    on: String,
}

pub async fn auto_approve(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<SwitchForm>,
) -> Result<Response, PageError> {
    shops::set_auto_approve(&page.state.db, &user, id, form.on == "1").await?;
    Ok(Redirect::to("/quan-tri/cua-hang").into_response())
}

pub async fn verify_certificate(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = ocop_catalog::certificates::decide(&page.state.db, &user, id, true, "").await.map(|_| ());
    after_decision(&page, &user, result, format!("certificate-{id}")).await
}

pub async fn reject_certificate(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    moderator(&user)?;
    let result = ocop_catalog::certificates::decide(&page.state.db, &user, id, false, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("certificate-{id}")).await
}

/// A coordinator (or admin) onboards a producer, typically a household, on its behalf:
/// the shop is created verified, and an existing account may be made its owner.
pub async fn onboard_form(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    moderator(&user)?;
    let view = super::vendor::ApplyView {
        form: shops::Application { producer_type: "ho_kinh_doanh".into(), ..Default::default() },
        errors: FieldErrors::new(),
        producers: super::vendor::producer_choices(),
        status: None,
        action: "/quan-tri/cua-hang-moi",
        owner_email: Some(String::new()),
    };
    Ok(page.render("vendor/apply.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OnboardForm {
    #[serde(flatten)]
    application: shops::Application,
    owner_email: String,
}

pub async fn onboard(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<OnboardForm>,
) -> Result<Response, PageError> {
    moderator(&user)?;
    let db = &page.state.db;
    let owner = if form.owner_email.trim().is_empty() {
        Ok(None)
    } else {
        use ocop_accounts::entity::user as users;
        users::Entity::find()
            .filter(users::Column::Email.eq(ocop_accounts::users::normalize_email(&form.owner_email)))
            .one(db)
            .await?
            .map(Some)
            .ok_or_else(|| Error::invalid("owner_email", "Chưa có tài khoản với email này"))
    };
    let result = match owner {
        Err(e) => Err(e),
        Ok(owner) => match shops::create_verified(db, &user, &form.application).await {
            Ok(shop) => {
                if let Some(owner) = owner {
                    shops::add_member(db, shop.id, owner.id, "owner").await?;
                }
                Ok(shop)
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(shop) => Ok(Redirect::to(&format!("/cua-hang/{}", shop.slug)).into_response()),
        Err(err @ (Error::Invalid(_) | Error::Conflict { .. } | Error::Forbidden)) => {
            let status = crate::error::classify(&err).0;
            let errors = match err {
                Error::Invalid(fields) => fields,
                Error::Forbidden => FieldErrors::single("province", "Tỉnh này không thuộc phạm vi bạn phụ trách"),
                other => FieldErrors::single("name", crate::error::public_message(&other)),
            };
            let view = super::vendor::ApplyView {
                form: form.application,
                errors,
                producers: super::vendor::producer_choices(),
                status: None,
                action: "/quan-tri/cua-hang-moi",
                owner_email: Some(form.owner_email),
            };
            Ok(page.render_with(status, "vendor/apply.html", &view))
        }
        Err(other) => Err(other.into()),
    }
}
