//! One search at a time for each question. Every change to the index empties the answer
//! cache, and then the popular searches all miss at once: without this, each of the
//! shoppers asking "nước mắm" at that moment would run the same search again, side by
//! side, each slowing the others. Here the first runs it and the others wait for its
//! answer. A search is told apart as the cache tells answers apart (its words as the
//! index reads them, filters, sort, page, and the index generation it was asked on).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ocop_core::Error;
use tokio::sync::watch;

use crate::cache::SearchId;
use crate::types::Results;

/// The answer of a search still running: `None` until it lands.
type Answer = Option<Arc<Results>>;

#[derive(Default)]
pub(crate) struct Flights {
    running: Mutex<HashMap<SearchId, watch::Receiver<Answer>>>,
    joined: AtomicU64,
}

enum Role {
    Lead(watch::Sender<Answer>),
    Join(watch::Receiver<Answer>),
}

/// Takes a search off the running list when it ends, however it ends (an answer, an
/// error, or the request that ran it going away).
struct Landing<'a> {
    flights: &'a Flights,
    id: SearchId,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        self.flights.running().remove(&self.id);
    }
}

impl Flights {
    fn running(&self) -> MutexGuard<'_, HashMap<SearchId, watch::Receiver<Answer>>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn role(&self, id: &SearchId) -> Role {
        let mut running = self.running();
        if let Some(answer) = running.get(id) {
            return Role::Join(answer.clone());
        }
        let (lead, answer) = watch::channel(None);
        running.insert(id.clone(), answer);
        Role::Lead(lead)
    }

    /// The answer of the search `id` already running, or else of `run`, whose answer is
    /// then handed to everyone who asks `id` meanwhile. Whoever joined a search that
    /// failed or was dropped runs their own: an error is never passed on.
    pub(crate) async fn share<Fut>(&self, id: SearchId, run: impl FnOnce() -> Fut) -> Result<Arc<Results>, Error>
    where
        Fut: Future<Output = Result<Arc<Results>, Error>>,
    {
        match self.role(&id) {
            Role::Join(mut answer) => {
                let landed = answer.wait_for(Option::is_some).await.ok().and_then(|a| a.as_ref().map(Arc::clone));
                if let Some(found) = landed {
                    self.joined.fetch_add(1, Ordering::Relaxed);
                    return Ok(found);
                }
                run().await
            }
            Role::Lead(lead) => {
                // Dropped last: the answer is sent (and already cached) before the search
                // leaves the list, so a later asker finds one or the other.
                let _landing = Landing { flights: self, id };
                let answer = run().await;
                if let Ok(found) = &answer {
                    lead.send_replace(Some(Arc::clone(found)));
                }
                answer
            }
        }
    }

    /// Searches answered by joining the same search already running.
    pub(crate) fn joined(&self) -> u64 {
        self.joined.load(Ordering::Relaxed)
    }

    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> usize {
        self.running().len()
    }
}
