#!/usr/bin/env bash
# The pool executors people write (thread-pool, process-pool, interpreter-pool)
# beside raw subinterpreters: 3.12's own-GIL subinterpreters (_xxsubinterpreters)
# are measured, not "unsupported"; interpreter-pool (InterpreterPoolExecutor,
# new in 3.14) is measured on 3.14t and left out on 3.12 with a note.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
require_pyenv_interpreters
[ -f "$SHARED_MIRROR/cpython/Python-3.14.7.tar.xz" ] || { echo "SKIP: no 3.14.7 in $SHARED_MIRROR"; exit 77; }

cat > "$WORK/m.toml" <<TOML
schema = 1
name = "pools"
[defaults]
sample-time = "off"
isolation = "packed"
attempts = 1
workers = [1, 2]
repeats = 2
timeout = "120s"
[[build]]
name = "3.12.1"
interpreter = "3.12.1"
[[build]]
name = "3.14t"
version = "3.14.7"
free-threaded = true
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["interpreters", "thread-pool", "process-pool", "interpreter-pool"]
TOML

run_gilmatrix run "$WORK/m.toml" --mirror "$SHARED_MIRROR" --offline --out "$WORK/out"
cat "$WORK/out.txt"
assert_eq "$status" 0 "every cell measured"
r="$WORK/out/results.json"
status_of() { json "[.cells[] | select(.build == \"$1\" and .executor == \"$2\") | .status] | unique | join(\",\")" "$r"; }
assert_eq "$(status_of 3.12.1 interpreters)" ok "3.12's own-GIL subinterpreters"
for executor in thread-pool process-pool; do
  assert_eq "$(status_of 3.12.1 "$executor")" ok "$executor on 3.12"
  assert_eq "$(status_of 3.14t "$executor")" ok "$executor on 3.14t"
done
assert_eq "$(status_of 3.14t interpreter-pool)" ok "interpreter-pool on 3.14t"
assert_eq "$(status_of 3.12.1 interpreter-pool)" "" "no interpreter-pool cell on 3.12"
assert_contains "$WORK/out/report.md" "executor \"interpreter-pool\" skipped on 3.12.1: concurrent.futures.InterpreterPoolExecutor is new in Python 3.14"
assert_eq "$(json '[.cells[] | select(.executor == "interpreter-pool")] | length' "$r")" 2 "interpreter-pool at 1 and 2 workers"
echo "ok"
