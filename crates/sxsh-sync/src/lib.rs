//! Sync client of SXSH Field: pushes the ops made on this device to the programme office's
//! server and applies what the server has from others, through the store's one write path
//! (`Store::changes_since` / `Store::apply_remote`).
//!
//! A sync is push, then pull, in pages. The store is reached through [`Local`], one short call
//! at a time, so no lock is held while the network is waited on. The cursors move only after
//! what they cover is safely stored: a run cut anywhere (no network, the server killed, the
//! app closed) repeats some work the next time, which the op ids make harmless, and loses
//! nothing.

pub mod client;
pub mod error;
pub mod tls;

pub use client::Client;
pub use error::{Result, SyncError};

use serde::{Deserialize, Serialize};
use sxsh_store::Store;
use sxsh_store::sync::{ChangePage, OpStatus};
use sxsh_sync_proto::ChangeOp;
use sxsh_sync_proto::wire::{
    AccountInfo, LoginRequest, MAX_PULL_OPS, MAX_PUSH_OPS, PushRequest, PushStatus,
};

/// Version of this client, sent with every login and push.
pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Keys of the sync state in the store's settings.
pub mod key {
    pub const SERVER: &str = "sync.server";
    pub const SERVER_ID: &str = "sync.server_id";
    pub const TOKEN: &str = "sync.token";
    pub const ACCOUNT: &str = "sync.account";
    pub const PUSHED: &str = "sync.push_cursor";
    pub const PULLED: &str = "sync.pull_cursor";
    pub const EPOCH: &str = "sync.scope_epoch";
    pub const LAST: &str = "sync.last";
    pub const REJECTED: &str = "sync.rejected";
    /// Hashes of the photos the server has whole (so they are not asked about again).
    pub const UPLOADED: &str = "sync.photos_uploaded";
    /// The server's generation at the last sync (see `ServerInfo::generation`).
    pub const GENERATION: &str = "sync.generation";
    /// Ids of pushed ops the server answered `waiting` (their row or parent is not there yet):
    /// sent again at every sync until it places them.
    pub const WAITING: &str = "sync.waiting_ops";
    /// The fingerprint of the server's certificate a person confirmed at login (empty: the
    /// system's roots are trusted, or plain HTTP on loopback).
    pub const PIN: &str = "sync.tls_pin";
}

/// What the sync needs of the device's store, one short call at a time.
pub trait Local {
    /// Ops made on this device after `cursor` (see `Store::changes_since`).
    fn local_changes(&self, cursor: i64, limit: usize) -> Result<ChangePage>;
    /// Applies ops of other devices (see `Store::apply_remote`).
    fn apply(&self, ops: &[ChangeOp]) -> Result<Vec<OpStatus>>;
    /// The ops with these ids, in the order they were made (see `Store::ops_by_id`).
    fn ops_by_id(&self, ids: &[String]) -> Result<Vec<ChangeOp>>;
    fn setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;
    fn device_id(&self) -> Result<String>;
    /// Fields waiting for a person to choose between versions.
    fn conflict_count(&self) -> Result<usize>;
    /// The hashes of the files of every live attachment.
    fn attachment_hashes(&self) -> Result<Vec<String>>;
    /// The data folder (photo files live under `attachments/`).
    fn data_dir(&self) -> Result<std::path::PathBuf>;
}

impl Local for std::sync::Mutex<Store> {
    fn local_changes(&self, cursor: i64, limit: usize) -> Result<ChangePage> {
        Ok(lock(self)?.changes_since(cursor, limit, true)?)
    }
    fn apply(&self, ops: &[ChangeOp]) -> Result<Vec<OpStatus>> {
        Ok(lock(self)?.apply_remote(ops)?)
    }
    fn ops_by_id(&self, ids: &[String]) -> Result<Vec<ChangeOp>> {
        Ok(lock(self)?.ops_by_id(ids)?)
    }
    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(lock(self)?.setting(key)?)
    }
    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        Ok(lock(self)?.set_setting(key, value)?)
    }
    fn device_id(&self) -> Result<String> {
        Ok(lock(self)?.device_id().to_string())
    }
    fn conflict_count(&self) -> Result<usize> {
        Ok(lock(self)?.conflicts()?.len())
    }
    fn attachment_hashes(&self) -> Result<Vec<String>> {
        Ok(lock(self)?.attachment_hashes()?)
    }
    fn data_dir(&self) -> Result<std::path::PathBuf> {
        Ok(lock(self)?.data_dir().to_path_buf())
    }
}

fn lock(m: &std::sync::Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>> {
    m.lock()
        .map_err(|_| SyncError::Protocol("store lock poisoned".into()))
}

/// A pushed op the server refused, kept for the user to see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rejected {
    pub op_id: String,
    pub entity: String,
    pub row_id: String,
    /// The protocol's code (`out_of_scope`, `clock_skew`, …).
    pub code: String,
    pub message: String,
}

impl Rejected {
    /// `op` refused with `code`.
    fn of(op: &ChangeOp, code: sxsh_sync_proto::RejectCode, message: &str) -> Rejected {
        Rejected {
            op_id: op.op_id.clone(),
            entity: op.entity.clone(),
            row_id: op.row_id.clone(),
            code: code.as_str().to_string(),
            message: message.to_string(),
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Summary {
    pub pushed: usize,
    pub push_duplicates: usize,
    pub push_conflicts: usize,
    pub push_rejected: usize,
    /// Ops the server could not place yet (made under a row another device has not synced);
    /// sent again at the next sync.
    pub push_waiting: usize,
    pub pulled: usize,
    pub pull_applied: usize,
    pub pull_duplicates: usize,
    /// Ops kept aside until their parent row arrives.
    pub pull_pending: usize,
    pub pull_rejected: usize,
    /// Fields in conflict on this device after the sync.
    pub conflicts: usize,
    /// Photos sent to the server, and originals received from it (a sync fetches thumbnails;
    /// an original comes when the photo is opened, see [`fetch_original`]).
    pub photos_sent: usize,
    pub photos_received: usize,
    /// Thumbnails received for photos whose originals stay on the server until opened.
    pub thumbnails_received: usize,
    /// Photos of rows here whose bytes the server does not have yet (their device has not
    /// synced them); fetched by a later sync.
    pub photos_waiting: usize,
}

/// Where a sync stands, for a progress line or bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// `done` of this device's ops sent (`total` is known after the last page).
    Push { done: usize },
    /// `done` ops received, `remaining` still waiting on the server.
    Pull { done: usize, remaining: u64 },
    /// Photo `done` of `total` sent or received.
    Photos { done: usize, total: usize },
}

/// The sync state of this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub server: Option<String>,
    /// The fingerprint of the server's certificate pinned at login, if any.
    pub pinned: Option<String>,
    pub account: Option<AccountInfo>,
    /// Ops made here that the server has not acknowledged yet.
    pub waiting: usize,
    pub conflicts: usize,
    pub rejected: Vec<Rejected>,
    /// The last sync that finished: when (RFC 3339) and what it did.
    pub last: Option<(String, Summary)>,
}

fn int_setting(local: &dyn Local, key: &str) -> Result<i64> {
    Ok(local
        .setting(key)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// The certificates this device accepts from its server: the pinned one, if any.
fn trust(local: &dyn Local) -> Result<tls::Trust> {
    Ok(match local.setting(key::PIN)?.filter(|p| !p.is_empty()) {
        Some(pin) => tls::Trust::Pinned(pin),
        None => tls::Trust::System,
    })
}

/// Logs in to the server at `server` and keeps the token; a device that synced with another
/// server before is refused (its cursors would mean nothing there).
///
/// Over HTTPS, the server's certificate must be the one pinned before, or `fingerprint` (a
/// person compared it with the office's and confirmed it; it is pinned from then on), or one
/// the system trusts. Otherwise [`SyncError::UnknownCertificate`] tells its fingerprint, to be
/// shown for confirmation, and nothing is sent.
pub fn login(
    local: &dyn Local,
    server: &str,
    login: &str,
    password: &str,
    fingerprint: Option<&str>,
) -> Result<AccountInfo> {
    tls::check_address(server).map_err(SyncError::Insecure)?;
    let trust = match fingerprint {
        Some(f) => {
            tls::Trust::Pinned(sxsh_sync_proto::fingerprint::normalize(f).ok_or_else(|| {
                SyncError::Insecure(format!(
                    "{f}: not a certificate fingerprint (SHA256: and 32 hex pairs)"
                ))
            })?)
        }
        None => trust(local)?,
    };
    let client = Client::new(server, trust.clone());
    let resp = client.login(&LoginRequest {
        login: login.to_string(),
        password: password.to_string(),
        device_id: local.device_id()?,
        client_version: CLIENT_VERSION.to_string(),
    })?;
    if let Some(known) = local.setting(key::SERVER_ID)?
        && known != resp.server.server_id
    {
        return Err(SyncError::Protocol(format!(
            "this device syncs with another server ({known}); a second server is not supported"
        )));
    }
    local.set_setting(key::SERVER_ID, &resp.server.server_id)?;
    if local.setting(key::GENERATION)?.is_none() {
        local.set_setting(key::GENERATION, &resp.server.generation.to_string())?;
    }
    local.set_setting(key::SERVER, server.trim_end_matches('/'))?;
    if let tls::Trust::Pinned(pin) = &trust {
        local.set_setting(key::PIN, pin)?;
    }
    local.set_setting(key::TOKEN, &resp.token)?;
    local.set_setting(
        key::ACCOUNT,
        &serde_json::to_string(&resp.account).unwrap_or_default(),
    )?;
    Ok(resp.account)
}

/// Ends the session on the server (when reachable) and forgets the token.
pub fn logout(local: &dyn Local) -> Result<()> {
    if let (Some(server), Some(token)) = (local.setting(key::SERVER)?, local.setting(key::TOKEN)?)
        && !token.is_empty()
    {
        // Offline: the token is forgotten here and expires there.
        let _ = Client::new(&server, trust(local)?).logout(&token);
    }
    local.set_setting(key::TOKEN, "")
}

fn session(local: &dyn Local) -> Result<(Client, String)> {
    let server = local.setting(key::SERVER)?.ok_or(SyncError::NotLoggedIn)?;
    let token = local
        .setting(key::TOKEN)?
        .filter(|t| !t.is_empty())
        .ok_or(SyncError::NotLoggedIn)?;
    tls::check_address(&server).map_err(SyncError::Insecure)?;
    Ok((Client::new(&server, trust(local)?), token))
}

/// After the server was restored from a backup (its generation changed), what this device
/// sent or received since that backup may be gone from it: send everything again (the
/// server skips what it holds as duplicates), photos included, and pull from the start.
fn follow_restore(local: &dyn Local, client: &Client) -> Result<()> {
    let now = client.info()?.generation.to_string();
    match local.setting(key::GENERATION)? {
        Some(known) if known == now => return Ok(()),
        Some(_) => {
            local.set_setting(key::PUSHED, "0")?;
            local.set_setting(key::PULLED, "0")?;
            local.set_setting(key::UPLOADED, "[]")?;
        }
        None => {}
    }
    local.set_setting(key::GENERATION, &now)
}

/// A setting holding JSON (an empty value when it is unset or does not parse).
fn json_setting<T: serde::de::DeserializeOwned + Default>(
    local: &dyn Local,
    key: &str,
) -> Result<T> {
    Ok(local
        .setting(key)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

/// Pushes `ops` and counts the answers into `sum`: refused ops go to the list the user sees,
/// those the server cannot place yet to `waiting`.
fn push_page(
    local: &dyn Local,
    client: &Client,
    token: &str,
    device_id: &str,
    ops: &[ChangeOp],
    sum: &mut Summary,
    waiting: &mut Vec<String>,
) -> Result<()> {
    let resp = client.push(
        token,
        &PushRequest {
            device_id: device_id.to_string(),
            client_version: CLIENT_VERSION.to_string(),
            ops: ops.to_vec(),
        },
    )?;
    if resp.results.len() != ops.len() {
        return Err(SyncError::Protocol(format!(
            "{} results for {} ops",
            resp.results.len(),
            ops.len()
        )));
    }
    let mut rejected = Vec::new();
    for (op, r) in ops.iter().zip(&resp.results) {
        match &r.status {
            PushStatus::Applied => sum.pushed += 1,
            PushStatus::Duplicate => sum.push_duplicates += 1,
            PushStatus::Conflict => {
                sum.pushed += 1;
                sum.push_conflicts += 1;
            }
            PushStatus::Rejected {
                code: sxsh_sync_proto::RejectCode::Waiting,
                ..
            } => waiting.push(op.op_id.clone()),
            PushStatus::Rejected { code, message } => {
                sum.push_rejected += 1;
                rejected.push(Rejected::of(op, *code, message));
            }
        }
    }
    add_rejected(local, rejected)
}

fn add_rejected(local: &dyn Local, more: Vec<Rejected>) -> Result<()> {
    if more.is_empty() {
        return Ok(());
    }
    let mut list: Vec<Rejected> = local
        .setting(key::REJECTED)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    for r in more {
        if !list.iter().any(|x| x.op_id == r.op_id) {
            list.push(r);
        }
    }
    local.set_setting(
        key::REJECTED,
        &serde_json::to_string(&list).unwrap_or_default(),
    )
}

/// Pushes every op made here that the server has not acknowledged, then pulls every op the
/// server has for this account, each in pages; `progress` hears after every page.
pub fn sync(local: &dyn Local, progress: &mut dyn FnMut(Progress)) -> Result<Summary> {
    let (client, token) = session(local)?;
    let device_id = local.device_id()?;
    let mut sum = Summary::default();
    follow_restore(local, &client)?;

    // Photos first, so no other device receives a photo row before its bytes are there.
    upload_photos(local, &client, &token, &mut sum, progress)?;

    // Push: first what the server could not place last time, then what is new.
    let save = |ids: &[String]| {
        local.set_setting(
            key::WAITING,
            &serde_json::to_string(ids).unwrap_or_default(),
        )
    };
    let before: Vec<String> = json_setting(local, key::WAITING)?;
    let again = local.ops_by_id(&before)?;
    let mut waiting = Vec::new();
    for (i, chunk) in again.chunks(MAX_PUSH_OPS).enumerate() {
        push_page(
            local,
            &client,
            &token,
            &device_id,
            chunk,
            &mut sum,
            &mut waiting,
        )?;
        // What still waits, and what was not sent again yet (a cut sync loses neither).
        let unsent = again
            .iter()
            .skip((i + 1) * MAX_PUSH_OPS)
            .map(|op| op.op_id.clone());
        save(&waiting.iter().cloned().chain(unsent).collect::<Vec<_>>())?;
    }
    let send = |ops: &[ChangeOp], sum: &mut Summary, waiting: &mut Vec<String>| {
        push_page(local, &client, &token, &device_id, ops, sum, waiting)?;
        // Saved before the push cursor moves past the ops it lists.
        save(waiting)
    };
    let mut cursor = int_setting(local, key::PUSHED)?;
    loop {
        let page = local.local_changes(cursor, MAX_PUSH_OPS)?;
        if page.ops.is_empty() {
            break;
        }
        let ops: Vec<ChangeOp> = page.ops.iter().map(|(_, op)| op.clone()).collect();
        send(&ops, &mut sum, &mut waiting)?;
        cursor = page.next_cursor;
        local.set_setting(key::PUSHED, &cursor.to_string())?;
        progress(Progress::Push {
            done: sum.pushed + sum.push_duplicates + sum.push_rejected + sum.push_waiting,
        });
    }
    sum.push_waiting = waiting.len();

    // Pull.
    let mut after = int_setting(local, key::PULLED)?;
    let mut epoch = local.setting(key::EPOCH)?;
    loop {
        let page = client.pull(&token, after, MAX_PULL_OPS)?;
        let now = page.scope_epoch.to_string();
        if epoch.as_deref() != Some(now.as_str()) {
            local.set_setting(key::EPOCH, &now)?;
            epoch = Some(now);
            if after != 0 {
                // What this account may see changed: start again from the beginning (what
                // is here already comes back as duplicates).
                after = 0;
                local.set_setting(key::PULLED, "0")?;
                continue;
            }
        }
        if !page.ops.is_empty() {
            let ops: Vec<ChangeOp> = page.ops.iter().map(|s| s.op.clone()).collect();
            let status = local.apply(&ops)?;
            let mut rejected = Vec::new();
            for (op, st) in ops.iter().zip(status) {
                sum.pulled += 1;
                match st {
                    OpStatus::Applied | OpStatus::Conflict => sum.pull_applied += 1,
                    OpStatus::Duplicate => sum.pull_duplicates += 1,
                    OpStatus::Pending => sum.pull_pending += 1,
                    OpStatus::Rejected(code) => {
                        sum.pull_rejected += 1;
                        rejected.push(Rejected::of(op, code, "refused on this device"));
                    }
                }
            }
            add_rejected(local, rejected)?;
        }
        after = page.next;
        local.set_setting(key::PULLED, &after.to_string())?;
        progress(Progress::Pull {
            done: sum.pulled,
            remaining: page.remaining,
        });
        if !page.more {
            break;
        }
    }
    download_photos(local, &client, &token, &mut sum, progress)?;
    sum.conflicts = local.conflict_count()?;
    let now = sxsh_store::write::now_text();
    local.set_setting(
        key::LAST,
        &serde_json::to_string(&(now, &sum)).unwrap_or_default(),
    )?;
    Ok(sum)
}

/// Size of one photo upload chunk: a dropped connection costs at most this much again.
pub const PHOTO_CHUNK: usize = 1024 * 1024;

/// Sends every photo file the server does not have whole, resuming where it stopped.
fn upload_photos(
    local: &dyn Local,
    client: &Client,
    token: &str,
    sum: &mut Summary,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let dir = local.data_dir()?;
    let mut done: std::collections::BTreeSet<String> = local
        .setting(key::UPLOADED)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let todo: Vec<String> = local
        .attachment_hashes()?
        .into_iter()
        .filter(|sha| !done.contains(sha))
        .filter(|sha| sxsh_store::attachments::path_for(&dir, sha).exists())
        .collect();
    for (i, sha) in todo.iter().enumerate() {
        // Read and checked like any other use of the file (a damaged file is not sent).
        let bytes = sxsh_store::attachments::get(&dir, sha)?;
        let mut offset = match client.blob_head(token, sha)? {
            Some((_, true)) => None,
            Some((n, false)) => Some(n),
            None => Some(0),
        };
        // Counted as sent only when bytes went (not when the server had it whole already).
        let sending = offset.is_some();
        let mut retries = 0;
        while let Some(at) = offset {
            let end = (at as usize + PHOTO_CHUNK).min(bytes.len());
            match client.blob_put(token, sha, at, bytes.len() as u64, &bytes[at as usize..end]) {
                Ok(st) if st.complete => offset = None,
                Ok(st) => offset = Some(st.received),
                // Another upload moved on meanwhile: ask where it stands.
                Err(SyncError::Server {
                    code: sxsh_sync_proto::wire::ErrorCode::BadOffset,
                    ..
                }) if retries < 3 => {
                    retries += 1;
                    offset = match client.blob_head(token, sha)? {
                        Some((_, true)) => None,
                        Some((n, false)) => Some(n),
                        None => Some(0),
                    };
                }
                Err(e) => return Err(e),
            }
        }
        if sending {
            sum.photos_sent += 1;
        }
        done.insert(sha.clone());
        local.set_setting(
            key::UPLOADED,
            &serde_json::to_string(&done).unwrap_or_default(),
        )?;
        progress(Progress::Photos {
            done: i + 1,
            total: todo.len(),
        });
    }
    Ok(())
}

/// Fetches the thumbnail of every photo row here whose original is not here and that has no
/// thumbnail yet: a programme's photos cost kilobytes each at first; an original comes when
/// the photo is opened ([`fetch_original`]). A photo the server cannot make a thumbnail of is
/// fetched whole.
fn download_photos(
    local: &dyn Local,
    client: &Client,
    token: &str,
    sum: &mut Summary,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    use sxsh_store::attachments::{copy_path, path_for, put_display_copy};
    let dir = local.data_dir()?;
    let edge = sxsh_photo::THUMB_LONG_EDGE;
    let missing: Vec<String> = local
        .attachment_hashes()?
        .into_iter()
        .filter(|sha| !path_for(&dir, sha).exists())
        .filter(|sha| !copy_path(&dir, sha, edge, false).exists())
        .collect();
    for (i, sha) in missing.iter().enumerate() {
        match client.blob_thumb(token, sha) {
            // Only a JPEG of the thumbnail's size is kept (the server is not trusted blindly).
            Ok(jpeg) if sxsh_photo::jpeg_size(&jpeg).is_ok_and(|(w, h)| w.max(h) <= edge) => {
                put_display_copy(&dir, sha, edge, &jpeg)?;
                sum.thumbnails_received += 1;
            }
            Ok(_)
            | Err(SyncError::Server {
                code: sxsh_sync_proto::wire::ErrorCode::BadRequest,
                ..
            }) => {
                download_original(&dir, client, token, sha)?;
                sum.photos_received += 1;
            }
            Err(SyncError::Server {
                code: sxsh_sync_proto::wire::ErrorCode::NotFound,
                ..
            }) => sum.photos_waiting += 1,
            Err(e) => return Err(e),
        }
        progress(Progress::Photos {
            done: i + 1,
            total: missing.len(),
        });
    }
    Ok(())
}

/// Fetches the original of photo `sha` from the server (when it is opened, or a report needs
/// it), resuming a partial download; nothing to do when it is here already.
pub fn fetch_original(local: &dyn Local, sha: &str) -> Result<()> {
    let dir = local.data_dir()?;
    if sxsh_store::attachments::path_for(&dir, sha).exists() {
        return Ok(());
    }
    let (client, token) = session(local)?;
    download_original(&dir, &client, &token, sha)
}

/// Downloads the original of `sha` into the data folder `dir`, resuming a partial download
/// kept beside it, checked against the hash before it takes its name.
fn download_original(dir: &std::path::Path, client: &Client, token: &str, sha: &str) -> Result<()> {
    // Partial downloads wait beside the data, outside `attachments/` (which holds only
    // checked files named by their hash).
    let partial_dir = dir.join(".sync-partial");
    std::fs::create_dir_all(&partial_dir)
        .map_err(|e| sxsh_store::StoreError::io(&partial_dir, e))?;
    let part = partial_dir.join(sha);
    let have = std::fs::metadata(&part).map_or(0, |m| m.len());
    let bytes = client.blob_get(token, sha, have)?;
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&part)
            .map_err(|e| sxsh_store::StoreError::io(&part, e))?;
        f.write_all(&bytes)
            .map_err(|e| sxsh_store::StoreError::io(&part, e))?;
        f.sync_all()
            .map_err(|e| sxsh_store::StoreError::io(&part, e))?;
    }
    let whole = std::fs::read(&part).map_err(|e| sxsh_store::StoreError::io(&part, e))?;
    if sxsh_store::attachments::sha256_hex(&whole) != *sha {
        // Damaged on the way (or a stale partial file): start again next time.
        let _ = std::fs::remove_file(&part);
        return Err(SyncError::Protocol(format!(
            "photo {sha} arrived damaged; it is fetched again next time"
        )));
    }
    Ok(sxsh_store::attachments::put_file(dir, sha, &part)?)
}

/// This device's sync state.
pub fn status(local: &dyn Local) -> Result<Status> {
    let cursor = int_setting(local, key::PUSHED)?;
    let mut waiting = 0;
    let mut after = cursor;
    loop {
        let page = local.local_changes(after, 10_000)?;
        if page.ops.is_empty() {
            break;
        }
        waiting += page.ops.len();
        after = page.next_cursor;
    }
    waiting += json_setting::<Vec<String>>(local, key::WAITING)?.len();
    let token = local.setting(key::TOKEN)?.filter(|t| !t.is_empty());
    Ok(Status {
        server: local.setting(key::SERVER)?,
        pinned: local.setting(key::PIN)?.filter(|p| !p.is_empty()),
        account: token
            .and(local.setting(key::ACCOUNT)?)
            .and_then(|s| serde_json::from_str(&s).ok()),
        waiting,
        conflicts: local.conflict_count()?,
        rejected: local
            .setting(key::REJECTED)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        last: local
            .setting(key::LAST)?
            .and_then(|s| serde_json::from_str(&s).ok()),
    })
}
