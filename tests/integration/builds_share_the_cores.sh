#!/usr/bin/env bash
# Two builds of one matrix are compiled at the same time, not one after the
# other (their single-threaded steps would leave cores idle). The fake
# CPython's make waits until both builds' makes have started: built one after
# the other, the first would give up after 60 s and fail the build.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
make_fake_mirror "$WORK/mirror" 0

# Repack the fake source with a make that meets the other build's make.
tree="$WORK/fake-src/Python-3.99.0"
mkdir -p "$WORK/rendezvous"
echo "$WORK/rendezvous" > "$tree/rendezvous"
cat > "$tree/Makefile.in" <<'MAKE'
prefix = @prefix@

all:
	touch "$$(cat rendezvous)/$$$$"
	for i in $$(seq 600); do [ $$(ls "$$(cat rendezvous)" | wc -l) -ge 2 ] && break; sleep 0.1; done; \
	  [ $$(ls "$$(cat rendezvous)" | wc -l) -ge 2 ] || { echo "the other build never started"; exit 1; }
	sed -e "s|@real@|$$(cat real-python)|" -e "s|@claimed@|$$(cat claimed-version 2>/dev/null)|" python3.in > python3
	chmod +x python3

install:
	mkdir -p $(DESTDIR)$(prefix)/bin
	cp python3 $(DESTDIR)$(prefix)/bin/python3
MAKE
tar -C "$WORK/fake-src" -cJf "$WORK/mirror/cpython/Python-3.99.0.tar.xz" Python-3.99.0

cat > "$WORK/m.toml" <<TOML
schema = 1
[[build]]
name = "fake"
version = "3.99.0"
[[build]]
name = "fake-debug"
version = "3.99.0"
configure = ["--with-pydebug"]
TOML
run_gilmatrix build "$WORK/m.toml" --cache "$WORK/cache" --mirror "$WORK/mirror" --offline
cat "$WORK/out.txt"
assert_eq "$status" 0 "both builds"
assert_contains "$WORK/out.txt" "2 builds: 2 compiled now, 2 ready, 0 not available"
assert_eq "$(ls "$WORK/rendezvous" | wc -l)" 2 "two makes met"
echo "ok"
