#!/usr/bin/env bash
# The committed example report (reports/example, see reports/README.md): the
# README links it, its charts are relative links to SVGs beside it that parse,
# and rendering its results.json again gives the committed report.md and
# charts exactly, so a change of format comes with the example rendered again.
# Skipped (77) while no example is committed.
source "$(dirname "$0")/lib.sh"
example="$SOURCE_DIR/reports/example"
assert_contains "$SOURCE_DIR/README.md" "(reports/example/report.md)"
[ -f "$example/results.json" ] || { echo "SKIP: no committed example in $example"; exit 77; }
[ -f "$example/report.md" ] || fail "reports/example has results.json but no report.md"
check_outputs links "$example/report.md" > "$WORK/links.txt"
assert_contains "$WORK/links.txt" "speedup-"

run_gilmatrix report "$example" --out "$WORK/again"
assert_eq "$status" 0 "report exit code"
diff -u "$example/report.md" "$WORK/again/report.md" > "$WORK/diff.txt" \
  || { head -40 "$WORK/diff.txt" >&2; fail "report.md differs from a fresh rendering: run gilmatrix report reports/example --out reports/example"; }
for svg in "$WORK/again"/*.svg; do
  cmp -s "$svg" "$example/$(basename "$svg")" || fail "$(basename "$svg") differs from a fresh rendering (or is not committed)"
done
for svg in "$example"/*.svg; do
  [ -f "$WORK/again/$(basename "$svg")" ] || fail "$(basename "$svg") is committed but no longer rendered"
done
echo "ok"
