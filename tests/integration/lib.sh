# Shared helpers for the integration tests: each test is a bash script that
# runs the real gilmatrix binary ($GILMATRIX) and checks what it wrote.
set -euo pipefail

: "${GILMATRIX:?set by CTest}"
: "${SOURCE_DIR:?set by CTest}"
TEST_WORKLOADS="$SOURCE_DIR/tests/integration/workloads"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-it.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
assert_eq() { [ "$1" == "$2" ] || fail "${3:-values differ}: expected '$2', got '$1'"; }
assert_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' does not contain '$2'"; }; }
assert_not_contains() { ! grep -qF -- "$2" "$1" || fail "'$1' contains '$2'"; }
json() { jq -r "$1" "$2"; }

# Runs gilmatrix, keeping its exit code in $status and its output in $WORK/out.txt.
run_gilmatrix() {
  set +e
  "$GILMATRIX" "$@" > "$WORK/out.txt" 2>&1
  status=$?
  set -e
}

# A matrix over the pyenv interpreters 3.12.1 and 3.13.0 (GIL builds), with
# extra TOML appended from stdin.
write_matrix() {
  local file=$1
  cat > "$file"
}

require_pyenv_interpreters() {
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  for v in 3.12.1 3.13.0; do
    [ -x "$root/versions/$v/bin/python3" ] || fail "this test needs pyenv's $v in $root/versions"
  done
}

no_harness_left() {
  # Nothing started by this test's runs may still be alive.
  local left
  left=$(pgrep -f "gilmatrix/harness/.*/runner.py.*$WORK" || true)
  [ -z "$left" ] || { ps -fp $left >&2 || true; fail "harness processes left behind: $left"; }
}
