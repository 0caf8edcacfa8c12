//! Applying to sell (`/kenh-nguoi-ban`): the application form, its status while it waits,
//! and the shop's logo; a verified shop's owner is sent on to the dashboard.

use axum::extract::{Form, Multipart, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::shops;
use ocop_core::{Error, FieldErrors};

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome, read_multipart};
use crate::page::Page;
use crate::views::shops::{ApplyView, producer_choices};

/// `/kenh-nguoi-ban`: the application form, its status, or the shop's dashboard.
pub async fn home(page: Page, SignedIn(user): SignedIn) -> Result<Response, PageError> {
    let mine = shops::mine(&page.state.db, user.id).await?;
    match mine.into_iter().next() {
        Some(s) if s.status == shops::STATUS_VERIFIED => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}", s.slug)).into_response())
        }
        Some(s) => {
            let view = ApplyView {
                form: shops::Application::default(),
                errors: FieldErrors::new(),
                producers: producer_choices(),
                status: Some(s),
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render("vendor/apply.html", &view)?.into_response())
        }
        None => {
            let view = ApplyView {
                form: shops::Application::default(),
                errors: FieldErrors::new(),
                producers: producer_choices(),
                status: None,
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(page.render("vendor/apply.html", &view)?.into_response())
        }
    }
}

pub async fn apply(
    page: Page,
    SignedIn(user): SignedIn,
    Form(form): Form<shops::Application>,
) -> Result<Response, PageError> {
    match outcome(shops::apply(&page.state.db, &user, &form).await, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to("/kenh-nguoi-ban").into_response()),
        Outcome::Refused(refused) => {
            let view = ApplyView {
                form,
                errors: refused.fields_or("name"),
                producers: producer_choices(),
                status: None,
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(refused.render(&page, "vendor/apply.html", &view))
        }
    }
}

/// Sets the shop's logo (multipart field `logo`), from the application's status page or
/// the dashboard.
pub async fn upload_logo(
    page: Page,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let bytes = match read_multipart(multipart).await {
        Ok(mut upload) => upload.take("logo"),
        Err(e) => return Ok(e.into_response()),
    };
    let result = if bytes.is_empty() {
        Err(Error::invalid("logo", "Chọn một ảnh logo"))
    } else {
        ocop_catalog::images::set_logo(&page.state.db, page.state.media.as_ref(), &user, &slug, bytes).await.map(|_| ())
    };
    match outcome(result, &[])? {
        Outcome::Done(()) => Ok(Redirect::to("/kenh-nguoi-ban?da_luu=1").into_response()),
        Outcome::Refused(refused) => {
            let shop = shops::for_member(&page.state.db, &user, &slug).await?;
            let view = ApplyView {
                form: shops::Application::default(),
                errors: refused.fields(),
                producers: producer_choices(),
                status: Some(shop),
                action: "/kenh-nguoi-ban",
                owner_email: None,
            };
            Ok(refused.render(&page, "vendor/apply.html", &view))
        }
    }
}
