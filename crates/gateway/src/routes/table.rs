//! The route table. axum's `Router` cannot list its routes, so every module builds its
//! routes through `Routes`, which records each path as `.route(path, …)` is called; the
//! access-matrix test reads the table so that a new route it does not classify fails it.

use axum::Router;
use axum::routing::MethodRouter;

use crate::state::AppState;

/// A `Router<AppState>` that remembers the paths given to it.
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<String>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self { router: Router::new(), paths: Vec::new() }
    }

    pub fn route(mut self, path: &str, method_router: MethodRouter<AppState>) -> Self {
        self.paths.push(path.to_owned());
        self.router = self.router.route(path, method_router);
        self
    }

    pub fn merge(mut self, other: Self) -> Self {
        self.paths.extend(other.paths);
        self.router = self.router.merge(other.router);
        self
    }

    pub fn nest(mut self, prefix: &str, other: Self) -> Self {
        self.paths.extend(other.paths.into_iter().map(|path| format!("{prefix}{path}")));
        self.router = self.router.nest(prefix, other.router);
        self
    }

    /// The paths recorded so far, in the order they were added.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
