//! The format-neutral report model: what a report says, not how a page looks. Builders make it
//! from domain data; renderers (PDF today) lay it out.

/// How a table column aligns its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Numbers: right-aligned.
    Right,
}

/// A table column: its header and alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub align: Align,
}

/// A table; it paginates with its header row repeated on every page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Wide tables go on landscape pages.
    pub landscape: bool,
}

/// A vector chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Horizontal bars, one per label (e.g. annual savings per option).
    Bars {
        title: String,
        unit: String,
        bars: Vec<(String, f64)>,
    },
    /// Before / after pairs (monitoring).
    BeforeAfter {
        title: String,
        before_label: String,
        after_label: String,
        items: Vec<(String, f64, f64, String)>,
    },
    /// Process steps left to right with their inputs above and outputs below.
    Flow { title: String, steps: Vec<FlowStep> },
}

/// One step of a process-flow diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowStep {
    pub name: String,
    pub focus: bool,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
}

/// A photo: JPEG bytes already at print size, with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    pub caption: String,
    /// What the photo shows: the entity (`checklist_response`, `observation`, `assessment`,
    /// …) and row it belongs to, so the report prints it beside that item.
    pub owner_entity: String,
    pub owner_id: String,
}

/// One block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A numbered heading (level 1 or 2); numbers are assigned by the renderer.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Label–value pairs.
    KeyValue(Vec<(String, String)>),
    Table(Table),
    Chart(Chart),
    Photos(Vec<Photo>),
    /// A note in italics (sources, caveats, "no data yet").
    Note(String),
    /// Signature boxes side by side, kept together on one page: each a role ("Đại diện cơ
    /// sở"), the instruction under it ("Ký, ghi rõ họ tên"), room to sign, and the name.
    Signatures(Vec<Signature>),
    PageBreak,
}

/// One signature box.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub role: String,
    pub instruction: String,
    /// The signer's name where it is known, else empty (written by hand).
    pub name: String,
}

/// The cover page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cover {
    pub kicker: String,
    pub title: String,
    pub subtitle: String,
    pub lines: Vec<(String, String)>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Shown in the running header of every page after the cover.
    pub header: String,
    /// "Trang" / "Page" for the footer "Trang X/Y".
    pub page_label: String,
    /// The document's title in the PDF metadata.
    pub title: String,
    pub cover: Cover,
    pub blocks: Vec<Block>,
    /// Language of number formatting in charts.
    pub lang: sxsh_domain::format::Lang,
    /// Creation time written in the PDF (seconds since 1970); none = now.
    pub created_unix: Option<i64>,
}
