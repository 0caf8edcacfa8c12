//! Figures over the API: a fair's report for its organisers.

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::get;
use ocop_fairs::fair as fairs;
use ocop_figures::FairReport;

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().route("/fairs/{slug}/report", get(fair_report))
}

/// `GET /api/v1/fairs/{slug}/report` (the fair's organisers: admins, coordinators of the
/// host province): `{"visitors","orders","revenue_vnd","by_province": {name: revenue_vnd},
/// "by_booth": [{"booth","shop","orders","revenue_vnd",…}], "by_day": [{"date","visitors",
/// "orders","revenue_vnd",…}], …}`. Revenue is the goods value of committed shop orders
/// bought through the fair plus sales at its booths; shipping is reported beside it.
#[utoipa::path(get, path = "/api/v1/fairs/{slug}/report", tag = "fairs", security(("bearer" = [])),
    responses((status = 200, description = "the fair's report"), (status = 401), (status = 403), (status = 404)))]
pub async fn fair_report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<Json<FairReport>, ApiError> {
    let fair = fairs::by_slug(&state.db, &slug).await?;
    fairs::may_organise(&state.db, &user.actor(), &fair.host_province).await?;
    Ok(Json(ocop_figures::fair_report(&state.db, &fair).await?))
}
