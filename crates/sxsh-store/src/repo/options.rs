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
