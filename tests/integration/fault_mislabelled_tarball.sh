#!/usr/bin/env bash
# A mirror file named Python-3.99.0.tar.xz whose tree is another release
# (Include/patchlevel.h says 3.98.0): refused before it is built, nothing
# cached under the name's key, no staging left, and the message names both.
# One whose patchlevel.h says 3.99.0 but whose interpreter reports another
# version is refused after the build, and its build is not kept.
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
assert_contains "$WORK/out.txt" "Python 3.99.0, built from source"

# patchlevel.h right, interpreter wrong (it reports the 3.13.0 it runs):
# refused after the build, its cache entry removed, never skipped.
: > "$tree/claimed-version"
tar -C "$WORK/fake-src" -cJf "$WORK/mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0
for skip in "" --skip-missing; do
  run_gilmatrix build "$WORK/m.toml" "${opts[@]}" $skip
  cat "$WORK/out.txt"
  assert_eq "$status" 3 "an interpreter of another version is refused ($skip)"
  assert_contains "$WORK/out.txt" \
    "source damaged: the interpreter built from $WORK/mirror/cpython/Python-3.99.0.tar.xz reports Python 3.13.0, not 3.99.0: the tarball is mislabelled; nothing was cached"
done
assert_eq "$(ls -d "$WORK"/cache/builds/3.99.0-* | wc -l)" 1 "only the right tree's build is cached"
echo "ok"
