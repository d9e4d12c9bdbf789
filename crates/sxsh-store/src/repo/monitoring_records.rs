//! Repository of `monitoring_records`: the [`MonitoringRecord`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::MonitoringRecord;

impl Table for MonitoringRecord {
    const TABLE: &'static str = "monitoring_records";
    const ENTITY: &'static str = "monitoring_record";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("option_id", ColKind::Plain),
        Col("indicator", ColKind::Plain),
        Col("unit", ColKind::Plain),
        Col("baseline", ColKind::Plain),
        Col("after", ColKind::Plain),
        Col("period", ColKind::Plain),
        Col("note", ColKind::Plain),
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
