//! Bundle files (`.sxshb`): what an office without a network carries on a USB stick instead
//! of a sync. A bundle is a zip of
//!
//! - `ops.jsonl`: change ops (`sxsh_sync_proto::ChangeOp`), one JSON object a line, in the
//!   order they were made or received;
//! - `photos/<sha256>`: the files of the photos those ops name;
//! - `manifest.json` (written last): the format and its version, the schema of the ops, who
//!   made it (a device or the office server, with its id), the office it belongs to, the
//!   cursor range it covers, the number and SHA-256 of the ops, and every photo's hash and
//!   size.
//!
//! A reader checks the whole file before anything is applied ([`Reader::verify`]): an entry
//! the manifest does not name, a count, size or checksum that does not match, a line too long
//! or an op that does not parse makes it [`BundleError::Damaged`]; a zip that is no bundle,
//! or a bundle of another office, is [`BundleError::Foreign`]. Everything is read as a stream
//! with a cap on each part, so memory stays bounded for any file. Ops are then applied through
//! the receiver's one idempotent apply path (`Store::apply_remote` on a device, the push of
//! the server), so importing a bundle twice changes nothing.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use sxsh_sync_proto::ChangeOp;

/// The `format` of every bundle's manifest.
pub const FORMAT: &str = "sxsh-bundle";
/// The version of the format this crate writes and reads.
pub const VERSION: u32 = 1;
/// Largest manifest read.
pub const MAX_MANIFEST: u64 = 64 << 20;
/// Largest line of `ops.jsonl` (one op).
pub const MAX_LINE: usize = 8 << 20;
/// Largest photo (as a device accepts).
pub const MAX_PHOTO: u64 = 64 << 20;
/// Most ops in one bundle.
pub const MAX_OPS: u64 = 10_000_000;

/// Who made a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Maker {
    Device,
    Server,
}

/// What a bundle holds, as its manifest says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// Who made it and from where it starts (its fields stand in the manifest itself).
    #[serde(flatten)]
    pub maker: Origin,
    /// The cursor the bundle covers up to (see [`Origin::since`]).
    pub until: i64,
    pub ops: u64,
    /// SHA-256 of `ops.jsonl`, lower-case hex.
    pub ops_sha256: String,
    /// Every photo: its SHA-256 and size in bytes.
    pub photos: BTreeMap<String, u64>,
}

/// Who makes a bundle and what it covers (the rest of the manifest is counted while writing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// The entity schema of the ops (`sxsh_domain::schema::SCHEMA_VERSION` of the maker).
    pub schema_version: i64,
    pub made_by: Maker,
    /// The maker's device id or server id.
    pub origin: String,
    /// The office server the maker belongs to (its server id), when it has one: a bundle is
    /// refused by a device or server of another office.
    pub office: Option<String>,
    pub created_at: String,
    /// The cursor range starts after this: the maker's change-log sequence (device) or server
    /// sequence.
    pub since: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// Truncated, altered or inconsistent: nothing was applied.
    #[error("damaged bundle: {0}")]
    Damaged(String),
    /// Not a SXSH bundle, or one of another office: nothing was applied.
    #[error("not a bundle for here: {0}")]
    Foreign(String),
    /// Made by a newer SXSH Field (format or schema).
    #[error("bundle from a newer version: {0}")]
    Newer(String),
    /// The file is not a regular file (a folder, a FIFO, a device).
    #[error("{0}: not a regular file")]
    NotAFile(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, BundleError>;

fn io(path: &Path, source: std::io::Error) -> BundleError {
    BundleError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn damaged(msg: impl Into<String>) -> BundleError {
    BundleError::Damaged(msg.into())
}

/// Whether `s` is a lower-case hex SHA-256.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The photo hashes a list of ops names (attachment rows' `sha256`), once each.
pub fn photos_named(ops: &[ChangeOp]) -> Vec<String> {
    let mut v: Vec<String> = ops
        .iter()
        .filter(|op| op.entity == "attachment")
        .filter_map(|op| op.fields.get("sha256")?.as_str().map(str::to_string))
        .filter(|s| is_sha256(s))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A bundle being written: to a temporary file beside the target, renamed into place by
/// [`Writer::finish`] (a bundle cut short never takes the target's name).
pub struct Writer {
    /// Taken by [`Writer::finish`].
    zip: Option<zip::ZipWriter<std::fs::File>>,
    tmp: PathBuf,
    target: PathBuf,
    origin: Origin,
    until: i64,
    ops: u64,
    hash: Sha256,
    in_ops: bool,
    photos: BTreeMap<String, u64>,
}

fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true)
}

impl Writer {
    /// Starts a bundle that will be `target`.
    pub fn create(target: &Path, origin: Origin) -> Result<Writer> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bundle".into());
        let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("ops.jsonl", options())
            .map_err(|e| io(&tmp, std::io::Error::other(e)))?;
        Ok(Writer {
            zip: Some(zip),
            tmp,
            target: target.to_path_buf(),
            until: origin.since,
            origin,
            ops: 0,
            hash: Sha256::new(),
            in_ops: true,
            photos: BTreeMap::new(),
        })
    }

    /// Adds ops (all of them before the first photo), with the cursor they bring the bundle
    /// up to.
    pub fn ops(&mut self, ops: &[ChangeOp], until: i64) -> Result<()> {
        assert!(self.in_ops, "ops are written before photos");
        let zip = self.zip.as_mut().expect("not finished");
        for op in ops {
            let mut line = serde_json::to_vec(op).map_err(|e| damaged(e.to_string()))?;
            line.push(b'\n');
            self.hash.update(&line);
            zip.write_all(&line).map_err(|e| io(&self.tmp, e))?;
            self.ops += 1;
        }
        self.until = self.until.max(until);
        Ok(())
    }

    /// Adds the photo with hash `sha` read from `from` (checked against the hash as it is
    /// copied; a photo already added is skipped).
    pub fn photo(&mut self, sha: &str, from: &mut dyn Read) -> Result<()> {
        if !is_sha256(sha) {
            return Err(damaged(format!("photo name {sha:?}")));
        }
        if self.photos.contains_key(sha) {
            return Ok(());
        }
        self.in_ops = false;
        let zip = self.zip.as_mut().expect("not finished");
        zip.start_file(format!("photos/{sha}"), options())
            .map_err(|e| io(&self.tmp, std::io::Error::other(e)))?;
        let mut h = Hashing {
            inner: zip,
            hash: Sha256::new(),
            bytes: 0,
        };
        std::io::copy(&mut from.take(MAX_PHOTO + 1), &mut h).map_err(|e| io(&self.tmp, e))?;
        let (got, bytes) = (hex::encode(h.hash.finalize()), h.bytes);
        if got != sha || bytes > MAX_PHOTO {
            return Err(damaged(format!(
                "photo {sha}: its file does not match its hash"
            )));
        }
        self.photos.insert(sha.to_string(), bytes);
        Ok(())
    }

    /// Writes the manifest, makes the file durable and gives it the target's name.
    pub fn finish(mut self) -> Result<Manifest> {
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            maker: self.origin.clone(),
            until: self.until,
            ops: self.ops,
            ops_sha256: hex::encode(self.hash.clone().finalize()),
            photos: self.photos.clone(),
        };
        let tmp = self.tmp.clone();
        let write = |zip: &mut zip::ZipWriter<std::fs::File>| -> std::io::Result<()> {
            zip.start_file("manifest.json", options())
                .map_err(std::io::Error::other)?;
            zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
            Ok(())
        };
        let mut zip = self.zip.take().expect("not finished");
        write(&mut zip).map_err(|e| io(&tmp, e))?;
        let file = zip
            .finish()
            .map_err(|e| io(&tmp, std::io::Error::other(e)))?;
        file.sync_all().map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, &self.target).map_err(|e| io(&self.target, e))?;
        Ok(manifest)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // After `finish` the temporary name is gone; otherwise remove what was cut short.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

type Archive = zip::ZipArchive<BufReader<std::fs::File>>;

/// A bundle opened for reading: its manifest checked, its entries listed.
pub struct Reader {
    zip: Archive,
    pub manifest: Manifest,
}

/// Opens a regular file without blocking on a FIFO, and checks it is one once open.
fn open_regular(path: &Path) -> Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    let f = opts.open(path).map_err(|e| io(path, e))?;
    if !f.metadata().map_err(|e| io(path, e))?.is_file() {
        return Err(BundleError::NotAFile(path.to_path_buf()));
    }
    Ok(f)
}

impl Reader {
    /// Opens `path` and reads its manifest: a file that is no zip or has no manifest of this
    /// format is [`BundleError::Foreign`]; a newer format or schema than `schema_version` is
    /// [`BundleError::Newer`]; an entry the manifest does not name is damage.
    pub fn open(path: &Path, schema_version: i64) -> Result<Reader> {
        let mut f = open_regular(path)?;
        // A zip cut short (a copy interrupted) is damage; anything else that is no zip is
        // not a bundle at all.
        let mut magic = [0u8; 4];
        let is_zip = f.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
        std::io::Seek::rewind(&mut f).map_err(|e| io(path, e))?;
        let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| {
            let what = format!("{}: not a readable bundle ({e})", path.display());
            if is_zip {
                BundleError::Damaged(what)
            } else {
                BundleError::Foreign(what)
            }
        })?;
        let manifest: Manifest = {
            let entry = zip
                .by_name("manifest.json")
                .map_err(|_| BundleError::Foreign("no manifest.json: not a SXSH bundle".into()))?;
            let value: serde_json::Value = serde_json::from_reader(entry.take(MAX_MANIFEST))
                .map_err(|e| damaged(format!("manifest.json: {e}")))?;
            if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
                return Err(BundleError::Foreign(
                    "its manifest is not that of a SXSH bundle".into(),
                ));
            }
            let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
            if version > u64::from(VERSION) {
                return Err(BundleError::Newer(format!(
                    "bundle format {version}; this version reads {VERSION}: update SXSH Field"
                )));
            }
            serde_json::from_value(value).map_err(|e| damaged(format!("manifest.json: {e}")))?
        };
        if manifest.version != VERSION {
            return Err(damaged(format!("bundle format {}", manifest.version)));
        }
        if manifest.maker.schema_version > schema_version {
            return Err(BundleError::Newer(format!(
                "its changes are of data schema {}; this version has {schema_version}: update SXSH Field",
                manifest.maker.schema_version
            )));
        }
        if manifest.ops > MAX_OPS || !is_sha256(&manifest.ops_sha256) {
            return Err(damaged("the manifest's op count or checksum"));
        }
        for (sha, size) in &manifest.photos {
            if !is_sha256(sha) || *size > MAX_PHOTO {
                return Err(damaged(format!("photo entry {sha:?} of {size} bytes")));
            }
        }
        for i in 0..zip.len() {
            let name = zip
                .name_for_index(i)
                .and_then(|n| n.ok())
                .map(|n| n.to_string())
                .unwrap_or_default();
            let known = name == "manifest.json"
                || name == "ops.jsonl"
                || name
                    .strip_prefix("photos/")
                    .is_some_and(|sha| manifest.photos.contains_key(sha));
            if !known {
                return Err(damaged(format!(
                    "an entry the manifest does not name: {name:?}"
                )));
            }
        }
        Ok(Reader { zip, manifest })
    }

    /// Refuses a bundle of another office than `office` (when both are known).
    pub fn check_office(&self, office: Option<&str>) -> Result<()> {
        match (self.manifest.maker.office.as_deref(), office) {
            (Some(theirs), Some(ours)) if theirs != ours => Err(BundleError::Foreign(format!(
                "it belongs to another programme office (server {theirs}), not this one ({ours})"
            ))),
            _ => Ok(()),
        }
    }

    /// Reads every op in pages of `page`, each parsed; `each` hears every page. The count and
    /// checksum are compared with the manifest at the end (so a caller that applies pages
    /// must have called [`Reader::verify`] first).
    pub fn ops(
        &mut self,
        page: usize,
        each: &mut dyn FnMut(Vec<ChangeOp>) -> Result<()>,
    ) -> Result<()> {
        let entry = self
            .zip
            .by_name("ops.jsonl")
            .map_err(|_| damaged("no ops.jsonl"))?;
        let mut lines = BufReader::new(entry);
        let mut hash = Sha256::new();
        let mut count = 0u64;
        let mut buf = Vec::new();
        let mut batch = Vec::with_capacity(page);
        loop {
            buf.clear();
            let n = lines
                .by_ref()
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| damaged(format!("ops.jsonl: {e}")))?;
            if n == 0 {
                break;
            }
            if n > MAX_LINE {
                return Err(damaged("ops.jsonl: a line is too long"));
            }
            hash.update(&buf);
            count += 1;
            if count > self.manifest.ops {
                return Err(damaged("ops.jsonl holds more ops than the manifest says"));
            }
            let op: ChangeOp = serde_json::from_slice(&buf)
                .map_err(|e| damaged(format!("ops.jsonl, op {count}: {e}")))?;
            batch.push(op);
            if batch.len() >= page {
                each(std::mem::replace(&mut batch, Vec::with_capacity(page)))?;
            }
        }
        if !batch.is_empty() {
            each(batch)?;
        }
        if count != self.manifest.ops {
            return Err(damaged(format!(
                "ops.jsonl holds {count} ops, the manifest says {}",
                self.manifest.ops
            )));
        }
        if hex::encode(hash.finalize()) != self.manifest.ops_sha256 {
            return Err(damaged("ops.jsonl does not match its checksum"));
        }
        Ok(())
    }

    /// Copies photo `sha` into `out`, checking its size and hash; `false` when they do not
    /// match (what was written to `out` is then to be thrown away).
    fn copy_photo(&mut self, sha: &str, out: &mut dyn Write) -> Result<bool> {
        let size = *self
            .manifest
            .photos
            .get(sha)
            .ok_or_else(|| damaged(format!("photo {sha} is not in the manifest")))?;
        let entry = self
            .zip
            .by_name(&format!("photos/{sha}"))
            .map_err(|_| damaged(format!("photo {sha} is missing")))?;
        let mut h = Hashing {
            inner: out,
            hash: Sha256::new(),
            bytes: 0,
        };
        std::io::copy(&mut entry.take(size + 1), &mut h)
            .map_err(|e| damaged(format!("photo {sha}: {e}")))?;
        Ok(h.bytes == size && hex::encode(h.hash.finalize()) == sha)
    }

    /// Checks the whole bundle: every op parses and they match their count and checksum,
    /// every photo its size and hash. Nothing is kept.
    pub fn verify(&mut self) -> Result<()> {
        self.ops(1_000, &mut |_| Ok(()))?;
        let photos: Vec<String> = self.manifest.photos.keys().cloned().collect();
        for sha in photos {
            if !self.copy_photo(&sha, &mut std::io::sink())? {
                return Err(damaged(format!("photo {sha} does not match its hash")));
            }
        }
        Ok(())
    }

    /// Writes photo `sha` to a new file `to` (checked on the way; removed when it does not
    /// match).
    pub fn extract_photo(&mut self, sha: &str, to: &Path) -> Result<()> {
        let mut f = std::fs::File::create(to).map_err(|e| io(to, e))?;
        let ok = self.copy_photo(sha, &mut f);
        let ok = match ok {
            Ok(true) => f.sync_all().map_err(|e| io(to, e)),
            Ok(false) => Err(damaged(format!("photo {sha} does not match its hash"))),
            Err(e) => Err(e),
        };
        if ok.is_err() {
            let _ = std::fs::remove_file(to);
        }
        ok
    }

    /// Photo `sha` as a reader (its size and hash are the caller's to check, e.g. by a store
    /// that names files by hash).
    pub fn photo_reader(&mut self, sha: &str) -> Result<impl Read + '_> {
        let size = self.manifest.photos.get(sha).copied().unwrap_or(0);
        let entry = self
            .zip
            .by_name(&format!("photos/{sha}"))
            .map_err(|_| damaged(format!("photo {sha} is missing")))?;
        Ok(entry.take(size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(n: u32) -> ChangeOp {
        serde_json::from_value(serde_json::json!({
            "op_id": format!("0193a000-0000-7000-8000-{n:012}"),
            "entity": "enterprise",
            "row_id": format!("0193a000-0000-7000-9000-{n:012}"),
            "kind": "upsert",
            "fields": {"name": format!("Hộ gốm số {n}")},
            "hlc": format!("{:013}-0000-dev", 1_765_000_000_000u64 + u64::from(n)),
            "base": {},
            "device_id": "dev",
            "author": "Lan",
            "at": "2026-12-06T05:00:00Z",
            "schema_version": 5,
            "created_at": "2026-12-06T05:00:00Z"
        }))
        .unwrap()
    }

    fn origin() -> Origin {
        Origin {
            schema_version: 5,
            made_by: Maker::Device,
            origin: "dev".into(),
            office: Some("office-1".into()),
            created_at: "2026-12-06T05:00:00Z".into(),
            since: 0,
        }
    }

    fn write(path: &Path, ops: &[ChangeOp], photos: &[&[u8]]) -> Manifest {
        let mut w = Writer::create(path, origin()).unwrap();
        w.ops(ops, ops.len() as i64).unwrap();
        for p in photos {
            let sha = hex::encode(Sha256::digest(p));
            w.photo(&sha, &mut &p[..]).unwrap();
        }
        w.finish().unwrap()
    }

    fn read_all(path: &Path) -> Result<Vec<ChangeOp>> {
        let mut r = Reader::open(path, 5)?;
        r.verify()?;
        let mut all = Vec::new();
        r.ops(7, &mut |page| {
            all.extend(page);
            Ok(())
        })?;
        Ok(all)
    }

    #[test]
    fn a_bundle_reads_back_the_ops_and_photos_it_was_written_with() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.sxshb");
        let ops: Vec<ChangeOp> = (0..50).map(op).collect();
        let m = write(&path, &ops, &[b"photo one", b"photo two"]);
        assert_eq!(m.ops, 50);
        assert_eq!(m.until, 50);
        assert_eq!(m.photos.len(), 2);
        assert_eq!(read_all(&path).unwrap(), ops);
        let sha = hex::encode(Sha256::digest(b"photo two"));
        let out = dir.path().join("p");
        Reader::open(&path, 5)
            .unwrap()
            .extract_photo(&sha, &out)
            .unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"photo two");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_newer_schema_another_office_or_no_bundle_at_all_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.sxshb");
        write(&path, &[op(1)], &[]);
        assert!(matches!(Reader::open(&path, 4), Err(BundleError::Newer(_))));
        let r = Reader::open(&path, 5).unwrap();
        assert!(r.check_office(Some("office-1")).is_ok());
        assert!(r.check_office(None).is_ok());
        assert!(matches!(
            r.check_office(Some("office-2")),
            Err(BundleError::Foreign(_))
        ));
        std::fs::write(dir.path().join("x.sxshb"), b"PK not a zip").unwrap();
        assert!(matches!(
            Reader::open(&dir.path().join("x.sxshb"), 5),
            Err(BundleError::Foreign(_))
        ));
        assert!(matches!(
            Reader::open(dir.path(), 5),
            Err(BundleError::NotAFile(_) | BundleError::Io { .. })
        ));
    }

    /// A bundle whose entries are written raw, with a manifest that describes `ops` ops and
    /// `photos` (hash → size) as given.
    fn crafted(path: &Path, ops_bytes: &[u8], ops: u64, photos: &[(&str, u64, &[u8])]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        zip.start_file("ops.jsonl", options()).unwrap();
        zip.write_all(ops_bytes).unwrap();
        let mut listed = BTreeMap::new();
        for (sha, size, bytes) in photos {
            zip.start_file(format!("photos/{sha}"), options()).unwrap();
            zip.write_all(bytes).unwrap();
            listed.insert(sha.to_string(), *size);
        }
        let m = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            maker: origin(),
            until: 1,
            ops,
            ops_sha256: hex::encode(Sha256::digest(ops_bytes)),
            photos: listed,
        };
        zip.start_file("manifest.json", options()).unwrap();
        zip.write_all(&serde_json::to_vec(&m).unwrap()).unwrap();
        zip.finish().unwrap();
    }

    #[test]
    fn zip_tricks_are_refused_as_damage_reading_no_more_than_each_cap() {
        let dir = tempfile::tempdir().unwrap();
        // A bomb: 80 MB of one "op" with no end of line (it compresses to about 80 KB).
        let bomb = dir.path().join("bomb.sxshb");
        let line = vec![b'a'; 80 << 20];
        crafted(&bomb, &line, 1, &[]);
        assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
        match Reader::open(&bomb, 5).unwrap().verify() {
            Err(BundleError::Damaged(m)) => assert!(m.contains("too long"), "{m}"),
            other => panic!("{other:?}"),
        }
        // A photo entry larger than the manifest says: read only up to its size (plus one
        // byte), and refused.
        let big = dir.path().join("big.sxshb");
        let bytes = vec![7u8; 1 << 20];
        let sha = hex::encode(Sha256::digest(&bytes[..10]));
        crafted(&big, b"", 0, &[(&sha, 10, &bytes)]);
        assert!(matches!(
            Reader::open(&big, 5).unwrap().verify(),
            Err(BundleError::Damaged(_))
        ));
        // More ops than the manifest says, and a manifest claiming more than the cap.
        let more = dir.path().join("more.sxshb");
        let two = format!(
            "{}\n{}\n",
            serde_json::to_string(&op(1)).unwrap(),
            serde_json::to_string(&op(2)).unwrap()
        );
        crafted(&more, two.as_bytes(), 1, &[]);
        assert!(matches!(
            Reader::open(&more, 5).unwrap().verify(),
            Err(BundleError::Damaged(_))
        ));
        let huge = dir.path().join("huge.sxshb");
        crafted(&huge, b"", MAX_OPS + 1, &[]);
        assert!(matches!(
            Reader::open(&huge, 5),
            Err(BundleError::Damaged(_))
        ));
    }

    #[test]
    fn a_photo_whose_bytes_do_not_match_its_name_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::create(&dir.path().join("b.sxshb"), origin()).unwrap();
        let sha = hex::encode(Sha256::digest(b"the real photo"));
        assert!(matches!(
            w.photo(&sha, &mut &b"another photo"[..]),
            Err(BundleError::Damaged(_))
        ));
        drop(w);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "a writer dropped unfinished leaves nothing"
        );
    }
}
