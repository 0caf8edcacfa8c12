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

/// A free slug for each of `bases`, distinct from one another. The first guess of every
/// base (its next number in `picker`, counting up within the call) is looked up in one go,
/// a few hundred at a time; only a base whose guess is taken probes further on its own.
///
/// # Errors
/// Whatever `taken` answers.
pub async fn free_many<F, Fut>(bases: Vec<String>, picker: &mut Picker, mut taken: F) -> Result<Vec<String>, Error>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: Future<Output = Result<HashSet<String>, Error>>,
{
    let mut next: HashMap<&str, u32> = HashMap::new();
    let guesses: Vec<(u32, String)> = bases
        .iter()
        .map(|base| {
            let n = next.entry(base.as_str()).or_insert_with(|| picker.start(base));
            let guess = (*n, candidate(base, *n));
            *n = n.saturating_add(1);
            guess
        })
        .collect();
    let mut used = HashSet::new();
    for chunk in guesses.chunks(500) {
        used.extend(taken(chunk.iter().map(|(_, s)| s.clone()).collect()).await?);
    }
    let mut assigned: HashSet<String> = HashSet::with_capacity(bases.len());
    let mut out = Vec::with_capacity(bases.len());
    for (base, (n, guess)) in bases.iter().zip(guesses) {
        let (slug, n) = if !used.contains(&guess) && !assigned.contains(&guess) {
            (guess, n)
        } else {
            let mut start = picker.start(base).max(n);
            loop {
                let batch: Vec<String> = (start..start.saturating_add(BATCH)).map(|k| candidate(base, k)).collect();
                let in_use = taken(batch.clone()).await?;
                let free = batch.into_iter().enumerate().find(|(_, s)| !in_use.contains(s) && !assigned.contains(s));
                if let Some((i, free)) = free {
                    break (free, start.saturating_add(u32::try_from(i).unwrap_or(0)));
                }
                start = start.saturating_add(BATCH);
            }
        };
        picker.took(base.clone(), n);
        assigned.insert(slug.clone());
        out.push(slug);
    }
    Ok(out)
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

    #[tokio::test]
    async fn many_names_get_distinct_free_slugs_in_one_guess() {
        // "mat-ong" and "mat-ong-2" are taken; "mat-ong-2" is also a base of its own.
        let used: HashSet<String> = ["mat-ong", "mat-ong-2"].into_iter().map(String::from).collect();
        let mut lookups = 0;
        let mut picker = Picker::default();
        let bases = ["mat-ong", "mat-ong", "mat-ong-2", "che"].map(String::from).to_vec();
        let slugs = free_many(bases, &mut picker, |batch| {
            lookups += 1;
            let used = used.clone();
            async move { Ok(batch.into_iter().filter(|s| used.contains(s)).collect()) }
        })
        .await
        .unwrap_or_default();
        assert_eq!(slugs, ["mat-ong-3", "mat-ong-4", "mat-ong-2-2", "che"]);
        assert_eq!(picker.start("mat-ong"), 5);
        assert!(lookups <= 4, "one guess for all, then one probe per taken guess: {lookups}");
    }
}
