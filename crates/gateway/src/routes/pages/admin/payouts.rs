//! Admin payout runs: who the marketplace owes, a draft batch of them, the bank's
//! bulk-transfer file, and marking it paid (which posts it to the ledger).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_payments::entity::payout_batch;
use ocop_payments::payouts::{self, Batch, Owed};
use serde::Serialize;

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct IndexView {
    owed: Vec<Owed>,
    /// Owed to shops with an account on file: what a new batch would pay.
    payable_now: i64,
    batches: Vec<payout_batch::Model>,
    paid_out: i64,
    error: Option<String>,
}

async fn index_view(page: &Page, error: Option<String>) -> Result<IndexView, Error> {
    let owed = payouts::owed(&page.state.db).await?;
    Ok(IndexView {
        payable_now: owed.iter().filter(|o| o.has_account).map(|o| o.net_vnd).sum(),
        owed,
        batches: payouts::list(&page.state.db).await?,
        paid_out: payouts::paid_out_total(&page.state.db).await?,
        error,
    })
}

pub async fn index(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let view = index_view(&page, None).await?;
    Ok(page.render("admin/payouts.html", &view)?.into_response())
}

/// Makes a draft batch of everyone owed with an account on file.
pub async fn create(page: Page, RequireAdmin { user, .. }: RequireAdmin) -> Result<Response, PageError> {
    match payouts::create(&page.state.db, &user.actor()).await {
        Ok(Some(batch)) => Ok(Redirect::to(&format!("/quan-tri/chi-tra/{}", batch.batch.id)).into_response()),
        Ok(None) => {
            let view = index_view(&page, Some(page.t("payout_nobody"))).await?;
            Ok(page.render_with(StatusCode::CONFLICT, "admin/payouts.html", &view))
        }
        Err(e) => match outcome::<()>(Err(e), &[Shows::Conflict])? {
            Outcome::Refused(refused) => {
                let view = index_view(&page, Some(refused.text())).await?;
                Ok(refused.render(&page, "admin/payouts.html", &view))
            }
            Outcome::Done(()) => Ok(Redirect::to("/quan-tri/chi-tra").into_response()),
        },
    }
}

#[derive(Serialize)]
struct BatchView {
    batch: Batch,
    error: Option<String>,
}

pub async fn show(page: Page, _admin: RequireAdmin, Path(id): Path<i64>) -> Result<Response, PageError> {
    let batch = payouts::get(&page.state.db, id).await?;
    Ok(page.render("admin/payout.html", &BatchView { batch, error: None })?.into_response())
}

/// The batch as the bank's bulk-transfer CSV.
pub async fn bank_file(page: Page, _admin: RequireAdmin, Path(id): Path<i64>) -> Result<Response, PageError> {
    let batch = payouts::get(&page.state.db, id).await?;
    let csv = payouts::bank_csv(&batch);
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"chi-tra-dot-{id}.csv\"")),
    ];
    Ok((headers, csv).into_response())
}

async fn after(page: &Page, id: i64, result: Result<(), Error>) -> Result<Response, PageError> {
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("/quan-tri/chi-tra/{id}")).into_response()),
        Outcome::Refused(refused) => {
            let batch = payouts::get(&page.state.db, id).await?;
            Ok(refused.render(page, "admin/payout.html", &BatchView { batch, error: Some(refused.text()) }))
        }
    }
}

/// The bank has sent the money.
pub async fn mark_paid(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = payouts::mark_paid(&page.state.db, &user.actor(), id).await.map(|_| ());
    after(&page, id, result).await
}

pub async fn cancel(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = payouts::cancel(&page.state.db, &user.actor(), id).await;
    after(&page, id, result).await
}
