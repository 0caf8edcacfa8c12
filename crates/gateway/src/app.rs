//! The router with its layers, and serving it until asked to stop.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::from_fn_with_state;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Environment;
use crate::state::AppState;
use crate::{metrics, middleware, routes};

/// No inline scripts or styles anywhere: everything comes from /static.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let static_files = Router::new().fallback_service(ServeDir::new(config.server.web_dir.join("static"))).layer(
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            // Links carry ?v=<hash of the files>, so a year is safe.
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
    );

    // Media keys are content hashes: a URL never changes meaning, so cache it for a year.
    let media = Router::new().fallback_service(ServeDir::new(crate::state::config_media_root(&config))).layer(
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
    );

    let request_id = HeaderName::from_static("x-request-id");
    let mut security = vec![
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(self), geolocation=(), microphone=()"),
        ),
    ];
    if config.env == Environment::Production {
        security
            .push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    // Outermost last. error_pages sits outside everything that can answer with a bare
    // status (CSRF 403, body limit 413, timeout 408, a caught panic's 500) to dress it.
    let mut router = routes::routes()
        .into_router()
        .route_layer(from_fn_with_state(state.clone(), metrics::track))
        .nest_service("/static", static_files)
        .nest_service("/media", media)
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(from_fn_with_state(state.clone(), middleware::writes_refresh_pages))
        .layer(from_fn_with_state(state.clone(), middleware::csrf))
        .layer(DefaultBodyLimit::max(config.server.body_limit_bytes))
        // The hard cap fits uploads; DefaultBodyLimit keeps every other extractor to body_limit_bytes.
        .layer(RequestBodyLimitLayer::new(config.server.body_limit_bytes.max(crate::forms::UPLOAD_LIMIT_BYTES)))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.server.request_timeout_secs),
        ))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(state.clone(), middleware::error_pages))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request.id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(request_id)),
        );
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.with_state(state)
}

/// Serves until `shutdown` resolves; requests in flight then finish before this returns.
///
/// # Errors
/// The listener fails.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Resolves on SIGTERM or Ctrl-C.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send {
    // Registered now, before the port opens: a SIGTERM that arrives while workers start
    // is a graceful stop, never the default kill.
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut sig) => {
                    sig.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = term => {},
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
