#!/usr/bin/env bash
# A truncated Python-3.99.0.tar.xz in the first mirror does not hide the good
# copy in the second: it is read before a build, warned about, and the second
# copy built (and then reused from the cache). With every copy damaged the
# build is "source damaged", which --skip-missing does not skip: exit 3.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/good" 0
good="$WORK/good/cpython/Python-3.99.0.tar.xz"
mkdir -p "$WORK/bad/cpython"
head -c $(($(stat -c %s "$good") / 2)) "$good" > "$WORK/bad/cpython/Python-3.99.0.tar.xz"
opts=(--cache "$WORK/cache" --mirror "$WORK/bad" --mirror "$WORK/good" --offline)
{ quick_matrix_header; printf '[[build]]\nname = "fake"\nversion = "3.99"\n'; tiny_cpu_workload; } > "$WORK/m.toml"

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "the good copy in the second mirror is built"
assert_contains "$WORK/out.txt" "$WORK/bad/cpython/Python-3.99.0.tar.xz is damaged"
assert_contains "$WORK/out.txt" "trying the copy in $WORK/good/cpython"
assert_contains "$WORK/out.txt" "1 compiled now"
entry=$(ls -d "$WORK"/cache/builds/3.99.0-*)
assert_eq "$(jq -r .source.tarball_from "$entry/build.json")" "mirror $WORK/good/cpython" "built from the good copy"
assert_eq "$(jq -r .source.sha256 "$entry/build.json")" "$(sha256sum "$good" | cut -d' ' -f1)" "the good copy's sha256"

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "rerun"
assert_contains "$WORK/out.txt" "0 compiled now"
assert_contains "$WORK/out.txt" "from the build cache"

# Every copy damaged (the second one's middle overwritten): never skipped.
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$good" bs=1 seek=$(($(stat -c %s "$good") / 2)) conv=notrunc status=none
for command in build run; do
  extra=(); [ "$command" = run ] && extra=(--out "$WORK/run")
  run_gilmatrix "$command" "$WORK/m.toml" "${opts[@]}" --skip-missing "${extra[@]}"
  cat "$WORK/out.txt"
  assert_eq "$status" 3 "$command --skip-missing over damaged sources"
  assert_contains "$WORK/out.txt" "source damaged: none of the 2 copies of Python-3.99.0.tar.xz can be used"
  assert_contains "$WORK/out.txt" "$good is damaged"
  assert_not_contains "$WORK/out.txt" "skipped build"
  assert_not_contains "$WORK/out.txt" "skipped: source damaged"
done
assert_contains "$WORK/out.txt" "A damaged source is never skipped (--skip-missing included)"
assert_eq "$(ls -d "$WORK"/cache/builds/3.99.0-* | wc -l)" 1 "nothing more cached"
echo "ok"
