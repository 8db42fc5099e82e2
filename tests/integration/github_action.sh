#!/usr/bin/env bash
# action.yml's check step, verbatim, on the real free-threaded build: a module
# that does not declare free-threading support fails the step with an
# annotation and a step summary; one that does passes.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
ACTION="$SOURCE_DIR/action.yml"
F="$SOURCE_DIR/tests/fixtures/extensions"
export GITHUB_OUTPUT="$WORK/github_output" GITHUB_STEP_SUMMARY="$WORK/summary.md"
args="inputs.args=--mirror $SHARED_MIRROR --offline"

run_step "$ACTION" - "Check the extension" "inputs.target=$F/gil_default" "inputs.python=3.13t" "inputs.stress=" "$args"
assert_eq "$status" 1 "a module that re-enables the GIL fails the step"
assert_contains "$WORK/out.txt" "::error title=gil_default re-enables GIL::gil_default re-enables GIL on 3.13t."
assert_contains "$GITHUB_STEP_SUMMARY" "❌ re-enables GIL"

: > "$GITHUB_STEP_SUMMARY"
run_step "$ACTION" - "Check the extension" "inputs.target=$F/gil_free" "inputs.python=3.13t" "inputs.stress=" "$args"
assert_eq "$status" 0 "a module that keeps the GIL disabled"
assert_not_contains "$WORK/out.txt" "::error"
assert_contains "$GITHUB_STEP_SUMMARY" "✅ keeps GIL disabled"
echo "ok"
