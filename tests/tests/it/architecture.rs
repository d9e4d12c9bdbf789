//! Invariants of ARCHITECTURE.md that a grep can check: the desktop shell stays thin and only
//! the UI's backend module knows about Tauri.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn the_desktop_shell_has_no_sqlite_and_no_domain_crates() {
    let manifest = std::fs::read_to_string(repo().join("src-tauri/Cargo.toml")).unwrap();
    for forbidden in ["rusqlite", "sxsh-store", "sxsh-domain", "sxsh-report"] {
        assert!(
            !manifest.contains(forbidden),
            "src-tauri/Cargo.toml depends on {forbidden}: the shell calls sxsh-api only"
        );
    }
    let mut sources = Vec::new();
    files(&repo().join("src-tauri/src"), &mut sources);
    for file in sources {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["rusqlite", "sxsh_store", "sxsh_domain"] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                file.display()
            );
        }
    }
}

#[test]
fn only_the_ui_backend_module_imports_tauri() {
    let src = repo().join("ui/src");
    let mut sources = Vec::new();
    files(&src, &mut sources);
    let ts: Vec<_> = sources
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("ts" | "tsx")))
        .collect();
    assert!(ts.len() > 20, "the UI sources were not found");
    let mut importers = Vec::new();
    for file in &ts {
        let text = std::fs::read_to_string(file).unwrap();
        if text.contains("@tauri-apps") && !file.starts_with(src.join("backend")) {
            importers.push(file.display().to_string());
        }
    }
    assert!(
        importers.is_empty(),
        "@tauri-apps imported outside ui/src/backend: {importers:?}"
    );
    let tauri = std::fs::read_to_string(src.join("backend/tauri.ts")).unwrap();
    assert!(
        tauri.contains("@tauri-apps/api"),
        "the Tauri backend is where Tauri is used"
    );
}
