//! Where uploaded media lives. A trait, so an object store can replace the local folder.

use std::path::PathBuf;

use ocop_core::Error;

/// Stores immutable blobs under keys like `products/ab/abcdef….jpg`.
#[async_trait::async_trait]
pub trait MediaStore: Send + Sync {
    /// # Errors
    /// The blob cannot be written.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), Error>;

    /// # Errors
    /// The blob cannot be removed.
    async fn delete(&self, key: &str) -> Result<(), Error>;
}

/// Files under OCOP_DATA_DIR/media, served by the gateway at /media/{key}.
pub struct LocalMediaStore {
    pub root: PathBuf,
}

impl LocalMediaStore {
    fn path(&self, key: &str) -> Result<PathBuf, Error> {
        // Keys are made here, but a bad one must never escape the root.
        if key.split('/').any(|part| part.is_empty() || part == ".." || part.starts_with('.')) {
            return Err(Error::internal(format!("bad media key {key}")));
        }
        Ok(self.root.join(key))
    }
}

#[async_trait::async_trait]
impl MediaStore for LocalMediaStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(Error::internal)?;
        }
        // Write then rename, so a reader never sees half a file.
        let tmp = path.with_extension("part");
        tokio::fs::write(&tmp, bytes).await.map_err(Error::internal)?;
        tokio::fs::rename(&tmp, &path).await.map_err(Error::internal)
    }

    async fn delete(&self, key: &str) -> Result<(), Error> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::internal(e)),
        }
    }
}
