#!/usr/bin/env bash
# A mirror file named Python-3.99.0.tar.xz whose tree is another release
# (Include/patchlevel.h says 3.98.0): refused before it is built, nothing
# cached under the name's key, no staging left, and the message names both.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0
tree="$WORK/fake-src/Python-3.99.0"
echo '#define PY_VERSION "3.98.0"' > "$tree/Include/patchlevel.h"
tar -C "$WORK/fake-src" -cJf "$WORK/mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99"
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
TOML

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 3 "a mislabelled tarball is not built"
assert_contains "$WORK/out.txt" "is named 3.99.0 but holds Python 3.98.0"
assert_not_contains "$WORK/out.txt" "configure: creating Makefile"
[ -z "$(ls -d "$WORK"/cache/builds/3.99.0-* 2>/dev/null || true)" ] || fail "a 3.99.0 build was cached"
[ -z "$(find "$WORK/cache" -name '.staging-*' | head -1)" ] || fail "staging left behind"

# The tree the name promises builds.
echo '#define PY_VERSION "3.99.0"' > "$tree/Include/patchlevel.h"
tar -C "$WORK/fake-src" -cJf "$WORK/mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0
run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "the right tree builds"
assert_contains "$WORK/out.txt" "1 compiled now"
echo "ok"
