//! Errors of the report crate. Rendering a PDF from a built model cannot fail (every text is
//! measured and every glyph has a stand-in); writing a workbook can.

/// What went wrong while writing a report file.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The XLSX writer refused the workbook (a sheet name, a cell, the zip container).
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub type Result<T> = std::result::Result<T, ReportError>;
