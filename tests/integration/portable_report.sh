#!/usr/bin/env bash
# A committed report.md names no path of this machine: the build cache is
# $GILMATRIX_CACHE (explained in the report), the home directory ~, paths under
# the directory the run started in are relative to it. results.json keeps them whole.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
mkdir -p "$WORK/repo/matrices"
make_fake_mirror "$WORK/mirror" 0
{ quick_matrix_header; printf '[[build]]\nname = "fake"\nversion = "3.99"\n'; tiny_cpu_workload; } \
  > "$WORK/repo/matrices/m.toml"

cd "$WORK/repo"
run_gilmatrix run matrices/m.toml --cache "$WORK/cache" --mirror "$WORK/mirror" --offline --out "$WORK/repo/reports/r"
cat "$WORK/out.txt"
assert_eq "$status" 0 "run"
report="$WORK/repo/reports/r/report.md"
assert_not_contains "$report" "$WORK/cache"
assert_not_contains "$report" "$WORK/repo"
assert_contains "$report" "\$GILMATRIX_CACHE/builds/3.99.0-"
assert_contains "$report" "\`\$GILMATRIX_CACHE\` is gilmatrix's cache"
assert_contains "$report" "gilmatrix run matrices/m.toml --cache "
assert_contains "$WORK/repo/reports/r/results.json" "$WORK/cache/builds/3.99.0-"

# The Reproduce command is correct as pasted: the cache one quoted word, and
# where GILMATRIX_CACHE is unset the shell stops with a message instead of
# `--cache` taking the next option as its directory.
repro=$(awk '/^## Reproduce/ {section = 1} section && /^```sh/ {getline; print; exit}' "$report")
[[ "$repro" == 'gilmatrix run matrices/m.toml --cache "${GILMATRIX_CACHE:?'* ]] || fail "Reproduce: $repro"
set +e
env -u GILMATRIX_CACHE bash -c "$repro" > "$WORK/repro.txt" 2>&1
repro_status=$?
set -e
[ "$repro_status" -ne 0 ] || fail "the pasted command ran without a cache"
assert_contains "$WORK/repro.txt" "set GILMATRIX_CACHE to the gilmatrix cache to use"
# --cache naming the default cache is left out.
GILMATRIX_CACHE="$WORK/cache" run_gilmatrix run matrices/m.toml --cache "$WORK/cache" --mirror "$WORK/mirror" \
  --offline --out "$WORK/repo/reports/default"
assert_eq "$status" 0 "run with --cache naming the default cache"
assert_eq "$(json .reproduce "$WORK/repo/reports/default/results.json")" \
  "gilmatrix run matrices/m.toml --mirror $WORK/mirror --offline" "no --cache when it is the default"

# The placeholder is a real setting: GILMATRIX_CACHE finds the same cache.
GILMATRIX_CACHE="$WORK/cache" run_gilmatrix cache list
assert_contains "$WORK/out.txt" "1 builds in $WORK/cache/builds"
cd /
echo "ok"
