#!/usr/bin/env bash
# Ctrl-C while pip builds a package under `gilmatrix check`: exit 130, no
# process and no temporary file left, and nothing cached, so the next check
# installs for real instead of repeating "install failed". An install that
# never finishes is stopped at --install-timeout and is not cached either.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/pkg"
echo "$WORK/hold" > "$WORK/pkg/hold_path.txt"  # the build hangs while $WORK/hold exists
opts=(--python 3.13.0 --cache "$WORK/cache")
export TMPDIR="$WORK/tmp"  # where gilmatrix, venv and pip would leave temporary files
mkdir -p "$TMPDIR"

touch "$WORK/hold"
"$GILMATRIX" check "$WORK/pkg" "${opts[@]}" > "$WORK/first.txt" 2>&1 & pid=$!
wait_until 120 test -e "$WORK/hold.started"
[ -e "$WORK/hold.started" ] || { cat "$WORK/first.txt"; fail "pip never started building the package"; }
kill -INT $pid
set +e; wait $pid; status=$?; set -e
cat "$WORK/first.txt"
assert_eq "$status" 130 "check after Ctrl-C"
[ -z "$(ls "$WORK/cache/venvs")" ] || fail "the interrupted environment was kept: $(ls "$WORK/cache/venvs")"
[ -z "$(ls -A "$TMPDIR")" ] || fail "temporary files left behind: $(ls -A "$TMPDIR")"

rm "$WORK/hold" "$WORK/hold.started"
run_gilmatrix check "$WORK/pkg" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "check after the interrupted one"
assert_contains "$WORK/out.txt" "$WORK/pkg installed"
assert_contains "$WORK/out.txt" "no extension modules installed"

# A build that never ends, with a short --install-timeout: a failure, reported
# quickly, and not cached (a longer timeout may let it pass).
cp -r "$WORK/pkg" "$WORK/pkg2" && touch "$WORK/hold"
run_gilmatrix check "$WORK/pkg2" "${opts[@]}" --install-timeout 3s
cat "$WORK/out.txt"
assert_eq "$status" 1 "an install that timed out is a finding"
assert_contains "$WORK/out.txt" "install failed"
assert_contains "$WORK/out.txt" "timed out after 3."
assert_contains "$WORK/out.txt" "not cached, an install timed out"
rm "$WORK/hold"
run_gilmatrix check "$WORK/pkg2" "${opts[@]}"
assert_eq "$status" 0 "the same package once its build can finish"
[ -z "$(ls -A "$TMPDIR")" ] || fail "temporary files left behind: $(ls -A "$TMPDIR")"
echo "ok"
