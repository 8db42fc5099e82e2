#!/usr/bin/env bash
# Fixture for the slow tests that need 3.14t (check's default interpreters are
# 3.13t and 3.14t): CPython 3.14.7t built from the shared mirror into the
# default cache, where later runs find it. A second `build` compiles nothing.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
[ -f "$SHARED_MIRROR/cpython/Python-3.14.7.tar.xz" ] || { echo "SKIP: no 3.14.7 in $SHARED_MIRROR"; exit 77; }

matrix="$SOURCE_DIR/tests/integration/matrices/free_threaded_3_14.toml"
"$GILMATRIX" build "$matrix" --mirror "$SHARED_MIRROR" --offline
run_gilmatrix build "$matrix" --mirror "$SHARED_MIRROR" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "second build"
assert_contains "$WORK/out.txt" "1 builds: 0 compiled now, 1 ready"
assert_contains "$WORK/out.txt" "build 3.14.7t: Python 3.14.7 free-threaded, from the build cache"
echo "ok"
