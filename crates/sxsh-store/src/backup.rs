//! Backup and restore: one zip file holding an online-backup copy of the database, every
//! attachment file and `manifest.json` with the SHA-256 and size of each. Restore verifies every
//! checksum before it touches the data directory, and refuses a damaged or newer file.

use crate::attachments::{self, sha256_hex};
use crate::error::{Result, StoreError};
use crate::{DB_FILE, SCHEMA_VERSION, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The `format` value of a backup manifest.
pub const BACKUP_FORMAT: &str = "sxsh-backup";
/// The manifest layout this build writes and reads.
pub const BACKUP_FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;
/// The zip comment ends the file: this prefix, then the SHA-256 (hex) of every byte before the
/// 64 hex digits. A flip of any byte of the file, metadata included, is caught by it.
const SEAL_PREFIX: &str = "sxsh-backup-sha256:";
const SEAL_HEX: usize = 64;

/// One file inside a backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub schema_version: i64,
    pub created_at: String,
    pub device_id: String,
    pub files: Vec<ManifestFile>,
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::BackupCorrupt(what.to_string())
}

/// A scratch directory inside the data directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(data_dir: &Path, prefix: &str) -> Result<Scratch> {
        let dir = data_dir.join(format!(".{prefix}-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies `reader` into `writer`, returning the SHA-256 and byte count.
fn copy_hashing(mut reader: impl Read, mut writer: impl Write) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        writer.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// Writes a backup of `store` to `out` (atomically: a temporary file renamed at the end).
/// `progress(done, total)` is called with bytes as files are added.
pub fn create(store: &Store, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
    let scratch = Scratch::new(store.data_dir(), "backup")?;
    let db_copy = scratch.0.join(DB_FILE);
    store.conn().backup(
        rusqlite::MAIN_DB,
        &db_copy,
        None::<fn(rusqlite::backup::Progress)>,
    )?;

    let shas: Vec<String> = store
        .conn()
        .prepare("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sources: Vec<(String, PathBuf)> = vec![(DB_FILE.to_string(), db_copy)];
    for sha in shas {
        let path = attachments::path_for(store.data_dir(), &sha);
        if path.exists() {
            sources.push((format!("attachments/{sha}"), path));
        }
    }
    let total: u64 = sources
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();

    let tmp_out = out.with_extension("partial");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp_out)
        .map_err(|e| StoreError::io(&tmp_out, e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let mut files = Vec::new();
    let mut done = 0u64;
    for (name, path) in &sources {
        zip.start_file(name.as_str(), options).map_err(corrupt)?;
        let src = File::open(path).map_err(|e| StoreError::io(path, e))?;
        let (sha256, size) =
            copy_hashing(src, &mut zip).map_err(|e| StoreError::io(&tmp_out, e))?;
        done += size;
        progress(done, total);
        files.push(ManifestFile {
            path: name.clone(),
            sha256,
            size,
        });
    }
    let manifest = Manifest {
        format: BACKUP_FORMAT.into(),
        format_version: BACKUP_FORMAT_VERSION,
        schema_version: store.schema_version()?,
        created_at: crate::write::now_text(),
        device_id: store.device_id().to_string(),
        files,
    };
    zip.start_file(MANIFEST, options).map_err(corrupt)?;
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| StoreError::Decode(e.to_string()))?;
    zip.write_all(&json)
        .map_err(|e| StoreError::io(&tmp_out, e))?;
    zip.set_comment(format!("{SEAL_PREFIX}{}", "0".repeat(SEAL_HEX)))
        .map_err(corrupt)?;
    let writer = zip.finish().map_err(corrupt)?;
    let file = writer
        .into_inner()
        .map_err(|e| StoreError::io(&tmp_out, e.into_error()))?;
    seal(file, &tmp_out)?;
    std::fs::rename(&tmp_out, out).map_err(|e| StoreError::io(out, e))?;
    Ok(manifest)
}

/// SHA-256 of the first `len` bytes of `file`.
fn hash_prefix(file: &mut File, len: u64) -> std::io::Result<String> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    let (sha, n) = copy_hashing(file.take(len), std::io::sink())?;
    if n != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(sha)
}

/// Writes the whole-file digest into the placeholder at the end of the zip comment.
fn seal(mut file: File, path: &Path) -> Result<()> {
    use std::io::Seek;
    let io = |e| StoreError::io(path, e);
    let len = file.metadata().map_err(io)?.len();
    let digest = hash_prefix(&mut file, len - SEAL_HEX as u64).map_err(io)?;
    file.seek(std::io::SeekFrom::Start(len - SEAL_HEX as u64))
        .map_err(io)?;
    file.write_all(digest.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Checks the whole-file digest written by [`seal`].
fn check_seal(path: &Path) -> Result<()> {
    use std::io::Seek;
    let mut file = File::open(path).map_err(|e| StoreError::io(path, e))?;
    let len = file.metadata().map_err(|e| StoreError::io(path, e))?.len();
    let tail_len = (SEAL_PREFIX.len() + SEAL_HEX) as u64;
    if len < tail_len {
        return Err(corrupt("file is too short to be a backup"));
    }
    let mut tail = vec![0u8; tail_len as usize];
    file.seek(std::io::SeekFrom::Start(len - tail_len))
        .and_then(|_| file.read_exact(&mut tail))
        .map_err(|e| StoreError::io(path, e))?;
    if !tail.starts_with(SEAL_PREFIX.as_bytes()) {
        return Err(corrupt("not an SXSH Field backup (no seal)"));
    }
    let digest =
        hash_prefix(&mut file, len - SEAL_HEX as u64).map_err(|e| StoreError::io(path, e))?;
    if digest.as_bytes() != &tail[SEAL_PREFIX.len()..] {
        return Err(corrupt("whole-file checksum mismatch"));
    }
    Ok(())
}

fn open_zip(file: &Path) -> Result<zip::ZipArchive<File>> {
    let f = File::open(file).map_err(|e| StoreError::io(file, e))?;
    zip::ZipArchive::new(f).map_err(corrupt)
}

fn read_manifest(zip: &mut zip::ZipArchive<File>) -> Result<Manifest> {
    let entry = zip
        .by_name(MANIFEST)
        .map_err(|_| corrupt("no manifest.json"))?;
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(corrupt("manifest.json is too large"));
    }
    let mut text = String::new();
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| corrupt(format!("manifest.json: {e}")))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| corrupt(format!("manifest.json: {e}")))?;
    if manifest.format != BACKUP_FORMAT {
        return Err(corrupt("not an SXSH Field backup"));
    }
    if manifest.format_version > BACKUP_FORMAT_VERSION || manifest.schema_version > SCHEMA_VERSION {
        return Err(StoreError::BackupNewerVersion {
            found: manifest.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for f in &manifest.files {
        let valid = f.path == DB_FILE
            || f.path
                .strip_prefix("attachments/")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|c| c.is_ascii_hexdigit()));
        if !valid || !seen.insert(f.path.as_str()) {
            return Err(corrupt(format!("unexpected entry {:?}", f.path)));
        }
    }
    if !seen.contains(DB_FILE) {
        return Err(corrupt("no database in backup"));
    }
    Ok(manifest)
}

/// Reads entry `f`, writing it to `sink`, and checks its size and SHA-256 against the manifest.
fn check_entry(zip: &mut zip::ZipArchive<File>, f: &ManifestFile, sink: impl Write) -> Result<()> {
    let entry = zip
        .by_name(&f.path)
        .map_err(|e| corrupt(format!("{}: {e}", f.path)))?;
    let (sha, size) = copy_hashing(entry.take(f.size + 1), sink)
        .map_err(|e| corrupt(format!("{}: {e}", f.path)))?;
    if sha != f.sha256 || size != f.size {
        return Err(corrupt(format!("{}: checksum mismatch", f.path)));
    }
    if let Some(h) = f.path.strip_prefix("attachments/")
        && h != sha
    {
        return Err(corrupt(format!(
            "{}: content does not match its name",
            f.path
        )));
    }
    Ok(())
}

/// Checks a backup file without writing anything: manifest, versions, every checksum.
pub fn verify(file: &Path) -> Result<Manifest> {
    check_seal(file)?;
    let mut zip = open_zip(file)?;
    let manifest = read_manifest(&mut zip)?;
    for f in &manifest.files {
        check_entry(&mut zip, f, std::io::sink())?;
    }
    Ok(manifest)
}

/// Replaces the data in `data_dir` with the backup in `file`. No store may be open on
/// `data_dir`. Every checksum is verified first; a damaged or newer backup is refused and the
/// current data is left as it was.
pub fn restore(data_dir: &Path, file: &Path) -> Result<Manifest> {
    let manifest = verify(file)?;
    let scratch = Scratch::new(data_dir, "restore")?;
    let mut zip = open_zip(file)?;
    for f in &manifest.files {
        let target = scratch.0.join(f.path.replace('/', "_"));
        let out = File::create(&target).map_err(|e| StoreError::io(&target, e))?;
        check_entry(&mut zip, f, &out)?;
        out.sync_all().map_err(|e| StoreError::io(&target, e))?;
    }
    // The restored database must open and pass SQLite's integrity check before it replaces ours.
    let staged_db = scratch.0.join(DB_FILE);
    {
        let staged = Store::open_at_version(&scratch.0, manifest.schema_version)?;
        staged.integrity_check()?;
        staged.close()?;
    }
    for f in &manifest.files {
        if let Some(sha) = f.path.strip_prefix("attachments/") {
            let bytes = std::fs::read(scratch.0.join(f.path.replace('/', "_")))
                .map_err(|e| StoreError::io(&scratch.0, e))?;
            debug_assert_eq!(sha256_hex(&bytes), sha);
            attachments::put(data_dir, &bytes)?;
        }
    }
    let live = data_dir.join(DB_FILE);
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", live.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| StoreError::io(&side, e))?;
        }
    }
    std::fs::rename(&staged_db, &live).map_err(|e| StoreError::io(&live, e))?;
    Ok(manifest)
}
