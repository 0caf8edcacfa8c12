//! Asking and answering on a product page (`#hoi-dap`). A refused text comes back on a small
//! form page with the reason and the text kept; success goes back to the product.

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_reviews::questions;
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TextForm {
    body: String,
    /// Where to go after answering: the shop's workspace, or (by default) the product.
    back: String,
}

#[derive(Serialize)]
struct RetryView {
    action: String,
    product_name: String,
    product_slug: String,
    /// The question being answered, or empty when asking.
    question: String,
    body: String,
    error: String,
}

/// `POST /san-pham/{slug}/hoi`: a question about the product.
pub async fn ask(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    let product = ocop_catalog::storefront::live_by_slug(&page.state.db, &slug).await?;
    let result = questions::ask(&page.state.db, user.id, product.id, &form.body).await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/san-pham/{}#hoi-dap", product.slug)).into_response()),
        Outcome::Refused(refused) => {
            let view = RetryView {
                action: format!("/san-pham/{}/hoi", product.slug),
                product_name: product.name,
                product_slug: product.slug,
                question: String::new(),
                body: form.body,
                error: refused.text(),
            };
            Ok(refused.render(&page, "shop/question_form.html", &view))
        }
    }
}

/// `POST /hoi-dap/{id}/tra-loi`: an answer by the shop or by a buyer of the product.
pub async fn answer(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let asked = ocop_reviews::entity::question::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ocop_core::Error::NotFound { what: "câu hỏi" })?;
    let product = ocop_catalog::entity::product::Entity::find_by_id(asked.product_id)
        .one(db)
        .await?
        .ok_or(ocop_core::Error::NotFound { what: "sản phẩm" })?;
    let result = questions::answer(db, user.id, id, &form.body).await;
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => {
            // Only back into a shop workspace of this site.
            let workspace = form.back.starts_with("/kenh-nguoi-ban/") && !form.back.contains("//");
            let to = if workspace { form.back } else { format!("/san-pham/{}#hoi-dap", product.slug) };
            Ok(Redirect::to(&to).into_response())
        }
        Outcome::Refused(refused) => {
            let view = RetryView {
                action: format!("/hoi-dap/{id}/tra-loi"),
                product_name: product.name,
                product_slug: product.slug,
                question: asked.body,
                body: form.body,
                error: refused.text(),
            };
            Ok(refused.render(&page, "shop/question_form.html", &view))
        }
    }
}
