//! Repository of `process_steps`: the [`ProcessStep`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::ProcessStep;

impl Table for ProcessStep {
    const TABLE: &'static str = "process_steps";
    const ENTITY: &'static str = "process_step";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("seq", ColKind::Plain),
        Col("name", ColKind::Plain),
        Col("description", ColKind::Plain),
        Col("is_focus", ColKind::Bool),
        Col("focus_scores", ColKind::Json),
    ];
    const PARENTS: &'static [Parent] = &[Parent {
        column: "assessment_id",
        table: "assessments",
        entity: "assessment",
    }];

    fn id(&self) -> &str {
        &self.id
    }
}
