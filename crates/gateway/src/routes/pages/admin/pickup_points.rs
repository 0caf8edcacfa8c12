//! Pickup points for admins (`/quan-tri/diem-nhan-hang`): the list, adding or changing one,
//! switching one on or off.

use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use ocop_core::{Error, FieldErrors, provinces};
use ocop_orders::entity::pickup_point;
use ocop_orders::pickup::{self, PickupInput};
use serde::{Deserialize, Serialize};

use crate::error::PageError;
use crate::forms::{Outcome, outcome};
use crate::guards::RequireAdmin;
use crate::page::Page;

#[derive(Serialize)]
struct PickupView {
    points: Vec<PointRow>,
    form: PickupForm,
    errors: FieldErrors,
}

#[derive(Serialize)]
struct PointRow {
    point: pickup_point::Model,
    province_name: &'static str,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PickupForm {
    name: String,
    province: String,
    address: String,
    opening_hours: String,
}

async fn pickup_view(page: &Page, form: PickupForm, errors: FieldErrors) -> Result<PickupView, Error> {
    let points = pickup::all(&page.state.db)
        .await?
        .into_iter()
        .map(|point| PointRow {
            province_name: provinces::by_code_exact(&point.province_code).map_or("", |p| p.name),
            point,
        })
        .collect();
    Ok(PickupView { points, form, errors })
}

pub async fn pickup_points(page: Page, _admin: RequireAdmin) -> Result<Response, PageError> {
    let view = pickup_view(&page, PickupForm::default(), FieldErrors::new()).await?;
    Ok(page.render("admin/pickup_points.html", &view)?.into_response())
}

pub async fn save_pickup_point(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Form(form): Form<PickupForm>,
) -> Result<Response, PageError> {
    let input = PickupInput {
        name: form.name.clone(),
        province: form.province.clone(),
        address: form.address.clone(),
        opening_hours: form.opening_hours.clone(),
    };
    match outcome(pickup::save(&page.state.db, &user.actor(), &input).await, &[])? {
        Outcome::Done(_) => Ok(Redirect::to("/quan-tri/diem-nhan-hang").into_response()),
        Outcome::Refused(refused) => {
            let view = pickup_view(&page, form, refused.fields()).await?;
            Ok(refused.render(&page, "admin/pickup_points.html", &view))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    on: String,
}

pub async fn toggle_pickup_point(
    page: Page,
    RequireAdmin { user, .. }: RequireAdmin,
    Path(id): Path<i64>,
    Form(form): Form<ToggleForm>,
) -> Result<Response, PageError> {
    pickup::set_active(&page.state.db, &user.actor(), id, form.on == "1").await?;
    Ok(Redirect::to("/quan-tri/diem-nhan-hang").into_response())
}
