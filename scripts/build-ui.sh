#!/usr/bin/env bash
# Builds the UI (ui/dist), which the desktop binary embeds and `sxsh serve-ui` serves.
# Assumes scripts/setup.sh has run (npm packages installed).
set -euo pipefail
cd "$(dirname "$0")/../ui"
npm run --silent build
