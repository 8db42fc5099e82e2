#!/usr/bin/env bash
# The disk fills up during a run and during a build (a small tmpfs): the run
# stops with "the disk holding ... is full" (exit 3) and records no cell as
# failed, --resume finishes it once space is freed; a build that fails for
# lack of space says so instead of citing an empty log.
# Needs to mount a tmpfs: as root, or in a user namespace; skipped otherwise.
if [ "$(id -u)" != 0 ] && [ -z "${GILMATRIX_TEST_IN_USERNS:-}" ]; then
  if unshare --user --map-root-user --mount true 2>/dev/null; then
    GILMATRIX_TEST_IN_USERNS=1 exec unshare --user --map-root-user --mount bash "$0" "$@"
  fi
  echo "SKIP: cannot mount a tmpfs here (not root, no user namespaces)"; exit 77
fi
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
small="$WORK/small"
mkdir -p "$small"
mount -t tmpfs -o size=4m tmpfs "$small" || { echo "SKIP: mount -t tmpfs failed"; exit 77; }
on_exit "umount '$small'"

# A workload whose setup fills the disk (once), so the cells running then cannot write their results.
cat > "$WORK/fill.py" <<PY
import os
ITERATIONS = 1
def setup():
    if os.path.exists("$WORK/fill.once"):
        os.remove("$WORK/fill.once")
        fd = os.open("$small/filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 65536)
        except OSError:
            pass
        os.close(fd)
def work(state):
    pass
PY
one_sample_matrix "$WORK/m.toml" <<TOML
[[workload]]
name = "fill"
file = "$WORK/fill.py"
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["threads", "processes"]
TOML
touch "$WORK/fill.once"
run_gilmatrix run "$WORK/m.toml" --out "$small/out"
cat "$WORK/out.txt"
assert_eq "$status" 3 "a run that filled the disk"
assert_contains "$WORK/out.txt" "gilmatrix: error: the disk holding $small is full"
assert_contains "$WORK/out.txt" "; free space, then continue with: "
jq -r .status "$small/out/cells.jsonl" | sed 1d > "$WORK/statuses.txt"
assert_not_contains "$WORK/statuses.txt" failed
assert_eq "$(grep -cv '^ok$' "$WORK/statuses.txt" || true)" 0 "only measured cells are journaled"

rm "$small/filler"
command=$(sed -n 's/.*; free space, then continue with: //p' "$WORK/out.txt")
set +e; bash -c "$command" > "$WORK/out.txt" 2>&1; status=$?; set -e
cat "$WORK/out.txt"
assert_eq "$status" 0 "the run continued once space was freed"
assert_eq "$(json '[.cells[] | select(.status == "ok")] | length' "$small/out/results.json")" 3 "every cell measured"

# A build that fills the disk: its failure says the disk is full and that the log is incomplete.
make_fake_mirror "$WORK/mirror" 0 "$small/filler"
touch "$small/filler.once"
cat > "$WORK/b.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99.0"
TOML
run_gilmatrix build "$WORK/b.toml" --cache "$small/cache" --mirror "$WORK/mirror" --offline
cat "$WORK/out.txt"
assert_eq "$status" 3 "a build that filled the disk"
assert_contains "$WORK/out.txt" "gilmatrix: warning: build fake: disk full: make exited with code 2"
assert_contains "$WORK/out.txt" "the disk holding $small is full"
assert_contains "$WORK/out.txt" "the build log could not be kept (No space left on device)"
assert_not_contains "$WORK/out.txt" "full log:"
rm "$small/filler"
run_gilmatrix build "$WORK/b.toml" --cache "$small/cache" --mirror "$WORK/mirror" --offline
assert_eq "$status" 0 "the build once space was freed"
echo "ok"
