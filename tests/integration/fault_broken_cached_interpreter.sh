#!/usr/bin/env bash
# A cached build whose files are all there but whose interpreter does not run
# (a stdlib file deleted: Python dies with "No module named 'encodings'"):
# the probe failure marks the entry damaged, it is built again once, and the
# error's own line is shown, not only "<no Python frame>".
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99"
TOML

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
assert_eq "$status" 0 "first build"
entry=$(ls -d "$WORK"/cache/builds/3.99.0-*)
broken_python() {
  cat > "$entry/install/bin/python3" <<'SH'
#!/bin/sh
cat >&2 <<'ERR'
Fatal Python error: init_fs_encoding: failed to get the Python codec of the filesystem encoding
Python runtime state: core initialized
ModuleNotFoundError: No module named 'encodings'

Current thread 0x00007f0000000000 (most recent call first):
  <no Python frame>
ERR
exit 1
SH
}
broken_python

run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "the broken cached build is built again"
assert_contains "$WORK/out.txt" "was damaged (its interpreter does not run"
assert_contains "$WORK/out.txt" "No module named 'encodings'"
assert_contains "$WORK/out.txt" "1 compiled now"
run_gilmatrix cache list --cache "$WORK/cache"
assert_not_contains "$WORK/out.txt" "damaged"

# Source no longer at hand (offline, mirror gone): the cached build is used
# unrechecked, fails, and is shown damaged with what to do.
broken_python
rm -rf "$WORK/mirror/cpython"
run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 3 "a broken cached build without its source"
assert_contains "$WORK/out.txt" "No module named 'encodings'"
run_gilmatrix cache list --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_contains "$WORK/out.txt" "its interpreter does not run"
echo "ok"
