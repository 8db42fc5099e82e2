#!/usr/bin/env bash
# The interpreter names people already use (cibuildwheel's cp313t and
# cp313-cp313t, uv's 3.13+freethreaded, 3.13.15t) all reach the 3.13.15t build;
# PyPy-style names are refused with the reason.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures/extensions"

"$GILMATRIX" check "$F/gil_free" --python cp313t,cp313-cp313t,3.13+freethreaded --python 3.13.15t \
  --mirror "$SHARED_MIRROR" --offline --format json > "$WORK/check.json" 2> "$WORK/err.txt" \
  || { cat "$WORK/err.txt"; fail "check on the names"; }
assert_eq "$(jq -c '[.builds[].name]' "$WORK/check.json")" '["3.13t","3.13.15t"]' "one build per distinct request"
assert_eq "$(jq -r '[.builds[] | .probe.free_threaded] | unique | join(",")' "$WORK/check.json")" true
assert_eq "$(jq -r '[.builds[].python] | unique | length' "$WORK/check.json")" 1 "the same interpreter"
assert_eq "$(jq -r '[.module_checks[].status] | unique | join(",")' "$WORK/check.json")" "keeps GIL disabled"

for name in pypy3.10 pp310 PyPy; do
  run_gilmatrix check "$F/gil_free" --python "$name" --offline
  assert_eq "$status" 2 "$name"
  assert_contains "$WORK/out.txt" "gilmatrix: error: --python $name is not CPython"
done
run_gilmatrix check "$F/gil_free" --python cp313-cp312t --offline
assert_eq "$status" 2 "contradictory tags"
assert_contains "$WORK/out.txt" "name different versions"
echo "ok"
