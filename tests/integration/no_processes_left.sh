#!/usr/bin/env bash
# The suite's last test (CTest FIXTURES_CLEANUP of every other test): no
# process that any test started is still running. Tests keep their scratch
# directories under $TMPDIR, which CTest points into this build directory,
# and the programs they run live in this build directory or in the source
# tree's tests/, so a leftover names one of them in its command line or runs
# in one of them. Leftovers are listed, killed, and fail this test.
set -euo pipefail
: "${BUILD_DIR:?set by CTest}" "${SOURCE_DIR:?set by CTest}"

ancestors=" "
pid=$$
while [ "$pid" -gt 1 ]; do
  ancestors+="$pid "
  pid=$(awk '{print $4}' "/proc/$pid/stat")
done

leftovers() {
  local pid parent cmd cwd
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ "$ancestors" == *" $pid "* || "$pid" == "$BASHPID" ]] && continue
    parent=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null) || continue
    [[ "$parent" == "$$" || "$parent" == "$BASHPID" ]] && continue  # this script's own helpers
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || continue
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=""
    # Below the build directory, not in it: a developer's `ctest | tail` run
    # from build/release is not the tests' (its tail was killed here).
    if [[ "$cmd" == *"$BUILD_DIR/"* || "$cwd" == "$BUILD_DIR/"* || "$cwd" == "$SOURCE_DIR/tests"* ]]; then
      echo "$pid"
    fi
  done
}

for _ in $(seq 100); do
  left=$(leftovers)
  [ -z "$left" ] && { echo "ok: no process started by the tests is left"; exit 0; }
  sleep 0.1
done
echo "FAIL: processes started by the tests are still running:" >&2
for pid in $left; do
  echo "  $pid (cwd $(readlink "/proc/$pid/cwd" 2>/dev/null)): $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" >&2
  kill -KILL "$pid" 2>/dev/null || true
done
exit 1
