#!/usr/bin/env bash
# UI benchmark of a large detailed assessment (40 steps, 400 flows, 60 waste streams, 100
# options) in Chromium against `sxsh serve-ui` (ui/playwright.bench.config.ts,
# ui/e2e-bench/): prints `BENCH <name> median= p90= max= n=` lines, in ms — opening the
# assessment, switching tasks, and an edit to the figure it changes (with and without the
# 500 ms autosave debounce). Figures, not a pass/fail test.
#
# Environment: SXSH_BIN=path  use this sxsh instead of building target/debug/sxsh;
#              SXSH_RELEASE=1 build and use target/release/sxsh (the debug build's
#                             calculations are several times slower);
#              BENCH_N=n      repetitions per figure (default 10);
#              BENCH_NV5=1    also time the NV2 edit seen on NV5 once NV2 shows its balance.
# Needs scripts/setup.sh (npm packages, Debian's chromium). Builds ui/dist when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ ! -f ui/dist/index.html ]; then
  ./scripts/build-ui.sh
fi
if [ -z "${SXSH_BIN:-}" ]; then
  # A cold checkout has no binary yet: build the CLI (skipped when SXSH_BIN is given).
  if [ "${SXSH_RELEASE:-}" = "1" ]; then
    cargo build --release -p sxsh-cli --locked
    SXSH_BIN=$root/target/release/sxsh
  else
    cargo build -p sxsh-cli --locked
    SXSH_BIN=$root/target/debug/sxsh
  fi
fi
# Playwright runs from ui/: make the path absolute.
case "$SXSH_BIN" in /*) ;; *) SXSH_BIN=$root/$SXSH_BIN ;; esac
export SXSH_BIN
export BENCH_OUT=$root/target/bench-ui.txt
mkdir -p target
rm -f "$BENCH_OUT"
echo "== UI benchmark with $SXSH_BIN ($(nproc) cores)"
status=0
(cd ui && npx playwright test -c playwright.bench.config.ts) || status=$?
echo
echo "== figures (ms; also in target/bench-ui.txt)"
grep '^BENCH' "$BENCH_OUT" 2>/dev/null || echo "(none)"
exit "$status"
