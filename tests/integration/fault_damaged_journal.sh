#!/usr/bin/env bash
# --resume trusts nothing: the command printed after an early Ctrl-C works as
# printed; damaged and cut journal lines are reported with their line numbers
# and their cells measured again, and a cut last line does not swallow the
# next record; a journal of other inputs (repeats or a workload file changed)
# is refused unless --force.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
cp "$TEST_WORKLOADS/tiny_cpu.py" "$TEST_WORKLOADS/slow_sleep.py" "$WORK/"
one_sample_matrix "$WORK/m.toml" 3s <<TOML
[[workload]]
name = "slow"
file = "slow_sleep.py"
[[workload]]
name = "tiny-cpu"
file = "tiny_cpu.py"
executors = ["threads", "processes"]
TOML
j="$WORK/out/cells.jsonl"

# Ctrl-C before any cell has finished; then the printed command, run as printed.
cd "$WORK"
"$GILMATRIX" run m.toml --out out > "$WORK/first.txt" 2>&1 & pid=$!
wait_until 20 pgrep -f "runner.py.*$WORK/out"
kill -INT $pid
set +e; wait $pid; status=$?; set -e
cat "$WORK/first.txt"
assert_eq "$status" 130 "interrupted"
command=$(sed -n 's/^continue with: //p' "$WORK/first.txt")
[ -n "$command" ] || fail "no --resume command printed"
set +e; bash -c "$command" > "$WORK/out.txt" 2>&1; status=$?; set -e
cat "$WORK/out.txt"
assert_eq "$status" 1 "the printed command finishes the run (the slow cell times out: a finding)"
assert_eq "$(json '[.cells[] | select(.status == "not run")] | length' "$WORK/out/results.json")" 0 "all cells measured"
cells=($(grep -n '"status":' "$j" | cut -d: -f1))  # the journal also holds its header and workload records
assert_eq "${#cells[@]}" 3 "three cells journaled"
assert_eq "${cells[2]}" "$(wc -l < "$j")" "the last line is a cell"

# Damage: garbage in the first cell's line, a record of the wrong shape in the second, the last line cut short.
sed -i "${cells[0]}s/.*/{this is not json/" "$j"
sed -i "${cells[1]}s/\"status\":\"[a-z]*\"/\"status\":42/" "$j"
last=$(tail -1 "$j")
sed -i '$d' "$j" && printf '%s' "${last:0:40}" >> "$j"
run_gilmatrix run m.toml --out out --resume
cat "$WORK/out.txt"
assert_contains "$WORK/out.txt" "gilmatrix: warning: cells.jsonl:${cells[0]}: not valid JSON; that cell is measured again"
assert_contains "$WORK/out.txt" "gilmatrix: warning: cells.jsonl:${cells[1]}: not a cell record"
assert_contains "$WORK/out.txt" "gilmatrix: warning: cells.jsonl:${cells[2]}: the last line was cut short (the run was killed while writing it); that cell is measured again"
assert_contains "$WORK/out.txt" "resuming: 0 cells already measured"
while IFS= read -r line; do echo "$line" | jq -e . > /dev/null || fail "journal line not whole: $line"; done < "$j"
assert_eq "$(grep -c '"status":' "$j")" 3 "three cells measured again, none lost"

# Other inputs: repeats changed, then a workload file changed.
sed -i 's/^repeats = 1$/repeats = 2/' m.toml
run_gilmatrix run m.toml --out out --resume
assert_eq "$status" 2 "resume of a journal written for other inputs"
assert_contains "$WORK/out.txt" "--resume: $j was written for other inputs: the matrix file or a workload file has changed since; its 3 cells would be mixed with cells measured differently. Start a new run with another --out, or add --force to keep them anyway"
sed -i 's/^repeats = 2$/repeats = 1/' m.toml
echo "# edited" >> tiny_cpu.py
run_gilmatrix run m.toml --out out --resume
assert_eq "$status" 2 "a workload file changed"
run_gilmatrix run m.toml --out out --resume --force
cat "$WORK/out.txt"
assert_eq "$status" 1 "--force keeps the cells"
assert_contains "$WORK/out.txt" "gilmatrix: warning: --force: keeping the 3 cells of $j"
assert_contains "$WORK/out.txt" "resuming: 3 cells already measured"
run_gilmatrix run m.toml --out out --resume
assert_eq "$status" 1 "after --force the journal names the new inputs"
echo "ok"
