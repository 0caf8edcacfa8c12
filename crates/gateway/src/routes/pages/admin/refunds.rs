//! Refund requests the shop refused, for admins to decide (`/quan-tri/khieu-nai`).

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::{Error, FieldErrors};
use ocop_orders::entity::{order, refund_request};
use ocop_orders::refunds;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct RefundsView {
    requests: Vec<RefundRow>,
    errors: FieldErrors,
}

#[derive(Serialize)]
struct RefundRow {
    request: refund_request::Model,
    order: order::Model,
}

async fn refunds_view(page: &Page, errors: FieldErrors) -> Result<RefundsView, Error> {
    let requests = refunds::for_admin(&page.state.db)
        .await?
        .into_iter()
        .map(|(request, order)| RefundRow { request, order })
        .collect();
    Ok(RefundsView { requests, errors })
}

pub async fn refund_requests(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let view = refunds_view(&page, FieldErrors::new()).await?;
    Ok(page.render("admin/refunds.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    grant: String,
    note: String,
}

pub async fn decide_refund(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    match outcome(refunds::decide(&page.state.db, &user.actor(), id, form.grant == "1", &form.note).await, &[])? {
        Outcome::Done(()) => Ok(Redirect::to("/quan-tri/khieu-nai").into_response()),
        Outcome::Refused(refused) => {
            let view = refunds_view(&page, refused.fields()).await?;
            Ok(refused.render(&page, "admin/refunds.html", &view))
        }
    }
}
