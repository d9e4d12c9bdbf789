//! Repository of `causes`: the [`Cause`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::Cause;

impl Table for Cause {
    const TABLE: &'static str = "causes";
    const ENTITY: &'static str = "cause";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("waste_stream_id", ColKind::Plain),
        Col("category", ColKind::Plain),
        Col("description", ColKind::Plain),
    ];
    const PARENTS: &'static [Parent] = &[
        Parent {
            column: "assessment_id",
            table: "assessments",
            entity: "assessment",
        },
        Parent {
            column: "waste_stream_id",
            table: "waste_streams",
            entity: "waste_stream",
        },
    ];

    fn id(&self) -> &str {
        &self.id
    }
}
