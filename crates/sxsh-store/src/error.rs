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
    /// A deleted row cannot come back while the row that owns it is deleted.
    #[error("{entity} {id} cannot be restored while its {parent} is deleted")]
    ParentDeleted {
        entity: &'static str,
        id: String,
        parent: &'static str,
    },
    /// An imported row whose id is a stored row's under another parent (or with another file).
    #[error("{entity} {id} already exists with {column} = {stored}; the import says {imported}")]
    ImportIdConflict {
        entity: &'static str,
        id: String,
        column: &'static str,
        stored: String,
        imported: String,
    },
    /// A version stamped more than the allowed clock skew ahead of this device's clock (an
    /// imported row, or a remote op): nothing of it was written.
    #[error(
        "{entity} {id} has a version stamped {stamp}, more than a day ahead of this device's clock; check the clock of the device it came from"
    )]
    ClockSkew {
        entity: &'static str,
        id: String,
        stamp: String,
    },
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
    /// Another process has the data directory open (see [`crate::lock`]).
    #[error("the data folder {dir} is in use by {holder}; close it there first")]
    DataDirInUse { dir: PathBuf, holder: String },
    /// The data directory or a file in it cannot be written (read-only file system or folder).
    #[error("{path} is read-only; only reading commands work on it")]
    ReadOnly { path: PathBuf },
    /// The disk is full: nothing was written.
    #[error("the disk holding {path} is full{}", .needed.map(|n| format!(" ({n} more bytes are needed)")).unwrap_or_default())]
    DiskFull { path: PathBuf, needed: Option<u64> },
    /// A path that must be a regular file is a directory, a device, a FIFO or a socket.
    #[error("{path} is not a regular file")]
    NotARegularFile { path: PathBuf },
    /// A file (backup, report, export) may not be written there: inside the data folder, or
    /// over a file the store uses.
    #[error("nothing may be written to {path}: {reason}")]
    OutputTarget { path: PathBuf, reason: String },
    /// The database has an older schema and this process only reads, so it cannot migrate it.
    #[error(
        "the database has schema version {found}; open it once with a command that writes (e.g. `sxsh init`) to upgrade it to {supported}"
    )]
    OlderVersion { found: i64, supported: i64 },
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
    /// Wraps an IO error with the path it concerns; a full disk and a read-only file system
    /// become [`StoreError::DiskFull`] and [`StoreError::ReadOnly`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        match source.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                StoreError::DiskFull { path, needed: None }
            }
            std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly { path },
            _ => StoreError::Io { path, source },
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
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull {
                path: PathBuf::new(),
                needed: None,
            },
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path: PathBuf::new(),
            },
            Some(rusqlite::ErrorCode::SystemIoFailure | rusqlite::ErrorCode::CannotOpen) => {
                StoreError::Io {
                    path: PathBuf::from("sxsh.db"),
                    source: std::io::Error::other(e.to_string()),
                }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<sxsh_domain::DomainError> for StoreError {
    fn from(e: sxsh_domain::DomainError) -> Self {
        match e {
            sxsh_domain::DomainError::Validation(errs) => StoreError::Validation(errs),
            sxsh_domain::DomainError::Calc(e) => StoreError::Decode(e.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
