#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests and benchmarks, from Debian's postgresql
# package (installed by scripts/setup.sh):
#   scripts/pg-cluster.sh start DIR   makes a cluster in DIR, starts it on 127.0.0.1 on a free
#                                     port and prints its URL: postgres://postgres@127.0.0.1:PORT
#   scripts/pg-cluster.sh stop DIR    stops it and removes DIR
# Trust authentication for the local user `postgres`, C locale, UTF-8. PG_FSYNC=on keeps fsync
# on (the benchmarks); by default it is off (the tests: nothing here must survive a power cut).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "pg-cluster: no PostgreSQL found in /usr/lib/postgresql; run scripts/setup.sh" >&2
  exit 1
fi
# initdb refuses to run as root: a root shell runs the server as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 >"$dir/initdb.log"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "pg-cluster: start or stop" >&2
    exit 1
    ;;
esac
