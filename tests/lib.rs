//! Helpers shared by the cross-crate tests and benches.

use std::path::Path;
use std::process::Command;

pub use sxsh_api;

pub mod compare;
pub mod fixtures;

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
        // Rowid tables in insertion order; WITHOUT ROWID tables by their primary key.
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{t}\"")))
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

/// Every file under `dir` except the live database files, the lock and the caches, with its
/// size and SHA-256: "the data folder is unchanged" is this list plus [`dump_db`] being equal.
pub fn file_list(dir: &Path) -> Vec<(String, u64, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, u64, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let skip = [
                "sxsh.db",
                "sxsh.db-wal",
                "sxsh.db-shm",
                "sxsh.lock",
                "cache",
            ];
            if skip.contains(&rel.as_str()) {
                continue;
            }
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                out.push((format!("{rel}/"), 0, String::new()));
                walk(root, &path, out);
            } else if !ft.is_file() {
                out.push((format!("{rel} (special)"), 0, String::new()));
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.push((rel, bytes.len() as u64, sha256_hex(&bytes)));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A JPEG of about `approx_bytes` (noise) whose header declares `width` × `height` pixels: the
/// frame header (SOF) of a small real JPEG patched, as an image bomb is made.
pub fn bomb_jpeg(width: u16, height: u16, approx_bytes: usize) -> Vec<u8> {
    let side = ((approx_bytes as f64 / 1.2).sqrt() as u32).max(16);
    let img = image::RgbImage::from_fn(side, side, |x, y| {
        let n = x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(2_246_822_519);
        image::Rgb([(n >> 3) as u8, (n >> 11) as u8, (n >> 19) as u8])
    });
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    // SOF0..SOF2 marker: FF C0/C1/C2, length (2), precision (1), height (2), width (2).
    let at = jpeg
        .windows(2)
        .position(|w| w[0] == 0xFF && (0xC0..=0xC2).contains(&w[1]))
        .expect("a JPEG has a frame header");
    jpeg[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// A PNG that declares `width` × `height` RGB pixels and holds one small compressed row: what
/// a decoder sees first of a huge PNG.
pub fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    // A zlib stream of zeros (stored block), far shorter than the image.
    let zeros = vec![0u8; 1024];
    let mut idat = vec![0x78, 0x01, 0x01];
    idat.extend_from_slice(&(zeros.len() as u16).to_le_bytes());
    idat.extend_from_slice(&(!(zeros.len() as u16)).to_le_bytes());
    idat.extend_from_slice(&zeros);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A real `side` × `side` RGB PNG (a gradient, so it compresses well but decodes to
/// `3 × side²` bytes).
pub fn big_png(side: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(side, side, |x, y| {
        image::Rgb([(x / 32 % 256) as u8, (y / 32 % 256) as u8, 128])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A zip of `entries` sealed as SXSH Field seals a backup (the SHA-256 of every byte before the
/// last 64 hex digits of the comment), so a crafted manifest reaches the manifest checks.
pub fn sealed_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.set_comment(format!("sxsh-backup-sha256:{}", "0".repeat(64)))
            .unwrap();
        zip.finish().unwrap();
    }
    let mut bytes = buf.into_inner();
    let n = bytes.len();
    let digest = sha256_hex(&bytes[..n - 64]);
    bytes[n - 64..].copy_from_slice(digest.as_bytes());
    bytes
}

/// Overwrites the b-tree page header of `table`'s root page in the closed database file of
/// `data_dir`, so SQLite's integrity check reports it damaged while every other table reads.
pub fn damage_table(data_dir: &Path, table: &str) {
    let db = data_dir.join("sxsh.db");
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        let size = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        (root, size)
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let at = ((root - 1) * page_size) as usize;
    // Page type 0x0D (table leaf) becomes 0x0D with a cell count far past the page's end.
    bytes[at + 3] = 0xFF;
    bytes[at + 4] = 0xFF;
    std::fs::write(&db, bytes).unwrap();
}

/// Peak resident memory (MB) of a child that has exited, read with `wait4`, and its exit
/// status. The child must not have been waited for already.
#[cfg(unix)]
pub fn wait_peak_mb(child: std::process::Child) -> (f64, i32) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, zeroed is a valid value; `wait4` fills it for `pid`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    drop(child);
    (usage.ru_maxrss as f64 / 1024.0, status)
}

/// A logical dump of the synced data: entity tables with their bookkeeping, field versions and
/// conflicts (not the change log's local sequence, the device id or device-local settings).
pub fn synced_dump(dir: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(dir.join("sxsh.db")).unwrap();
    let mut out = String::new();
    let mut tables: Vec<String> = sxsh_store::registry::ENTITIES
        .iter()
        .map(|d| d.table.to_string())
        .collect();
    tables.extend(["field_heads", "field_superseded", "conflicts"].map(String::from));
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// Equal dumps, or the first lines that differ.
pub fn assert_same_dump(replayed: &str, source: &str) {
    let diff: Vec<String> = replayed
        .lines()
        .zip(source.lines())
        .filter(|(a, b)| a != b)
        .take(3)
        .map(|(a, b)| format!("replayed: {a}\nsource:   {b}"))
        .collect();
    assert!(
        diff.is_empty() && replayed.lines().count() == source.lines().count(),
        "{} vs {} lines; first differences:\n{}",
        replayed.lines().count(),
        source.lines().count(),
        diff.join("\n")
    );
}

/// Polls `job.get` until the job is no longer running (at most a minute) and returns it.
pub fn wait_job(rpc: &sxsh_api::rpc::Rpc, job: &serde_json::Value) -> serde_json::Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let j = rpc
            .call("job.get", serde_json::json!({"id": job["id"]}))
            .unwrap();
        if j["state"] != serde_json::json!("running") {
            return j;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "job did not finish: {j}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Asserts that two results are the same, numbers equal up to the last bits of a float sum
/// (a sum of floats depends on its order, and the two repositories fold in different orders).
pub fn assert_same_figures<T: serde::Serialize>(a: &T, b: &T, what: &str) {
    fn same(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
        use serde_json::Value::*;
        match (a, b) {
            (Number(x), Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!(
                    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
                    "{path}: {x} ≠ {y}"
                );
            }
            (Array(x), Array(y)) => {
                assert_eq!(x.len(), y.len(), "{path}: lengths");
                for (i, (x, y)) in x.iter().zip(y).enumerate() {
                    same(x, y, &format!("{path}[{i}]"));
                }
            }
            (Object(x), Object(y)) => {
                assert_eq!(
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>(),
                    "{path}"
                );
                for (k, v) in x {
                    same(v, &y[k], &format!("{path}.{k}"));
                }
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }
    same(
        &serde_json::to_value(a).unwrap(),
        &serde_json::to_value(b).unwrap(),
        what,
    );
}

/// The roll-up queries every repository is compared on: everything, each sector, a province
/// typed without accents, a technique, each programme.
pub fn rollup_queries(
    sectors: &[String],
    programmes: &[String],
) -> Vec<sxsh_api::calc::RollupQuery> {
    use sxsh_api::calc::RollupQuery;
    let mut queries = vec![RollupQuery::default()];
    for s in sectors {
        queries.push(RollupQuery {
            sector: Some(s.clone()),
            ..Default::default()
        });
    }
    queries.push(RollupQuery {
        province: Some("soc trang".into()),
        ..Default::default()
    });
    queries.push(RollupQuery {
        technique: Some("GH".into()),
        ..Default::default()
    });
    for p in programmes {
        queries.push(RollupQuery {
            programme_id: Some(p.clone()),
            ..Default::default()
        });
    }
    queries
}

/// Loads the demo assessments and reopens the completed ones (a completed assessment is
/// read-only until reopened), for tests that edit them.
pub fn load_demo_for_editing(api: &sxsh_api::Api) -> sxsh_api::dto::ImportReport {
    let report = api.load_demo().expect("demo loads");
    reopen_completed(api);
    report
}

/// Reopens every completed assessment of the store, as the consultant's "Mở lại để sửa" does.
pub fn reopen_completed(api: &sxsh_api::Api) {
    for s in api.recent_assessments(1000).expect("assessments list") {
        if s.assessment.data.status == sxsh_api::dto::AssessmentStatus::Completed {
            api.mark_stage(&sxsh_api::progress::MarkStageParams {
                assessment_id: s.assessment.data.id.clone(),
                stage: "report".into(),
                state: sxsh_api::dto::StageState::Open,
                reason: String::new(),
            })
            .expect("a completed assessment reopens");
        }
    }
}
