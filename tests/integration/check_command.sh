#!/usr/bin/env bash
# Maintainer mode on the real free-threaded build: pyrsistent's sdist re-enables
# the GIL (exit 1, C-API fix); the fixture that declares the slot exits 0; one
# that does not compile exits 1 (a finding); an install failure names its cause; a module
# blamed through another gets that one's fix; a binary for another interpreter
# is reported.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures/extensions"
opts=(--mirror "$SHARED_MIRROR" --offline)

# The default interpreters are 3.13t and 3.14t, both from the mirror (and the
# fixtures' builds), offline and without --skip-missing.
run_gilmatrix check "$SHARED_MIRROR/sdists/pyrsistent-0.20.0.tar.gz" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 1 "pyrsistent exit code"
assert_row "$WORK/out.txt" pvectorc "re-enables GIL"
# pvectorc is made with PyModule_Create: single-phase init, so its fix is the call.
assert_contains "$WORK/out.txt" "fix: the module uses single-phase init (PyModule_Create): call PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED)"
assert_not_contains "$WORK/out.txt" "PyModuleDef_Slot"
assert_contains "$WORK/out.txt" "a promise that the module is thread-safe without the GIL"
assert_contains "$WORK/out.txt" "reproduce: env -u PYTHON_GIL "
assert_not_contains "$WORK/out.txt" "skipped"
assert_not_contains "$WORK/out.txt" "source unavailable"
assert_contains "$WORK/out.txt" "0 of 1 extension modules keep the GIL disabled on 3.13t"
assert_contains "$WORK/out.txt" "0 of 1 extension modules keep the GIL disabled on 3.14t"
# The reproduce line really reproduces it.
repro=$(grep -o "reproduce: .*" "$WORK/out.txt" | head -1 | sed 's/^reproduce: //')
assert_eq "$(bash -c "$repro" 2>/dev/null)" True "reproduce command"

# crcmod: no --python (3.13t and 3.14t), a finding (exit 1), and single-phase too.
run_gilmatrix check "$SHARED_MIRROR/sdists/crcmod-1.7.tar.gz" "${opts[@]}"
assert_eq "$status" 1 "crcmod exit code"
assert_contains "$WORK/out.txt" "crcmod._crcfunext"
assert_contains "$WORK/out.txt" "single-phase init (PyModule_Create)"

run_gilmatrix check "$F/gil_free" --python 3.13t "${opts[@]}" --format json
assert_eq "$status" 0 "gil_free exit code"
jq -e '.module_checks[0].status == "keeps GIL disabled"' <(sed -n '/^{/,$p' "$WORK/out.txt") > /dev/null \
  || fail "json output"

run_gilmatrix check "$F/two_modules" --python 3.13t,3.13 "${opts[@]}" --format markdown
assert_eq "$status" 1 "two_modules exit code"
assert_contains "$WORK/out.txt" "| twomods 1.0 | twomods.legacy | ✅ importable | ❌ re-enables GIL |"

GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix check "$F/compile_error" --python 3.13t "${opts[@]}" --format github
assert_eq "$status" 1 "compile_error exit code: an install failure is a finding"
assert_contains "$WORK/out.txt" "::error title=install failed::"
assert_contains "$WORK/summary.md" "**install failed**"
# The reason an install failed, not pip's closing boilerplate: a development
# checkout (and its sdist) whose setup.py refuses to build without Cython.
cause="RuntimeError: Cython required to build dev version of cython_required"
run_gilmatrix check "$F/cython_required" --python 3.13t "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 1 "cython_required exit code"
assert_contains "$WORK/out.txt" "cython_required install failed: $cause (log: "
assert_contains "$WORK/out.txt" "cython_required: install failed: $cause"
tar -C "$F" -czf "$WORK/cython_required-1.0.dev0.tar.gz" --transform 's,^cython_required,cython_required-1.0.dev0,' \
  cython_required
for format in markdown json github; do
  GITHUB_STEP_SUMMARY="$WORK/summary-$format.md" \
    run_gilmatrix check "$WORK/cython_required-1.0.dev0.tar.gz" --python 3.13t "${opts[@]}" --format "$format"
  assert_eq "$status" 1 "cython_required sdist exit code ($format)"
  assert_contains "$WORK/out.txt" "$cause"
done
jq -e --arg cause "$cause" '.installs[0].cause == $cause' <(sed -n '/^{/,$p' "$WORK/out.txt") > /dev/null \
  || fail "json: the cause of the failed install"
assert_contains "$WORK/summary-github.md" "**install failed**: ${cause//_/\\_}"
assert_not_contains "$WORK/summary-github.md" "metadata-generation-failed"

# A module that declares support but imports one that does not: the fix is
# for the module the warning names.
run_gilmatrix check "$F/imports_undeclared" --python 3.13t "${opts[@]}" --format json
assert_eq "$status" 1 "imports_undeclared exit code"
sed -n '/^{/,$p' "$WORK/out.txt" > "$WORK/imports.json"
fix_of() { json ".module_checks[] | select(.module == \"$1\") | .fix" "$WORK/imports.json"; }
assert_eq "$(json '.module_checks[] | select(.module == "declares_support") | .attributed_to' "$WORK/imports.json")" \
  undeclared_helper
[[ "$(fix_of declares_support)" == "change undeclared_helper, not declares_support: "* ]] \
  || fail "the fix for declares_support: $(fix_of declares_support)"
[[ "$(fix_of declares_support)" == *"in undeclared_helper (C API), declare free-threading support"* ]] \
  || fail "the fix for declares_support names the helper's own fix"
[[ "$(fix_of undeclared_helper)" == "the module uses multi-phase init (PyModuleDef_Init): add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"* ]] || fail "the helper's own fix"
run_gilmatrix check "$F/imports_undeclared" --python 3.13t "${opts[@]}"
assert_row "$WORK/out.txt" declares_support "re-enables GIL (the warning names undeclared_helper)"
assert_contains "$WORK/out.txt" "fix: change undeclared_helper, not declares_support"

# A package that ships a binary named for another interpreter.
run_gilmatrix check "$F/wrong_suffix" --python 3.13t,3.13 "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 1 "wrong_suffix exit code"
assert_row "$WORK/out.txt" wrong_suffix "built for another interpreter"
assert_contains "$WORK/out.txt" \
  "wrong_suffix.cpython-313-x86_64-linux-gnu.so is built for another interpreter: this one loads extension modules named *.cpython-313t-x86_64-linux-gnu.so"
assert_contains "$WORK/out.txt" \
  "wrong_suffix.cpython-313t-x86_64-linux-gnu.so is built for another interpreter: this one loads extension modules named *.cpython-313-x86_64-linux-gnu.so"
assert_contains "$WORK/out.txt" "fix: build the extension with this interpreter (wheel tag cp313t)"
echo "ok"
