//! Specific consumption and its position against a benchmark.

use super::{CalcError, input_err, non_negative};
use crate::units::{RatioUnit, convert, parse_unit};
use serde::{Deserialize, Serialize};

/// `consumption / production` in the unit `result_unit` (e.g. `kWh/t`):
/// `SC = convert(consumption → num) / convert(production → den)`, both over the same period.
pub fn specific_consumption(
    consumption: f64,
    consumption_unit: &str,
    production: f64,
    production_unit: &str,
    result_unit: &str,
) -> Result<f64, CalcError> {
    let consumption = non_negative("consumption", consumption)?;
    let production = non_negative("production", production)?;
    if production == 0.0 {
        return Err(input_err("production", "zero"));
    }
    let ratio = RatioUnit::parse(result_unit)
        .ok_or_else(|| input_err("result_unit", "not a ratio unit such as kWh/t"))?;
    let num = convert(consumption, parse_unit(consumption_unit)?, ratio.num)?;
    let den = convert(production, parse_unit(production_unit)?, ratio.den)?;
    Ok(num / den)
}

/// Where a value lies against a benchmark range (lower is better for consumption).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Better than the range's lower bound.
    Below,
    Within,
    /// Worse than the range's upper bound.
    Above,
}

/// A value against a benchmark: the position and the gap to the nearest bound in %
/// (`(value − bound) / bound × 100`; 0 within the range).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BenchmarkPosition {
    pub position: Position,
    pub gap_pct: f64,
}

/// Compares `value` with a range `[min, max]`; a single benchmark value is `min = max`.
/// A missing bound is open (`min = None` means nothing is "below").
pub fn against_benchmark(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<BenchmarkPosition, CalcError> {
    let value = non_negative("value", value)?;
    if min.is_none() && max.is_none() {
        return Err(input_err(
            "benchmark",
            "has neither a minimum nor a maximum",
        ));
    }
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        return Err(input_err("benchmark", "minimum above maximum"));
    }
    let gap = |bound: f64| {
        if bound == 0.0 {
            0.0
        } else {
            (value - bound) / bound * 100.0
        }
    };
    Ok(match (min, max) {
        (_, Some(hi)) if value > hi => BenchmarkPosition {
            position: Position::Above,
            gap_pct: gap(hi),
        },
        (Some(lo), _) if value < lo => BenchmarkPosition {
            position: Position::Below,
            gap_pct: gap(lo),
        },
        _ => BenchmarkPosition {
            position: Position::Within,
            gap_pct: 0.0,
        },
    })
}
