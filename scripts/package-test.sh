#!/usr/bin/env bash
# Builds the Debian package from a configured build, unpacks it into a temporary root with
# dpkg-deb -x, and runs the packaged siphon-cli from there (--version, demo, verify) and the
# packaged GUI offscreen; checks the package metadata (dependencies, desktop file, icon, MIME
# type, man pages), validates the AppStream metainfo offline, and installs with
# `cmake --install --prefix` into a path with a space. The packaged binaries use the system
# libraries. No display needed. Also registered as the ctest test `package` (label package).
# Usage: scripts/package-test.sh [BUILD_DIR]     (default: build; configured and built if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
if [ ! -f "$BUILD_DIR/CPackConfig.cmake" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# CPack installs through the build's `preinstall` target, which builds what is out of date.
cmake --build "$BUILD_DIR" --target siphon-cli siphon_man $(grep -q '^build app/siphon:' "$BUILD_DIR/build.ninja" && echo siphon)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

(cd "$BUILD_DIR" && cpack -G DEB -B "$TMP/out" >"$TMP/cpack.log" 2>&1) || { cat "$TMP/cpack.log"; fail "cpack"; }
DEB=$(ls "$TMP"/out/siphon_*.deb | head -1)
[ -f "$DEB" ] || fail "no .deb produced"
echo "package-test: built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"

dpkg-deb --info "$DEB" >"$TMP/info.txt"
depends=$(sed -n 's/^ Depends: //p' "$TMP/info.txt")
echo "package-test: Depends: $depends"
for lib in libqt6core6 libsqlite3-0 libarchive13 libsimdjson14 libssl3 libxxhash0 zlib1g; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib"
done

ROOT=$TMP/root
dpkg-deb -x "$DEB" "$ROOT"
dpkg-deb --contents "$DEB" >"$TMP/contents.txt"
for f in usr/bin/siphon-cli usr/share/man/man1/siphon-cli.1.gz usr/share/mime/packages/siphon.xml; do
  [ -f "$ROOT/$f" ] || fail "missing $f"
done
if [ -f "$ROOT/usr/bin/siphon" ]; then
  for f in usr/share/applications/org.siphon.Siphon.desktop usr/share/metainfo/org.siphon.Siphon.metainfo.xml \
           usr/share/icons/hicolor/scalable/apps/siphon.svg usr/share/man/man1/siphon.1.gz; do
    [ -f "$ROOT/$f" ] || fail "missing $f"
  done
  grep -q '^MimeType=application/x-siphon-case;' "$ROOT/usr/share/applications/org.siphon.Siphon.desktop" ||
    fail "desktop file lacks the case MIME type"
  [[ "$depends" == *libqt6widgets6* && "$depends" == *qt6-qpa-plugins* ]] || fail "GUI dependencies missing"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$ROOT/usr/share/applications/org.siphon.Siphon.desktop"
  fi
  appstreamcli validate --no-net "$ROOT/usr/share/metainfo/org.siphon.Siphon.metainfo.xml" >"$TMP/as.txt" 2>&1 ||
    { cat "$TMP/as.txt"; fail "metainfo does not validate"; }
  echo "package-test: metainfo valid"
else
  echo "package-test: no GUI in this build (SIPHON_BUILD_UI=OFF or no app/gui/main.cpp): desktop files skipped"
fi
# Packaged files must not point back into the build tree (RPATH to build dirs, etc.).
if command -v readelf >/dev/null && readelf -d "$ROOT/usr/bin/siphon-cli" | grep -E 'R(UN)?PATH' | grep -q "$(pwd)"; then
  fail "siphon-cli has an RPATH into the source tree"
fi
zcat "$ROOT/usr/share/man/man1/siphon-cli.1.gz" | grep -q '^\.TH SIPHON-CLI 1' || fail "man page unreadable"

CLI=$ROOT/usr/bin/siphon-cli
version=$("$CLI" --version)
[[ "$version" == "siphon-cli "* ]] || fail "unexpected --version output: $version"
echo "package-test: $version"
(cd "$TMP" && "$CLI" demo --out "$TMP/demo" >"$TMP/demo.log" 2>&1) || { tail -20 "$TMP/demo.log"; fail "packaged demo failed"; }
[ -s "$TMP/demo/evidence-bundle.zip" ] || fail "demo wrote no bundle"
"$CLI" verify "$TMP/demo/evidence-bundle.zip" >"$TMP/verify.log" 2>&1 || { cat "$TMP/verify.log"; fail "bundle does not verify"; }
echo "package-test: packaged demo ran and its bundle verifies"
if [ -f "$ROOT/usr/bin/siphon" ]; then
  # The packaged GUI starts with the system's Qt plugins and draws the demo case (no display needed).
  QT_QPA_PLATFORM=offscreen "$ROOT/usr/bin/siphon" --screenshot "$TMP/shot.png" --case "$TMP/demo/demo.siphon" \
    --view accounts >"$TMP/gui.log" 2>&1 || { tail -20 "$TMP/gui.log"; fail "packaged GUI failed to render"; }
  [ -s "$TMP/shot.png" ] || fail "packaged GUI wrote no screenshot"
  echo "package-test: packaged GUI rendered the demo case offscreen"
fi

# The MIME type is valid shared-mime-info XML: update-mime-database compiles it.
if command -v update-mime-database >/dev/null; then
  update-mime-database "$ROOT/usr/share/mime" >"$TMP/mime.log" 2>&1 || { cat "$TMP/mime.log"; fail "MIME XML invalid"; }
  grep -q '\*\.siphon' "$ROOT/usr/share/mime/globs2" || fail "MIME globs lack *.siphon"
  echo "package-test: MIME type compiles (*.siphon -> application/x-siphon-case)"
fi

# `cmake --install` into an arbitrary prefix gives the same layout, and the binary runs from there.
PREFIX="$TMP/any prefix/opt"
cmake --install "$BUILD_DIR" --prefix "$PREFIX" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; fail "cmake --install"; }
for f in bin/siphon-cli share/man/man1/siphon-cli.1.gz share/mime/packages/siphon.xml; do
  [ -f "$PREFIX/$f" ] || fail "cmake --install --prefix: missing $f"
done
[[ "$("$PREFIX/bin/siphon-cli" --version)" == "$version" ]] || fail "installed siphon-cli --version differs"
echo "package-test: cmake --install --prefix '$PREFIX' works"
echo "package-test: 1 passed, 0 failed"
