#!/usr/bin/env bash
# Maintainer mode on the real free-threaded build: pyrsistent's sdist re-enables
# the GIL (exit 1, C-API fix); the fixture that declares the slot exits 0; one
# that does not compile exits 3.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
F="$SOURCE_DIR/tests/fixtures/extensions"
opts=(--mirror "$SHARED_MIRROR" --offline)

# The default interpreters are 3.13t and 3.14t; 3.14t cannot be had here, so it is skipped.
run_gilmatrix check "$SHARED_MIRROR/sdists/pyrsistent-0.20.0.tar.gz" "${opts[@]}" --skip-missing
cat "$WORK/out.txt"
assert_eq "$status" 1 "pyrsistent exit code"
assert_contains "$WORK/out.txt" "pvectorc                         re-enables GIL"
assert_contains "$WORK/out.txt" "fix: declare free-threading support: add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"
assert_contains "$WORK/out.txt" "reproduce: env -u PYTHON_GIL "
assert_contains "$WORK/out.txt" "3.14t: skipped (--skip-missing): source unavailable"
assert_contains "$WORK/out.txt" "0 of 1 extension modules keep the GIL disabled on 3.13t"
# The reproduce line really reproduces it.
repro=$(grep -o "reproduce: .*" "$WORK/out.txt" | head -1 | sed 's/^reproduce: //')
assert_eq "$(bash -c "$repro" 2>/dev/null)" True "reproduce command"

run_gilmatrix check "$F/gil_free" --python 3.13t "${opts[@]}" --format json
assert_eq "$status" 0 "gil_free exit code"
jq -e '.module_checks[0].status == "keeps GIL disabled"' <(sed -n '/^{/,$p' "$WORK/out.txt") > /dev/null \
  || fail "json output"

run_gilmatrix check "$F/two_modules" --python 3.13t,3.13 "${opts[@]}" --format markdown
assert_eq "$status" 1 "two_modules exit code"
assert_contains "$WORK/out.txt" "| twomods 1.0 | twomods.legacy | ✅ importable | ❌ re-enables GIL |"

GITHUB_STEP_SUMMARY="$WORK/summary.md" run_gilmatrix check "$F/compile_error" --python 3.13t "${opts[@]}" --format github
assert_eq "$status" 3 "compile_error exit code"
assert_contains "$WORK/out.txt" "::error title=install failed::"
assert_contains "$WORK/summary.md" "**install failed**"
echo "ok"
