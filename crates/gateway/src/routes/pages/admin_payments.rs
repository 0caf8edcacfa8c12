//! Admin pages for money: importing a bank statement to confirm VietQR transfers, the
//! lines a person must resolve, and the ledger's health.

use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::Error;
use ocop_payments::book;
use ocop_payments::entity::statement_line;
use ocop_payments::statements::{self, Report};
use serde::Serialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::page::Page;
use crate::routes::pages::admin_orders::admin_only;
use crate::routes::pages::cart::error_text;

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

pub async fn show(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    admin_only(&user)?;
    let v = view(&page, None, None).await?;
    Ok(page.render("admin/statements.html", &v)?.into_response())
}

/// Upload of a statement CSV (multipart `file`).
pub async fn import(page: Page, SignedIn(user): SignedIn, mut multipart: Multipart) -> Result<Response, PageError> {
    admin_only(&user)?;
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        }
    }
    let result = if bytes.is_empty() {
        Err(Error::invalid("file", "Chọn tệp sao kê CSV"))
    } else {
        match statements::parse(&bytes) {
            Ok(credits) => statements::import(&page.state.db, &credits, Some(user.id)).await,
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(report) => {
            let v = view(&page, Some(report), None).await?;
            Ok(page.render("admin/statements.html", &v)?.into_response())
        }
        Err(e @ Error::Invalid(_)) => {
            let v = view(&page, None, Some(error_text(&e))).await?;
            Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "admin/statements.html", &v))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn resolve(page: Page, SignedIn(user): SignedIn, Path(id): Path<i64>) -> Result<Response, PageError> {
    admin_only(&user)?;
    statements::resolve(&page.state.db, id).await?;
    Ok(Redirect::to("/quan-tri/sao-ke").into_response())
}
