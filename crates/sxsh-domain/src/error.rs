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
    /// A calculation error on inputs a person gave (a file for `sxsh calc`, a step's stock
    /// change) as the field error it is; other calculation errors stay as they are.
    pub fn of_input(e: crate::calc::CalcError) -> DomainError {
        match e {
            crate::calc::CalcError::Input { field, problem } => {
                DomainError::Validation(vec![FieldError {
                    field,
                    code: problem_code(&problem),
                    message: problem,
                    min: None,
                    max: None,
                }])
            }
            other => DomainError::Calc(other),
        }
    }

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

/// The field error code of a calculation's input problem (`not_finite`, `negative`,
/// `required`; anything else is out of range).
pub fn problem_code(problem: &str) -> crate::FieldErrorCode {
    use crate::FieldErrorCode as C;
    match problem {
        "not_finite" => C::NotFinite,
        "negative" => C::Negative,
        "required" => C::Required,
        _ => C::OutOfRange,
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
