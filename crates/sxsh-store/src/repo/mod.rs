//! One repository file per table: the table's columns, references and its own queries.

pub mod actions;
pub mod assessments;
pub mod attachments;
pub mod causes;
pub mod checklist_responses;
pub mod enterprises;
pub mod flows;
pub mod monitoring_records;
pub mod observations;
pub mod options;
pub mod process_steps;
pub mod programmes;
pub mod reference;
pub mod settings;
pub mod team_members;
pub mod waste_streams;
