//! Photo bytes on the server: files named by their SHA-256 under the blob folder (never in the
//! database), uploaded in chunks that resume after a dropped connection (each chunk says the
//! offset it starts at; the partial file is kept until the last chunk), checked against their
//! hash before they take their name, and read back by byte range.

use crate::error::{Result, ServerError};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use sxsh_sync_proto::wire::ErrorCode;

/// Largest photo accepted (the devices' limit too).
pub const MAX_BLOB_BYTES: u64 = 64 * 1024 * 1024;

/// What the server holds of one hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobState {
    Missing,
    /// Received this many bytes of an upload not finished yet.
    Partial(u64),
    /// The whole file, this size, checked.
    Complete(u64),
}

pub struct Blobs {
    dir: PathBuf,
    /// One upload step at a time (chunks are small; this keeps two uploads of one hash apart).
    writing: Mutex<()>,
}

/// Whether `s` is a SHA-256 in lower-case hex (the only names the blob folder holds).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn bad(message: impl Into<String>) -> ServerError {
    ServerError::new(ErrorCode::BadRequest, message)
}

fn io(path: &Path, e: std::io::Error) -> ServerError {
    ServerError::internal(format!("{}: {e}", path.display()))
}

impl Blobs {
    pub fn new(dir: &Path) -> Blobs {
        Blobs {
            dir: dir.to_path_buf(),
            writing: Mutex::new(()),
        }
    }

    fn path(&self, sha: &str) -> PathBuf {
        self.dir.join(&sha[..2]).join(sha)
    }

    fn part(&self, sha: &str) -> PathBuf {
        self.dir.join("partial").join(sha)
    }

    pub fn state(&self, sha: &str) -> Result<BlobState> {
        if !is_sha256(sha) {
            return Err(bad("not a SHA-256"));
        }
        if let Ok(m) = std::fs::metadata(self.path(sha)) {
            return Ok(BlobState::Complete(m.len()));
        }
        Ok(match std::fs::metadata(self.part(sha)) {
            Ok(m) => BlobState::Partial(m.len()),
            Err(_) => BlobState::Missing,
        })
    }

    /// Appends `bytes` at `offset` of the upload of `sha` whose whole size is `total`. An offset
    /// other than what was received is refused with `bad_offset` (the client asks `HEAD` and
    /// goes on from there). When the last byte arrives the file is checked against its hash:
    /// a mismatch is refused with `hash_mismatch` and the upload is dropped.
    pub fn append(&self, sha: &str, offset: u64, total: u64, bytes: &[u8]) -> Result<BlobState> {
        if total > MAX_BLOB_BYTES {
            return Err(ServerError::new(
                ErrorCode::TooLarge,
                format!("a photo has at most {MAX_BLOB_BYTES} bytes"),
            ));
        }
        let one = self
            .writing
            .lock()
            .map_err(|_| ServerError::internal("blob lock"))?;
        let received = match self.state(sha)? {
            BlobState::Complete(n) => return Ok(BlobState::Complete(n)),
            BlobState::Partial(n) => n,
            BlobState::Missing => 0,
        };
        if offset != received || offset + bytes.len() as u64 > total {
            return Err(ServerError::new(
                ErrorCode::BadOffset,
                format!(
                    "{received} bytes received; a chunk at {offset} of {} bytes does not fit {total}",
                    bytes.len()
                ),
            ));
        }
        let part = self.part(sha);
        let dir = part.parent().expect("partial folder");
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&part)
            .map_err(|e| io(&part, e))?;
        f.write_all(bytes).map_err(|e| io(&part, e))?;
        f.sync_data().map_err(|e| io(&part, e))?;
        let now = received + bytes.len() as u64;
        if now < total {
            return Ok(BlobState::Partial(now));
        }
        self.take_name(sha, &part)?;
        drop(one);
        // Devices fetch the thumbnail before anything else: it is made as the photo arrives
        // (outside the upload lock; a photo it cannot be made of is still kept).
        let _ = self.thumbnail(sha);
        Ok(BlobState::Complete(now))
    }

    /// Gives a whole partial file its name `sha` once its bytes hash to it; drops it otherwise
    /// (`hash_mismatch`).
    fn take_name(&self, sha: &str, part: &Path) -> Result<()> {
        if hash_file(part)? != sha {
            let _ = std::fs::remove_file(part);
            return Err(ServerError::new(
                ErrorCode::HashMismatch,
                format!("the bytes sent do not hash to {sha}: upload dropped"),
            ));
        }
        let path = self.path(sha);
        let dir = path.parent().expect("blob folder");
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        std::fs::rename(part, &path).map_err(|e| io(&path, e))
    }

    /// Every complete blob: its hash and size, by hash.
    pub fn list(&self) -> Result<Vec<(String, u64)>> {
        let mut all = Vec::new();
        let Ok(dirs) = std::fs::read_dir(&self.dir) else {
            return Ok(all);
        };
        for d in dirs {
            let d = d.map_err(|e| io(&self.dir, e))?;
            let name = d.file_name().to_string_lossy().to_string();
            if name.len() != 2 || !d.path().is_dir() {
                continue;
            }
            for f in std::fs::read_dir(d.path()).map_err(|e| io(&d.path(), e))? {
                let f = f.map_err(|e| io(&d.path(), e))?;
                let sha = f.file_name().to_string_lossy().to_string();
                let meta = f.metadata().map_err(|e| io(&f.path(), e))?;
                if is_sha256(&sha) && sha.starts_with(&name) && meta.is_file() {
                    all.push((sha, meta.len()));
                }
            }
        }
        all.sort();
        Ok(all)
    }

    /// The thumbnail (JPEG, at most `sxsh_photo::THUMB_LONG_EDGE` pixels) of the complete
    /// photo `sha`: made once from it, within `sxsh_photo`'s decode limits, and kept in
    /// `thumbs/` (a cache: deleting it costs only time).
    pub fn thumbnail(&self, sha: &str) -> Result<Vec<u8>> {
        self.sized(sha, "thumbs", sxsh_photo::thumbnail)
    }

    /// The print copy (JPEG, at most `sxsh_photo::PRINT_LONG_EDGE` pixels, upright) of the
    /// complete photo `sha`, as the app prints it in a report; kept in `prints/`.
    pub fn print_copy(&self, sha: &str) -> Result<Vec<u8>> {
        self.sized(sha, "prints", |original| {
            let img = sxsh_photo::decode_upright(original, sxsh_photo::PRINT_LONG_EDGE)?;
            sxsh_photo::encode_jpeg(&img, sxsh_photo::QUALITY)
        })
    }

    /// A smaller copy of the complete photo `sha` made by `make` once, cached in `folder`.
    fn sized(
        &self,
        sha: &str,
        folder: &str,
        make: impl Fn(&[u8]) -> sxsh_photo::Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let BlobState::Complete(size) = self.state(sha)? else {
            return Err(ServerError::new(
                ErrorCode::NotFound,
                format!("no photo {sha}"),
            ));
        };
        let cached = self.dir.join(folder).join(format!("{sha}.jpg"));
        if let Ok(bytes) = std::fs::read(&cached) {
            return Ok(bytes);
        }
        let (original, _) = self.read(sha, 0, Some(size))?;
        let copy = make(&original)
            .map_err(|e| ServerError::new(ErrorCode::BadRequest, format!("photo {sha}: {e}")))?;
        let dir = cached.parent().expect("copies folder");
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        // Two requests may make it at once: each writes its own temporary file.
        let tmp = dir.join(format!(".{sha}.{:?}.tmp", std::thread::current().id()));
        std::fs::write(&tmp, &copy).map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &cached).map_err(|e| io(&cached, e))?;
        Ok(copy)
    }

    /// The file of a complete blob, opened for reading.
    pub fn open(&self, sha: &str) -> Result<std::fs::File> {
        let path = self.path(sha);
        std::fs::File::open(&path).map_err(|e| io(&path, e))
    }

    /// Stores the whole blob `sha` read from `from` (a restore): checked against its hash
    /// before it takes its name; one already held is kept.
    pub fn put(&self, sha: &str, from: &mut dyn Read) -> Result<()> {
        if let BlobState::Complete(_) = self.state(sha)? {
            return Ok(());
        }
        let _one = self
            .writing
            .lock()
            .map_err(|_| ServerError::internal("blob lock"))?;
        let part = self.part(sha);
        let dir = part.parent().expect("partial folder");
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut f = std::fs::File::create(&part).map_err(|e| io(&part, e))?;
        std::io::copy(from, &mut f).map_err(|e| io(&part, e))?;
        f.sync_data().map_err(|e| io(&part, e))?;
        self.take_name(sha, &part)
    }

    /// Bytes `start..end` (end exclusive, clamped to the size) of a complete blob, and its size.
    pub fn read(&self, sha: &str, start: u64, end: Option<u64>) -> Result<(Vec<u8>, u64)> {
        let BlobState::Complete(size) = self.state(sha)? else {
            return Err(ServerError::new(
                ErrorCode::NotFound,
                format!("no photo {sha}"),
            ));
        };
        let end = end.unwrap_or(size).min(size);
        if start > end {
            return Err(bad(format!("range {start}.. of {size} bytes")));
        }
        let path = self.path(sha);
        let mut f = std::fs::File::open(&path).map_err(|e| io(&path, e))?;
        f.seek(SeekFrom::Start(start)).map_err(|e| io(&path, e))?;
        let mut buf = vec![0; (end - start) as usize];
        f.read_exact(&mut buf).map_err(|e| io(&path, e))?;
        Ok((buf, size))
    }
}

fn hash_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| io(path, e))?;
        if n == 0 {
            return Ok(hex::encode(h.finalize()));
        }
        h.update(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_resumes_at_its_offset_and_takes_its_name_only_when_it_hashes_right() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path());
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let sha = hex::encode(Sha256::digest(&bytes));
        assert_eq!(blobs.state(&sha).unwrap(), BlobState::Missing);
        assert_eq!(
            blobs.append(&sha, 0, 10_000, &bytes[..4_000]).unwrap(),
            BlobState::Partial(4_000)
        );
        // A repeated chunk (the answer was lost) is refused with the offset code.
        assert_eq!(
            blobs
                .append(&sha, 0, 10_000, &bytes[..4_000])
                .unwrap_err()
                .code,
            ErrorCode::BadOffset
        );
        assert_eq!(
            blobs.append(&sha, 4_000, 10_000, &bytes[4_000..]).unwrap(),
            BlobState::Complete(10_000)
        );
        assert_eq!(
            blobs.read(&sha, 9_990, None).unwrap(),
            (bytes[9_990..].to_vec(), 10_000)
        );
        // Wrong bytes under a name: refused, and nothing kept.
        let other = "ab".repeat(32);
        assert_eq!(
            blobs.append(&other, 0, 3, b"abc").unwrap_err().code,
            ErrorCode::HashMismatch
        );
        assert_eq!(blobs.state(&other).unwrap(), BlobState::Missing);
        assert_eq!(
            blobs.state("../../etc/passwd").unwrap_err().code,
            ErrorCode::BadRequest
        );
    }
}
