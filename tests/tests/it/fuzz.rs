//! Fuzz targets of every parser of outside data, run as bounded property tests (proptest, a
//! fixed number of cases, so CI time is bounded): the import document (bytes, mutations of a
//! real export, arbitrary JSON in any field) and the backup file (mutations of a real backup,
//! sealed zips with arbitrary manifests and entries). For every input: no panic, a refused input
//! changes nothing, and the Rust heap grows by at most [`HEAP_BOUND`] while it is handled
//! (measured by a counting allocator, per thread). SQLite's own memory is bounded by its page
//! cache and is not counted here.

use proptest::prelude::*;
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::sync::OnceLock;
use sxsh_api::Api;
use sxsh_tests::{dump_db, sealed_zip};

/// Most the Rust heap of the handling thread may grow for one input of at most 256 KB.
const HEAP_BOUND: isize = 64 * 1024 * 1024;

struct Counting;

thread_local! {
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn account(delta: isize) {
    let _ = CURRENT.try_with(|c| {
        let now = c.get() + delta;
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        account(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with how much this thread's heap grew at most meanwhile.
fn heap_growth<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let start = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let r = f();
    (r, PEAK.with(Cell::get) - start)
}

/// One edit of a byte string: flip bits, set a byte, cut the rest, or insert a byte.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Set(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn mutate(base: &[u8], edits: &[Mutation]) -> Vec<u8> {
    let mut b = base.to_vec();
    for m in edits {
        if b.is_empty() {
            break;
        }
        let n = b.len();
        match *m {
            Mutation::Flip(i, x) => b[i % n] ^= x,
            Mutation::Set(i, x) => b[i % n] = x,
            Mutation::Truncate(i) => b.truncate(i % n),
            Mutation::Insert(i, x) => b.insert(i % (n + 1), x),
        }
    }
    b
}

/// Arbitrary JSON, a few levels deep, with the values that break parsers: huge and negative
/// numbers, long and odd strings, nulls where objects are expected.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(1e308)),
        Just(Value::from(u64::MAX)),
        ".{0,40}".prop_map(Value::String),
        Just(Value::String("\u{1b}[2J\u{202e}".into())),
        (0usize..200_000).prop_map(|n| Value::String("đ".repeat(n % 70_000))),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".{0,12}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A demo data folder, its Kim Lan export as JSON text and a backup of it, made once.
struct Fixture {
    export: String,
    backup: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let api = Api::open(&data).unwrap();
        api.load_demo().unwrap();
        let e = &api.search_enterprises("kim lan").unwrap()[0];
        let aid = api.list_assessments(Some(&e.data.id)).unwrap()[0]
            .assessment
            .data
            .id
            .clone();
        let export = serde_json::to_string_pretty(&api.export_assessment(&aid).unwrap()).unwrap();
        let file = dir.path().join("b.sxshbak");
        api.backup(&file, &mut |_, _| {}).unwrap();
        Fixture {
            export,
            backup: std::fs::read(&file).unwrap(),
            _dir: dir,
        }
    })
}

/// A fresh demo data folder for the cases of one target.
fn demo_api() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    (dir, api)
}

/// Imports `bytes`; a refused import must leave the database as it was.
fn import_case(dir: &Path, api: &Api, bytes: &[u8]) -> Result<(), TestCaseError> {
    let before = dump_db(dir);
    let (result, growth) = heap_growth(|| api.import_bytes(bytes));
    prop_assert!(growth < HEAP_BOUND, "heap grew {growth} bytes");
    if result.is_err() {
        prop_assert_eq!(
            dump_db(dir),
            before,
            "a refused import changed the database"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn import_of_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        static API: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
        let (dir, api) = API.get_or_init(demo_api);
        import_case(dir.path(), api, &bytes)?;
    }

    #[test]
    fn import_of_a_mutated_export(edits in prop::collection::vec(mutation(), 1..6)) {
        static API: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
        let (dir, api) = API.get_or_init(demo_api);
        let bytes = mutate(fixture().export.as_bytes(), &edits);
        import_case(dir.path(), api, &bytes)?;
    }

    #[test]
    fn import_with_arbitrary_json_in_a_field(
        pick in any::<usize>(),
        row in any::<usize>(),
        field in any::<usize>(),
        value in json_value(),
    ) {
        static API: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
        let (dir, api) = API.get_or_init(demo_api);
        let mut doc: Value = serde_json::from_str(&fixture().export).unwrap();
        let obj = doc.as_object_mut().unwrap();
        let keys: Vec<String> = obj.keys().cloned().collect();
        let key = &keys[pick % keys.len()];
        let target = obj.get_mut(key).unwrap();
        // Into a row of a list, or one field of an object, or the value itself.
        let slot = match target {
            Value::Array(rows) if !rows.is_empty() => {
                let n = rows.len();
                let r = &mut rows[row % n];
                match r {
                    Value::Object(fields) if !fields.is_empty() => {
                        let f: Vec<String> = fields.keys().cloned().collect();
                        fields.get_mut(&f[field % f.len()]).unwrap()
                    }
                    other => other,
                }
            }
            Value::Object(fields) if !fields.is_empty() => {
                let f: Vec<String> = fields.keys().cloned().collect();
                fields.get_mut(&f[field % f.len()]).unwrap()
            }
            other => other,
        };
        *slot = value;
        import_case(dir.path(), api, doc.to_string().as_bytes())?;
    }
}

/// A manifest entry that is well formed enough to reach the checks behind the parser: hostile
/// paths, sizes up to far past the limits, checksums right or wrong.
fn manifest_file() -> impl Strategy<Value = Value> {
    let path = prop_oneof![
        Just("sxsh.db".to_string()),
        "[0-9a-f]{64}".prop_map(|h| format!("attachments/{h}")),
        Just("../../etc/passwd".to_string()),
        Just("attachments/../sxsh.db".to_string()),
        ".{0,30}",
    ];
    let size = prop_oneof![0u64..4096, Just(u64::MAX), Just(1u64 << 40), any::<u64>()];
    (path, "[0-9a-f]{64}", size, json_value()).prop_map(|(path, sha, size, junk)| {
        if size % 7 == 0 {
            junk
        } else {
            serde_json::json!({"path": path, "sha256": sha, "size": size})
        }
    })
}

/// Restores `bytes`; a refused backup must leave the database and the files as they were.
fn restore_case(dir: &Path, api: &Api, bytes: &[u8]) -> Result<(), TestCaseError> {
    let file = dir.parent().unwrap().join("case.sxshbak");
    std::fs::write(&file, bytes).unwrap();
    let before = (dump_db(dir), sxsh_tests::file_list(dir));
    let (result, growth) = heap_growth(|| api.restore(&file));
    prop_assert!(growth < HEAP_BOUND, "heap grew {growth} bytes");
    if result.is_err() {
        prop_assert!(
            (dump_db(dir), sxsh_tests::file_list(dir)) == before,
            "a refused backup changed the data folder"
        );
    }
    Ok(())
}

fn backup_api() -> (tempfile::TempDir, Api) {
    let root = tempfile::tempdir().unwrap();
    let api = Api::open(&root.path().join("data")).unwrap();
    api.load_demo().unwrap();
    (root, api)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn restore_of_a_mutated_backup(edits in prop::collection::vec(mutation(), 1..4), reseal in any::<bool>()) {
        static API: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
        let (root, api) = API.get_or_init(backup_api);
        let mut bytes = mutate(&fixture().backup, &edits);
        // Half the cases seal the damaged file again, so the zip reader, the manifest and the
        // entries meet the damage instead of the seal.
        let n = bytes.len();
        if reseal && n > 64 {
            let digest = sxsh_tests::sha256_hex(&bytes[..n - 64]);
            bytes[n - 64..].copy_from_slice(digest.as_bytes());
        }
        restore_case(&root.path().join("data"), api, &bytes)?;
    }

    #[test]
    fn restore_of_a_sealed_zip_with_an_arbitrary_manifest(
        manifest in json_value(),
        files in prop::collection::vec(manifest_file(), 0..4),
        entry in prop::collection::vec(any::<u8>(), 0..2048),
        name in prop_oneof![Just("sxsh.db".to_string()), Just(format!("attachments/{}", "a".repeat(64))), ".{0,20}"],
    ) {
        static API: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
        let (root, api) = API.get_or_init(backup_api);
        // Half the cases keep the manifest's outer shape so its inner checks are reached.
        let manifest = if entry.len() % 2 == 0 {
            serde_json::json!({"format": "sxsh-backup", "format_version": 1, "schema_version": 3,
                               "created_at": "2026-01-01T00:00:00.000Z", "device_id": "x",
                               "files": files})
        } else {
            manifest
        };
        let text = manifest.to_string();
        let bytes = sealed_zip(&[(name.as_str(), &entry), ("manifest.json", text.as_bytes())]);
        restore_case(&root.path().join("data"), api, &bytes)?;
    }
}
