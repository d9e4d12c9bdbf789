//! Repository of `actions`: the [`Action`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::Action;

impl Table for Action {
    const TABLE: &'static str = "actions";
    const ENTITY: &'static str = "action";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("option_id", ColKind::Plain),
        Col("title", ColKind::Plain),
        Col("owner", ColKind::Plain),
        Col("start_date", ColKind::Plain),
        Col("end_date", ColKind::Plain),
        Col("budget_vnd", ColKind::Plain),
        Col("status", ColKind::Plain),
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
