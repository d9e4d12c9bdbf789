//! Repository of `options`: the [`CpOption`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::CpOption;

impl Table for CpOption {
    const TABLE: &'static str = "options";
    const ENTITY: &'static str = "option";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("title", ColKind::Plain),
        Col("description", ColKind::Plain),
        Col("techniques", ColKind::Json),
        Col("cause_ids", ColKind::Json),
        Col("waste_stream_ids", ColKind::Json),
        Col("screening", ColKind::Plain),
        Col("technical_notes", ColKind::Plain),
        Col("investment_vnd", ColKind::Plain),
        Col("savings", ColKind::Json),
        Col("opex_change_vnd", ColKind::Plain),
        Col("life_years", ColKind::Plain),
        Col("score", ColKind::Plain),
        Col("selected", ColKind::Bool),
        Col("status", ColKind::Plain),
        Col("source_item", ColKind::Plain),
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

use crate::error::Result;
use rusqlite::Connection;

/// The columns of a live option that a roll-up needs, read without decoding the whole row.
#[derive(Debug, Clone)]
pub struct RollupRow {
    pub assessment_id: String,
    /// JSON array of technique codes.
    pub techniques: String,
    pub selected: bool,
    pub status: String,
    pub investment_vnd: i64,
    /// JSON array of resource savings.
    pub savings: String,
    pub opex_change_vnd: i64,
    pub life_years: Option<i64>,
}

/// Every live option, for roll-ups.
pub fn rollup_rows(conn: &Connection) -> Result<Vec<RollupRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT assessment_id, techniques, selected, status, investment_vnd, savings, opex_change_vnd, life_years
         FROM options WHERE deleted = 0",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RollupRow {
            assessment_id: r.get(0)?,
            techniques: r.get(1)?,
            selected: r.get(2)?,
            status: r.get(3)?,
            investment_vnd: r.get(4)?,
            savings: r.get(5)?,
            opex_change_vnd: r.get(6)?,
            life_years: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
