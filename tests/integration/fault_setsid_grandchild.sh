#!/usr/bin/env bash
# A workload whose child leaves the process group with os.setsid() and holds
# the output pipes: gilmatrix neither waits for it nor leaves it behind, at a
# timeout, when the cell ends normally, and on SIGTERM or SIGINT.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

# $1: what work() does after the escaped child is started in setup().
write_workload() {
  cat > "$WORK/$2.py" <<PY
import os, subprocess, sys, time
ITERATIONS = 1
def setup():
    # stdout and stderr are inherited: the sleeper holds the cell's pipes.
    return subprocess.Popen([sys.executable, "-c", "import os, time; os.setsid(); time.sleep(600)", "$WORK-escaped"])
def work(child):
    $1
PY
}
write_workload "time.sleep(600)" hang
write_workload "pass" finish

matrix() {
  one_sample_matrix "$WORK/$1.toml" "$2" <<TOML
[[workload]]
name = "$1"
file = "$WORK/$1.py"
TOML
}
escaped() { pgrep -f -- "$WORK-escaped" || true; }
wait_for_escaped() {
  wait_until 20 pgrep -f -- "$WORK-escaped"
  [ -n "$(escaped)" ] || fail "the workload never started its escaped child"
}
# Waits for a background gilmatrix; a hang (the old behaviour) fails after 2 minutes instead of blocking CTest.
wait_bounded() {
  wait_until 120 not kill -0 "$1"
  if kill -0 "$1" 2>/dev/null; then kill -KILL "$1"; fail "gilmatrix still waiting after 2 minutes"; fi
  set +e; wait "$1"; status=$?; set -e
}

# 1. The cell hangs and its escaped child holds the pipes: the timeout ends both.
matrix hang 3s
"$GILMATRIX" run "$WORK/hang.toml" --out "$WORK/out-hang" > "$WORK/out.txt" 2>&1 & pid=$!
wait_bounded $pid
cat "$WORK/out.txt"
assert_eq "$status" 1 "a timed-out cell is a finding"
assert_eq "$(json '.cells[0].status' "$WORK/out-hang/results.json")" timeout
[ -z "$(escaped)" ] || fail "the escaped child survived the timeout"

# 2. The cell finishes normally; its escaped child still holds the pipes.
matrix finish 120s
"$GILMATRIX" run "$WORK/finish.toml" --out "$WORK/out-finish" > "$WORK/out.txt" 2>&1 & pid=$!
wait_bounded $pid
assert_eq "$status" 0 "the cell is measured"
assert_eq "$(json '.cells[0].status' "$WORK/out-finish/results.json")" ok
[ -z "$(escaped)" ] || fail "the escaped child outlived its cell"

# 3. SIGTERM and SIGINT while the cell hangs end everything at once.
matrix hang 600s
for signal in TERM INT; do
  "$GILMATRIX" run "$WORK/hang.toml" --out "$WORK/out-$signal" > "$WORK/out.txt" 2>&1 & pid=$!
  wait_for_escaped
  kill -$signal $pid
  wait_bounded $pid
  cat "$WORK/out.txt"
  assert_eq "$status" 130 "exit code after SIG$signal"
  [ -z "$(escaped)" ] || fail "the escaped child survived SIG$signal"
done
echo "ok"
