#!/usr/bin/env bash
# Every classification on the real free-threaded build: the fixture extensions
# (tests/fixtures/extensions) and the real sdists pyrsistent and crcmod from the
# shared mirror, installed offline into per-build environments.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures/extensions"

{
  quick_matrix_header '[1, 2]' 2 'import-timeout = "5s"'
  cat <<TOML
[[build]]
name = "3.13.15t"
version = "3.13.15"
free-threaded = true
[[build]]
name = "3.13.15"
version = "3.13.15"
[[packages]]
name = "fixtures"
requirements = ["$F/gil_default", "$F/gil_free", "$F/segfault_on_import", "$F/hang_on_import",
                "$F/compile_error", "$F/two_modules", "pyrsistent==0.20.0", "crcmod==1.7",
                "$F/cython_required", "$F/imports_undeclared", "$F/wrong_suffix"]
[[workload]]
name = "pvector"
file = "$SOURCE_DIR/workloads/pyrsistent_pvector.py"
packages = "fixtures"
iterations = 20
gil-modes = ["default", "off"]
TOML
} > "$WORK/m.toml"

run_gilmatrix run "$WORK/m.toml" --mirror "$SHARED_MIRROR" --offline --out "$WORK/out"
tail -30 "$WORK/out.txt"
assert_eq "$status" 1 "findings exit code"
r="$WORK/out/results.json"
status_of() { json ".module_checks[] | select(.build == \"$1\" and .module == \"$2\") | .status" "$r"; }
ft=3.13.15t
assert_eq "$(status_of $ft gil_default)" "re-enables GIL"
assert_eq "$(status_of $ft gil_free)" "keeps GIL disabled"
assert_eq "$(status_of $ft segfault_on_import)" crashed
json ".module_checks[] | select(.build == \"$ft\" and .module == \"segfault_on_import\") | .detail" "$r" | grep -q SIGSEGV \
  || fail "crash without SIGSEGV"
assert_eq "$(status_of $ft hang_on_import)" hung
assert_eq "$(status_of $ft twomods.safe)" "keeps GIL disabled"
assert_eq "$(status_of $ft twomods.legacy)" "re-enables GIL"
assert_eq "$(status_of $ft pvectorc)" "re-enables GIL"
assert_eq "$(status_of $ft crcmod._crcfunext)" "re-enables GIL"
assert_eq "$(json ".module_checks[] | select(.module == \"pvectorc\" and .build == \"$ft\") | .attributed_to" "$r")" pvectorc
assert_eq "$(json ".module_checks[] | select(.module == \"pvectorc\" and .build == \"$ft\") | .binding" "$r")" "C API"
assert_eq "$(status_of 3.13.15 gil_default)" importable "GIL build"
assert_eq "$(json "[.installs[] | select(.ok | not) | .requirement] | unique | join(\",\")" "$r")" \
  "$F/compile_error,$F/cython_required"
assert_eq "$(json ".installs[] | select(.build == \"$ft\" and .requirement == \"$F/compile_error\") | .cause" "$r")" \
  "compile_error.c:4:1: error: unknown type name ‘this’"
cause="RuntimeError: Cython required to build dev version of cython_required"
assert_eq "$(json ".installs[] | select(.build == \"$ft\" and .requirement == \"$F/cython_required\") | .cause" "$r")" \
  "$cause"
assert_contains "$WORK/out.txt" "$F/cython_required install failed: $cause (log: "
assert_contains "$WORK/out/report.md" "cython\_required on 3.13.15t: **install failed**: ${cause//_/\\_}"
# Blamed through the module it imports: the fix is the helper's.
assert_eq "$(status_of $ft declares_support)" "re-enables GIL"
assert_eq "$(json ".module_checks[] | select(.build == \"$ft\" and .module == \"declares_support\") | .attributed_to" "$r")" \
  undeclared_helper
assert_contains "$WORK/out/report.md" \
  "- declares\_support on 3.13.15t: re-enables GIL (via undeclared\_helper); to fix, change undeclared\_helper, not declares\_support"
# A binary named for the other variant, on both builds.
assert_eq "$(status_of $ft wrong_suffix)" "built for another interpreter"
assert_eq "$(status_of 3.13.15 wrong_suffix)" "built for another interpreter"
assert_contains "$WORK/out/report.md" "| wrong-suffix 1.0 | wrong\_suffix | ⚠️ built for another interpreter | ⚠️ built for another interpreter |"
assert_eq "$(json ".together[] | select(.build == \"$ft\") | .gil_enabled_after" "$r")" true "all together"
# The workload importing pyrsistent: the GIL comes back on by default, stays off when forced.
assert_eq "$(json "[.cells[] | select(.build == \"$ft\" and .gil_mode == \"default\") | .gil_enabled_after] | all" "$r")" true
assert_eq "$(json "[.cells[] | select(.build == \"$ft\" and .gil_mode == \"off\" and .workers == 1) | .gil_enabled_after] | any" "$r")" false
assert_contains "$WORK/out/report.md" "2 of 11 extension modules keep the GIL disabled on 3.13.15t"
assert_contains "$WORK/out/report.md" "| pyrsistent 0.20.0 | pvectorc | ✅ importable | ❌ re-enables GIL |"
assert_contains "$WORK/out/report.md" "compile\_error on 3.13.15t: **install failed**"
no_harness_left
echo "ok"
