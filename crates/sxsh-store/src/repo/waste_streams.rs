//! Repository of `waste_streams`: the [`WasteStream`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::WasteStream;

impl Table for WasteStream {
    const TABLE: &'static str = "waste_streams";
    const ENTITY: &'static str = "waste_stream";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("step_id", ColKind::Plain),
        Col("name", ColKind::Plain),
        Col("kind", ColKind::Plain),
        Col("quantity", ColKind::Plain),
        Col("unit", ColKind::Plain),
        Col("period", ColKind::Plain),
        Col("material_value_per_unit_vnd", ColKind::Plain),
        Col("embedded_energy_kwh", ColKind::Plain),
        Col("embedded_water_m3", ColKind::Plain),
        Col("treatment_cost_vnd", ColKind::Plain),
        Col("disposal_cost_vnd", ColKind::Plain),
        Col("fees_vnd", ColKind::Plain),
        Col("note", ColKind::Plain),
    ];
    const PARENTS: &'static [Parent] = &[
        Parent {
            column: "assessment_id",
            table: "assessments",
            entity: "assessment",
        },
        Parent {
            column: "step_id",
            table: "process_steps",
            entity: "process_step",
        },
    ];

    fn id(&self) -> &str {
        &self.id
    }
}
