#!/usr/bin/env bash
# clang-format (.clang-format) on gilmatrix's C++ files.
#   scripts/format.sh            formats the files changed since HEAD (staged,
#                                unstaged and new ones)
#   scripts/format.sh BASE       ... changed since the commit BASE (origin/main)
#   scripts/format.sh --all      formats every C++ file of src/ and tests/
#   scripts/format.sh --check    changes nothing; lists every file that is not
#                                formatted and exits 1 (CI: the `code_format` test)
set -euo pipefail
cd "$(dirname "$0")/.."

clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" > /dev/null; then
  echo "format.sh: $clang_format not found: run scripts/install-deps.sh (Debian's clang-format)" >&2
  exit 2
fi

cpp_files() { grep -E '^(src|tests)/.*\.(cpp|hpp)$' || true; }

mode=changed base=HEAD
case "${1:-}" in
  --all) mode=all ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  -*) echo "format.sh: unknown option $1 (--all, --check or a commit)" >&2; exit 2 ;;
  *) base=$1 ;;
esac

if [ "$mode" = changed ]; then
  mapfile -t files < <({ git diff --name-only --diff-filter=ACMR "$base"; git ls-files --others --exclude-standard; } |
                       sort -u | cpp_files)
else
  mapfile -t files < <(git ls-files | cpp_files)
fi
[ ${#files[@]} -gt 0 ] || { echo "format.sh: no C++ files to format"; exit 0; }

if [ "$mode" = check ]; then
  unformatted=()
  for f in "${files[@]}"; do
    "$clang_format" --dry-run -Werror "$f" > /dev/null 2>&1 || unformatted+=("$f")
  done
  if [ ${#unformatted[@]} -gt 0 ]; then
    echo "format.sh: ${#unformatted[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    echo "run scripts/format.sh --all (or scripts/format.sh for the files you changed) and commit the result" >&2
    exit 1
  fi
  echo "format.sh: all ${#files[@]} files are formatted"
  exit 0
fi
"$clang_format" -i "${files[@]}"
echo "format.sh: formatted ${#files[@]} files"
