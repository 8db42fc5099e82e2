#!/usr/bin/env bash
# --out DIR names a folder that may hold someone's work (issue 22: `run
# --out proj` deleted proj/work and overwrote proj/report.md). gilmatrix
# writes only into a new or empty folder, or one it wrote (its
# .gilmatrix-output lists what it wrote), unless --force; it removes only
# what it made. run, report, merge and trend alike; --resume and a rerun into
# gilmatrix's own folder keep working.
source "$(dirname "$0")/lib.sh"
require_pyenv_interpreters
cd "$WORK"

{ quick_matrix_header
  printf '[[build]]\nname = "3.13.0"\ninterpreter = "3.13.0"\n'
  tiny_cpu_workload '["threads"]'; } > m.toml

mkdir -p proj/work
echo x > proj/work/thesis.txt
echo "my notes" > proj/report.md
echo "<svg/>" > proj/speedup-tiny-cpu-threads.svg
proj_untouched() {
  assert_eq "$(cat proj/work/thesis.txt)" "x" "proj/work/thesis.txt"
  assert_eq "$(cat proj/report.md)" "my notes" "proj/report.md"
  assert_eq "$(cat proj/speedup-tiny-cpu-threads.svg)" "<svg/>" "proj's chart"
}

run_gilmatrix run m.toml --out proj
cat out.txt
proj_untouched
assert_eq "$status" 2 "run --out into a folder gilmatrix did not make"
assert_contains out.txt "gilmatrix: error: --out $WORK/proj is not empty and gilmatrix did not make it (it has no .gilmatrix-output); gilmatrix would replace files there of the names it writes (results.json, report.md, charts). Choose a new or empty folder, or pass --force to write into it anyway (files gilmatrix did not write are never removed)"
[ ! -e proj/cells.jsonl ] && [ ! -e proj/.gilmatrix-output ] || fail "a refused run wrote into proj"

# A new folder: gilmatrix's, its scratch folder gone at the end, the marker listing what it wrote.
run_gilmatrix run m.toml --out run
assert_eq "$status" 0 "run into a new folder"
[ ! -e run/work ] || fail "the run left its scratch folder"
for name in cells.jsonl results.json report.md speedup-tiny-cpu-threads.svg logs; do
  grep -qxF "$name" run/.gilmatrix-output || { cat run/.gilmatrix-output; fail "the marker does not list $name"; }
done
! grep -qxF work run/.gilmatrix-output || fail "the marker still lists the removed work/"

# --resume into it keeps working, and so does rendering it again into itself.
run_gilmatrix run m.toml --out run --resume
assert_eq "$status" 0 "--resume into gilmatrix's own folder"
echo "mine" > run/notes.txt
run_gilmatrix report run --out run
assert_eq "$status" 0 "report run --out run"
assert_eq "$(cat run/notes.txt)" "mine" "a file of the user's in a run folder"
# A run folder an older gilmatrix wrote (no marker) is still the results' own folder, and --resume goes on in it.
cp -r run legacy && rm legacy/.gilmatrix-output
run_gilmatrix report legacy --out legacy
assert_eq "$status" 0 "report legacy --out legacy"
rm legacy/.gilmatrix-output
run_gilmatrix run m.toml --out legacy --resume
assert_eq "$status" 0 "--resume into a run folder without the marker"

# report, merge and trend refuse proj as run does, and write nothing there.
run_gilmatrix report run --out proj
assert_eq "$status" 2 "report --out proj"
assert_contains out.txt "gilmatrix: error: --out proj is not empty and gilmatrix did not make it"
run_gilmatrix report run --format junit --out proj
assert_eq "$status" 2 "report --format junit --out proj"
run_gilmatrix trend run --out proj
assert_eq "$status" 2 "trend --out proj"
assert_contains out.txt "gilmatrix: error: --out proj is not empty and gilmatrix did not make it"
run_gilmatrix merge run --out proj
assert_eq "$status" 2 "merge --out proj"
proj_untouched
[ ! -e proj/.gilmatrix-output ] && [ ! -e proj/junit.xml ] && [ ! -e proj/trend.md ] || fail "a refused command wrote into proj"

# --force writes into it: files of gilmatrix's names are replaced, nothing else goes.
run_gilmatrix run m.toml --out proj --force
cat out.txt
assert_eq "$status" 0 "run --out proj --force"
assert_eq "$(cat proj/work/thesis.txt)" "x" "proj/work/thesis.txt after --force"
! grep -qxF work proj/.gilmatrix-output || fail "the marker claims proj/work"
assert_contains proj/report.md "tiny-cpu"
# Now gilmatrix's folder: rendering into it needs no --force, and proj/work still stays.
run_gilmatrix report run --out proj
assert_eq "$status" 0 "report into a folder gilmatrix wrote"
run_gilmatrix trend run --out proj/trend
assert_eq "$status" 0 "trend into a new folder"
run_gilmatrix trend run --out proj/trend
assert_eq "$status" 0 "trend into its own earlier folder"
assert_eq "$(cat proj/work/thesis.txt)" "x" "proj/work/thesis.txt at the end"
echo "ok"
