#!/usr/bin/env bash
# Thread safety in a matrix run, on the real sanitised build (3.14t-tsan):
# - a package set with `stress = FILE` gets a verdict per module in
#   results.json (racy_counter: race at racy_counter.c:9; atomic_counter:
#   clean), the report's "Thread safety" section and JUnit (exit 1);
# - the stress runs' files are in the run's folder;
# - compare against a run where racy_counter was clean: a regression (exit 1).
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures"
{
  printf 'schema = 1\nname = "thread-safety-run"\n'
  tsan_counters "$F/stress/counter_stress.py"
  printf '[stress]\nruns = 2\nthreads = 4\niterations = 20\n'
} > "$WORK/matrix.toml"

run_gilmatrix run "$WORK/matrix.toml" --mirror "$SHARED_MIRROR" --offline --out "$WORK/run"
cat "$WORK/out.txt"
assert_eq "$status" 1 "a race is a finding"
assert_contains "$WORK/out.txt" "under threads: racy_counter on 3.14t-tsan: race: 1 distinct report"
R="$WORK/run/results.json"
assert_eq "$(json .schema_version "$R")" 3 "results schema version"
verdict() { json ".thread_safety[] | select(.module == \"$1\") | $2" "$R"; }
assert_eq "$(verdict racy_counter .verdict)" race "racy_counter verdict"
assert_eq "$(verdict racy_counter .package_set)" counters "package set"
assert_eq "$(verdict racy_counter '.races[0].line')" 9 "racy_counter line"
assert_eq "$(verdict racy_counter '.races[0].file')" "$F/extensions/racy_counter/racy_counter.c" "the user's file"
assert_eq "$(verdict atomic_counter .verdict)" clean "atomic_counter verdict"
assert_eq "$(json '.stress_runs[0].runs' "$R")" 2 "[stress] runs"
assert_eq "$(json '.stress_runs[0].threads' "$R")" 4 "[stress] threads"
run_dir=$(json '.stress_runs[0].run_dir' "$R")
case "$run_dir" in "$WORK/run/logs/stress/counters/3.14t-tsan") ;; *) fail "stress files in $run_dir" ;; esac
ls "$run_dir"/run-01-gil-off/tsan.* > /dev/null || fail "no ThreadSanitizer log kept in the run's folder"
assert_contains "$WORK/run/report.md" "## Thread safety"
assert_contains "$WORK/run/report.md" "**3.14t-tsan, package set counters**"
assert_contains "$WORK/run/report.md" "| atomic\\_counter | clean |"
assert_contains "$WORK/run/report.md" "**Under threads, the stress runs failed racy\\_counter on 3.14t-tsan (race)**"

run_gilmatrix report "$WORK/run" --format junit --out "$WORK/junit"
assert_eq "$status" 0 "report --format junit"
xmllint --noout "$WORK/junit/junit.xml" || fail "junit.xml is not well-formed"
assert_contains "$WORK/junit/junit.xml" "<testsuite name=\"thread safety 3.14t-tsan\" tests=\"2\" failures=\"1\""
assert_contains "$WORK/junit/junit.xml" "<failure type=\"race\""

# Yesterday's run, where racy_counter was clean: today's race is a regression.
jq '(.thread_safety[] | select(.module == "racy_counter")) |= (.verdict = "clean" | .races = [])' "$R" \
  > "$WORK/before.json"
run_gilmatrix compare "$WORK/before.json" "$R"
assert_eq "$status" 1 "a new race is a regression"
assert_contains "$WORK/out.txt" "racy_counter on 3.14t-tsan under threads: clean -> race (data race in add"
run_gilmatrix compare "$R" "$R"
assert_eq "$status" 0 "the same run compared with itself"
echo "ok"
