#!/usr/bin/env bash
# pip keeps its wheel cache inside gilmatrix's cache, one per interpreter
# build, and neither reads nor writes the user's own pip cache or
# configuration; everything pip was told is recorded in results.json.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters

# An sdist of the fixture package in an offline mirror.
mkdir -p "$WORK/src" "$WORK/mirror/sdists"
cp -r "$SOURCE_DIR/tests/fixtures/packages/tiny_pkg" "$WORK/src/tiny_pkg-1.0"
tar -C "$WORK/src" -czf "$WORK/mirror/sdists/tiny_pkg-1.0.tar.gz" tiny_pkg-1.0

# A home whose pip configuration would make every install fail, were it read.
export HOME="$WORK/home"
mkdir -p "$HOME/.config/pip"
printf '[install]\nrequire-hashes = true\n' > "$HOME/.config/pip/pip.conf"
unset XDG_CACHE_HOME XDG_CONFIG_HOME PIP_CACHE_DIR PIP_CONFIG_FILE

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "3.12.1"
interpreter = "3.12.1"
[[build]]
name = "3.13.0"
interpreter = "3.13.0"
[[packages]]
name = "tiny"
requirements = ["tiny-pkg==1.0"]
TOML
run_gilmatrix run "$WORK/m.toml" --out "$WORK/out" --cache "$WORK/cache" --mirror "$WORK/mirror"
cat "$WORK/out.txt"
assert_eq "$status" 0 "run with a package set"
r="$WORK/out/results.json"
assert_eq "$(json '[.installs[] | select(.ok)] | length' "$r")" 2 "installed on both builds"

[ ! -e "$HOME/.cache/pip" ] || fail "pip wrote the user's cache: $(find "$HOME/.cache/pip" | head)"
assert_eq "$(ls "$WORK/cache/pip" | wc -l)" 2 "one wheel cache per build"
for dir in "$WORK"/cache/pip/*; do
  find "$dir" -name 'tiny_pkg-1.0-py3-none-any.whl' | grep -q . || fail "no wheel cached in $dir"
done
for build in 3.12.1 3.13.0; do
  options=$(jq -r --arg b "$build" '.environments[] | select(.build == $b) | .pip_options | join(" ")' "$r")
  dir=$(echo "$options" | grep -o "PIP_CACHE_DIR=[^ ]*" | cut -d= -f2)
  [[ "$dir" == "$WORK/cache/pip/"* ]] || fail "$build: pip's cache is not recorded: $options"
  [ -d "$dir" ] || fail "$build: the recorded cache $dir does not exist"
  for expected in PIP_CONFIG_FILE=/dev/null PIP_NO_INPUT=1 --no-index "--find-links $WORK/mirror/sdists"; do
    [[ " $options " == *" $expected "* ]] || fail "$build: '$expected' not recorded in: $options"
  done
done
[ "$(jq -r '.environments[0].pip_options[0]' "$r")" != "$(jq -r '.environments[1].pip_options[0]' "$r")" ] ||
  fail "two builds share one wheel cache"
echo "ok"
