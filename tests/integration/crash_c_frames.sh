#!/usr/bin/env bash
# A crash under threads on a plain free-threaded build (3.14t) shows every
# thread's C frames, read with gdb from the core the crash left in the run's
# folder (which is then removed), beside faulthandler's Python stacks; so does
# a deadlock, which stress.py ends with SIGQUIT after the hang dump. Where
# the kernel hands cores to a program (kernel.core_pattern |...) the verdict
# says so instead, and this test skips.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
command -v gdb > /dev/null || { echo "SKIP: gdb is not installed (scripts/install-deps.sh installs it)"; exit 77; }
case "$(cat /proc/sys/kernel/core_pattern)" in
  core*) ;;
  *) echo "SKIP: kernel.core_pattern is '$(cat /proc/sys/kernel/core_pattern)': cores do not reach the run's folder"; exit 77 ;;
esac
[ "$(ulimit -Hc)" != 0 ] || { echo "SKIP: the hard limit of core size is 0 (ulimit -Hc)"; exit 77; }
F="$SOURCE_DIR/tests/fixtures"
run_gilmatrix check "$F/extensions/atomic_counter" --python 3.14t --mirror "$SHARED_MIRROR" --offline \
  --stress "$F/stress/crash_stress.py" --stress-runs 1 --threads 3 --iterations 1 --format json
sed -n '/^{/,$p' "$WORK/out.txt" > "$WORK/check.json"
assert_eq "$status" 1 "a crash under threads is a finding"
verdict() { json ".thread_safety.modules[] | select(.module == \"atomic_counter\") | $1" "$WORK/check.json"; }
assert_eq "$(verdict .verdict)" "crash under threads" "the verdict"
assert_eq "$(verdict '.stacks | contains("Segmentation fault")')" true "faulthandler's stacks"
c=$(verdict .c_stacks)
echo "$c" | head -20
[ "$(echo "$c" | grep -c '^Thread ')" -ge 2 ] || fail "fewer than two threads' C frames"
echo "$c" | grep -q 'string_at' || fail "the crashing frame (ctypes string_at) is not in the C frames"
run_dir=$(json '.thread_safety.builds[0].run_dir' "$WORK/check.json")
if find "$run_dir" -name 'core*' | grep -q .; then fail "the core was left in $run_dir"; fi

# A deadlock: hang under threads, ended by SIGQUIT after the stack dump, and
# every thread's C frames show where each waited (parked on a lock).
run_gilmatrix check "$F/extensions/atomic_counter" --python 3.14t --mirror "$SHARED_MIRROR" --offline \
  --stress "$F/stress/deadlock_stress.py" --stress-runs 1 --threads 2 --iterations 1 --stress-timeout 5s --format json
sed -n '/^{/,$p' "$WORK/out.txt" > "$WORK/hang.json"
assert_eq "$status" 1 "a hang under threads is a finding"
hang() { json ".thread_safety.modules[] | select(.module == \"atomic_counter\") | $1" "$WORK/hang.json"; }
assert_eq "$(hang .verdict)" "hang under threads" "the verdict"
assert_eq "$(hang '.detail | contains("SIGQUIT, for its core")')" true "ended by its watch thread"
h=$(hang .c_stacks)
[ "$(echo "$h" | grep -c '^Thread ')" -ge 3 ] || fail "fewer than three threads' C frames (two stress threads and the main)"
echo "$h" | grep -q '_PyMutex_LockTimed\|PyThread_acquire_lock' || fail "no thread waits on a lock in the C frames"
echo "ok"
