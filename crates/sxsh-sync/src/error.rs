//! Errors of the sync client.

use sxsh_sync_proto::wire::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server answered with an error code (its message is in English; branch on `code`).
    #[error("server refused ({code:?}): {message}")]
    Server {
        code: ErrorCode,
        message: String,
        retry_after_s: Option<u64>,
    },
    /// No answer: no network, the server is down or the connection dropped. Nothing is lost;
    /// the next sync retries.
    #[error("no connection to the server: {0}")]
    Network(String),
    /// The server answered something this client cannot read.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// The server's certificate is neither pinned nor trusted by the system: a person must
    /// compare its fingerprint with the one the office gives (`sxsh-server tls`) and confirm.
    #[error("the server's certificate is not known yet; its fingerprint is {fingerprint}")]
    UnknownCertificate { fingerprint: String },
    /// The server presented another certificate than the one pinned at login: it may not be
    /// the office's server. Sync stops until a person confirms the new fingerprint.
    #[error(
        "the server's certificate changed (pinned {pinned}, now {presented}): it may not be your office's server; sync stopped"
    )]
    CertificateChanged { pinned: String, presented: String },
    /// An address this client will not send a password to (plain HTTP beyond loopback).
    #[error("{0}")]
    Insecure(String),
    /// Not logged in to a server yet.
    #[error("not logged in to a sync server: run `sxsh sync login --server URL` first")]
    NotLoggedIn,
    #[error(transparent)]
    Store(#[from] sxsh_store::StoreError),
}

impl SyncError {
    /// Whether trying again later may succeed (network, server failure, rate limit), as
    /// opposed to a refusal that needs a person (log in again, update the app).
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Network(_) => true,
            SyncError::Server { code, .. } => {
                matches!(code, ErrorCode::Internal | ErrorCode::RateLimited)
            }
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, SyncError>;
