#!/usr/bin/env bash
# Fixture for the slow tests: CPython 3.13.15 and 3.13.15t built from the
# shared mirror into the default cache (~/.cache/gilmatrix), where later runs
# find them. A second `build` compiles nothing.
source "$(dirname "$0")/lib.sh"
require_shared_mirror

"$GILMATRIX" build "$SOURCE_DIR/tests/integration/matrices/source_builds.toml" --mirror "$SHARED_MIRROR" --offline
run_gilmatrix build "$SOURCE_DIR/tests/integration/matrices/source_builds.toml" --mirror "$SHARED_MIRROR" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "second build"
assert_contains "$WORK/out.txt" "2 builds: 0 compiled now, 2 ready"
echo "ok"
