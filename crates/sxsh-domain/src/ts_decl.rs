//! TypeScript declarations of Rust types (ts-rs), for the tests that keep the UI's generated
//! `types.ts` files fresh (`crates/sxsh-api/tests/ts_types.rs` for the app,
//! `crates/sxsh-server/tests/ts_types.rs` for the office portal): one collector for both.

use std::collections::BTreeMap;
use ts_rs::{Config, TS, TypeVisitor};

/// The declarations of some types and of every type they refer to, each once, by name.
pub struct TsDecls {
    pub cfg: Config,
    decls: BTreeMap<String, String>,
    /// Type names left out (declared by hand in the output, e.g. a generic `Stored<T>`).
    skip: &'static [&'static str],
}

impl TsDecls {
    /// A collector with 64-bit integers as `number`, leaving out the types named in `skip`.
    pub fn new(skip: &'static [&'static str]) -> TsDecls {
        TsDecls {
            cfg: Config::new().with_large_int("number"),
            decls: BTreeMap::new(),
            skip,
        }
    }

    /// Adds the declaration of `T` and, once each, of every type it refers to.
    pub fn add<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(&self.cfg);
        if self.skip.contains(&name.as_str()) || self.decls.contains_key(&name) {
            return;
        }
        self.decls.insert(name, T::decl(&self.cfg));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }

    /// Every declaration collected, exported, in name order.
    pub fn exported(&self) -> String {
        let mut out = String::new();
        for decl in self.decls.values() {
            out.push_str("\nexport ");
            out.push_str(decl.trim());
            out.push('\n');
        }
        out
    }
}

impl TypeVisitor for TsDecls {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.add::<T>();
    }
}
