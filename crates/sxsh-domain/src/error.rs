//! Errors of the domain crate.

use crate::validate::FieldError;

/// A domain error.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DomainError {
    /// One or more fields are invalid; each error names its field.
    #[error("validation failed: {}", summary(.0))]
    Validation(Vec<FieldError>),
    /// A figure that cannot be computed from rows that passed validation (a bug or damaged
    /// data, never a user's input).
    #[error(transparent)]
    Calc(#[from] crate::calc::CalcError),
}

impl DomainError {
    /// Prefixes every field name, e.g. `options[ID].` for a row of an assessment.
    pub fn prefixed(self, prefix: &str) -> Self {
        match self {
            DomainError::Validation(mut errs) => {
                for e in &mut errs {
                    e.field = format!("{prefix}{}", e.field);
                }
                DomainError::Validation(errs)
            }
            other => other,
        }
    }
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.field, e.code.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub type Result<T> = std::result::Result<T, DomainError>;
