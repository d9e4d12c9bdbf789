//! Repository of `observations`: the [`Observation`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::Observation;

impl Table for Observation {
    const TABLE: &'static str = "observations";
    const ENTITY: &'static str = "observation";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("area", ColKind::Plain),
        Col("text", ColKind::Plain),
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
