#!/usr/bin/env bash
# Installing a local package directory never writes into it: gilmatrix builds
# a writable copy, so the user's checkout gets no build/, *.egg-info or
# __pycache__, and a read-only checkout installs as well (for root, which
# writes anyway, the before/after listings are what prove it). Checked for
# `check` and for `run`, on pyenv's 3.13.0 with setuptools from the shared
# mirror, in a cache of the test's own so the environments are really installed.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
require_pyenv_interpreters
F="$SOURCE_DIR/tests/fixtures/extensions"

# Every path with its type, size, mode and content hash: any write shows.
listing() { (cd "$1" && find . -printf '%p %y %s %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

mkdir -p "$WORK/src"
cp -r "$F/gil_free" "$F/two_modules" "$WORK/src/"
chmod -R a-w "$WORK/src"
trap 'chmod -R u+w "$WORK"; rm -rf "$WORK"' EXIT
listing "$WORK/src" > "$WORK/before-copy.txt"
listing "$F/gil_free" > "$WORK/before-fixture.txt"

run_gilmatrix check "$WORK/src/gil_free" --python 3.13.0 --mirror "$SHARED_MIRROR" --offline --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_eq "$status" 0 "check of a read-only checkout"
assert_row "$WORK/out.txt" gil_free importable

run_gilmatrix check "$F/gil_free" --python 3.13.0 --mirror "$SHARED_MIRROR" --offline --cache "$WORK/cache"
assert_eq "$status" 0 "check of the fixture itself"

cat > "$WORK/m.toml" <<TOML
schema = 1
[defaults]
workers = [1]
repeats = 1
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[packages]]
name = "local"
requirements = ["./src/two_modules", "./src/gil_free"]
[[workload]]
name = "tiny-cpu"
file = "$TEST_WORKLOADS/tiny_cpu.py"
executors = ["threads"]
TOML
chmod u+w "$WORK"
run_gilmatrix run "$WORK/m.toml" --mirror "$SHARED_MIRROR" --offline --cache "$WORK/cache" --out "$WORK/out"
tail -5 "$WORK/out.txt"
assert_eq "$status" 0 "run with local directories"
assert_eq "$(json '[.installs[] | .ok] | all' "$WORK/out/results.json")" true "both installed"
assert_eq "$(json '.environments[0].reused' "$WORK/out/results.json")" false "installed by this run"

listing "$WORK/src" > "$WORK/after-copy.txt"
listing "$F/gil_free" > "$WORK/after-fixture.txt"
diff "$WORK/before-copy.txt" "$WORK/after-copy.txt" || fail "the read-only checkout changed"
diff "$WORK/before-fixture.txt" "$WORK/after-fixture.txt" || fail "the fixture directory changed"
echo "ok"
