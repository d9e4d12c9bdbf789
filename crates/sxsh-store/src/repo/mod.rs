//! The queries of a table beyond the generic ones (`crate::table`); every entity's columns and
//! references are declared once in `crate::registry`.

pub mod assessments;
pub mod attachments;
pub mod enterprises;
pub mod monitoring_records;
pub mod options;
pub mod reference;
pub mod settings;
