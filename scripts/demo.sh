#!/usr/bin/env bash
# The README's first command: installs dependencies, builds, and runs the main job on the bundled
# demo data (generate → import → analyze → tag → export) into ./siphon-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Only the two programs: the test suites are the other command's job (they take most of the build).
cmake --build "$BUILD_DIR" --target siphon-cli siphon
"$BUILD_DIR/app/siphon-cli" demo --out siphon-demo
"$BUILD_DIR/app/siphon-cli" accounts siphon-demo/demo.siphon --top 10
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$BUILD_DIR/app/siphon" ]; then
  echo "opening the demo case in the GUI ..."
  "$BUILD_DIR/app/siphon" siphon-demo/demo.siphon &
fi
