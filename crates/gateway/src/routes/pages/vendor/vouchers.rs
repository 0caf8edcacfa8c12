//! A shop's voucher desk (`/kenh-nguoi-ban/{shop}/ma-giam-gia`), for its owner: issue a
//! voucher for the shop's own goods (the shop pays for its discounts), see what each gave,
//! pause or resume one.

use axum::extract::{Form, Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors};
use ocop_promotions::vouchers;
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::RequireShopOwner;
use crate::page::Page;
use crate::views::vouchers::{Choices, Issued, VoucherForm, issue, issued};

#[derive(Serialize)]
struct DeskView {
    shop: shop::Model,
    form: VoucherForm,
    errors: FieldErrors,
    choices: Choices,
    vouchers: Vec<Issued>,
    /// The code just issued, for the note above the form.
    issued_code: Option<String>,
    action: String,
}

/// `?da_tao=CODE` after a voucher was issued.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeskQuery {
    da_tao: Option<String>,
}

impl DeskQuery {
    /// The issued code, as the desk shows it (only what a code may contain).
    pub fn issued_code(&self) -> Option<String> {
        self.da_tao
            .as_deref()
            .map(vouchers::normalise_code)
            .filter(|c| !c.is_empty() && c.len() <= 20 && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
    }
}

/// `paused=1` pauses, `paused=0` resumes.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PauseForm {
    paused: String,
}

impl PauseForm {
    pub fn pauses(&self) -> bool {
        self.paused == "1"
    }
}

async fn desk(
    page: &Page,
    shop: shop::Model,
    form: VoucherForm,
    errors: FieldErrors,
    issued_code: Option<String>,
) -> Result<DeskView, Error> {
    let db = &page.state.db;
    let models = vouchers::of_shop(db, shop.id).await?;
    let vouchers = issued(db, &models, Utc::now()).await?;
    let action = format!("/kenh-nguoi-ban/{}/ma-giam-gia", shop.slug);
    Ok(DeskView { shop, form, errors, choices: Choices::default(), vouchers, issued_code, action })
}

pub async fn show(
    page: Page,
    RequireShopOwner { shop, .. }: RequireShopOwner,
    Query(q): Query<DeskQuery>,
) -> Result<Response, PageError> {
    let view = desk(&page, shop, VoucherForm::blank(), FieldErrors::new(), q.issued_code()).await?;
    Ok(page.render("vendor/vouchers.html", &view)?.into_response())
}

pub async fn create(
    page: Page,
    RequireShopOwner { user, shop, .. }: RequireShopOwner,
    Form(form): Form<VoucherForm>,
) -> Result<Response, PageError> {
    match outcome(issue(&page.state.db, &form, Some(shop.id), user.id).await, &[Shows::Conflict])? {
        Outcome::Done(saved) => {
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/ma-giam-gia?da_tao={}", shop.slug, saved.code))
                .into_response())
        }
        Outcome::Refused(refused) => {
            let view = desk(&page, shop, form, refused.fields_or("code"), None).await?;
            Ok(refused.render(&page, "vendor/vouchers.html", &view))
        }
    }
}

pub async fn pause(
    page: Page,
    RequireShopOwner { shop, .. }: RequireShopOwner,
    Path((_shop, id)): Path<(String, i64)>,
    Form(form): Form<PauseForm>,
) -> Result<Response, PageError> {
    vouchers::set_paused(&page.state.db, Some(shop.id), id, form.pauses()).await?;
    Ok(Redirect::to(&format!("/kenh-nguoi-ban/{}/ma-giam-gia#ma-{id}", shop.slug)).into_response())
}
