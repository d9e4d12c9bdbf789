//! The cross-crate integration tests of `sxsh-tests` as one test binary, each former test file
//! a module: the shared helpers (`common`) and the generic code every file instantiates are
//! compiled and linked once instead of once per file (24 binaries cost minutes of the cold
//! suite on 2 cores). Run one file's tests with `cargo test -p sxsh-tests --test it portal::`.

mod common;

mod api;
mod architecture;
mod bad_input;
mod bundles;
mod calc_api;
mod change_log;
mod crash_safety;
mod error_codes;
mod feasibility;
mod fuzz;
mod hostile;
mod migrations;
mod pdf_render;
mod portal;
mod progress;
mod reference_files;
mod registry;
mod reports;
mod repository;
mod rpc;
mod sync_converge;
mod sync_replay;
mod sync_server;
