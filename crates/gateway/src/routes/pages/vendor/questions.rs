//! The shop's product questions in its workspace (`/kenh-nguoi-ban/{shop}/hoi-dap`): the
//! unanswered first tab, each with a form that answers as the shop.

use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use ocop_reviews::questions::{self, Asked};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::guards::RequireShopStaff;
use crate::page::Page;

#[derive(Serialize)]
struct Waiting {
    question: Asked,
    product_name: String,
    product_slug: String,
}

#[derive(Serialize)]
struct QuestionsView {
    shop: ocop_catalog::entity::shop::Model,
    questions: Vec<Waiting>,
    all: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    /// `tat-ca`: every question, answered ones too.
    loc: String,
}

/// Unanswered questions by default; `?loc=tat-ca` for all.
pub async fn list(
    page: Page,
    RequireShopStaff { shop, .. }: RequireShopStaff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let all = q.loc == "tat-ca";
    let questions = questions::of_shop(&page.state.db, shop.id, !all, 100)
        .await?
        .into_iter()
        .map(|(question, product_name, product_slug)| Waiting { question, product_name, product_slug })
        .collect();
    Ok(page.render("vendor/questions.html", &QuestionsView { shop, questions, all })?.into_response())
}
