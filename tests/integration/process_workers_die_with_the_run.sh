#!/usr/bin/env bash
# The processes executor: a worker process that dies (SIGSEGV, os._exit(3)) is
# noticed at once and named (also os._exit(0) before the worker reported), not waited for until the timeout; and when
# gilmatrix itself is killed with SIGKILL, the runner and its forked workers
# die with it.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{
  quick_matrix_header '[2]' 1 'timeout = "300s"'
  interpreter_build 3.13.0
  test_workload crash crash.py '["processes"]'
  test_workload exit3 exit_in_worker.py '["processes"]'
  test_workload exit0 exit0_in_worker.py '["processes"]'
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
cat "$WORK/out.txt"
assert_eq "$status" 1 "exit code (findings)"
r="$WORK/out/results.json"
crash='.cells[] | select(.workload == "crash" and .workers == 2)'
assert_eq "$(json "$crash | .status" "$r")" crashed "a segfaulting worker"
json "$crash | .error" "$r" | grep -q "worker process [01] was killed by SIGSEGV" || fail "the signal is not named"
exit3='.cells[] | select(.workload == "exit3" and .workers == 2)'
assert_eq "$(json "$exit3 | .status" "$r")" failed "a worker that exits"
json "$exit3 | .error" "$r" | grep -q "worker process [01] exited with code 3" || fail "the exit code is not named"
exit0='.cells[] | select(.workload == "exit0" and .workers == 2)'
assert_eq "$(json "$exit0 | .status" "$r")" failed "a worker that calls os._exit(0) before it reports"
json "$exit0 | .error" "$r" | grep -q "worker process [01] exited with code 0 before it reported" \
  || fail "a clean exit before reporting is not named"
# Noticed at once: each cell's harness ran far shorter than its 300 s timeout.
assert_eq "$(json '[.cells[] | .wall_seconds < 60] | all' "$r")" true "dead workers noticed before the timeout"

# SIGKILL of gilmatrix while a processes cell runs: nothing it started survives.
{
  quick_matrix_header '[2]' 1
  interpreter_build 3.13.0
  test_workload slow slow_sleep.py '["processes"]'
} > "$WORK/slow.toml"
"$GILMATRIX" run "$WORK/slow.toml" --out "$WORK/slow" > "$WORK/slow.txt" 2>&1 &
pid=$!
runner_and_worker() { [ "$(pgrep -fc "runner.py.*slow_sleep.py" || true)" -ge 2 ]; }
wait_until 15 runner_and_worker
runner_and_worker || { cat "$WORK/slow.txt"; fail "the runner and its worker never started"; }
kill -KILL $pid
wait $pid 2> /dev/null || true
wait_until 5 not pgrep -f "runner.py.*slow_sleep.py"
if pgrep -f "runner.py.*slow_sleep.py" > /dev/null; then
  ps -fp "$(pgrep -f "runner.py.*slow_sleep.py" | tr '\n' ',' | sed 's/,$//')" >&2 || true
  pkill -KILL -f "runner.py.*slow_sleep.py" || true
  fail "processes outlived a SIGKILLed gilmatrix"
fi
echo "ok"
