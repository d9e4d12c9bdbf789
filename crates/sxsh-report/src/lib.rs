//! Reports of SXSH Field: a format-neutral report model built from domain data by report
//! builders (which never query a database), and its PDF renderer on printpdf.

pub mod build;
pub mod catalog;
pub mod data;
pub mod detailed;
pub mod error;
pub mod model;
pub mod pdf;
pub mod quick;
pub mod rollup;
pub mod sections;
pub mod worksheets;

pub use error::{ReportError, Result};
pub use model::*;
pub use pdf::render;
