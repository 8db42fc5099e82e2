# Shared helpers for the integration tests: each test is a bash script that
# runs the real gilmatrix binary ($GILMATRIX) and checks what it wrote.
set -euo pipefail

: "${GILMATRIX:?set by CTest}"
: "${SOURCE_DIR:?set by CTest}"
TEST_WORKLOADS="$SOURCE_DIR/tests/integration/workloads"
# gilmatrix prints mirror paths canonicalized; so do the tests.
if [ -n "${SHARED_MIRROR:-}" ]; then SHARED_MIRROR=$(realpath -m "$SHARED_MIRROR"); fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gilmatrix-it.XXXXXX")
touch "$WORK/.started"
# Each test measures under a lock of its own: a test never queues behind
# another gilmatrix run on the machine (measurement_is_checked tests the lock).
export GILMATRIX_MEASURING_LOCK="$WORK/measuring.lock"

# Processes this test started that are still alive: their command line names
# $WORK, or they run in it. (Every run writes under $WORK, so its harness,
# pip and build processes name it.)
processes_of_this_test() {
  local pid here=$BASHPID parent
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] || [ "$pid" = "$here" ] && continue
    parent=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null) || continue
    [ "$parent" = "$here" ] && continue  # this function's own helpers (grep, tr)
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$WORK" ||
       [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$WORK"* ]]; then
      echo "$pid"
    fi
  done
}

# gcc's temporary files (cc*) and copies of local requirements (gilmatrix-src-*)
# made since this test started and still there, outside $WORK: a build or an
# install keeps its scratch in the cache (issue 22 item 16). $TMPDIR is the
# suite's own (<build>/test-tmp), so any cc* there is the suite's; in the shared
# /tmp, where other people's compilers write, only gilmatrix's names count.
temporary_files_left_behind() {
  if [ -n "${TMPDIR:-}" ] && [ -d "$TMPDIR" ] && [ "$(realpath "$TMPDIR")" != /tmp ]; then
    find "$TMPDIR" -maxdepth 1 -mindepth 1 -newer "$WORK/.started" \( -name 'cc*' -o -name 'gilmatrix-src-*' \) \
      2>/dev/null || true
  fi
  find /tmp -maxdepth 1 -mindepth 1 -user "$(id -u)" -newer "$WORK/.started" -name 'gilmatrix-src-*' 2>/dev/null || true
}

# Extra clean-up a test registers (e.g. unmounting what it mounted), run first.
EXIT_HOOKS=()
on_exit() { EXIT_HOOKS+=("$1"); }

finish() {
  local rc=$? hook left pid
  for hook in "${EXIT_HOOKS[@]}"; do eval "$hook" || true; done
  # A killed gilmatrix's jobs end a moment after it: give them ten seconds.
  for _ in $(seq 100); do
    left=$(processes_of_this_test)
    [ -z "$left" ] && break
    sleep 0.1
  done
  if [ -n "$left" ]; then
    echo "FAIL: processes started by this test are still running:" >&2
    for pid in $left; do echo "  $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" >&2; kill -KILL "$pid" 2>/dev/null; done
    rc=1
  fi
  left=$(temporary_files_left_behind)
  if [ -n "$left" ]; then
    echo "FAIL: temporary files left outside the test's directory (gcc's cc*, gilmatrix-*):" >&2
    echo "$left" | sed 's/^/  /' >&2
    rc=1
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap finish EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
assert_eq() { [ "$1" == "$2" ] || fail "${3:-values differ}: expected '$2', got '$1'"; }
assert_contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' does not contain '$2'"; }; }
# A row of a plain-text table (util/text_table): the cells in order, two or more spaces between.
assert_row() {
  local file=$1 pattern="" cell
  shift
  for cell in "$@"; do
    cell=$(printf '%s' "$cell" | sed 's/[][\.*^$(){}?+|/]/\\&/g')
    pattern+=${pattern:+ {2,\}}$cell
  done
  grep -qE -- "$pattern" "$file" || { echo "--- $file:" >&2; cat "$file" >&2; fail "'$file' has no row: $*"; }
}
assert_not_contains() { ! grep -qF -- "$2" "$1" || fail "'$1' contains '$2'"; }
json() { jq -r "$1" "$2"; }

# Runs COMMAND... (its output discarded) every 0.05 s until it succeeds or
# SECONDS pass; returns either way: the caller's assertions say what should
# have happened. Usage: wait_until SECONDS COMMAND...
wait_until() {
  local tries
  tries=$(awk -v s="$1" 'BEGIN { print int(s / 0.05) }')
  shift
  for _ in $(seq "$tries"); do
    "$@" > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  return 0
}

# The command's status reversed, for wait_until: `wait_until 5 not kill -0 $pid`.
not() { ! "$@"; }

# Waits up to $3 seconds until file $1 contains $2 (returns either way).
wait_for_output() { wait_until "$3" grep -qF -- "$2" "$1"; }

# Every measured cell of results file $1 kept the samples its matrix asked for,
# or fewer where its last rounds were disturbed (a busy machine: its stop reason
# says so), or every round was and the cell is flagged. On failure, each cell's
# samples, stop reason and the notes of its rounds set aside.
assert_samples_kept() {
  local ok
  ok=$(jq '[.cells[] | select(.status == "ok") | (.samples | length) == .repeats or .disturbed
            or ((.stop_reason // "") | test("further rounds were disturbed"))] | all' "$1")
  if [ "$ok" != true ]; then
    jq -r '.cells[] | "\(.key): \(.samples | length) of \(.repeats) samples; \(.stop_reason // "")",
           (.attempts[] | select(.kept == false) | "    set aside: \(.note)")' "$1" >&2
    fail "${2:-samples kept}"
  fi
}

# Runs gilmatrix, keeping its exit code in $status and its output in $WORK/out.txt.
run_gilmatrix() {
  set +e
  "$GILMATRIX" "$@" > "$WORK/out.txt" 2>&1
  status=$?
  set -e
}

# A matrix measuring on pyenv's 3.13.0, one worker, one sample, the given
# timeout (default 120s), with the workloads (TOML) from stdin.
one_sample_matrix() {
  local file=$1 timeout=${2:-120s}
  { printf 'schema = 1\n[defaults]\nworkers = [1]\nrepeats = 1\ntimeout = "%s"\n' "$timeout"
    interpreter_build 3.13.0
    cat; } > "$file"
}

# Skips the test (exit 77 to CTest, with the reason) where pyenv's 3.12.1 or
# 3.13.0 is absent: a machine without pyenv runs the rest of the fast suite.
require_pyenv_interpreters() {
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  for v in 3.12.1 3.13.0; do
    [ -x "$root/versions/$v/bin/python3" ] || { echo "SKIP: this test needs pyenv's $v in $root/versions"; exit 77; }
  done
}

no_harness_left() {
  # Nothing started by this test's runs may still be alive.
  local left
  left=$(pgrep -f "gilmatrix/harness/.*/runner.py.*$WORK" || true)
  [ -z "$left" ] || { ps -fp $left >&2 || true; fail "harness processes left behind: $left"; }
}

# A mirror holding the fake CPython (tests/fixtures/fake-cpython) as
# cpython/Python-3.99.0.tar.xz; its make sleeps $2 seconds, and fills the
# file $3 until the disk is full, once, while "$3.once" exists.
make_fake_mirror() {
  local mirror=$1 delay=${2:-0} fill=${3:-}
  local tree="$WORK/fake-src/Python-3.99.0"
  rm -rf "$WORK/fake-src" && mkdir -p "$tree" "$mirror/cpython"
  cp "$SOURCE_DIR/tests/fixtures/fake-cpython/configure" "$SOURCE_DIR/tests/fixtures/fake-cpython/Makefile.in" \
    "$SOURCE_DIR/tests/fixtures/fake-cpython/python3.in" "$tree/"
  echo 3.99.0 > "$tree/claimed-version"
  echo "$delay" > "$tree/delay"
  echo "$fill" > "$tree/fill-path"
  echo "${PYENV_ROOT:-$HOME/.pyenv}/versions/3.13.0/bin/python3" > "$tree/real-python"
  mkdir -p "$tree/Include" && echo '#define PY_VERSION "3.99.0"' > "$tree/Include/patchlevel.h"
  tar -C "$WORK/fake-src" -cJf "$mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0
}

# The shared mirror with the real CPython 3.13.15 tarball; tests that need it
# are skipped (exit 77) where it is absent.
require_shared_mirror() {
  [ -f "${SHARED_MIRROR:-}/cpython/Python-3.13.15.tar.xz" ] || { echo "SKIP: no $SHARED_MIRROR"; exit 77; }
}

count_lines() { grep -cF -- "$2" "$1" || true; }

# A fixture test's build: matrix $1 built from the shared mirror into the
# default cache (where later tests find it), then again, which must compile
# nothing and say "build $2: $3, from the build cache". Output in $WORK/out.txt.
build_fixture_twice() {
  "$GILMATRIX" build "$1" --mirror "$SHARED_MIRROR" --offline
  run_gilmatrix build "$1" --mirror "$SHARED_MIRROR" --offline
  cat "$WORK/out.txt"
  assert_eq "$status" 0 "second build"
  assert_contains "$WORK/out.txt" "1 builds: 0 compiled now, 1 ready"
  assert_contains "$WORK/out.txt" "build $2: $3, from the build cache"
}

# Debian's python3 (with python3-yaml), not whatever `python3` a pyenv shim picks.
PY=/usr/bin/python3
# Parses JUnit XML, SVG charts and a report's image links (see check_outputs.py).
check_outputs() { "$PY" "$SOURCE_DIR/tests/integration/check_outputs.py" "$@"; }

# A quick-style matrix on pyenv's 3.12.1 and 3.13.0 for tests of what comes
# after measuring (reports, comparisons, shards): the tiny workload with threads
# and processes at 1 and 2 workers, cheap to measure (no calibration, cells side
# by side, one attempt); TOML from stdin is appended (give </dev/null for none).
write_pyenv_matrix() {
  local file=$1 name=$2
  { cat <<TOML
schema = 1
name = "$name"
[defaults]
sample-time = "off"
isolation = "packed"
attempts = 1
workers = [1, 2]
repeats = 3
timeout = "60s"
TOML
    interpreter_build 3.12.1
    interpreter_build 3.13.0
    tiny_cpu_workload '["threads", "processes"]'
    cat; } > "$file"
}

# The workflow files' steps (examples/github/nightly.yml, action.yml) through
# workflow_steps.py, and a runner of our own for their `run:` scripts.
workflow_steps() { "$PY" "$SOURCE_DIR/tests/integration/workflow_steps.py" "$@"; }
executed_steps=()
# run_step FILE JOB STEP [EXPRESSION=VALUE...]: the step's script, verbatim, as
# GitHub runs it (bash -eo pipefail) in $WORK/ci with its env and gilmatrix on
# PATH (what the build step adds); exit code in $status, output in $WORK/out.txt.
run_step() {
  local file=$1 job=$2 name=$3 envs
  shift 3
  workflow_steps script "$file" "$job" "$name" > "$WORK/step.sh" || fail "no step $job/$name in $file"
  envs=$(workflow_steps env "$file" "$job" "$name" "$@") || fail "the env of $job/$name"
  mkdir -p "$WORK/ci" "$WORK/bin"
  ln -sf "$GILMATRIX" "$WORK/bin/gilmatrix"
  set +e
  (cd "$WORK/ci" && eval "$envs" && PATH="$WORK/bin:$PATH" bash --noprofile --norc -eo pipefail "$WORK/step.sh") \
    > "$WORK/out.txt" 2>&1
  status=$?
  set -e
  executed_steps+=("$job/$name")
}

# The pieces of a test matrix, each printing its TOML; a test writes its matrix as
#   { quick_matrix_header "[1, 2]" 3 'timeout = "30s"'; interpreter_build 3.13.0; tiny_cpu_workload; } > m.toml
# with what is special to it inline (a heredoc inside the braces).

# The start of a quick test matrix: schema and a [defaults] without calibration.
# $1: workers (default [1]), $2: repeats (default 1), then further [defaults] lines.
quick_matrix_header() {
  printf 'schema = 1\n[defaults]\nsample-time = "off"\nworkers = %s\nrepeats = %s\n' "${1:-[1]}" "${2:-1}"
  if [ $# -gt 2 ]; then printf '%s\n' "${@:3}"; fi
}

# A [[build]] of an existing interpreter: $1 the name, $2 the interpreter (default: the name).
interpreter_build() {
  printf '[[build]]\nname = "%s"\ninterpreter = "%s"\n' "$1" "${2:-$1}"
}

# A [[workload]] running tests/integration/workloads/$2 as $1; $3: executors (empty:
# the matrix's default), then further lines of the entry.
test_workload() {
  printf '[[workload]]\nname = "%s"\nfile = "%s"\n' "$1" "$TEST_WORKLOADS/$2"
  if [ -n "${3:-}" ]; then printf 'executors = %s\n' "$3"; fi
  if [ $# -gt 3 ]; then printf '%s\n' "${@:4}"; fi
}

# The sanitised free-threaded 3.14 build (`3.14t-tsan`, ThreadSanitizer) and the
# `counters` package set of the racy_counter and atomic_counter fixtures;
# $1: a stress file for the set (none when empty).
tsan_counters() {
  local fixtures="$SOURCE_DIR/tests/fixtures"
  printf '[[build]]\nname = "3.14t-tsan"\nversion = "3.14"\nfree-threaded = true\nsanitizer = "thread"\n'
  printf '[[packages]]\nname = "counters"\nrequirements = ["%s", "%s"]\n' \
    "$fixtures/extensions/racy_counter" "$fixtures/extensions/atomic_counter"
  if [ -n "${1:-}" ]; then printf 'stress = "%s"\n' "$1"; fi
}

# A [[workload]] running tiny_cpu.py; $1: executors (default: the matrix's default).
tiny_cpu_workload() { test_workload tiny-cpu tiny_cpu.py "${1:-}"; }

# A world where 3.14 cannot be had offline, whatever this machine's cache holds:
# a mirror at $1 with only the shared mirror's 3.13.15 tarball and its sdists
# (linked), and a cache at $2 whose builds are the 3.13.15 and 3.13.15t entries
# of the default cache (linked; built by the source_builds fixture). A cached
# 3.14.x build would otherwise stand in for the missing tarball.
mirror_and_cache_without_3_14() {
  local mirror=$1 cache=$2 entry root=${GILMATRIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gilmatrix}
  mkdir -p "$mirror/cpython" "$cache/builds"
  ln -s "$SHARED_MIRROR/cpython/Python-3.13.15.tar.xz" "$mirror/cpython/Python-3.13.15.tar.xz"
  ln -s "$SHARED_MIRROR/sdists" "$mirror/sdists"
  for entry in "$root"/builds/3.13.15-* "$root"/builds/3.13.15t-*; do
    if [ -d "$entry" ]; then ln -s "$entry" "$cache/builds/$(basename "$entry")"; fi
  done
}
