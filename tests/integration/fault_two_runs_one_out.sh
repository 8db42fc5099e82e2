#!/usr/bin/env bash
# Two runs on one --out: the second is refused (exit 3) and says which process
# holds the directory; --resume is refused the same way; once the first run
# is over the directory is free and holds no lock file.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

one_sample_matrix "$WORK/m.toml" <<TOML
[[workload]]
name = "slow"
file = "$TEST_WORKLOADS/slow_sleep.py"
TOML

"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/out" > "$WORK/first.txt" 2>&1 & first=$!
wait_until 20 pgrep -f "runner.py.*$WORK/out"
pgrep -f "runner.py.*$WORK/out" > /dev/null || { cat "$WORK/first.txt"; fail "the first run never started its cell"; }

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
cat "$WORK/out.txt"
assert_eq "$status" 3 "second run on the same --out"
assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/out is in use by another gilmatrix run (pid $first since "
assert_contains "$WORK/out.txt" "run $WORK/m.toml --out $WORK/out); wait for it to finish or choose another --out"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out" --resume
assert_eq "$status" 3 "--resume of a directory in use"
assert_contains "$WORK/out.txt" "is in use by another gilmatrix run (pid $first"
# The refused runs touched nothing: one journal header, no second cell running.
assert_eq "$(pgrep -fc "runner.py.*$WORK/out" || true)" 1 "cells running in $WORK/out"

kill -INT $first
set +e; wait $first; status=$?; set -e
assert_eq "$status" 130 "first run interrupted"
[ ! -e "$WORK/out/.gilmatrix-run.lock" ] || fail "the lock file was left behind"
assert_eq "$(json '[.cells[] | select(.status == "not run")] | length' "$WORK/out/results.json")" 1 "unfinished cell"
echo "ok"
