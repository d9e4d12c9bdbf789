#!/usr/bin/env bash
# Sets up and runs every check and test: formatting, clippy with -D warnings, all Rust tests,
# the UI's type check and Vitest suite, the Playwright suite in Chromium against the real
# backend (`sxsh serve-ui`), and the smoke test of the real desktop binary under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_TERM_COLOR=never
step() { echo "== $1 ($(date +%T))"; }
step "build the UI"
./scripts/build-ui.sh
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "start a throwaway PostgreSQL cluster for the server suite"
PG_DIR=$(mktemp -d)
trap './scripts/pg-cluster.sh stop "$PG_DIR"' EXIT
SXSH_TEST_POSTGRES=$(./scripts/pg-cluster.sh start "$PG_DIR")
export SXSH_TEST_POSTGRES
step "cargo test (the server suite on SQLite and on PostgreSQL at $SXSH_TEST_POSTGRES)"
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
