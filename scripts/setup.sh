#!/usr/bin/env bash
# Installs what SXSH Field needs on a fresh Debian/Ubuntu machine, and nothing that is already
# there. Safe to run again. Used by scripts/run.sh and scripts/test.sh (so by CI too).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages:
# - build-essential, pkg-config: the bundled SQLite; libwebkit2gtk-4.1-dev: the Tauri window;
# - poppler-utils (pdftotext, pdffonts, pdftoppm): the report tests;
# - chromium: the browser the Playwright suite drives (through playwright-core's executablePath);
# - xvfb, xauth, dbus, webkit2gtk-driver (WebKitWebDriver), imagemagick, python3-xlib: the
#   real-window smoke test of the desktop binary under Xvfb with tauri-driver, its screenshots,
#   and closing its window as a window manager would (ui/e2e-desktop/close-window.py);
# - postgresql: the office server's PostgreSQL backend, tested in a throwaway cluster
#   (scripts/pg-cluster.sh; the cluster the package may start itself is not used).
APT_PACKAGES=(build-essential pkg-config ca-certificates poppler-utils libwebkit2gtk-4.1-dev
  chromium xvfb xauth dbus webkit2gtk-driver imagemagick python3-xlib postgresql)

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

# Rust: the workspace needs Rust 1.89 or newer (edition 2024, let-chains, File::lock); rustup's toolchain.
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: no Rust toolchain found; install rustup (https://rustup.rs) and run again" >&2
  exit 1
fi
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
if [ "$rust_minor" -lt 89 ]; then
  echo "setup: Rust $(rustc --version) is too old; 1.89 or newer is needed (rustup update)" >&2
  exit 1
fi
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 && rustup component add "$component"
  fi
done

# Node.js 20 or newer and npm for the UI (Vite, Vitest, Playwright). Debian 12's own nodejs is 18:
# too old for Vite 7, so a machine without Node 20 gets a clear message instead of odd errors.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing nodejs and npm"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old; the UI needs Node.js 20 or newer" >&2
  exit 1
fi

# The UI's npm packages, exactly as package-lock.json pins them; again only when the lock changed.
LOCK_STAMP=ui/node_modules/.sxsh-lock.sha256
lock_sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
if [ ! -f "$LOCK_STAMP" ] || [ "$(cat "$LOCK_STAMP")" != "$lock_sum" ]; then
  echo "setup: npm ci in ui/"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$LOCK_STAMP"
fi

# tauri-driver (WebDriver for the real desktop binary), 2.x line, into target/tools.
if [ ! -x target/tools/bin/tauri-driver ]; then
  echo "setup: cargo install tauri-driver 2.x"
  cargo install tauri-driver --locked --version '^2' --root target/tools --quiet
fi
