//! Importing a shop's products from a CSV or JSON Lines file (`/kenh-nguoi-ban/{shop}/nhap`).

use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ocop_catalog::import;

use crate::error::PageError;
use crate::guards::RequireShopMember;
use crate::page::Page;
use crate::views::shops::{ImportView, import_upload};

pub async fn form(page: Page, RequireShopMember { shop, .. }: RequireShopMember) -> Result<Response, PageError> {
    let view = ImportView {
        action: format!("/kenh-nguoi-ban/{}/nhap", shop.slug),
        shop: Some(shop),
        report: None,
        error: None,
        admin: false,
    };
    Ok(page.render("vendor/import.html", &view)?.into_response())
}

pub async fn upload(
    page: Page,
    RequireShopMember { user, shop, .. }: RequireShopMember,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let action = format!("/kenh-nguoi-ban/{}/nhap", shop.slug);
    let (bytes, _) = match import_upload(multipart).await {
        Ok(upload) => upload,
        Err(e) => {
            let view = ImportView {
                action,
                shop: Some(shop),
                report: None,
                error: Some(crate::error::public_message(&e)),
                admin: false,
            };
            return Ok(page.render_with(StatusCode::UNPROCESSABLE_ENTITY, "vendor/import.html", &view));
        }
    };
    let options = import::Options { shop: Some(shop.slug.clone()), approve: false, create_shops: false };
    let report = import::run(&page.state.db, &user, &bytes, &options).await?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = ImportView { action, shop: Some(shop), report: Some(report), error: None, admin: false };
    Ok(page.render_with(status, "vendor/import.html", &view))
}
