//! Sync with the programme office's server (the `sxsh-sync` client) as use cases of the facade:
//! log in, sync now, status. The store is locked for each short step only, never while the
//! network is waited on, so saves made during a sync are not held up.

use crate::Api;
use crate::error::{ApiError, ErrorCode, Result};
use sxsh_store::Store;
use sxsh_store::sync::{ChangePage, OpStatus};
use sxsh_sync::{Local, SyncError};
pub use sxsh_sync::{Progress, Rejected, Status, Summary};
use sxsh_sync_proto::ChangeOp;
use sxsh_sync_proto::wire::{AccountInfo, ErrorCode as WireCode};

/// The facade's store as the sync client sees it.
struct ApiLocal<'a>(&'a Api);

impl ApiLocal<'_> {
    fn store<R>(
        &self,
        f: impl FnOnce(&mut Store) -> sxsh_store::Result<R>,
    ) -> sxsh_sync::Result<R> {
        let mut out = None;
        self.0
            .with(|s| {
                out = Some(f(s));
                Ok(())
            })
            .map_err(|e| SyncError::Protocol(e.message))?;
        out.expect("ran").map_err(SyncError::from)
    }
}

impl Local for ApiLocal<'_> {
    fn local_changes(&self, cursor: i64, limit: usize) -> sxsh_sync::Result<ChangePage> {
        self.store(|s| s.changes_since(cursor, limit, true))
    }
    fn apply(&self, ops: &[ChangeOp]) -> sxsh_sync::Result<Vec<OpStatus>> {
        self.store(|s| s.apply_remote(ops))
    }
    fn ops_by_id(&self, ids: &[String]) -> sxsh_sync::Result<Vec<ChangeOp>> {
        self.store(|s| s.ops_by_id(ids))
    }
    fn setting(&self, key: &str) -> sxsh_sync::Result<Option<String>> {
        self.store(|s| s.setting(key))
    }
    fn set_setting(&self, key: &str, value: &str) -> sxsh_sync::Result<()> {
        self.store(|s| s.set_setting(key, value))
    }
    fn device_id(&self) -> sxsh_sync::Result<String> {
        self.store(|s| Ok(s.device_id().to_string()))
    }
    fn conflict_count(&self) -> sxsh_sync::Result<usize> {
        self.store(|s| Ok(s.conflicts()?.len()))
    }
    fn attachment_hashes(&self) -> sxsh_sync::Result<Vec<String>> {
        self.store(|s| s.attachment_hashes())
    }
    fn data_dir(&self) -> sxsh_sync::Result<std::path::PathBuf> {
        Ok(self.0.data_dir().to_path_buf())
    }
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> ApiError {
        let message = e.to_string();
        let code = match e {
            SyncError::Store(s) => return ApiError::from(s),
            SyncError::UnknownCertificate { fingerprint } => {
                return ApiError::new(ErrorCode::SyncUnknownCertificate, message)
                    .with_detail(fingerprint);
            }
            SyncError::CertificateChanged { presented, .. } => {
                return ApiError::new(ErrorCode::SyncCertificateChanged, message)
                    .with_detail(presented);
            }
            SyncError::Insecure(_) => ErrorCode::SyncInsecure,
            SyncError::Network(_) => ErrorCode::SyncOffline,
            SyncError::NotLoggedIn => ErrorCode::SyncLoginNeeded,
            SyncError::Protocol(_) => ErrorCode::SyncRefused,
            SyncError::Server { code, .. } => match code {
                WireCode::Unauthorized | WireCode::TokenExpired | WireCode::BadCredentials => {
                    ErrorCode::SyncLoginNeeded
                }
                WireCode::RateLimited => ErrorCode::SyncRateLimited,
                WireCode::ClientTooOld => ErrorCode::SyncClientTooOld,
                WireCode::Internal => ErrorCode::SyncOffline,
                _ => ErrorCode::SyncRefused,
            },
        };
        ApiError::new(code, message)
    }
}

impl Api {
    /// Logs this device in to the sync server at `server` (`https://host:port`; plain
    /// `http://` on loopback only). `fingerprint`: the server certificate's, as the user
    /// confirmed it (see [`sxsh_sync::login`]).
    pub fn sync_login(
        &self,
        server: &str,
        login: &str,
        password: &str,
        fingerprint: Option<&str>,
    ) -> Result<AccountInfo> {
        let account = sxsh_sync::login(&ApiLocal(self), server, login, password, fingerprint)?;
        self.adopt_account_name(&account.display_name)?;
        Ok(account)
    }

    /// Ends the session with the sync server.
    pub fn sync_logout(&self) -> Result<()> {
        Ok(sxsh_sync::logout(&ApiLocal(self))?)
    }

    /// Pushes what was made here, then pulls what others made; `progress` hears after every
    /// page. Screens refresh through [`Api::changes`] as pulled rows land.
    pub fn sync_now(&self, progress: &mut dyn FnMut(Progress)) -> Result<Summary> {
        Ok(sxsh_sync::sync(&ApiLocal(self), progress)?)
    }

    /// Makes sure the original of photo `sha` is in the data folder: a sync brings thumbnails,
    /// the original is fetched from the office server when the photo is opened or printed.
    /// Without a session or a connection, `ATTACHMENT_MISSING` says so.
    pub fn ensure_original(&self, sha: &str) -> Result<()> {
        match sxsh_sync::fetch_original(&ApiLocal(self), sha) {
            Ok(()) => Ok(()),
            Err(SyncError::Store(s)) => Err(s.into()),
            Err(e) => Err(ApiError::new(
                ErrorCode::AttachmentMissing,
                format!(
                    "the original of photo {sha} is not on this computer yet and could not be fetched from the office server ({e})"
                ),
            )),
        }
    }

    /// Server, account, ops waiting, conflicts, refused ops and the last sync.
    pub fn sync_status(&self) -> Result<Status> {
        Ok(sxsh_sync::status(&ApiLocal(self))?)
    }
}

impl Api {
    /// [`Api::sync_status`] as the UI shows it.
    pub fn sync_state(&self) -> Result<crate::dto::SyncState> {
        let st = self.sync_status()?;
        let (last_at, last) = match st.last {
            Some((at, sum)) => (Some(at), Some(sum)),
            None => (None, None),
        };
        Ok(crate::dto::SyncState {
            server: st.server,
            pinned: st.pinned,
            login: st.account.as_ref().map(|a| a.login.clone()),
            display_name: st.account.as_ref().map(|a| a.display_name.clone()),
            role: st.account.as_ref().map(|a| a.role.as_str().to_string()),
            waiting: st.waiting as u32,
            conflicts: st.conflicts as u32,
            rejected: st.rejected,
            last_at,
            last,
        })
    }
}
