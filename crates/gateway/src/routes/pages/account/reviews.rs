//! A shopper's reviews (`/danh-gia`): what they bought and may review, writing a review,
//! its one edit, and claiming a booth receipt so its goods can be reviewed.

use axum::extract::{Form, Path, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_reviews::entity::review;
use ocop_reviews::input::Stars;
use ocop_reviews::photos::{self, Photo};
use ocop_reviews::purchase::{self, Bought, Purchase};
use ocop_reviews::{EDIT_DAYS, ReviewInput, write};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, UploadError, outcome, read_any_form};
use crate::page::Page;
use crate::views::reviews::{review_href, write_href};

#[derive(Serialize)]
struct Line {
    purchase: Purchase,
    review: Option<review::Model>,
    /// Where its review is written (or edited).
    href: String,
    may_edit: bool,
}

#[derive(Serialize)]
struct MineView {
    lines: Vec<Line>,
    claim_error: Option<String>,
    claim_code: String,
}

fn may_edit(r: &review::Model) -> bool {
    r.edited_at.is_none()
        && r.status != ocop_reviews::status::REMOVED
        && chrono::Utc::now() - r.created_at <= chrono::Duration::days(EDIT_DAYS)
}

async fn render_mine(
    page: &Page,
    user_id: i64,
    status: StatusCode,
    claim_error: Option<String>,
    claim_code: String,
) -> Result<Response, PageError> {
    let lines = purchase::reviewable(&page.state.db, user_id)
        .await?
        .into_iter()
        .map(|(purchase, review)| {
            let href = review_href(purchase.bought, review.as_ref());
            let may_edit = review.as_ref().is_some_and(may_edit);
            Line { purchase, review, href, may_edit }
        })
        .collect();
    Ok(page.render_with(status, "account/reviews.html", &MineView { lines, claim_error, claim_code }))
}

pub async fn mine(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    render_mine(&page, user.id, StatusCode::OK, None, String::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ClaimForm {
    code: String,
}

/// `POST /danh-gia/hoa-don`: the receipt's code, from the paper or the e-receipt.
pub async fn claim(page: Page, SignedIn(user): SignedIn, Form(form): Form<ClaimForm>) -> Result<Response, PageError> {
    let code = form.code.trim().to_owned();
    let result = if code.is_empty() {
        Err(Error::invalid("code", "Nhập mã hoá đơn, ví dụ BH-261203-AB12"))
    } else {
        purchase::claim_receipt(&page.state.db, user.id, &code).await.map(|_| ())
    };
    match outcome(result, &[Shows::Conflict, Shows::NotFound])? {
        Outcome::Done(()) => Ok(Redirect::to("/danh-gia?da-them=1").into_response()),
        Outcome::Refused(refused) => render_mine(&page, user.id, refused.status, Some(refused.text()), code).await,
    }
}

#[derive(Serialize)]
struct FormView {
    purchase: Option<Purchase>,
    review: Option<review::Model>,
    /// The review's photos (editing), each with a box to take it off.
    photos: Vec<Photo>,
    action: String,
    stars: i64,
    body: String,
    errors: ocop_core::FieldErrors,
    error: Option<String>,
    editing: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    stars: String,
    body: String,
}

impl ReviewForm {
    fn input(self) -> ReviewInput {
        ReviewInput { stars: Stars::Text(self.stars), body: self.body }
    }
}

fn bought(kind: &str, line: i64) -> Result<Bought, Error> {
    match kind {
        "don" => Ok(Bought::OrderLine(line)),
        "gian" => Ok(Bought::BoothLine(line)),
        _ => Err(Error::NotFound { what: "trang" }),
    }
}

/// `GET /danh-gia/viet/{don|gian}/{line}`: the form, or the review's edit form when it exists.
pub async fn new_form(
    page: Page,
    SignedIn(user): SignedIn,
    Path((kind, line)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let bought = bought(&kind, line)?;
    if let Some(existing) = purchase::written_for(&page.state.db, user.id).await?.get(&bought) {
        return Ok(Redirect::to(&format!("/danh-gia/{}/sua", existing.id)).into_response());
    }
    let found = purchase::find(&page.state.db, user.id, bought).await;
    let (purchase, status, error) = match outcome(found, &[Shows::Conflict])? {
        Outcome::Done(p) => (Some(p), StatusCode::OK, None),
        Outcome::Refused(r) => (None, r.status, Some(r.text())),
    };
    let view = FormView {
        purchase,
        review: None,
        photos: Vec::new(),
        action: write_href(bought),
        stars: 5,
        body: String::new(),
        errors: ocop_core::FieldErrors::new(),
        error,
        editing: false,
    };
    Ok(page.render_with(status, "account/review_form.html", &view))
}

/// `POST /danh-gia/viet/{don|gian}/{line}`: stars, text and up to five photos (multipart;
/// URL-encoded without photos works too).
pub async fn create(
    page: Page,
    SignedIn(user): SignedIn,
    Path((kind, line)): Path<(String, i64)>,
    req: Request,
) -> Result<Response, PageError> {
    let bought = bought(&kind, line)?;
    // Someone who did not buy it is answered before the body is read.
    if let Err(e @ Error::NotFound { .. }) = purchase::find(&page.state.db, user.id, bought).await {
        return Err(e.into());
    }
    let (form, files, _) = match read_review_form(req).await {
        Ok(read) => read,
        Err(e) => return Ok(e.into_response()),
    };
    let (stars, body) = (form.stars.trim().parse().unwrap_or(0), form.body.clone());
    let (db, media) = (&page.state.db, page.state.media.as_ref());
    let result = async {
        let prepared = photos::prepare(files).await?;
        let saved = write::write(db, user.id, bought, &form.input()).await?;
        photos::attach(db, media, user.id, saved.id, prepared).await?;
        Ok(saved)
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(saved) => Ok(Redirect::to(&done_path(&page, &saved).await?).into_response()),
        Outcome::Refused(refused) => {
            let purchase = purchase::find(&page.state.db, user.id, bought).await.ok();
            let view = FormView {
                purchase,
                review: None,
                photos: Vec::new(),
                action: write_href(bought),
                stars,
                body,
                errors: refused.fields(),
                error: (!matches!(refused.error, Error::Invalid(_))).then(|| refused.text()),
                editing: false,
            };
            Ok(refused.render(&page, "account/review_form.html", &view))
        }
    }
}

/// The review form's fields, its photos and the photos ticked for removal.
async fn read_review_form(req: Request) -> Result<(ReviewForm, Vec<Vec<u8>>, Vec<i64>), UploadError> {
    let mut upload = read_any_form(req).await?;
    let form = ReviewForm { stars: upload.text("stars"), body: upload.text("body") };
    let remove = upload.texts("remove_photo").iter().filter_map(|v| v.trim().parse().ok()).collect();
    Ok((form, upload.take_all("photos"), remove))
}

/// After writing: the product's reviews, or the shopper's list when it waits for an admin.
async fn done_path(page: &Page, saved: &review::Model) -> Result<String, Error> {
    if saved.status != ocop_reviews::status::PUBLISHED {
        return Ok("/danh-gia?cho-duyet=1".to_owned());
    }
    let product = ocop_catalog::entity::product::Entity::find_by_id(saved.product_id).one(&page.state.db).await?;
    Ok(product.map_or_else(|| "/danh-gia".to_owned(), |p| format!("/san-pham/{}#danh-gia", p.slug)))
}

async fn own_review(page: &Page, user_id: i64, id: i64) -> Result<review::Model, Error> {
    review::Entity::find_by_id(id)
        .one(&page.state.db)
        .await?
        .filter(|r| r.author_id == user_id)
        .ok_or(Error::NotFound { what: "đánh giá" })
}

/// `GET /danh-gia/{id}/sua`.
pub async fn edit_form(page: Page, SignedIn(user): SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    let existing = own_review(&page, user.id, id).await?;
    let error = (!may_edit(&existing)).then(|| page.t("review_edit_closed"));
    let photos = photos::of_reviews(&page.state.db, [id]).await?.remove(&id).unwrap_or_default();
    let view = FormView {
        purchase: None,
        photos,
        action: format!("/danh-gia/{id}/sua"),
        stars: i64::from(existing.stars),
        body: existing.body.clone(),
        review: Some(existing),
        errors: ocop_core::FieldErrors::new(),
        error,
        editing: true,
    };
    Ok(page.render("account/review_form.html", &view)?.into_response())
}

/// `POST /danh-gia/{id}/sua`: the one edit, with photos added or taken off.
pub async fn edit(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Response, PageError> {
    own_review(&page, user.id, id).await?;
    let (form, files, remove) = match read_review_form(req).await {
        Ok(read) => read,
        Err(e) => return Ok(e.into_response()),
    };
    let (stars, body) = (form.stars.trim().parse().unwrap_or(0), form.body.clone());
    let (db, media) = (&page.state.db, page.state.media.as_ref());
    let result = async {
        let prepared = photos::prepare(files).await?;
        let saved = write::edit(db, user.id, id, &form.input()).await?;
        photos::remove(db, user.id, id, &remove).await?;
        photos::attach(db, media, user.id, id, prepared).await?;
        Ok(saved)
    }
    .await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(saved) => Ok(Redirect::to(&done_path(&page, &saved).await?).into_response()),
        Outcome::Refused(refused) => {
            let existing = own_review(&page, user.id, id).await?;
            let photos = photos::of_reviews(db, [id]).await?.remove(&id).unwrap_or_default();
            let view = FormView {
                purchase: None,
                review: Some(existing),
                photos,
                action: format!("/danh-gia/{id}/sua"),
                stars,
                body,
                errors: refused.fields(),
                error: (!matches!(refused.error, Error::Invalid(_))).then(|| refused.text()),
                editing: true,
            };
            Ok(refused.render(&page, "account/review_form.html", &view))
        }
    }
}
