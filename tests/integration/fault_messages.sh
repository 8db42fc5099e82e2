#!/usr/bin/env bash
# Messages that said the wrong thing (issue 22 item 17): SIGTERM is not called
# Ctrl-C and an interrupted build is not a failed one; "the other builds were
# measured" only when some were; `merge A B --out A` does not overwrite a
# shard; a huge name is not echoed in full; bidi controls are escaped.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

# SIGTERM during a build's make: status "interrupted", its reason names
# SIGTERM, no failed-build log is kept, exit 130.
make_fake_mirror "$WORK/mirror" 60
{ quick_matrix_header; printf '[[build]]\nname = "fake"\nversion = "3.99"\n'; tiny_cpu_workload; } > "$WORK/m.toml"
"$GILMATRIX" run "$WORK/m.toml" --cache "$WORK/cache" --mirror "$WORK/mirror" --offline --out "$WORK/built" \
  > "$WORK/build.txt" 2>&1 &
pid=$!
wait_for_output "$WORK/build.txt" "building as" 30
sleep 2  # into make's sleep
kill -TERM $pid
set +e
wait $pid
status=$?
set -e
cat "$WORK/build.txt"
assert_eq "$status" 130 "exit code after SIGTERM during a build"
r="$WORK/built/results.json"
assert_eq "$(json '.builds[0].status' "$r")" interrupted "an interrupted build's status"
json '.builds[0].reason' "$r" | grep -q "stopped by SIGTERM" || fail "the reason does not name SIGTERM"
assert_not_contains "$WORK/build.txt" "Ctrl-C"
assert_not_contains "$WORK/build.txt" "build failed"
[ -z "$(ls -A "$WORK/cache/failed-builds" 2> /dev/null)" ] || fail "an interrupted build left a failed-build log"

# No build could be had: never "the other builds were measured".
{ quick_matrix_header; printf '[[build]]\nname = "nowhere"\ninterpreter = "python3.99-nope"\n'; tiny_cpu_workload; } \
  > "$WORK/none.toml"
run_gilmatrix run "$WORK/none.toml" --out "$WORK/none"
assert_eq "$status" 3 "no build at all"
assert_contains "$WORK/out.txt" "1 of 1 builds could not be had"
assert_contains "$WORK/out.txt" "no build was measured"
assert_not_contains "$WORK/out.txt" "the other builds were measured"

# merge into one of its own shards: refused, the shard untouched.
mkdir -p "$WORK/s1" "$WORK/s2"
cp "$SOURCE_DIR/tests/data/results_two_builds.json" "$WORK/s1/results.json"
cp "$SOURCE_DIR/tests/data/results_two_builds.json" "$WORK/s2/results.json"
before=$(sha256sum "$WORK/s1/results.json")
run_gilmatrix merge "$WORK/s1" "$WORK/s2" --out "$WORK/s1"
assert_eq "$status" 2 "merge --out a shard's folder"
assert_contains "$WORK/out.txt" "merging into it would replace that shard's own results"
assert_eq "$(sha256sum "$WORK/s1/results.json")" "$before" "the shard's results are untouched"

# A 1 MB name is echoed cut, with its size; U+202E is shown as \u202e.
{ echo "schema = 1"; printf 'name = "%s"\n' "$(head -c 1000000 /dev/zero | tr '\0' x)";
  printf '[[build]]\nname = "3.13.0"\ninterpreter = "3.13.0"\n'; } > "$WORK/huge.toml"
run_gilmatrix validate "$WORK/huge.toml"
assert_eq "$status" 2 "a 1 MB name"
assert_contains "$WORK/out.txt" "... (1000000 bytes in all)"
[ "$(wc -c < "$WORK/out.txt")" -lt 2000 ] || fail "the huge name was echoed: $(wc -c < "$WORK/out.txt") bytes"
printf 'schema = 1\nname = "gil\xe2\x80\xaeoff"\n[[build]]\nname = "3.13.0"\ninterpreter = "3.13.0"\n' > "$WORK/bidi.toml"
run_gilmatrix validate "$WORK/bidi.toml"
assert_eq "$status" 2 "a bidi override in a name"
assert_contains "$WORK/out.txt" 'gil\u202eoff'
! grep -q $'\xe2\x80\xae' "$WORK/out.txt" || fail "U+202E passed through unescaped"
echo "ok"
