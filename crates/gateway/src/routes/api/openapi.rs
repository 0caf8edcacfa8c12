//! The OpenAPI document, generated from the handlers' annotations.

use std::collections::BTreeMap;

use axum::Json;
use serde::Serialize;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use super::{
    academy, auth, fairs, figures, follows, messages, orders, pos, products, questions, reviews, search, vouchers,
    wholesale,
};
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
        wholesale::list, wholesale::create, wholesale::show, wholesale::close, wholesale::make_offer, wholesale::accept, wholesale::write,
        reviews::of_product, reviews::reviewable, reviews::create, reviews::edit, reviews::report, reviews::claim, reviews::of_shop,
        reviews::reply, reviews::queue, reviews::decide, reviews::add_photos, reviews::remove_photo,
        questions::of_product, questions::ask, questions::answer, questions::of_shop,
        follows::following, follows::follow, follows::unfollow, follows::saved_list, follows::save, follows::unsave,
        messages::mine, messages::unread, messages::inbox, messages::start, messages::thread, messages::send, messages::report,
        academy::course_list, academy::course, academy::lesson, academy::mark, academy::shop_checklist,
        vouchers::running, vouchers::claim, vouchers::mine, vouchers::for_cart, vouchers::shop_list, vouchers::shop_create,
        vouchers::shop_pause, vouchers::admin_list, vouchers::admin_create, vouchers::admin_pause
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth, &CommonErrors, &ConflictCodes),
    tags((name = "accounts", description = "Registration, login, tokens"), (name = "operations", description = "Health and readiness"), (name = "catalog", description = "Shops and products"), (name = "moderation", description = "Admins and coordinators"), (name = "search", description = "Search and suggestions"), (name = "orders", description = "Cart, checkout and orders"), (name = "pos", description = "Booth and point-of-sale selling"), (name = "wholesale", description = "Supply–demand board: wholesale requests and offers"), (name = "reviews", description = "Reviews from verified purchases, shops' answers, ratings"), (name = "follows", description = "Followed shops and saved products"), (name = "messages", description = "Conversations between a shopper and a shop"), (name = "academy", description = "The seller academy: courses, lessons, progress, a shop's checklist"), (name = "promotions", description = "Vouchers: issuing, saving, what fits the cart"))
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

/// Every API error: `{"error": {"code", "message", "fields"}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// snake_case, stable: `invalid_input`, `not_found`, `unauthorized`, …
    pub code: String,
    /// Vietnamese, for people.
    pub message: String,
    /// Field name → what is wrong with it.
    pub fields: BTreeMap<String, String>,
}

/// The errors the framework answers for any operation of a kind, whatever its handler
/// says: 401 without a valid token where one is needed, 400 for a path or query value that
/// does not parse, 404 for a path naming nothing, and for a JSON body 400 (malformed), 413,
/// 415 (not JSON) and 422 (a field of the wrong type), for every POST, PUT and PATCH (the
/// body limit covers them all; most take JSON even where no request body is documented). Every 4xx/5xx carries the error body.
struct CommonErrors;

impl CommonErrors {
    fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build(),
        )
    }

    fn complete(operation: &mut Operation, takes_body: bool) {
        let mut wanted: Vec<(&str, &str)> = Vec::new();
        if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
            wanted.push(("401", "no valid bearer token"));
        }
        let params = operation.parameters.as_deref().unwrap_or_default();
        if params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path)) {
            wanted.push(("400", "a path or query value that does not parse"));
            wanted.push(("404", "not found"));
        }
        if params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query)) {
            wanted.push(("400", "a path or query value that does not parse"));
        }
        if takes_body || operation.request_body.is_some() {
            wanted.push(("400", "malformed JSON"));
            wanted.push(("413", "body too large"));
            wanted.push(("415", "not application/json"));
            wanted.push(("422", "a field is missing or has the wrong type"));
        }
        let responses = &mut operation.responses.responses;
        for (status, description) in wanted {
            responses.entry(status.to_owned()).or_insert_with(|| Self::error_response(description));
        }
        for (status, response) in responses.iter_mut() {
            let is_error = status.starts_with('4') || status.starts_with('5');
            if let RefOr::T(response) = response
                && is_error
                && response.content.is_empty()
            {
                let description = response.description.clone();
                *response = ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                    )
                    .build();
            }
        }
    }
}

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for (operation, takes_body) in [
                (&mut item.get, false),
                (&mut item.put, true),
                (&mut item.post, true),
                (&mut item.delete, false),
                (&mut item.patch, true),
                (&mut item.head, false),
                (&mut item.options, false),
                (&mut item.trace, false),
            ] {
                if let Some(operation) = operation {
                    Self::complete(operation, takes_body);
                }
            }
        }
    }
}

/// Every code a 409 may carry, from each domain crate's `conflicts` list: (code, meaning),
/// each code once, sorted.
pub fn conflict_codes() -> Vec<(&'static str, &'static str)> {
    let lists = [
        ocop_accounts::conflicts::ALL,
        ocop_catalog::conflicts::ALL,
        ocop_fairs::conflicts::ALL,
        ocop_orders::conflicts::ALL,
        ocop_payments::conflicts::ALL,
        ocop_pos::conflicts::ALL,
        ocop_wholesale::conflicts::ALL,
        ocop_reviews::conflicts::ALL,
        ocop_follows::conflicts::ALL,
        ocop_messages::conflicts::ALL,
        ocop_academy::conflicts::ALL,
        ocop_promotions::conflicts::ALL,
    ];
    let codes: BTreeMap<&str, &str> = lists.into_iter().flatten().copied().collect();
    codes.into_iter().collect()
}

/// Lists the conflict codes in the description of `ErrorDetail.code`.
struct ConflictCodes;

impl Modify for ConflictCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::Schema;
        let Some(components) = openapi.components.as_mut() else { return };
        let Some(RefOr::T(Schema::Object(detail))) = components.schemas.get_mut("ErrorDetail") else { return };
        let Some(RefOr::T(Schema::Object(code))) = detail.properties.get_mut("code") else { return };
        let listed: Vec<String> = conflict_codes().iter().map(|(c, meaning)| format!("`{c}` ({meaning})")).collect();
        let before = code.description.clone().unwrap_or_default();
        code.description = Some(format!("{before} With status 409, one of: {}.", listed.join(", ")));
    }
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn the_document_lists_every_conflict_code() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let described =
            doc["components"]["schemas"]["ErrorDetail"]["properties"]["code"]["description"].as_str().unwrap();
        let codes = conflict_codes();
        assert!(codes.len() >= 30, "{codes:?}");
        for (code, _) in codes {
            assert!(described.contains(&format!("`{code}`")), "{code} missing from {described}");
        }
        assert!(described.contains("`out_of_stock`") && described.contains("`email_taken`"));
    }
}
