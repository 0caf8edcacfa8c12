//! The shop's reviews in its workspace (`/kenh-nguoi-ban/{shop}/danh-gia`): newest first,
//! those without an answer on their own tab, and the one public answer to each.

use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::FieldErrors;
use ocop_reviews::read::{self, ForShop};
use ocop_reviews::{Rating, moderation, rating};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireShopStaff;
use crate::page::Page;

#[derive(Serialize)]
struct ReviewsView {
    shop: ocop_catalog::entity::shop::Model,
    reviews: Vec<ForShop>,
    rating: Rating,
    unanswered: bool,
    /// The review whose answer was refused, and why.
    failed: Option<i64>,
    errors: FieldErrors,
    reply: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    /// `chua-tra-loi`: only those without an answer.
    loc: String,
}

async fn render(
    page: &Page,
    shop: ocop_catalog::entity::shop::Model,
    unanswered: bool,
    status: StatusCode,
    failed: Option<(i64, FieldErrors, String)>,
) -> Result<Response, PageError> {
    let reviews = read::of_shop(&page.state.db, shop.id, unanswered, 100).await?;
    let rating = rating::of_shop(&page.state.db, shop.id).await?;
    let (failed, errors, reply) = match failed {
        Some((id, errors, reply)) => (Some(id), errors, reply),
        None => (None, FieldErrors::new(), String::new()),
    };
    let view = ReviewsView { shop, reviews, rating, unanswered, failed, errors, reply };
    Ok(page.render_with(status, "vendor/reviews.html", &view))
}

pub async fn list(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    render(&page, shop, q.loc == "chua-tra-loi", StatusCode::OK, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    reply: String,
}

pub async fn reply(
    page: Page,
    RequireShopStaff { user, shop, .. }: RequireShopStaff,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, PageError> {
    let result = moderation::reply(&page.state.db, &user.actor(), shop.id, id, &form.reply).await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/danh-gia#review-{id}", shop.slug)).into_response())
        }
        Outcome::Refused(refused) => {
            let failed = (id, refused.fields_or("reply"), form.reply);
            render(&page, shop, false, refused.status, Some(failed)).await
        }
    }
}
