//! Attachment files: bytes stored once under `attachments/<aa>/<sha256>`, named by their
//! SHA-256, written atomically (temporary file, then rename).

use crate::error::{Result, StoreError};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest attachment accepted (a phone photo is 3–8 MB).
pub const MAX_ATTACHMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Where the file with this hash lives under `data_dir`.
pub fn path_for(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("attachments").join(&sha256[..2]).join(sha256)
}

/// Where a smaller copy (JPEG) of a photo of `long_edge` pixels is cached: `cache/print/`
/// for print copies, `cache/display/` for the UI's (and the thumbnails fetched from the office
/// server before the original). A cache: deleting it costs only time.
pub fn copy_path(data_dir: &Path, sha256: &str, long_edge: u32, print: bool) -> PathBuf {
    data_dir
        .join("cache")
        .join(if print { "print" } else { "display" })
        .join(format!("{sha256}-{long_edge}.jpg"))
}

/// Keeps `jpeg` as the display copy of `long_edge` pixels of photo `sha256` (written
/// atomically: a temporary file, then a rename).
pub fn put_display_copy(data_dir: &Path, sha256: &str, long_edge: u32, jpeg: &[u8]) -> Result<()> {
    let path = copy_path(data_dir, sha256, long_edge, false);
    let dir = path.parent().expect("copy path has a parent");
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let tmp = dir.join(format!(".{sha256}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, jpeg)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            StoreError::io(&path, e)
        })
}

/// The MIME type of `bytes` from their magic number, `application/octet-stream` when unknown.
pub fn sniff_mime(bytes: &[u8]) -> String {
    infer::get(bytes)
        .map(|t| t.mime_type().to_string())
        .unwrap_or_else(|| "application/octet-stream".to_string())
}

/// Stores `bytes` under their hash unless a file with that hash is already there.
/// Returns the hash.
pub fn put(data_dir: &Path, bytes: &[u8]) -> Result<String> {
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(StoreError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_ATTACHMENT_BYTES,
        });
    }
    let sha = sha256_hex(bytes);
    let path = path_for(data_dir, &sha);
    if path.exists() {
        return Ok(sha);
    }
    let dir = path.parent().expect("attachment path has a parent");
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let tmp = dir.join(format!(".{sha}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        StoreError::io(&path, e)
    })?;
    Ok(sha)
}

/// Moves the file at `staged` (already checked to hash to `sha256`, on the same file system)
/// into place under its hash, unless a file with that hash is there already.
pub fn put_file(data_dir: &Path, sha256: &str, staged: &Path) -> Result<()> {
    let path = path_for(data_dir, sha256);
    // A file already there is kept only when its content still matches its name; a damaged one
    // is replaced by the verified copy.
    if path.exists() && get(data_dir, sha256).is_ok() {
        return Ok(());
    }
    let dir = path.parent().expect("attachment path has a parent");
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    std::fs::rename(staged, &path).map_err(|e| StoreError::io(&path, e))
}

/// Reads the file with this hash, checking that its content still matches.
pub fn get(data_dir: &Path, sha256: &str) -> Result<Vec<u8>> {
    let path = path_for(data_dir, sha256);
    let bytes = crate::fsutil::read_regular(&path, MAX_ATTACHMENT_BYTES).map_err(|e| match e {
        StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            StoreError::AttachmentMissing {
                sha256: sha256.to_string(),
            }
        }
        other => other,
    })?;
    if sha256_hex(&bytes) != sha256 {
        return Err(StoreError::Corrupt {
            path,
            detail: "attachment content does not match its hash".into(),
        });
    }
    Ok(bytes)
}

impl crate::Store {
    /// The hashes of the files of every live attachment, once each.
    pub fn attachment_hashes(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT sha256 FROM attachments WHERE deleted = 0 ORDER BY sha256",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
