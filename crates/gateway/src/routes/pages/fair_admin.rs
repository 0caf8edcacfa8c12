//! Organising fairs (admins everywhere, coordinators in their provinces): creating one,
//! deciding booth applications, placing booths on the grid, and a booth-wide fair discount.

use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors};
use ocop_fairs::booths::{self, Booth, Cell, Decision};
use ocop_fairs::{FairInput, fair as fairs, prices};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::routes::pages::cart::error_text;
use crate::routes::pages::fairs::{FairCard, card};

fn organiser_only(user: &User) -> Result<(), Error> {
    if matches!(user.role, Role::Admin | Role::Coordinator) { Ok(()) } else { Err(Error::Forbidden) }
}

#[derive(Serialize)]
struct IndexView {
    fairs: Vec<FairCard>,
    form: FairInput,
    errors: FieldErrors,
}

async fn index_view(page: &Page, form: FairInput, errors: FieldErrors) -> Result<IndexView, Error> {
    let mut cards = Vec::new();
    for fair in fairs::all(&page.state.db).await? {
        cards.push(card(&page.state.db, fair).await?);
    }
    Ok(IndexView { fairs: cards, form, errors })
}

pub async fn index(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let form = FairInput { venue_kind: "both".into(), ..FairInput::default() };
    let view = index_view(&page, form, FieldErrors::new()).await?;
    Ok(page.render("admin/fairs.html", &view)?.into_response())
}

pub async fn create(page: Page, SignedIn(user): SignedIn, Form(form): Form<FairInput>) -> Result<Response, PageError> {
    organiser_only(&user)?;
    match fairs::create(&page.state.db, &user, &form).await {
        Ok(fair) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{}", fair.slug)).into_response()),
        Err(Error::Invalid(errors)) => {
            let view = index_view(&page, form, errors).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/fairs.html", &view))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct FairView {
    fair: FairCard,
    booths: Vec<Booth>,
    grid: Vec<Vec<Cell>>,
    pending: usize,
    error: Option<String>,
    /// The edit form, filled from the fair (or as sent, with its errors).
    form: FairInput,
    errors: FieldErrors,
}

async fn fair_view(page: &Page, slug: &str, error: Option<String>) -> Result<FairView, Error> {
    let db = &page.state.db;
    let fair = fairs::by_slug(db, slug).await?;
    let booths = booths::list(db, fair.id).await?;
    let provinces = fairs::provinces_of(db, &fair).await?;
    Ok(FairView {
        form: FairInput::of(&fair, &provinces),
        errors: FieldErrors::new(),
        grid: booths::grid(&fair, &booths),
        pending: booths.iter().filter(|b| b.booth.status == booths::PENDING).count(),
        booths,
        fair: card(db, fair).await?,
        error,
    })
}

pub async fn show(page: Page, SignedIn(user): SignedIn, Path(slug): Path<String>) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    fairs::may_organise(&page.state.db, &user, &fair.host_province).await?;
    let view = fair_view(&page, &slug, None).await?;
    Ok(page.render("admin/fair.html", &view)?.into_response())
}

/// Back to the fair's page, or the page again with what went wrong.
async fn after(page: &Page, slug: &str, result: Result<(), Error>) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{slug}")).into_response()),
        Err(e @ (Error::Invalid(_) | Error::Conflict { .. })) => {
            let (status, _) = crate::error::classify(&e);
            let view = fair_view(page, slug, Some(error_text(&e))).await?;
            Ok(page.render_with(status, "admin/fair.html", &view))
        }
        Err(e) => Err(e.into()),
    }
}

/// The organiser changes the fair's details.
pub async fn update(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<FairInput>,
) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    match fairs::update(&page.state.db, &user, &fair, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{slug}")).into_response()),
        Err(Error::Invalid(errors)) => {
            let mut view = fair_view(&page, &slug, None).await?;
            view.form = form;
            view.errors = errors;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/fair.html", &view))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    booth_number: String,
    note: String,
}

pub async fn accept(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    let result = async {
        let number = match form.booth_number.trim() {
            "" => None,
            n => Some(n.parse::<i32>().map_err(|_| Error::invalid("booth_number", "Số gian phải là một số"))?),
        };
        booths::decide(&page.state.db, &user, &fair, id, &Decision::Accept { number }, &form.note).await.map(|_| ())
    }
    .await;
    after(&page, &slug, result).await
}

pub async fn reject(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    let result = booths::decide(&page.state.db, &user, &fair, id, &Decision::Reject, &form.note).await.map(|_| ());
    after(&page, &slug, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PercentForm {
    percent: String,
}

/// One discount over every product of a booth (the organiser's fair-wide offer).
pub async fn booth_discount(
    page: Page,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<PercentForm>,
) -> Result<Response, PageError> {
    organiser_only(&user)?;
    let db = &page.state.db;
    let fair = fairs::by_slug(db, &slug).await?;
    let result = async {
        let booth = booths::list(db, fair.id)
            .await?
            .into_iter()
            .find(|b| b.booth.id == id)
            .ok_or(Error::NotFound { what: "gian hàng" })?;
        let shop = shop::Entity::find_by_id(booth.booth.shop_id)
            .one(db)
            .await?
            .ok_or(Error::NotFound { what: "gian hàng" })?;
        let percent = form.percent.trim().trim_end_matches('%').parse::<i64>().unwrap_or(0);
        prices::set_percent(db, &user, &fair, &shop, percent).await.map(|_| ())
    }
    .await;
    after(&page, &slug, result).await
}
