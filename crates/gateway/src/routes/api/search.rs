//! Search and suggestions over live listings.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ocop_search::{Results, Suggestion};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::views::search::{SearchQuery, answer, highlighted};

pub fn routes() -> Routes {
    Routes::new().route("/search", get(search)).route("/suggest", get(suggest))
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
    /// True when nothing matched most of the words and the hits match only some of them
    /// (descriptions included).
    pub partial: bool,
    /// Index into `hits` where listings matching only some of the words begin: a long
    /// query whose full matches do not fill a page goes on with those (absent when every
    /// hit matches most of the words).
    pub partial_from: Option<usize>,
    /// Index into `hits` where the kin of what was found begin, when it was less than a
    /// page: the same good from elsewhere, its other sorts (absent otherwise). They fill the
    /// first page only, are not counted in `total` nor in the facets, and are among the hits
    /// `partial_from` covers.
    pub kin_from: Option<usize>,
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

/// [`SearchBody`] as sent, borrowed from the answer rather than copied out of it.
#[derive(Serialize)]
struct SearchReply<'a> {
    total: usize,
    hits: Vec<HitReply<'a>>,
    facets: &'a std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    suggestions: &'a [Suggestion],
    partial: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_from: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kin_from: Option<usize>,
}

/// A hit as sent: its fields, then `name_highlighted` (the name with the words that
/// matched in `<mark>`, the rest HTML-escaped) when some matched.
#[derive(Serialize)]
struct HitReply<'a> {
    #[serde(flatten)]
    hit: &'a ocop_search::Hit,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_highlighted: Option<String>,
}

impl<'a> SearchReply<'a> {
    fn of(r: &'a Results) -> Self {
        let hits = r
            .hits
            .iter()
            .map(|hit| HitReply { name_highlighted: highlighted(&hit.name, &hit.name_marks), hit })
            .collect();
        Self {
            total: r.total,
            hits,
            facets: &r.facets,
            suggestions: &r.suggestions,
            partial: r.partial,
            partial_from: r.partial_from,
            kin_from: r.kin_from,
        }
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
