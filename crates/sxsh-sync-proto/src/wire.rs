//! The messages of the sync API (`/api/v1`), as devices and the office server exchange them in
//! JSON. Only additive changes within a version: a new optional field is fine, a renamed or
//! removed one is `/api/v2`.
//!
//! | method and path | body | answer |
//! |---|---|---|
//! | `GET /api/v1/info` | — | [`ServerInfo`] (no login needed) |
//! | `POST /api/v1/login` | [`LoginRequest`] | [`LoginResponse`] |
//! | `POST /api/v1/logout` | — | `204` (the token is revoked) |
//! | `POST /api/v1/push` | [`PushRequest`] | [`PushResponse`] |
//! | `GET /api/v1/pull?after=N&limit=M` | — | [`PullPage`] |
//! | `HEAD /api/v1/blobs/{sha256}` | — | `200` with `x-sxsh-received` and `x-sxsh-complete` (`1` or `0`), or `404` |
//! | `PUT /api/v1/blobs/{sha256}` | a chunk; headers `x-sxsh-offset`, `x-sxsh-total` | [`BlobStatus`] |
//! | `GET /api/v1/blobs/{sha256}` | — | the bytes (`Range: bytes=A-B` honoured, `206`) |
//!
//! Every call but `info` and `login` sends `Authorization: Bearer <token>`. An error answer has
//! an HTTP status and an [`ErrorBody`] whose `code` a client branches on.

use crate::ChangeOp;
use serde::{Deserialize, Serialize};

/// The version of this protocol; a server answers clients of its own major version.
pub const PROTOCOL_VERSION: u32 = 1;

/// Most ops a push may carry; a client splits larger pushes into batches of this size.
pub const MAX_PUSH_OPS: usize = 1000;

/// Most ops a pull page holds.
pub const MAX_PULL_OPS: usize = 2000;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts and programmes; reads and writes everything.
    Admin,
    /// Reads and writes the programmes they belong to.
    Consultant,
    /// Reads the programmes they belong to (all of them when none is named); never writes.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consultant => "consultant",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "consultant" => Some(Role::Consultant),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// `GET /api/v1/info`: who the server is and what it accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// Name of the programme office.
    pub office: String,
    /// Stable id of this server's data (a device syncs with one server).
    pub server_id: String,
    pub protocol_version: u32,
    /// Oldest client version (`x.y.z`) the server accepts; older clients are told to update.
    pub min_client_version: String,
    /// Newest schema version of ops the server understands.
    pub schema_version: i64,
    pub max_push_ops: usize,
    /// How far ahead of the server's clock a stamp may be, in milliseconds.
    pub max_skew_ms: u64,
    /// Changes when the server is restored from a backup: a device that synced with another
    /// generation sends everything again (what the server holds is skipped as duplicates) and
    /// pulls from the start, so nothing made after the backup is lost.
    #[serde(default)]
    pub generation: i64,
}

/// `POST /api/v1/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    /// The device logging in (its store's device id).
    pub device_id: String,
    /// Version of the client program (`x.y.z`).
    pub client_version: String,
}

/// One account as the server tells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub id: String,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// Programme ids the account belongs to (empty for an admin: all of them).
    pub programmes: Vec<String>,
}

/// The answer to a login.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Bearer token for the following calls; the server keeps only its hash.
    pub token: String,
    /// When the token stops working (RFC 3339).
    pub expires_at: String,
    pub account: AccountInfo,
    pub server: ServerInfo,
}

/// `POST /api/v1/push`: ops made on the device, in the order it made them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub device_id: String,
    pub client_version: String,
    pub ops: Vec<ChangeOp>,
}

/// Why the server refused one op; nothing of it was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// Stamped further ahead of the receiver's clock than the allowed skew.
    ClockSkew,
    /// An entity the receiver does not know.
    UnknownEntity,
    /// A field its entity does not have.
    UnknownField,
    /// Made by a newer schema version than the receiver's.
    NewerSchema,
    /// A stamp, time, id or shape that does not parse.
    Malformed,
    /// The row it would make is invalid.
    Invalid,
    /// The row is outside the programmes the account may write.
    OutOfScope,
    /// Reference data of the office (programmes): devices only read it.
    ReadOnly,
    /// An op of this id exists with other content.
    IdReused,
    /// Not yet: the op changes a row the receiver does not hold, or makes a row under a parent
    /// it does not hold (made on a device that has not synced; the two met through a bundle).
    /// Nothing of it is kept; the device sends it again at its next sync.
    Waiting,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::ClockSkew => "clock_skew",
            RejectCode::UnknownEntity => "unknown_entity",
            RejectCode::UnknownField => "unknown_field",
            RejectCode::NewerSchema => "newer_schema",
            RejectCode::Malformed => "malformed",
            RejectCode::Invalid => "invalid",
            RejectCode::OutOfScope => "out_of_scope",
            RejectCode::ReadOnly => "read_only",
            RejectCode::IdReused => "id_reused",
            RejectCode::Waiting => "waiting",
        }
    }
}

/// What became of one pushed op.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PushStatus {
    /// Applied and given a place in the server's sequence.
    Applied,
    /// Applied, and a field it changes now has concurrent versions waiting for a person.
    Conflict,
    /// The server had it already: nothing changed.
    Duplicate,
    /// Refused; the device keeps it in its list of rejected changes.
    Rejected { code: RejectCode, message: String },
}

/// The outcome of one op of a push, in the order of the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResult {
    pub op_id: String,
    #[serde(flatten)]
    pub status: PushStatus,
}

/// The answer to a push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
    /// The server's latest sequence number after the push.
    pub seq: i64,
}

/// One op as the server ordered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeqOp {
    pub seq: i64,
    pub op: ChangeOp,
}

/// `GET /api/v1/pull?after=N&limit=M`: the ops after sequence `N` the account may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullPage {
    pub ops: Vec<SeqOp>,
    /// The cursor to ask from next (the last op's sequence, or `after` when none).
    pub next: i64,
    /// More ops wait after this page.
    pub more: bool,
    /// Ops the account may see after this page, for a progress bar.
    pub remaining: u64,
    /// Changes when what the account may see changes (a programme added); a device that held
    /// another epoch pulls again from 0 (what it has is skipped as duplicates).
    pub scope_epoch: i64,
}

/// What the server holds of a photo after a chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlobStatus {
    /// Bytes received so far.
    pub received: u64,
    /// The whole file arrived and hashes to its name.
    pub complete: bool,
}

/// Machine-readable code of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No token, an unknown or forged one.
    Unauthorized,
    /// The token expired or was revoked; log in again.
    TokenExpired,
    /// Wrong login or password.
    BadCredentials,
    /// Too many wrong passwords: wait `retry_after_s`.
    RateLimited,
    /// The role may not do this.
    Forbidden,
    /// The client is older than `min_client_version`.
    ClientTooOld,
    /// More ops than `max_push_ops`, or a body over the size limit.
    TooLarge,
    /// A body or query that does not parse.
    BadRequest,
    NotFound,
    /// A photo's bytes do not match the hash they were sent under.
    HashMismatch,
    /// A photo chunk that does not start where the server's copy ends (ask `HEAD`).
    BadOffset,
    /// The server failed; the client keeps its ops and retries later.
    Internal,
    /// A server backup that is damaged, truncated or not a backup (`sxsh-server restore`).
    DamagedBackup,
    /// A restore into a database that already holds an office (`sxsh-server restore`).
    NotEmpty,
    /// A bundle file that is damaged (`sxsh-server bundle import`): nothing was applied.
    DamagedBundle,
    /// A file that is no SXSH bundle, or one of another office: nothing was applied.
    ForeignBundle,
    /// A bundle made by a newer SXSH Field: update sxsh-server.
    NewerBundle,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// For `rate_limited`: seconds to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    /// For a form the portal sent: each field refused, with the domain's error code (the
    /// page shows its catalog text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<WireFieldError>,
}

/// One refused field of a form: its name (`attendees[2].name`), the domain's code
/// (`required`, `invalid_date`, …), a message in English and the limits it broke.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireFieldError {
    pub field: String,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// Compares two `x.y.z` versions; text that does not parse counts as 0.
pub fn version_at_least(version: &str, min: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (a, b) = (parse(version), parse(min));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x > y;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_results_read_as_a_flat_status_with_the_reason_of_a_refusal() {
        let r = PushResult {
            op_id: "x".into(),
            status: PushStatus::Rejected {
                code: RejectCode::OutOfScope,
                message: "programme P2".into(),
            },
        };
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(
            text,
            r#"{"op_id":"x","status":"rejected","code":"out_of_scope","message":"programme P2"}"#
        );
        assert_eq!(serde_json::from_str::<PushResult>(&text).unwrap(), r);
        let ok: PushResult = serde_json::from_str(r#"{"op_id":"y","status":"duplicate"}"#).unwrap();
        assert_eq!(ok.status, PushStatus::Duplicate);
    }

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert!(version_at_least("0.10.0", "0.9.3"));
        assert!(!version_at_least("0.1.0", "0.2.0"));
        assert!(version_at_least("1.0", "1.0.0"));
        assert!(!version_at_least("garbage", "0.1.0"));
    }
}
