//! Helpers shared by the cross-crate tests and benches.

use std::path::Path;
use std::process::Command;

pub use sxsh_api;

pub mod compare;

/// A logical dump of every table of the database in `data_dir`: each row's values in rowid
/// order. Two dumps are equal exactly when the stored data is the same, whatever the WAL state.
pub fn dump_db(data_dir: &Path) -> String {
    let conn = rusqlite_open(&data_dir.join("sxsh.db"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

fn rusqlite_open(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Number of change-log rows.
pub fn change_count(data_dir: &Path) -> i64 {
    rusqlite_open(&data_dir.join("sxsh.db"))
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// Change-log rows after `seq`: (entity, row_id, op, fields JSON).
pub fn changes_since(
    data_dir: &Path,
    seq: i64,
) -> Vec<(String, String, String, serde_json::Value)> {
    let conn = rusqlite_open(&data_dir.join("sxsh.db"));
    let mut stmt = conn
        .prepare("SELECT entity, row_id, op, fields FROM change_log WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([seq], |r| {
        let fields: String = r.get(3)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            serde_json::from_str(&fields).unwrap(),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The highest change-log sequence number (0 when empty).
pub fn last_seq(data_dir: &Path) -> i64 {
    rusqlite_open(&data_dir.join("sxsh.db"))
        .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Runs a poppler-utils tool (installed by scripts/setup.sh) on `pdf` and returns its stdout.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is installed: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF, laid out (`pdftotext -layout`); pages are separated by form feeds.
pub fn pdftotext(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
}

/// The font listing of a PDF (`pdffonts`).
pub fn pdffonts(pdf: &[u8]) -> String {
    poppler("pdffonts", &[], pdf)
}

/// The number of pages of a PDF (`pdfinfo`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages:")
}

/// The images of a PDF (`pdfimages -list`): width, height and encoding of each.
pub fn pdfimages_list(pdf: &[u8]) -> Vec<(u32, u32, String)> {
    poppler("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                c[8].to_string(),
            )
        })
        .collect()
}

/// A phone-size JPEG (4000×3000) with photo-like gradients and noise; `seed` varies it.
pub fn phone_photo(seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed) % 23;
        image::Rgb([
            (x / 16 % 256) as u8,
            ((y / 12 + seed * 9) % 256) as u8,
            ((x + y) / 28 % 200) as u8 + n as u8,
        ])
    });
    let mut out = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut out),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    out
}
