#!/usr/bin/env bash
# Streams: results on stdout (the two paths, or one JSON object with --format
# json), human progress on stderr (one line per finished cell in a log); on a
# terminal each running cell has its own line with an estimate of the time
# left; FORCE_COLOR and NO_COLOR decide colour.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{ quick_matrix_header "[1, 2]" 2; printf '[[build]]\nname = "3.13.0"\ninterpreter = "3.13.0"\n'
  tiny_cpu_workload '["threads", "processes"]'; } > "$WORK/m.toml"

"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/a" > "$WORK/stdout.txt" 2> "$WORK/stderr.txt"
assert_eq "$(cat "$WORK/stdout.txt")" "results: $WORK/a/results.json
report:  $WORK/a/report.md" "stdout holds the paths and nothing else"
assert_not_contains "$WORK/stderr.txt" "results: "
# One line per finished cell (a baseline measured again finishes again).
for cell in threads/default/x1 threads/default/x2 processes/default/x1 processes/default/x2; do
  grep -q "^\[[1-4]/4\] 3.13.0/tiny-cpu/$cell " "$WORK/stderr.txt" || fail "no line for the finished cell $cell"
done
! grep -q '^\[[05-9]/4\] ' "$WORK/stderr.txt" || fail "the count goes beyond the cells"
assert_not_contains "$WORK/stderr.txt" $'\x1b['

"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/b" --format json > "$WORK/run.json" 2> /dev/null
assert_eq "$(jq -r .results "$WORK/run.json")" "$WORK/b/results.json"
assert_eq "$(jq -r .report "$WORK/run.json")" "$WORK/b/report.md"
assert_eq "$(jq -r .exit_code "$WORK/run.json")" 0
assert_eq "$(jq -r .cells.ok "$WORK/run.json")" 4

"$GILMATRIX" validate "$WORK/m.toml" > "$WORK/v.txt" 2> /dev/null
assert_eq "$(cat "$WORK/v.txt")" "$WORK/m.toml: ok (1 builds, 0 package sets, 1 workloads)" "validate's verdict on stdout"

# On a terminal (a pseudo-terminal from script(1)): a board of running cells, rewritten in place.
env -u CI TERM=xterm script -qefc "$(printf '%q ' "$GILMATRIX" run "$WORK/m.toml" --out "$WORK/c")" /dev/null \
  > "$WORK/tty.txt" < /dev/null
grep -q "running, " "$WORK/tty.txt" || fail "no board header on the terminal"
grep -qE "  3\.13\.0/tiny-cpu/(threads|processes)/default/x[12] \(cpu [0-9,]+\) " "$WORK/tty.txt" \
  || fail "no line for a running cell"
grep -q "left" "$WORK/tty.txt" || fail "no estimate of the time left"
grep -q $'\x1b\[[0-9]*F\x1b\[J' "$WORK/tty.txt" || fail "the board is not rewritten in place"
grep -q "results: $WORK/c/results.json" "$WORK/tty.txt" || fail "no results path on the terminal"

# Colour: FORCE_COLOR where there is no terminal; NO_COLOR wins.
printf 'schema = 1\nworker = 1\n' > "$WORK/bad.toml"
FORCE_COLOR=1 "$GILMATRIX" validate "$WORK/bad.toml" 2> "$WORK/forced.txt" > /dev/null || true
grep -q $'\x1b\[31mgilmatrix: error: ' "$WORK/forced.txt" || fail "FORCE_COLOR=1 gives no colour"
NO_COLOR=1 FORCE_COLOR=1 "$GILMATRIX" validate "$WORK/bad.toml" 2> "$WORK/plain.txt" > /dev/null || true
assert_not_contains "$WORK/plain.txt" $'\x1b['
assert_contains "$WORK/plain.txt" "gilmatrix: error: "
no_harness_left
echo "ok"
