//! The index on disk: `OCOP_DATA_DIR/search/` holds generation directories
//! (`gen-<timestamp>`), each a complete index with an `ocop-meta.json` beside tantivy's
//! files, and a `CURRENT` file naming the live one. A build always goes into a fresh
//! generation; `CURRENT` is replaced atomically (temporary file, then rename), so a reader
//! sees the old generation or the new one, never half of one. A generation whose schema
//! version is not this build's is never opened: it is rebuilt.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::ConnectionTrait;
use tantivy::directory::{Directory as _, INDEX_WRITER_LOCK, MmapDirectory};

use crate::document::{self, SCHEMA_VERSION};
use crate::follow::outbox_head;
use crate::index::SearchIndex;

/// The file naming the live generation.
pub const CURRENT: &str = "CURRENT";
/// The generation's own description, beside tantivy's `meta.json`.
pub const META: &str = "ocop-meta.json";
const PREFIX: &str = "gen-";

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index store: {e}"))
}

/// What a generation was built as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub schema_version: u32,
    /// The hash ranking's fast fields were written with; another one (another Rust
    /// release) means a rebuild.
    pub hash_check: u64,
    /// The outbox id the build read the database after: changes past it are replayed.
    pub outbox_id: i64,
    pub documents: u64,
    pub built_at: DateTime<Utc>,
}

/// The hash of a fixed text, as this build computes it.
fn hash_check() -> u64 {
    document::hash("chợ ocop")
}

/// An open generation.
pub struct Generation {
    pub name: String,
    pub meta: Meta,
    pub index: SearchIndex,
}

impl Generation {
    /// The outbox id its last commit is current to.
    pub fn outbox_id(&self) -> i64 {
        self.index.outbox_id().unwrap_or(self.meta.outbox_id)
    }
}

/// The generations under one folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation `CURRENT` names, if it names a plausible one.
    pub fn current_name(&self) -> Option<String> {
        let raw = std::fs::read_to_string(self.root.join(CURRENT)).ok()?;
        let name = raw.trim();
        (name.starts_with(PREFIX) && !name.contains(['/', '\\']) && name != "." && name != "..")
            .then(|| name.to_owned())
    }

    pub fn meta(&self, name: &str) -> Result<Meta, String> {
        let raw = std::fs::read_to_string(self.root.join(name).join(META)).map_err(|e| format!("{META}: {e}"))?;
        serde_json::from_str(&raw).map_err(|e| format!("{META}: {e}"))
    }

    /// Opens the live generation, or says why it cannot be used (none, another schema
    /// version, unreadable, busy).
    ///
    /// # Errors
    /// The reason, for the log.
    pub fn open_current(&self) -> Result<Generation, String> {
        let name = self.current_name().ok_or_else(|| format!("no {CURRENT} generation"))?;
        self.open(&name)
    }

    /// Opens generation `name` if it was built with this schema version.
    ///
    /// # Errors
    /// The reason it cannot be used.
    pub fn open(&self, name: &str) -> Result<Generation, String> {
        let meta = self.meta(name)?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(format!("schema version {} on disk, {SCHEMA_VERSION} in this build", meta.schema_version));
        }
        if meta.hash_check != hash_check() {
            return Err("written with another hash function".to_owned());
        }
        let index = SearchIndex::open_in_dir(&self.root.join(name)).map_err(|e| e.to_string())?;
        Ok(Generation { name: name.to_owned(), meta, index })
    }

    /// Builds a fresh generation from the database, calling `progress(done, total)` as it
    /// goes. It is not live until [`Store::swap`] names it. The returned index holds the
    /// generation's writer: drop it before another process is to open it.
    ///
    /// # Errors
    /// The database cannot be read or the directory written.
    pub async fn build<C: ConnectionTrait>(
        &self,
        db: &C,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Generation, Error> {
        std::fs::create_dir_all(&self.root).map_err(internal)?;
        let built_at = Utc::now();
        let stamp = built_at.format("%Y%m%dT%H%M%S%.6fZ").to_string();
        let mut name = format!("{PREFIX}{stamp}");
        let mut n = 1;
        while self.root.join(&name).exists() {
            n += 1;
            name = format!("{PREFIX}{stamp}-{n}");
        }
        let dir = self.root.join(&name);
        let built = async {
            let index = SearchIndex::create_in_dir(&dir)?;
            // Read before the listings: whatever changes meanwhile is replayed after.
            let outbox_id = outbox_head(db).await?;
            let documents = index.fill(db, outbox_id, progress).await?;
            let meta =
                Meta { schema_version: SCHEMA_VERSION, hash_check: hash_check(), outbox_id, documents, built_at };
            let json = serde_json::to_vec_pretty(&meta).map_err(internal)?;
            write_atomically(&dir.join(META), &json)?;
            Ok::<_, Error>(Generation { name: name.clone(), meta, index })
        }
        .await;
        if built.is_err() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let generation = built?;
        tracing::info!(
            search.generation = %generation.name,
            search.documents = generation.meta.documents,
            schema.version = SCHEMA_VERSION,
            "search index generation built"
        );
        Ok(generation)
    }

    /// Makes `name` the live generation, then removes the generations nobody uses.
    ///
    /// # Errors
    /// `CURRENT` cannot be written.
    pub fn swap(&self, name: &str) -> Result<(), Error> {
        write_atomically(&self.root.join(CURRENT), format!("{name}\n").as_bytes())?;
        self.remove_unused(name);
        Ok(())
    }

    /// Whether a process holds generation `name`'s writer (a gateway serving it, or a build
    /// still writing it).
    pub fn in_use(&self, name: &str) -> bool {
        !is_free(&self.root.join(name))
    }

    /// Removes every generation but `keep` that no process is writing (a gateway still on
    /// an older one, or a build in progress, holds its writer lock). Returns how many went.
    pub fn remove_unused(&self, keep: &str) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.root) else { return 0 };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(PREFIX) || name == keep || !entry.path().is_dir() {
                continue;
            }
            if is_free(&entry.path()) && std::fs::remove_dir_all(entry.path()).is_ok() {
                tracing::info!(search.generation = %name, "old search index generation removed");
                removed += 1;
            }
        }
        removed
    }
}

/// No process holds the writer lock of the index in `dir`. A directory without a lock file
/// is free once it is a minute old (a build creates the directory just before the lock).
fn is_free(dir: &Path) -> bool {
    if !dir.join(".tantivy-writer.lock").exists() {
        let age = std::fs::metadata(dir).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        return age.is_none_or(|a| a > std::time::Duration::from_secs(60));
    }
    MmapDirectory::open(dir).is_ok_and(|d| d.acquire_lock(&INDEX_WRITER_LOCK).is_ok())
}

/// Writes `path` so that readers see the old content or the new, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&tmp).map_err(internal)?;
    file.write_all(bytes).map_err(internal)?;
    file.sync_all().map_err(internal)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(internal)
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;

    /// A generation written by hand (no database): an index and its meta.
    fn generation(store: &Store, name: &str, schema_version: u32) {
        let dir = store.root().join(name);
        let index = SearchIndex::create_in_dir(&dir).unwrap();
        index.replace_all(&[]).unwrap();
        drop(index);
        let meta = Meta { schema_version, hash_check: hash_check(), outbox_id: 7, documents: 0, built_at: Utc::now() };
        write_atomically(&dir.join(META), &serde_json::to_vec(&meta).unwrap()).unwrap();
    }

    #[test]
    fn only_a_generation_of_this_schema_version_is_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("search"));
        assert!(store.open_current().err().unwrap().contains("no CURRENT"));

        generation(&store, "gen-old", SCHEMA_VERSION - 1);
        store.swap("gen-old").unwrap();
        let why = store.open_current().err().unwrap();
        assert!(why.contains(&format!("schema version {}", SCHEMA_VERSION - 1)), "{why}");

        generation(&store, "gen-new", SCHEMA_VERSION);
        store.swap("gen-new").unwrap();
        assert_eq!(store.current_name().as_deref(), Some("gen-new"));
        assert!(!store.root().join("gen-old").exists(), "the old generation is removed after the swap");
        let opened = store.open_current().unwrap();
        assert_eq!(opened.meta.outbox_id, 7);
        assert_eq!(opened.outbox_id(), 7);

        // Open (writer held): a swap elsewhere leaves it in place.
        generation(&store, "gen-newer", SCHEMA_VERSION);
        store.swap("gen-newer").unwrap();
        assert!(store.root().join("gen-new").exists(), "a generation in use stays");
        drop(opened);
        assert_eq!(store.remove_unused("gen-newer"), 1);

        std::fs::write(store.root().join("gen-newer").join(META), "{not json").unwrap();
        assert!(store.open_current().err().unwrap().contains(META));
        std::fs::write(store.root().join(CURRENT), "../../etc\n").unwrap();
        assert!(store.open_current().is_err());
    }
}
