#!/usr/bin/env bash
# The build path end to end on a fake CPython tarball (fast): mirror lookup,
# sha256, extraction, configure/make/install, cache reuse, missing modules,
# a pin that does not match, a configure flag that does not exist.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)

{
  quick_matrix_header '[1]' 1
  cat <<TOML
[[build]]
name = "fake"
version = "3.99"
TOML
  tiny_cpu_workload
} > "$WORK/m.toml"

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "first build"
assert_contains "$WORK/out.txt" "build 3.99.0: not in the cache; building as 3.99.0-"
assert_contains "$WORK/out.txt" "1 compiled now"
entry=$(ls -d "$WORK"/cache/builds/3.99.0-*)
assert_eq "$(jq -c .missing_modules "$entry/build.json")" '["_dbm","_fake"]' "missing modules read from make's output"
assert_eq "$(jq -r .source.tarball_from "$entry/build.json")" "mirror $WORK/mirror/cpython" "tarball origin"
[ -x "$entry/install/bin/python3" ] || fail "no installed python3 in $entry"
[ -z "$(ls -A "$WORK/cache/work")" ] || fail "work directory not cleaned up"

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "second build"
assert_contains "$WORK/out.txt" "0 compiled now"
assert_contains "$WORK/out.txt" "from the build cache"

run_gilmatrix run "$WORK/m.toml" "${opts[@]}" --out "$WORK/run"
assert_eq "$status" 0 "run on the fake build"
assert_eq "$(json '.builds[0].details.sha256' "$WORK/run/results.json")" "$(sha256sum "$WORK/mirror/cpython/Python-3.99.0.tar.xz" | cut -d' ' -f1)"
assert_contains "$WORK/run/report.md" 'optional modules CPython could not build: \_dbm, \_fake'
assert_contains "$WORK/run/report.md" "built from 3.99.0 source"

# A pin that does not match: clear error, nothing built or cached.
sed -i 's/^version = "3.99"$/version = "3.99.0"\nsha256 = "'"$(printf '0%.0s' $(seq 64))"'"/' "$WORK/m.toml"
run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 3 "pin mismatch exit code"
assert_contains "$WORK/out.txt" "sha256 of $WORK/mirror/cpython/Python-3.99.0.tar.xz is "
assert_contains "$WORK/out.txt" "but the matrix pins 0000"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 1 "nothing new in the cache"

# A configure flag configure does not know: build failed with its log, the other build still runs.
{
  quick_matrix_header '[1]' 1
  cat <<TOML
[[build]]
name = "bogus"
version = "3.99"
configure = ["--bogus-flag-that-fails"]
TOML
  interpreter_build 3.13.0
  tiny_cpu_workload
} > "$WORK/bogus.toml"
run_gilmatrix run "$WORK/bogus.toml" "${opts[@]}" --out "$WORK/bogus"
assert_eq "$status" 3 "failed build exit code"
r="$WORK/bogus/results.json"
assert_eq "$(json '.builds[0].status' "$r")" "build failed"
json '.builds[0].reason' "$r" | grep -q "does not recognise --bogus-flag-that-fails" || fail "reason: $(json '.builds[0].reason' "$r")"
[ -s "$(json '.builds[0].details.log' "$r")" ] || fail "no failure log kept"
assert_contains "$WORK/bogus/report.md" "unrecognized options: --bogus-flag-that-fails"
assert_eq "$(json '[.cells[] | select(.build == "3.13.0" and .status == "ok")] | length' "$r")" 1 "other build measured"
echo "ok"
