//! The same report as HTML (for headless Chromium's print-to-PDF) and as a Typst document, for
//! the side-by-side report benchmark. Both carry what our PDF carries: the cover, numbered
//! headings, paragraphs, key–value blocks, tables with repeated headers (landscape where ours is),
//! bar and before/after charts, the flow diagram as boxes, photo grids with captions, notes, page
//! breaks, the running header and "Trang X/Y". Photos are the same print-size JPEG files.

use std::fmt::Write;
use std::path::Path;
use sxsh_report::*;

/// Writes every photo of `report` as `photo-N.jpg` in `dir`, in order of appearance.
pub fn write_photos(report: &Report, dir: &Path) -> Vec<String> {
    photos(report)
        .enumerate()
        .map(|(i, p)| {
            let name = format!("photo-{i}.jpg");
            std::fs::write(dir.join(&name), &p.jpeg).unwrap();
            name
        })
        .collect()
}

fn photos(report: &Report) -> impl Iterator<Item = &Photo> {
    report.blocks.iter().flat_map(|b| match b {
        Block::Photos(p) => p.as_slice(),
        _ => &[],
    })
}

/// Heading numbers as our renderer assigns them ("2.", "2.3.").
struct Numbering(u32, u32);

impl Numbering {
    fn next(&mut self, level: u8) -> String {
        if level <= 1 {
            self.0 += 1;
            self.1 = 0;
            format!("{}.", self.0)
        } else {
            self.1 += 1;
            format!("{}.{}.", self.0, self.1)
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The report as one HTML page for Chromium; `fonts` is the directory of the Noto Sans files.
pub fn to_html(r: &Report, fonts: &Path) -> String {
    let font = |file: &str| format!("url(file://{}/{file})", fonts.display());
    let mut h = String::new();
    write!(
        h,
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title><style>
@font-face{{font-family:NS;src:{reg}}}
@font-face{{font-family:NS;font-weight:bold;src:{bold}}}
@font-face{{font-family:NS;font-style:italic;src:{ital}}}
@page{{size:A4;margin:70pt 56pt 60pt 56pt;
 @top-left{{content:{header};font:8.5pt NS;color:#6b7280}}
 @bottom-center{{content:"{page} " counter(page) "/" counter(pages);font:8.5pt NS;color:#6b7280}}}}
@page land{{size:A4 landscape}}
@page cover{{@top-left{{content:none}}}}
body{{font:10pt/1.35 NS;color:#212529;margin:0}}
h1{{font-size:15pt;color:#0d6b54;border-bottom:1.2pt solid #0d6b54;padding-bottom:3pt;margin:16pt 0 8pt}}
h2{{font-size:12pt;margin:12pt 0 6pt}}
table{{width:100%;border-collapse:collapse;font-size:9pt;margin:4pt 0 10pt}}
thead{{display:table-header-group}} tr{{break-inside:avoid}}
th{{background:#e8f1ee;text-align:left;font-weight:bold}} th,td{{padding:4pt;border-bottom:.4pt solid #ccd1d9;vertical-align:top}}
.r{{text-align:right}} .land{{page:land}}
.kv{{display:grid;grid-template-columns:35% 65%;gap:2pt 8pt;margin:4pt 0 8pt}} .kv b{{color:#4b5563}}
.note{{font-style:italic;color:#6b7280;font-size:9pt}}
.chart{{break-inside:avoid;margin:6pt 0 10pt}} .chart .t{{font-weight:bold}}
.bar{{display:grid;grid-template-columns:35% 65%;font-size:8.5pt;margin:2pt 0}}
.bar i{{display:inline-block;height:8pt;background:#0d6b54;margin-right:4pt}} .bar i.b{{background:#9ea6b3}}
.flow{{display:grid;grid-template-columns:repeat(4,1fr);gap:10pt;font-size:7pt}}
.step{{border:.6pt solid #0d6b54;padding:4pt;font-weight:bold;font-size:8.5pt}} .step.f{{background:#0d6b54;color:#fff}}
.photos{{display:grid;grid-template-columns:1fr 1fr;gap:14pt}} figure{{margin:0;break-inside:avoid}}
img{{width:100%;max-height:230pt;object-fit:contain}} figcaption{{font-style:italic;font-size:8.5pt;color:#6b7280}}
.cover{{page:cover;break-after:page;padding-top:150pt}} .cover .k{{color:#0d6b54;font-weight:bold}}
.cover h1{{border:none;font-size:24pt;color:#212529}}
.pb{{break-after:page}}
</style></head><body>"#,
        title = html_escape(&r.title),
        reg = font("NotoSans-Regular.ttf"),
        bold = font("NotoSans-Bold.ttf"),
        ital = font("NotoSans-Italic.ttf"),
        header = css_string(&r.header),
        page = r.page_label,
    )
    .unwrap();
    let c = &r.cover;
    write!(
        h,
        "<section class=cover><div class=k>{}</div><h1>{}</h1><div>{}</div><div class=kv>",
        html_escape(&c.kicker),
        html_escape(&c.title),
        html_escape(&c.subtitle)
    )
    .unwrap();
    for (k, v) in &c.lines {
        write!(
            h,
            "<b>{}</b><span>{}</span>",
            html_escape(k),
            html_escape(v)
        )
        .unwrap();
    }
    h.push_str("</div></section>");
    let mut num = Numbering(0, 0);
    let mut photo = 0;
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                let tag = if *level <= 1 { "h1" } else { "h2" };
                write!(
                    h,
                    "<{tag}>{} {}</{tag}>",
                    num.next(*level),
                    html_escape(text)
                )
                .unwrap();
            }
            Block::Paragraph(t) => write!(h, "<p>{}</p>", html_escape(t)).unwrap(),
            Block::Note(t) => write!(h, "<p class=note>{}</p>", html_escape(t)).unwrap(),
            Block::Signatures(boxes) => {
                h.push_str("<table class=sign><tr>");
                for b in boxes {
                    write!(
                        h,
                        "<td><b>{}</b><br><i>{}</i><br><br><br><br><b>{}</b></td>",
                        html_escape(&b.role),
                        html_escape(&b.instruction),
                        html_escape(&b.name)
                    )
                    .unwrap();
                }
                h.push_str("</tr></table>");
            }
            Block::KeyValue(pairs) => {
                h.push_str("<div class=kv>");
                for (k, v) in pairs {
                    write!(
                        h,
                        "<b>{}</b><span>{}</span>",
                        html_escape(k),
                        html_escape(v)
                    )
                    .unwrap();
                }
                h.push_str("</div>");
            }
            Block::Table(t) => {
                let class = |a: &Align| if *a == Align::Right { " class=r" } else { "" };
                write!(
                    h,
                    "<table{}><thead><tr>",
                    if t.landscape { " class=land" } else { "" }
                )
                .unwrap();
                for col in &t.columns {
                    write!(
                        h,
                        "<th{}>{}</th>",
                        class(&col.align),
                        html_escape(&col.title)
                    )
                    .unwrap();
                }
                h.push_str("</tr></thead><tbody>");
                for row in &t.rows {
                    h.push_str("<tr>");
                    for (cell, col) in row.iter().zip(&t.columns) {
                        write!(h, "<td{}>{}</td>", class(&col.align), html_escape(cell)).unwrap();
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</tbody></table>");
            }
            Block::Chart(Chart::Bars { title, unit, bars }) => {
                let max = bars.iter().map(|b| b.1).fold(f64::MIN_POSITIVE, f64::max);
                write!(
                    h,
                    "<div class=chart><div class=t>{}</div>",
                    html_escape(title)
                )
                .unwrap();
                for (label, v) in bars {
                    write!(
                        h,
                        "<div class=bar><span>{}</span><span><i style=\"width:{:.1}%\"></i>{v:.0} {}</span></div>",
                        html_escape(label),
                        (v / max * 80.0).max(0.2),
                        html_escape(unit)
                    )
                    .unwrap();
                }
                h.push_str("</div>");
            }
            Block::Chart(Chart::BeforeAfter { title, items, .. }) => {
                write!(
                    h,
                    "<div class=chart><div class=t>{}</div>",
                    html_escape(title)
                )
                .unwrap();
                for (label, before, after, unit) in items {
                    let max = before.max(*after).max(f64::MIN_POSITIVE);
                    write!(
                        h,
                        "<div class=bar><span>{}</span><span><i class=b style=\"width:{:.1}%\"></i>{before} {u}<br><i style=\"width:{:.1}%\"></i>{after} {u}</span></div>",
                        html_escape(label),
                        before / max * 80.0,
                        after / max * 80.0,
                        u = html_escape(unit)
                    )
                    .unwrap();
                }
                h.push_str("</div>");
            }
            Block::Chart(Chart::Flow { title, steps }) => {
                write!(
                    h,
                    "<div class=chart><div class=t>{}</div><div class=flow>",
                    html_escape(title)
                )
                .unwrap();
                for s in steps {
                    h.push_str("<div>");
                    for i in &s.inputs {
                        write!(h, "<div>• {}</div>", html_escape(i)).unwrap();
                    }
                    write!(
                        h,
                        "<div class=\"step{}\">{}</div>",
                        if s.focus { " f" } else { "" },
                        html_escape(&s.name)
                    )
                    .unwrap();
                    for o in &s.outputs {
                        write!(h, "<div>• {}</div>", html_escape(o)).unwrap();
                    }
                    h.push_str("</div>");
                }
                h.push_str("</div></div>");
            }
            Block::Photos(ps) => {
                h.push_str("<div class=photos>");
                for p in ps {
                    write!(h, "<figure><img src=\"photo-{photo}.jpg\"><figcaption>{}</figcaption></figure>", html_escape(&p.caption)).unwrap();
                    photo += 1;
                }
                h.push_str("</div>");
            }
            Block::PageBreak => h.push_str("<div class=pb></div>"),
        }
    }
    h.push_str("</body></html>");
    h
}

/// A Typst string literal.
fn ts(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// The report as a Typst document; fonts are found through Typst's font paths.
pub fn to_typst(r: &Report) -> String {
    let mut t = String::new();
    write!(
        t,
        r##"#set page(paper: "a4", margin: (x: 56pt, top: 70pt, bottom: 60pt),
  header: context {{ if counter(page).get().first() > 1 {{ text(8.5pt, fill: rgb("#6b7280"), {header}) }} }},
  footer: context {{ if counter(page).get().first() > 1 {{ align(center, text(8.5pt, fill: rgb("#6b7280"))[{page} #counter(page).display()/#counter(page).final().first()]) }} }})
#set text(font: "Noto Sans", size: 10pt, lang: "vi")
#set par(leading: 0.45em)
#show heading.where(level: 1): it => block(above: 16pt, below: 8pt, stroke: (bottom: 1.2pt + rgb("#0d6b54")), inset: (bottom: 3pt), width: 100%, text(15pt, fill: rgb("#0d6b54"), it))
#show heading.where(level: 2): set text(12pt)
#set heading(numbering: "1.1.")
#let kv(..pairs) = grid(columns: (35%, 65%), row-gutter: 5pt, column-gutter: 8pt, ..pairs.pos().map(p => (text(weight: "bold", fill: rgb("#4b5563"), p.at(0)), p.at(1))).flatten())
#let bar(label, frac, value, color: rgb("#0d6b54")) = grid(columns: (35%, 65%), text(8.5pt, label), text(8.5pt)[#box(width: frac * 80%, height: 8pt, fill: color) #value])
"##,
        header = ts(&r.header),
        page = r.page_label,
    )
    .unwrap();
    let c = &r.cover;
    write!(
        t,
        "#v(150pt)\n#text(fill: rgb(\"#0d6b54\"), weight: \"bold\", {})\n#text(24pt, weight: \"bold\", {})\n\n#text(13pt, {})\n#kv({})\n#pagebreak()\n",
        ts(&c.kicker),
        ts(&c.title),
        ts(&c.subtitle),
        c.lines.iter().map(|(k, v)| format!("({}, {})", ts(k), ts(v))).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    let mut photo = 0;
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                writeln!(t, "#heading(level: {}, {})", level.max(&1), ts(text)).unwrap()
            }
            Block::Paragraph(p) => writeln!(t, "#{}\n", ts(p)).unwrap(),
            Block::Note(n) => writeln!(
                t,
                "#text(9pt, style: \"italic\", fill: rgb(\"#6b7280\"), {})\n",
                ts(n)
            )
            .unwrap(),
            Block::Signatures(boxes) => writeln!(
                t,
                "#block(breakable: false, grid(columns: ({}), align: center, {}))\n",
                vec!["1fr"; boxes.len()].join(", "),
                boxes
                    .iter()
                    .map(|b| format!(
                        "[#strong({}) \\ #emph({}) #v(60pt) #strong({})]",
                        ts(&b.role),
                        ts(&b.instruction),
                        ts(&b.name)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap(),
            Block::KeyValue(pairs) => writeln!(
                t,
                "#kv({})",
                pairs
                    .iter()
                    .map(|(k, v)| format!("({}, {})", ts(k), ts(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap(),
            Block::Table(tb) => {
                let aligns: Vec<&str> = tb
                    .columns
                    .iter()
                    .map(|c| {
                        if c.align == Align::Right {
                            "right"
                        } else {
                            "left"
                        }
                    })
                    .collect();
                let mut s = format!(
                    "#text(9pt, table(columns: {n}, align: ({al},), stroke: (x: none, y: 0.4pt + rgb(\"#ccd1d9\")), fill: (x, y) => if y == 0 {{ rgb(\"#e8f1ee\") }}, table.header({heads}),\n",
                    n = tb.columns.len(),
                    al = aligns.join(", "),
                    heads = tb
                        .columns
                        .iter()
                        .map(|c| format!("text(weight: \"bold\", {})", ts(&c.title)))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                for row in &tb.rows {
                    s.push_str(&row.iter().map(|c| ts(c)).collect::<Vec<_>>().join(", "));
                    s.push_str(",\n");
                }
                s.push_str("))\n");
                if tb.landscape {
                    writeln!(t, "#page(flipped: true)[\n{s}]").unwrap();
                } else {
                    t.push_str(&s);
                }
            }
            Block::Chart(Chart::Bars { title, unit, bars }) => {
                let max = bars.iter().map(|b| b.1).fold(f64::MIN_POSITIVE, f64::max);
                writeln!(
                    t,
                    "#block(breakable: false)[#text(weight: \"bold\", {})",
                    ts(title)
                )
                .unwrap();
                for (label, v) in bars {
                    writeln!(
                        t,
                        "#bar({}, {:.4}, {})",
                        ts(label),
                        (v / max).max(0.002),
                        ts(&format!("{v:.0} {unit}"))
                    )
                    .unwrap();
                }
                t.push_str("]\n");
            }
            Block::Chart(Chart::BeforeAfter { title, items, .. }) => {
                writeln!(
                    t,
                    "#block(breakable: false)[#text(weight: \"bold\", {})",
                    ts(title)
                )
                .unwrap();
                for (label, before, after, unit) in items {
                    let max = before.max(*after).max(f64::MIN_POSITIVE);
                    writeln!(
                        t,
                        "#bar({}, {:.4}, {}, color: rgb(\"#9ea6b3\"))",
                        ts(label),
                        before / max,
                        ts(&format!("{before} {unit}"))
                    )
                    .unwrap();
                    writeln!(
                        t,
                        "#bar(\"\", {:.4}, {})",
                        after / max,
                        ts(&format!("{after} {unit}"))
                    )
                    .unwrap();
                }
                t.push_str("]\n");
            }
            Block::Chart(Chart::Flow { title, steps }) => {
                writeln!(
                    t,
                    "#text(weight: \"bold\", {})\n#grid(columns: 4, gutter: 10pt,",
                    ts(title)
                )
                .unwrap();
                for s in steps {
                    let list = |v: &[String]| {
                        v.iter()
                            .map(|x| format!("[• #{}]", ts(x)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    writeln!(
                        t,
                        "text(7pt, stack(spacing: 3pt, {ins}{sep}block(stroke: 0.6pt + rgb(\"#0d6b54\"), inset: 4pt, width: 100%, fill: {fill}, text(8.5pt, weight: \"bold\", {name})){sep2}{outs})),",
                        ins = list(&s.inputs),
                        sep = if s.inputs.is_empty() { "" } else { ", " },
                        fill = if s.focus { "rgb(\"#d7ebe4\")" } else { "none" },
                        name = ts(&s.name),
                        sep2 = if s.outputs.is_empty() { "" } else { ", " },
                        outs = list(&s.outputs),
                    )
                    .unwrap();
                }
                t.push_str(")\n");
            }
            Block::Photos(ps) => {
                t.push_str("#grid(columns: 2, gutter: 14pt,\n");
                for p in ps {
                    writeln!(
                        t,
                        "block(breakable: false, stack(spacing: 4pt, image(\"photo-{photo}.jpg\", width: 100%), text(8.5pt, style: \"italic\", fill: rgb(\"#6b7280\"), {}))),",
                        ts(&p.caption)
                    )
                    .unwrap();
                    photo += 1;
                }
                t.push_str(")\n");
            }
            Block::PageBreak => t.push_str("#pagebreak()\n"),
        }
    }
    t
}
