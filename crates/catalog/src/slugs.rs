//! Free slugs by exact probes. `base`, `base-2`, `base-3` … are looked up a batch at a time
//! through the unique index, so a name that thousands of shops share costs a few indexed
//! lookups, not a load of every row whose slug starts the same way (which made an import of
//! near-identical names quadratic).

use std::collections::{HashMap, HashSet};
use std::future::Future;

use ocop_core::Error;

/// Candidates probed per lookup.
const BATCH: u32 = 16;

/// The `n`th candidate: `base` itself first, then `base-2`, `base-3`, ….
pub fn candidate(base: &str, n: u32) -> String {
    if n <= 1 { base.to_owned() } else { format!("{base}-{n}") }
}

/// The first candidate from number `from` on that `taken` does not report, with its number.
/// `taken` answers which of the given slugs are in use.
///
/// # Errors
/// Whatever `taken` answers.
pub async fn first_free<F, Fut>(base: &str, from: u32, mut taken: F) -> Result<(String, u32), Error>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: Future<Output = Result<HashSet<String>, Error>>,
{
    let mut start = from.max(1);
    loop {
        let batch: Vec<String> = (start..start.saturating_add(BATCH)).map(|n| candidate(base, n)).collect();
        let used = taken(batch.clone()).await?;
        if let Some((i, free)) = batch.into_iter().enumerate().find(|(_, s)| !used.contains(s)) {
            return Ok((free, start.saturating_add(u32::try_from(i).unwrap_or(0))));
        }
        start = start.saturating_add(BATCH);
    }
}

/// Remembers, within one run (an import), the next number worth probing for each base, so
/// the thousandth product named "Mật ong bạc hà" starts probing at `mat-ong-bac-ha-1000`.
#[derive(Debug, Default)]
pub struct Picker {
    next: HashMap<String, u32>,
}

impl Picker {
    pub fn start(&self, base: &str) -> u32 {
        self.next.get(base).copied().unwrap_or(1)
    }

    /// Number `n` of `base` is used: probe above it next time (never below a higher one).
    pub fn took(&mut self, base: String, n: u32) {
        let next = self.next.entry(base).or_insert(1);
        *next = (*next).max(n.saturating_add(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_gap_is_found_across_batches() {
        let used: HashSet<String> = (1..=40).map(|n| candidate("mat-ong", n)).collect();
        let (slug, n) = first_free("mat-ong", 1, |batch| {
            let used = &used;
            async move { Ok(batch.into_iter().filter(|s| used.contains(s)).collect()) }
        })
        .await
        .unwrap_or_default();
        assert_eq!((slug.as_str(), n), ("mat-ong-41", 41));
        let (slug, _) = first_free("mat-ong", 1, |_| async { Ok(HashSet::new()) }).await.unwrap_or_default();
        assert_eq!(slug, "mat-ong");
    }
}
