//! Who is asking: a session cookie for pages, a bearer token for the API.

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use ocop_accounts::{Role, User, tokens, users};
use ocop_core::Error;

use crate::error::{ApiError, PageError};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "ocop_session";

/// The signed-in user of a page request, looked up once and cached in the request.
#[derive(Clone)]
struct CachedUser(Option<User>);

/// The session cookie for `token`: HttpOnly, SameSite=Lax, Secure in production.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.auth.cookie_secure)
        .max_age(time_duration(state.sessions.max_age_seconds()))
        .build()
}

/// Expires the session cookie in the browser.
pub fn clear_session_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(state, String::new());
    cookie.make_removal();
    cookie
}

fn time_duration(seconds: i64) -> time::Duration {
    time::Duration::seconds(seconds)
}

/// The session store did not answer for this request (asked once, not again per extractor).
#[derive(Clone)]
struct SessionsDown(String);

/// The signed-in page user, if any.
///
/// # Errors
/// [`Error::Outage`] when the session store (Redis) does not answer in time: a public page
/// then shows as to a guest, a page that needs the user answers 503 with a message.
pub async fn page_user(parts: &mut Parts, state: &AppState) -> Result<Option<User>, Error> {
    if let Some(CachedUser(user)) = parts.extensions.get::<CachedUser>() {
        return Ok(user.clone());
    }
    if let Some(SessionsDown(detail)) = parts.extensions.get::<SessionsDown>() {
        return Err(Error::Outage { what: ocop_accounts::redis_store::WHAT, detail: detail.clone() });
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let user = match jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        None => None,
        Some(token) => match state.sessions.user_id(&token).await {
            Ok(None) => None,
            Ok(Some(id)) => match users::find(&state.db, id).await {
                Ok(user) => Some(user),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
            Err(Error::Outage { what, detail }) => {
                parts.extensions.insert(SessionsDown(detail.clone()));
                return Err(Error::Outage { what, detail });
            }
            Err(e) => return Err(e),
        },
    };
    parts.extensions.insert(CachedUser(user.clone()));
    Ok(user)
}

/// A page that needs a signed-in user; others are sent to the login page and back.
pub struct SignedIn(pub User);

impl SignedIn {
    /// The user as the actor a service records; the role was checked by the route's guard.
    pub fn actor(&self) -> ocop_core::Actor {
        self.0.actor()
    }
}

pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/dang-nhap?next={}", urlencode(&self.0))).into_response()
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|s| s.trim_start_matches('=').to_owned()).unwrap_or_default()
}

impl<S> FromRequestParts<S> for SignedIn
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        match page_user(parts, &state).await {
            Ok(Some(user)) => Ok(SignedIn(user)),
            Ok(None) => {
                let target = parts.uri.path_and_query().map_or("/", |pq| pq.as_str()).to_owned();
                Err(LoginRedirect(target).into_response())
            }
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

/// The bearer token of an API request.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty())
}

/// An API caller authenticated by `Authorization: Bearer`.
pub struct ApiUser(pub User);

impl ApiUser {
    /// The caller as the actor a service records; the role was checked by the route's guard.
    pub fn actor(&self) -> ocop_core::Actor {
        self.0.actor()
    }
}

impl<S> FromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = bearer(&parts.headers).ok_or(Error::Unauthenticated)?;
        Ok(ApiUser(tokens::authenticate(&state.db, token).await?))
    }
}

impl<S> OptionalFromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if bearer(&parts.headers).is_none() {
            return Ok(None);
        }
        <ApiUser as FromRequestParts<S>>::from_request_parts(parts, state).await.map(Some)
    }
}

impl ApiUser {
    /// # Errors
    /// [`Error::Forbidden`] unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        if roles.contains(&self.0.role) { Ok(()) } else { Err(Error::Forbidden) }
    }
}

/// The client address used for throttling: the socket peer, or the first X-Forwarded-For
/// hop when the deployment says a trusted proxy sets it.
pub fn client_ip(state: &AppState, headers: &HeaderMap, peer: std::net::SocketAddr) -> String {
    if state.config.server.trust_forwarded_for
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    peer.ip().to_string()
}

/// Only a path on this site: never an open redirect.
pub fn local_target(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") { next } else { "/" }
}

/// Checks credentials under the login throttle: every attempt counts against both the
/// account and the client address before the password is hashed (a burst sent at once is
/// refused past the limit, unhashed); a right one clears the account's count and gives the
/// address its attempt back.
///
/// # Errors
/// [`Error::RateLimited`] once either is used up, [`Error::BadCredentials`] otherwise.
pub async fn checked_login(state: &AppState, email: &str, password: &str, ip: &str) -> Result<User, Error> {
    let account_key = format!("acct:{}", users::normalize_email(email));
    let keys = [account_key.clone(), format!("ip:{ip}")];
    state.throttle.attempt(&keys).await?;
    match users::authenticate(&state.db, email, password).await {
        Ok(user) => {
            state.throttle.succeeded(&account_key, &keys[1..]).await;
            Ok(user)
        }
        Err(Error::BadCredentials) => {
            tracing::info!(client.ip = ip, "failed login");
            Err(Error::BadCredentials)
        }
        Err(other) => {
            state.throttle.forgive(&keys).await;
            Err(other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_target;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(local_target("/tai-khoan?x=1"), "/tai-khoan?x=1");
        assert_eq!(local_target("//evil.example"), "/");
        assert_eq!(local_target("/\\evil.example"), "/");
        assert_eq!(local_target("https://evil.example"), "/");
        assert_eq!(local_target(""), "/");
    }
}
