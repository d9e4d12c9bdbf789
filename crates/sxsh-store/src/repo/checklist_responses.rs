//! Repository of `checklist_responses`: the [`ChecklistResponse`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::ChecklistResponse;

impl Table for ChecklistResponse {
    const TABLE: &'static str = "checklist_responses";
    const ENTITY: &'static str = "checklist_response";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("item_code", ColKind::Plain),
        Col("answer", ColKind::Plain),
        Col("note", ColKind::Plain),
        Col("reading", ColKind::Plain),
        Col("reading_unit", ColKind::Plain),
        Col("option_id", ColKind::Plain),
    ];
    const PARENTS: &'static [Parent] = &[
        Parent {
            column: "assessment_id",
            table: "assessments",
            entity: "assessment",
        },
        Parent {
            column: "option_id",
            table: "options",
            entity: "option",
        },
    ];

    fn id(&self) -> &str {
        &self.id
    }
}
