//! The Chợ OCOP gateway: the only crate that knows HTTP, Tera and cookies.

pub mod api_json;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod error;
pub mod forms;
pub mod guards;
pub mod i18n;
pub mod mailer;
pub mod metrics;
pub mod middleware;
pub mod page;
pub mod page_cache;
pub mod routes;
pub mod shopper;
pub mod state;
pub mod telemetry;
pub mod views;
pub mod workers;

pub use app::{router, serve};
pub use config::Config;
pub use state::AppState;
