#!/usr/bin/env bash
# A cached package environment whose bin/python is dangling, or leads to
# another interpreter than the build's, is not reused as it is: it is made
# again, and the run says when and why.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/tiny_pkg"
PYENV_ROOT=${PYENV_ROOT:-$HOME/.pyenv}

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "3.12.1"
interpreter = "3.12.1"
[[packages]]
name = "tiny"
requirements = ["$WORK/tiny_pkg"]
TOML
opts=(--cache "$WORK/cache" --offline)
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out1" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "first run"
env_dir=$(dirname "$(dirname "$(ls "$WORK"/cache/venvs/*/bin/python)")")

# A dangling bin/python.
ln -sfn "$WORK/nowhere/python" "$env_dir/bin/python"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out2" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "a dangling interpreter is made again"
assert_contains "$WORK/out.txt" "made again: its bin/python does not lead to an interpreter"
[ -e "$env_dir/bin/python" ] || fail "the environment was not made again"

# bin/python leading to another interpreter (3.13.0, without the package).
ln -sfn "$PYENV_ROOT/versions/3.13.0/bin/python3" "$env_dir/bin/python"
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out3" "${opts[@]}"
cat "$WORK/out.txt"
assert_eq "$status" 0 "another interpreter is noticed and the environment made again"
assert_contains "$WORK/out.txt" "made again: its bin/python is $(realpath "$PYENV_ROOT/versions/3.13.0/bin/python3"), not the build's interpreter"
[ "$(realpath "$env_dir/bin/python")" = "$(realpath "$PYENV_ROOT/versions/3.12.1/bin/python3")" ] || fail "still $(realpath "$env_dir/bin/python")"

# A healthy environment is reused without a word.
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out4" "${opts[@]}"
assert_eq "$status" 0 "reuse"
assert_not_contains "$WORK/out.txt" "made again"
echo "ok"
