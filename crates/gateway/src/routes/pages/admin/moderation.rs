//! The admin workspace's first screen (`/quan-tri`), for admins and province coordinators:
//! the day's figures (admins), shops and certificates to verify, and the moderation queue
//! with a side-by-side view of pending edits; deciding each.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::{product, shop};
use ocop_catalog::input::Content;
use ocop_catalog::products;
use ocop_catalog::{coordinators, shops};
use ocop_core::{Error, FieldErrors, provinces};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::guards::RequireModerator;
use crate::page::Page;
use crate::views::shops::ShopItem;

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
    reviews_waiting: u64,
    conversations_reported: u64,
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
            reviews_waiting: ocop_reviews::moderation::waiting_count(db).await?,
            conversations_reported: ocop_messages::reports::waiting_count(db).await?,
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

pub async fn index(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Query(q): Query<QueueQuery>,
) -> Result<Response, PageError> {
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
    match outcome(result, &[])? {
        Outcome::Done(()) => Ok(Redirect::to("/quan-tri").into_response()),
        Outcome::Refused(refused) => {
            let mut view = admin_view(page, user, &QueueQuery::default()).await?;
            for (_, message) in refused.fields().0 {
                view.errors.add(&field, message);
            }
            Ok(refused.render(page, "admin/index.html", &view))
        }
    }
}

pub async fn verify_shop(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = shops::decide(&page.state.db, &user.actor(), id, true, "").await.map(|_| ());
    after_decision(&page, &user, result, format!("shop-{id}")).await
}

pub async fn reject_shop(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let result = shops::decide(&page.state.db, &user.actor(), id, false, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("shop-{id}")).await
}

pub async fn approve_product(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = products::approve(&page.state.db, &user.actor(), id).await.map(|_| ());
    after_decision(&page, &user, result, format!("product-{id}")).await
}

pub async fn reject_product(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let result = products::reject(&page.state.db, &user.actor(), id, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("product-{id}")).await
}

pub async fn verify_certificate(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = ocop_catalog::certificates::decide(&page.state.db, &user.actor(), id, true, "").await.map(|_| ());
    after_decision(&page, &user, result, format!("certificate-{id}")).await
}

pub async fn reject_certificate(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let result =
        ocop_catalog::certificates::decide(&page.state.db, &user.actor(), id, false, &form.reason).await.map(|_| ());
    after_decision(&page, &user, result, format!("certificate-{id}")).await
}
