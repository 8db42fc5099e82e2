#!/usr/bin/env bash
# The main job, end to end on a fresh Debian machine: install what is missing,
# build gilmatrix, obtain and build the default matrix's interpreters (using
# ../shared/mirror when it exists, the network otherwise), measure, report.
#
#   scripts/demo.sh [OUT_DIR]     (default reports/default-<UTC time>)
set -uo pipefail
cd "$(dirname "$0")/.."
echo "demo: installing missing packages"
scripts/install-deps.sh || exit $?
echo "demo: compiling gilmatrix"
scripts/build.sh gilmatrix || exit $?  # the unit tests are for scripts/test.sh
echo "demo: running the default matrix"

mirror_args=()
if [ -d ../shared/mirror ]; then mirror_args=(--mirror ../shared/mirror); fi
out="${1:-reports/default-$(date -u +%Y%m%dT%H%M%SZ)}"
./build/release/gilmatrix run matrices/default.toml "${mirror_args[@]}" --out "$out"
status=$?
echo
echo "report:  $out/report.md"
echo "results: $out/results.json"
case $status in
  0) echo "gilmatrix: every build and cell measured" ;;
  3) echo "gilmatrix: some builds could not be had here (see the report's Builds table for why)" ;;
  *) echo "gilmatrix: exit code $status (see the report)" ;;
esac
exit $status
