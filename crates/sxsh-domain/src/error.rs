//! Errors of the domain crate.

use crate::validate::FieldError;

/// A domain error: so far only validation failures.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DomainError {
    /// One or more fields are invalid; each error names its field.
    #[error("validation failed: {}", summary(.0))]
    Validation(Vec<FieldError>),
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.field, e.code.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub type Result<T> = std::result::Result<T, DomainError>;
