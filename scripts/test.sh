#!/usr/bin/env bash
# The README's test command: installs dependencies, builds with warnings as errors, runs every
# test suite (core, CLI, UI offscreen) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHON_WERROR=ON
cmake --build "$BUILD_DIR"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 900
