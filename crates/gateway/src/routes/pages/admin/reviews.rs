//! Reviews waiting for an admin (`/quan-tri/danh-gia`): held ones (a link, a phone number
//! or a banned word) and reported ones, with the reports' reasons; publish or remove.

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_reviews::moderation::{self, Waiting};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct QueueView {
    waiting: Vec<Waiting>,
    error: Option<String>,
}

pub async fn queue(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let waiting = moderation::queue(&page.state.db, 100).await?;
    Ok(page.render("admin/reviews.html", &QueueView { waiting, error: None })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    /// `publish` or `remove`.
    decision: String,
}

pub async fn decide(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let result = match ocop_reviews::moderation::Decision::parse(&form.decision) {
        Ok(decision) => moderation::decide(&page.state.db, &user.actor(), id, decision).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome(result, &[Shows::Conflict, Shows::NotFound])? {
        Outcome::Done(()) => Ok(Redirect::to("/quan-tri/danh-gia").into_response()),
        Outcome::Refused(refused) => {
            let waiting = moderation::queue(&page.state.db, 100).await?;
            Ok(refused.render(&page, "admin/reviews.html", &QueueView { waiting, error: Some(refused.text()) }))
        }
    }
}
