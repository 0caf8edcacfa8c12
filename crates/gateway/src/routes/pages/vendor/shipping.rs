//! A shop's shipping rates and cash on delivery (`/kenh-nguoi-ban/{shop}/van-chuyen`).

use axum::extract::{Form, Query};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_core::{Error, FieldErrors};
use ocop_orders::shipping::{self, RatesInput};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::guards::RequireShopMember;
use crate::page::Page;

#[derive(Serialize)]
struct RatesView {
    shop: shop::Model,
    form: RatesForm,
    errors: FieldErrors,
    saved: bool,
}

/// The form's fields as strings, the checkbox as "1" or absent.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct RatesForm {
    flat_fee_vnd: String,
    weight_bands: String,
    free_above_vnd: String,
    provinces: String,
    perishables_local_only: String,
    cod_enabled: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    da_luu: Option<String>,
}

pub async fn rates_form(
    page: Page,
    RequireShopMember { shop, .. }: RequireShopMember,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let input = shipping::to_input(&shipping::rates_of(&page.state.db, shop.id).await?);
    let form = RatesForm {
        flat_fee_vnd: input.flat_fee_vnd,
        weight_bands: input.weight_bands,
        free_above_vnd: input.free_above_vnd,
        provinces: input.provinces,
        perishables_local_only: if input.perishables_local_only { "1".into() } else { String::new() },
        cod_enabled: if shop.cod_enabled { "1".into() } else { String::new() },
    };
    Ok(page
        .render(
            "vendor/shipping.html",
            &RatesView { shop, form, errors: FieldErrors::new(), saved: q.da_luu.is_some() },
        )?
        .into_response())
}

pub async fn save_rates(
    page: Page,
    RequireShopMember { shop, .. }: RequireShopMember,
    Form(form): Form<RatesForm>,
) -> Result<Response, PageError> {
    let slug = shop.slug.clone();
    let input = RatesInput {
        flat_fee_vnd: form.flat_fee_vnd.clone(),
        weight_bands: form.weight_bands.clone(),
        free_above_vnd: form.free_above_vnd.clone(),
        provinces: form.provinces.clone(),
        perishables_local_only: form.perishables_local_only == "1",
    };
    match outcome(shipping::parse(&input), &[])? {
        Outcome::Done(rates) => {
            shipping::save(&page.state.db, shop.id, &rates).await?;
            let cod = form.cod_enabled == "1";
            if shop.cod_enabled != cod {
                let mut active: shop::ActiveModel = shop.into();
                active.cod_enabled = sea_orm::Set(cod);
                sea_orm::ActiveModelTrait::update(active, &page.state.db).await.map_err(Error::from)?;
            }
            Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}/van-chuyen?da_luu=1")).into_response())
        }
        Outcome::Refused(refused) => Ok(refused.render(
            &page,
            "vendor/shipping.html",
            &RatesView { shop, form, errors: refused.fields(), saved: false },
        )),
    }
}
