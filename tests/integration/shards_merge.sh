#!/usr/bin/env bash
# A quick-style matrix on pyenv's interpreters run as two shards one after the
# other and merged has the same builds, cells, statuses and module verdicts as
# one unsharded run; plan prints the GitHub Actions strategy.matrix; merge
# refuses shards of another matrix, another schema version, or an incomplete set.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
F="$SOURCE_DIR/tests/fixtures/extensions"
opts=()
if [ -f "${SHARED_MIRROR:-}/sdists/crcmod-1.7.tar.gz" ]; then
  # With the shared mirror, each shard also installs packages offline and checks their modules.
  opts=(--mirror "$SHARED_MIRROR" --offline)
  write_pyenv_matrix "$WORK/m.toml" it-shards <<TOML
[[packages]]
name = "extensions"
requirements = ["crcmod==1.7", "$F/gil_free"]
TOML
else
  echo "note: no shared mirror: shards without packages"
  write_pyenv_matrix "$WORK/m.toml" it-shards < /dev/null
fi

run_gilmatrix plan "$WORK/m.toml" --shards 2 --format github
assert_eq "$status" 0 "plan exit code"
assert_eq "$(cat "$WORK/out.txt")" '{"include":[{"builds":"3.12.1","shard":"1/2"},{"builds":"3.13.0","shard":"2/2"}]}' \
  "strategy.matrix"
run_gilmatrix plan "$WORK/m.toml" --shards 3
assert_eq "$status" 2 "more shards than builds"
assert_contains "$WORK/out.txt" "3 shards for 2 builds: a build is never split across shards, nor separated from its free-threaded twin, so use at most 2"
run_gilmatrix plan "$WORK/m.toml" --shard 2/2 --format json
assert_eq "$(jq -r '[.cells[].build] | unique | join(",")' "$WORK/out.txt")" 3.13.0 "plan of shard 2"

run_gilmatrix run "$WORK/m.toml" "${opts[@]}" --out "$WORK/whole"
assert_eq "$status" 0 "unsharded run"
for k in 1 2; do
  run_gilmatrix run "$WORK/m.toml" "${opts[@]}" --shard "$k/2" --out "$WORK/shard-$k"
  assert_eq "$status" 0 "shard $k"
  assert_eq "$(json ".shard.index" "$WORK/shard-$k/results.json")" "$k" "shard $k recorded"
done
assert_eq "$(json '[.builds[].name] | join(",")' "$WORK/shard-1/results.json")" 3.12.1 "shard 1 builds"
run_gilmatrix merge "$WORK/shard-2" "$WORK/shard-1/results.json" --out "$WORK/merged"
assert_eq "$status" 0 "merge"
m="$WORK/merged/results.json" w="$WORK/whole/results.json"

same() { assert_eq "$(jq -c "$1" "$m")" "$(jq -c "$1" "$w")" "$2"; }
same '[.builds[] | [.name, .status, .probe.version]]' "builds"
same '[.cells[] | [.key, .status, .repeats]]' "cells and statuses"
# The samples each cell kept: the two runs need not agree where rounds were disturbed.
assert_samples_kept "$m" "samples kept in the merged run"
same '[.module_checks[] | [.build, .module, .status]]' "module verdicts"
same '[.installs[] | [.build, .requirement, .ok]]' "installs"
same '[.environments[] | [.build, [.distributions[].name]]]' "environments"
same '.notes | sort' "notes"
same '.reproduce' "reproduce"
same '.shard' "no shard in the merged results"
[ "${#opts[@]}" -eq 0 ] || assert_eq "$(jq '.module_checks | length' "$m")" 4 "two modules on two builds"
# The merged report has the unsharded report's sections and rows (scaling rows
# by build, executor and GIL mode: their figures differ run to run), and its own charts.
for file in "$WORK/whole/report.md" "$WORK/merged/report.md"; do
  grep -E '^(#|\| (3\.1|crcmod|gil-free))' "$file" \
    | awk -F'|' '$3 ~ /^ (threads|processes) $/ { print $2 "|" $3 "|" $4; next } { print }' > "$file.shape"
done
diff "$WORK/whole/report.md.shape" "$WORK/merged/report.md.shape" || fail "merged report differs in shape"
check_outputs links "$WORK/merged/report.md" > /dev/null
run_gilmatrix compare "$WORK/whole" "$WORK/merged" --gate compatibility
assert_eq "$status" 0 "no verdict differs"

# Refusals, each exit 2 with what to do.
run_gilmatrix merge "$WORK/shard-1" --out "$WORK/x"
assert_eq "$status" 2 "a shard missing"
assert_contains "$WORK/out.txt" "shard 2/2 missing: give the results of every shard (found 1 of 2)"
run_gilmatrix merge "$WORK/whole" "$WORK/shard-1" --out "$WORK/x"
assert_eq "$status" 2 "not a shard"
assert_contains "$WORK/out.txt" "whole/results.json is not a shard's results"
mkdir -p "$WORK/other"
jq '.matrix.sha256 = "0000000000000000000000000000000000000000000000000000000000000000"' \
  "$WORK/shard-2/results.json" > "$WORK/other/results.json"
run_gilmatrix merge "$WORK/shard-1" "$WORK/other" --out "$WORK/x"
assert_eq "$status" 2 "another matrix"
assert_contains "$WORK/out.txt" "shards of different matrix files cannot be merged"
jq '.schema_version = 0' "$WORK/shard-2/results.json" > "$WORK/other/results.json"
run_gilmatrix merge "$WORK/shard-1" "$WORK/other" --out "$WORK/x"
assert_eq "$status" 2 "a schema version this gilmatrix does not read"
assert_contains "$WORK/out.txt" "has results schema version 0"
[ ! -e "$WORK/x" ] || fail "a refused merge wrote output"
no_harness_left
echo "ok"
