#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: install what is missing,
# build gilmatrix and its tests, run every CTest case (unit and integration).
# The slow integration tests build CPython 3.13.15 from ../shared/mirror once
# and keep it in ~/.cache/gilmatrix; later runs reuse it.
# Fast tests only: scripts/test.sh -LE slow
# Fails as well when the suite leaves a file in the checkout that was not there before.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# The suite must leave the checkout as it found it (nothing generated, nothing
# deleted): compared before and after, so local changes of your own are fine.
tree_state() { git status --porcelain --untracked-files=all 2>/dev/null || true; }
before=$(tree_state)
status=0
ctest --preset release "$@" || status=$?
after=$(tree_state)
if [ "$before" != "$after" ]; then
  echo "scripts/test.sh: the test suite changed the checkout (git status --porcelain, before and after):" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
exit $status
