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
pub use sxsh_domain::calc::programme::{
    ReviewCounts, ReviewScope, RollupQuery, RollupReport, RollupWarning, TechniqueLine,
};
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

/// The figures of assessment `id` as they would be with `edits` (rows typed but not saved
/// yet, as `(entity, row)`) laid over the stored rows: what a worksheet shows between a
/// keystroke and its debounced save. Each edited row is read and validated as its entity: one
/// that is not valid yet (a new row still without its name) leaves the stored row as it is, as
/// do rows of other assessments and of entities that do not enter the figures. Nothing is
/// written.
pub(crate) fn assessment_calcs_preview<R: Repository>(
    repo: &R,
    reference: &Reference,
    id: &str,
    edits: &[(String, serde_json::Value)],
) -> Result<AssessmentCalcs>
where
    ApiError: From<R::Error>,
{
    let mut rows = rows(repo, id)?;
    for (entity, row) in edits {
        let of_this = row.get("assessment_id").and_then(|v| v.as_str()) == Some(id)
            || (entity == "assessment" && row.get("id").and_then(|v| v.as_str()) == Some(id));
        if !of_this {
            continue;
        }
        match entity.as_str() {
            "flow" => lay_over(&mut rows.flows, row, |r| &r.id),
            "waste_stream" => lay_over(&mut rows.waste_streams, row, |r| &r.id),
            "process_step" => lay_over(&mut rows.steps, row, |r| &r.id),
            "option" => lay_over(&mut rows.options, row, |r| &r.id),
            "monitoring_record" => lay_over(&mut rows.monitoring, row, |r| &r.id),
            "assessment" => {
                if let Some(a) = checked(row) {
                    rows.assessment = a;
                }
            }
            _ => {}
        }
    }
    Ok(figures::assessment_calcs(reference, &rows)?)
}

/// A row read as `T`, when it is a valid one.
fn checked<T: serde::de::DeserializeOwned + sxsh_domain::validate::Validate>(
    row: &serde_json::Value,
) -> Option<T> {
    let t: T = T::deserialize(row).ok()?;
    t.validate().ok()?;
    Some(t)
}

/// Replaces the row of `list` with the same id by `row`, or adds it, when `row` is valid.
fn lay_over<T: serde::de::DeserializeOwned + sxsh_domain::validate::Validate>(
    list: &mut Vec<T>,
    row: &serde_json::Value,
    id: impl Fn(&T) -> &String,
) {
    let Some(t) = checked::<T>(row) else {
        return;
    };
    match list.iter().position(|x| id(x) == id(&t)) {
        Some(i) => list[i] = t,
        None => list.push(t),
    }
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
