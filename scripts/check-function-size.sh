#!/usr/bin/env bash
# No function in core/ longer than 100 lines (issue 15): clang-tidy's readability-function-size,
# alone and with only its line threshold, over every core/ translation unit the build knows
# (inline functions in core/ headers are checked through the .cpp files that include them).
#   scripts/check-function-size.sh [BUILD_DIR [DIR]]   default build/ and core/; DIR (e.g.
#                                                       core/generate/) checks only that folder, faster
# BUILD_DIR needs its compile_commands.json and every target built (AUTOMOC output).
# Run by ctest as core_function_size. Exit 0 clean, 1 on a function over the limit (or a stale
# exception below), 2 on a setup error, 77 (ctest: skipped) when clang-tidy is missing outside CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=$(realpath "${1:-build}")
JOBS=${JOBS:-2}
DIR=${2:-core/}
LIMIT=100

# Functions allowed over the limit ("FILE NAME"); the check fails when one of them is no longer
# over it, so the list only shrinks. Empty since scoreEntity was split into named steps.
EXCEPTIONS=()

CLANG_TIDY=${CLANG_TIDY:-$(command -v clang-tidy-14 || command -v clang-tidy || true)}
if [ -z "$CLANG_TIDY" ]; then
    if [ "${CI:-}" = true ]; then echo "clang-tidy not found (CI: packaging/install-deps.sh installs it)" >&2; exit 2; fi
    echo "clang-tidy not found: function-size check skipped"; exit 77
fi
if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
    echo "no $BUILD_DIR/compile_commands.json: configure the build first" >&2; exit 2
fi

mapfile -t units < <(grep -o "\"file\": \"$ROOT/$DIR[^\"]*\.cpp\"" "$BUILD_DIR/compile_commands.json" |
                     sed 's/^"file": "//; s/"$//' | sort -u)
if [ ${#units[@]} -eq 0 ] || { [ "$DIR" = core/ ] && [ ${#units[@]} -lt 50 ]; }; then
    echo "only ${#units[@]} $DIR files in $BUILD_DIR/compile_commands.json: not the full build" >&2; exit 2
fi

config="{Checks: '-*,readability-function-size', CheckOptions: [
  {key: readability-function-size.LineThreshold, value: '$LIMIT'},
  {key: readability-function-size.StatementThreshold, value: '-1'}]}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# -w: compiler warnings are the build's business; only this check's findings are wanted here.
printf '%s\n' "${units[@]}" |
    xargs -P "$JOBS" -n 8 "$CLANG_TIDY" -p "$BUILD_DIR" --quiet --config="$config" \
        --header-filter="^$ROOT/core/" --extra-arg=-w --extra-arg=-Wno-unknown-warning-option >"$out" 2>&1 || true

# "FILE:LINE:COL: warning: function 'NAME' exceeds ..." then "note: N lines including whitespace ..."
# "FILE:LINE:COL: warning: function 'NAME' exceeds ... [readability-function-size]", then the
# source excerpt, then "FILE:LINE:COL: note: N lines including whitespace and comments ...".
mapfile -t found < <(awk -v root="$ROOT/" '
    /warning: function .* exceeds recommended size\/complexity thresholds \[readability-function-size\]/ {
        split($0, loc, ":"); file = loc[1]; sub(root, "", file)
        name = $0; sub(/^.*function \047/, "", name); sub(/\047 exceeds.*$/, "", name)
        pending = file " " name
    }
    /note: [0-9]+ lines including whitespace and comments/ && pending != "" {
        lines = $0; sub(/^.*note: /, "", lines); sub(/ lines.*$/, "", lines)
        print pending " " lines; pending = ""
    }' "$out" | sort -u)

# A file clang-tidy could not parse (e.g. AUTOMOC output not generated yet) was not checked.
if grep -q "error:" "$out"; then
    echo "clang-tidy could not check every file (build all targets first):" >&2; grep -m 20 "error:" "$out" >&2; exit 2
fi

status=0
for f in "${found[@]}"; do
    known=0
    for e in "${EXCEPTIONS[@]}"; do [ "${f% *}" = "$e" ] && known=1; done
    if [ $known = 1 ]; then
        echo "known (listed in $0): ${f% *} (${f##* } lines)"
    else
        echo "OVER $LIMIT LINES: ${f% *} (${f##* } lines); split it into named steps"
        status=1
    fi
done
for e in "${EXCEPTIONS[@]}"; do
    case $e in "$DIR"*) ;; *) continue ;; esac   # not in the folder checked
    still=0
    for f in "${found[@]}"; do [ "${f% *}" = "$e" ] && still=1; done
    if [ $still = 0 ]; then
        echo "STALE EXCEPTION: $e is no longer over $LIMIT lines; remove it from EXCEPTIONS in $0"
        status=1
    fi
done
echo "function size: ${#units[@]} $DIR files checked, limit $LIMIT lines, ${#found[@]} over (${#EXCEPTIONS[@]} known)"
exit $status
