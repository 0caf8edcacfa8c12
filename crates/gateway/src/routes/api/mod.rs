//! The JSON API under /api/v1, described by /api/v1/openapi.json.

use axum::routing::get;

use crate::routes::Routes;

pub mod academy;
pub mod auth;
pub mod fairs;
pub mod figures;
pub mod follows;
pub mod messages;
pub mod openapi;
pub mod orders;
pub mod pos;
pub mod products;
pub mod questions;
pub mod reviews;
pub mod search;
pub mod vouchers;
pub mod wholesale;

pub fn routes() -> Routes {
    Routes::new()
        .merge(auth::routes())
        .merge(products::routes())
        .merge(search::routes())
        .merge(orders::routes())
        .merge(fairs::routes())
        .merge(figures::routes())
        .merge(pos::routes())
        .merge(wholesale::routes())
        .merge(reviews::routes())
        .merge(follows::routes())
        .merge(vouchers::routes())
        .merge(questions::routes())
        .merge(messages::routes())
        .merge(academy::routes())
        .route("/openapi.json", get(openapi::serve))
}
