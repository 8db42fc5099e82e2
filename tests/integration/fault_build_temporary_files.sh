#!/usr/bin/env bash
# gcc's temporary files (the fake make leaves one, as a gcc killed mid-compile
# does) and copies of local requirements stay out of $TMPDIR: a build's TMPDIR
# is inside its staging directory, removed with it when the build ends, is
# interrupted, or is found killed by the next build.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 4
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"
nothing_in_tmp() { [ -z "$(ls -A "$WORK/tmp")" ] || fail "$1: left in TMPDIR: $(ls -A "$WORK/tmp")"; }

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99"
TOML

start_build() {
  "$GILMATRIX" build "$WORK/m.toml" "${opts[@]}" > "$WORK/b.txt" 2>&1 & b=$!
  wait_for_output "$WORK/b.txt" "make -j" 10
  sleep 1
}

# Ctrl-C during make.
start_build
kill -INT $b
wait $b 2>/dev/null || true
cat "$WORK/b.txt"
nothing_in_tmp "an interrupted build"
[ -z "$(find "$WORK/cache" -name 'cc-fake-*')" ] || fail "an interrupted build's temporary files remain"

# SIGKILL during make: the next build removes the staging and its temporary files.
start_build
kill -KILL $b
wait $b 2>/dev/null || true
nothing_in_tmp "a killed build"
run_gilmatrix build "$WORK/m.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "a build after the kill"
nothing_in_tmp "a completed build"
[ -z "$(find "$WORK/cache" -name 'cc-fake-*')" ] || fail "temporary files kept: $(find "$WORK/cache" -name 'cc-fake-*')"
echo "ok"
