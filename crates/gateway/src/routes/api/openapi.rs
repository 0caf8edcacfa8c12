//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{auth, fairs, figures, orders, pos, products, search, wholesale};
use crate::routes::health;

#[derive(OpenApi)]
#[openapi(
    info(title = "Chợ OCOP API", description = "Sàn thương mại điện tử sản phẩm OCOP — JSON API. Errors are {\"error\": {\"code\", \"message\", \"fields\"}}."),
    paths(
        health::healthz, health::readyz, auth::register, auth::login, auth::logout, auth::me, auth::change_password,
        products::live_product, products::apply, products::shop_products, products::create, products::shop_product,
        products::patch, products::submit, products::upload_image, products::import_products, products::queue, products::approve,
        products::reject, products::verify_shop, products::reject_shop, search::search, search::suggest,
        orders::show_cart, orders::add_item, orders::set_item, orders::place, orders::my_orders, orders::order, orders::payment,
        orders::pickup_points, orders::shop_orders, orders::change_status, pos::record, pos::recent, pos::record_any,
        fairs::list, fairs::create, fairs::show, fairs::update, fairs::apply, fairs::decide, fairs::set_price,
        figures::fair_report,
        wholesale::list, wholesale::create, wholesale::show, wholesale::close, wholesale::make_offer, wholesale::accept, wholesale::write
    ),
    modifiers(&BearerAuth),
    tags((name = "accounts", description = "Registration, login, tokens"), (name = "operations", description = "Health and readiness"), (name = "catalog", description = "Shops and products"), (name = "moderation", description = "Admins and coordinators"), (name = "search", description = "Search and suggestions"), (name = "orders", description = "Cart, checkout and orders"), (name = "pos", description = "Booth and point-of-sale selling"), (name = "wholesale", description = "Supply–demand board: wholesale requests and offers"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
