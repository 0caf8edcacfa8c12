//! Search and suggestions over live listings.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ocop_core::{Error, FieldErrors};
use ocop_search::{Results, SearchParams, SearchSort, Suggestion};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().route("/search", get(search)).route("/suggest", get(suggest))
}

/// The query string of /api/v1/search and /tim-kiem; numbers arrive as text so a bad one
/// is a field error, not a bare 400.
#[derive(Deserialize, Default, IntoParams, Debug, Clone)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
    pub category: String,
    pub province: String,
    pub shop: String,
    pub min_stars: String,
    pub min_price: String,
    pub max_price: String,
    pub sort: String,
    pub page: String,
    pub per_page: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl SearchQuery {
    /// # Errors
    /// [`Error::Invalid`] naming each bad parameter.
    pub fn params(&self, default_per_page: usize) -> Result<SearchParams, Error> {
        let mut errors = FieldErrors::new();
        let mut number = |field: &str, raw: &str| -> Option<i64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let parsed = raw.parse::<i64>().ok().filter(|n| *n >= 0);
            if parsed.is_none() {
                errors.add(field, "Cần một số nguyên không âm");
            }
            parsed
        };
        let min_stars = number("min_stars", &self.min_stars);
        let min_price = number("min_price", &self.min_price);
        let max_price = number("max_price", &self.max_price);
        let page = number("page", &self.page);
        let per_page = number("per_page", &self.per_page);
        let sort = SearchSort::parse(self.sort.trim());
        if sort.is_none() {
            errors.add("sort", "relevance, price_asc, price_desc, newest hoặc best_selling");
        }
        if min_stars.is_some_and(|s| !(3..=5).contains(&s)) {
            errors.add("min_stars", "Từ 3 đến 5");
        }
        if self.q.chars().count() > ocop_search::MAX_QUERY_CHARS {
            errors.add("q", format!("Tối đa {} ký tự", ocop_search::MAX_QUERY_CHARS));
        }
        errors.into_result()?;
        // Former province names and group names are accepted and mapped.
        let province =
            opt(&self.province).map(|p| ocop_core::provinces::find(&p).map_or(p, |found| found.code.to_owned()));
        let category = opt(&self.category).map(|c| ocop_catalog::group::find(&c).map_or(c, |g| g.code.to_owned()));
        Ok(SearchParams {
            q: self.q.clone(),
            category,
            province,
            shop: opt(&self.shop),
            min_stars: min_stars.and_then(|s| u8::try_from(s).ok()),
            min_price,
            max_price,
            sort: sort.unwrap_or_default(),
            page: page.and_then(|p| usize::try_from(p).ok()).unwrap_or(1).max(1),
            per_page: per_page.and_then(|p| usize::try_from(p).ok()).unwrap_or(default_per_page).clamp(1, 100),
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct SearchBody {
    pub total: usize,
    #[schema(value_type = Vec<Object>)]
    pub hits: Vec<ocop_search::Hit>,
    /// `{"category": {code: n}, "province": {code: n}, "ocop_stars": {stars: n}}`
    #[schema(value_type = Object)]
    pub facets: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    /// Only when nothing was found: listings matching any one word, filters dropped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub suggestions: Vec<Suggestion>,
}

/// Live listings matching what a shopper typed, however they typed it, with facets.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchBody), (status = 422, description = "a parameter is invalid")))]
pub async fn search(State(state): State<AppState>, Query(q): Query<SearchQuery>) -> Result<Response, ApiError> {
    let params = q.params(20)?;
    let results = answer(&state, params).await?;
    // Written out now, while the (possibly cached, shared) answer is at hand.
    Ok(Json(SearchReply::of(&results)).into_response())
}

/// The answer to `params`: straight from the cache when it has it, or shared with the same
/// search already running (see [`ocop_search::LiveIndex::search_shared`]); otherwise
/// searched on the blocking pool, so the milliseconds of a search never hold up the
/// runtime's few workers (and the cached answers and other requests they would serve
/// meanwhile). Two searches per core run at once; the rest wait their turn without a
/// thread, which bounds the threads and their scratch memory. (Measured on 100,000 listings
/// and 32 connections asking uncached searches as fast as they are answered: the slowest
/// percent took 24–25 ms with two per core, 31–32 ms with four, 47–48 ms with eight, at
/// the same 1,760–1,900 searches a second: more at once only shares the two cores thinner.)
///
/// # Errors
/// See [`ocop_search::LiveIndex::search`].
pub async fn answer(state: &AppState, params: SearchParams) -> Result<std::sync::Arc<Results>, Error> {
    static RUNNING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
        tokio::sync::Semaphore::new(2 * std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
    });
    let search = std::sync::Arc::clone(&state.search);
    state
        .search
        .search_shared(params, |params| async move {
            let turn = RUNNING.acquire().await.map_err(|e| Error::Internal(format!("search turn: {e}")))?;
            let answer = tokio::task::spawn_blocking(move || search.search(&params))
                .await
                .map_err(|e| Error::Internal(format!("search task: {e}")))?;
            drop(turn);
            answer
        })
        .await
}

/// [`SearchBody`] as sent, borrowed from the answer rather than copied out of it.
#[derive(Serialize)]
struct SearchReply<'a> {
    total: usize,
    hits: &'a [ocop_search::Hit],
    facets: &'a std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    suggestions: &'a [Suggestion],
}

impl<'a> SearchReply<'a> {
    fn of(r: &'a Results) -> Self {
        Self { total: r.total, hits: &r.hits, facets: &r.facets, suggestions: &r.suggestions }
    }
}

#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct SuggestQuery {
    pub q: String,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestBody {
    #[schema(value_type = Vec<Object>)]
    pub suggestions: Vec<Suggestion>,
}

/// Names starting with what was typed (diacritics optional), most popular first.
#[utoipa::path(get, path = "/api/v1/suggest", tag = "search", params(SuggestQuery), responses((status = 200, body = SuggestBody)))]
pub async fn suggest(
    State(state): State<AppState>,
    Query(q): Query<SuggestQuery>,
) -> Result<Json<SuggestBody>, ApiError> {
    let text: String = q.q.chars().take(ocop_search::MAX_QUERY_CHARS).collect();
    Ok(Json(SuggestBody { suggestions: state.search.suggest(&text)? }))
}
