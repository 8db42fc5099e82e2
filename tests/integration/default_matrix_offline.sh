#!/usr/bin/env bash
# The default matrix offline with a mirror that has no 3.14 tarball (and a
# cache with no 3.14 build): 3.13 and 3.13t come from the cache (built by the
# fixture), 3.12 falls back to pyenv's prebuilt interpreter, 3.14 and 3.14t are
# source unavailable with what to do.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
require_pyenv_interpreters
mirror=$(realpath "$WORK")/mirror
mirror_and_cache_without_3_14 "$mirror" "$WORK/cache"

run_gilmatrix build "$SOURCE_DIR/matrices/default.toml" --mirror "$mirror" --cache "$WORK/cache" --offline
cat "$WORK/out.txt"
assert_eq "$status" 3 "exit code: two builds cannot be had"
assert_contains "$WORK/out.txt" "5 builds: 0 compiled now, 3 ready, 2 not available"
assert_contains "$WORK/out.txt" "build 3.12: Python 3.12.1, prebuilt interpreter (source unavailable)"
assert_contains "$WORK/out.txt" "build 3.13t: Python 3.13.15 free-threaded, from the build cache"
assert_contains "$WORK/out.txt" "build 3.14: source unavailable: no 3.14.x tarball in mirrors $mirror/cpython"
assert_contains "$WORK/out.txt" "Place Python-3.14.<N>.tar.xz in a mirror's cpython/ folder"
assert_contains "$WORK/out.txt" "build 3.14t: source unavailable"
echo "ok"
