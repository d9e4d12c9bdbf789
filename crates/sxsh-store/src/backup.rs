//! Backup and restore: one zip file holding an online-backup copy of the database, every
//! attachment file and `manifest.json` with the SHA-256 and size of each. Restore verifies every
//! checksum before it touches the data directory, and refuses a damaged or newer file.

use crate::attachments;
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

/// A scratch directory inside the data directory, removed when dropped (and by the next open
/// when a process was killed before it could drop it).
struct Scratch(PathBuf);

impl Scratch {
    fn new(data_dir: &Path, prefix: &str) -> Result<Scratch> {
        let dir = data_dir.join(format!(".{prefix}-{}", uuid::Uuid::now_v7()));
        debug_assert!(crate::SCRATCH_PREFIXES.contains(&format!(".{prefix}-").as_str()));
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
fn copy_hashing(reader: impl Read, writer: impl Write) -> std::io::Result<(String, u64)> {
    copy_hashing_apart(reader, writer).map_err(|e| match e {
        CopyError::Read(e) | CopyError::Write(e) => e,
    })
}

/// Which side of a copy failed: a read error is the source's fault (a damaged backup), a write
/// error the destination's (a full disk).
enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

fn copy_hashing_apart(
    mut reader: impl Read,
    mut writer: impl Write,
) -> std::result::Result<(String, u64), CopyError> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(CopyError::Read)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        writer.write_all(&buf[..n]).map_err(CopyError::Write)?;
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// Largest database a backup may hold (the national programme's data is a few GB).
pub const MAX_DB_BYTES: u64 = 64 * 1024 * 1024 * 1024;
/// Most files one backup may list.
pub const MAX_FILES: usize = 1_000_000;
/// Room kept free on the disk beyond what a restore writes.
const DISK_MARGIN: u64 = 16 * 1024 * 1024;

/// Maps a zip error: a failed write or read (full disk, read-only) keeps its own error, only a
/// malformed archive is "damaged".
fn zip_error(e: zip::result::ZipError, path: &Path) -> StoreError {
    match e {
        zip::result::ZipError::Io(e) => StoreError::io(path, e),
        other => corrupt(other),
    }
}

/// Writes a backup of `store` to `out`: [`snapshot`], then [`Snapshot::write`].
pub fn create(store: &Store, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
    snapshot(store, out)?.write(progress)
}

/// What a backup holds, taken from the open store: a consistent copy of the database and the
/// list of photo files. Writing the zip from it ([`Snapshot::write`]) needs no store, so the
/// store's lock is held only while the database is copied (photo files never change: they are
/// named by their content).
pub struct Snapshot {
    _scratch: Option<Scratch>,
    db_copy: tempfile::NamedTempFile,
    sources: Vec<(String, PathBuf)>,
    schema_version: i64,
    device_id: String,
    out: PathBuf,
    dir: PathBuf,
}

/// Takes a [`Snapshot`] for a backup to `out`. The target is checked first
/// ([`Store::check_output`]) and the database integrity-checked (a damaged one is refused: a
/// backup must always restore); the copy goes to a scratch folder of the data folder (removed by
/// the next open if this process is killed), or beside `out` when the folder is read-only.
pub fn snapshot(store: &Store, out: &Path) -> Result<Snapshot> {
    store.check_output(out, false)?;
    store.integrity_check().map_err(|e| match e {
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
            path: store.db_path(),
            detail: format!(
                "{detail}. No backup was written. Restore the last good backup, or export each assessment (sxsh export) to keep what can still be read"
            ),
        },
        other => other,
    })?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = |suffix: &str| {
        tempfile::Builder::new()
            .prefix(".sxsh-backup-")
            .suffix(suffix)
            .tempfile_in(&dir)
            .map_err(|e| StoreError::io(&dir, e))
    };
    // The copy of the database goes to a scratch folder of the data folder (removed by the next
    // open if this process is killed), or beside the target when the folder is read-only.
    let scratch = if store.is_writable() {
        Some(Scratch::new(store.data_dir(), "backup")?)
    } else {
        None
    };
    let db_copy = match &scratch {
        Some(s) => tempfile::Builder::new()
            .suffix(".db")
            .tempfile_in(&s.0)
            .map_err(|e| StoreError::io(&s.0, e))?,
        None => temp(".db")?,
    };
    store
        .conn()
        .backup(
            rusqlite::MAIN_DB,
            db_copy.path(),
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| match StoreError::from(e) {
            StoreError::DiskFull { .. } => StoreError::DiskFull {
                path: dir.clone(),
                needed: None,
            },
            other => other,
        })?;

    let shas: Vec<String> = store
        .conn()
        .prepare("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sources: Vec<(String, PathBuf)> = vec![(DB_FILE.to_string(), db_copy.path().into())];
    for sha in shas {
        let path = attachments::path_for(store.data_dir(), &sha);
        if path.exists() {
            sources.push((format!("attachments/{sha}"), path));
        }
    }
    Ok(Snapshot {
        _scratch: scratch,
        db_copy,
        sources,
        schema_version: store.schema_version()?,
        device_id: store.device_id().to_string(),
        out: out.to_path_buf(),
        dir,
    })
}

impl Snapshot {
    /// Writes the zip to a temporary file beside the target, seals it, verifies the finished
    /// file whole (seal, manifest, every checksum) and only then renames it into place.
    /// `progress(done, total)` is called with bytes as files are added.
    pub fn write(self, progress: &mut dyn FnMut(u64, u64)) -> Result<Manifest> {
        let Snapshot {
            _scratch,
            db_copy,
            sources,
            schema_version,
            device_id,
            out,
            dir,
        } = self;
        let (out, dir) = (out.as_path(), dir.as_path());
        let total: u64 = sources
            .iter()
            .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        let partial = tempfile::Builder::new()
            .prefix(".sxsh-backup-")
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| StoreError::io(dir, e))?;
        let tmp_out = partial.path().to_path_buf();
        let file = partial.reopen().map_err(|e| StoreError::io(&tmp_out, e))?;
        let mut zip =
            zip::ZipWriter::new(std::io::BufWriter::new(crate::fsutil::PacedFile::new(file)));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(true);
        let mut files = Vec::new();
        let mut done = 0u64;
        for (name, path) in &sources {
            zip.start_file(name.as_str(), options)
                .map_err(|e| zip_error(e, &tmp_out))?;
            let src = crate::fsutil::open_regular(path)?;
            let (sha256, size) =
                copy_hashing(src, &mut zip).map_err(|e| StoreError::io(&tmp_out, e))?;
            if let Some(named) = name.strip_prefix("attachments/")
                && named != sha256
            {
                return Err(StoreError::Corrupt {
                    path: path.clone(),
                    detail: format!(
                        "the photo file {named} no longer matches its checksum (disk damage?); no backup was written. Delete that photo (or import it again from the camera) and back up again"
                    ),
                });
            }
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
            schema_version,
            created_at: crate::write::now_text(),
            device_id,
            files,
        };
        zip.start_file(MANIFEST, options)
            .map_err(|e| zip_error(e, &tmp_out))?;
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| StoreError::Decode(e.to_string()))?;
        zip.write_all(&json)
            .map_err(|e| StoreError::io(&tmp_out, e))?;
        zip.set_comment(format!("{SEAL_PREFIX}{}", "0".repeat(SEAL_HEX)))
            .map_err(|e| zip_error(e, &tmp_out))?;
        let writer = zip.finish().map_err(|e| zip_error(e, &tmp_out))?;
        let file = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|paced| paced.into_synced())
            .map_err(|e| StoreError::io(&tmp_out, e))?;
        seal(file, &tmp_out)?;
        drop(db_copy);
        // The finished file must read back whole before it is called a backup.
        verify(&tmp_out).map_err(|e| match e {
            StoreError::BackupCorrupt(why) => StoreError::BackupCorrupt(format!(
                "the backup just written does not read back ({why}); the disk may be failing"
            )),
            other => other,
        })?;
        partial
            .persist(out)
            .map_err(|e| StoreError::io(out, e.error))?;
        crate::fsutil::sync_dir(dir);
        Ok(manifest)
    }
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
    let mut file = crate::fsutil::open_regular(path)?;
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
    let f = crate::fsutil::open_regular(file)?;
    zip::ZipArchive::new(f).map_err(|e| zip_error(e, file))
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
    if manifest.files.len() > MAX_FILES {
        return Err(corrupt(format!(
            "{} files listed; at most {MAX_FILES}",
            manifest.files.len()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for f in &manifest.files {
        let limit = if f.path == DB_FILE {
            MAX_DB_BYTES
        } else {
            attachments::MAX_ATTACHMENT_BYTES
        };
        if f.size > limit {
            return Err(corrupt(format!(
                "{} declares {} bytes; the limit is {limit}",
                f.path, f.size
            )));
        }
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

/// Reads entry `f`, writing it to `sink` (`sink_path` names it in a write error), and checks its
/// size and SHA-256 against the manifest. At most one byte more than the manifest says is read,
/// whatever the entry's header claims, so a zip bomb stops at the declared size.
fn check_entry(
    zip: &mut zip::ZipArchive<File>,
    f: &ManifestFile,
    sink: impl Write,
    sink_path: &Path,
) -> Result<()> {
    let entry = zip
        .by_name(&f.path)
        .map_err(|e| corrupt(format!("{}: {e}", f.path)))?;
    let (sha, size) = copy_hashing_apart(entry.take(f.size + 1), sink).map_err(|e| match e {
        CopyError::Read(e) => corrupt(format!("{}: {e}", f.path)),
        CopyError::Write(e) => StoreError::io(sink_path, e),
    })?;
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

/// Checks a backup file without writing anything: seal, manifest, versions, sizes, every
/// checksum.
pub fn verify(file: &Path) -> Result<Manifest> {
    check_seal(file)?;
    let mut zip = open_zip(file)?;
    let manifest = read_manifest(&mut zip)?;
    for f in &manifest.files {
        check_entry(&mut zip, f, std::io::sink(), file)?;
    }
    Ok(manifest)
}

/// A verified backup extracted into a scratch folder of the data directory, ready to replace
/// the live database ([`Staged::swap_into`]). Dropped unused, the scratch folder is removed.
pub(crate) struct Staged {
    scratch: Scratch,
    manifest: Manifest,
}

/// Checks the backup in `file` whole and extracts it into a scratch folder of `data_dir`,
/// writing nothing else. In order: the whole-file seal, the manifest (format, versions, entry
/// names, sizes against the limits) and the free space on the disk against what will be
/// written, all before anything is written; then every entry's size and checksum while it is
/// extracted, and the extracted database's integrity.
pub(crate) fn stage_restore(data_dir: &Path, file: &Path) -> Result<Staged> {
    check_seal(file)?;
    let mut zip = open_zip(file)?;
    let manifest = read_manifest(&mut zip)?;
    let needed: u64 = manifest
        .files
        .iter()
        .filter(|f| match f.path.strip_prefix("attachments/") {
            Some(sha) => !attachments::path_for(data_dir, sha).exists(),
            None => true,
        })
        .map(|f| f.size)
        .sum::<u64>()
        + DISK_MARGIN;
    let available = crate::fsutil::available_space(data_dir)?;
    if available < needed {
        return Err(StoreError::DiskFull {
            path: data_dir.to_path_buf(),
            needed: Some(needed - available),
        });
    }
    // The seal has proved every byte of the file; each entry's checksum is checked again as it
    // is extracted (and the scratch folder dropped on any mismatch).
    let scratch = Scratch::new(data_dir, "restore")?;
    for f in &manifest.files {
        let target = scratch.0.join(f.path.replace('/', "_"));
        let out = File::create(&target).map_err(|e| StoreError::io(&target, e))?;
        check_entry(&mut zip, f, &out, &target).map_err(|e| match e {
            StoreError::DiskFull { .. } => StoreError::DiskFull {
                path: data_dir.to_path_buf(),
                needed: None,
            },
            other => other,
        })?;
        out.sync_all().map_err(|e| StoreError::io(&target, e))?;
    }
    // The restored database must open and pass SQLite's integrity check before it replaces ours.
    // Its errors are the backup's: they must not name the scratch folder.
    let staged_db = scratch.0.join(DB_FILE);
    let check = || -> Result<()> {
        inspect_staged(&staged_db)?;
        let mut conn = rusqlite::Connection::open(&staged_db)?;
        crate::migrate::migrate_to(&mut conn, manifest.schema_version)?;
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(corrupt(format!("the database inside is damaged: {result}")));
        }
        conn.close().map_err(|(_, e)| StoreError::from(e))
    };
    check().map_err(|e| match e {
        StoreError::NewerVersion {
            found, supported, ..
        } => StoreError::BackupNewerVersion { found, supported },
        e @ (StoreError::DiskFull { .. }
        | StoreError::ReadOnly { .. }
        | StoreError::BackupCorrupt(_)
        | StoreError::BackupNewerVersion { .. }) => e,
        other => corrupt(format!(
            "the database inside cannot be opened: {}",
            other
                .to_string()
                .replace(&scratch.0.display().to_string(), DB_FILE)
        )),
    })?;
    Ok(Staged { scratch, manifest })
}

/// Refuses a staged database that is not ours or is newer, like [`crate::Store::open`] does.
fn inspect_staged(db: &Path) -> Result<()> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|_| corrupt("the database inside is not a database"))?;
    let read = || -> rusqlite::Result<(i64, i64)> {
        Ok((
            conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
        ))
    };
    let (app, version) = read().map_err(|_| corrupt("the database inside is not a database"))?;
    if app != crate::migrate::APPLICATION_ID {
        return Err(corrupt("the database inside is not an SXSH Field database"));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::BackupNewerVersion {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

impl Staged {
    /// Moves the staged attachments and database into `data_dir`, whose store connection must be
    /// closed (the caller holds the folder's lock). Attachment files are added (never removed:
    /// they are named by content); the database file is replaced by a rename.
    pub(crate) fn swap_into(self, data_dir: &Path) -> Result<Manifest> {
        for f in &self.manifest.files {
            if let Some(sha) = f.path.strip_prefix("attachments/") {
                attachments::put_file(
                    data_dir,
                    sha,
                    &self.scratch.0.join(f.path.replace('/', "_")),
                )?;
            }
        }
        let live = data_dir.join(DB_FILE);
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", live.display()));
            if side.exists() {
                std::fs::remove_file(&side).map_err(|e| StoreError::io(&side, e))?;
            }
        }
        let staged_db = self.scratch.0.join(DB_FILE);
        std::fs::rename(&staged_db, &live).map_err(|e| StoreError::io(&live, e))?;
        crate::fsutil::sync_dir(data_dir);
        Ok(self.manifest)
    }
}
