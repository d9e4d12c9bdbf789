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

use crate::error::Result;
use rusqlite::Connection;

/// Every live monitoring record, for roll-ups.
pub fn rollup_rows(conn: &Connection) -> Result<Vec<sxsh_domain::repo::MonitoringRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT assessment_id, unit, baseline, after FROM monitoring_records WHERE deleted = 0",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(sxsh_domain::repo::MonitoringRow {
            assessment_id: r.get(0)?,
            unit: r.get(1)?,
            baseline: r.get(2)?,
            after: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
