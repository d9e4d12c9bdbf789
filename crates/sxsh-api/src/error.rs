//! The error every host sees: a machine-readable [`ErrorCode`], an English message and, for
//! validation, the invalid fields. Hosts branch and translate on `code`, never on `message`.

use serde::{Deserialize, Serialize};
use sxsh_domain::FieldError;
use sxsh_store::StoreError;

/// Every kind of failure a host must tell apart. Serialised as `SCREAMING_SNAKE_CASE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `field_errors`.
    ValidationFailed,
    /// Input that is not of the expected shape (bad JSON, unknown enum value).
    InvalidInput,
    /// No live row with that id.
    NotFound,
    /// A row with that id exists already.
    Duplicate,
    /// A deleted row cannot be restored while the row that owns it is deleted.
    ParentDeleted,
    /// A completed assessment is read-only until it is reopened.
    AssessmentCompleted,
    /// Rows only the programme office makes (its reviews of assessments): they come by sync.
    OfficeOnly,
    /// A stage cannot be marked done while something it needs is missing.
    StageIncomplete,
    /// The database was written by a newer SXSH Field.
    DbNewerVersion,
    /// The file is not a database.
    DbNotADatabase,
    /// An SQLite database of another application.
    DbForeign,
    /// SQLite reports the database as damaged.
    DbCorrupt,
    /// Another process holds the database.
    DbBusy,
    /// The database has an older schema and this command only reads, so it cannot upgrade it.
    DbOlderVersion,
    /// Another process (named in the message) has the data folder open.
    DataDirInUse,
    /// The folder or file cannot be written (read-only file system or folder); reading works.
    ReadOnly,
    /// The disk is full; nothing was written.
    DiskFull,
    /// A backup may not be written there (inside the data folder, over a file it uses).
    OutputTargetInvalid,
    /// A path that must be a regular file is a directory, device, FIFO or socket.
    NotARegularFile,
    /// A file or folder that does not exist.
    FileNotFound,
    /// The operating system refused access to a file.
    PermissionDenied,
    /// An image whose pixel size or decoding memory is over the limit.
    ImageTooLarge,
    /// An import row whose id belongs to a row under another parent (the ids are named).
    ImportIdConflict,
    /// A version stamped more than a day ahead of this device's clock.
    ClockSkew,
    /// An import document with the same id twice.
    ImportDuplicateId,
    /// Standard output could not be written (closed pipe, full disk); the command's own work
    /// was done.
    OutputFailed,
    /// An import document that does not parse (truncated, wrong shape).
    ImportMalformed,
    /// An import document from a newer format version.
    ImportNewerVersion,
    /// A backup file that is damaged (zip, manifest or checksum).
    BackupCorrupt,
    /// A backup from a newer version.
    BackupNewerVersion,
    /// A bundle file that is damaged (truncated, altered, a checksum or count that does not
    /// match): nothing was imported.
    BundleDamaged,
    /// A file that is no SXSH bundle, or a bundle of another programme office: nothing was
    /// imported.
    BundleForeign,
    /// A bundle made by a newer SXSH Field.
    BundleNewerVersion,
    /// An attachment's file is missing from the data directory.
    AttachmentMissing,
    /// A file over the size limit.
    FileTooLarge,
    /// A file could not be read or written.
    Io,
    /// The sync server cannot be reached (no network, server down); nothing is lost, the next
    /// sync retries.
    SyncOffline,
    /// Not logged in to a sync server, or the session ended: log in again.
    SyncLoginNeeded,
    /// Too many wrong passwords: wait a minute.
    SyncRateLimited,
    /// The server needs a newer version of the app.
    SyncClientTooOld,
    /// The server refused the sync (a permission, a limit, an answer this app cannot read).
    SyncRefused,
    /// The server's HTTPS certificate is not known yet: `detail` is its fingerprint, for the
    /// user to compare with the office's and confirm.
    SyncUnknownCertificate,
    /// The server presented another certificate than the one pinned: it may not be the
    /// office's server; sync stopped. `detail` is the new fingerprint.
    SyncCertificateChanged,
    /// An address the app will not send a password to (plain http:// beyond this computer).
    SyncInsecure,
    /// A bug: please report it.
    Internal,
}

impl ErrorCode {
    /// The code as serialised, e.g. `VALIDATION_FAILED`.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// An error as every host receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error, ts_rs::TS)]
#[error("{message} [{}]", code.as_str())]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
    /// A value the host shows with the code (a certificate's fingerprint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field_errors: Vec::new(),
            detail: None,
        }
    }

    /// The same error with a value for the host to show (see [`ApiError::detail`]).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// A validation error of one field.
    pub fn field(field: &str, code: sxsh_domain::FieldErrorCode, message: &str) -> Self {
        ApiError {
            code: ErrorCode::ValidationFailed,
            message: format!("invalid {field}: {message}"),
            field_errors: vec![FieldError {
                field: field.to_string(),
                code,
                message: message.to_string(),
                min: None,
                max: None,
            }],
            detail: None,
        }
    }

    /// Prefixes every field name, e.g. `flows[3].` for a row of an import document.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        for f in &mut self.field_errors {
            f.field = format!("{prefix}{}", f.field);
        }
        self
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        let code = match &e {
            StoreError::Validation(errs) => {
                return ApiError {
                    code: ErrorCode::ValidationFailed,
                    message,
                    field_errors: errs.clone(),
                    detail: None,
                };
            }
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::ParentDeleted { .. } => ErrorCode::ParentDeleted,
            StoreError::Duplicate { .. } => ErrorCode::Duplicate,
            StoreError::ImportIdConflict { .. } => ErrorCode::ImportIdConflict,
            StoreError::ClockSkew { .. } => ErrorCode::ClockSkew,
            StoreError::NewerVersion { .. } => ErrorCode::DbNewerVersion,
            StoreError::NotADatabase { .. } => ErrorCode::DbNotADatabase,
            StoreError::ForeignDatabase { .. } => ErrorCode::DbForeign,
            StoreError::Corrupt { .. } => ErrorCode::DbCorrupt,
            StoreError::Busy => ErrorCode::DbBusy,
            StoreError::OlderVersion { .. } => ErrorCode::DbOlderVersion,
            StoreError::DataDirInUse { .. } => ErrorCode::DataDirInUse,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::DiskFull { .. } => ErrorCode::DiskFull,
            StoreError::OutputTarget { .. } => ErrorCode::OutputTargetInvalid,
            StoreError::NotARegularFile { .. } => ErrorCode::NotARegularFile,
            StoreError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ErrorCode::FileNotFound,
                std::io::ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
                std::io::ErrorKind::IsADirectory | std::io::ErrorKind::NotADirectory => {
                    ErrorCode::NotARegularFile
                }
                _ => ErrorCode::Io,
            },
            StoreError::BackupCorrupt(_) => ErrorCode::BackupCorrupt,
            StoreError::BackupNewerVersion { .. } => ErrorCode::BackupNewerVersion,
            StoreError::AttachmentMissing { .. } => ErrorCode::AttachmentMissing,
            StoreError::TooLarge { .. } => ErrorCode::FileTooLarge,
            StoreError::Sqlite(_) | StoreError::Decode(_) => ErrorCode::Internal,
        };
        ApiError::new(code, message)
    }
}

impl ApiError {
    /// An error about the file at `path`, with the code of its kind (`FILE_NOT_FOUND`,
    /// `DISK_FULL`, `READ_ONLY`, `PERMISSION_DENIED`, …).
    pub fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        StoreError::io(path, e).into()
    }
}

impl From<sxsh_domain::DomainError> for ApiError {
    fn from(e: sxsh_domain::DomainError) -> Self {
        match e {
            sxsh_domain::DomainError::Calc(e) => ApiError::new(ErrorCode::Internal, e.to_string()),
            e => StoreError::from(e).into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ApiError>;
