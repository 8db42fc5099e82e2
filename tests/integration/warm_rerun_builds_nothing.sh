#!/usr/bin/env bash
# A warm rerun of the default matrix's builds and package sets compiles no
# interpreter and installs no package: every source build comes from the build
# cache and every package environment from the environment cache. The default
# matrix's own workloads are replaced by one tiny one to keep the test short.
# Its mirror and cache hold no 3.14 (so no 3.14 is compiled here); the first
# round makes the package environments in that cache, the second reuses them.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
require_pyenv_interpreters
mirror_and_cache_without_3_14 "$WORK/mirror" "$WORK/cache"

sed '/^\[\[workload\]\]/,$d' "$SOURCE_DIR/matrices/default.toml" > "$WORK/m.toml"
cat >> "$WORK/m.toml" <<TOML
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["threads"]
workers = [1]
repeats = 1
TOML

for round in 1 2; do
  run_gilmatrix run "$WORK/m.toml" --mirror "$WORK/mirror" --cache "$WORK/cache" --offline --out "$WORK/out$round"
  tail -5 "$WORK/out.txt"
  assert_eq "$status" 3 "round $round: 3.14 and 3.14t cannot be had offline"
done
r="$WORK/out2/results.json"
assert_eq "$(json '[.builds[] | select(.origin == "source" and .status == "ok")] | length' "$r")" 2 "3.13 and 3.13t built from source"
assert_eq "$(json '[.builds[] | select(.origin == "source" and .status == "ok") | .details.reused_from_cache] | all' "$r")" true \
  "the rerun compiled nothing"
assert_eq "$(json '.environments | length' "$r")" 3 "one environment per usable build"
assert_eq "$(json '[.environments[].reused] | all' "$r")" true "the rerun installed nothing"
assert_contains "$WORK/out.txt" "3 package environments: 0 made now, 3 reused from the cache"
assert_not_contains "$WORK/out.txt" "pip install"
assert_eq "$(json '[.cells[] | select(.status == "ok")] | length' "$r")" 3 "the tiny workload on each usable build"
echo "ok"
