//! Every file of `assets/reference` loads: JSON files parse, carry their `meta`, are NFC, and
//! the checklists give each item a code, an area, bilingual questions and technique codes.

use std::path::{Path, PathBuf};
use sxsh_domain::model::TECHNIQUE_CODES;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/reference")
}

#[test]
fn every_reference_file_parses_with_its_meta_and_nfc_text() {
    let all = files(&reference_dir());
    assert!(all.len() >= 15, "{all:?}");
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            sxsh_domain::text::is_nfc(&text),
            "{} is not NFC",
            path.display()
        );
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => {
                let v: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(v["meta"]["schema_version"], 1, "{}", path.display());
            }
            Some("csv") => {
                let mut lines = text.lines();
                assert_eq!(lines.next(), Some("vi,en"));
                assert!(lines.filter(|l| !l.trim().is_empty()).count() >= 100);
            }
            other => panic!(
                "unexpected reference file type {other:?}: {}",
                path.display()
            ),
        }
    }
}

#[test]
fn checklist_items_are_complete() {
    let mut items = 0;
    for path in files(&reference_dir().join("checklists")) {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let list = v["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{} has no items", path.display()));
        for item in list {
            let code = item["id"].as_str().unwrap();
            assert!(code.split('-').count() == 3, "{code}");
            for key in ["question_vi", "question_en", "area"] {
                assert!(
                    item[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{code}: {key}"
                );
            }
            for t in item["techniques_if_no"].as_array().into_iter().flatten() {
                assert!(
                    TECHNIQUE_CODES.contains(&t.as_str().unwrap()),
                    "{code}: technique {t}"
                );
            }
            items += 1;
        }
    }
    assert!(items >= 200, "{items}");
}
