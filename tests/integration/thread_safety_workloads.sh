#!/usr/bin/env bash
# A matrix's workload cells on the real sanitised build (3.14t-tsan) run
# under ThreadSanitizer, and what it reports is blamed (issue 19):
# - two workers calling racy_counter.add() race: the cells still measure
#   (a report does not fail them), and workload_races blames racy_counter at
#   racy_counter.c:9, counted over the runner processes whose logs show it;
# - the atomic twin's workload gets no report blamed on anything;
# - the report's section, the terminal line, the GitHub annotation, exit 1.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures"
{
  printf 'schema = 1\nname = "thread-safety-workloads"\n'
  printf '[defaults]\nworkers = [1, 2]\nrepeats = 2\nsample-time = "off"\n'
  tsan_counters
  test_workload racy racy_counting.py '' 'packages = "counters"'
  test_workload atomic atomic_counting.py '' 'packages = "counters"'
  printf '[stress]\nruns = 1\nthreads = 2\niterations = 5\n'
} > "$WORK/matrix.toml"

run_gilmatrix run "$WORK/matrix.toml" --mirror "$SHARED_MIRROR" --offline --out "$WORK/run"
cat "$WORK/out.txt"
assert_eq "$status" 1 "a race in a package's module is a finding"
R="$WORK/run/results.json"
assert_eq "$(json '[.cells[] | select(.status != "ok")] | length' "$R")" 0 "every cell measured: a report does not fail it"
races() { json ".workload_races[] | select(.workload == \"$1\") | $2" "$R"; }
assert_eq "$(races racy .build)" 3.14t-tsan "the build"
assert_eq "$(races racy .package_set)" counters "the package set"
assert_eq "$(races racy '.in_modules[0].module')" racy_counter "blamed on racy_counter"
assert_eq "$(races racy '.in_modules[0].line')" 9 "on the racing line"
assert_eq "$(races racy '.in_modules[0].kind')" "data race" "a data race"
assert_eq "$(races racy '.in_modules[0].runs >= 1')" true "seen in a runner process"
assert_eq "$(races racy '[.in_modules[] | select(.module != "racy_counter")] | length')" 0 "nothing else blamed"
assert_eq "$(races atomic '.in_modules | length')" 0 "the atomic twin: nothing blamed"
log=$(races racy '.in_modules[0].log')
case "$log" in "$WORK/run/logs/3.14t-tsan/racy/tsan/threads-"*) ;; *) fail "log in $log" ;; esac
[ -s "$log" ] || fail "the log $log is not kept"
case "$(races racy .tsan_options)" in *exitcode=0*) ;; *) fail "TSAN_OPTIONS without exitcode=0" ;; esac
assert_contains "$WORK/out.txt" "ThreadSanitizer: workload racy on 3.14t-tsan: data race in add racy_counter.c:9"
assert_contains "$WORK/run/report.md" "## ThreadSanitizer in the workloads"
assert_contains "$WORK/run/report.md" "| 3.14t-tsan | racy | racy\\_counter | data race in add racy\\_counter.c:9"
# ... and named on the first screen, before the findings
assert_contains "$WORK/run/report.md" "**ThreadSanitizer blamed a report on racy\\_counter in workload racy on 3.14t-tsan (data race in add racy\\_counter.c:9)**"
headline=$(grep -n "ThreadSanitizer blamed a report" "$WORK/run/report.md" | cut -d: -f1)
[ "$headline" -lt "$(grep -n "^## Findings" "$WORK/run/report.md" | cut -d: -f1)" ] || fail "the headline comes after the findings"

GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix report "$WORK/run" --format github
assert_eq "$status" 0 "report --format github"
grep -q "::error file=.*racy_counter.c,line=9" "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "no annotation on racy_counter.c:9"; }
echo "ok"
