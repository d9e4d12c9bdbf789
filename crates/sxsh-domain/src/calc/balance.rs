//! Material and energy balance of a process step or of the focus.
//!
//! `closure % = Σout / Σin × 100`; `unidentified losses = Σin − Σout` (and its share of Σin).
//! Flows are summed only in the chosen unit's dimension; a flow in another dimension is listed in
//! `incompatible`, never silently added.

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
}

/// Balances `flows` in `unit` (e.g. `t` for a material balance, `kWh` for energy).
pub fn balance(flows: &[BalanceFlow], unit: &str) -> Result<Balance, CalcError> {
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
    let pct = |x: f64| {
        if total_in > 0.0 {
            Some(x / total_in * 100.0)
        } else {
            None
        }
    };
    Ok(Balance {
        unit: unit.to_string(),
        total_in,
        total_out,
        closure_pct: pct(total_out),
        unidentified: total_in - total_out,
        unidentified_pct: pct(total_in - total_out),
        incompatible,
    })
}
