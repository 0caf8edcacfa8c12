//! Vietnamese-first product search over live listings: a tantivy index built from the
//! database and kept in step through the outbox. The database stays the system of record;
//! this index can be rebuilt at any time. A gateway keeps it on disk in generations
//! ([`store`]) and swaps a new one in while it serves ([`LiveIndex`]).

mod bm25;
mod cache;
mod diverse;
mod document;
pub mod eval;
mod facets;
mod filters;
mod flights;
pub mod follow;
mod highlight;
mod home;
mod index;
mod kept;
mod kin;
mod kinds;
mod live;
mod load;
mod near;
mod origin;
mod per_doc;
mod places;
mod query;
mod scored;
mod shown;
mod stars;
pub mod store;
mod term;
mod types;
mod walk;
mod words;

pub use cache::{CacheStats, ResultCache};
pub use document::Listing;
pub use document::SCHEMA_VERSION;
pub use follow::{catch_up, follow, outbox_head};
pub use index::SearchIndex;
pub use live::LiveIndex;
pub use query::{MAX_QUERY_CHARS, QueryError, stars_asked};
pub use store::{Generation, Store};
pub use types::{Facets, Hit, Results, SearchParams, SearchSort, Suggestion};
