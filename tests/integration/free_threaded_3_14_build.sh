#!/usr/bin/env bash
# Fixture for the slow tests that need 3.14t (check's default interpreters are
# 3.13t and 3.14t): CPython 3.14.7t built from the shared mirror into the
# default cache, where later runs find it. A second `build` compiles nothing.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
[ -f "$SHARED_MIRROR/cpython/Python-3.14.7.tar.xz" ] || { echo "SKIP: no 3.14.7 in $SHARED_MIRROR"; exit 77; }

build_fixture_twice "$SOURCE_DIR/tests/integration/matrices/free_threaded_3_14.toml" 3.14.7t \
  "Python 3.14.7 free-threaded"
echo "ok"
