//! Reports of SXSH Field: a format-neutral report model built from domain data by report
//! builders (which never query a database), and its PDF renderer on printpdf.

pub mod model;
pub mod pdf;

pub use model::*;
pub use pdf::render;
