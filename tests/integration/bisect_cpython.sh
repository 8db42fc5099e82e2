#!/usr/bin/env bash
# `bisect MATRIX --build NAME --when speedup` over CPython's own history. The
# repository is made here from the 3.13.15 tarball (the same first commit as
# git_source_build, so its build comes from the cache): a commit that only
# changes a comment, one that does not compile and the one that fixes it, the
# commit that makes zlib.compress hold the GIL while it compresses, and one
# more comment. zlib-compress on 2 threads scales on the good end and not on
# the bad one; the bisect names the zlib commit with both ends and every
# midpoint measured with intervals (each midpoint beside both ends, in the
# same rounds), skips the commit that does not build, and never blames a
# comment.
source "$(dirname "$0")/lib.sh"
require_shared_mirror

source "$(dirname "$0")/cpython_history.sh"
repo="$WORK/cpython"
history=$(make_zlib_history "$repo" "$SHARED_MIRROR" "2025-01-01T00:00:00Z") || fail "could not make the history"
read -r good culprit <<< "$history"

cat > "$WORK/m.toml" <<TOML
schema = 1
[defaults]
workers = [1, 2]
repeats = 6
sample-time = "200ms"
[[build]]
name = "git-3.13"
git = { url = "$repo", ref = "main" }
[[workload]]
name = "zlib-compress"
file = "$SOURCE_DIR/workloads/zlib_compress.py"
executors = ["threads"]
TOML

run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main --workers 2 --when speedup \
  --offline --out "$WORK/bisect" --format json
sed -n '1,/^{/p' "$WORK/out.txt" | grep "^bisect" || true
result=$(sed -n '/^{/,$p' "$WORK/out.txt")
assert_eq "$status" 0 "exit code when the commit is found"
assert_eq "$(jq -r .answer.kind <<< "$result")" found
assert_eq "$(jq -r .answer.first_bad <<< "$result")" "$culprit" "the zlib commit"
assert_eq "$(jq -r .cell <<< "$result")" "git-3.13/zlib-compress/threads/default/x2" "the cell followed"
assert_eq "$(jq -r '.range | length' <<< "$result")" 6
# Both ends measured with intervals: the good end scales, the bad one does not.
assert_eq "$(jq -r '.tested[0].interval.low > 1.3' <<< "$result")" true "the good end scales"
assert_eq "$(jq -r '.tested[1].interval.high < 1.2' <<< "$result")" true "the bad end does not"
jq -e '[.tested[] | select(.verdict == "good" or .verdict == "bad") | .interval != null] | all' <<< "$result" \
  > /dev/null || fail "a decided commit without an interval"
# The commit that does not compile is skipped with the build's reason, never bad.
broken=$(git -C "$repo" rev-parse main~3)
assert_eq "$(jq -r --arg c "$broken" '[.tested[] | select(.commit == $c)][0].verdict' <<< "$result")" skipped \
  "the broken commit"
assert_eq "$(jq -r --arg c "$broken" '[.tested[] | select(.commit == $c)][0].result' <<< "$result")" "does not build"
for c in $(git -C "$repo" rev-list "$good"..main~2); do
  jq -e --arg c "$c" '[.tested[] | select(.commit == $c and .verdict == "bad")] | length == 0' <<< "$result" \
    > /dev/null || fail "$c, before the culprit, was blamed"
done
# Each tested commit has its run folder with its report; a step says what it cost.
jq -r '.tested[] | select(.result != "does not build") | .run_dir' <<< "$result" | while read -r dir; do
  [ -f "$dir/report.md" ] || fail "no report in $dir"
done
grep -Eq "\((built in [0-9]+s|build from the cache), 1 measurement in [0-9]+s\)" "$WORK/out.txt" \
  || fail "a step does not say what it cost"
jq -e '[.tested[2:][] | select(.verdict == "good" or .verdict == "bad") | .detail | startswith("ends beside it: ")]
  | all' <<< "$result" > /dev/null || fail "a midpoint not measured beside the ends"
# The broken commit's failure is recorded in the cache (a bisect that meets it again does not build it: --resume below).
cache_root=${GILMATRIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gilmatrix}
ls "$cache_root"/failed/git-"${broken:0:12}"-*.json > /dev/null 2>&1 || fail "no record of the broken commit's failure"
# The answer beside the runs, with the value along the history.
for f in bisect.json bisect.md bisect.svg; do [ -s "$WORK/bisect/$f" ] || fail "no $f"; done
assert_contains "$WORK/bisect/bisect.md" "![speedup along the history](bisect.svg)"
assert_eq "$(jq -r .answer.first_bad "$WORK/bisect/bisect.json")" "$culprit" "bisect.json"
assert_eq "$(jq -r '.reproduce | test("--good [0-9a-f]{12} --bad '"${culprit:0:12}"'$")' <<< "$result")" true \
  "the reproduce command names the two adjacent commits"

# --resume: bisect.json is written after every step; without its midpoints
# (the broken commit first), only they are tested again, the broken one not
# built again, and the answer is the same.
assert_eq "$(jq -r '.tested[2].commit' "$WORK/bisect/bisect.json")" "$broken" "the first midpoint"
jq 'del(.tested[2:])' "$WORK/bisect/bisect.json" > "$WORK/journal.json"
mv "$WORK/journal.json" "$WORK/bisect/bisect.json"
run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main --workers 2 --when speedup \
  --offline --out "$WORK/bisect" --resume --format json
[ "$status" = 0 ] || tail -5 "$WORK/out.txt"
assert_eq "$status" 0 "resumed"
assert_contains "$WORK/out.txt" "commits already tested"
assert_eq "$(count_lines "$WORK/out.txt" "bisect: testing")" 3 "only the steps the journal lacked"
assert_contains "$WORK/out.txt" "build git-${broken:0:12}: failed in make at"
assert_contains "$WORK/out.txt" "its build failed before: not built again"
assert_eq "$(sed -n '/^{/,$p' "$WORK/out.txt" | jq -r .answer.first_bad)" "$culprit" "the same answer"
run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main~1 --workers 2 --offline \
  --out "$WORK/bisect" --resume
assert_eq "$status" 2 "another bisect's journal"
assert_contains "$WORK/out.txt" "give another --out"

# The ends alike (a comment between them): nothing to bisect, said after both ends.
run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main~4 --workers 2 --offline \
  --out "$WORK/alike"
assert_eq "$status" 1 "ends alike"
assert_contains "$WORK/out.txt" "the ends do not differ beyond their intervals"
# By the module verdicts: no package set, so both ends give the same (no cell is measured).
run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main --when verdict --offline \
  --out "$WORK/verdict"
assert_eq "$status" 1 "verdicts alike"
assert_contains "$WORK/out.txt" "both ends give the same result (no extension module)"
# Usage errors before anything is built.
run_gilmatrix bisect "$WORK/m.toml" --good "$good" --bad main --offline
assert_eq "$status" 2 "no --build"
assert_contains "$WORK/out.txt" "needs --build NAME"
run_gilmatrix bisect "$WORK/m.toml" --build git-3.13 --good "$good" --bad main --workers 1 --offline
assert_eq "$status" 2 "speedup of one worker"
echo "ok"
