#!/usr/bin/env bash
# clang-tidy with the checks .clang-tidy names, on every file of src/ (or the
# files given), from the debug preset's compile commands (one entry per file:
# the release preset's unity build has a few large ones). Exits 1 on any
# finding. About 15 minutes on 2 cores for all of src/; not part of the test
# suite for that reason, run it before a change lands:
#   scripts/tidy.sh                  every file of src/
#   scripts/tidy.sh src/config/*.cpp those files
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v run-clang-tidy > /dev/null; then
  echo "tidy.sh: run-clang-tidy not found: run scripts/install-deps.sh (Debian's clang-tidy)" >&2
  exit 2
fi
cmake --preset debug > /dev/null  # writes build/debug/compile_commands.json; nothing is compiled
files=("$@")
if [ ${#files[@]} -eq 0 ]; then mapfile -t files < <(git ls-files 'src/*.cpp'); fi
# run-clang-tidy takes regular expressions: each file's path, anchored.
patterns=()
for f in "${files[@]}"; do patterns+=("$(realpath "$f" | sed 's/[.+]/\\&/g')\$"); done
log=$(mktemp -t gilmatrix-tidy.XXXXXX)
trap 'rm -f "$log"' EXIT
run-clang-tidy -quiet -p build/debug -j "$(nproc)" "${patterns[@]}" > "$log" 2>&1 || true
findings=$(grep -cE '^/.*: (warning|error): ' "$log" || true)
if [ "$findings" -gt 0 ]; then
  grep -E -A3 '^/.*: (warning|error): ' "$log" >&2
  echo "tidy.sh: $findings findings in ${#files[@]} files" >&2
  exit 1
fi
echo "tidy.sh: ${#files[@]} files, no findings"
