#!/usr/bin/env bash
# A real office server for the portal's Playwright spec (ui/e2e/portal.spec.ts), started by
# Playwright as a web server (ui/playwright.config.ts):
#   - a fresh office in DIR (SQLite), or in a fresh database of the PostgreSQL server the test
#     script started (BACKEND=postgres, SXSH_TEST_POSTGRES=postgres://…), with its admin;
#   - two devices sync into it through the real sync client (`sxsh sync`): one with the demo
#     data (Kim Lan pottery, Đa Sỹ forging, the seafood plant), one with an enterprise of its
#     own registered on the command line; then both change the seafood plant's next steps
#     from the same version (a conflict for the portal to resolve);
#   - then it serves the portal pages of ui/dist (`--portal`) on PORT until Playwright stops it
#     (the devices sync with a server on PORT+1000 first, so PORT answers only once the data
#     is in).
# The database URL is written to DIR/db-url (the spec compares the dashboard with
# `sxsh-server rollup --db` on it).
#
# Usage: scripts/e2e-office.sh DIR PORT [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=$1
port=$2
backend=${3:-sqlite}
server=${SXSH_SERVER_BIN:-$root/target/debug/sxsh-server}
sxsh=${SXSH_BIN:-$root/target/debug/sxsh}
export SXSH_SERVER_PASSWORD='mật khẩu văn phòng 2026'
rm -rf "$dir"
mkdir -p "$dir"
case "$backend" in
  sqlite) db=sqlite:$dir/office.db ;;
  postgres)
    base=${SXSH_TEST_POSTGRES:?BACKEND=postgres needs SXSH_TEST_POSTGRES (scripts/pg-cluster.sh start DIR)}
    name=portal_e2e_$(date +%s%N)
    psql "$base/postgres" -qc "CREATE DATABASE $name"
    db=$base/$name
    ;;
  *) echo "e2e-office: sqlite or postgres" >&2; exit 1 ;;
esac
printf '%s' "$db" >"$dir/db-url"
"$server" init --db "$db" --office "Sở Công Thương Hà Nội" --admin admin >/dev/null
"$server" user add --db "$db" --login vy --name "Trần Thị Vy" --role viewer --programme P-OTHER >/dev/null
seed_port=$((port + 1000))
"$server" serve --db "$db" --listen "127.0.0.1:$seed_port" --blobs "$dir/blobs" >"$dir/seed-server.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 200); do
  if grep -q '^listening on' "$dir/seed-server.log"; then break; fi
  sleep 0.05
done
export SXSH_PASSWORD=$SXSH_SERVER_PASSWORD
a=$dir/device-a
b=$dir/device-b
"$sxsh" --data-dir "$a" demo >/dev/null
"$sxsh" --data-dir "$b" enterprise add --name "Hợp tác xã gốm Bát Tràng <script>alert(1)</script>" --province "Hà Nội" --district "Gia Lâm" --sector pottery >/dev/null
for d in "$a" "$b"; do
  "$sxsh" --data-dir "$d" sync login --server "http://127.0.0.1:$seed_port" --login admin >/dev/null
  "$sxsh" --data-dir "$d" sync >/dev/null
done
# Both devices change the seafood plant's next steps from the same version: a conflict for
# the portal's review (sxsh-tests' make-conflict).
"${MAKE_CONFLICT_BIN:-$root/target/debug/make-conflict}" "$a" "$b" "tôm đông lạnh" >/dev/null
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT INT TERM
exec "$server" serve --db "$db" --listen "127.0.0.1:$port" --blobs "$dir/blobs" --portal "$root/ui/dist"
