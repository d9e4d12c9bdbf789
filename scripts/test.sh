#!/usr/bin/env bash
# Sets up and runs every check and test: formatting, all Rust tests (built with clippy's lints,
# -D warnings), the UI's type check and Vitest suite, the Playwright suite in Chromium against
# the real backend (`sxsh serve-ui`), and the smoke test of the real desktop binary under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_TERM_COLOR=never
step() { echo "== $1 ($(date +%T))"; }
step "build the UI"
./scripts/build-ui.sh
step "cargo fmt --check"
cargo fmt --all --check
# Clippy lints the workspace's crates while they are compiled for the tests, with -D warnings:
# clippy-driver as the workspace's compiler wrapper is what `cargo clippy` runs, here in a full
# build instead of a check, so the ~600 dependencies are compiled once, not twice (a separate
# `cargo clippy` pass cost ~12 minutes cold on 2 cores). A lint fails the build, as it failed
# `cargo clippy -- -D warnings`. Every later cargo step keeps the same wrapper, so nothing of
# the workspace is compiled again.
# The build is one cold pass (CI starts from a clean clone): incremental caches cost time and
# disk there and are not kept.
export CARGO_INCREMENTAL=0
RUSTC_WORKSPACE_WRAPPER=$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
step "start a throwaway PostgreSQL cluster for the server suite"
PG_DIR=$(mktemp -d)
trap './scripts/pg-cluster.sh stop "$PG_DIR"' EXIT
SXSH_TEST_POSTGRES=$(./scripts/pg-cluster.sh start "$PG_DIR")
export SXSH_TEST_POSTGRES
step "cargo test, linted by clippy -D warnings (the server suite on SQLite and on PostgreSQL at $SXSH_TEST_POSTGRES)"
cargo test --workspace --all-targets --locked
step "build sxsh and the desktop binary"
# --workspace: the same feature set as the test build above, so only the binaries are linked.
cargo build --workspace --bins --locked
step "UI: type check and Vitest"
(cd ui && npm run --silent typecheck && npm run --silent test)
step "UI end to end: Playwright in Chromium against sxsh serve-ui"
(cd ui && npx playwright test)
step "desktop smoke: tauri-driver and WebKitWebDriver under Xvfb"
./scripts/desktop-smoke.sh
step "done"
