#!/usr/bin/env bash
# The real binary on pyenv's real 3.12.1 and 3.13.0: results.json and report.md
# have the shape the README promises, and the GIL is on for both GIL builds.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

cat > "$WORK/m.toml" <<TOML
schema = 1
name = "it-pyenv"
[defaults]
sample-time = "100ms"
workers = [1, 2]
repeats = 3
timeout = "60s"
[[build]]
name = "3.12.1"
interpreter = "3.12.1"
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["threads", "processes"]
TOML

run_gilmatrix run "$WORK/m.toml" --out "$WORK/out"
assert_eq "$status" 0 "exit code"
r="$WORK/out/results.json"
assert_eq "$(json .schema_version "$r")" 3 "schema_version"
assert_eq "$(json '.builds | length' "$r")" 2 "builds"
assert_eq "$(json '[.builds[] | select(.status == "ok")] | length' "$r")" 2 "builds ok"
assert_eq "$(json '.builds[0].probe.version' "$r")" 3.12.1 "3.12.1 version"
assert_eq "$(json '.builds[1].probe.version' "$r")" 3.13.0 "3.13.0 version"
assert_eq "$(json '[.builds[].probe.gil_enabled] | all' "$r")" true "GIL enabled at start"
assert_eq "$(json '[.builds[].probe.free_threaded] | any' "$r")" false "not free-threaded"
assert_eq "$(json '.cells | length' "$r")" 8 "2 builds x 2 executors x 2 worker counts"
assert_eq "$(json '[.cells[] | select(.status == "ok")] | length' "$r")" 8 "cells ok"
assert_eq "$(json '[.cells[].repeats] | unique | join(",")' "$r")" 3 "3 samples asked of every cell"
assert_samples_kept "$r" "3 samples per cell, or fewer with the reason"
assert_eq "$(json '[.cells[] | .iterations_source] | unique | join(",")' "$r")" calibrated "iterations calibrated"
assert_eq "$(json '[.cells[] | select(.build == "3.12.1") | .iterations] | unique | length' "$r")" 1 \
  "one iteration count per build and workload (weak scaling)"
# An interval needs two kept rounds; a cell left with one (the rest disturbed) has none.
assert_eq "$(json '[.cells[] | select(.workers == 2) | if .speedup_interval then .speedup_interval.low <= .speedup and .speedup <= .speedup_interval.high else ([.attempts[] | select(.kept)] | length) == 1 end] | all' "$r")" true "speedup inside its interval"
assert_eq "$(json '[.cells[] | .cores_busy_median > 0] | all' "$r")" true "cores busy measured"
assert_eq "$(json '[.cells[] | (.attempts | length) >= 1] | all' "$r")" true "attempts recorded"
assert_eq "$(json '.measurement.isolation' "$r")" exclusive "default isolation"
assert_eq "$(json '.workloads[0].description' "$r")" "A short pure-Python loop, so integration tests run quickly." "workload described"
assert_eq "$(json '[.cells[] | select(.workers == 1) | .speedup == 1] | all' "$r")" true "speedup 1 at 1 worker"
assert_eq "$(json '[.cells[] | select(.workers == 2) | .speedup > 0] | all' "$r")" true "speedup at 2 workers"
assert_eq "$(json '[.cells[] | .gil_enabled_after] | all' "$r")" true "GIL on after"
assert_eq "$(json '.environment.usable_cores > 0' "$r")" true "environment block"
assert_contains "$WORK/out/report.md" "## Scaling"
assert_contains "$WORK/out/report.md" "## Findings"
assert_contains "$WORK/out/report.md" "## How it was measured"
assert_contains "$WORK/out/report.md" "| 3.13.0 | threads | default |"
assert_contains "$WORK/out/report.md" "gilmatrix run $WORK/m.toml"
[ -s "$WORK/out/cells.jsonl" ] || fail "no cells.jsonl journal"
[ ! -d "$TEST_WORKLOADS/__pycache__" ] || fail "the measured interpreters wrote __pycache__ into the workloads folder"
no_harness_left
echo "ok"
