//! Errors of the store. Each variant is one situation a host must tell apart.

use std::path::PathBuf;
use sxsh_domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A row failed validation; nothing was written.
    #[error("validation failed: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.code.as_str())).collect::<Vec<_>>().join(", "))]
    Validation(Vec<FieldError>),
    /// No live row of `entity` with this id.
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    /// A row with this id already exists.
    #[error("{entity} {id} already exists")]
    Duplicate { entity: &'static str, id: String },
    /// The database was written by a newer version of SXSH Field.
    #[error("database {path} has schema version {found}; this version supports up to {supported}")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file is not an SQLite database at all.
    #[error("{path} is not a database file")]
    NotADatabase { path: PathBuf },
    /// An SQLite database of some other application.
    #[error("{path} is an SQLite database of another application")]
    ForeignDatabase { path: PathBuf },
    /// SQLite reports the database as damaged.
    #[error("database {path} is corrupt: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    /// Another process holds the database.
    #[error("database is busy (another SXSH Field may be using it)")]
    Busy,
    /// A backup file is damaged: unreadable zip, bad manifest or a checksum mismatch.
    #[error("backup file is damaged: {0}")]
    BackupCorrupt(String),
    /// A backup made by a newer version.
    #[error("backup has schema version {found}; this version supports up to {supported}")]
    BackupNewerVersion { found: i64, supported: i64 },
    /// An attachment file is missing from the data directory.
    #[error("attachment file {sha256} is missing")]
    AttachmentMissing { sha256: String },
    /// A file is larger than allowed.
    #[error("file is too large ({size} bytes; limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("file error at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data could not be decoded: {0}")]
    Decode(String),
}

impl StoreError {
    /// Wraps an IO error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Keeps "corrupt" and "busy" apart from other SQLite errors wherever they arise.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: e.to_string(),
            },
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<sxsh_domain::DomainError> for StoreError {
    fn from(e: sxsh_domain::DomainError) -> Self {
        match e {
            sxsh_domain::DomainError::Validation(errs) => StoreError::Validation(errs),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
