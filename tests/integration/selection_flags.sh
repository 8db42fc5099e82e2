#!/usr/bin/env bash
# run and plan narrowed from the command line: --build (repeatable, patterns),
# --workload, --executor, --workers, --repeats, --gil-mode; a selection that
# matches nothing is a usage error naming what exists.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
quick="$SOURCE_DIR/matrices/quick.toml"

plan() {  # the plan as JSON in $WORK/plan.json, stderr in $WORK/err.txt, exit code in $status
  set +e
  "$GILMATRIX" plan "$quick" --format json "$@" > "$WORK/plan.json" 2> "$WORK/err.txt"
  status=$?
  set -e
}

plan --build '3.13*' --workload cpu-pure-python --executor threads --workers 2 --repeats 3
assert_eq "$status" 0 "a selection"
assert_eq "$(jq -c '[.cells[].build] | unique' "$WORK/plan.json")" '["3.13.0"]'
assert_eq "$(jq -c '[.cells[].workload] | unique' "$WORK/plan.json")" '["cpu-pure-python"]'
assert_eq "$(jq -c '[.cells[].executor] | unique' "$WORK/plan.json")" '["threads"]'
assert_eq "$(jq -c '[.cells[].workers] | unique' "$WORK/plan.json")" '[1,2]' "1 stays as the baseline"
assert_eq "$(jq -c '[.cells[].repeats] | unique' "$WORK/plan.json")" '[3]'

plan --build 3.12.1 --build 3.13.0 --workload 'hash*,zlib*'
assert_eq "$status" 0 "repeatable and comma-separated"
assert_eq "$(jq -c '[.cells[].build] | unique' "$WORK/plan.json")" '["3.12.1","3.13.0"]'
assert_eq "$(jq -c '[.cells[].workload] | unique' "$WORK/plan.json")" '["hashlib-sha256","zlib-compress"]'

plan --build 3.15
assert_eq "$status" 2 "no such build"
assert_contains "$WORK/err.txt" "--build 3.15: no build of the matrix matches; it defines 3.12.1, 3.13.0"
plan --workload cpu-pure-pyton
assert_eq "$status" 2 "a misspelt workload"
assert_contains "$WORK/err.txt" "it defines cpu-pure-python, io-sleep, hashlib-sha256, zlib-compress (did you mean cpu-pure-python?)"
plan --executor interpreters
assert_eq "$status" 2 "an executor no workload uses"
assert_contains "$WORK/err.txt" "--executor interpreters: no workload selected uses that executor; they use threads, processes"
plan --gil-mode off
assert_eq "$status" 2 "a GIL mode no workload uses"
assert_contains "$WORK/err.txt" "--gil-mode off: no workload selected uses that GIL mode; they use default"

# run measures exactly the selection, and prepares only the selected builds.
write_pyenv_matrix "$WORK/m.toml" it-selection <<TOML
[[workload]]
name = "other"
file = "$TEST_WORKLOADS/tiny_cpu.py"
TOML
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out" --build 3.13.0 --workload tiny-cpu --executor processes \
  --workers 1 --repeats 1
assert_eq "$status" 0 "run with a selection"
r="$WORK/out/results.json"
assert_eq "$(json '[.cells[].key] | join(" ")' "$r")" "3.13.0/tiny-cpu/processes/default/x1"
assert_eq "$(json '[.builds[].name] | join(" ")' "$r")" "3.13.0"
assert_eq "$(json '.cells[0].repeats' "$r")" 1
assert_contains "$WORK/out/report.md" "--build 3.13.0 --workload tiny-cpu --executor processes"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out2" --workload nothing-like-it
assert_eq "$status" 2 "run: a selection matching nothing"
assert_contains "$WORK/out.txt" "--workload nothing-like-it: no workload of the matrix matches; it defines tiny-cpu, other"
[ ! -e "$WORK/out2" ] || fail "a usage error must not start a run"
echo "ok"
