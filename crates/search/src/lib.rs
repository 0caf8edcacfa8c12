//! Vietnamese-first product search over live listings: a tantivy index built from the
//! database and kept in step through the outbox. The database stays the system of record;
//! this index can be rebuilt at any time.

mod document;
pub mod eval;
mod highlight;
mod index;
mod places;
mod query;

pub use document::Listing;
pub use index::{Hit, Results, SearchIndex, SearchParams, SearchSort, Suggestion};
pub use query::{MAX_QUERY_CHARS, QueryError, stars_asked};
