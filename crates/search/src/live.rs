//! The index a running gateway serves, swappable while it serves: a new generation is put
//! in place atomically; queries already running finish on the one they started with.

use std::sync::{Arc, RwLock};

use ocop_core::Error;
use sea_orm::ConnectionTrait;

use crate::index::{Results, SearchIndex, SearchParams, Suggestion};

struct Current {
    index: Arc<SearchIndex>,
    generation: Option<String>,
}

pub struct LiveIndex {
    current: RwLock<Current>,
}

impl LiveIndex {
    /// Serves `index`, which belongs to no on-disk generation.
    pub fn new(index: SearchIndex) -> Self {
        Self { current: RwLock::new(Current { index: Arc::new(index), generation: None }) }
    }

    /// The index serving now.
    pub fn get(&self) -> Arc<SearchIndex> {
        match self.current.read() {
            Ok(c) => Arc::clone(&c.index),
            Err(poisoned) => Arc::clone(&poisoned.into_inner().index),
        }
    }

    /// The on-disk generation serving now, if any.
    pub fn generation(&self) -> Option<String> {
        match self.current.read() {
            Ok(c) => c.generation.clone(),
            Err(poisoned) => poisoned.into_inner().generation.clone(),
        }
    }

    /// Serves `index` (of `generation`) from now on; returns the one it replaces.
    pub fn swap(&self, index: SearchIndex, generation: Option<String>) -> Arc<SearchIndex> {
        let mut next = Current { index: Arc::new(index), generation };
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::mem::swap(&mut *guard, &mut next);
        next.index
    }

    /// # Errors
    /// See [`SearchIndex::search`].
    pub fn search(&self, params: &SearchParams) -> Result<Results, Error> {
        self.get().search(params)
    }

    /// # Errors
    /// See [`SearchIndex::suggest`].
    pub fn suggest(&self, q: &str) -> Result<Vec<Suggestion>, Error> {
        self.get().suggest(q)
    }

    pub fn documents(&self) -> u64 {
        self.get().documents()
    }

    /// # Errors
    /// See [`SearchIndex::refresh`].
    pub async fn refresh<C: ConnectionTrait>(&self, db: &C, product_ids: &[i64]) -> Result<(), Error> {
        self.get().refresh(db, product_ids).await
    }

    /// # Errors
    /// See [`SearchIndex::rebuild`].
    pub async fn rebuild<C: ConnectionTrait>(&self, db: &C) -> Result<usize, Error> {
        self.get().rebuild(db).await
    }
}
