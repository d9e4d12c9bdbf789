//! The PDF renderer: lays a [`Report`] out on A4 pages with printpdf's drawing operations.
//! Text is NFC, measured by glyph advances of the embedded Noto Sans faces and wrapped greedily,
//! never past the margins. Tables repeat their header on each page; charts are vector drawings
//! with real (searchable) text; every page after the cover has a running header and the footer
//! "Trang X/Y".

use crate::model::*;
use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Line, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, Px, Rgb, TextItem, WindingOrder, XObjectId, XObjectTransform,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use sxsh_domain::format::format_number;
use unicode_normalization::UnicodeNormalization;

const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 70.0;
const MARGIN_BOTTOM: f32 = 60.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const PAD: f32 = 4.0;
/// Tallest a photo is drawn, in points (about 8 cm).
const PHOTO_MAX_H: f32 = 230.0;

const INK: (f32, f32, f32) = (0.13, 0.15, 0.18);
const MUTED: (f32, f32, f32) = (0.42, 0.45, 0.50);
const ACCENT: (f32, f32, f32) = (0.05, 0.42, 0.33);
const RULE: (f32, f32, f32) = (0.80, 0.82, 0.85);
const HEAD_FILL: (f32, f32, f32) = (0.91, 0.95, 0.93);
const BAR_BEFORE: (f32, f32, f32) = (0.62, 0.65, 0.70);

/// The three embedded faces of Noto Sans.
pub struct Fonts {
    faces: [ParsedFont; 3],
    upem: [f32; 3],
}

/// A face of the report font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular = 0,
    Bold = 1,
    Italic = 2,
}

impl Fonts {
    /// The fonts shipped in `assets/fonts`, parsed once per process.
    pub fn embedded() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| {
            let parse = |bytes: &[u8]| {
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("embedded font parses")
            };
            let faces = [
                parse(include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf")),
                parse(include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf")),
                parse(include_bytes!("../../../assets/fonts/NotoSans-Italic.ttf")),
            ];
            let upem = [0, 1, 2].map(|i| f32::from(faces[i].font_metrics.units_per_em.max(1)));
            Fonts { faces, upem }
        })
    }

    /// `text` in NFC with every character the face lacks replaced by a close stand-in
    /// (≈ → ~, ≤ → <=, …) or `?`, so nothing prints as an empty box.
    pub fn printable(&self, face: Face, text: &str) -> String {
        let f = &self.faces[face as usize];
        let mut out = String::with_capacity(text.len());
        for c in text.nfc() {
            if f.lookup_glyph_index(c as u32).is_some() || c.is_whitespace() {
                out.push(c);
                continue;
            }
            out.push_str(match c {
                '≈' | '∼' => "~",
                '≤' => "<=",
                '≥' => ">=",
                '≠' => "!=",
                '→' | '⟶' => "->",
                '←' => "<-",
                '↓' | '↑' => "|",
                '⁰' => "0",
                '¹' => "1",
                '²' => "2",
                '³' => "3",
                '₀'..='₉' => {
                    out.push_str(&text_digit(c));
                    continue;
                }
                _ => "?",
            });
        }
        out
    }

    /// Width of `text` in points at `size`, from the glyph advances of its printable form (no
    /// kerning is applied when drawing, so this is exactly the drawn width).
    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let f = &self.faces[face as usize];
        let units: u32 = self
            .printable(face, text)
            .chars()
            .map(|c| {
                f.lookup_glyph_index(c as u32)
                    .map(|g| u32::from(f.get_horizontal_advance(g)))
                    .unwrap_or(600)
            })
            .sum();
        units as f32 * size / self.upem[face as usize]
    }

    /// Greedy word wrap of `text` into lines no wider than `width`; words longer than a line
    /// are broken by characters.
    pub fn wrap(&self, face: Face, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            // Only ordinary spaces break lines: a no-break space keeps "12,5 %" together.
            for word in para.split([' ', '\t']).filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(face, &candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(face, word, size) <= width {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width(face, &next, size) > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

impl Fonts {
    /// [`Fonts::wrap`] for titles: when the last line would hold a single word, the previous
    /// line gives it its last word too (no orphan word under a title).
    pub fn wrap_title(&self, face: Face, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = self.wrap(face, text, size, width);
        let n = lines.len();
        if n >= 2 && !lines[n - 1].contains(' ') {
            let prev = lines[n - 2].clone();
            if let Some((head, moved)) = prev.rsplit_once(' ') {
                let last = format!("{moved} {}", lines[n - 1]);
                if self.width(face, &last, size) <= width {
                    lines[n - 2] = head.to_string();
                    lines[n - 1] = last;
                }
            }
        }
        lines
    }
}

/// The ASCII digit of a subscript digit (₂ → "2").
fn text_digit(c: char) -> String {
    char::from_digit(c as u32 - '₀' as u32, 10).map_or_else(String::new, String::from)
}

fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

struct Page {
    ops: Vec<Op>,
    w: f32,
    h: f32,
    cover: bool,
}

/// Lays blocks out page by page.
struct Writer<'a> {
    fonts: &'a Fonts,
    ids: [FontId; 3],
    lang: sxsh_domain::format::Lang,
    pages: Vec<Page>,
    y: f32,
    h1: u32,
    h2: u32,
    /// The image XObjects of the report's photos, in the order they appear.
    photo_ids: Vec<XObjectId>,
    next_photo: usize,
}

impl Writer<'_> {
    fn page(&self) -> &Page {
        self.pages.last().expect("a page")
    }

    fn width(&self) -> f32 {
        self.page().w - 2.0 * MARGIN_X
    }

    fn new_page(&mut self, landscape: bool) {
        let (w, h) = if landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        self.pages.push(Page {
            ops: Vec::new(),
            w,
            h,
            cover: false,
        });
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `needed` points still fit on this one.
    fn ensure(&mut self, needed: f32) {
        let landscape = self.page().w > self.page().h;
        if self.y + needed > self.page().h - MARGIN_BOTTOM {
            self.new_page(landscape);
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages.last_mut().expect("a page").ops
    }

    /// Draws one line of text with its baseline `baseline` points below the top of the page.
    fn text_at(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        face: Face,
        size: f32,
        color: (f32, f32, f32),
    ) {
        let y = self.page().h - baseline;
        let font = self.ids[face as usize].clone();
        let text = self.fonts.printable(face, text);
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(color) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ]);
    }

    /// A filled rectangle; `top` from the top of the page.
    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        let page_h = self.page().h;
        let (y0, y1) = (page_h - top - h, page_h - top);
        self.ops().extend([
            Op::SetFillColor { col: rgb(color) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![pt(x, y0), pt(x + w, y0), pt(x + w, y1), pt(x, y1)],
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// A line from (x1, top1) to (x2, top2).
    fn line(&mut self, x1: f32, top1: f32, x2: f32, top2: f32, width: f32, color: (f32, f32, f32)) {
        let page_h = self.page().h;
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(color) },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: vec![pt(x1, page_h - top1), pt(x2, page_h - top2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Wrapped text at the current position, across pages when needed.
    fn flow_text(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        color: (f32, f32, f32),
        indent: f32,
    ) {
        let lh = size * 1.45;
        for line in self.fonts.wrap(face, text, size, self.width() - indent) {
            self.ensure(lh);
            self.y += lh;
            self.text_at(
                MARGIN_X + indent,
                self.y - size * 0.3,
                &line,
                face,
                size,
                color,
            );
        }
    }

    fn heading(&mut self, level: u8, text: &str) {
        let (size, number) = if level <= 1 {
            self.h1 += 1;
            self.h2 = 0;
            (15.0, format!("{}.", self.h1))
        } else {
            self.h2 += 1;
            (12.0, format!("{}.{}.", self.h1, self.h2))
        };
        self.ensure(size * 4.0);
        self.y += size * 0.9;
        let label = format!("{number} {text}");
        let color = if level <= 1 { ACCENT } else { INK };
        self.flow_text(&label, Face::Bold, size, color, 0.0);
        if level <= 1 {
            let w = self.page().w;
            self.line(
                MARGIN_X,
                self.y + 3.0,
                w - MARGIN_X,
                self.y + 3.0,
                0.6,
                ACCENT,
            );
        }
        self.y += 6.0;
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let label_w = (self.width() * 0.36).min(190.0);
        let lh = BODY * 1.45;
        for (k, v) in pairs {
            let keys = self.fonts.wrap(Face::Bold, k, BODY, label_w - PAD);
            let vals = self
                .fonts
                .wrap(Face::Regular, v, BODY, self.width() - label_w);
            let n = keys.len().max(vals.len());
            self.ensure(lh * n as f32 + 2.0);
            let top = self.y;
            for (i, line) in keys.iter().enumerate() {
                self.text_at(
                    MARGIN_X,
                    top + lh * (i as f32 + 1.0) - BODY * 0.3,
                    line,
                    Face::Bold,
                    BODY,
                    MUTED,
                );
            }
            for (i, line) in vals.iter().enumerate() {
                self.text_at(
                    MARGIN_X + label_w,
                    top + lh * (i as f32 + 1.0) - BODY * 0.3,
                    line,
                    Face::Regular,
                    BODY,
                    INK,
                );
            }
            self.y = top + lh * n as f32 + 2.0;
        }
        self.y += 4.0;
    }

    /// Column widths sized to content, as a browser's automatic table layout does: every column
    /// first gets its longest unbreakable word (numbers never break), then the room left is shared
    /// in proportion to how much more each column's unwrapped text would need.
    fn column_widths(&self, t: &Table, size: f32) -> Vec<f32> {
        let avail = self.width();
        let pad = 2.0 * PAD + 1.0;
        let cells = |c: usize| {
            std::iter::once((Face::Bold, t.columns[c].title.as_str())).chain(
                t.rows
                    .iter()
                    .map(move |r| (Face::Regular, r.get(c).map_or("", |s| s.as_str()))),
            )
        };
        let mut min = Vec::with_capacity(t.columns.len());
        let mut max = Vec::with_capacity(t.columns.len());
        for c in 0..t.columns.len() {
            let (mut lo, mut hi) = (0.0f32, 0.0f32);
            for (face, text) in cells(c) {
                for word in text.split([' ', '\t']).filter(|w| !w.is_empty()) {
                    lo = lo.max(self.fonts.width(face, word, size));
                }
                hi = hi.max(self.fonts.width(face, text, size).min(avail * 0.6));
            }
            let lo = lo.min(avail * 0.35) + pad;
            min.push(lo);
            max.push((hi + pad).max(lo));
        }
        let (sum_min, sum_max): (f32, f32) = (min.iter().sum(), max.iter().sum());
        if sum_max <= avail {
            return max.iter().map(|w| w * avail / sum_max).collect();
        }
        if sum_min >= avail {
            return min.iter().map(|w| w * avail / sum_min).collect();
        }
        let spare = avail - sum_min;
        min.iter()
            .zip(&max)
            .map(|(lo, hi)| lo + (hi - lo) * spare / (sum_max - sum_min))
            .collect()
    }

    fn table(&mut self, t: &Table) {
        if t.landscape && self.page().w < self.page().h {
            self.new_page(true);
        }
        let size = if t.columns.len() > 6 { SMALL } else { 9.0 };
        let lh = size * 1.35;
        let widths = self.column_widths(t, size);
        let header: Vec<Vec<String>> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.fonts.wrap(Face::Bold, &c.title, size, w - 2.0 * PAD))
            .collect();
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * PAD;
        let draw_header = |w: &mut Self| {
            let top = w.y;
            let width = w.width();
            w.rect(MARGIN_X, top, width, header_h, HEAD_FILL);
            let mut x = MARGIN_X;
            for ((lines, col), cw) in header.iter().zip(&t.columns).zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    let lw = w.fonts.width(Face::Bold, line, size);
                    let tx = if col.align == Align::Right {
                        x + cw - PAD - lw
                    } else {
                        x + PAD
                    };
                    w.text_at(
                        tx,
                        top + PAD + lh * (i as f32 + 1.0) - size * 0.3,
                        line,
                        Face::Bold,
                        size,
                        INK,
                    );
                }
                x += cw;
            }
            w.y = top + header_h;
        };
        self.ensure(header_h + lh * 2.0 + 2.0 * PAD);
        draw_header(self);
        for row in &t.rows {
            let cells: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    self.fonts.wrap(
                        Face::Regular,
                        row.get(c).map_or("", |s| s.as_str()),
                        size,
                        w - 2.0 * PAD,
                    )
                })
                .collect();
            let row_h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * PAD;
            if self.y + row_h > self.page().h - MARGIN_BOTTOM {
                let landscape = self.page().w > self.page().h;
                self.new_page(landscape);
                draw_header(self);
            }
            let top = self.y;
            let mut x = MARGIN_X;
            for ((lines, col), cw) in cells.iter().zip(&t.columns).zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    let lw = self.fonts.width(Face::Regular, line, size);
                    let tx = if col.align == Align::Right {
                        x + cw - PAD - lw
                    } else {
                        x + PAD
                    };
                    self.text_at(
                        tx,
                        top + PAD + lh * (i as f32 + 1.0) - size * 0.3,
                        line,
                        Face::Regular,
                        size,
                        INK,
                    );
                }
                x += cw;
            }
            self.y = top + row_h;
            let w = self.page().w;
            self.line(MARGIN_X, self.y, w - MARGIN_X, self.y, 0.4, RULE);
        }
        self.y += 10.0;
    }

    fn number(&self, v: f64) -> String {
        let decimals = if v.abs() >= 100.0 || (v.fract() == 0.0 && v.abs() < 1e15) {
            0
        } else if v.abs() >= 1.0 {
            1
        } else {
            2
        };
        format_number(v, decimals, self.lang)
    }

    fn bars(&mut self, title: &str, unit: &str, bars: &[(String, f64)]) {
        self.chart_title(title);
        let label_w = self.width() * 0.34;
        let bar_h = 11.0;
        let max = bars
            .iter()
            .map(|b| b.1)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE);
        for (label, v) in bars {
            let lines = self.fonts.wrap(Face::Regular, label, SMALL, label_w - PAD);
            let lines = &lines[..lines.len().min(2)];
            let row_h = (lines.len() as f32 * SMALL * 1.3).max(bar_h) + 6.0;
            self.ensure(row_h);
            let top = self.y;
            for (i, l) in lines.iter().enumerate() {
                self.text_at(
                    MARGIN_X,
                    top + SMALL * 1.3 * (i as f32 + 1.0) - 1.0,
                    l,
                    Face::Regular,
                    SMALL,
                    INK,
                );
            }
            let value_text = format!("{} {unit}", self.number(*v));
            let value_w = self.fonts.width(Face::Regular, &value_text, SMALL) + 6.0;
            let full = self.width() - label_w - value_w;
            let len = (v.max(0.0) / max) as f32 * full;
            self.rect(MARGIN_X + label_w, top + 2.0, len.max(0.5), bar_h, ACCENT);
            self.text_at(
                MARGIN_X + label_w + len + 4.0,
                top + bar_h - 0.5,
                &value_text,
                Face::Regular,
                SMALL,
                INK,
            );
            self.y = top + row_h;
        }
        self.y += 8.0;
    }

    fn chart_title(&mut self, title: &str) {
        self.ensure(40.0);
        self.y += 4.0;
        self.flow_text(title, Face::Bold, BODY, INK, 0.0);
        self.y += 4.0;
    }

    fn before_after(
        &mut self,
        title: &str,
        before: &str,
        after: &str,
        items: &[(String, f64, f64, String)],
    ) {
        self.chart_title(title);
        // Legend.
        let top = self.y;
        self.rect(MARGIN_X, top + 2.0, 10.0, 7.0, BAR_BEFORE);
        self.text_at(
            MARGIN_X + 14.0,
            top + 8.5,
            before,
            Face::Regular,
            SMALL,
            INK,
        );
        let bx = MARGIN_X + 24.0 + self.fonts.width(Face::Regular, before, SMALL);
        self.rect(bx, top + 2.0, 10.0, 7.0, ACCENT);
        self.text_at(bx + 14.0, top + 8.5, after, Face::Regular, SMALL, INK);
        self.y = top + 16.0;
        let label_w = self.width() * 0.34;
        for (label, b, a, unit) in items {
            let lines = self.fonts.wrap(Face::Regular, label, SMALL, label_w - PAD);
            let lines = &lines[..lines.len().min(2)];
            let row_h = 28.0f32.max(lines.len() as f32 * SMALL * 1.3) + 4.0;
            self.ensure(row_h);
            let top = self.y;
            for (i, l) in lines.iter().enumerate() {
                self.text_at(
                    MARGIN_X,
                    top + SMALL * 1.3 * (i as f32 + 1.0),
                    l,
                    Face::Regular,
                    SMALL,
                    INK,
                );
            }
            // Items in the same unit share one scale, so their bars compare.
            let max = items
                .iter()
                .filter(|other| other.3 == *unit)
                .map(|other| other.1.max(other.2))
                .fold(f64::MIN_POSITIVE, f64::max);
            let texts = [
                format!("{} {unit}", self.number(*b)),
                format!("{} {unit}", self.number(*a)),
            ];
            let value_w = texts
                .iter()
                .map(|t| self.fonts.width(Face::Regular, t, SMALL))
                .fold(0.0, f32::max)
                + 6.0;
            let full = self.width() - label_w - value_w;
            for (k, (v, color)) in [(*b, BAR_BEFORE), (*a, ACCENT)].into_iter().enumerate() {
                let y = top + 2.0 + k as f32 * 12.0;
                let len = (v.max(0.0) / max) as f32 * full;
                self.rect(MARGIN_X + label_w, y, len.max(0.5), 10.0, color);
                self.text_at(
                    MARGIN_X + label_w + len + 4.0,
                    y + 8.5,
                    &texts[k],
                    Face::Regular,
                    SMALL,
                    INK,
                );
            }
            self.y = top + row_h;
        }
        self.y += 8.0;
    }

    fn flow_diagram(&mut self, title: &str, steps: &[FlowStep]) {
        self.chart_title(title);
        let per_row = 4usize;
        let gap = 18.0;
        let box_w = (self.width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
        for chunk in steps.chunks(per_row) {
            let wrap = |w: &Self, items: &[String]| -> Vec<String> {
                items
                    .iter()
                    .flat_map(|s| w.fonts.wrap(Face::Regular, &format!("• {s}"), 7.0, box_w))
                    .collect()
            };
            let ins: Vec<Vec<String>> = chunk.iter().map(|s| wrap(self, &s.inputs)).collect();
            let outs: Vec<Vec<String>> = chunk.iter().map(|s| wrap(self, &s.outputs)).collect();
            let names: Vec<Vec<String>> = chunk
                .iter()
                .map(|s| self.fonts.wrap(Face::Bold, &s.name, 8.5, box_w - 2.0 * PAD))
                .collect();
            let in_h = ins.iter().map(Vec::len).max().unwrap_or(0) as f32 * 9.0;
            let out_h = outs.iter().map(Vec::len).max().unwrap_or(0) as f32 * 9.0;
            let name_h = names.iter().map(Vec::len).max().unwrap_or(1) as f32 * 11.0 + 2.0 * PAD;
            self.ensure(in_h + name_h + out_h + 16.0);
            let top = self.y;
            for (i, step) in chunk.iter().enumerate() {
                let x = MARGIN_X + i as f32 * (box_w + gap);
                for (k, l) in ins[i].iter().enumerate() {
                    self.text_at(
                        x,
                        top + 9.0 * (k as f32 + 1.0) - 2.0,
                        l,
                        Face::Regular,
                        7.0,
                        MUTED,
                    );
                }
                let box_top = top + in_h + 4.0;
                let (fill, ink) = if step.focus {
                    (ACCENT, (1.0, 1.0, 1.0))
                } else {
                    (HEAD_FILL, INK)
                };
                self.rect(x, box_top, box_w, name_h, fill);
                for (k, l) in names[i].iter().enumerate() {
                    self.text_at(
                        x + PAD,
                        box_top + PAD + 11.0 * (k as f32 + 1.0) - 2.5,
                        l,
                        Face::Bold,
                        8.5,
                        ink,
                    );
                }
                if i + 1 < chunk.len() {
                    let mid = box_top + name_h / 2.0;
                    self.line(x + box_w + 2.0, mid, x + box_w + gap - 3.0, mid, 1.0, INK);
                    self.line(
                        x + box_w + gap - 7.0,
                        mid - 3.0,
                        x + box_w + gap - 3.0,
                        mid,
                        1.0,
                        INK,
                    );
                    self.line(
                        x + box_w + gap - 7.0,
                        mid + 3.0,
                        x + box_w + gap - 3.0,
                        mid,
                        1.0,
                        INK,
                    );
                }
                for (k, l) in outs[i].iter().enumerate() {
                    self.text_at(
                        x,
                        box_top + name_h + 9.0 * (k as f32 + 1.0),
                        l,
                        Face::Regular,
                        7.0,
                        MUTED,
                    );
                }
            }
            self.y = top + in_h + name_h + out_h + 16.0;
        }
        self.y += 6.0;
    }

    /// Photos two to a row, each scaled to its column (at most [`PHOTO_MAX_H`] tall) with its
    /// caption below; a row never splits across pages.
    fn photos(&mut self, photos: &[Photo]) {
        const GAP: f32 = 14.0;
        let col = (self.width() - GAP) / 2.0;
        for pair in photos.chunks(2) {
            let sizes: Vec<(f32, f32, Vec<String>)> = pair
                .iter()
                .map(|p| {
                    let aspect = p.height_px.max(1) as f32 / p.width_px.max(1) as f32;
                    let (mut w, mut h) = (col, col * aspect);
                    if h > PHOTO_MAX_H {
                        h = PHOTO_MAX_H;
                        w = h / aspect;
                    }
                    let caption = self.fonts.wrap(Face::Italic, &p.caption, SMALL, col);
                    (w, h, caption)
                })
                .collect();
            let row_h = sizes
                .iter()
                .map(|(_, h, c)| h + 4.0 + c.len() as f32 * SMALL * 1.35)
                .fold(0.0, f32::max);
            self.ensure(row_h + 8.0);
            let top = self.y;
            for (i, (w, h, caption)) in sizes.into_iter().enumerate() {
                let x = MARGIN_X + i as f32 * (col + GAP);
                let id = self.photo_ids[self.next_photo].clone();
                self.next_photo += 1;
                let px = pair[i].width_px.max(1) as f32;
                let bottom = self.page().h - (top + h);
                self.ops().push(Op::UseXobject {
                    id,
                    transform: XObjectTransform {
                        translate_x: Some(Pt(x)),
                        translate_y: Some(Pt(bottom)),
                        dpi: Some(px * 72.0 / w),
                        ..Default::default()
                    },
                });
                for (n, line) in caption.iter().enumerate() {
                    let base = top + h + 4.0 + SMALL * 1.35 * (n as f32 + 1.0) - SMALL * 0.3;
                    self.text_at(x, base, line, Face::Italic, SMALL, MUTED);
                }
            }
            self.y = top + row_h + 10.0;
        }
    }

    /// Signature boxes side by side, never split across pages.
    fn signatures(&mut self, boxes: &[Signature]) {
        const ROOM: f32 = 60.0;
        let n = boxes.len().max(1) as f32;
        let col = self.width() / n;
        let lh = BODY * 1.45;
        let wrapped: Vec<(Vec<String>, Vec<String>, Vec<String>)> = boxes
            .iter()
            .map(|b| {
                (
                    self.fonts.wrap(Face::Bold, &b.role, BODY, col - PAD),
                    self.fonts
                        .wrap(Face::Italic, &b.instruction, SMALL, col - PAD),
                    self.fonts.wrap(Face::Regular, &b.name, BODY, col - PAD),
                )
            })
            .collect();
        let height = wrapped
            .iter()
            .map(|(r, i, n)| lh * (r.len() + n.len()) as f32 + SMALL * 1.35 * i.len() as f32 + ROOM)
            .fold(0.0, f32::max);
        self.ensure(height + 16.0);
        self.y += 12.0;
        let top = self.y;
        for (k, (role, instruction, name)) in wrapped.iter().enumerate() {
            let x = MARGIN_X + k as f32 * col;
            let centre = |w: &Self, s: &str, face: Face, size: f32| {
                x + (col - w.fonts.width(face, s, size)) / 2.0
            };
            let mut y = top;
            for line in role {
                y += lh;
                let cx = centre(self, line, Face::Bold, BODY);
                self.text_at(cx, y - BODY * 0.3, line, Face::Bold, BODY, INK);
            }
            for line in instruction {
                y += SMALL * 1.35;
                let cx = centre(self, line, Face::Italic, SMALL);
                self.text_at(cx, y - SMALL * 0.3, line, Face::Italic, SMALL, MUTED);
            }
            y += ROOM;
            for line in name {
                y += lh;
                let cx = centre(self, line, Face::Bold, BODY);
                self.text_at(cx, y - BODY * 0.3, line, Face::Bold, BODY, INK);
            }
        }
        self.y = top + height + 8.0;
    }

    fn cover(&mut self, c: &Cover) {
        self.pages.last_mut().expect("a page").cover = true;
        let w = self.page().w;
        self.rect(0.0, 0.0, w, 16.0, ACCENT);
        self.y = 200.0;
        self.flow_text(&c.kicker.to_uppercase(), Face::Bold, 11.0, ACCENT, 0.0);
        self.y += 10.0;
        let lh = 24.0 * 1.45;
        for line in self
            .fonts
            .wrap_title(Face::Bold, &c.title, 24.0, self.width())
        {
            self.y += lh;
            self.text_at(MARGIN_X, self.y - 24.0 * 0.3, &line, Face::Bold, 24.0, INK);
        }
        self.y += 6.0;
        self.flow_text(&c.subtitle, Face::Regular, 13.0, MUTED, 0.0);
        self.y += 30.0;
        self.line(MARGIN_X, self.y, w - MARGIN_X, self.y, 0.6, RULE);
        self.y += 10.0;
        let lines = c.lines.clone();
        self.key_values(&lines);
    }
}

/// An image XObject holding the photo's JPEG bytes as they are (DCTDecode): nothing is
/// decoded or re-encoded when the PDF is written.
fn jpeg_xobject(p: &Photo) -> ExternalXObject {
    let grey = jpeg_components(&p.jpeg) == Some(1);
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let dict = BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(p.width_px))),
        ("Height".to_string(), DictItem::Int(i64::from(p.height_px))),
        (
            "ColorSpace".to_string(),
            name(if grey { "DeviceGray" } else { "DeviceRGB" }),
        ),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("Filter".to_string(), name("DCTDecode")),
    ]);
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: p.jpeg.clone(),
            compress: false,
        },
        width: Some(Px(p.width_px as usize)),
        height: Some(Px(p.height_px as usize)),
        dpi: None,
    }
}

/// The number of colour components of a baseline or progressive JPEG, from its SOF marker.
fn jpeg_components(jpeg: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 9 < jpeg.len() {
        if jpeg[i] != 0xFF {
            return None;
        }
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            return Some(jpeg[i + 9]);
        }
        i += 2 + len;
    }
    None
}

/// Renders a report to PDF bytes.
pub fn render(report: &Report) -> Vec<u8> {
    let fonts = Fonts::embedded();
    let mut doc = PdfDocument::new(&report.title.nfc().collect::<String>());
    let created = report
        .created_unix
        .and_then(|t| printpdf::DateTime::from_unix_timestamp(t).ok())
        .unwrap_or_else(printpdf::DateTime::now);
    doc.metadata.info.creation_date = created;
    doc.metadata.info.modification_date = created;
    doc.metadata.info.metadata_date = created;
    doc.metadata.info.creator = "SXSH Field".into();
    let ids = [0, 1, 2].map(|i| doc.add_font(&fonts.faces[i]));
    let photo_ids = report
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Photos(photos) => Some(photos),
            _ => None,
        })
        .flatten()
        .map(|p| doc.add_xobject(&jpeg_xobject(p)))
        .collect();
    let mut w = Writer {
        fonts,
        ids,
        lang: report.lang,
        pages: Vec::new(),
        y: 0.0,
        h1: 0,
        h2: 0,
        photo_ids,
        next_photo: 0,
    };
    w.new_page(false);
    w.cover(&report.cover);
    w.new_page(false);
    for block in &report.blocks {
        match block {
            Block::Heading { level, text } => w.heading(*level, text),
            Block::Paragraph(text) => {
                w.flow_text(text, Face::Regular, BODY, INK, 0.0);
                w.y += 5.0;
            }
            Block::KeyValue(pairs) => w.key_values(pairs),
            Block::Table(t) => {
                w.table(t);
                if t.landscape {
                    w.new_page(false);
                }
            }
            Block::Chart(Chart::Bars { title, unit, bars }) => w.bars(title, unit, bars),
            Block::Chart(Chart::BeforeAfter {
                title,
                before_label,
                after_label,
                items,
            }) => w.before_after(title, before_label, after_label, items),
            Block::Chart(Chart::Flow { title, steps }) => w.flow_diagram(title, steps),
            Block::Photos(photos) => w.photos(photos),
            Block::Note(text) => {
                w.flow_text(text, Face::Italic, 9.0, MUTED, 0.0);
                w.y += 4.0;
            }
            Block::Signatures(s) => w.signatures(s),
            Block::PageBreak => {
                let landscape = w.page().w > w.page().h;
                w.new_page(landscape);
            }
        }
    }
    // Running header and "Trang X/Y" on every page once the page count is known.
    let total = w.pages.len();
    let header: String = report.header.nfc().collect();
    let pages: Vec<PdfPage> = (0..total)
        .map(|i| {
            let (pw, ph, cover) = (w.pages[i].w, w.pages[i].h, w.pages[i].cover);
            let mut extra = Writer {
                fonts,
                ids: w.ids.clone(),
                lang: report.lang,
                pages: vec![Page {
                    ops: Vec::new(),
                    w: pw,
                    h: ph,
                    cover,
                }],
                y: 0.0,
                h1: 0,
                h2: 0,
                photo_ids: Vec::new(),
                next_photo: 0,
            };
            if !cover {
                let shown = fonts
                    .wrap(Face::Regular, &header, SMALL, pw - 2.0 * MARGIN_X)
                    .remove(0);
                extra.text_at(MARGIN_X, 40.0, &shown, Face::Regular, SMALL, MUTED);
                extra.line(MARGIN_X, 46.0, pw - MARGIN_X, 46.0, 0.5, RULE);
            }
            let footer = format!("{} {}/{}", report.page_label, i + 1, total);
            let fw = fonts.width(Face::Regular, &footer, SMALL);
            extra.text_at(
                (pw - fw) / 2.0,
                ph - 30.0,
                &footer,
                Face::Regular,
                SMALL,
                MUTED,
            );
            let mut ops = std::mem::take(&mut w.pages[i].ops);
            ops.extend(extra.pages.remove(0).ops);
            PdfPage::new(Mm::from(Pt(pw)), Mm::from(Pt(ph)), ops)
        })
        .collect();
    doc.with_pages(pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}
