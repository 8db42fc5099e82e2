#!/usr/bin/env bash
# Hostile matrices are refused at load time with FILE:LINE:COL, by validate
# and by run alike, before anything runs: pip options as requirements, names
# that would escape reports/, control characters, absurd worker and repeat
# counts, a workload file that is not a workload. Escape bytes printed by a
# workload reach neither the terminal nor report.md raw.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
mkdir -p "$WORK/cwd" && cd "$WORK/cwd"

header='schema = 1
[[build]]
name = "3.13.0"
interpreter = "3.13.0"'

# $1: the case's name; $2: the TOML after the header (or, with $5 = top, after
# its first line); $3: LINE:COL; $4: the message.
refused() {
  if [ "${5:-}" = top ]; then
    printf 'schema = 1\n%s\n%s\n' "$2" "$(echo "$header" | sed 1d)" > "$WORK/$1.toml"
  else
    printf '%s\n%s\n' "$header" "$2" > "$WORK/$1.toml"
  fi
  for command in validate run; do
    run_gilmatrix $command "$WORK/$1.toml"
    assert_eq "$status" 2 "$1: $command exit code"
    assert_contains "$WORK/out.txt" "gilmatrix: error: $WORK/$1.toml:$3: $4"
  done
}

refused log-option '[[packages]]
name = "p"
requirements = ["--log='"$WORK"'/pip.log"]' 7:17 "requirement \"--log=$WORK/pip.log\": a pip option, not a requirement"
refused read-option '[[packages]]
name = "p"
requirements = ["pyrsistent==0.20.0", "-r/etc/passwd"]' 7:39 'requirement "-r/etc/passwd": a pip option'
refused index-option '[[packages]]
name = "p"
requirements = ["--index-url=https://evil.invalid/simple"]' 7:17 "requirement \"--index-url=https://evil.invalid/simple\": a pip option, not a requirement: options cannot be passed through \`requirements\`; use the package set's \`index-url\` and \`find-links\` keys"
refused inline-option '[[packages]]
name = "p"
requirements = ["pyrsistent==0.20.0 --hash=sha256:00"]' 7:17 'requirement "pyrsistent==0.20.0 --hash=sha256:00": expected the end of the requirement'
[ ! -e "$WORK/pip.log" ] || fail "pip ran with an option from the requirements"

refused parent-name 'name = "../../escaped"' 2:8 'name "../../escaped" must be 1 to 64 letters, digits and . _ + -, starting with a letter or digit (it is used in file names)' top
refused absolute-name 'name = "/tmp/escaped"' 2:8 'name "/tmp/escaped" must be 1 to 64 letters' top
refused escape-in-name '[[workload]]
name = "w\u001b[2J"
file = "'"$TEST_WORKLOADS"'/tiny_cpu.py"' 6:8 '`name` contains the control character 0x1b; remove it'
refused many-workers '[defaults]
workers = [65536]' 6:12 '`workers` entries must be integers from 1 to 4096 or "all", found 65536'
refused many-repeats '[defaults]
repeats = 1000000000' 6:11 '`repeats` must be a number of samples from 1 to 1000 or "auto", found 1000000000'
refused not-a-workload '[[workload]]
name = "w"
file = "/etc/passwd"' 7:8 '/etc/passwd is not a workload: it defines no top-level `def work(state):`'
[ ! -e "$WORK/escaped" ] && [ ! -e /tmp/escaped ] || fail "a hostile name made a directory"
[ ! -e "$WORK/cwd/reports" ] || fail "a refused run wrote reports/"

# A workload that prints terminal escapes and fails with them in its error.
cat > "$WORK/esc.py" <<'PY'
import sys
ITERATIONS = 1
def work(state):
    sys.stderr.write("\x1b]0;retitled\x07\x1b[2J")
    raise RuntimeError("boom \x1b[31mred\x1b[0m")
PY
printf '%s\n%s\n' "$header" '[defaults]
workers = [1]
repeats = 1
[[workload]]
name = "esc"
file = "'"$WORK"'/esc.py"' > "$WORK/esc.toml"
run_gilmatrix run "$WORK/esc.toml"
assert_eq "$status" 1 "a failing cell is a finding"
report=$(ls "$WORK"/cwd/reports/esc-*/report.md)
assert_contains "$report" 'RuntimeError: boom \x1b[31mred\x1b[0m'
assert_contains "$WORK/out.txt" 'boom \x1b[31mred\x1b[0m'
! grep -q $'\x1b' "$report" "$WORK/out.txt" || fail "a raw ESC byte reached the report or the terminal"
grep -q $'\x1b' "$(dirname "$report")"/logs/3.13.0/esc/threads-default-x1.log || fail "the cell log keeps the bytes as printed"
echo "ok"
