#!/usr/bin/env bash
# `cache prune --all` while a run measures: the build, the package
# environment and the harness scripts the run uses are skipped, with a line
# saying so; the run's cells still start and succeed. Once it is over, prune
# removes them.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0
cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/tiny_pkg"
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)

{
  quick_matrix_header '[1]' 1 'timeout = "120s"'
  cat <<TOML
[[build]]
name = "fake"
version = "3.99"
[[packages]]
name = "tiny"
requirements = ["$WORK/tiny_pkg"]
TOML
  test_workload slow slow_sleep.py '' 'packages = "tiny"'
} > "$WORK/m.toml"

"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/out" "${opts[@]}" > "$WORK/run.txt" 2>&1 & run=$!
cell_started_or_run_gone() { pgrep -f "runner.py.*$WORK/out" || not kill -0 $run; }
wait_until 60 cell_started_or_run_gone
pgrep -f "runner.py.*$WORK/out" > /dev/null || { cat "$WORK/run.txt"; fail "the run never started its cell"; }

run_gilmatrix cache prune --all --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_eq "$status" 0 "prune during a run"
assert_contains "$WORK/out.txt" "skipped 3.99.0-"
assert_contains "$WORK/out.txt" "skipped $WORK/cache/venvs/"
assert_contains "$WORK/out.txt" "skipped $WORK/cache/harness/"
[ -x "$(ls "$WORK"/cache/builds/3.99.0-*/install/bin/python3)" ] || fail "the build in use was removed"
[ -n "$(ls "$WORK"/cache/harness/)" ] || fail "the harness scripts in use were removed"

wait $run || true
cat "$WORK/run.txt"
assert_eq "$(json '[.cells[] | select(.status == "ok")] | length' "$WORK/out/results.json")" 1 "the cell measured"

run_gilmatrix cache prune --all --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_not_contains "$WORK/out.txt" "skipped"
assert_contains "$WORK/out.txt" "removed 3.99.0-"
echo "ok"
