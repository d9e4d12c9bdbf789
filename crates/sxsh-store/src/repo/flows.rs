//! Repository of `flows`: the [`Flow`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::Flow;

impl Table for Flow {
    const TABLE: &'static str = "flows";
    const ENTITY: &'static str = "flow";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("step_id", ColKind::Plain),
        Col("direction", ColKind::Plain),
        Col("category", ColKind::Plain),
        Col("name", ColKind::Plain),
        Col("quantity", ColKind::Plain),
        Col("unit", ColKind::Plain),
        Col("period", ColKind::Plain),
        Col("unit_price_vnd", ColKind::Plain),
        Col("fuel_code", ColKind::Plain),
        Col("source", ColKind::Plain),
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
