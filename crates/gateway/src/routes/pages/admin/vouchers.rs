//! The marketplace's voucher desk (`/quan-tri/ma-giam-gia`), for admins: issue a voucher of
//! Chợ OCOP or of a province's OCOP programme (the marketplace pays for its discounts), see
//! what each gave, pause or resume one.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::FieldErrors;
use ocop_promotions::vouchers;

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;
use crate::views::vouchers::{ADMIN_DESK, Desk, DeskQuery, PauseForm, VoucherForm, issue};

pub async fn show(page: Page, _admin: RequireAdmin, Query(q): Query<DeskQuery>) -> Result<Response, PageError> {
    let view = Desk::load(&page.state.db, None, VoucherForm::blank(), FieldErrors::new(), q.issued_code()).await?;
    Ok(page.render("admin/vouchers.html", &view)?.into_response())
}

pub async fn create(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Form(form): Form<VoucherForm>,
) -> Result<Response, PageError> {
    match outcome(issue(&page.state.db, &form, None, user.id).await, &[Shows::Conflict])? {
        Outcome::Done(saved) => Ok(Redirect::to(&format!("{ADMIN_DESK}?da_tao={}", saved.code)).into_response()),
        Outcome::Refused(refused) => {
            let view = Desk::load(&page.state.db, None, form, refused.fields_or("code"), None).await?;
            Ok(refused.render(&page, "admin/vouchers.html", &view))
        }
    }
}

pub async fn pause(
    page: Page,
    _admin: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<PauseForm>,
) -> Result<Response, PageError> {
    vouchers::set_paused(&page.state.db, None, id, form.pauses()).await?;
    Ok(Redirect::to(&format!("{ADMIN_DESK}#ma-{id}")).into_response())
}
