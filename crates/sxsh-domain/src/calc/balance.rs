//! Material and energy balance of a process step or of the focus.
//!
//! `closure % = (Σout + Δstock) / Σin × 100`; `unidentified losses = Σin − Σout − Δstock` (and
//! its share of Σin), where `Δstock` is the optional increase of stock held in the step over the
//! period (negative when stock was drawn down). Negative unidentified losses — more accounted for
//! than came in — are a measurement error, flagged. Flows are summed only in the chosen unit's
//! dimension; a flow in another dimension is listed in `incompatible`, never silently added.

use super::{CalcError, input_err};
use crate::model::Direction;
use crate::units::{convert, parse_unit};
use serde::{Deserialize, Serialize};

/// A flow as the balance sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BalanceFlow {
    pub name: String,
    pub direction: Direction,
    pub quantity: f64,
    pub unit: String,
}

/// The balance in `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Balance {
    pub unit: String,
    pub total_in: f64,
    pub total_out: f64,
    /// Σout / Σin × 100; none when nothing comes in.
    pub closure_pct: Option<f64>,
    /// Σin − Σout.
    pub unidentified: f64,
    /// (Σin − Σout) / Σin × 100; none when nothing comes in.
    pub unidentified_pct: Option<f64>,
    /// Names of flows whose unit cannot be expressed in `unit`.
    pub incompatible: Vec<String>,
    /// The stock change entered, in `unit` (0 when none).
    #[serde(default)]
    pub stock_change: f64,
    /// True when outputs (with the stock change) exceed inputs: a measurement error to look
    /// into, never a "negative loss".
    #[serde(default)]
    pub measurement_error: bool,
    /// True when the closure is off 100 % by more than [`CLOSURE_TOLERANCE_PCT`]: a balance to
    /// look into (a flow missed or mis-measured).
    #[serde(default)]
    pub outside_tolerance: bool,
}

/// How far a balance's closure may be from 100 % before it is flagged, in points of %.
pub const CLOSURE_TOLERANCE_PCT: f64 = 5.0;

/// A change of the stock held in a step over the period: positive when stock built up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StockChange {
    pub quantity: f64,
    pub unit: String,
}

/// Balances `flows` in `unit` (e.g. `t` for a material balance, `kWh` for energy).
pub fn balance(flows: &[BalanceFlow], unit: &str) -> Result<Balance, CalcError> {
    balance_with_stock(flows, unit, None)
}

/// [`balance`] with the stock change of the step over the period. A stock change that is not
/// a finite number, is in another dimension, or whose size exceeds the inputs is refused.
pub fn balance_with_stock(
    flows: &[BalanceFlow],
    unit: &str,
    stock: Option<&StockChange>,
) -> Result<Balance, CalcError> {
    let target = parse_unit(unit)?;
    let (mut total_in, mut total_out) = (0.0, 0.0);
    let mut incompatible = Vec::new();
    for (i, f) in flows.iter().enumerate() {
        if !f.quantity.is_finite() || f.quantity < 0.0 {
            return Err(input_err(
                &format!("flows[{i}].quantity"),
                "not a finite number ≥ 0",
            ));
        }
        let converted = parse_unit(&f.unit).and_then(|u| convert(f.quantity, u, target));
        match converted {
            Ok(q) => match f.direction {
                Direction::In => total_in += q,
                Direction::Out => total_out += q,
            },
            Err(_) => incompatible.push(f.name.clone()),
        }
    }
    let stock_change = match stock {
        None => 0.0,
        Some(s) => {
            if !s.quantity.is_finite() {
                return Err(input_err("stock_change.quantity", "not_finite"));
            }
            let q = convert(s.quantity, parse_unit(&s.unit)?, target)?;
            if q.abs() > total_in {
                return Err(input_err(
                    "stock_change.quantity",
                    "larger than the inputs of the period",
                ));
            }
            q
        }
    };
    let pct = |x: f64| {
        if total_in > 0.0 {
            Some(x / total_in * 100.0)
        } else {
            None
        }
    };
    let unidentified = total_in - total_out - stock_change;
    let closure_pct = pct(total_out + stock_change);
    Ok(Balance {
        unit: unit.to_string(),
        total_in,
        total_out,
        closure_pct,
        outside_tolerance: closure_pct.is_some_and(|c| (100.0 - c).abs() > CLOSURE_TOLERANCE_PCT),
        unidentified,
        unidentified_pct: pct(unidentified),
        incompatible,
        stock_change,
        // A rounding error of the sums is not a measurement error.
        measurement_error: unidentified < -1e-9 * total_in.max(1.0),
    })
}
