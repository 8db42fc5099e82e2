#!/usr/bin/env bash
# A damaged build cache entry (build.json deleted, install/bin/python3
# deleted) is moved aside and rebuilt, and the report says so; leftovers of
# killed builds do not wedge anything; `cache list` shows damaged entries and
# leftovers, `cache prune` removes them. Uses the fake CPython and its own cache.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)
cat > "$WORK/m.toml" <<TOML
schema = 1
[defaults]
workers = [1]
repeats = 1
[[build]]
name = "fake"
version = "3.99.0"
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
TOML

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "first build"
entry=$(ls -d "$WORK"/cache/builds/3.99.0-*)
key=$(basename "$entry")

# $1: what to damage (a path inside the entry); $2: how verification names it.
damaged_then_rebuilt() {
  rm "$entry/$1"
  run_gilmatrix cache list --cache "$WORK/cache"
  assert_contains "$WORK/out.txt" "$key"
  # The entry's row, whatever the column widths: its key, "damaged" as its version, the reason.
  grep "^$key " "$WORK/out.txt" | tr -s ' ' > "$WORK/row.txt"
  assert_contains "$WORK/row.txt" "$key damaged $2"
  assert_contains "$WORK/out.txt" "1 damaged: rebuilt when next needed"
  run_gilmatrix run "$WORK/m.toml" "${opts[@]}" --out "$WORK/run-$3"
  cat "$WORK/out.txt"
  assert_eq "$status" 0 "run after damaging $1"
  assert_contains "$WORK/out.txt" "gilmatrix: warning: build 3.99.0: the cached build $key was damaged ($2); it was moved aside and is built again"
  assert_contains "$WORK/run-$3/report.md" "the cached build $key was damaged ($2); it was moved aside and built again"
  [ -f "$entry/build.json" ] && [ -x "$entry/install/bin/python3" ] || fail "the entry was not rebuilt"
  [ -z "$(ls -A "$WORK/cache/work")" ] || fail "work directories left: $(ls "$WORK/cache/work")"
  [ -z "$(ls -d "$WORK"/cache/builds/.[a-z]* 2>/dev/null)" ] || fail "leftovers in builds/: $(ls -a "$WORK/cache/builds")"
}
damaged_then_rebuilt build.json "build.json is missing" json
damaged_then_rebuilt install/bin/python3 "install/bin/python3 is missing or not executable" python

# Leftovers of a killed build (its pid is long gone) and a damaged entry: listed, then pruned.
mkdir -p "$WORK/cache/builds/.staging-$key-999999/install" "$WORK/cache/work/$key-999999"
echo x > "$WORK/cache/builds/.staging-$key-999999/build.log"
rm "$entry/build.json"
run_gilmatrix cache list --cache "$WORK/cache"
assert_contains "$WORK/out.txt" "2 leftovers of interrupted or failed builds"
run_gilmatrix cache prune --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_contains "$WORK/out.txt" "removed $key"
assert_contains "$WORK/out.txt" "damaged: build.json is missing"
assert_contains "$WORK/out.txt" "removed $WORK/cache/builds/.staging-$key-999999"
assert_contains "$WORK/out.txt" "removed $WORK/cache/work/$key-999999"
[ -z "$(ls -A "$WORK/cache/builds")" ] || fail "prune left: $(ls -a "$WORK/cache/builds")"
[ -z "$(ls -A "$WORK/cache/work")" ] || fail "prune left: $(ls -a "$WORK/cache/work")"
run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "build after prune"
echo "ok"
