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
}
