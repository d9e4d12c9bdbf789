//! Repository of `team_members`: the [`TeamMember`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::TeamMember;

impl Table for TeamMember {
    const TABLE: &'static str = "team_members";
    const ENTITY: &'static str = "team_member";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("name", ColKind::Plain),
        Col("position", ColKind::Plain),
        Col("role", ColKind::Plain),
        Col("organisation", ColKind::Plain),
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
