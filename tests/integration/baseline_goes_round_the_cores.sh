#!/usr/bin/env bash
# A cell narrower than its series' process takes its samples on every core
# of the process in turn, not always on the first: a VM's vCPUs run at
# different speeds (one at 59% of the other's for half a minute here, with
# no steal time shown), and a 1-worker baseline pinned to the first core read
# 2 free-threaded workers' speedup as 1.17x or 2.0x by which core the host
# slowed (docs/MEASUREMENT.md, "Which cores take a sample").
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
[ "$(nproc)" -ge 2 ] || { echo "SKIP: needs 2 cores to pin two workers apart (this machine has $(nproc))"; exit 77; }
cp "$TEST_WORKLOADS/records_its_core.py" "$WORK/records_its_core.py"
{
  quick_matrix_header '[1, 2]' 4
  interpreter_build 3.12.1
  cat <<TOML
[[workload]]
name = "cores"
file = "$WORK/records_its_core.py"
TOML
} > "$WORK/m.toml"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
[ "$status" -eq 0 ] || { cat "$WORK/out.txt"; fail "the run failed"; }
cat "$WORK/cores.txt"
alone=$(awk '$1 == 1 { print $2 }' "$WORK/cores.txt" | sort -u | tr '\n' ' ')
pair=$(awk '$1 == 2 { print $2 }' "$WORK/cores.txt" | sort -u | tr '\n' ' ')
assert_eq "$(awk '$1 == 1 { print $2 }' "$WORK/cores.txt" | grep -c ,)" 0 "each 1-worker unit ran pinned to one core"
assert_eq "$(echo $alone | wc -w)" 2 "the 1-worker samples ran on both cores (they ran on: $alone)"
assert_eq "$(echo $pair | wc -w)" 2 "the 2-worker samples ran on both cores (they ran on: $pair)"
echo "ok"
