//! Keeps `ui/src/backend/types.ts` — the TypeScript declarations of every DTO the UI sends or
//! receives — equal to what the Rust types declare. `UPDATE_TS=1 cargo test -p sxsh-api --test
//! ts_types` rewrites the file; without it, a stale file fails this test.

use sxsh_api::dto::*;
use sxsh_api::rpc::{AppInfo, FileData, ImageData, Job, QuickWin, RawNumber, SavedFile};
use sxsh_domain::ts_decl::TsDecls;
use ts_rs::TS;

/// Collects every RPC method's params and result types, and the method table.
struct Methods<'a> {
    c: &'a mut TsDecls,
    lines: Vec<String>,
}

impl sxsh_api::rpc::MethodVisitor for Methods<'_> {
    fn method<P: TS + 'static, R: TS + 'static>(&mut self, name: &'static str) {
        self.c.add::<P>();
        self.c.add::<R>();
        R::visit_dependencies(self.c);
        R::visit_generics(self.c);
        self.lines.push(format!(
            "  \"{name}\": {{ params: {}; result: {} }};",
            P::name(&self.c.cfg),
            R::name(&self.c.cfg)
        ));
    }
}

macro_rules! roots {
    ($c:expr; $($t:ty),+ $(,)?) => { $($c.add::<$t>();)+ };
}

fn generate() -> String {
    let mut c = TsDecls::new(&["Stored"]);
    roots!(&mut c;
        Meta, Programme, Enterprise, Assessment, TeamMember, ProcessStep, Flow, WasteStream,
        Cause, CpOption, Action, MonitoringRecord, ChecklistResponse, Observation, StageMark, Attachment,
        AssessmentDocument, AssessmentSummary, ImportReport, AttachmentInput, BackupInfo,
        sxsh_api::ApiError, sxsh_api::calc::AssessmentCalcs, sxsh_api::settings::Settings,
        sxsh_api::reference::UiReference, AppInfo, QuickWin, ImageData, FileData, SavedFile, Job,
        RawNumber, sxsh_api::feed::RowChanges,
    );
    let mut methods = Methods {
        c: &mut c,
        lines: Vec::new(),
    };
    sxsh_api::rpc::visit_methods(&mut methods);
    let method_lines = methods.lines;
    let mut out = String::from(
        "// Generated from the Rust DTOs by crates/sxsh-api/tests/ts_types.rs. Do not edit:\n\
         // run `UPDATE_TS=1 cargo test -p sxsh-api --test ts_types` after changing a DTO.\n\n\
         /** A stored row: the entity's fields with its bookkeeping (`Meta`), in one object. */\n\
         export type Stored<T> = T & Meta;\n",
    );
    out.push_str(&c.exported());
    // The synced entities and their tables, from the one registry (sxsh_store::registry). The
    // assessment document lists each child entity under its table's name.
    out.push_str("\n/** Every synced entity → its table, parents before children. */\n");
    out.push_str("export const ENTITY_TABLES = {\n");
    for d in sxsh_store::registry::ENTITIES {
        out.push_str(&format!("  {}: \"{}\",\n", d.entity, d.table));
    }
    out.push_str("} as const;\n\nexport type EntityName = keyof typeof ENTITY_TABLES;\n");
    // Coal fines grades with their own MOIT TOE factor (sxsh_domain::calc::emissions).
    out.push_str(&format!(
        "\n/** Coal fines grades with their own MOIT TOE factor; empty = grade 3–4. */\nexport const COAL_GRADES = [{}] as const;\n",
        sxsh_domain::calc::emissions::COAL_GRADES
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    // The RPC's method table (sxsh_api::rpc::methods): what `call` takes and gives per method.
    out.push_str("\n/** Every RPC method → its params and its result (crates/sxsh-api/src/rpc/methods.rs). */\n");
    out.push_str("export type Methods = {\n");
    for line in &method_lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("};\n\nexport type MethodName = keyof Methods;\n");
    out
}

#[test]
fn typescript_declarations_are_fresh() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/backend/types.ts");
    let want = generate();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run `UPDATE_TS=1 cargo test -p sxsh-api --test ts_types` and commit it",
        path.display()
    );
}

#[test]
fn the_rpc_docs_list_exactly_the_methods_of_the_table() {
    struct Names(Vec<&'static str>);
    impl sxsh_api::rpc::MethodVisitor for Names {
        fn method<P: TS + 'static, R: TS + 'static>(&mut self, name: &'static str) {
            self.0.push(name);
        }
    }
    let mut table = Names(Vec::new());
    sxsh_api::rpc::visit_methods(&mut table);
    let mut table = table.0;
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ui-rpc.md"),
    )
    .unwrap();
    let mut documented: Vec<&str> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    table.sort();
    documented.sort();
    assert_eq!(documented, table, "docs/ui-rpc.md's method table");
    assert!(table.len() > 20);
}
