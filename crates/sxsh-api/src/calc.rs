//! Calculations as use cases: one option's economics and impacts, the figures of a stored
//! assessment, and roll-ups. Every number comes from `sxsh_domain::calc`; the rows come through
//! the domain's [`Repository`] trait (the store implements it; the office server's storage will
//! too), so this module only finds the rows and maps errors.

pub use sxsh_domain::calc::FactorUsed;
pub use sxsh_domain::calc::balance::Balance;
pub use sxsh_domain::calc::econ::{Economics, Irr, Payback, SensitivityCase};
pub use sxsh_domain::calc::emissions::{GridChoice, Impact};
pub use sxsh_domain::calc::energy::{EnergyInput, EnergyResult};
pub use sxsh_domain::calc::figures::{
    AssessmentCalcs, BenchmarkComparison, FlowCost, OptionTotals, ScopeBalance, SpecificLine,
    WasteCostLine,
};
pub use sxsh_domain::calc::files::{
    BalanceInput, FileRollup, FileRollupTotals, RollupFileInput, SpecificInput, SpecificResult,
};
pub use sxsh_domain::calc::option::{
    OptionCalcInput, OptionCalcResult, StoredOptionResult, assessment_grid,
};
pub use sxsh_domain::calc::programme::{RollupQuery, RollupReport, RollupWarning, TechniqueLine};
pub use sxsh_domain::calc::rollup::{Progress, RollupFigures, Savings, TargetStatus};
pub use sxsh_domain::calc::specific::Position;

use crate::error::{ApiError, ErrorCode, Result};
use sxsh_domain::calc::{figures, option as one, programme};
use sxsh_domain::error::DomainError;
use sxsh_domain::reference::Reference;
use sxsh_domain::repo::{AssessmentRows, Repository};

/// Computes one option: economics, sensitivity, energy and emissions with their factors. Bad
/// input gives `VALIDATION_FAILED` with field errors.
pub fn option(reference: &Reference, input: &OptionCalcInput) -> Result<OptionCalcResult> {
    Ok(one::option(reference, input)?)
}

/// A balance from a file's flows (`sxsh calc balance`).
pub fn balance(input: &BalanceInput) -> Result<Balance> {
    Ok(sxsh_domain::calc::files::balance_file(input).map_err(DomainError::of_input)?)
}

/// A specific consumption, its benchmark position and realised saving (`sxsh calc specific`).
pub fn specific(input: &SpecificInput) -> Result<SpecificResult> {
    Ok(sxsh_domain::calc::files::specific_file(input).map_err(DomainError::of_input)?)
}

/// Energy and emissions of a list of carriers (`sxsh calc energy`).
pub fn energy(reference: &Reference, input: &EnergyInput) -> Result<EnergyResult> {
    Ok(sxsh_domain::calc::energy::energy(reference, input).map_err(DomainError::of_input)?)
}

/// A roll-up of options pasted from a spreadsheet (`sxsh calc rollup --input`).
pub fn rollup_file(reference: &Reference, input: &RollupFileInput) -> Result<FileRollup> {
    Ok(sxsh_domain::calc::files::rollup_file(reference, input).map_err(DomainError::of_input)?)
}

/// The live rows of assessment `id`, or `NOT_FOUND`.
fn rows<R: Repository>(repo: &R, id: &str) -> Result<AssessmentRows>
where
    ApiError: From<R::Error>,
{
    repo.assessment_rows(id)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("assessment {id} not found")))
}

/// Every option of an assessment, computed with its discount rate, life, tax and grid factor.
pub(crate) fn assessment_options<R: Repository>(
    repo: &R,
    reference: &Reference,
    id: &str,
) -> Result<Vec<StoredOptionResult>>
where
    ApiError: From<R::Error>,
{
    let rows = rows(repo, id)?;
    Ok(one::assessment_options(
        reference,
        &rows.assessment,
        &rows.options,
    )?)
}

/// Every figure of an assessment (see [`figures::assessment_calcs`]).
pub(crate) fn assessment_calcs<R: Repository>(
    repo: &R,
    reference: &Reference,
    id: &str,
) -> Result<AssessmentCalcs>
where
    ApiError: From<R::Error>,
{
    Ok(figures::assessment_calcs(reference, &rows(repo, id)?)?)
}

/// Rolls up the assessments matching `query` (see [`programme::rollup`]).
pub(crate) fn rollup<R: Repository>(
    repo: &R,
    reference: &Reference,
    query: RollupQuery,
) -> Result<RollupReport>
where
    ApiError: From<R::Error>,
{
    Ok(programme::rollup(repo, reference, query)?)
}
