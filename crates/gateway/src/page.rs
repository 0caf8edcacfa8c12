//! The extractor every page handler starts from: language, user, CSRF token, path.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Serialize;

use crate::auth::page_user;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::middleware::CsrfToken;
use crate::state::AppState;
use crate::views::{Layout, UserView};

pub struct Page {
    pub state: AppState,
    pub layout: Layout,
    /// The signed-in user, if any.
    pub user: Option<ocop_accounts::User>,
    /// The search index's stamp read by [`Page::kept`] before the page's data, so what
    /// [`Page::render_kept`] keeps is filed under a stamp no newer than its data.
    keep: Option<crate::page_cache::Mark>,
    /// Set once [`Page::render_kept`] kept the page; a page that [`Page::kept`] found out of
    /// date and that ends without being kept (an error, a redirect) is forgotten on drop.
    kept_done: std::sync::atomic::AtomicBool,
}

impl Drop for Page {
    fn drop(&mut self) {
        if self.keep.is_some() && !*self.kept_done.get_mut() {
            self.state.page_cache.forget(self.layout.lang, &self.layout.path);
        }
    }
}

impl<S> FromRequestParts<S> for Page
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let user = match page_user(parts, &state).await {
            Ok(user) => user,
            // Sessions live in Redis: while it is away a public page still shows, as to a
            // guest; what needs the account answers 503 through `SignedIn`.
            Err(ocop_core::Error::Outage { detail, .. }) => {
                tracing::warn!(%detail, "page shown as to a guest: session store away");
                None
            }
            Err(e) => return Err(e.into()),
        };
        let jar = CookieJar::from_headers(&parts.headers);
        let csrf_token = parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        let cart_count = match crate::shopper::owner(user.as_ref(), &jar) {
            Some(owner) => ocop_orders::cart::count(&state.db, &owner).await?,
            None => 0,
        };
        let unread = match &user {
            Some(u) => ocop_orders::notify::unread(&state.db, u.id).await?,
            None => 0,
        };
        let messages = match &user {
            Some(u) => ocop_messages::read::unread(&state.db, u.id).await?,
            None => ocop_messages::Unread::default(),
        };
        let layout = Layout {
            cart_count,
            unread,
            messages,
            lang: Lang::from_jar(&jar),
            user: user.as_ref().map(UserView::from),
            csrf_token,
            path: parts.uri.path_and_query().map_or("/", |pq| pq.as_str()).to_owned(),
        };
        Ok(Page { state, layout, user, keep: None, kept_done: std::sync::atomic::AtomicBool::new(false) })
    }
}

impl Page {
    /// Renders a template with this page's layout.
    ///
    /// # Errors
    /// A template error, shown as the 500 page.
    pub fn render(&self, template: &str, view: &impl Serialize) -> Result<Html<String>, PageError> {
        Ok(Html(self.state.views.render(template, &self.layout, view)?))
    }

    /// As [`Page::render`] with a status (422 for a form with errors).
    pub fn render_with(&self, status: axum::http::StatusCode, template: &str, view: &impl Serialize) -> Response {
        match self.render(template, view) {
            Ok(html) => (status, html).into_response(),
            Err(e) => e.into_response(),
        }
    }

    /// A guest without a cart may get (and leave) a kept page ([`crate::page_cache`]).
    fn keepable(&self) -> bool {
        self.user.is_none() && self.layout.cart_count == 0 && self.state.page_cache.enabled()
    }

    /// The page kept for this path and language, when this is a guest without a cart and
    /// the search index has not changed since it was rendered. Call it before reading the
    /// page's data, and render with [`Page::render_kept`].
    pub fn kept(&mut self) -> Option<Response> {
        if !self.keepable() {
            return None;
        }
        let stamp = self.state.page_cache.mark(self.state.search.stamp());
        self.keep = Some(stamp);
        let html = self.state.page_cache.get(self.layout.lang, &self.layout.path, stamp, &self.layout.csrf_token);
        // Served a kept copy: nothing to forget.
        self.kept_done.store(html.is_some(), std::sync::atomic::Ordering::Relaxed);
        Some(Html(html?).into_response())
    }

    /// As [`Page::render`], keeping the page for the next guests when [`Page::kept`] found
    /// this reader may share one.
    ///
    /// # Errors
    /// A template error, shown as the 500 page.
    pub fn render_kept(&self, template: &str, view: &impl Serialize) -> Result<Response, PageError> {
        let Some(stamp) = self.keep.filter(|_| self.keepable()) else {
            return Ok(self.render(template, view)?.into_response());
        };
        let cache = &self.state.page_cache;
        let shared = Layout { csrf_token: cache.slot().to_owned(), ..self.layout.clone() };
        let html = self.state.views.render(template, &shared, view)?;
        cache.put(self.layout.lang, &self.layout.path, stamp, &html);
        self.kept_done.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(Html(html.replace(cache.slot(), &self.layout.csrf_token)).into_response())
    }

    pub fn t(&self, key: &'static str) -> String {
        self.state.views.locales.get(self.layout.lang, key).to_owned()
    }
}
