#!/usr/bin/env bash
# Peak RSS of `siphon-cli import` on the two pathological inputs of issue #9 (tracker 13): 1 GiB of
# blank lines in a small .gz, and one 300 MiB whitespace line in a JSON-lines .gz, each between two
# real records. Measured with /usr/bin/time -v (the whole process: parse thread, writer, SQLite).
# Fails when a peak exceeds LIMIT_MB (200) or a record is lost.
# Usage: scripts/memory-bound.sh [CLI]        (CLI defaults to build/app/siphon-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=${1:-build/app/siphon-cli}
LIMIT_MB=${LIMIT_MB:-200}
[ -x "$CLI" ] || { echo "memory-bound: no siphon-cli at $CLI" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "memory-bound: /usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

rec() { printf '{"timestamp":"2026-02-03T14:00:0%sZ","account_id":"a","model":"gpt-4o","input_tokens":5,"output_tokens":7,"request_id":"r%s"}\n' "$1" "$1"; }
# $1 file, $2 MiB of filler, $3 filler generator (one MiB of it on stdout)
make_gz() {
  { rec 1; for _ in $(seq "$2"); do "$3"; done; printf '\n'; rec 2; } | gzip -6 > "$1"
}
blank_mib() { head -c 1048576 /dev/zero | tr '\0' '\n'; }
space_mib() { head -c 1048576 /dev/zero | tr '\0' ' '; }

make_gz "$TMP/blank.jsonl.gz" 1024 blank_mib
make_gz "$TMP/line.jsonl.gz" 300 space_mib

rc=0
for f in blank line; do
  gz="$TMP/$f.jsonl.gz"
  /usr/bin/time -v "$CLI" import "$TMP/$f.siphon" "$gz" >"$TMP/$f.out" 2>"$TMP/$f.time" || true
  kb=$(grep 'Maximum resident set size' "$TMP/$f.time" | grep -o '[0-9]*$')
  secs=$(grep 'Elapsed (wall clock)' "$TMP/$f.time" | awk '{print $NF}')
  records=$(grep -o '[0-9]* records' "$TMP/$f.out" | head -1 || true)
  verdict=ok
  [ $((kb / 1024)) -gt "$LIMIT_MB" ] && verdict="OVER ${LIMIT_MB} MB" && rc=1
  grep -q '2 requests' "$TMP/$f.out" || { verdict="$verdict, records lost"; rc=1; }
  printf '%-6s %8.1f MB .gz  %s  peak RSS %6.1f MB  wall %s  %s\n' "$f" \
    "$(echo "$(stat -c %s "$gz") / 1048576" | bc -l)" "${records:-? records}" "$(echo "$kb / 1024" | bc -l)" "$secs" "$verdict"
  [ "$verdict" = ok ] || cat "$TMP/$f.out" "$TMP/$f.time" >&2
done
exit $rc
