#!/usr/bin/env bash
# Installs the Debian 12 packages Siphon needs to build, test and run. Idempotent: installs only
# what is missing, and runs `apt-get update` only when something is.
set -euo pipefail

# libqt6opengl6-dev: Qt6Charts' CMake package needs Qt6OpenGL's, which qt6-charts-dev does not pull in.
# desktop-file-utils: scripts/package-test.sh validates the .desktop file with it.
# time: /usr/bin/time measures the export's peak memory in the CLI tests.
# libpq-dev: `warehouse features` on PostgreSQL. clickhouse-server, clickhouse-client, postgresql (and
# curl, which scripts/services/clickhouse-cluster.sh polls with): the warehouse tests' real servers,
# started on loopback only by scripts/services/*.sh. clang-tidy: the core_function_size test
# (scripts/check-function-size.sh).
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
  libsqlite3-dev sqlite3 libarchive-dev libsimdjson-dev libssl-dev libxxhash-dev zlib1g-dev libzstd-dev
  catch2 poppler-utils python3-rdflib openssl unzip zstd xz-utils gzip time
  dpkg-dev appstream desktop-file-utils
  libpq-dev postgresql clickhouse-server clickhouse-client curl
  clang-tidy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
