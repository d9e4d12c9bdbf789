//! Pure domain of SXSH Field.
//!
//! Entities of the cleaner-production (SXSH) method as plain Rust types, their validation
//! (field-level errors), units, and Vietnamese text rules (NFC, accent folding, collation key).
//! Architecture invariant: no IO, no SQL, no clock, no randomness in this crate.

pub mod calc;
pub mod error;
pub mod format;
pub mod model;
pub mod progress;
pub mod reference;
pub mod repo;
pub mod schema;
pub mod text;
pub mod trace;
pub mod ts_decl;
pub mod units;
pub mod validate;

pub use error::{DomainError, Result};
pub use validate::{FieldError, FieldErrorCode, Validate};
