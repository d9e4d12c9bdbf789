//! Repository of `programmes`: the [`Programme`] table.

use crate::table::{Col, ColKind, Table};
use sxsh_domain::model::Programme;

impl Table for Programme {
    const TABLE: &'static str = "programmes";
    const ENTITY: &'static str = "programme";
    const COLUMNS: &'static [Col] = &[
        Col("id", ColKind::Plain),
        Col("name", ColKind::Plain),
        Col("funder", ColKind::Plain),
        Col("office", ColKind::Plain),
        Col("province", ColKind::Plain),
        Col("period_start", ColKind::Plain),
        Col("period_end", ColKind::Plain),
        Col("targets", ColKind::Json),
    ];

    fn id(&self) -> &str {
        &self.id
    }
}
