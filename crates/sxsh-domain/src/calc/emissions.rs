//! Energy (TOE with MOIT factors, GJ with fuel NCV) and CO2 / CO2e with factor provenance.
//!
//! - Electricity: `tCO2 = MWh × grid EF (tCO2/MWh) of the chosen data year` (or a custom
//!   factor with its source); `TOE = kWh × MOIT factor (TOE/kWh)`.
//! - Fuels: `GJ = t × NCV`; `tCO2 = GJ × EF_CO2 (kg/TJ) / 10⁶`; with GWPs,
//!   `tCO2e = tCO2 + GJ × (EF_CH4 × GWP_CH4 + EF_N2O × GWP_N2O) / 10⁶`;
//!   `TOE = quantity × MOIT factor` of the fuel's carrier, or `GJ / 41.868` when it has none.
//! - Biogenic CO2 (wood, biomass, charcoal, biogas) is reported apart and not in `tco2`.

use super::{CalcError, FactorUsed, non_negative};
use crate::reference::{Fuel, GridFactor, GwpSet, Reference, ToeFactor};
use crate::units::{Dimension, Unit, convert, convert_with_density, parse_unit};
use serde::{Deserialize, Serialize};

/// GJ per TOE (the conventional tonne of oil equivalent).
pub const GJ_PER_TOE: f64 = 41.868;

/// Which grid factor to use for electricity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GridChoice {
    /// The official (or estimated) factor of a data year.
    Year { year: i64 },
    /// A factor the consultant supplies, with its source.
    Custom { value: f64, source: String },
}

/// Energy and emissions of a quantity of electricity or fuel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Impact {
    pub gj: f64,
    pub toe: f64,
    /// Fossil CO2, t.
    pub tco2: f64,
    /// CO2 + CH4 + N2O as CO2e, t; only when GWPs were given.
    pub tco2e: Option<f64>,
    /// Biogenic CO2, t (memo item).
    pub biogenic_tco2: f64,
    pub factors: Vec<FactorUsed>,
}

impl Impact {
    /// This impact less `other` (an option's saved lines less its added lines), with the
    /// factors of both.
    pub fn net_of(&self, other: &Impact) -> Impact {
        let mut net = self.clone();
        net.add(&Impact {
            gj: -other.gj,
            toe: -other.toe,
            tco2: -other.tco2,
            tco2e: other.tco2e.map(|x| -x),
            biogenic_tco2: -other.biogenic_tco2,
            factors: other.factors.clone(),
        });
        net
    }

    /// Adds another impact to this one (factors are concatenated, duplicates removed).
    pub fn add(&mut self, other: &Impact) {
        // CO2e of a part without CH4/N2O figures is its CO2.
        if self.tco2e.is_some() || other.tco2e.is_some() {
            self.tco2e = Some(self.tco2e.unwrap_or(self.tco2) + other.tco2e.unwrap_or(other.tco2));
        }
        self.gj += other.gj;
        self.toe += other.toe;
        self.tco2 += other.tco2;
        self.biogenic_tco2 += other.biogenic_tco2;
        for f in &other.factors {
            if !self.factors.contains(f) {
                self.factors.push(f.clone());
            }
        }
    }
}

fn grid_used(g: &GridFactor) -> FactorUsed {
    FactorUsed {
        name: "grid_ef".into(),
        value: g.value,
        unit: "tCO2/MWh".into(),
        year: Some(g.year),
        source: match &g.document {
            Some(d) => format!("{}, {d} ({})", g.publisher, g.source),
            None => format!("{} ({})", g.publisher, g.source),
        },
        verified: g.official && g.verified,
    }
}

fn toe_used(t: &ToeFactor) -> FactorUsed {
    FactorUsed {
        name: format!("toe:{}", t.carrier),
        value: t.value(),
        unit: format!("TOE/{}", t.unit),
        year: None,
        source: format!("{} ({})", t.document, t.source),
        verified: t.verified,
    }
}

/// Resolves a grid choice to the factor used.
pub fn grid_factor(reference: &Reference, choice: &GridChoice) -> Result<FactorUsed, CalcError> {
    match choice {
        GridChoice::Year { year } => reference
            .grid_factor(*year)
            .map(grid_used)
            .ok_or_else(|| CalcError::MissingFactor(format!("grid emission factor for {year}"))),
        GridChoice::Custom { value, source } => {
            if !value.is_finite() || *value <= 0.0 || *value > 5.0 {
                return Err(super::input_err("custom_grid_ef", "out_of_range"));
            }
            if source.trim().is_empty() {
                return Err(super::input_err("custom_grid_ef_source", "required"));
            }
            Ok(FactorUsed {
                name: "grid_ef".into(),
                value: *value,
                unit: "tCO2/MWh".into(),
                year: None,
                source: source.clone(),
                verified: false,
            })
        }
    }
}

/// Energy and CO2 of `quantity` of electricity in an energy unit.
pub fn electricity(
    reference: &Reference,
    quantity: f64,
    unit: &str,
    grid: &FactorUsed,
) -> Result<Impact, CalcError> {
    let quantity = non_negative("quantity", quantity)?;
    let u = parse_unit(unit)?;
    let kwh = convert(quantity, u, Unit::Kwh)?;
    let toe = reference
        .toe_factor("electricity", "kWh")
        .ok_or_else(|| CalcError::MissingFactor("TOE factor for electricity".into()))?;
    Ok(Impact {
        gj: kwh * 3.6 / 1000.0,
        toe: kwh * toe.value(),
        tco2: kwh / 1000.0 * grid.value,
        tco2e: None,
        biogenic_tco2: 0.0,
        factors: vec![grid.clone(), toe_used(toe)],
    })
}

/// Tonnes of a fuel from a quantity in a mass or volume unit (volume needs the density).
fn fuel_tonnes(
    fuel: &Fuel,
    quantity: f64,
    unit: Unit,
) -> Result<(f64, Option<FactorUsed>), CalcError> {
    match unit.dimension() {
        Dimension::Mass => Ok((convert(quantity, unit, Unit::T)?, None)),
        Dimension::Volume => {
            let d = fuel.density_kg_per_l.as_ref().ok_or_else(|| {
                CalcError::MissingFactor(format!(
                    "density of {} (give the quantity in t)",
                    fuel.code
                ))
            })?;
            let t = convert_with_density(quantity, unit, Unit::T, d.value)?;
            let used = FactorUsed {
                name: format!("density:{}", fuel.code),
                value: d.value,
                unit: "kg/L".into(),
                year: None,
                source: d.source.clone(),
                verified: d.verified,
            };
            Ok((t, Some(used)))
        }
        _ => Err(crate::units::UnitError::Incompatible {
            from: unit.code(),
            to: "t",
        }
        .into()),
    }
}

/// Grades of Vietnamese coal fines (than cám) with their own MOIT TOE factors; grade 3–4 is
/// the reference data's default for anthracite.
pub const COAL_GRADES: [&str; 3] = ["1_2", "3_4", "5_6"];

/// Energy, CO2 and (with `gwp`) CO2e of `quantity` of a fuel in a mass or volume unit.
pub fn fuel(
    reference: &Reference,
    fuel: &Fuel,
    quantity: f64,
    unit: &str,
    gwp: Option<&GwpSet>,
) -> Result<Impact, CalcError> {
    fuel_graded(reference, fuel, "", quantity, unit, gwp)
}

/// The MOIT carrier and unit whose TOE factor applies: the coal-fines carrier of `grade` when
/// one is chosen (anthracite only), and the factor of the unit the consultant entered when the
/// table has one (per 1,000 L for a volume of DO, FO or gasoline, per t for a mass), else the
/// fuel's mapped unit.
fn toe_carrier<'r>(
    reference: &'r Reference,
    fuel: &Fuel,
    grade: &str,
    entered: Unit,
) -> Result<Option<&'r ToeFactor>, CalcError> {
    let Some((carrier, mapped_unit)) = &fuel.toe_carrier else {
        if grade.is_empty() {
            return Ok(None);
        }
        return Err(super::input_err("coal_grade", "not_coal_fines"));
    };
    let carrier = if grade.is_empty() {
        carrier.clone()
    } else if carrier.starts_with("coal_fines_grade_") && COAL_GRADES.contains(&grade) {
        format!("coal_fines_grade_{grade}")
    } else {
        return Err(super::input_err("coal_grade", "not_coal_fines"));
    };
    let by_entered: &[&str] = match entered.dimension() {
        Dimension::Volume => &["1000 L", "1000 m3"],
        Dimension::Mass => &["t"],
        _ => &[],
    };
    let found = by_entered
        .iter()
        .find_map(|u| reference.toe_factor(&carrier, u))
        .or_else(|| reference.toe_factor(&carrier, mapped_unit))
        .ok_or_else(|| {
            CalcError::MissingFactor(format!("TOE factor {carrier} per {mapped_unit}"))
        })?;
    Ok(Some(found))
}

/// [`fuel`] with the coal-fines grade chosen for it (`""`: the reference data's default).
pub fn fuel_graded(
    reference: &Reference,
    fuel: &Fuel,
    grade: &str,
    quantity: f64,
    unit: &str,
    gwp: Option<&GwpSet>,
) -> Result<Impact, CalcError> {
    let quantity = non_negative("quantity", quantity)?;
    let u = parse_unit(unit)?;
    let ncv = fuel.ncv_gj_per_t.as_ref().ok_or_else(|| {
        CalcError::MissingFactor(format!(
            "net calorific value of {} (measure it on site)",
            fuel.code
        ))
    })?;
    let (tonnes, density) = fuel_tonnes(fuel, quantity, u)?;
    let gj = tonnes * ncv.value;
    let mut factors = vec![FactorUsed {
        name: format!("ncv:{}", fuel.code),
        value: ncv.value,
        unit: "GJ/t".into(),
        year: None,
        source: ncv.source.clone(),
        verified: ncv.verified,
    }];
    factors.extend(density);
    factors.push(FactorUsed {
        name: format!("co2:{}", fuel.code),
        value: fuel.co2_kg_per_tj.value,
        unit: "kgCO2/TJ".into(),
        year: None,
        source: fuel.co2_kg_per_tj.source.clone(),
        verified: fuel.co2_kg_per_tj.verified,
    });
    let co2 = gj * fuel.co2_kg_per_tj.value / 1e6;
    let tco2e = gwp.map(|g| {
        factors.push(FactorUsed {
            name: format!("ch4:{}", fuel.code),
            value: fuel.ch4_kg_per_tj.value,
            unit: "kgCH4/TJ".into(),
            year: None,
            source: fuel.ch4_kg_per_tj.source.clone(),
            verified: fuel.ch4_kg_per_tj.verified,
        });
        factors.push(FactorUsed {
            name: format!("n2o:{}", fuel.code),
            value: fuel.n2o_kg_per_tj.value,
            unit: "kgN2O/TJ".into(),
            year: None,
            source: fuel.n2o_kg_per_tj.source.clone(),
            verified: fuel.n2o_kg_per_tj.verified,
        });
        for (gas, value) in [("ch4", g.ch4), ("n2o", g.n2o)] {
            factors.push(FactorUsed {
                name: format!("gwp_{gas}:{}", g.code),
                value,
                unit: format!("tCO2e/t{}", gas.to_uppercase()),
                year: None,
                source: g.source.clone(),
                verified: true,
            });
        }
        let non_co2 =
            gj * (fuel.ch4_kg_per_tj.value * g.ch4 + fuel.n2o_kg_per_tj.value * g.n2o) / 1e6;
        if fuel.biogenic {
            non_co2
        } else {
            co2 + non_co2
        }
    });
    let toe = match toe_carrier(reference, fuel, grade, u)? {
        Some(f) => {
            factors.push(toe_used(f));
            let per_unit = match f.unit.as_str() {
                "t" => tonnes,
                "1000 L" => convert(quantity, u, Unit::L)? / 1000.0,
                "1000 m3" => convert(quantity, u, Unit::M3)? / 1000.0,
                other => return Err(CalcError::MissingFactor(format!("TOE unit {other}"))),
            };
            per_unit * f.value()
        }
        None => {
            factors.push(FactorUsed {
                name: format!("toe:{}", fuel.code),
                value: 1.0 / GJ_PER_TOE,
                unit: "TOE/GJ".into(),
                year: None,
                source:
                    "derived from the fuel's NCV (1 TOE = 41.868 GJ); no MOIT factor for this fuel"
                        .into(),
                verified: false,
            });
            gj / GJ_PER_TOE
        }
    };
    Ok(Impact {
        gj,
        toe,
        tco2: if fuel.biogenic { 0.0 } else { co2 },
        tco2e,
        biogenic_tco2: if fuel.biogenic { co2 } else { 0.0 },
        factors,
    })
}
