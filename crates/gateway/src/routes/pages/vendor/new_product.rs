//! A new product (`/kenh-nguoi-ban/{shop}/san-pham-moi`): the form, sent for review.

use axum::extract::Form;
use axum::response::{IntoResponse, Redirect, Response};
use ocop_catalog::entity::shop;
use ocop_catalog::group::GROUPS;
use ocop_catalog::input::{ProductInput, VariantInput};
use ocop_catalog::products;
use ocop_core::{Error, FieldErrors};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, Shows, outcome, whole_number};
use crate::guards::RequireShopMember;
use crate::page::Page;

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    category: String,
    subcategory: String,
    province: String,
    description: String,
    ingredients: String,
    shelf_life: String,
    storage: String,
    price_includes_vat: Option<String>,
    price_includes_shipping: Option<String>,
    perishable: Option<String>,
    estamp_code: String,
    estamp_url: String,
    sku: String,
    label: String,
    price_vnd: String,
    stock: String,
    weight_grams: String,
    unit: String,
}

#[derive(Serialize)]
struct NewProductView {
    shop: shop::Model,
    form: ProductForm,
    errors: FieldErrors,
    groups: &'static [ocop_catalog::group::Group],
    /// (group name, its subcategories) for the grouped select.
    subcategories: Vec<(&'static str, &'static [ocop_catalog::group::Sub])>,
}

fn subcategory_choices() -> Vec<(&'static str, &'static [ocop_catalog::group::Sub])> {
    GROUPS.iter().map(|g| (g.name_vi, ocop_catalog::group::subcategories(g.code))).collect()
}

pub async fn new_product_form(
    page: Page,
    RequireShopMember { shop, .. }: RequireShopMember,
) -> Result<Response, PageError> {
    let province = ocop_core::provinces::by_code_exact(&shop.province_code).map_or("", |p| p.name).to_owned();
    let form =
        ProductForm { province, price_includes_vat: Some("on".into()), unit: "hộp".into(), ..Default::default() };
    let view = NewProductView {
        shop,
        form,
        errors: FieldErrors::new(),
        groups: &GROUPS,
        subcategories: subcategory_choices(),
    };
    Ok(page.render("vendor/new_product.html", &view)?.into_response())
}

pub async fn create_product(
    page: Page,
    RequireShopMember { user, shop, .. }: RequireShopMember,
    Form(form): Form<ProductForm>,
) -> Result<Response, PageError> {
    let slug = shop.slug.clone();
    let mut errors = FieldErrors::new();
    let price = whole_number(&mut errors, "variants[0].price_vnd", &form.price_vnd);
    let stock = whole_number(&mut errors, "variants[0].stock", &form.stock);
    let weight = whole_number(&mut errors, "variants[0].weight_grams", &form.weight_grams);
    let input = ProductInput {
        name: form.name.clone(),
        description: form.description.clone(),
        category: form.category.clone(),
        subcategory: form.subcategory.clone(),
        province: form.province.clone(),
        ingredients: form.ingredients.clone(),
        shelf_life: form.shelf_life.clone(),
        storage: form.storage.clone(),
        price_includes_vat: Some(form.price_includes_vat.is_some()),
        price_includes_shipping: Some(form.price_includes_shipping.is_some()),
        perishable: Some(form.perishable.is_some()),
        estamp_code: form.estamp_code.clone(),
        estamp_url: form.estamp_url.clone(),
        variants: vec![VariantInput {
            sku: form.sku.clone(),
            label: form.label.clone(),
            price_vnd: price.unwrap_or(0),
            compare_at_vnd: None,
            stock: stock.unwrap_or(0),
            weight_grams: weight.and_then(|w| i32::try_from(w).ok()).unwrap_or(0),
            unit: form.unit.clone(),
        }],
    };
    let result = if errors.is_empty() {
        products::create(&page.state.db, &user, &slug, &input, true).await
    } else {
        Err(Error::Invalid(errors.clone()))
    };
    match outcome(result, &[Shows::Conflict])? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/kenh-nguoi-ban/{slug}?da_luu=1")).into_response()),
        Outcome::Refused(refused) => {
            let mut all = errors;
            for (field, message) in refused.fields_or("sku").0 {
                all.add(&field.replace("variants[0].", ""), message);
            }
            let view =
                NewProductView { shop, form, errors: all, groups: &GROUPS, subcategories: subcategory_choices() };
            Ok(refused.render(&page, "vendor/new_product.html", &view))
        }
    }
}
