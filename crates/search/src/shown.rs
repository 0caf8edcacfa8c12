//! Listings shown on recent pages, kept decoded. A page's twenty listings are read from the
//! stored documents (a skip-index lookup, a block decompressed, every field decoded: a tenth
//! of a query's work), and the same popular listings come back page after page. A segment
//! never changes once written, so a listing read from it stays right for as long as the
//! segment serves; a changed listing is a new document in a new segment, and segments merged
//! away age out of the least-recently-used order. Unlike the result cache, this holds no
//! answer: every search still matches, counts, ranks and marks in full.

use std::sync::{Arc, Mutex, PoisonError};

use tantivy::DocId;
use tantivy::index::SegmentId;

use crate::types::Hit;

/// How many listings are kept: a few megabytes (a listing's fields are a few hundred bytes),
/// the first pages of a few thousand searches.
const KEPT: usize = 16_384;

pub(crate) struct Shown {
    listings: Mutex<lru::LruCache<(SegmentId, DocId), Arc<Hit>>>,
}

impl Default for Shown {
    fn default() -> Self {
        let kept = std::num::NonZeroUsize::new(KEPT).unwrap_or(std::num::NonZeroUsize::MIN);
        Self { listings: Mutex::new(lru::LruCache::new(kept)) }
    }
}

impl Shown {
    /// The listings at `at` (segment and document), those not kept read by `read`: one
    /// lock to look up, reading done outside it, one lock to keep what was read.
    pub fn get_or_read<E>(
        &self,
        at: &[(SegmentId, DocId)],
        mut read: impl FnMut(usize) -> Result<Hit, E>,
    ) -> Result<Vec<Hit>, E> {
        let found: Vec<Option<Arc<Hit>>> = {
            let mut listings = self.listings.lock().unwrap_or_else(PoisonError::into_inner);
            at.iter().map(|key| listings.get(key).cloned()).collect()
        };
        let mut read_now = Vec::new();
        let mut hits = Vec::with_capacity(at.len());
        for (i, kept) in found.into_iter().enumerate() {
            match kept {
                Some(hit) => hits.push(Hit::clone(&hit)),
                None => {
                    let hit = read(i)?;
                    read_now.push((at[i], Arc::new(hit.clone())));
                    hits.push(hit);
                }
            }
        }
        if !read_now.is_empty() {
            let mut listings = self.listings.lock().unwrap_or_else(PoisonError::into_inner);
            for (key, hit) in read_now {
                listings.put(key, hit);
            }
        }
        Ok(hits)
    }
}
