#!/usr/bin/env bash
# A speedup above the cores the work kept busy is flagged, not published
# (issue 21 item 2): GIL-bound threads at 1.0 cores busy whose 1-worker
# baseline is slowed (it spins 1.5x longer alone) come out about 1.5x, below
# the 2.1x two workers could give, but above the 1.05x that 1.0 cores busy
# (against 1.0 for one worker) allow. The group is measured again once, then
# the cell is flagged implausible with the cores named, in the results, the
# report's table and its Findings.
# Six rounds (12 samples, 2 a round): the cell is flagged only when its whole
# interval is above the ceiling, and with two rounds (t over 1 degree of
# freedom) the interval reached below it in about 1 run of 12.
# The 1.5x holds only because the baseline's samples go round both cores
# (runner.py's sample_takers): with every one on the first core it read
# 1.07-1.94x by which vCPU the host slowed, and this test failed 5 runs of 6
# (bench/README.md, "Cores at different speeds").
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
{
  quick_matrix_header '[1, 2]' 12 'interference-limit = 5.0'
  interpreter_build 3.12.1
  test_workload spins spins_longer_when_alone.py
} > "$WORK/m.toml"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
cat "$WORK/out.txt"
r="$WORK/out/results.json"
two='.cells[] | select(.workers == 2)'
assert_eq "$(json "$two | .speedup > 1.2 and .speedup < 2.0" "$r")" true "a speedup between the cores and the workers ceiling"
assert_eq "$(json "$two | .cores_busy_median < 1.3" "$r")" true "GIL-bound: about one core busy"
assert_eq "$(json "$two | .implausible" "$r")" true "flagged"
assert_eq "$(json "[.cells[] | select(.workers == 1) | .attempts[] | select(.kept == false) | .note][0] | test(\"baseline measured again: the 2-worker speedup .* cores busy\")" "$r")" \
  true "the baseline was measured again, for the cores"
assert_eq "$(json '[.findings[] | select(.kind == "implausible") | .text | test("cores busy, against")] | any' "$r")" true \
  "the finding names the cores"
assert_contains "$WORK/out/report.md" "⚠ implausible"
echo "ok"
