#!/usr/bin/env bash
# ccache wraps the compiler for git sources (rebuilt often, mostly unchanged),
# with CCACHE_NOHASHDIR so a rebuild in another work directory can hit, and
# not for release tarballs (compiled once per key, where ccache's misses only
# cost). The fake CPython's make prints the compiler it was given.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
command -v ccache > /dev/null || { echo "SKIP: ccache is not installed"; exit 77; }
make_fake_mirror "$WORK/mirror" 0

tree="$WORK/fake-src/Python-3.99.0"
sed -i 's|^all:|all:\n\t@echo "compiler: CC=$$CC CCACHE_NOHASHDIR=$$CCACHE_NOHASHDIR"|' "$tree/Makefile.in"
grep -q 'compiler: CC=' "$tree/Makefile.in" || fail "could not patch the fake Makefile"
tar -C "$WORK/fake-src" -cJf "$WORK/mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0
git -C "$tree" init -q -b main
git -C "$tree" -c user.name=t -c user.email=t@example.invalid add -A
git -C "$tree" -c user.name=t -c user.email=t@example.invalid commit -qm fake

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "tarball"
version = "3.99.0"
[[build]]
name = "git"
git = { url = "$tree", ref = "main" }
TOML
run_gilmatrix build "$WORK/m.toml" --cache "$WORK/cache" --mirror "$WORK/mirror" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "both builds"
release=$(ls -d "$WORK"/cache/builds/3.99.0-*)
git_build=$(ls -d "$WORK"/cache/builds/git-*)
assert_eq "$(jq -r .ccache "$release/build.json")" false "no ccache for a release tarball"
assert_eq "$(jq -r .ccache "$git_build/build.json")" true "ccache for a git source"
assert_contains "$release/build.log" "compiler: CC=gcc CCACHE_NOHASHDIR="
assert_contains "$git_build/build.log" "compiler: CC=ccache gcc CCACHE_NOHASHDIR=1"
echo "ok"
