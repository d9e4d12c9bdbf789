//! Bundle files (`.sxshb`, see `sxsh_bundle`) at the office: `sxsh-server bundle import`
//! takes what a consultant brought on a USB stick through the same apply path as a push, in
//! that consultant's name and scope; `sxsh-server bundle export` writes what an account may
//! see, for a device that cannot reach the server.

use crate::blobs::{BlobState, Blobs};
use crate::db::Backend;
use crate::error::{Result, ServerError};
use crate::storage::{self, Account};
use sxsh_bundle::{BundleError, Maker, Origin, Reader, Writer};
use sxsh_sync_proto::wire::{ErrorCode, MAX_PULL_OPS, MAX_PUSH_OPS, PushStatus};

impl From<BundleError> for ServerError {
    fn from(e: BundleError) -> ServerError {
        let code = match &e {
            BundleError::Damaged(_) => ErrorCode::DamagedBundle,
            BundleError::Foreign(_) => ErrorCode::ForeignBundle,
            BundleError::Newer(_) => ErrorCode::NewerBundle,
            BundleError::NotAFile(_) => ErrorCode::BadRequest,
            BundleError::Io { .. } => ErrorCode::Internal,
        };
        ServerError::new(code, e.to_string())
    }
}

/// What an import did, op by op as a push answers.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Imported {
    pub applied: usize,
    pub duplicates: usize,
    pub conflicts: usize,
    /// Refused ops: the row and the code, as a push would refuse them for this account.
    pub rejected: Vec<(String, String, String)>,
    /// Ops under a row another device has not synced yet (import the bundle again after it
    /// has).
    pub waiting: usize,
    pub photos_added: usize,
}

fn server_id(db: &impl Backend) -> Result<String> {
    db.read(|tx| storage::meta(tx, "server_id"))?
        .ok_or_else(|| ServerError::internal("no office yet: run sxsh-server init"))
}

/// Checks the bundle `file` whole, then stores its photos and applies its ops as pushes by
/// `account` (its scope and role apply, as they would online). A damaged, foreign or newer
/// bundle changes nothing.
pub fn import(
    db: &impl Backend,
    blobs: &Blobs,
    account: &Account,
    file: &std::path::Path,
) -> Result<Imported> {
    if account.role == sxsh_sync_proto::wire::Role::Viewer {
        return Err(ServerError::new(
            ErrorCode::Forbidden,
            "a viewer account only reads",
        ));
    }
    let mut r = Reader::open(file, sxsh_domain::schema::SCHEMA_VERSION)?;
    r.check_office(Some(&server_id(db)?))?;
    r.verify()?;
    let mut sum = Imported::default();
    // Photos first: a row is never there before its photo.
    let photos: Vec<String> = r.manifest.photos.keys().cloned().collect();
    for sha in photos {
        if matches!(blobs.state(&sha)?, BlobState::Complete(_)) {
            continue;
        }
        blobs.put(&sha, &mut r.photo_reader(&sha)?)?;
        // Made now, as for an upload (devices fetch thumbnails first).
        let _ = blobs.thumbnail(&sha);
        sum.photos_added += 1;
    }
    let mut failed = None;
    r.ops(MAX_PUSH_OPS, &mut |ops| {
        let now_ms = chrono::Utc::now().timestamp_millis().max(0) as u64;
        match db.write(|tx| storage::push(tx, account, &ops, now_ms)) {
            Ok(results) => {
                for (op, res) in ops.iter().zip(results) {
                    match res.status {
                        PushStatus::Applied => sum.applied += 1,
                        PushStatus::Duplicate => sum.duplicates += 1,
                        PushStatus::Conflict => {
                            sum.applied += 1;
                            sum.conflicts += 1;
                        }
                        PushStatus::Rejected {
                            code: sxsh_sync_proto::RejectCode::Waiting,
                            ..
                        } => sum.waiting += 1,
                        PushStatus::Rejected { code, .. } => sum.rejected.push((
                            op.entity.clone(),
                            op.row_id.clone(),
                            code.as_str().to_string(),
                        )),
                    }
                }
                Ok(())
            }
            Err(e) => {
                failed = Some(e);
                Err(BundleError::Damaged("stopped".into()))
            }
        }
    })
    .map_err(|e| failed.take().unwrap_or_else(|| e.into()))?;
    Ok(sum)
}

/// Writes what `account` may see after server sequence `since` (0: everything), with the
/// photos of it, to the bundle `out`.
pub fn export(
    db: &impl Backend,
    blobs: &Blobs,
    account: &Account,
    since: i64,
    out: &std::path::Path,
) -> Result<sxsh_bundle::Manifest> {
    let id = server_id(db)?;
    let mut w = Writer::create(
        out,
        Origin {
            schema_version: sxsh_domain::schema::SCHEMA_VERSION,
            made_by: Maker::Server,
            origin: id.clone(),
            office: Some(id),
            created_at: storage::now_text(),
            since,
        },
    )?;
    let mut after = since;
    let mut photos = Vec::new();
    loop {
        let (page, _) = db.read(|tx| storage::pull(tx, account, after, MAX_PULL_OPS))?;
        let Some(last) = page.last().map(|o| o.seq) else {
            break;
        };
        let ops: Vec<_> = page.into_iter().map(|o| o.op).collect();
        photos.extend(sxsh_bundle::photos_named(&ops));
        w.ops(&ops, last)?;
        after = last;
    }
    photos.sort();
    photos.dedup();
    for sha in photos {
        // A photo whose device has not sent its bytes yet is left out.
        if matches!(blobs.state(&sha)?, BlobState::Complete(_)) {
            w.photo(&sha, &mut blobs.open(&sha)?)?;
        }
    }
    Ok(w.finish()?)
}
