#!/usr/bin/env bash
# The report benchmark with its side-by-side comparison: installs Debian's chromium and
# python3-venv if missing, makes a venv with the PyPI package typst under target/bench-venv,
# then runs `cargo bench -p sxsh-tests --bench report`, which renders the same large detailed
# report with SXSH Field, with headless Chromium (print-to-PDF of equivalent HTML) and with Typst
# (an equivalent .typ document) and prints time and peak memory of each.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
missing=()
for p in chromium python3-venv; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "typst==0.15.2"
SXSH_BENCH_CHROMIUM="$(command -v chromium)" \
SXSH_BENCH_TYPST_PY="$PWD/$venv/bin/python" \
  cargo bench --locked -p sxsh-tests --bench report
