#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) and runs each for SECONDS (default 60),
# seeded from tests/fixtures/ and the kept crash inputs; prints executions, corpus size and
# crashes per target. Exit 1 when any target crashed (its input is in WORK/artifacts/TARGET/).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     targets: fuzz_json fuzz_csv fuzz_source fuzz_bundle fuzz_import
# Env:   BUILD_DIR (build-fuzz), WORK (BUILD_DIR/fuzz-work), JOBS (2), FUZZ_FLAGS (extra libFuzzer flags),
#        SEED_CLI (siphon-cli that exports the seed bundle), ASAN_OPTIONS_FUZZ / UBSAN_OPTIONS_FUZZ
#        (e.g. UBSAN_OPTIONS_FUZZ=print_stacktrace=1:halt_on_error=1:suppressions=FILE to fuzz past a
#        known, reported finding)
# See docs/FUZZING.md for longer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(fuzz_json fuzz_csv fuzz_source fuzz_bundle fuzz_import)
BUILD_DIR=${BUILD_DIR:-build-fuzz}
WORK=${WORK:-$BUILD_DIR/fuzz-work}
JOBS=${JOBS:-2}

# libFuzzer ships in libclang-rt-14-dev on Debian 12; installed here only, not for every build.
need=()
command -v clang++-14 >/dev/null || need+=(clang-14)
[ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] ||
  ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSIPHON_FUZZ=ON -DSIPHON_BUILD_UI=OFF -DSIPHON_BUILD_TESTS=OFF -DSIPHON_SANITIZE="address;undefined" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" --target siphon_fuzzers

# Seed corpora (rebuilt each run; the growing corpus in WORK/corpus is kept between runs).
SEEDS=$WORK/seeds
rm -rf "$SEEDS"
mkdir -p "$SEEDS"/{fuzz_json,fuzz_csv,fuzz_source,fuzz_bundle,fuzz_import}
REG=tests/fixtures/fuzz-regressions
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1)); base="$i-$(basename "$f")"
  case "$f" in
    *.json|*.jsonl) cp "$f" "$SEEDS/fuzz_json/$base" ;;
    *.csv) cp "$f" "$SEEDS/fuzz_csv/$base" ;;
  esac
  cp "$f" "$SEEDS/fuzz_source/$base"
  gzip -9nc "$f" > "$SEEDS/fuzz_source/$base.gz"
  command -v zstd >/dev/null && zstd -q -c "$f" > "$SEEDS/fuzz_source/$base.zst" || true
  command -v xz >/dev/null && xz -c "$f" > "$SEEDS/fuzz_source/$base.xz" || true
  command -v bzip2 >/dev/null && bzip2 -c "$f" > "$SEEDS/fuzz_source/$base.bz2" || true
done < <(find tests/fixtures -path "$REG" -prune -o -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.csv' \) -print0 | sort -z)
# Truncated gzip: the damage path.
for g in "$SEEDS"/fuzz_source/*.gz; do head -c 200 "$g" > "${g%.gz}.cut.gz"; break; done
# fuzz_import parses whole files as an import does: every plain and compressed seed of the readers.
cp "$SEEDS"/fuzz_source/* "$SEEDS/fuzz_import/"
for t in fuzz_json fuzz_csv fuzz_source fuzz_bundle fuzz_import; do
  [ -d "$REG/$t" ] && cp "$REG/$t"/* "$SEEDS/$t/" 2>/dev/null || true
done
# A real (small) evidence bundle, exported from a case of two fixture logs, plus a signed one.
BTMP=$(mktemp -d)
trap 'rm -rf "$BTMP"' EXIT
# The CLI comes from a normal build (SEED_CLI, default build/app/siphon-cli): the clang build of
# the whole CLI is not needed for fuzzing.
CLI=${SEED_CLI:-build/app/siphon-cli}
if [ -x "$CLI" ]; then
  "$CLI" import "$BTMP/case.siphon" tests/fixtures/evidence/traffic.csv >/dev/null
  "$CLI" tag "$BTMP/case.siphon" --entity evil-1 --label suspected --by fuzz >/dev/null || true
  "$CLI" export "$BTMP/case.siphon" --out "$SEEDS/fuzz_bundle/small.zip" --export-time 2026-01-01T00:00:00Z \
    --case-name fuzz --examiner fuzz >/dev/null
else
  echo "fuzz: no siphon-cli at $CLI (set SEED_CLI): fuzz_bundle starts without a real bundle seed" >&2
fi

mkdir -p "$WORK/logs"
declare -A MAXLEN=([fuzz_json]=65536 [fuzz_csv]=65536 [fuzz_source]=65536 [fuzz_bundle]=1048576 [fuzz_import]=65536)
summary=()
crashed=0
for t in "${TARGETS[@]}"; do
  corpus=$WORK/corpus/$t
  artifacts=$WORK/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  log=$WORK/logs/$t.log
  before=$(find "$artifacts" -type f | wc -l)
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  start=$(date +%s)
  # -fork would survive crashes and keep going; a plain run stops at the first, which is what a
  # regression hunt wants. Leaks are checked per input (ASan's default under libFuzzer).
  ASAN_OPTIONS=${ASAN_OPTIONS_FUZZ:-abort_on_error=1:detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS_FUZZ:-print_stacktrace=1:halt_on_error=1} \
    "$BUILD_DIR/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len="${MAXLEN[$t]}" -timeout=20 \
    -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} \
    "$corpus" "$SEEDS/$t" >"$log" 2>&1 || true
  end=$(date +%s)
  # (-fork prints no stat:: lines, only "#N: cov ..." progress lines; no match must not end the script)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  [ -z "$execs" ] && execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
  after=$(find "$artifacts" -type f | wc -l)
  new=$((after - before))
  [ "$new" -gt 0 ] && crashed=1
  summary+=("$(printf '%-12s %6ss %12s execs %6s corpus %3s new crashes' "$t" "$((end - start))" "${execs:-?}" \
    "$(find "$corpus" -type f | wc -l)" "$new")")
done
echo
echo "fuzz summary (logs in $WORK/logs, crash inputs in $WORK/artifacts):"
printf '  %s\n' "${summary[@]}"
exit $crashed
