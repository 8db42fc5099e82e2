#!/usr/bin/env bash
# A build that cannot be had fails the run (exit 3) and the run says which and
# why; --skip-missing (or `skip-missing = true`) skips it, exit 0, and the report
# and summary say what was skipped. A build that is there but broken is never skipped.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

matrix() {  # $1: extra top-level TOML, $2: the second build's interpreter
  { echo "$1"; quick_matrix_header; cat <<TOML; tiny_cpu_workload; } > "$WORK/m.toml"
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[build]]
name = "nowhere"
interpreter = "$2"
TOML
}

matrix "" python3.99-does-not-exist
set +e
"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/a" > "$WORK/stdout.txt" 2> "$WORK/stderr.txt"
status=$?
set -e
assert_eq "$status" 3 "a missing build fails the run"
assert_contains "$WORK/stderr.txt" "gilmatrix: error: 1 of 2 builds could not be had: nowhere (interpreter not found: "
assert_contains "$WORK/stderr.txt" "Pass --skip-missing"
assert_contains "$WORK/stdout.txt" "results: $WORK/a/results.json"
assert_eq "$(json '.builds[1].status' "$WORK/a/results.json")" "interpreter not found"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/b" --skip-missing
assert_eq "$status" 0 "--skip-missing"
assert_contains "$WORK/out.txt" "skipped build nowhere (--skip-missing): interpreter not found"
assert_eq "$(json '.skip_missing' "$WORK/b/results.json")" true
assert_contains "$WORK/b/report.md" "1 of 2 builds available (skipped, could not be had: nowhere)"
assert_contains "$WORK/b/report.md" "| nowhere | — | — | — | interpreter | skipped (--skip-missing): interpreter not found"
assert_eq "$(json '[.cells[] | select(.status == "ok")] | length' "$WORK/b/results.json")" 1 "the other build measured"

matrix "skip-missing = true" python3.99-does-not-exist
run_gilmatrix run "$WORK/m.toml" --out "$WORK/c"
assert_eq "$status" 0 "skip-missing = true in the matrix"

# There, but not an interpreter: a failure even with --skip-missing.
matrix "skip-missing = true" /bin/true
run_gilmatrix run "$WORK/m.toml" --out "$WORK/d" --skip-missing
assert_eq "$status" 3 "a broken build is not skipped"
assert_eq "$(json '.builds[1].status' "$WORK/d/results.json")" "probe failed"
echo "ok"
