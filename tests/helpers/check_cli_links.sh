#!/usr/bin/env bash
# Fails when siphon-cli links a widget-toolkit or OpenGL library: checks the binary's NEEDED
# entries and, with Ninja, the link line CMake wrote (which --as-needed cannot hide).
# Usage: check_cli_links.sh path/to/siphon-cli BUILD_DIR
set -euo pipefail
cli=$1 build=$2
# Qt's widget, chart and OpenGL modules, and the system's OpenGL libraries (which Qt6::Gui's CMake
# package would add to every link line: ui/CMakeLists.txt links QtGui without them).
forbidden='(Qt6(Widgets|Charts|OpenGL|OpenGLWidgets|PrintSupport)|lib(OpenGL|GLX|GL|EGL)\.so)'
needed=$(readelf -d "$cli" | grep NEEDED || true)
if [ -z "$needed" ]; then echo "no NEEDED entries read from $cli" >&2; exit 1; fi
if grep -E "$forbidden" <<<"$needed"; then echo "siphon-cli's binary needs the libraries above" >&2; exit 1; fi
if [ -f "$build/build.ninja" ]; then
    link=$(awk '/^build app\/siphon-cli:/ {on=1} on && /LINK_LIBRARIES/ {print; exit}' "$build/build.ninja")
    if [ -z "$link" ]; then echo "no link line for app/siphon-cli in $build/build.ninja" >&2; exit 1; fi
    if grep -oE "[^ ]*$forbidden[^ ]*" <<<"$link"; then echo "siphon-cli's link line names the libraries above" >&2; exit 1; fi
fi
echo "siphon-cli links no Widgets, Charts or OpenGL (Qt's or the system's)"
