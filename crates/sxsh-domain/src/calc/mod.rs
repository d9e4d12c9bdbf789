//! The calculation engine: one tested place for every number the UI, the reports and the
//! programme roll-ups show. Each function is pure; its formula is in its doc comment.
//! Results that rest on a factor carry that factor (value, unit, year, source).

pub mod areas;
pub mod balance;
pub mod breakdown;
pub mod econ;
pub mod emissions;
pub mod energy;
pub mod feasibility;
pub mod figures;
pub mod files;
pub mod option;
pub mod outreach;
pub mod programme;
pub mod rollup;
pub mod score;
pub mod specific;
pub mod waste;

use crate::units::UnitError;
use serde::{Deserialize, Serialize};

/// Why a calculation could not be made. Never a NaN or an infinity instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalcError {
    #[error(transparent)]
    Unit(#[from] UnitError),
    /// A factor the calculation needs is not in the reference data.
    #[error("no {0} in the reference data")]
    MissingFactor(String),
    /// An input is out of its domain (e.g. production of zero).
    #[error("{field}: {problem}")]
    Input { field: String, problem: String },
}

/// A factor a result rests on, kept with the result so totals stay reproducible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FactorUsed {
    /// What the factor is, e.g. `grid_ef`, `ncv:anthracite`, `toe:electricity`.
    pub name: String,
    pub value: f64,
    pub unit: String,
    /// Data year, for grid factors.
    pub year: Option<i64>,
    pub source: String,
    /// False when the reference data flags the value as unverified or unofficial.
    pub verified: bool,
}

pub(crate) fn input_err(field: &str, problem: &str) -> CalcError {
    CalcError::Input {
        field: field.to_string(),
        problem: problem.to_string(),
    }
}

/// Fails unless `x` is a finite number ≥ 0.
pub(crate) fn non_negative(field: &str, x: f64) -> Result<f64, CalcError> {
    if !x.is_finite() {
        Err(input_err(field, "not_finite"))
    } else if x < 0.0 {
        Err(input_err(field, "negative"))
    } else {
        Ok(x)
    }
}
