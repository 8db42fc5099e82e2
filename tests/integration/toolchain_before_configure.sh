#!/usr/bin/env bash
# 3.14's configure options that need LLVM 19 / clang 19, which Debian 12 lacks:
# the build stops before configure with what to install, not after a failed
# make whose reason is buried in the log.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
[ -f "$SHARED_MIRROR/cpython/Python-3.14.7.tar.xz" ] || { echo "SKIP: no 3.14.7 in $SHARED_MIRROR"; exit 77; }
if clang-19 --version > /dev/null 2>&1; then echo "SKIP: clang 19 is installed here"; exit 77; fi

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "3.14-jit"
version = "3.14.7"
configure = ["--enable-experimental-jit"]
[[build]]
name = "3.14-tail-call"
version = "3.14.7"
configure = ["--with-tail-call-interp"]
TOML
run_gilmatrix build "$WORK/m.toml" --mirror "$SHARED_MIRROR" --offline --cache "$WORK/cache"
cat "$WORK/out.txt"
assert_eq "$status" 3 "neither build can be made here"
assert_contains "$WORK/out.txt" "2 builds: 0 compiled now, 0 ready, 2 not available"
assert_contains "$WORK/out.txt" "not started: --enable-experimental-jit needs LLVM 19 to build the JIT's stencils, and clang-19"
assert_contains "$WORK/out.txt" "not started: --with-tail-call-interp needs clang 19 or newer as the C compiler"
assert_contains "$WORK/out.txt" "install version 19 from apt.llvm.org"
assert_not_contains "$WORK/out.txt" "./configure --prefix"
echo "ok"
