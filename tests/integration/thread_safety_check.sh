#!/usr/bin/env bash
# Thread-safety verdicts on the real sanitised build (3.14t-tsan):
# - racy_counter declares Py_MOD_GIL_NOT_USED and bumps a plain global: race,
#   naming racy_counter.c:9; its atomic twin in the same process: clean, with
#   what the runs rule out (exit 1 for the race);
# - a stress function that deadlocks: hang under threads, both stress threads'
#   stacks, within the timeout;
# - Ctrl-C during stress runs: exit 130, no process left;
# - pyrsistent's pvectorc (undeclared: re-enables the GIL) under PYTHON_GIL=0:
#   race in pvectorcmodule.c or crash under threads.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures"
opts=(--python 3.14t-tsan --mirror "$SHARED_MIRROR" --offline)
targets=("$F/extensions/racy_counter" "$F/extensions/atomic_counter")

run_gilmatrix check "${targets[@]}" "${opts[@]}" --stress "$F/stress/counter_stress.py" \
  --stress-runs 3 --threads 4 --iterations 20 --format json
sed -n '/^{/,$p' "$WORK/out.txt" > "$WORK/check.json"
assert_eq "$status" 1 "a race is a finding"
assert_eq "$(json .schema_version "$WORK/check.json")" 2 "check schema version"
verdict() { json ".thread_safety.modules[] | select(.module == \"$1\") | $2" "$WORK/check.json"; }
assert_eq "$(verdict racy_counter .verdict)" race "racy_counter verdict"
assert_eq "$(verdict racy_counter '.races[0].function')" add "racy_counter frame"
assert_eq "$(verdict racy_counter '.races[0].line')" 9 "racy_counter line"
assert_eq "$(verdict racy_counter '.races[0].file | endswith("racy_counter.c")')" true "racy_counter file"
assert_eq "$(verdict racy_counter .declaration.how)" "Py_mod_gil slot" "racy_counter declaration"
assert_eq "$(verdict racy_counter .finding)" \
  "declares free-threading support, and ThreadSanitizer reports a race in it" "headline"
assert_eq "$(verdict atomic_counter .verdict)" clean "atomic_counter verdict"
assert_eq "$(verdict atomic_counter .statement)" \
  "clean in 3 of 3 runs with 4 threads x 20 iterations: a failure that shows up in more than 64% of runs would have been seen with 95% probability" \
  "detection statement"
assert_eq "$(json '.thread_safety.builds[0].sanitised' "$WORK/check.json")" true "sanitised"
assert_eq "$(json '.thread_safety.builds[0].tsan_options | contains("suppressions=")' "$WORK/check.json")" true \
  "CPython's suppressions are used"
log=$(verdict racy_counter '.races[0].log')
assert_contains "$log" "WARNING: ThreadSanitizer: data race"

# The same as text and as GitHub annotations on the racing line (the environment is reused).
GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix check "${targets[@]}" "${opts[@]}" \
  --stress "$F/stress/counter_stress.py" --stress-runs 1 --threads 4 --iterations 20 --format github
assert_eq "$status" 1 "github format exit code"
assert_contains "$WORK/out.txt" "::error file=$F/extensions/racy_counter/racy_counter.c,line=9,title=racy_counter race::"
assert_contains "$WORK/out.txt" "race: 1 distinct report"
assert_contains "$WORK/summary.md" "## Thread safety"
assert_contains "$WORK/summary.md" "| atomic\\_counter | clean |"
# The reproduce line shows the race again.
repro=$(grep -o "reproduce: env PYTHON_GIL=0 .*" "$WORK/out.txt" | head -1 | sed 's/^reproduce: //')
(cd "$WORK" && bash -c "$repro" > /dev/null 2>&1) || true
grep -qs "racy_counter.c:9" "$WORK"/tsan.* || fail "the reproduce command did not show the race"

# A deadlock: hang under threads with every thread's stack, killed at the timeout.
start=$(date +%s)
run_gilmatrix check "${targets[@]}" "${opts[@]}" --stress "$F/stress/deadlock_stress.py" \
  --stress-runs 1 --threads 2 --iterations 1 --stress-timeout 10s
cat "$WORK/out.txt"
assert_eq "$status" 1 "a hang is a finding"
assert_row "$WORK/out.txt" atomic_counter "hang under threads in 2 of 2 runs"
assert_contains "$WORK/out.txt" "[stress-0] (most recent call first)"
assert_contains "$WORK/out.txt" "[stress-1] (most recent call first)"
assert_contains "$WORK/out.txt" "deadlock_stress.py\", line 22 in test_opposite_order"
[ $(( $(date +%s) - start )) -lt 90 ] || fail "two 10 s hangs took more than 90 s"

# Ctrl-C while a stress run hangs: exit 130, nothing left behind.
"$GILMATRIX" check "${targets[@]}" "${opts[@]}" --stress "$F/stress/deadlock_stress.py" --stress-runs 5 \
  --threads 2 --iterations 1 --stress-timeout 60s > "$WORK/int.txt" 2>&1 &
pid=$!
wait_until 120 pgrep -f "stress.py.*deadlock_stress.py"
pgrep -f "stress.py.*deadlock_stress.py" > /dev/null || { cat "$WORK/int.txt"; fail "no stress run started"; }
kill -INT $pid
set +e
wait $pid
status=$?
set -e
assert_eq "$status" 130 "exit code after Ctrl-C"
if pgrep -f "stress.py.*deadlock_stress.py" > /dev/null; then fail "stress processes left after Ctrl-C"; fi

# pyrsistent's pvectorc does not declare support; with the GIL forced off its
# shared vectors race (or crash). Nothing in gilmatrix knows its name.
run_gilmatrix check "$SHARED_MIRROR/sdists/pyrsistent-0.20.0.tar.gz" "${opts[@]}" \
  --stress "$F/stress/pvector_stress.py" --stress-runs 2 --threads 4 --iterations 20 --format json
sed -n '/^{/,$p' "$WORK/out.txt" > "$WORK/pyrsistent.json"
assert_eq "$status" 1 "pyrsistent exit code"
assert_eq "$(json '.module_checks[] | select(.module == "pvectorc") | .status' "$WORK/pyrsistent.json")" \
  "re-enables GIL" "pvectorc GIL verdict"
v=$(json '.thread_safety.modules[] | select(.module == "pvectorc")' "$WORK/pyrsistent.json")
case "$(jq -r .verdict <<< "$v")" in
  race) jq -e '.races[0].file | endswith("pvectorcmodule.c")' <<< "$v" > /dev/null || fail "race not in pvectorcmodule.c" ;;
  "crash under threads") jq -e '.stacks | contains("Fatal Python error")' <<< "$v" > /dev/null || fail "crash without stacks" ;;
  *) fail "pvectorc: $(jq -r .verdict <<< "$v")" ;;
esac
assert_eq "$(jq -r .declaration.state <<< "$v")" "does not declare" "pvectorc declaration"
echo "ok"
