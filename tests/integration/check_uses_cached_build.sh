#!/usr/bin/env bash
# `gilmatrix check --python 3.13t` with no CPython source to be had (offline, no
# cpython/ in any mirror) uses the 3.13.15t build already in the cache, and says
# "cached build, source not rechecked", instead of failing while `cache list`
# shows the build.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
shared="${GILMATRIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gilmatrix}"
key=""
# The build the source_builds fixture makes (this recipe: --disable-test-modules from 3.10).
for f in "$shared"/builds/3.13.15t-*/build.json; do
  [ -f "$f" ] || continue
  key=$(jq -r 'select(.free_threaded and .configure == ["--disable-gil", "--disable-test-modules"]) | .key' "$f")
  [ -n "$key" ] && break
done
[ -n "$key" ] || fail "no 3.13.15t build in $shared (the source_builds test makes it)"
# A cache of this test's own that holds that build (so the environment it makes
# goes away with the test), and a mirror with the sdists pip needs but no CPython.
mkdir -p "$WORK/cache/builds" "$WORK/sdists-only"
ln -s "$shared/builds/$key" "$WORK/cache/builds/$key"
ln -s "$SHARED_MIRROR/sdists" "$WORK/sdists-only/sdists"

run_gilmatrix cache list --cache "$WORK/cache"
assert_contains "$WORK/out.txt" "$key"
run_gilmatrix check "$SOURCE_DIR/tests/fixtures/extensions/gil_free" --python 3.13t --cache "$WORK/cache" \
  --mirror "$WORK/sdists-only" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "the cached build is used"
assert_contains "$WORK/out.txt" "3.13t: Python 3.13.15 free-threaded ($WORK/cache/builds/$key/install/bin/python3, cached build, source not rechecked)"
assert_contains "$WORK/out.txt" "gil_free"
echo "ok"
