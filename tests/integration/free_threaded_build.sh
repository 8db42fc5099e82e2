#!/usr/bin/env bash
# On the real 3.13.15t build: Py_GIL_DISABLED=1, the GIL off at start and after
# pure-Python work, on when the cell forces PYTHON_GIL=1; 3.13.15 keeps it on.
source "$(dirname "$0")/lib.sh"
require_shared_mirror

run_gilmatrix run "$SOURCE_DIR/tests/integration/matrices/source_builds.toml" --mirror "$SHARED_MIRROR" --offline \
  --out "$WORK/out"
cat "$WORK/out.txt"
assert_eq "$status" 0 "exit code"
r="$WORK/out/results.json"
ft='.builds[] | select(.name == "3.13.15t")'
assert_eq "$(json "$ft | .probe.version" "$r")" 3.13.15
assert_eq "$(json "$ft | .probe.free_threaded" "$r")" true "Py_GIL_DISABLED"
assert_eq "$(json "$ft | .probe.gil_enabled" "$r")" false "GIL at start"
assert_eq "$(json "$ft | .probe.ext_suffix" "$r")" ".cpython-313t-x86_64-linux-gnu.so"
assert_eq "$(json "$ft | .origin" "$r")" source
assert_eq "$(json '.builds[] | select(.name == "3.13.15") | .probe.gil_enabled' "$r")" true
cells='.cells[] | select(.build == "3.13.15t" and .executor == "threads")'
assert_eq "$(json "[$cells | select(.gil_mode == \"default\") | .gil_enabled_after] | any" "$r")" false "GIL stays off"
assert_eq "$(json "[$cells | select(.gil_mode == \"on\") | .gil_enabled_after] | all" "$r")" true "PYTHON_GIL=1"
assert_eq "$(json '[.cells[] | select(.build == "3.13.15" and .gil_mode == "on")] | length' "$r")" 0 "no GIL modes on GIL builds"
assert_eq "$(json '[.cells[] | select(.executor == "interpreters") | .status] | unique | join(",")' "$r")" ok "subinterpreters"
assert_contains "$WORK/out/report.md" "| 3.13.15t | 3.13.15 | yes | **off** | built from 3.13.15 source | ok |"
echo "ok"
