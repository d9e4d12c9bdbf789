#!/usr/bin/env bash
# Renders the demo reports into docs/reports: the PDFs of the Kim Lan quick report, the seafood
# detailed report (vi and en) and the programme roll-up, and PNGs of a few pages of each
# (pdftoppm, poppler-utils). Run after changing a report: ./scripts/report-samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --locked -p sxsh-cli
out=docs/reports
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
sxsh() { ./target/debug/sxsh --data-dir "$data" "$@" >/dev/null; }
sxsh demo
mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.pdf
sxsh report quick 019582ce-19e0-7f35-bcef-81f0b907e3b4 -o "$out/kim-lan-quick.pdf"
sxsh report detailed 019511ab-64c0-7310-910a-0ab227ff8d49 -o "$out/seafood-detailed.pdf"
sxsh --lang en report detailed 019511ab-64c0-7310-910a-0ab227ff8d49 -o "$out/seafood-detailed-en.pdf"
sxsh report rollup -o "$out/rollup.pdf"
png() { pdftoppm -r 80 -png -f "$2" -l "$2" "$out/$1.pdf" "$out/$1-p$2" && mv "$out/$1-p$2"-*.png "$out/$1-p$2.png"; }
for p in 1 3 4 5; do png kim-lan-quick "$p"; done
for p in 2 5 6 9 10; do png seafood-detailed "$p"; done
png seafood-detailed-en 9
for p in 2 3; do png rollup "$p"; done
ls -1 "$out"
