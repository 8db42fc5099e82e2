#!/usr/bin/env bash
# Fixture for the thread-safety tests: CPython 3.14.7t configured
# --with-thread-sanitizer (matrices/thread-safety.toml), built from the shared
# mirror into the default cache, where later runs find it (about 12 minutes
# cold on 2 cores). A second `build` compiles nothing; the build keeps its
# source's ThreadSanitizer suppressions beside the install.
source "$(dirname "$0")/lib.sh"
require_shared_mirror
[ -f "$SHARED_MIRROR/cpython/Python-3.14.7.tar.xz" ] || { echo "SKIP: no 3.14.7 in $SHARED_MIRROR"; exit 77; }

build_fixture_twice "$SOURCE_DIR/matrices/thread-safety.toml" 3.14t-tsan "Python 3.14.7 free-threaded"
python=$(grep -o '/[^ ]*3.14.7t-tsan-[0-9a-f]*/install/bin/python3' "$WORK/out.txt" | head -1)
[ -x "$python" ] || fail "no sanitised interpreter found in the output"
"$python" -c 'import sysconfig; assert "-fsanitize=thread" in sysconfig.get_config_var("CONFIGURE_LDFLAGS")' \
  || fail "the build's sysconfig does not carry -fsanitize=thread to extensions"
[ -f "$(dirname "$(dirname "$(dirname "$python")")")/tsan/suppressions_free_threading.txt" ] \
  || fail "the build's ThreadSanitizer suppressions were not kept"
echo "ok"
