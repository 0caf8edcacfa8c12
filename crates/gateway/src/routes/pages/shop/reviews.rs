//! The report button under a review on a product page (the reviews themselves are page
//! data from `views::reviews`).

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::page::Page;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    reason: String,
    /// The product page to go back to.
    back: String,
}

/// `POST /danh-gia/{id}/bao-cao`: the report button under a review.
pub async fn report(
    page: Page,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    // Only back to a product page of this site.
    let back = if form.back.starts_with("/san-pham/") && !form.back.contains("//") { form.back } else { "/".into() };
    let result = ocop_reviews::moderation::report(&page.state.db, user.id, id, &form.reason).await;
    let note = match outcome(result, &[Shows::Conflict, Shows::NotFound])? {
        Outcome::Done(()) => "da-bao-cao".to_owned(),
        Outcome::Refused(refused) => format!("loi-bao-cao-{}", refused.status.as_u16()),
    };
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{sep}bao-cao={note}#danh-gia")).into_response())
}
