//! Bundle files (`.sxshb`, see `sxsh_bundle`) on a device: what a consultant carries to the
//! office, or brings back from it, where there is no network. Export writes the ops this
//! device holds (its own and those it received) and their photos; import checks the whole
//! file first, then stores the photos and applies the ops through `Store::apply_remote`, the
//! same idempotent path a sync pull takes (importing twice changes nothing).

use crate::Api;
use crate::error::{ApiError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use sxsh_bundle::{BundleError, Maker, Origin, Reader, Writer};
use sxsh_store::sync::OpStatus;

/// Ops read from the store (and applied) per step: the store's lock is held one step at a time.
const PAGE: usize = 2_000;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BundleExported {
    #[ts(type = "number")]
    pub ops: u64,
    pub photos: usize,
    /// Photos whose rows are in the bundle but whose files are not on this device yet.
    pub photos_missing: usize,
    /// The cursor to give `--since` next time to carry only what is newer.
    #[ts(type = "number")]
    pub until: i64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BundleImported {
    /// `device` or `server`, and its id.
    pub made_by: String,
    pub origin: String,
    pub created_at: String,
    pub applied: usize,
    pub duplicates: usize,
    /// Fields left in conflict for a person (see `conflicts.list`).
    pub conflicts: usize,
    /// Ops kept aside until their parent row arrives.
    pub pending: usize,
    pub rejected: usize,
    pub photos_added: usize,
}

impl From<BundleError> for ApiError {
    fn from(e: BundleError) -> ApiError {
        let message = e.to_string();
        let code = match &e {
            BundleError::Damaged(_) => ErrorCode::BundleDamaged,
            BundleError::Foreign(_) => ErrorCode::BundleForeign,
            BundleError::Newer(_) => ErrorCode::BundleNewerVersion,
            BundleError::NotAFile(_) => ErrorCode::NotARegularFile,
            BundleError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ErrorCode::FileNotFound,
                std::io::ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
                std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
                _ => ErrorCode::Io,
            },
        };
        ApiError::new(code, message)
    }
}

impl Api {
    /// The office server this device syncs with, if it has logged in to one.
    fn office_id(&self) -> Result<Option<String>> {
        self.with(|s| Ok(s.setting(sxsh_sync::key::SERVER_ID)?))
    }

    /// Writes the ops this device holds after change-log position `since` (0: everything)
    /// and the photos they name to the bundle `out`.
    pub fn bundle_export(&self, out: &Path, since: i64) -> Result<BundleExported> {
        self.with(|s| Ok(s.check_output(out, false)?))?;
        let (device, office) = (
            self.with(|s| Ok(s.device_id().to_string()))?,
            self.office_id()?,
        );
        let mut w = Writer::create(
            out,
            Origin {
                schema_version: sxsh_domain::schema::SCHEMA_VERSION,
                made_by: Maker::Device,
                origin: device,
                office,
                created_at: sxsh_store::write::now_text(),
                since,
            },
        )?;
        let mut cursor = since;
        let mut photos = Vec::new();
        loop {
            let page = self.with(|s| Ok(s.changes_since(cursor, PAGE, false)?))?;
            if page.ops.is_empty() {
                break;
            }
            let ops: Vec<_> = page.ops.into_iter().map(|(_, op)| op).collect();
            photos.extend(sxsh_bundle::photos_named(&ops));
            w.ops(&ops, page.next_cursor)?;
            cursor = page.next_cursor;
        }
        photos.sort();
        photos.dedup();
        let dir = self.data_dir().to_path_buf();
        let mut missing = 0;
        for sha in &photos {
            // Read and checked like any use of the file; one not fetched yet is left out.
            match sxsh_store::attachments::get(&dir, sha) {
                Ok(bytes) => w.photo(sha, &mut &bytes[..])?,
                Err(sxsh_store::StoreError::AttachmentMissing { .. }) => missing += 1,
                Err(e) => return Err(e.into()),
            }
        }
        let m = w.finish()?;
        Ok(BundleExported {
            ops: m.ops,
            photos: m.photos.len(),
            photos_missing: missing,
            until: m.until,
        })
    }

    /// Checks the bundle `file` whole, then stores its photos and applies its ops. A damaged
    /// bundle, one of another office or of a newer version changes nothing.
    pub fn bundle_import(&self, file: &Path) -> Result<BundleImported> {
        let mut r = Reader::open(file, sxsh_domain::schema::SCHEMA_VERSION)?;
        r.check_office(self.office_id()?.as_deref())?;
        r.verify()?;
        let m = r.manifest.clone();
        let mut sum = BundleImported {
            made_by: match m.maker.made_by {
                Maker::Device => "device".into(),
                Maker::Server => "server".into(),
            },
            origin: m.maker.origin.clone(),
            created_at: m.maker.created_at.clone(),
            ..BundleImported::default()
        };
        // Photos first, so no row is there before its file.
        let dir = self.data_dir().to_path_buf();
        let staging = dir.join(".bundle-partial");
        for sha in m.photos.keys() {
            if sxsh_store::attachments::get(&dir, sha).is_ok() {
                continue;
            }
            std::fs::create_dir_all(&staging)
                .map_err(|e| ApiError::from(sxsh_store::StoreError::io(&staging, e)))?;
            let part = staging.join(sha);
            r.extract_photo(sha, &part)?;
            sxsh_store::attachments::put_file(&dir, sha, &part)?;
            sum.photos_added += 1;
        }
        let _ = std::fs::remove_dir(&staging);
        let mut failed = None;
        r.ops(PAGE, &mut |ops| {
            let status = match self.with(|s| Ok(s.apply_remote(&ops)?)) {
                Ok(st) => st,
                Err(e) => {
                    failed = Some(e);
                    return Err(BundleError::Damaged("stopped".into()));
                }
            };
            for st in status {
                match st {
                    OpStatus::Applied => sum.applied += 1,
                    OpStatus::Conflict => {
                        sum.applied += 1;
                        sum.conflicts += 1;
                    }
                    OpStatus::Duplicate => sum.duplicates += 1,
                    OpStatus::Pending => sum.pending += 1,
                    OpStatus::Rejected(_) => sum.rejected += 1,
                }
            }
            Ok(())
        })
        .map_err(|e| failed.take().unwrap_or_else(|| e.into()))?;
        Ok(sum)
    }
}
