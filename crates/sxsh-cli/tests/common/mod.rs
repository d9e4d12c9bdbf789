//! Running the real `sxsh` binary on a data directory, shared by the CLI's test files.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `sxsh --data-dir DIR`, ready for arguments.
pub fn sxsh(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sxsh"));
    c.arg("--data-dir").arg(dir);
    c
}

/// Runs `sxsh --data-dir DIR ARGS…` to the end.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    sxsh(dir).args(args).output().expect("run sxsh")
}

/// Its standard output; fails the test when the command fails.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "sxsh {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
