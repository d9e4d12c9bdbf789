#!/usr/bin/env bash
# Installs what SXSH Field needs on a fresh Debian/Ubuntu machine, and nothing that is already
# there. Safe to run again. Used by scripts/run.sh and scripts/test.sh (so by CI too).
set -euo pipefail

# Debian packages: a C compiler and pkg-config for the bundled SQLite; poppler-utils
# (pdftotext, pdffonts, pdftoppm) for the report tests.
APT_PACKAGES=(build-essential pkg-config ca-certificates poppler-utils)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust: the workspace needs Rust 1.88 or newer (edition 2024, let-chains); rustup's toolchain.
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: no Rust toolchain found; install rustup (https://rustup.rs) and run again" >&2
  exit 1
fi
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
if [ "$rust_minor" -lt 88 ]; then
  echo "setup: Rust $(rustc --version) is too old; 1.88 or newer is needed (rustup update)" >&2
  exit 1
fi
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 && rustup component add "$component"
  fi
done
