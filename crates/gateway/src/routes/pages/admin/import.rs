//! Import for a whole province (coordinators) or any shops (admins) at `/quan-tri/nhap`:
//! rows name their shop.

use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_accounts::Role;
use ocop_catalog::import;

use crate::error::PageError;
use crate::guards::RequireModerator;
use crate::page::Page;
use crate::views::shops::{ImportView, import_upload};

/// Import for a whole province (coordinators) or any shops (admins): rows name their shop.
pub async fn form(page: Page, RequireModerator { user, .. }: RequireModerator) -> Result<Response, PageError> {
    let view = ImportView {
        shop: None,
        action: "/quan-tri/nhap".into(),
        report: None,
        error: None,
        admin: user.role == Role::Admin,
    };
    Ok(page.render("vendor/import.html", &view)?.into_response())
}

pub async fn upload(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let admin = user.role == Role::Admin;
    let action = "/quan-tri/nhap".to_owned();
    let (bytes, flags) = match import_upload(multipart).await {
        Ok(upload) => upload,
        Err(e) => {
            let view =
                ImportView { shop: None, action, report: None, error: Some(crate::error::public_message(&e)), admin };
            return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/import.html", &view));
        }
    };
    let options = import::Options {
        shop: None,
        approve: admin && flags.has("approve"),
        create_shops: admin && flags.has("create_shops"),
    };
    let report = import::run(&page.state.db, &user, &bytes, &options).await?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = ImportView { shop: None, action, report: Some(report), error: None, admin };
    Ok(page.render_with(status, "vendor/import.html", &view))
}
