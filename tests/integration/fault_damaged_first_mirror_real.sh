#!/usr/bin/env bash
# fault_damaged_first_mirror on the real Python-3.13.15.tar.xz, compiling
# nothing: the first mirror holds a copy cut at 10 MB, the second the shared
# mirror's good copy, whose build the cache holds (linked from the default
# cache, built by the source_builds fixture; skipped where there is none).
# The cut copy is read, found damaged and passed over; the good copy's cached
# build is reused without the good copy being read again.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
require_shared_mirror
mirror_and_cache_without_3_14 "$WORK/good" "$WORK/cache"
[ -n "$(ls "$WORK"/cache/builds/ | grep '^3\.13\.15-' || true)" ] || { echo "SKIP: no cached 3.13.15 build"; exit 77; }
mkdir -p "$WORK/bad/cpython"
head -c 10000000 "$SHARED_MIRROR/cpython/Python-3.13.15.tar.xz" > "$WORK/bad/cpython/Python-3.13.15.tar.xz"
{ quick_matrix_header; printf '[[build]]\nname = "3.13"\nversion = "3.13.15"\n'; tiny_cpu_workload; } > "$WORK/m.toml"

run_gilmatrix build "$WORK/m.toml" --cache "$WORK/cache" --mirror "$WORK/bad" --mirror "$WORK/good" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "the good copy's cached build is used"
assert_contains "$WORK/out.txt" "$WORK/bad/cpython/Python-3.13.15.tar.xz is damaged"
assert_contains "$WORK/out.txt" "trying the copy in $WORK/good/cpython"
assert_contains "$WORK/out.txt" "build 3.13: Python 3.13.15, from the build cache"
assert_contains "$WORK/out.txt" "0 compiled now"
assert_not_contains "$WORK/out.txt" "not in the cache"
echo "ok"
