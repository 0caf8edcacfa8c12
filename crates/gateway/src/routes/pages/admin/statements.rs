//! Admin pages for money: importing a bank statement to confirm VietQR transfers, the
//! lines a person must resolve, and the ledger's health.

use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_payments::book;
use ocop_payments::entity::statement_line;
use ocop_payments::statements::{self, Report};
use serde::Serialize;

use crate::error::PageError;
use crate::forms::{Outcome, outcome, read_multipart};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct StatementView {
    report: Option<Report>,
    unresolved: Vec<statement_line::Model>,
    /// Provider payments with a wrong amount, or money for a cancelled order.
    flagged: Vec<ocop_payments::entity::payment_event::Model>,
    error: Option<String>,
    ledger: book::Check,
    ledger_ok: bool,
}

async fn view(page: &Page, report: Option<Report>, error: Option<String>) -> Result<StatementView, Error> {
    let ledger = book::check(&page.state.db).await?;
    Ok(StatementView {
        report,
        unresolved: statements::unresolved(&page.state.db).await?,
        flagged: ocop_payments::confirm::flagged(&page.state.db).await?,
        error,
        ledger_ok: ledger.ok(),
        ledger,
    })
}

pub async fn show(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let v = view(&page, None, None).await?;
    Ok(page.render("admin/statements.html", &v)?.into_response())
}

/// Upload of a statement CSV (multipart `file`).
pub async fn import(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let bytes = match read_multipart(multipart).await {
        Ok(mut upload) => upload.take("file"),
        Err(e) => return Ok(e.into_response()),
    };
    let result = if bytes.is_empty() {
        Err(Error::invalid("file", "Chọn tệp sao kê CSV"))
    } else {
        match statements::parse(&bytes) {
            Ok(credits) => statements::import(&page.state.db, &credits, &user.actor()).await,
            Err(e) => Err(e),
        }
    };
    match outcome(result, &[])? {
        Outcome::Done(report) => {
            let v = view(&page, Some(report), None).await?;
            Ok(page.render("admin/statements.html", &v)?.into_response())
        }
        Outcome::Refused(refused) => {
            let v = view(&page, None, Some(refused.text())).await?;
            Ok(refused.render(&page, "admin/statements.html", &v))
        }
    }
}

pub async fn resolve(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    statements::resolve(&page.state.db, &user.actor(), id).await?;
    Ok(Redirect::to("/quan-tri/sao-ke").into_response())
}
