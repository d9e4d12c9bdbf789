//! Repository of `monitoring_records`: the [`MonitoringRecord`] table.

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
