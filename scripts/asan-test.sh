#!/usr/bin/env bash
# Builds core, CLI and their test suites with AddressSanitizer + UndefinedBehaviorSanitizer and
# runs them through CTest. The UI is off (SIPHON_BUILD_UI=OFF) so the build fits CI's time on two
# cores; the UI suite runs un-sanitized in scripts/test.sh. Any sanitizer report aborts the test.
# Usage: scripts/asan-test.sh            (BUILD_DIR defaults to build-asan, JOBS to 2)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
JOBS=${JOBS:-2}
start=$(date +%s)
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHON_WERROR=ON \
      -DSIPHON_BUILD_UI=OFF -DSIPHON_SANITIZE="address;undefined"
cmake --build "$BUILD_DIR" -j "$JOBS"
built=$(date +%s)
echo "asan-test: build CPU time (user system): $(times | tail -1)"
# detect_leaks: LeakSanitizer runs at exit; abort_on_error makes a report fail the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen
rc=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" --timeout 1800 || rc=$?
end=$(date +%s)
echo "asan-test: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s (wall)"
# CPU seconds of everything run (user, system): divide by the core count for an idle machine's wall time.
echo "asan-test: CPU time of children (user system):"; times | tail -1
exit $rc
