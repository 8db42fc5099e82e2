#!/usr/bin/env bash
# A cell that prints 340 KB of noise to stderr and then dies with its real
# error on the last line: the error kept for the results is that last line
# (the head and the tail of stderr are kept, not just its first 64 KiB), and
# the cell's log file has every byte it printed.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
cat > "$WORK/noisy.py" <<'PY'
import os, sys
ITERATIONS = 1
def work(state):
    sys.stderr.write("starting the noisy cell\n")
    for i in range(10_000):
        sys.stderr.write(f"noise line {i:05d} " + "x" * 20 + "\n")
    sys.stderr.write("FATAL: the real reason is on the last line\n")
    sys.stderr.flush()
    os._exit(3)
PY
one_sample_matrix "$WORK/m.toml" <<TOML
[[workload]]
name = "noisy"
file = "$WORK/noisy.py"
TOML
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
cat "$WORK/out.txt"
assert_eq "$status" 1 "a failed cell is a finding"
r="$WORK/out/results.json"
assert_eq "$(json '.cells[0].status' "$r")" failed
json '.cells[0].error' "$r" > "$WORK/error.txt"
assert_contains "$WORK/error.txt" "exited with code 3"
assert_contains "$WORK/error.txt" "FATAL: the real reason is on the last line"
assert_contains "$WORK/out/report.md" "FATAL: the real reason is on the last line"
log="$WORK/out/logs/3.13.0/noisy/threads-default-x1.log"
[ "$(stat -c %s "$log")" -gt 340000 ] || fail "the cell log is not complete: $(stat -c %s "$log") bytes"
assert_contains "$log" "starting the noisy cell"
assert_contains "$log" "noise line 09999"
assert_eq "$(tail -1 "$log")" "FATAL: the real reason is on the last line" "the log ends with the error"
head -1 "$log" | grep -q "runner.py" || fail "the log does not start with the command"
echo "ok"
