//! Every route of the gateway, one module per area.

use axum::Router;

use crate::state::AppState;

pub mod api;
pub mod health;
pub mod pages;
pub mod webhooks;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        .merge(pages::routes())
        .merge(webhooks::routes())
        .nest("/api/v1", api::routes())
}
