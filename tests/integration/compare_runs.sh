#!/usr/bin/env bash
# `gilmatrix compare` and `gilmatrix trend` on a real run and copies of it in
# which crcmod._crcfunext went from keeping the GIL disabled to re-enabling it:
# exit 1 naming module and build; the run against itself exits 0; unreadable
# input exits 2.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
write_pyenv_matrix "$WORK/m.toml" it-compare < /dev/null
run_gilmatrix run "$WORK/m.toml" --out "$WORK/run"
assert_eq "$status" 0 "run exit code"

# Night 1: the module keeps the GIL disabled on a free-threaded build; night 2: it re-enables it.
night() {
  local dir=$1 date=$2 verdict=$3
  mkdir -p "$dir"
  jq --arg date "$date" --arg verdict "$verdict" '.started_at = $date
    | .module_checks = [{"build": "3.13.0", "package_set": "extensions", "distribution": "crcmod",
        "version": "1.7", "module": "crcmod._crcfunext", "status": $verdict, "free_threaded": true,
        "binding": "C API", "fix": "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"}]' \
    "$WORK/run/results.json" > "$dir/results.json"
}
night "$WORK/nightly/2026-11-20" 2026-11-20T02:00:00Z "keeps GIL disabled"
night "$WORK/nightly/2026-11-21" 2026-11-21T02:00:00Z "re-enables GIL"
night "$WORK/nightly/2026-11-22" 2026-11-22T02:00:00Z "re-enables GIL"
old="$WORK/nightly/2026-11-20" new="$WORK/nightly/2026-11-21"

run_gilmatrix compare "$old" "$old"
assert_eq "$status" 0 "a run against itself"
assert_contains "$WORK/out.txt" "0 regressions (gate: all), 0 improvements, 0 warnings, 0 other changes; "
# Every cell is compared or listed as not gated (a disturbed one, on a busy machine), never dropped silently.
compared=$(grep -o '[0-9]* cells and 1 module compared' "$WORK/out.txt" | cut -d' ' -f1)
not_gated=$(grep -c '^not gated' "$WORK/out.txt" || true)
assert_eq "$((compared + not_gated))" 8 "cells compared or not gated"

run_gilmatrix compare "$old" "$new/results.json"
assert_eq "$status" 1 "a module that re-enables the GIL now"
assert_row "$WORK/out.txt" regression "crcmod._crcfunext on 3.13.0: keeps GIL disabled -> re-enables GIL (crcmod 1.7, C API)"
run_gilmatrix compare "$new" "$old"
assert_eq "$status" 0 "the fix is an improvement"
assert_row "$WORK/out.txt" improvement "crcmod._crcfunext on 3.13.0: re-enables GIL -> keeps GIL disabled"

# Gates: the verdict counts for compatibility, not for scaling.
run_gilmatrix compare "$old" "$new" --gate scaling
assert_eq "$status" 0 "--gate scaling"
assert_contains "$WORK/out.txt" "(not gated)"
run_gilmatrix compare "$old" "$new" --gate compatibility
assert_eq "$status" 1 "--gate compatibility"

# A speedup that fell beyond the threshold (no intervals in these cells) is a scaling regression.
# Flags a loaded machine may set on the real run are cleared: this part tests the threshold alone.
steady='(.cells[] | .unstable) = false | (.cells[] | .disturbed) = false | (.cells[] | .implausible) = false | (.cells[] | .speedup_interval) = null'
jq "$steady"' | (.cells[] | select(.key == "3.13.0/tiny-cpu/processes/default/x2") | .speedup) |= . * 0.5' \
  "$old/results.json" > "$WORK/slower.json"
jq "$steady" "$old/results.json" > "$WORK/steady.json"
run_gilmatrix compare "$WORK/steady.json" "$WORK/slower.json" --gate scaling
assert_eq "$status" 1 "halved speedup"
assert_contains "$WORK/out.txt" "3.13.0/tiny-cpu/processes/default/x2: speedup"
assert_contains "$WORK/out.txt" "(more than 10% apart; no intervals)"
run_gilmatrix compare "$WORK/steady.json" "$WORK/slower.json" --gate compatibility
assert_eq "$status" 0 "speedups do not count for the compatibility gate"

# Other formats.
run_gilmatrix compare "$old" "$new" --format json
assert_eq "$status" 1 "json exit code"
assert_eq "$(jq -r '.changes[0].build + " " + .changes[0].subject + " " + .changes[0].severity' "$WORK/out.txt")" \
  "3.13.0 crcmod._crcfunext regression" "json change"
run_gilmatrix compare "$old" "$new" --format markdown
assert_contains "$WORK/out.txt" "| module | 3.13.0 | crcmod.\\_crcfunext | keeps GIL disabled | re-enables GIL |"
GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix compare "$old" "$new" --format github
assert_eq "$status" 1 "github exit code"
assert_contains "$WORK/out.txt" "::error title=regression%3A module crcmod._crcfunext::crcmod._crcfunext on 3.13.0: keeps GIL disabled -> re-enables GIL"
assert_contains "$WORK/summary.md" "### Regressions"

# Unreadable input: exit 2.
run_gilmatrix compare "$old" "$WORK/nope"
assert_eq "$status" 2 "missing file"
assert_contains "$WORK/out.txt" "cannot read $WORK/nope"
echo '{' > "$WORK/broken.json"
run_gilmatrix compare "$WORK/broken.json" "$old"
assert_eq "$status" 2 "broken JSON"
assert_contains "$WORK/out.txt" "is not valid JSON"

# Trend over the folder of nights: the flip on 2026-11-21 and a chart per workload.
run_gilmatrix trend "$WORK/nightly" --out "$WORK/trend"
assert_eq "$status" 0 "trend exit code"
assert_contains "$WORK/trend/trend.md" "3 runs, from 2026-11-20 02:00 to 2026-11-22 02:00."
assert_contains "$WORK/trend/trend.md" "| 2026-11-21 02:00 | module ❌ | 3.13.0 | crcmod.\\_crcfunext | keeps GIL disabled | re-enables GIL |"
assert_eq "$(grep -c '| module' "$WORK/trend/trend.md")" 1 "one flip"
assert_contains "$WORK/trend/trend.md" "### tiny-cpu (speedup at 2 workers)"
assert_contains "$WORK/trend/trend.md" "| run | 3.12.1 threads | 3.12.1 processes | 3.13.0 threads | 3.13.0 processes |"
check_outputs links "$WORK/trend/trend.md" > "$WORK/links.txt"
assert_contains "$WORK/links.txt" "trend-tiny-cpu.svg"
run_gilmatrix trend "$new" "$old" --format json
assert_eq "$(jq -r '[.runs[].started_at] | join(" ")' "$WORK/out.txt")" "2026-11-20T02:00:00Z 2026-11-21T02:00:00Z" "trend order"
assert_eq "$(jq -r '.verdict_changes[0].subject' "$WORK/out.txt")" crcmod._crcfunext "trend json flip"
mkdir "$WORK/empty"
run_gilmatrix trend "$WORK/empty"
assert_eq "$status" 2 "a folder without results"
echo "ok"
