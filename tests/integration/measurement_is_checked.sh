#!/usr/bin/env bash
# What makes a figure untrustworthy is caught for real:
# - a CPU hog on the other core during an exclusive run: the rounds it
#   overlapped are set aside with how much it took, measured again later, and
#   no kept round is above the interference limit unless the cell is flagged;
# - a baseline slower than physics allows (speedup above the worker count):
#   the baseline is measured again, and the speedup flagged as implausible;
# - the machine-wide measuring lock: a second run waits, or with --no-wait
#   fails with exit 3 naming the holder.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

cat > "$WORK/hog.toml" <<TOML
schema = 1
[defaults]
sample-time = "100ms"
workers = [1]
repeats = 5
isolation = "exclusive"
attempts = 4
[[build]]
name = "3.12.1"
interpreter = "3.12.1"
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["threads", "processes"]
TOML
# Once the cells are being measured (after the run's noise-floor probe), the
# hog holds core 1 for 3 s; the cells run on core 0 and watch both.
"$GILMATRIX" run "$WORK/hog.toml" --out "$WORK/hog" > "$WORK/out.txt" 2>&1 &
run=$!
wait_for_output "$WORK/out.txt" "measuring 2 cells" 15
taskset -c 1 python3 -c 'import time
end = time.time() + 3
while time.time() < end: pass' &
hog=$!
set +e; wait $run; status=$?; set -e
wait $hog || true
cat "$WORK/out.txt"
assert_eq "$status" 0 "exit code"
r="$WORK/hog/results.json"
aside='[.cells[].attempts[] | select(.kept == false)]'
assert_eq "$(json "$aside | length >= 1" "$r")" true "rounds overlapping the hog were set aside"
assert_eq "$(json "$aside | all(.note | startswith(\"disturbed: other processes used\"))" "$r")" true "why"
assert_eq "$(json "$aside | map(.others_share) | max > 0.3" "$r")" true "the hog's share was measured"
assert_eq "$(json '[.cells[] | select(.disturbed == false) | .attempts[] | select(.kept) | .others_share + .steal_share <= 0.1 + (.load_resolution // 0)] | all' "$r")" \
  true "no kept round above the limit unless its cell is flagged"
assert_contains "$WORK/out.txt" "measuring it again later"
assert_contains "$WORK/hog/report.md" "set aside"

{
  quick_matrix_header '[1, 2]' 3 'interference-limit = 5.0'
  interpreter_build 3.12.1
  test_workload slow-alone slow_when_alone.py
} > "$WORK/alone.toml"
run_gilmatrix run "$WORK/alone.toml" --out "$WORK/alone"
cat "$WORK/out.txt"
r="$WORK/alone/results.json"
base='.cells[] | select(.workers == 1)'
assert_eq "$(json "[$base | .attempts[] | select(.kept == false) | .note][0] | startswith(\"baseline measured again: the 2-worker speedup\")" "$r")" \
  true "the baseline was measured again"
assert_eq "$(json '.cells[] | select(.workers == 2) | .implausible' "$r")" true "flagged"
assert_eq "$(json '[.findings[] | select(.kind == "implausible")] | length' "$r")" 1 "a finding"
assert_contains "$WORK/alone/report.md" "⚠ implausible"

# The measuring lock: a run holding it, a second with --no-wait, a third that waits.
{
  quick_matrix_header '[1]' 1
  interpreter_build 3.12.1
  test_workload slow slow_sleep.py
} > "$WORK/slow.toml"
"$GILMATRIX" run "$WORK/slow.toml" --out "$WORK/first" > "$WORK/first.txt" 2>&1 &
first=$!
wait_until 10 pgrep -f "runner.py.*slow_sleep.py"
run_gilmatrix run "$WORK/hog.toml" --out "$WORK/second" --no-wait
assert_eq "$status" 3 "--no-wait while another run measures"
assert_contains "$WORK/out.txt" "gilmatrix run (pid $first, writing $WORK/first) is measuring on this machine"
"$GILMATRIX" run "$WORK/hog.toml" --out "$WORK/third" > "$WORK/third.txt" 2>&1 &
third=$!
wait_for_output "$WORK/third.txt" "waiting: gilmatrix run (pid $first" 10
assert_contains "$WORK/third.txt" "waiting: gilmatrix run (pid $first"
kill -INT $first
wait $first || true
wait $third
assert_contains "$WORK/third.txt" "measuring 2 cells"
no_harness_left
echo "ok"
