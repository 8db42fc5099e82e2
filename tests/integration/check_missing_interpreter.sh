#!/usr/bin/env bash
# `gilmatrix check` on two interpreters of which one (3.15t: no source, no
# build, no interpreter gives it) cannot be had:
# exit 3 naming it and why, not a green CI job; --skip-missing checks the other,
# exits 0 and says 3.15t was skipped (text and JSON).
source "$(dirname "$0")/lib.sh"
require_shared_mirror
require_pyenv_interpreters
py="${PYENV_ROOT:-$HOME/.pyenv}/versions/3.13.0/bin/python3"
opts=(--python "$py,3.15t" --mirror "$SHARED_MIRROR" --offline)

run_gilmatrix check "$SOURCE_DIR/tests/fixtures/extensions/gil_free" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 3 "a missing interpreter fails the check"
assert_contains "$WORK/out.txt" "3.15t: source unavailable: "
assert_contains "$WORK/out.txt" "gil_free"

run_gilmatrix check "$SOURCE_DIR/tests/fixtures/extensions/gil_free" "${opts[@]}" --skip-missing
assert_eq "$status" 0 "--skip-missing"
assert_contains "$WORK/out.txt" "3.15t: skipped (--skip-missing): source unavailable"

"$GILMATRIX" check "$SOURCE_DIR/tests/fixtures/extensions/gil_free" "${opts[@]}" --skip-missing --format json \
  > "$WORK/check.json" 2> "$WORK/stderr.txt"
assert_eq "$(jq -c .skipped "$WORK/check.json")" '["3.15t"]'
assert_eq "$(jq -r '.builds[] | select(.name == "3.15t") | .skipped' "$WORK/check.json")" true
assert_eq "$(jq -r .exit_code "$WORK/check.json")" 0
echo "ok"
