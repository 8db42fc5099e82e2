#!/usr/bin/env bash
# Read commands (compare, report, merge, trend, validate) given a FIFO or a
# device where a results file or matrix belongs: refused at once (exit 2) with
# what the file is, never blocked in open() nor read until memory runs out; a
# results file beyond the size limit is refused with the limit.
source "$(dirname "$0")/lib.sh"
good="$SOURCE_DIR/tests/data/results_two_builds.json"
mkfifo "$WORK/fifo"

refused() {
  local what=$1
  shift
  set +e
  timeout 20 "$GILMATRIX" "$@" > "$WORK/out.txt" 2>&1
  status=$?
  set -e
  [ "$status" -ne 124 ] || fail "$* blocked on $what"
  assert_eq "$status" 2 "exit code of $*"
  assert_contains "$WORK/out.txt" "$what, not a regular file"
}
refused "is a FIFO" compare "$good" "$WORK/fifo"
refused "is a character device" compare "$good" /dev/zero
refused "is a FIFO" report "$WORK/fifo" --out "$WORK/r"
refused "is a FIFO" merge "$good" "$WORK/fifo" --out "$WORK/m"
refused "is a character device" trend "$good" /dev/zero
refused "is a FIFO" validate "$WORK/fifo"
refused "is a character device" validate /dev/zero

# Larger than any real results file: refused, the limit named, before it is read.
truncate -s 300M "$WORK/huge.json"
run_gilmatrix compare "$good" "$WORK/huge.json"
assert_eq "$status" 2 "a 300 MiB results file"
assert_contains "$WORK/out.txt" "is 300 MiB, more than the 256 MiB gilmatrix reads"
echo "ok"
