#!/usr/bin/env bash
# Starts (or stops) a two-shard ClickHouse cluster on loopback for tests: two Debian
# clickhouse-server (18.16) processes in a temporary folder, each with its own ports, and a
# cluster `siphon_two_shards` naming both, so a Distributed table spans them.
#   clickhouse-cluster.sh start DIR [BASE_PORT]   # prints the HTTP ports, one per line
#   clickhouse-cluster.sh stop DIR
# Listens on 127.0.0.1 only; never contacts another address.
set -euo pipefail

cmd=${1:?usage: clickhouse-cluster.sh start|stop DIR [BASE_PORT]}
dir=${2:?usage: clickhouse-cluster.sh start|stop DIR [BASE_PORT]}
base=${3:-19100}

server_bin() {
  command -v clickhouse-server || { [ -x /usr/sbin/clickhouse-server ] && echo /usr/sbin/clickhouse-server; } ||
    { echo "clickhouse-server not installed (Debian package clickhouse-server)" >&2; exit 1; }
}

# shard N listens on: tcp base+10N, http base+10N+1, interserver base+10N+2
tcp_port() { echo $((base + 10 * $1)); }
http_port() { echo $((base + 10 * $1 + 1)); }

write_config() {
  local n=$1 d="$dir/shard$1"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/log"
  cat > "$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$(tcp_port "$n")</tcp_port>
  <http_port>$(http_port "$n")</http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>$((base + 10 * n + 2))</interserver_http_port>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers>
    <siphon_two_shards>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 1)</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 2)</port></replica></shard>
    </siphon_two_shards>
  </remote_servers>
</yandex>
XML
}

write_users() {
  # default: no password, loopback only (tests of the happy path); siphon: password "siphon-test",
  # so wrong-credential tests have a user whose password can be wrong.
  cat > "$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <siphon><password>siphon-test</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></siphon>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

wait_ready() {
  local port=$1
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "clickhouse on port $port did not start; see $dir/shard*/log" >&2
  return 1
}

start() {
  local bin; bin=$(server_bin)
  mkdir -p "$dir"
  write_users
  for n in 1 2; do
    write_config "$n"
    "$bin" --config-file="$dir/shard$n/config.xml" --pid-file="$dir/shard$n/server.pid" --daemon
  done
  for n in 1 2; do wait_ready "$(http_port "$n")"; done
  for n in 1 2; do http_port "$n"; done
}

stop() {
  for n in 1 2; do
    local pidfile="$dir/shard$n/server.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: clickhouse-cluster.sh start|stop DIR [BASE_PORT]" >&2; exit 2 ;;
esac
