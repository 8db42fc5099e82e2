#!/usr/bin/env bash
# Two builds of one key at once: one compiles, the other waits and reuses it.
# A build killed with SIGKILL half way is never reused; the next run rebuilds cleanly.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 3
opts=(--cache "$WORK/cache" --mirror "$WORK/mirror" --offline)
cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99.0"
TOML

"$GILMATRIX" build "$WORK/m.toml" "${opts[@]}" > "$WORK/a.txt" 2>&1 & a=$!
sleep 0.5
"$GILMATRIX" build "$WORK/m.toml" "${opts[@]}" > "$WORK/b.txt" 2>&1 & b=$!
wait $a || fail "first build failed: $(cat "$WORK/a.txt")"
wait $b || fail "second build failed: $(cat "$WORK/b.txt")"
cat "$WORK/a.txt" "$WORK/b.txt" > "$WORK/both.txt"
cat "$WORK/both.txt"
assert_eq "$(count_lines "$WORK/both.txt" "not in the cache; building as")" 1 "exactly one build"
assert_contains "$WORK/b.txt" "another gilmatrix is building"
assert_contains "$WORK/b.txt" "from the build cache"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 1 "one cache entry"

# Kill a build of another key (free-threaded) in the middle of make.
cat > "$WORK/ft.toml" <<TOML
schema = 1
[[build]]
name = "fake-t"
version = "3.99.0"
configure = ["--with-pydebug"]
TOML
"$GILMATRIX" build "$WORK/ft.toml" "${opts[@]}" > "$WORK/k.txt" 2>&1 & k=$!
wait_for_output "$WORK/k.txt" "make -j" 10
sleep 0.5
kill -KILL $k
wait $k 2>/dev/null || true
ls -d "$WORK"/cache/builds/.staging-* > /dev/null 2>&1 || fail "expected the killed build's staging directory"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 1 "the killed build is not in the cache"
run_gilmatrix cache list --cache "$WORK/cache"
assert_eq "$(count_lines "$WORK/out.txt" "3.99.0-")" 1 "cache list shows only the complete build"

run_gilmatrix build "$WORK/ft.toml" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "rebuild after the kill"
assert_contains "$WORK/out.txt" "1 compiled now"
ls -d "$WORK"/cache/builds/.staging-* > /dev/null 2>&1 && fail "leftovers of the killed build remain"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 2 "both builds cached"

# cache prune: recent builds stay, a named key goes (not in a dry run), --all empties the cache.
key=$(ls "$WORK/cache/builds" | head -1)
run_gilmatrix cache prune --cache "$WORK/cache"
assert_contains "$WORK/out.txt" "0 builds, 0 other entries, 0 MiB freed"
run_gilmatrix cache prune --cache "$WORK/cache" --key "$key" --dry-run
assert_contains "$WORK/out.txt" "would remove $key"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 2 "dry run removes nothing"
run_gilmatrix cache prune --cache "$WORK/cache" --key "$key"
assert_contains "$WORK/out.txt" "removed $key"
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 1 "named key removed"
run_gilmatrix cache prune --cache "$WORK/cache" --all
assert_eq "$(ls "$WORK/cache/builds" | wc -l)" 0 "--all empties the cache"
echo "ok"
