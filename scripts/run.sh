#!/usr/bin/env bash
# The main job: sets up, builds the UI, the `sxsh` command and the desktop app (release), loads
# the demo data (Kim Lan pottery, Đa Sỹ forging, a seafood plant) into ./demo-data (or
# $SXSH_DATA_DIR) when that folder is new, and opens the desktop app on it; later runs open the
# folder as it is, with your edits. Without a display (a server, CI), it serves the same UI to
# a browser with `sxsh serve-ui` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build-ui.sh
cargo build --release --locked -p sxsh-cli -p sxsh-desktop
DATA="${SXSH_DATA_DIR:-$PWD/demo-data}"
SXSH=target/release/sxsh
if [ ! -f "$DATA/sxsh.db" ]; then
  $SXSH --data-dir "$DATA" demo
fi
$SXSH --data-dir "$DATA" init
echo
$SXSH --data-dir "$DATA" enterprise list
echo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening SXSH Field on $DATA"
  SXSH_DATA_DIR="$DATA" exec target/release/sxsh-field
else
  echo "No display here: serving the same UI on 127.0.0.1 instead — open the URL below in a browser."
  exec $SXSH --data-dir "$DATA" serve-ui --port "${SXSH_PORT:-8765}" --ui-dir ui/dist
fi
