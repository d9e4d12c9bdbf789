//! The data every host sends and receives. Rows travel as [`Stored`] (the entity's fields plus
//! `created_at`, `updated_at`, `updated_by`), flattened into one JSON object. Money is an integer
//! number of VND, never a formatted string.

pub use sxsh_domain::model::{
    Action, Assessment, AssessmentKind, AssessmentStatus, Attachment, CaseStudy, Cause,
    ChecklistResponse, CpOption, Enterprise, EnterpriseKind, Flow, MonitoringRecord, Observation,
    ProcessStep, Programme, Review, ReviewState, StageMark, StageState, TeamMember, WasteStream,
};
pub use sxsh_domain::{FieldError, FieldErrorCode};
pub use sxsh_store::{Meta, Stored, Table};

use serde::{Deserialize, Serialize};

/// `format` of an assessment export document.
pub const DOCUMENT_FORMAT: &str = "sxsh-assessment";
/// The document layout this build writes and reads.
pub const DOCUMENT_VERSION: u32 = 1;

/// Declares [`AssessmentDocument`] from the schema's one declaration of the entities
/// (`sxsh_domain::schema`): a list per entity whose first parent is the assessment, named as its
/// table, in the schema's order (parents before children). The arms walk the declaration one
/// entity at a time, keeping `(Type table)` of the assessment's children.
macro_rules! __document {
    (() $($decl:tt)*) => {
        __document!(@keep [] $($decl)*);
    };
    (@keep [$($kept:tt)*] $t:ident = $e:literal in $tb:ident [$($c:tt)*]
        parents [assessment_id -> Assessment $($p:tt)*] $(fixed [$($f:tt)*])? ; $($rest:tt)*) => {
        __document!(@keep [$($kept)* ($t $tb)] $($rest)*);
    };
    (@keep [$($kept:tt)*] $t:ident = $e:literal in $tb:ident [$($c:tt)*]
        $(parents [$($p:tt)*])? $(fixed [$($f:tt)*])? ; $($rest:tt)*) => {
        __document!(@keep [$($kept)*] $($rest)*);
    };
    (@keep [$(($t:ident $tb:ident))*]) => {
        /// One whole assessment with its enterprise, programme, child rows and attachment
        /// references: what `export` writes and `import` reads. Rows are ordered by id, so the
        /// same data always gives the same document. The child lists are declared by the
        /// entity schema (see `__document!`).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
        pub struct AssessmentDocument {
            pub format: String,
            pub format_version: u32,
            pub programme: Option<Stored<Programme>>,
            pub enterprise: Stored<Enterprise>,
            pub assessment: Stored<Assessment>,
            $(
                #[serde(default)]
                pub $tb: Vec<Stored<$t>>,
            )*
        }

        impl AssessmentDocument {
            /// A document of these rows with every child list empty.
            pub fn new(
                programme: Option<Stored<Programme>>,
                enterprise: Stored<Enterprise>,
                assessment: Stored<Assessment>,
            ) -> Self {
                AssessmentDocument {
                    format: DOCUMENT_FORMAT.into(),
                    format_version: DOCUMENT_VERSION,
                    programme,
                    enterprise,
                    assessment,
                    $($tb: Vec::new(),)*
                }
            }

            /// Calls `f` with each child list and its name, parents before children.
            pub fn each_list(&self, f: &mut impl ReadLists) -> crate::Result<()> {
                $(f.list(stringify!($tb), &self.$tb)?;)*
                Ok(())
            }

            /// Fills each child list from `f`, parents before children.
            pub fn fill_lists(&mut self, f: &mut impl FillLists) -> crate::Result<()> {
                $(self.$tb = f.list(stringify!($tb))?;)*
                Ok(())
            }
        }
    };
}

sxsh_domain::__entities_decl!(@decl [__document] ());

/// Reads the child lists of a document ([`AssessmentDocument::each_list`]).
pub trait ReadLists {
    /// One list: `field` is its name in the document (`flows`).
    fn list<T: sxsh_store::Table>(
        &mut self,
        field: &'static str,
        rows: &[Stored<T>],
    ) -> crate::Result<()>;
}

/// Gives the child lists of a document ([`AssessmentDocument::fill_lists`]).
pub trait FillLists {
    /// The rows of the list named `field` (`flows`).
    fn list<T: sxsh_store::Table>(&mut self, field: &'static str) -> crate::Result<Vec<Stored<T>>>;
}

/// A line of the recent-assessments list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AssessmentSummary {
    #[ts(type = "Stored<Assessment>")]
    pub assessment: Stored<Assessment>,
    pub enterprise_name: String,
}

/// A field whose concurrent changes (made on two devices, neither seeing the other's) wait for
/// a person: the version shown now (the winner, last) and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldConflict {
    /// Entity name (`flow`, `assessment`, …).
    pub entity: String,
    pub row_id: String,
    pub field: String,
    /// The competing versions, by stamp: the winner last.
    pub heads: Vec<ConflictVersion>,
}

/// One competing version of a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ConflictVersion {
    pub value: serde_json::Value,
    /// Who made it (`user@device` or the device id).
    pub author: String,
    /// When, by the author's clock (RFC 3339).
    pub at: String,
    /// Its version stamp.
    pub hlc: String,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportReport {
    /// Rows that were new or changed and were written.
    pub written: usize,
    /// Rows already present and identical.
    pub unchanged: usize,
    /// Rows changed or deleted here after the version in the document: kept as they are.
    #[serde(default)]
    pub kept_newer: usize,
}

/// A file to attach to a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AttachmentInput {
    /// `assessment`, `checklist_response`, `observation`, `option`, …
    pub owner_entity: String,
    pub owner_id: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub original_name: String,
    pub taken_at: Option<String>,
}

/// What a backup holds, as reported after backup or restore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupInfo {
    pub schema_version: i64,
    pub created_at: String,
    pub files: usize,
    pub bytes: u64,
}

impl From<sxsh_store::backup::Manifest> for BackupInfo {
    fn from(m: sxsh_store::backup::Manifest) -> Self {
        BackupInfo {
            schema_version: m.schema_version,
            created_at: m.created_at,
            files: m.files.len(),
            bytes: m.files.iter().map(|f| f.size).sum(),
        }
    }
}

/// Facts about the open data directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StoreInfo {
    pub data_dir: String,
    pub schema_version: i64,
    pub device_id: String,
}

/// The sync state of this device as the UI shows it (Settings → sync, the status badge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncState {
    /// The server logged in to, if any.
    pub server: Option<String>,
    /// The fingerprint of its certificate pinned at login (HTTPS with the office's own
    /// certificate).
    pub pinned: Option<String>,
    /// The account's login and name, while logged in.
    pub login: Option<String>,
    pub display_name: Option<String>,
    /// `admin`, `consultant` or `viewer`.
    pub role: Option<String>,
    /// Changes made here that the server has not acknowledged.
    pub waiting: u32,
    /// Fields waiting for a person (see `conflicts.list`).
    pub conflicts: u32,
    /// Changes the server refused, with their reasons.
    pub rejected: Vec<sxsh_sync::Rejected>,
    /// When the last sync finished (RFC 3339), and what it did.
    pub last_at: Option<String>,
    pub last: Option<sxsh_sync::Summary>,
}
