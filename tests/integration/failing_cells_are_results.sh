#!/usr/bin/env bash
# A workload that hangs is killed at its timeout with its grandchildren; one
# that segfaults is reported as crashed with SIGSEGV; neither stops the run.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

{
  quick_matrix_header '[1]' 1 'timeout = "3s"'
  interpreter_build 3.13.0
  test_workload hang hang.py
  test_workload crash crash.py
  tiny_cpu_workload
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
assert_eq "$status" 1 "exit code (findings)"
r="$WORK/out/results.json"
assert_eq "$(json '.cells[] | select(.workload == "hang") | .status' "$r")" timeout
assert_eq "$(json '.cells[] | select(.workload == "crash") | .status' "$r")" crashed
json '.cells[] | select(.workload == "crash") | .error' "$r" | grep -q "killed by SIGSEGV" || fail "no SIGSEGV"
assert_eq "$(json '.cells[] | select(.workload == "tiny-cpu") | .status' "$r")" ok
sleep 0.5
if pgrep -f "import time; time.sleep\(600\)" > /dev/null; then fail "the hanging workload's grandchild survived"; fi
no_harness_left

# A round group whose first cell fails while every round of the others is
# disturbed (interference-limit near 0: any other process counts): the failure is
# that cell's result, the others are published flagged, nothing crashes.
{
  quick_matrix_header '[1, 2]' 2 'attempts = 2' 'interference-limit = 0.000001'
  interpreter_build 3.13.0
  test_workload fails-alone fails_alone.py
} > "$WORK/group.toml"
run_gilmatrix run "$WORK/group.toml" --out "$WORK/group"
tail -5 "$WORK/out.txt"
assert_eq "$status" 1 "exit code (findings), not a crash"
r="$WORK/group/results.json"
assert_eq "$(json '.cells[] | select(.workers == 1) | .status' "$r")" failed
assert_eq "$(json '.cells[] | select(.workers == 2) | .status' "$r")" ok
echo "ok"
