//! One repository file per table: the table's columns, references and its own queries.

pub mod programmes;
pub mod enterprises;
pub mod assessments;
pub mod team_members;
pub mod process_steps;
pub mod flows;
pub mod waste_streams;
pub mod causes;
pub mod options;
pub mod actions;
pub mod monitoring_records;
pub mod checklist_responses;
pub mod observations;
pub mod attachments;
