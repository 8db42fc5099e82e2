#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: install what is missing,
# build gilmatrix and its tests, run every CTest case (unit and integration).
# The slow integration tests build CPython 3.13.15 from ../shared/mirror once
# and keep it in ~/.cache/gilmatrix; later runs reuse it.
# Fast tests only: scripts/test.sh -LE slow
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --preset release "$@"
