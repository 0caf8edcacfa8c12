//! Every route of the gateway, one module per area.

pub mod api;
pub mod health;
pub mod pages;
mod table;
pub mod webhooks;

pub use table::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(health::routes())
        .merge(pages::routes())
        .merge(webhooks::routes())
        .nest("/api/v1", api::routes())
}

/// Every path the gateway routes, as written in its `.route(…)` call (`/api/v1` included).
pub fn table() -> Vec<String> {
    routes().paths().to_vec()
}
