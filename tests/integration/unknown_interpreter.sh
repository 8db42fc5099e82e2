#!/usr/bin/env bash
# An interpreter that does not exist: one-line reason in the report, exit 3,
# and the other build is still measured.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{
  quick_matrix_header '[1]' 1
  interpreter_build nowhere python3.99-does-not-exist
  interpreter_build 3.13.0
  tiny_cpu_workload
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
assert_eq "$status" 3 "exit code"
r="$WORK/out/results.json"
assert_eq "$(json '.builds[0].status' "$r")" "interpreter not found"
assert_eq "$(json '.builds[1].status' "$r")" ok
assert_eq "$(json '[.cells[] | select(.build == "3.13.0" and .status == "ok")] | length' "$r")" 1 "3.13.0 measured"
assert_contains "$WORK/out/report.md" 'interpreter not found: interpreter "python3.99-does-not-exist" not found'
echo "ok"
