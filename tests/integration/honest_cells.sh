#!/usr/bin/env bash
# Honest cells on the real free-threaded build: a cell that fails shows no GIL
# state it did not measure; a cell that fails only with PYTHON_GIL=0 is reported
# as such next to the verdicts of its package set's extension modules; a module
# that keeps the GIL disabled gets no fix from `check`.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures/extensions"
opts=(--mirror "$SHARED_MIRROR" --offline)

{
  quick_matrix_header '[1, 2]' 1 'import-timeout = "20s"'
  cat <<TOML
[[build]]
name = "3.13t"
version = "3.13.15"
free-threaded = true
[[packages]]
name = "fixtures"
requirements = ["$F/gil_default", "$F/gil_free"]
TOML
  test_workload forced-off fails_with_gil_forced_off.py '' 'packages = "fixtures"' 'gil-modes = ["default", "off"]'
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" "${opts[@]}" --out "$WORK/out"
tail -20 "$WORK/out.txt"
assert_eq "$status" 1 "findings"
r="$WORK/out/results.json"
assert_eq "$(json '[.cells[] | select(.gil_mode == "off") | .status] | unique | join(",")' "$r")" failed
assert_eq "$(json '[.cells[] | select(.gil_mode == "default") | .status] | unique | join(",")' "$r")" ok
report="$WORK/out/report.md"
# The failed series shows no GIL state (its runner reported "off" only because PYTHON_GIL=0 forced it).
assert_contains "$report" "| 3.13t | threads | off | — | failed | failed | — |"
assert_contains "$report" "**2 cells fail only with the GIL forced off**"
assert_contains "$report" "- 3.13t/forced-off/threads/off/x2: **failed** — fails only with the GIL forced off (\`PYTHON_GIL=0\`); it measured with GIL mode default. Extension modules of package set fixtures on 3.13t: gil\\_default (gil-default 1.0) ❌ re-enables GIL; gil\\_free (gil-free 1.0) ✅ keeps GIL disabled."
assert_contains "$WORK/out.txt" "fails only with the GIL forced off (PYTHON_GIL=0): 3.13t/forced-off/threads/off/x1, 3.13t/forced-off/threads/off/x2"

# check: a fix only where the GIL is re-enabled.
"$GILMATRIX" check "$F/gil_free" --python 3.13t "${opts[@]}" --format json > "$WORK/free.json" 2> /dev/null
assert_eq "$(jq -r '.module_checks[0].status' "$WORK/free.json")" "keeps GIL disabled"
assert_eq "$(jq -r '.module_checks[0] | has("fix")' "$WORK/free.json")" false "no fix for a module that keeps the GIL disabled"
set +e
"$GILMATRIX" check "$F/gil_default" --python 3.13t "${opts[@]}" --format json > "$WORK/default.json" 2> /dev/null
set -e
assert_eq "$(jq -r '.module_checks[0].status' "$WORK/default.json")" "re-enables GIL"
jq -r '.module_checks[0].fix' "$WORK/default.json" | grep -q "Py_mod_gil" || fail "the module that re-enables the GIL has its fix"
echo "ok"
