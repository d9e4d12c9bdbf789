//! Units of measure accepted for quantities. Codes are stable strings stored in the database.
//! Conversions between units arrive with the calculation engine; here a unit is only named,
//! parsed and given its dimension so that validation can refuse an unknown or misplaced unit.

/// The physical dimension of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Mass,
    Volume,
    Energy,
    Money,
    Count,
    Time,
    Area,
    Power,
    /// Dimensionless ratio (%).
    Ratio,
}

/// A unit of measure, by stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Kg,
    T,
    L,
    M3,
    Hl,
    ThousandM3,
    Kwh,
    Mwh,
    Mj,
    Gj,
    Toe,
    Vnd,
    Pcs,
    H,
    Day,
    M2,
    Kw,
    Percent,
}

impl Unit {
    /// Every unit, in display order.
    pub const ALL: [Unit; 18] = [
        Unit::Kg,
        Unit::T,
        Unit::L,
        Unit::M3,
        Unit::Hl,
        Unit::ThousandM3,
        Unit::Kwh,
        Unit::Mwh,
        Unit::Mj,
        Unit::Gj,
        Unit::Toe,
        Unit::Vnd,
        Unit::Pcs,
        Unit::H,
        Unit::Day,
        Unit::M2,
        Unit::Kw,
        Unit::Percent,
    ];

    /// The stable code (also the symbol shown to users).
    pub fn code(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::T => "t",
            Unit::L => "L",
            Unit::M3 => "m3",
            Unit::Hl => "hl",
            Unit::ThousandM3 => "1000m3",
            Unit::Kwh => "kWh",
            Unit::Mwh => "MWh",
            Unit::Mj => "MJ",
            Unit::Gj => "GJ",
            Unit::Toe => "TOE",
            Unit::Vnd => "VND",
            Unit::Pcs => "pcs",
            Unit::H => "h",
            Unit::Day => "day",
            Unit::M2 => "m2",
            Unit::Kw => "kW",
            Unit::Percent => "%",
        }
    }

    /// Parses a unit code exactly as [`Unit::code`] writes it.
    pub fn parse(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The dimension the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Kg | Unit::T => Dimension::Mass,
            Unit::L | Unit::M3 | Unit::Hl | Unit::ThousandM3 => Dimension::Volume,
            Unit::Kwh | Unit::Mwh | Unit::Mj | Unit::Gj | Unit::Toe => Dimension::Energy,
            Unit::Vnd => Dimension::Money,
            Unit::Pcs => Dimension::Count,
            Unit::H | Unit::Day => Dimension::Time,
            Unit::M2 => Dimension::Area,
            Unit::Kw => Dimension::Power,
            Unit::Percent => Dimension::Ratio,
        }
    }
}

/// Why a conversion was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    #[error("unknown unit {0:?}")]
    Unknown(String),
    #[error("cannot convert {from} to {to}: they measure different things")]
    Incompatible {
        from: &'static str,
        to: &'static str,
    },
    #[error("converting {from} to {to} needs the fuel's density")]
    NeedsDensity {
        from: &'static str,
        to: &'static str,
    },
    #[error("value must be a finite number")]
    NotFinite,
}

impl Unit {
    /// How many base units one of this unit is. Bases: kg, L, MJ, VND, pcs, h, m², kW, %.
    /// 1 TOE = 41.868 GJ (the conventional tonne of oil equivalent, 10 Gcal).
    pub fn to_base(self) -> f64 {
        match self {
            Unit::Kg => 1.0,
            Unit::T => 1000.0,
            Unit::L => 1.0,
            Unit::M3 => 1000.0,
            Unit::Hl => 100.0,
            Unit::ThousandM3 => 1_000_000.0,
            Unit::Kwh => 3.6,
            Unit::Mwh => 3600.0,
            Unit::Mj => 1.0,
            Unit::Gj => 1000.0,
            Unit::Toe => 41_868.0,
            Unit::Vnd | Unit::Pcs | Unit::H | Unit::M2 | Unit::Kw | Unit::Percent => 1.0,
            Unit::Day => 24.0,
        }
    }
}

/// Converts `value` from one unit to another of the same dimension:
/// `value × to_base(from) / to_base(to)`. Mass ↔ volume is refused here (see
/// [`convert_with_density`]); any other change of dimension is refused, never guessed.
pub fn convert(value: f64, from: Unit, to: Unit) -> Result<f64, UnitError> {
    if !value.is_finite() {
        return Err(UnitError::NotFinite);
    }
    if from == to {
        return Ok(value);
    }
    match (from.dimension(), to.dimension()) {
        (a, b) if a == b => Ok(value * from.to_base() / to.to_base()),
        (Dimension::Mass, Dimension::Volume) | (Dimension::Volume, Dimension::Mass) => {
            Err(UnitError::NeedsDensity {
                from: from.code(),
                to: to.code(),
            })
        }
        _ => Err(UnitError::Incompatible {
            from: from.code(),
            to: to.code(),
        }),
    }
}

/// Converts between mass and volume of a fuel through its density (kg/L):
/// mass_kg = volume_L × density. Same-dimension conversions work as in [`convert`].
pub fn convert_with_density(
    value: f64,
    from: Unit,
    to: Unit,
    density_kg_per_l: f64,
) -> Result<f64, UnitError> {
    if !value.is_finite() || !density_kg_per_l.is_finite() || density_kg_per_l <= 0.0 {
        return Err(UnitError::NotFinite);
    }
    match (from.dimension(), to.dimension()) {
        (Dimension::Mass, Dimension::Volume) => {
            let kg = convert(value, from, Unit::Kg)?;
            convert(kg / density_kg_per_l, Unit::L, to)
        }
        (Dimension::Volume, Dimension::Mass) => {
            let l = convert(value, from, Unit::L)?;
            convert(l * density_kg_per_l, Unit::Kg, to)
        }
        _ => convert(value, from, to),
    }
}

/// Parses a unit code, with an error naming it.
pub fn parse_unit(code: &str) -> Result<Unit, UnitError> {
    Unit::parse(code).ok_or_else(|| UnitError::Unknown(code.to_string()))
}

/// A ratio unit such as `kWh/t` or `m3/t`: a numerator and a denominator unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatioUnit {
    pub num: Unit,
    pub den: Unit,
}

impl RatioUnit {
    /// Parses `num/den`, e.g. `kWh/t`.
    pub fn parse(code: &str) -> Option<RatioUnit> {
        let (n, d) = code.split_once('/')?;
        Some(RatioUnit {
            num: Unit::parse(n)?,
            den: Unit::parse(d)?,
        })
    }

    /// The code, e.g. `kWh/t`.
    pub fn code(self) -> String {
        format!("{}/{}", self.num.code(), self.den.code())
    }
}

/// Converts a ratio `value num/den` to `to.num/to.den`; both parts must keep their dimension.
pub fn convert_ratio(value: f64, from: RatioUnit, to: RatioUnit) -> Result<f64, UnitError> {
    let num = convert(value, from.num, to.num)?;
    // x per 1 den_from = x / (den_from→den_to factor) per den_to
    let den = convert(1.0, from.den, to.den)?;
    Ok(num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_to_its_unit() {
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.code()), Some(u));
        }
        assert_eq!(Unit::parse("furlong"), None);
        assert_eq!(Unit::parse("KG"), None, "codes are case-sensitive");
    }

    #[test]
    fn conversions_by_hand() {
        let cases = [
            (2.5, Unit::T, Unit::Kg, 2500.0),
            (3.0, Unit::Hl, Unit::L, 300.0),
            (3.0, Unit::Hl, Unit::M3, 0.3),
            (1.0, Unit::Kwh, Unit::Mj, 3.6),
            (1.0, Unit::Toe, Unit::Gj, 41.868),
            (11.63, Unit::Mwh, Unit::Toe, 11.63 * 3600.0 / 41868.0),
            (2.0, Unit::Day, Unit::H, 48.0),
            (5.0, Unit::ThousandM3, Unit::M3, 5000.0),
        ];
        for (v, from, to, want) in cases {
            let got = convert(v, from, to).unwrap();
            assert!(
                (got - want).abs() < 1e-9 * want.abs().max(1.0),
                "{v} {from:?}->{to:?}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn meaningless_conversions_are_refused() {
        assert_eq!(
            convert(1.0, Unit::Kwh, Unit::T),
            Err(UnitError::Incompatible {
                from: "kWh",
                to: "t"
            })
        );
        assert_eq!(
            convert(1.0, Unit::L, Unit::Kg),
            Err(UnitError::NeedsDensity {
                from: "L",
                to: "kg"
            })
        );
        assert_eq!(
            convert(f64::NAN, Unit::L, Unit::M3),
            Err(UnitError::NotFinite)
        );
        assert_eq!(
            convert(1.0, Unit::Vnd, Unit::Pcs),
            Err(UnitError::Incompatible {
                from: "VND",
                to: "pcs"
            })
        );
    }

    #[test]
    fn fuel_mass_and_volume_through_density() {
        // Diesel at 0.84 kg/L: 1 t = 1190.476 L.
        let l = convert_with_density(1.0, Unit::T, Unit::L, 0.84).unwrap();
        assert!((l - 1000.0 / 0.84).abs() < 1e-9);
        let t = convert_with_density(l, Unit::L, Unit::T, 0.84).unwrap();
        assert!((t - 1.0).abs() < 1e-12);
        assert_eq!(
            convert_with_density(1.0, Unit::T, Unit::L, 0.0),
            Err(UnitError::NotFinite)
        );
    }

    #[test]
    fn ratio_units_convert_both_parts() {
        let from = RatioUnit::parse("kWh/t").unwrap();
        let to = RatioUnit::parse("MJ/kg").unwrap();
        // 2050 kWh per t = 7380 MJ per 1000 kg = 7.38 MJ/kg
        assert!((convert_ratio(2050.0, from, to).unwrap() - 7.38).abs() < 1e-9);
        assert_eq!(RatioUnit::parse("kWh/furlong"), None);
        assert_eq!(from.code(), "kWh/t");
    }
}
