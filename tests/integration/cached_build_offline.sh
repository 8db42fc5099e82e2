#!/usr/bin/env bash
# Offline, with no mirror and nothing downloaded, a version request is met by
# the newest build of the same recipe already in the cache, and the report says
# "cached build, source not rechecked" (fast: the fake CPython of tests/fixtures).
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0

{ quick_matrix_header; printf '[[build]]\nname = "fake"\nversion = "3.99"\n'; tiny_cpu_workload; } > "$WORK/m.toml"

run_gilmatrix build "$WORK/m.toml" --cache "$WORK/cache" --mirror "$WORK/mirror" --offline
assert_eq "$status" 0 "building it once, from the mirror"

run_gilmatrix run "$WORK/m.toml" --cache "$WORK/cache" --offline --out "$WORK/run"
cat "$WORK/out.txt"
assert_eq "$status" 0 "offline without a mirror"
assert_contains "$WORK/out.txt" "build fake: Python 3.99.0, cached build, source not rechecked"
r="$WORK/run/results.json"
assert_eq "$(json '.builds[0].origin' "$r")" "cached build"
assert_eq "$(json '.builds[0].details.source_rechecked' "$r")" false
assert_eq "$(json '.builds[0].details.version' "$r")" 3.99.0
assert_contains "$WORK/run/report.md" "cached build of 3.99.0, source not rechecked"

# Other configure flags are another recipe: not that build.
sed -i 's/^version = "3.99"$/version = "3.99"\nconfigure = ["--with-other"]/' "$WORK/m.toml"
run_gilmatrix run "$WORK/m.toml" --cache "$WORK/cache" --offline --out "$WORK/run2"
assert_eq "$status" 3 "no cached build of that recipe"
assert_contains "$WORK/out.txt" "no cached build and no existing 3.99 interpreter"

# --offline does not fetch a remote git source either: it says so at once.
{ quick_matrix_header; printf '[[build]]\nname = "main"\ngit = { url = "https://github.com/python/cpython", ref = "main" }\n'
  tiny_cpu_workload; } > "$WORK/git.toml"
run_gilmatrix build "$WORK/git.toml" --cache "$WORK/cache" --offline
assert_eq "$status" 3 "an unmirrored remote, offline"
assert_contains "$WORK/out.txt" "main is not in the mirror of https://github.com/python/cpython yet, and --offline does not fetch it"
assert_not_contains "$WORK/out.txt" "git fetch"
echo "ok"
