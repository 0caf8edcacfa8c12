//! Shops for the admin workspace: verified shops with the auto-approve switch (admins,
//! `/quan-tri/cua-hang`), and onboarding a producer on its behalf (admins and coordinators,
//! `/quan-tri/cua-hang-moi`).

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::shops;
use ocop_core::{Error, FieldErrors};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome};
use crate::guards::{RequireAdmin, RequireModerator};
use crate::page::Page;
use crate::views::shops::{ApplyView, ShopItem, producer_choices};

#[derive(Serialize)]
struct ShopsView {
    shops: Vec<ShopItem>,
}

/// Verified shops with the per-shop auto-approve switch (admins only).
pub async fn shops_list(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let shops = shops::verified(&page.state.db).await?.into_iter().map(ShopItem::from).collect();
    Ok(page.render("admin/shops.html", &ShopsView { shops })?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwitchForm {
    on: String,
}

pub async fn auto_approve(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<SwitchForm>,
) -> Result<Response, PageError> {
    shops::set_auto_approve(&page.state.db, &user.actor(), id, form.on == "1").await?;
    Ok(Redirect::to("/quan-tri/cua-hang").into_response())
}

/// A coordinator (or admin) onboards a producer, typically a household, on its behalf:
/// the shop is created verified, and an existing account may be made its owner.
pub async fn onboard_form(page: Page, _moderator: RequireModerator) -> Result<Response, PageError> {
    let view = ApplyView {
        form: shops::Application { producer_type: "ho_kinh_doanh".into(), ..Default::default() },
        errors: FieldErrors::new(),
        producers: producer_choices(),
        status: None,
        action: "/quan-tri/cua-hang-moi",
        owner_email: Some(String::new()),
    };
    Ok(page.render("vendor/apply.html", &view)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OnboardForm {
    #[serde(flatten)]
    application: shops::Application,
    owner_email: String,
}

pub async fn onboard(
    page: Page,
    RequireModerator { user, .. }: RequireModerator,
    Form(form): Form<OnboardForm>,
) -> Result<Response, PageError> {
    let db = &page.state.db;
    let owner = if form.owner_email.trim().is_empty() {
        Ok(None)
    } else {
        use ocop_accounts::entity::user as users;
        users::Entity::find()
            .filter(users::Column::Email.eq(ocop_accounts::users::normalize_email(&form.owner_email)))
            .one(db)
            .await?
            .map(Some)
            .ok_or_else(|| Error::invalid("owner_email", "Chưa có tài khoản với email này"))
    };
    let result = match owner {
        Err(e) => Err(e),
        Ok(owner) => match shops::create_verified(db, &user, &form.application).await {
            Ok(shop) => {
                if let Some(owner) = owner {
                    shops::add_member(db, shop.id, owner.id, "owner").await?;
                }
                Ok(shop)
            }
            Err(e) => Err(e),
        },
    };
    match outcome(result, &[Shows::Conflict, Shows::Forbidden])? {
        Outcome::Done(shop) => Ok(Redirect::to(&format!("/cua-hang/{}", shop.slug)).into_response()),
        Outcome::Refused(refused) => {
            let errors = match refused.error {
                Error::Forbidden => FieldErrors::single("province", "Tỉnh này không thuộc phạm vi bạn phụ trách"),
                _ => refused.fields_or("name"),
            };
            let view = ApplyView {
                form: form.application,
                errors,
                producers: producer_choices(),
                status: None,
                action: "/quan-tri/cua-hang-moi",
                owner_email: Some(form.owner_email),
            };
            Ok(refused.render(&page, "vendor/apply.html", &view))
        }
    }
}
