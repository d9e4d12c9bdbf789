//! Repository of `attachments`: the [`Attachment`] table.

use crate::table::{Col, ColKind, Parent, Table};
use sxsh_domain::model::Attachment;

impl Table for Attachment {
    const TABLE: &'static str = "attachments";
    const ENTITY: &'static str = "attachment";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("sha256", ColKind::Plain),
        Col("mime", ColKind::Plain),
        Col("size", ColKind::Plain),
        Col("caption", ColKind::Plain),
        Col("taken_at", ColKind::Plain),
        Col("owner_entity", ColKind::Plain),
        Col("owner_id", ColKind::Plain),
        Col("assessment_id", ColKind::Plain),
        Col("original_name", ColKind::Plain),
    ];
    const PARENTS: &'static [Parent] = &[
        Parent { column: "assessment_id", table: "assessments", entity: "assessment" },
    ];

    fn id(&self) -> &str {
        &self.id
    }
}
