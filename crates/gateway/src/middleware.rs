//! Cross-cutting layers: CSRF on every page POST, and one place that turns bare error
//! statuses into a Vietnamese page (for people) or the JSON error shape (for the API).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use ocop_core::FieldErrors;
use sha2::Digest;

use crate::error::{ErrorPage, code_for_status, json_error};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::Layout;

pub const CSRF_COOKIE: &str = "ocop_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token of this browser, for forms to carry.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/webhooks/")
}

/// The import routes: `/api/v1/shops/{shop}/import`, `/kenh-nguoi-ban/{shop}/nhap`, `/quan-tri/nhap`.
fn is_import(path: &str) -> bool {
    (path.starts_with("/api/v1/shops/") && path.ends_with("/import"))
        || (path.starts_with("/kenh-nguoi-ban/") && path.ends_with("/nhap"))
        || path == "/quan-tri/nhap"
}

fn same(a: &str, b: &str) -> bool {
    // Compare digests so the time taken says nothing about the token.
    sha2::Sha256::digest(a.as_bytes()) == sha2::Sha256::digest(b.as_bytes())
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// Double-submit CSRF: every browser gets a random HttpOnly cookie, every page form sends
/// it back as `csrf_token` (or the `X-CSRF-Token` header); a state-changing page request
/// without a match is refused 403. The API is bearer-authenticated and needs none.
pub async fn csrf(State(state): State<AppState>, jar: CookieJar, req: Request, next: Next) -> Response {
    let existing = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()).filter(|v| v.len() >= 32);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(|| ocop_accounts::secret::generate(""));
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method && !is_api(req.uri().path()) {
        let (parts, body) = req.into_parts();
        let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        // Uploads stream on untouched; their token comes in the query string or header.
        let (bytes, body) = if is_form {
            match to_bytes(body, state.config.server.body_limit_bytes).await {
                Ok(bytes) => (Some(bytes.clone()), Body::from(bytes)),
                Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            }
        } else {
            (None, body)
        };
        let sent = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| bytes.as_ref().and_then(|b| form_field(b, CSRF_FIELD)))
            .or_else(|| parts.uri.query().and_then(|q| form_field(q.as_bytes(), CSRF_FIELD)));
        if fresh || !sent.is_some_and(|s| same(&s, &token)) {
            tracing::warn!(path = parts.uri.path(), "CSRF token missing or wrong");
            let mut response = StatusCode::FORBIDDEN.into_response();
            response.extensions_mut().insert(ErrorPage {
                message: Some("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.".into()),
            });
            return with_csrf_cookie(&state, response, fresh.then_some(&token));
        }
        req = Request::from_parts(parts, body);
    }
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let response = next.run(req).await;
    with_csrf_cookie(&state, response, fresh.then_some(&token))
}

fn with_csrf_cookie(state: &AppState, mut response: Response, token: Option<&String>) -> Response {
    if let Some(token) = token {
        let cookie = Cookie::build((CSRF_COOKIE, token.clone()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.config.auth.cookie_secure)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"))
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"))
}

/// Error responses that no handler dressed (404 fallback, 405, 413 from the body limit,
/// 408 from the timeout, a [`crate::error::PageError`]) get a proper body here.
pub async fn error_pages(State(state): State<AppState>, jar: CookieJar, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let path_and_query = req.uri().path_and_query().map_or("/", |pq| pq.as_str()).to_owned();
    let csrf = req.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // A file over the upload cap on an import route: say the cap and how to split.
    let too_large_import = status == StatusCode::PAYLOAD_TOO_LARGE && is_import(&path);
    if is_api(&path) || path == "/healthz" || path == "/readyz" || path == "/metrics" {
        if is_json(&response) {
            return response;
        }
        let split = too_large_import.then(|| ocop_catalog::import::too_large(crate::forms::UPLOAD_LIMIT_BYTES));
        let message = split.as_deref().unwrap_or(status.canonical_reason().unwrap_or("error"));
        let mut dressed = json_error(status, code_for_status(status), message, &FieldErrors::new());
        copy_header(&response, &mut dressed, header::RETRY_AFTER);
        copy_header(&response, &mut dressed, header::ALLOW);
        return dressed;
    }
    let page = response.extensions().get::<ErrorPage>().cloned();
    // A page's own HTML, or JSON a page script asked for (the booth's sale queue).
    if page.is_none() && (is_html(&response) || is_json(&response)) {
        return response;
    }
    let lang = Lang::from_jar(&jar);
    let layout = Layout {
        lang,
        user: None,
        csrf_token: csrf,
        path: path_and_query,
        cart_count: 0,
        unread: 0,
        messages: ocop_messages::Unread::default(),
    };
    let key = match status.as_u16() {
        404 => "error_404",
        403 => "error_403",
        413 => "error_413",
        429 => "error_429",
        408 => "error_408",
        503 => "error_503",
        s if s >= 500 => "error_500",
        _ => "error_400",
    };
    let detail = page
        .and_then(|p| p.message)
        .or_else(|| too_large_import.then(|| ocop_catalog::import::too_large(crate::forms::UPLOAD_LIMIT_BYTES)));
    #[derive(serde::Serialize)]
    struct ErrorView<'a> {
        status: u16,
        key: &'a str,
        detail: Option<String>,
    }
    let view = ErrorView { status: status.as_u16(), key, detail };
    let body = state.views.render("errors/error.html", &layout, &view).unwrap_or_else(|e| {
        tracing::error!(error = %e, "error page failed to render");
        "<!doctype html><title>Lỗi</title><p>Đã có lỗi. Vui lòng thử lại.</p>".to_owned()
    });
    let mut dressed = (status, Html(body)).into_response();
    copy_header(&response, &mut dressed, header::RETRY_AFTER);
    copy_header(&response, &mut dressed, header::SET_COOKIE);
    copy_header(&response, &mut dressed, header::ALLOW);
    dressed
}

fn copy_header(from: &Response, to: &mut Response, name: header::HeaderName) {
    for value in from.headers().get_all(&name) {
        to.headers_mut().append(name.clone(), value.clone());
    }
}

/// A write that went through (any method but GET, HEAD and OPTIONS, answered below 400)
/// makes the guest pages this instance keeps out of date ([`crate::page_cache`]), so a
/// guest's next view shows it.
pub async fn writes_refresh_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let reads =
        matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS);
    let response = next.run(req).await;
    if !reads && response.status().as_u16() < 400 {
        state.page_cache.touch();
    }
    response
}
