#!/usr/bin/env bash
# clang-format (check only, never rewrites) and clang-tidy on C++ files.
#   scripts/lint.sh                 files changed against main (committed, staged or not)
#   scripts/lint.sh --base REF      files changed against REF
#   scripts/lint.sh --all           every .cpp/.h under ui/ and app/
#   scripts/lint.sh --format-only   skip clang-tidy (fast)
# clang-tidy reads BUILD_DIR/compile_commands.json (default build/; configure first). Headers are
# checked through the .cpp files that include them. Exit status: non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

base=main all=0 tidy=1
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
while [ $# -gt 0 ]; do
    case $1 in
    --base) base=$2; shift 2 ;;
    --all) all=1; shift ;;
    --format-only) tidy=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

CLANG_FORMAT=${CLANG_FORMAT:-$(command -v clang-format-14 || command -v clang-format)}
CLANG_TIDY=${CLANG_TIDY:-$(command -v clang-tidy-14 || command -v clang-tidy)}

if [ $all = 1 ]; then
    mapfile -t files < <(git ls-files -- 'ui/*.cpp' 'ui/*.h' 'app/*.cpp' 'app/*.h')
else
    mapfile -t files < <({ git diff --name-only --diff-filter=d "$base" -- '*.cpp' '*.h'
                           git ls-files --others --exclude-standard -- '*.cpp' '*.h'; } | sort -u)
fi
if [ ${#files[@]} -eq 0 ]; then echo "lint: no C++ files to check"; exit 0; fi
echo "lint: ${#files[@]} file(s)"

status=0
echo "== clang-format ($CLANG_FORMAT)"
"$CLANG_FORMAT" --dry-run --Werror --style=file "${files[@]}" || status=1

if [ $tidy = 1 ]; then
    echo "== clang-tidy ($CLANG_TIDY, $JOBS jobs)"
    if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
        echo "no $BUILD_DIR/compile_commands.json: configure the build first (see CONTRIBUTING.md)" >&2
        exit 2
    fi
    # Only translation units the build knows (fuzz/ is built separately, with clang).
    mapfile -t units < <(for f in "${files[@]}"; do
        case $f in *.cpp) grep -q "\"file\": \"$PWD/$f\"" "$BUILD_DIR/compile_commands.json" && echo "$f" ;; esac
    done)
    if [ ${#units[@]} -gt 0 ]; then
        # AUTOMOC output must exist for the includes to resolve.
        printf '%s\n' "${units[@]}" |
            xargs -P "$JOBS" -n 4 "$CLANG_TIDY" -p "$BUILD_DIR" --quiet --warnings-as-errors='*' \
                --extra-arg=-Wno-unknown-warning-option || status=1
    fi
fi
[ $status = 0 ] && echo "lint: clean"
exit $status
