#!/usr/bin/env bash
# The warehouse tests' fixture (tests/CMakeLists.txt, FIXTURES_SETUP/CLEANUP): starts the two-shard
# ClickHouse cluster and PostgreSQL on loopback in a fresh temporary folder, and stops them.
#   test-servers.sh start STATE_FILE   # writes "dir=", "clickhouse=PORT PORT", "postgres=PORT" to STATE_FILE
#   test-servers.sh stop STATE_FILE
# A missing server binary fails the start under CI=true (the tests then fail, never skip); on a
# developer machine it writes "missing=WHAT" instead and the tests skip with a warning.
set -euo pipefail

cmd=${1:?usage: test-servers.sh start|stop STATE_FILE}
state=${2:?usage: test-servers.sh start|stop STATE_FILE}
here=$(cd "$(dirname "$0")" && pwd)

ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }

missing_binaries() {
  local what=()
  command -v clickhouse-server >/dev/null || [ -x /usr/sbin/clickhouse-server ] || what+=(clickhouse-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || what+=(postgresql)
  command -v curl >/dev/null || what+=(curl)
  echo "${what[*]:-}"
}

# A base port whose neighbours are free: ClickHouse uses base+10..base+22, PostgreSQL base+50.
free_base() {
  for _ in $(seq 1 20); do
    local base=$(( 20000 + (RANDOM % 400) * 100 ))
    local busy=0
    for p in $((base + 10)) $((base + 11)) $((base + 12)) $((base + 20)) $((base + 21)) $((base + 22)) $((base + 50)); do
      if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then busy=1; break; fi
    done
    [ $busy -eq 0 ] && { echo "$base"; return 0; }
  done
  echo "no free loopback ports found" >&2
  return 1
}

start() {
  local missing; missing=$(missing_binaries)
  if [ -n "$missing" ]; then
    if ci; then echo "warehouse test servers: $missing not installed (packaging/install-deps.sh installs them)" >&2; exit 1; fi
    echo "missing=$missing" > "$state"
    echo "warehouse test servers: $missing not installed; the warehouse tests will skip" >&2
    return 0
  fi
  local dir base; dir=$(mktemp -d "${TMPDIR:-/tmp}/siphon-warehouse.XXXXXX"); base=$(free_base)
  echo "dir=$dir" > "$state"
  local ch; ch=$(bash "$here/clickhouse-cluster.sh" start "$dir/clickhouse" "$base" | tr '\n' ' ')
  echo "clickhouse=$ch" >> "$state"
  local pg; pg=$(bash "$here/postgres.sh" start "$dir/postgres" $((base + 50)))
  echo "postgres=$pg" >> "$state"
}

stop() {
  [ -f "$state" ] || return 0
  local dir; dir=$(sed -n 's/^dir=//p' "$state")
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    bash "$here/clickhouse-cluster.sh" stop "$dir/clickhouse" || true
    bash "$here/postgres.sh" stop "$dir/postgres" || true
    rm -rf "$dir"
  fi
  rm -f "$state"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: test-servers.sh start|stop STATE_FILE" >&2; exit 2 ;;
esac
