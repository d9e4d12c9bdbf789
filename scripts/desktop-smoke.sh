#!/usr/bin/env bash
# Smoke test of the real desktop binary (target/debug/sxsh-field, or $SXSH_DESKTOP_BIN) under
# Xvfb with tauri-driver and WebKitWebDriver: launch, create an enterprise, see it listed.
# Screenshots in target/e2e-desktop/. Needs scripts/setup.sh and a built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
# dbus-daemon and the accessibility bus print harmless lines; keep the test's own output.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node ui/e2e-desktop/smoke.mjs 2>&1 \
  | grep -v -e '^dbus-daemon' -e 'SpiRegistry' -e '^$'
