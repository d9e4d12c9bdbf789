#!/usr/bin/env bash
# Desktop benchmark: builds the release binaries and prints the binary size, the time from
# process start to the first interactive screen under Xvfb, and resident memory after opening the
# demo database (ui/e2e-desktop/bench.mjs). RUNS=N sets the number of launches (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build-ui.sh
cargo build --release --locked -p sxsh-cli -p sxsh-desktop
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node ui/e2e-desktop/bench.mjs 2>&1 \
  | grep -v -e '^dbus-daemon' -e 'SpiRegistry' -e '^$'
