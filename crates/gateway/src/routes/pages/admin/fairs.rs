//! Organising fairs (admins everywhere, coordinators in their provinces): creating one,
//! deciding booth applications, placing booths on the grid, and a booth-wide fair discount.

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors};
use ocop_fairs::booths::{self, Booth, Cell, Decision};
use ocop_fairs::{FairInput, fair as fairs, prices};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireModerator;
use crate::page::Page;
use crate::views::fairs::{FairCard, card};

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

pub async fn index(page: Page, _moderator: RequireModerator) -> Result<Response, PageError> {
    let form = FairInput { venue_kind: "both".into(), ..FairInput::default() };
    let view = index_view(&page, form, FieldErrors::new()).await?;
    Ok(page.render("admin/fairs.html", &view)?.into_response())
}

pub async fn create(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Form(form): Form<FairInput>,
) -> Result<Response, PageError> {
    match outcome(fairs::create(&page.state.db, &user.actor(), &form).await, &[])? {
        Outcome::Done(fair) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{}", fair.slug)).into_response()),
        Outcome::Refused(refused) => {
            let view = index_view(&page, form, refused.fields()).await?;
            Ok(refused.render(&page, "admin/fairs.html", &view))
        }
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

pub async fn show(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    fairs::may_organise(&page.state.db, &user.actor(), &fair.host_province).await?;
    let view = fair_view(&page, &slug, None).await?;
    Ok(page.render("admin/fair.html", &view)?.into_response())
}

/// Back to the fair's page, or the page again with what went wrong.
async fn after(page: &Page, slug: &str, result: Result<(), Error>) -> Result<Response, PageError> {
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{slug}")).into_response()),
        Outcome::Refused(refused) => {
            let view = fair_view(page, slug, Some(refused.text())).await?;
            Ok(refused.render(page, "admin/fair.html", &view))
        }
    }
}

/// The organiser changes the fair's details.
pub async fn update(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path(slug): Path<String>,
    Form(form): Form<FairInput>,
) -> Result<Response, PageError> {
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    match outcome(fairs::update(&page.state.db, &user.actor(), &fair, &form).await, &[])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/quan-tri/hoi-cho/{slug}")).into_response()),
        Outcome::Refused(refused) => {
            let mut view = fair_view(&page, &slug, None).await?;
            view.form = form;
            view.errors = refused.fields();
            Ok(refused.render(&page, "admin/fair.html", &view))
        }
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
    RequireModerator { user, .. }: RequireModerator,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    let result = async {
        let number = match form.booth_number.trim() {
            "" => None,
            n => Some(n.parse::<i32>().map_err(|_| Error::invalid("booth_number", "Số gian phải là một số"))?),
        };
        booths::decide(&page.state.db, &user.actor(), &fair, id, &Decision::Accept { number }, &form.note)
            .await
            .map(|_| ())
    }
    .await;
    after(&page, &slug, result).await
}

pub async fn reject(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let fair = fairs::by_slug(&page.state.db, &slug).await?;
    let result =
        booths::decide(&page.state.db, &user.actor(), &fair, id, &Decision::Reject, &form.note).await.map(|_| ());
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
    RequireModerator { user, .. }: RequireModerator,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<PercentForm>,
) -> Result<Response, PageError> {
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
