#!/usr/bin/env bash
# A caller's PYTHON_GIL, PYTHONPATH, PYTHONHOME, ... never reach the measured
# interpreter: with them set, the run gives the same statuses and GIL states.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{
  quick_matrix_header '[1]' 2
  interpreter_build 3.13.0
  test_workload report-env report_env.py '["threads", "processes"]'
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/clean"
assert_eq "$status" 0 "exit code without the variables"
set +e
PYTHON_GIL=1 PYTHONPATH=/nonexistent PYTHONHOME=/nonexistent PYTHONSTARTUP=/nonexistent \
  PYTHONWARNINGS=error PIP_FIND_LINKS=/nonexistent "$GILMATRIX" run "$WORK/m.toml" --out "$WORK/dirty" \
  > "$WORK/out.txt" 2>&1
status=$?
set -e
cat "$WORK/out.txt"
assert_eq "$status" 0 "exit code with the variables"
for f in clean dirty; do
  jq -c '[.builds[] | {name, status, gil: .probe.gil_enabled}], [.cells[] | {key, status, gil_enabled_after}]' \
    "$WORK/$f/results.json" > "$WORK/$f.summary"
done
diff "$WORK/clean.summary" "$WORK/dirty.summary" || fail "results differ when the caller's environment is dirty"
echo "ok"
