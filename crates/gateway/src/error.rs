//! One mapping from domain errors to HTTP: status, a stable snake_case code, and a body
//! that is JSON for the API and a Vietnamese page for people. 5xx are logged once, here.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocop_core::{Error, FieldErrors};
use serde_json::json;

/// Status and stable code for every error the services return.
pub fn classify(err: &Error) -> (StatusCode, &'static str) {
    match err {
        Error::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found"),
        Error::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        Error::Conflict { code, .. } => (StatusCode::CONFLICT, code),
        Error::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        Error::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials"),
        Error::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        Error::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        Error::Unavailable { .. } => (StatusCode::BAD_GATEWAY, "provider_unavailable"),
        Error::Outage { .. } => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        Error::Db(_) | Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

/// What a person or client may read: internal details stay in the log.
pub fn public_message(err: &Error) -> String {
    match err {
        Error::Db(_) | Error::Internal(_) => "Đã có lỗi hệ thống, vui lòng thử lại sau".to_owned(),
        other => other.to_string(),
    }
}

fn field_errors(err: &Error) -> FieldErrors {
    match err {
        Error::Invalid(fields) => fields.clone(),
        Error::Conflict { field: Some(field), message, .. } => FieldErrors::single(field, message.clone()),
        _ => FieldErrors::new(),
    }
}

fn log_if_server_error(status: StatusCode, err: &Error) {
    if let Error::Unavailable { what, detail } = err {
        tracing::warn!(provider = %what, %detail, "provider call failed");
    } else if let Error::Outage { what, detail } = err {
        tracing::warn!(store = what, %detail, "answered degraded");
    } else if status.is_server_error() {
        tracing::error!(error = %err, "request failed");
    }
}

fn retry_after(err: &Error, response: &mut Response) {
    let secs = match err {
        Error::RateLimited { retry_after_secs } => *retry_after_secs,
        // Redis reconnects by itself within seconds of coming back.
        Error::Outage { .. } => 10,
        _ => return,
    };
    if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
}

/// The JSON error body every API error uses.
pub fn json_error(status: StatusCode, code: &str, message: &str, fields: &FieldErrors) -> Response {
    let body = json!({"error": {"code": code, "message": message, "fields": fields}});
    (status, Json(body)).into_response()
}

/// An error answered as `{"error": {code, message, fields}}`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = classify(&self.0);
        log_if_server_error(status, &self.0);
        let mut response = json_error(status, code, &public_message(&self.0), &field_errors(&self.0));
        retry_after(&self.0, &mut response);
        response
    }
}

/// Marks a response whose body the error-page layer renders in the visitor's language.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub message: Option<String>,
}

/// An error answered with a friendly page (rendered by [`crate::middleware::error_pages`]).
#[derive(Debug)]
pub struct PageError(pub Error);

impl<E: Into<Error>> From<E> for PageError {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _) = classify(&self.0);
        log_if_server_error(status, &self.0);
        let mut response = status.into_response();
        // An outage's message says what to do (wait a moment); other 5xx details stay in the log.
        let message =
            (!status.is_server_error() || matches!(self.0, Error::Outage { .. })).then(|| public_message(&self.0));
        response.extensions_mut().insert(ErrorPage { message });
        retry_after(&self.0, &mut response);
        response
    }
}

/// The stable code for a bare status (from a layer: 413, 408, 405 …).
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "invalid_input",
        429 => "rate_limited",
        503 => "unavailable",
        _ if status.is_server_error() => "internal",
        _ => "error",
    }
}
