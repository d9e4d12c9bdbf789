#!/usr/bin/env bash
# Sets up, builds the `sxsh` CLI and runs the main job on an embedded default: the demo data
# loaded into a fresh data directory (./demo-data, or $SXSH_DATA_DIR), then listed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release -p sxsh-cli
DATA="${SXSH_DATA_DIR:-$PWD/demo-data}"
rm -rf "$DATA"
SXSH=target/release/sxsh
$SXSH --data-dir "$DATA" init
$SXSH --data-dir "$DATA" demo
echo
$SXSH --data-dir "$DATA" enterprise list
echo
$SXSH --data-dir "$DATA" assessment list
echo
echo "Try: $SXSH --data-dir $DATA enterprise search \"da sy\""
