//! The search answer shared by the search page and `GET /api/v1/search`: the query string
//! as typed, read into parameters, and the one way a search is run.

use ocop_core::{Error, FieldErrors};
use ocop_search::{Results, SearchParams, SearchSort};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::state::AppState;
use crate::views::escape_into;

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
            errors.add("sort", "relevance, price_asc, price_desc, newest, best_selling hoặc rating");
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

/// `name` with the runs the search matched in `<mark>`, the rest escaped: safe to put into
/// a page as it is. `None` when nothing matched.
pub fn highlighted(name: &str, marks: &[(usize, usize)]) -> Option<String> {
    if marks.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 16 * marks.len());
    let mut at = 0;
    for &(start, end) in marks {
        // Ranges come from the search over this very name; a bad one is skipped, not a panic.
        let (Some(before), Some(marked)) = (name.get(at..start), name.get(start..end)) else { continue };
        escape_into(before, &mut out);
        out.push_str("<mark>");
        escape_into(marked, &mut out);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(name.get(at..).unwrap_or_default(), &mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::highlighted;

    #[test]
    fn marks_what_matched_and_escapes_the_rest() {
        let name = "Trà <b>\"ngon\"</b> & rẻ";
        assert_eq!(
            highlighted(name, &[(0, 4)]).as_deref(),
            Some("<mark>Trà</mark> &lt;b&gt;&quot;ngon&quot;&lt;/b&gt; &amp; rẻ")
        );
        assert_eq!(highlighted("<script>", &[(1, 7)]).as_deref(), Some("&lt;<mark>script</mark>&gt;"));
        assert_eq!(highlighted("Trà", &[]), None);
    }
}
