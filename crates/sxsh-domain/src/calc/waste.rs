//! Cost of a waste stream (NV6) per period:
//! `cost = quantity × material value per unit + embedded kWh × electricity price
//!  + embedded m³ × water price + treatment + disposal + fees`.

use super::econ::round_vnd;
use super::{CalcError, non_negative};
use serde::{Deserialize, Serialize};

/// What a waste-stream cost needs. Missing parts are `None` and count as 0, listed in `missing`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteCostInput {
    pub quantity: f64,
    pub material_value_per_unit_vnd: Option<i64>,
    pub embedded_energy_kwh: Option<f64>,
    /// A rate (VND per kWh, from a flow's price per its own unit), so it may be fractional.
    pub electricity_price_vnd_per_kwh: Option<f64>,
    pub embedded_water_m3: Option<f64>,
    /// A rate (VND per m³), so it may be fractional.
    pub water_price_vnd_per_m3: Option<f64>,
    pub treatment_vnd: Option<i64>,
    pub disposal_vnd: Option<i64>,
    pub fees_vnd: Option<i64>,
}

/// The cost, by part, in whole VND per period; the total is the sum of the parts shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteCost {
    pub material_vnd: i64,
    pub energy_vnd: i64,
    pub water_vnd: i64,
    pub treatment_disposal_fees_vnd: i64,
    pub total_vnd: i64,
    /// Parts that could not be valued for lack of data.
    pub missing: Vec<String>,
}

/// Cost of one waste stream; see the module formula.
pub fn waste_cost(x: &WasteCostInput) -> Result<WasteCost, CalcError> {
    let mut missing = Vec::new();
    let mut part = |name: &str, a: Option<f64>, b: Option<f64>| -> Result<i64, CalcError> {
        match (a, b) {
            (Some(a), Some(b)) => Ok(round_vnd(non_negative(name, a)? * non_negative(name, b)?)),
            (Some(a), None) if a > 0.0 => {
                missing.push(name.to_string());
                Ok(0)
            }
            _ => Ok(0),
        }
    };
    let material_vnd = part(
        "material_value",
        Some(x.quantity),
        x.material_value_per_unit_vnd.map(|v| v as f64),
    )?;
    let energy_vnd = part(
        "electricity_price",
        x.embedded_energy_kwh,
        x.electricity_price_vnd_per_kwh,
    )?;
    let water_vnd = part("water_price", x.embedded_water_m3, x.water_price_vnd_per_m3)?;
    let mut fees: i64 = 0;
    for (name, v) in [
        ("treatment", x.treatment_vnd),
        ("disposal", x.disposal_vnd),
        ("fees", x.fees_vnd),
    ] {
        if let Some(v) = v {
            non_negative(name, v as f64)?;
            fees = fees.saturating_add(v);
        }
    }
    Ok(WasteCost {
        material_vnd,
        energy_vnd,
        water_vnd,
        treatment_disposal_fees_vnd: fees,
        total_vnd: material_vnd
            .saturating_add(energy_vnd)
            .saturating_add(water_vnd)
            .saturating_add(fees),
        missing,
    })
}
