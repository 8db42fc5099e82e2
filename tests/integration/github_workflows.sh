#!/usr/bin/env bash
# examples/github/nightly.yml and action.yml, read with a YAML parser: their
# structure, and every step that runs gilmatrix executed here, verbatim, on a
# quick-style matrix over pyenv's interpreters: plan, two shards (as the
# strategy matrix starts them), merge, annotations and summary, JUnit, and the
# comparison with a previous night, which fails on a regression.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
WF="$SOURCE_DIR/examples/github/nightly.yml"
ACTION="$SOURCE_DIR/action.yml"
workflow_steps check-nightly "$WF"
workflow_steps check-action "$ACTION"
# The build steps run the scripts the project's own CI runs.
for script in scripts/install-deps.sh scripts/build.sh; do assert_contains "$SOURCE_DIR/scripts/test.sh" "$script"; done
grep -q "^  MATRIX: matrices/default.toml$" "$WF" && [ -f "$SOURCE_DIR/matrices/default.toml" ] || fail "MATRIX"

# The workflow's env, with this test's matrix for matrices/default.toml.
write_pyenv_matrix "$WORK/m.toml" it-nightly < /dev/null
export MATRIX="$WORK/m.toml" SHARDS=2 GITHUB_OUTPUT="$WORK/github_output" GITHUB_STEP_SUMMARY="$WORK/summary.md"

: > "$GITHUB_OUTPUT"
run_step "$WF" plan "Plan the shards"
assert_eq "$status" 0 "plan step"
matrix=$(sed -n 's/^matrix=//p' "$GITHUB_OUTPUT")
assert_eq "$(jq -r '[.include[].shard] | join(" ")' <<< "$matrix")" "1/2 2/2" "strategy matrix"

for shard in $(jq -r '.include[].shard' <<< "$matrix"); do
  : > "$GITHUB_OUTPUT"
  run_step "$WF" shard "Name the cache" "matrix.shard=$shard"
  assert_eq "$status" 0 "cache names"
  index=$(sed -n 's/^index=//p' "$GITHUB_OUTPUT")
  assert_eq "$index" "${shard%%/*}" "shard index"
  assert_eq "$(sed -n 's/^version=//p' "$GITHUB_OUTPUT")" "$("$GILMATRIX" --version | cut -d' ' -f2)" "version"
  run_step "$WF" shard "Measure the shard" "matrix.shard=$shard" "steps.names.outputs.index=$index"
  assert_eq "$status" 0 "shard $shard"
  # upload-artifact gilmatrix-shard-K of shard-K; download-artifact puts it in shards/gilmatrix-shard-K/.
  mkdir -p "$WORK/ci/shards"
  cp -r "$WORK/ci/shard-$index" "$WORK/ci/shards/gilmatrix-shard-$index"
done

run_step "$WF" merge "Merge the shards"
assert_eq "$status" 0 "merge step"
assert_eq "$(json '.cells | length' "$WORK/ci/nightly/results.json")" 8 "merged cells"
check_outputs links "$WORK/ci/nightly/report.md" > /dev/null
run_step "$WF" merge "Annotate and summarise"
assert_eq "$status" 0 "annotate step"
assert_contains "$GITHUB_STEP_SUMMARY" "## gilmatrix: it-nightly"
run_step "$WF" merge "JUnit for test reporters"
assert_eq "$status" 0 "junit step"
xmllint --noout --schema "$SOURCE_DIR/tests/data/junit.xsd" "$WORK/ci/nightly/junit.xml" 2> /dev/null || fail "junit.xml"

run_step "$WF" merge "Compare with the previous night"
assert_eq "$status" 0 "the first night"
assert_contains "$WORK/out.txt" "No earlier nightly results to compare with."
# The fetch step downloads the previous night's artifact into previous/; here, tonight's as it was.
cp -r "$WORK/ci/nightly" "$WORK/ci/previous"
run_step "$WF" merge "Compare with the previous night"
assert_eq "$status" 0 "nothing changed"
# Last night crcmod._crcfunext kept the GIL disabled; tonight it re-enables it: the step fails.
module='{"build": "3.13.0", "package_set": "extensions", "distribution": "crcmod", "version": "1.7",
         "module": "crcmod._crcfunext", "free_threaded": true}'
jq --argjson m "$module" '.module_checks = [$m + {"status": "keeps GIL disabled"}]' \
  "$WORK/ci/nightly/results.json" > "$WORK/ci/previous/results.json"
jq --argjson m "$module" '.module_checks = [$m + {"status": "re-enables GIL"}]' \
  "$WORK/ci/nightly/results.json" > "$WORK/tonight.json" && mv "$WORK/tonight.json" "$WORK/ci/nightly/results.json"
run_step "$WF" merge "Compare with the previous night"
assert_eq "$status" 1 "a regression fails the step"
assert_contains "$WORK/out.txt" "::error title=regression%3A module crcmod._crcfunext::crcmod._crcfunext on 3.13.0: keeps GIL disabled -> re-enables GIL"
assert_contains "$GITHUB_STEP_SUMMARY" "### Regressions"

# The action: its cache names, and its check step on a GIL build (the free-threaded
# verdicts are the slow github_action test).
: > "$GITHUB_OUTPUT"
run_step "$ACTION" - "Name the cache" "inputs.python=3.13t,3.14t"
assert_eq "$status" 0 "action cache names"
assert_eq "$(sed -n 's/^pythons=//p' "$GITHUB_OUTPUT")" "3.13t-3.14t" "no commas in a cache key"
if [ -f "${SHARED_MIRROR:-}/sdists/setuptools-78.1.1.tar.gz" ]; then
  run_step "$ACTION" - "Check the extension" "inputs.target=$SOURCE_DIR/tests/fixtures/extensions/gil_free" \
    "inputs.python=3.13.0" "inputs.stress=" "inputs.args=--mirror $SHARED_MIRROR --offline"
  assert_eq "$status" 0 "action check on a GIL build"
  assert_contains "$WORK/out.txt" "gil_free"
  assert_contains "$GITHUB_STEP_SUMMARY" "# gilmatrix check"
else
  echo "note: no shared mirror: the action's check step runs only in github_action"
  executed_steps+=("-/Check the extension")
fi

# Every step of both files that runs gilmatrix was run above.
diff <({ workflow_steps gilmatrix-steps "$WF"; workflow_steps gilmatrix-steps "$ACTION"; } | sort) \
  <(printf '%s\n' "${executed_steps[@]}" | sort -u) || fail "a step that runs gilmatrix was not run by this test"
no_harness_left
echo "ok"
