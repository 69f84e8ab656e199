#!/usr/bin/env bash
# Starts (or stops) a PostgreSQL 15 server for tests: Debian's postgresql, initdb into a temporary
# folder, listening on 127.0.0.1 only, with a password user (so wrong-credential tests can fail).
#   postgres.sh start DIR [PORT]   # prints the port
#   postgres.sh stop DIR
# As root, the server runs as the `postgres` system user (initdb refuses root).
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR [PORT]}
dir=${2:?usage: postgres.sh start|stop DIR [PORT]}
port=${3:-19200}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server not installed (Debian package postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    # A mktemp -d parent is 0700 root: let the postgres user pass through it (list nothing).
    chmod o+x "$(dirname "$(realpath "$dir")")"
  fi
  local pwfile="$dir/pwfile"
  echo "siphon-test" > "$pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
  as_owner "$bindir/initdb" -D "$dir/data" -U siphon --pwfile="$pwfile" -A scram-sha-256 \
    --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "$port"
}

stop() {
  [ -d "$dir/data" ] || return 0
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: postgres.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
