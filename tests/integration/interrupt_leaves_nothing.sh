#!/usr/bin/env bash
# Ctrl-C during a run: no Python process is left, the cells measured so far
# are kept, the run says it was interrupted (exit 130), and --resume finishes it.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{
  quick_matrix_header '[1]' 1 'timeout = "120s"'
  interpreter_build 3.13.0
  tiny_cpu_workload
  test_workload slow slow_sleep.py '["threads", "processes"]'
} > "$WORK/m.toml"

"$GILMATRIX" run "$WORK/m.toml" --out "$WORK/out" > "$WORK/out.txt" 2>&1 &
pid=$!
wait_until 10 pgrep -f "runner.py.*slow_sleep.py"
pgrep -f "runner.py.*slow_sleep.py" > /dev/null || { cat "$WORK/out.txt"; fail "the slow cell never started"; }
sleep 0.5
kill -INT $pid
set +e
wait $pid
status=$?
set -e
cat "$WORK/out.txt"
assert_eq "$status" 130 "exit code after Ctrl-C"
if pgrep -f "runner.py.*$TEST_WORKLOADS" > /dev/null; then fail "python processes left after Ctrl-C"; fi
r="$WORK/out/results.json"
assert_eq "$(json .interrupted "$r")" true "interrupted flag"
assert_eq "$(json '[.cells[] | select(.status == "not run")] | length >= 1' "$r")" true "unfinished cells marked"
assert_contains "$WORK/out.txt" "--resume"

# Resume with a short timeout so the slow cells finish (as timeouts) quickly:
# the matrix changed, so --resume needs --force to keep the cells measured.
sed -i 's/timeout = "120s"/timeout = "2s"/' "$WORK/m.toml"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out" --resume --force
assert_contains "$WORK/out.txt" "resuming:"
assert_eq "$(json .interrupted "$r")" false "resumed run completes"
assert_eq "$(json '[.cells[] | select(.status == "not run")] | length' "$r")" 0 "every cell has a result"
echo "ok"
