//! Energy of a list of carriers (electricity and fuels, in any unit they are measured in): GJ,
//! TOE (MOIT factors), fossil tCO2, CO2e with GWPs, biogenic CO2 as a memo, with every factor
//! used; per unit of production when production is given. And the realised saving of a
//! monitored period normalised to its production.

use super::emissions::{GridChoice, Impact, grid_factor};
use super::option::ImpactCalc;
use super::specific::specific_consumption;
use super::{CalcError, input_err, non_negative};
use crate::model::{Resource, ResourceSaving};
use crate::reference::Reference;
use crate::units::{Unit, convert, parse_unit};
use serde::{Deserialize, Serialize};

/// One energy carrier consumed (or saved) over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EnergyItem {
    /// `electricity` or `fuel`.
    pub resource: Resource,
    #[serde(default)]
    pub name: String,
    /// A fuel of the reference data, for a fuel.
    #[serde(default)]
    pub fuel_code: String,
    pub quantity: f64,
    pub unit: String,
    /// Coal fines grade of anthracite (`1_2`, `3_4`, `5_6`); empty: grade 3–4.
    #[serde(default)]
    pub coal_grade: String,
}

/// A quantity of product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Production {
    pub quantity: f64,
    pub unit: String,
}

/// What `sxsh calc energy` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EnergyInput {
    pub items: Vec<EnergyItem>,
    /// Grid factor for electricity; default: the reference data's suggested year.
    #[serde(default)]
    pub grid: Option<GridChoice>,
    /// GWP set (`AR5`, `AR4`) for CO2e.
    #[serde(default)]
    pub gwp: Option<String>,
    /// Production over the same period, for the specific energy.
    #[serde(default)]
    pub production: Option<Production>,
}

/// The energy of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EnergyLine {
    pub name: String,
    pub impact: Impact,
}

/// Energy per unit of production across every carrier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpecificEnergy {
    /// The production unit (`t`).
    pub per: String,
    pub gj: f64,
    pub toe: f64,
    /// Electricity alone, kWh per unit.
    pub electricity_kwh: f64,
    pub tco2: f64,
}

/// What `sxsh calc energy` gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EnergyResult {
    pub lines: Vec<EnergyLine>,
    pub total: Impact,
    /// Electricity of the items, kWh.
    pub electricity_kwh: f64,
    /// Per unit of production; none without production, and none ("undefined", never
    /// infinity) when production is zero.
    pub specific: Option<SpecificEnergy>,
}

/// Energy, emissions and their factors of `input`'s items, summed, and per unit of production.
/// An error names the item (`items[2].unit`).
pub fn energy(reference: &Reference, input: &EnergyInput) -> Result<EnergyResult, CalcError> {
    let choice = input.grid.clone().unwrap_or(GridChoice::Year {
        year: reference.default_grid_year,
    });
    let grid = grid_factor(reference, &choice)?;
    let gwp = match &input.gwp {
        Some(code) => Some(
            reference
                .gwp(code)
                .ok_or_else(|| input_err("gwp", "unknown GWP set"))?,
        ),
        None => None,
    };
    let mut calc = ImpactCalc::new(reference, gwp);
    let (mut lines, mut total, mut kwh) = (Vec::new(), Impact::default(), 0.0);
    for (i, item) in input.items.iter().enumerate() {
        let at = |e: CalcError| match e {
            CalcError::Input { field, problem } => CalcError::Input {
                field: format!("items[{i}].{field}"),
                problem,
            },
            CalcError::Unit(u) => CalcError::Input {
                field: format!("items[{i}].unit"),
                problem: u.to_string(),
            },
            other => other,
        };
        if !matches!(item.resource, Resource::Electricity | Resource::Fuel) {
            return Err(input_err(
                &format!("items[{i}].resource"),
                "electricity or fuel",
            ));
        }
        let line = ResourceSaving {
            resource: item.resource,
            name: item.name.clone(),
            fuel_code: item.fuel_code.clone(),
            quantity: item.quantity,
            unit: item.unit.clone(),
            unit_price_vnd: None,
            added: false,
            coal_grade: item.coal_grade.clone(),
        };
        let impact = calc.saving(&line, &grid).map_err(at)?;
        if item.resource == Resource::Electricity {
            kwh += convert(
                item.quantity,
                parse_unit(&item.unit).map_err(|e| at(e.into()))?,
                Unit::Kwh,
            )
            .map_err(|e| at(e.into()))?;
        }
        total.add(&impact);
        lines.push(EnergyLine {
            name: if item.name.is_empty() {
                if item.fuel_code.is_empty() {
                    item.resource.code().to_string()
                } else {
                    item.fuel_code.clone()
                }
            } else {
                item.name.clone()
            },
            impact,
        });
    }
    if gwp.is_some() && total.tco2e.is_none() {
        total.tco2e = Some(total.tco2);
    }
    let specific = match &input.production {
        None => None,
        Some(p) => {
            let q = non_negative("production.quantity", p.quantity)?;
            parse_unit(&p.unit).map_err(|e| input_err("production.unit", &e.to_string()))?;
            (q > 0.0).then(|| SpecificEnergy {
                per: p.unit.clone(),
                gj: total.gj / q,
                toe: total.toe / q,
                electricity_kwh: kwh / q,
                tco2: total.tco2 / q,
            })
        }
    };
    Ok(EnergyResult {
        lines,
        total,
        electricity_kwh: kwh,
        specific,
    })
}

/// The realised saving of a monitored period (NV16), normalised to its production so that a
/// plant that grew is not reported as saving less.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RealisedSaving {
    /// Specific consumption before and after, in `sc_unit`.
    pub sc_before: f64,
    pub sc_after: f64,
    pub sc_unit: String,
    /// `(SC_before − SC_after) × production_after`, in the consumption unit of the ratio.
    pub saving: f64,
    /// `(SC_before − SC_after) / SC_before × 100`; none when SC_before is 0.
    pub cut_pct: Option<f64>,
}

/// `(SC_before − SC_after) × production_after` from the specific consumptions (in `sc_unit`,
/// e.g. `kWh/t`) and the production after (in the ratio's denominator unit).
pub fn realised_saving(
    sc_before: f64,
    sc_after: f64,
    sc_unit: &str,
    production_after: f64,
) -> Result<RealisedSaving, CalcError> {
    let sc_before = non_negative("sc_before", sc_before)?;
    let sc_after = non_negative("sc_after", sc_after)?;
    let production_after = non_negative("production_after", production_after)?;
    Ok(RealisedSaving {
        sc_before,
        sc_after,
        sc_unit: sc_unit.to_string(),
        saving: (sc_before - sc_after) * production_after,
        cut_pct: (sc_before > 0.0).then(|| (sc_before - sc_after) / sc_before * 100.0),
    })
}

/// A period's consumption and production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Period {
    pub consumption: f64,
    pub production: f64,
}

/// [`realised_saving`] from the consumption and production of the two periods (units as
/// given, the result in `sc_unit`). A zero production is `production: zero` — the specific
/// consumption is undefined, never infinite.
pub fn realised_saving_of_periods(
    before: &Period,
    after: &Period,
    consumption_unit: &str,
    production_unit: &str,
    sc_unit: &str,
) -> Result<RealisedSaving, CalcError> {
    let sc = |p: &Period, which: &str| {
        specific_consumption(
            p.consumption,
            consumption_unit,
            p.production,
            production_unit,
            sc_unit,
        )
        .map_err(|e| match e {
            CalcError::Input { field, problem } => CalcError::Input {
                field: format!("{which}.{field}"),
                problem,
            },
            other => other,
        })
    };
    let (b, a) = (sc(before, "before")?, sc(after, "after")?);
    let ratio = crate::units::RatioUnit::parse(sc_unit)
        .ok_or_else(|| input_err("sc_unit", "not a ratio unit such as kWh/t"))?;
    let production_after = convert(after.production, parse_unit(production_unit)?, ratio.den)?;
    realised_saving(b, a, sc_unit, production_after)
}

/// The figures of one monitoring record (NV16): its change and, for a ratio indicator with the
/// production of the period after, the realised saving normalised to that production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MonitoringFigure {
    pub record_id: String,
    /// `(after − baseline) / baseline × 100`; none when the baseline is 0.
    pub change_pct: Option<f64>,
    pub realised: Option<RealisedSaving>,
}

/// [`MonitoringFigure`] of a record.
pub fn monitoring_figure(r: &crate::model::MonitoringRecord) -> MonitoringFigure {
    let ratio = crate::units::RatioUnit::parse(&r.unit).is_some();
    MonitoringFigure {
        record_id: r.id.clone(),
        change_pct: (r.baseline != 0.0).then(|| (r.after - r.baseline) / r.baseline * 100.0),
        realised: match (ratio, r.production_after) {
            (true, Some(p)) => realised_saving(r.baseline, r.after, &r.unit, p).ok(),
            _ => None,
        },
    }
}
