//! The sync vocabulary of SXSH Field, shared by the device store and the office server:
//! the hybrid logical clock ([`hlc`]), the change op ([`op`]), the one form in which any row
//! changes, and the messages of the sync API ([`wire`]). Pure: no IO, no clock (the wall time is always passed in), no randomness.

pub mod error;
pub mod fingerprint;
pub mod hlc;
pub mod op;
pub mod wire;

pub use hlc::{Hlc, MAX_SKEW_MS, SkewError, Stamp};
pub use op::{ChangeOp, OpKind};
pub use wire::RejectCode;

/// Path prefix of the sync API this crate's wire types belong to.
pub const API_PREFIX: &str = "/api/v1";
